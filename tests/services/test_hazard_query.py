"""The hazard list queries: filters, literal text search, every sort order, overdue, query plans.

Expectations are computed in Python from the raw rows (read with a plain driver connection), not with the
code under test. One database per engine (a SQLite file, a PostgreSQL database), built once for the module
through the real services, is only read by these tests; the query-plan tests read SQLite's plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.hazard_loop import HazardAction, HazardStatus
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.sql import all_dicts
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.queries import hazard_query as q
from safetywatch.services.queries.hazard_query import HazardFilter
from tests.helpers import Refs, card, refs, seeded_ledger, seeded_server_ledger
from tests.pg.raw_access import raw_connection

pytestmark = pytest.mark.pg

TODAY = dt.date(2026, 6, 10)
A = HazardAction

#: Descriptions with the characters a LIKE pattern or a careless query would misread.
SPECIAL = ("瓦斯浓度0.8%超限", "风筒_破损", r"C:\监控\分站", "'; DROP TABLE hazard;--")


@dataclass
class Dataset:
    ledger: Ledger
    refs: Refs
    second_ws: int
    rows: list[dict[str, Any]]  # raw hazard rows
    names: dict[str, dict[int, str]]  # table -> id -> display value used by the list


@pytest.fixture(scope="module", params=["sqlite", "pg"])
def data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dataset]:
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    if request.param == "pg":
        ledger = seeded_server_ledger(request.getfixturevalue("postgres"), clock)
    else:
        ledger = seeded_ledger(tmp_path_factory.mktemp("query") / "ledger.db", clock)
    r = refs(ledger)
    ws2 = reference.save(ledger, "workstation", {"code": "JK02", "name": "副井口", "mine_id": str(r.mine)})["id"]
    levels, cats, sources = ["A", "B", "C"], ["DB", "WS", "JD", "TF"], ["QJY", "XFD", "ZGDB"]
    for i in range(30):
        level = levels[i % 3]
        major = level != "C"
        extra: dict[str, Any] = {}
        if i % 7 == 0:
            extra.update(finder_id=None, finder_name="外来人员")
        elif i % 2:
            extra["finder_id"] = r.inspectors["Q002"]
        data = card(
            r,
            workstation_id=ws2 if i % 5 == 0 else r.workstation,
            unit_id=r.unit1 if i % 2 else r.unit2,
            level_id=r.levels[level],
            category_id=r.categories[cats[i % 4]],
            source_id=r.sources[sources[i % 3]],
            shift_id=r.shifts[str(i % 3 + 1)],
            found_date=dt.date(2026, 4, 20) + dt.timedelta(days=(i * 7) % 23),  # repeats: ties by id
            location=f"{1200 + i % 6}工作面",
            description=SPECIAL[i // 3] if i % 3 == 0 and i // 3 < len(SPECIAL) else f"隐患描述{i % 9}",
            rectify_person=f"整改人{i % 4}" if major else "",
            measures="措施" if major else "",
            fixed_on_site=i % 11 == 10,
            **extra,
        )
        hazard = hazards.register(ledger, data)
        hid, found = hazard["id"], dt.date.fromisoformat(hazard["found_date"])
        if i % 11 == 10:
            continue
        if i % 4 == 1:
            hazards.act(ledger, hid, StepInput(A.ISSUE_NOTICE, found))
        if i % 8 == 5:
            hazards.act(ledger, hid, StepInput(A.START_RECTIFICATION, found))
            hazards.act(ledger, hid, StepInput(A.REPORT_DONE, found))
            hazards.act(ledger, hid, StepInput(A.ACCEPT, found, person="验收员"))
        if i % 16 == 1:
            hazards.act(ledger, hid, StepInput(A.START_RECTIFICATION, found, person=f"整改人{i % 4}"))
        if i == 17:
            hazards.act(ledger, hid, StepInput(A.REPORT_DONE, found))
        if i % 6 == 2:
            hazards.act(ledger, hid, StepInput(A.ESCALATE, found, person="矿", note="督办", escalation_level="矿级"))
        if i == 12:
            hazards.act(ledger, hid, StepInput(A.VOID, found, note="误报"))
    ledger.engine.dispose()
    with raw_connection(ledger) as conn:
        rows = all_dicts(conn, "SELECT * FROM hazard ORDER BY id")
        names = {
            "shift": {row[0]: row[1] for row in conn.execute("SELECT id, name FROM shift")},
            "org_unit": {row[0]: row[1] for row in conn.execute("SELECT id, name FROM org_unit")},
            "lookup_item": {row[0]: row[1] for row in conn.execute("SELECT id, name FROM lookup_item")},
            "level": {row[0]: row[1] for row in conn.execute("SELECT id, code FROM hazard_level")},
        }
    yield Dataset(ledger, r, ws2, rows, names)
    ledger.engine.dispose()


def _ids(data: Dataset, flt: HazardFilter, key: str = "found_date", desc: bool = True) -> list[int]:
    with data.ledger.read() as conn:
        return list(q.query_ids(conn, flt, key, desc, today=TODAY))


def _expected(data: Dataset, keep: Callable[[dict[str, Any]], bool]) -> list[int]:
    """Matching ids in the default order (found date, newest first; ties: higher id first)."""
    rows = [h for h in data.rows if keep(h)]
    rows.sort(key=lambda h: (h["found_date"], h["id"]), reverse=True)
    return [h["id"] for h in rows]


def test_dataset_is_varied(data: Dataset) -> None:
    """Guards the fixture: every status, NULLs and ties exist, so the tests below can fail."""
    assert len(data.rows) == 30
    assert {h["status"] for h in data.rows} == set(HazardStatus)
    assert any(h["rectify_person"] is None for h in data.rows)
    assert any(h["escalation_level"] is None for h in data.rows) and any(h["escalation_level"] for h in data.rows)
    assert len({h["found_date"] for h in data.rows}) < 30


def test_no_filter_lists_everything_newest_first(data: Dataset) -> None:
    assert _ids(data, HazardFilter()) == _expected(data, lambda h: True)


# --- filters ------------------------------------------------------------------------------------------


def _single_filters(data: Dataset) -> list[tuple[str, HazardFilter, Callable[[dict[str, Any]], bool]]]:
    r = data.refs
    open_states = {s.value for s in HazardStatus if s.is_open}
    return [
        ("status", HazardFilter(statuses=frozenset({"registered"})), lambda h: h["status"] == "registered"),
        (
            "statuses",
            HazardFilter(statuses=frozenset({"closed", "voided", "accepted"})),
            lambda h: h["status"] in {"closed", "voided", "accepted"},
        ),
        ("unit", HazardFilter(unit_id=r.unit1), lambda h: h["unit_id"] == r.unit1),
        ("level", HazardFilter(level_id=r.levels["B"]), lambda h: h["level_id"] == r.levels["B"]),
        (
            "category",
            HazardFilter(category_id=r.categories["WS"]),
            lambda h: h["category_id"] == r.categories["WS"],
        ),
        ("source", HazardFilter(source_id=r.sources["XFD"]), lambda h: h["source_id"] == r.sources["XFD"]),
        (
            "workstation",
            HazardFilter(workstation_id=data.second_ws),
            lambda h: h["workstation_id"] == data.second_ws,
        ),
        ("from", HazardFilter(date_from=dt.date(2026, 5, 1)), lambda h: h["found_date"] >= "2026-05-01"),
        ("to", HazardFilter(date_to=dt.date(2026, 5, 1)), lambda h: h["found_date"] <= "2026-05-01"),
        (
            "overdue",
            HazardFilter(overdue_only=True),
            lambda h: h["deadline"] < TODAY.isoformat() and h["status"] in open_states,
        ),
        ("text", HazardFilter(text="隐患描述3"), lambda h: "隐患描述3" in h["description"]),
        ("text-finder", HazardFilter(text=" 外来 "), lambda h: "外来" in h["finder_name"]),
        ("text-number", HazardFilter(text="JK02-"), lambda h: h["number"].startswith("JK02-")),
        ("text-rectifier", HazardFilter(text="整改人2"), lambda h: h["rectify_person"] == "整改人2"),
    ]


def test_each_filter(data: Dataset) -> None:
    for name, flt, keep in _single_filters(data):
        expected = _expected(data, keep)
        assert expected, f"filter {name} selects nothing: the test would prove little"
        assert len(expected) < len(data.rows), name
        assert _ids(data, flt) == expected, name
        with data.ledger.read() as conn:
            assert q.count(conn, flt, TODAY) == len(expected), name


def test_filters_combine_with_and(data: Dataset) -> None:
    r = data.refs
    flt = HazardFilter(
        statuses=frozenset({"registered", "notice_issued"}),
        unit_id=r.unit2,
        date_from=dt.date(2026, 4, 25),
        date_to=dt.date(2026, 5, 31),
        overdue_only=True,
    )
    expected = _expected(
        data,
        lambda h: (
            h["status"] in {"registered", "notice_issued"}
            and h["unit_id"] == r.unit2
            and "2026-04-25" <= h["found_date"] <= "2026-05-31"
            and h["deadline"] < "2026-06-10"
        ),
    )
    assert expected
    assert _ids(data, flt) == expected
    nothing = HazardFilter(unit_id=r.unit1, text="外来", level_id=r.levels["A"], category_id=r.categories["TF"])
    assert _ids(data, nothing) == _expected(
        data,
        lambda h: (
            h["unit_id"] == r.unit1
            and "外来" in h["finder_name"]
            and h["level_id"] == r.levels["A"]
            and h["category_id"] == r.categories["TF"]
        ),
    )


@pytest.mark.parametrize("needle", ["%", "_", "\\", "0.8%", "'; DROP TABLE hazard;--", "DROP", "'"])
def test_text_search_is_literal(data: Dataset, needle: str) -> None:
    def keep(h: dict[str, Any]) -> bool:
        fields = (h["description"], h["location"], h["number"], h["rectify_person"] or "", h["finder_name"])
        return any(needle in f for f in fields)

    expected = _expected(data, keep)
    assert 1 <= len(expected) <= 2, needle  # only the one special description (or two sharing a char)
    assert _ids(data, HazardFilter(text=needle)) == expected
    with raw_connection(data.ledger) as conn:
        assert conn.execute("SELECT count(*) FROM hazard").fetchone()[0] == 30
        if data.ledger.server is None:
            assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]


def test_text_search_without_match(data: Dataset) -> None:
    assert _ids(data, HazardFilter(text="%%不存在%%")) == []
    assert _ids(data, HazardFilter(text="   ")) == _expected(data, lambda h: True)  # blank: no filter


# --- sorting ------------------------------------------------------------------------------------------


def _sort_values(data: Dataset) -> dict[str, Callable[[dict[str, Any]], Any]]:
    n = data.names
    return {
        "number": lambda h: h["number"],
        "found_date": lambda h: h["found_date"],
        "shift": lambda h: n["shift"][h["shift_id"]],
        "unit": lambda h: n["org_unit"][h["unit_id"]],
        "location": lambda h: h["location"],
        "description": lambda h: h["description"],
        "category": lambda h: n["lookup_item"][h["category_id"]],
        "level": lambda h: n["level"][h["level_id"]],
        "status": lambda h: h["status"],
        "deadline": lambda h: h["deadline"],
        "rectify_person": lambda h: h["rectify_person"],
        "source": lambda h: n["lookup_item"][h["source_id"]],
        "finder": lambda h: h["finder_name"],
        "escalation": lambda h: h["escalation_level"],
    }


def test_every_column_is_sortable_both_ways(data: Dataset) -> None:
    values = _sort_values(data)
    assert set(values) == set(q.COLUMN_KEYS)
    for key, value in values.items():

        def sort_key(h: dict[str, Any], value: Callable[[dict[str, Any]], Any] = value) -> tuple[Any, ...]:
            v = value(h)
            # SQLite: NULL sorts first ascending; text compares by code point (BINARY collation on UTF-8)
            return (v is not None, v if v is not None else "", h["id"])

        ascending = [h["id"] for h in sorted(data.rows, key=sort_key)]
        assert len({value(h) for h in data.rows}) > 1, key
        assert _ids(data, HazardFilter(), key, desc=False) == ascending, key
        assert _ids(data, HazardFilter(), key, desc=True) == ascending[::-1], key


def test_unknown_sort_key_is_refused(data: Dataset) -> None:
    with pytest.raises(ValueError, match="unknown sort column"):
        _ids(data, HazardFilter(), "h.id; DROP TABLE hazard")


@pytest.mark.parametrize(
    ("key", "desc"), [("found_date", True), ("deadline", False), ("unit", True), ("status", False)]
)
def test_first_page_is_a_prefix_of_the_full_list(data: Dataset, key: str, desc: bool) -> None:
    full = _ids(data, HazardFilter(), key, desc)
    with data.ledger.read() as conn:
        for limit in (0, 1, 7, 30, 100):
            assert list(q.query_ids(conn, HazardFilter(), key, desc, today=TODAY, limit=limit)) == full[:limit]


def test_fetch_rows_gives_display_values(data: Dataset) -> None:
    ids = _ids(data, HazardFilter())
    with data.ledger.read() as conn:
        rows = q.fetch_rows(conn, ids)
        assert q.fetch_rows(conn, []) == {}
    assert set(rows) == set(ids)
    values = _sort_values(data)
    for h in data.rows:
        shown = rows[h["id"]]
        assert shown[:-1] == tuple(values[key](h) for key in q.COLUMN_KEYS)
        assert shown[-1] == h["voided"]


# --- overdue ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("today", [dt.date(2026, 4, 1), dt.date(2026, 5, 15), TODAY, dt.date(2027, 1, 1)])
def test_overdue_count_with_a_fixed_clock(data: Dataset, today: dt.date) -> None:
    open_states = {s.value for s in HazardStatus if s.is_open}
    expected = sum(1 for h in data.rows if h["status"] in open_states and h["deadline"] < today.isoformat())
    with data.ledger.read() as conn:
        assert q.overdue_count(conn, today) == expected
    if today == TODAY:
        assert 0 < expected < len(data.rows)


def test_hazard_due_today_is_not_overdue(ledger: Ledger) -> None:
    r = refs(ledger)
    hazards.register(ledger, card(r, found_date=dt.date(2026, 6, 7)))  # level C: due 2026-06-10
    with ledger.read() as conn:
        assert q.overdue_count(conn, TODAY) == 0
        assert q.overdue_count(conn, TODAY + dt.timedelta(days=1)) == 1


# --- query plans --------------------------------------------------------------------------------------


def _plan(data: Dataset, sql: str, params: list[Any] | tuple[Any, ...]) -> list[str]:
    if data.ledger.server is not None:
        pytest.skip("SQLite's query plans (EXPLAIN QUERY PLAN); a server plans by its own statistics")
    with data.ledger.read() as conn:
        return [str(row[3]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, tuple(params))]


def test_default_list_query_reads_an_index(data: Dataset) -> None:
    """Plan (SQLite 3.40, no ANALYZE): ``SCAN h USING COVERING INDEX ix_hazard_found`` plus a temp b-tree
    for the *right part* of the ORDER BY (the id tie-break). The index gives found_date order, so rows are
    only re-sorted within a day; a bare ``SCAN h`` with a full sort would be the regression."""
    sql, params = q.ids_sql(HazardFilter(), "found_date", True, TODAY)
    plan = _plan(data, sql, params)
    assert any("ix_hazard_found" in line for line in plan), plan
    assert "SCAN h" not in plan, plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # at most the right part is sorted


@pytest.mark.parametrize("key", ["found_date", "deadline"])
def test_overdue_filter_searches_an_index(data: Dataset, key: str) -> None:
    """Plan: ``SEARCH h USING [COVERING] INDEX ix_hazard_status (status=? AND deadline<?)``: only open,
    late rows are visited; the (small) result is then sorted."""
    sql, params = q.ids_sql(HazardFilter(overdue_only=True), key, key == "found_date", TODAY)
    plan = _plan(data, sql, params)
    assert any(line.startswith("SEARCH h USING") and "INDEX ix_hazard_" in line for line in plan), plan
    assert not any(line.startswith("SCAN h") for line in plan), plan


def test_overdue_count_searches_an_index(data: Dataset) -> None:
    where, params = q._where(HazardFilter(overdue_only=True), TODAY)
    plan = _plan(data, f"SELECT count(*) FROM hazard h WHERE {where}", params)
    assert any(line.startswith("SEARCH h USING") and "INDEX ix_hazard_" in line for line in plan), plan


def test_recent_locations_are_distinct_and_newest_first(ledger: Ledger) -> None:
    r = refs(ledger)
    for location in ("1201工作面", "1202工作面", "1201工作面", "3号联络巷"):
        hazards.register(ledger, card(r, location=location))
    with ledger.read() as conn:
        assert q.recent_locations(conn) == ["3号联络巷", "1201工作面", "1202工作面"]
        assert q.recent_locations(conn, limit=1) == ["3号联络巷"]
