"""The hazard list model: Qt's model contract, SQL sort and filter, first page then full list, colours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from safetywatch.db.engine import make_engine
from safetywatch.domain.hazard_loop import HazardAction, HazardStatus
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.queries import hazard_query
from safetywatch.services.queries.hazard_query import COLUMN_KEYS, HazardFilter
from safetywatch.ui import worker
from safetywatch.ui.hazard_table_model import OVERDUE_BACKGROUND, OVERDUE_FOREGROUND, HazardTableModel
from safetywatch.ui.id_window_model import VOIDED_FOREGROUND

TODAY = dt.date(2026, 6, 10)
COL = {key: i for i, key in enumerate(COLUMN_KEYS)}

DESCRIPTIONS = (
    "瓦斯浓度0.8%超限，未停电撤人",
    "A_1 风门未关闭",
    "AB1 风门损坏",  # decoy: LIKE 'A_1' would match it
    "瓦斯浓度0.85超限",  # decoy: LIKE '0.8%' would match it
    "顶板离层仪读数异常",
    "皮带机托辊缺失",
    "局部通风机未挂牌管理",
    "探放水钻孔记录不全",
    "电缆吊挂不规范",
    "采煤机喷雾装置失效",
)
LOCATIONS = ("1301工作面", "2201运输巷", "中央变电所", "副井井底车场", "+450水平大巷")
PEOPLE = ("张三", "赵六", "孙七", "周八")


def _ids(ledger: Ledger) -> dict[str, list[int]]:
    with ledger.read() as conn:
        return {
            "workstation": [c.id for c in reference.choices(conn, "workstation")],
            "source": [c.id for c in reference.choices(conn, "hazard_source")],
            "shift": [c.id for c in reference.choices(conn, "shift")],
            "unit": [c.id for c in reference.org_units(conn, "unit")],
            "category": [c.id for c in reference.choices(conn, "hazard_category")],
            "nature": [c.id for c in reference.choices(conn, "hazard_nature")],
            "level": [c.id for c in reference.choices(conn, "hazard_level")],
        }


def register_hazards(ledger: Ledger, count: int = 30) -> list[int]:
    """Register *count* hazards found in May/early June 2026 and walk some along the loop.

    Statuses cycle registered, notice issued, in rectification, reported done, closed, voided, escalated;
    deadlines are short, so most open ones are overdue on the fixed test day (2026-06-10).
    """
    ref = _ids(ledger)
    made: list[int] = []
    for i in range(count):
        found = dt.date(2026, 5, 2) + dt.timedelta(days=i * 36 // count)
        data = hazards.HazardInput(
            workstation_id=ref["workstation"][0],
            source_id=ref["source"][i % len(ref["source"])],
            found_date=found,
            shift_id=ref["shift"][i % 3],
            finder_name=("李四", "王芳")[i % 2],
            unit_id=ref["unit"][i % 2],
            location=LOCATIONS[i % len(LOCATIONS)],
            description=DESCRIPTIONS[i % len(DESCRIPTIONS)] + ("" if i < len(DESCRIPTIONS) else f"（{i}）"),
            category_id=ref["category"][i % len(ref["category"])],
            nature_id=ref["nature"][i % len(ref["nature"])],
            level_id=ref["level"][i % 3],
            rectify_person=PEOPLE[i % len(PEOPLE)],
            measures="按规程整改",
            deadline=found + dt.timedelta(days=2 + (i * 7) % 11),
        )
        hazard = hazards.register(ledger, data)
        made.append(int(hazard["id"]))
        _walk(ledger, hazard, i % 7, found)
    return made


def _walk(ledger: Ledger, hazard: dict[str, Any], stage: int, found: dt.date) -> None:
    day = min(found + dt.timedelta(days=1), TODAY)
    steps: list[hazards.StepInput] = []
    if stage in (1, 2, 3, 4):
        steps.append(hazards.StepInput(HazardAction.ISSUE_NOTICE, day, person="队长甲"))
    if stage in (2, 3, 4):
        steps.append(hazards.StepInput(HazardAction.START_RECTIFICATION, day))
    if stage in (3, 4):
        steps.append(hazards.StepInput(HazardAction.REPORT_DONE, day, person=hazard["rectify_person"]))
    if stage == 4:
        steps.append(hazards.StepInput(HazardAction.ACCEPT, day, person="验收员"))
        steps.append(hazards.StepInput(HazardAction.CLOSE, day))
    if stage == 5:
        steps.append(hazards.StepInput(HazardAction.VOID, day, note="重复登记"))
    if stage == 6:
        steps.append(
            hazards.StepInput(
                HazardAction.ESCALATE,
                day,
                person="矿安监处",
                note="逾期未整改",
                escalation_level="矿级督办",
            )
        )
    for step in steps:
        hazards.act(ledger, int(hazard["id"]), step)


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    register_hazards(ledger)
    return ledger


def _sql_ids(ledger: Ledger, order: str) -> list[int]:
    with ledger.read() as conn:
        return [int(r[0]) for r in conn.exec_driver_sql(f"SELECT id FROM hazard ORDER BY {order}")]


def _model_ids(model: HazardTableModel) -> list[int]:
    return [int(model.data(model.index(r, 0), Qt.ItemDataRole.UserRole)) for r in range(model.rowCount())]


def _wait_loaded(qtbot: Any, model: HazardTableModel) -> None:
    qtbot.waitUntil(lambda: not model.loading, timeout=5000)


def test_model_passes_qt_model_tester(qtbot: Any, qtmodeltester: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled)
    model.set_query(HazardFilter())
    assert model.rowCount() == 30
    assert not model.loading
    qtmodeltester.check(model)


def test_model_tester_follows_first_page_then_full_list(qtbot: Any, qtmodeltester: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled, page_size=10, block_size=7)
    qtmodeltester.check(model)  # stays attached: checks the reset and insert signals that follow
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.set_query(HazardFilter())
    assert model.rowCount() == 10 and model.loading  # the first page is shown at once
    _wait_loaded(qtbot, model)
    assert model.rowCount() == 30 and model.total == 30
    assert inserted == [(10, 29)]  # the first page was a prefix: rows appended, no reset
    assert _model_ids(model) == _sql_ids(filled, "found_date DESC, id DESC")
    model.sort(COL["deadline"], Qt.SortOrder.AscendingOrder)
    _wait_loaded(qtbot, model)
    assert model.rowCount() == 30


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sort_by_deadline_matches_sql_order(qtbot: Any, filled: Ledger, order: Qt.SortOrder) -> None:
    model = HazardTableModel(filled)
    model.set_query(HazardFilter())
    model.sort(COL["deadline"], order)
    direction = "DESC" if order == Qt.SortOrder.DescendingOrder else "ASC"
    assert _model_ids(model) == _sql_ids(filled, f"deadline {direction}, id {direction}")
    shown = [model.data(model.index(r, COL["deadline"])) for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=order == Qt.SortOrder.DescendingOrder)
    assert len(set(shown)) > 5


def test_text_filter_matches_percent_and_underscore_literally(qtbot: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled)
    for text, expected in (("0.8%", "瓦斯浓度0.8%超限"), ("A_1", "A_1 风门未关闭")):
        model.set_query(HazardFilter(text=text))
        descriptions = [model.data(model.index(r, COL["description"])) for r in range(model.rowCount())]
        assert descriptions, text
        assert all(expected in d for d in descriptions), descriptions
    model.set_query(HazardFilter(text="%"))
    assert all("%" in model.data(model.index(r, COL["description"])) for r in range(model.rowCount()))


def test_overdue_open_rows_are_red_and_others_are_not(qtbot: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled)
    model.set_query(HazardFilter())
    overdue_rows, other_rows = [], []
    for row in range(model.rowCount()):
        status = HazardStatus(_raw_status(filled, model.hazard_id(row)))
        deadline = dt.date.fromisoformat(model.data(model.index(row, COL["deadline"])))
        (overdue_rows if status.is_open and deadline < TODAY else other_rows).append(row)
    assert overdue_rows and other_rows
    with filled.read() as conn:
        assert len(overdue_rows) == hazard_query.overdue_count(conn, TODAY)
    for row in overdue_rows:
        background = model.data(model.index(row, COL["location"]), Qt.ItemDataRole.BackgroundRole)
        foreground = model.data(model.index(row, COL["number"]), Qt.ItemDataRole.ForegroundRole)
        assert isinstance(background, QBrush) and background.color() == OVERDUE_BACKGROUND
        assert isinstance(foreground, QBrush) and foreground.color() == OVERDUE_FOREGROUND
        tip = model.data(model.index(row, COL["deadline"]), Qt.ItemDataRole.ToolTipRole)
        days = (TODAY - dt.date.fromisoformat(model.data(model.index(row, COL["deadline"])))).days
        assert f"逾期 {days} 天" in tip
    for row in other_rows:
        assert model.data(model.index(row, COL["location"]), Qt.ItemDataRole.BackgroundRole) is None


def _raw_status(ledger: Ledger, hazard_id: int | None) -> str:
    with ledger.read() as conn:
        return str(conn.exec_driver_sql("SELECT status FROM hazard WHERE id = ?", (hazard_id,)).scalar_one())


def test_voided_rows_are_grey_and_struck_out_and_status_is_translated(qtbot: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled)
    model.set_query(HazardFilter(statuses=frozenset({"voided"})))
    assert model.rowCount() >= 3
    index = model.index(0, COL["description"])
    font = model.data(index, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.strikeOut()
    assert model.data(index, Qt.ItemDataRole.ForegroundRole).color() == VOIDED_FOREGROUND
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(0, COL["status"])) == "已作废"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "编号"
    assert model.headerData(COL["deadline"], Qt.Orientation.Horizontal) == "整改期限"


def test_data_is_quick_and_safe_for_odd_requests(qtbot: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled)
    model.set_query(HazardFilter())
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.SizeHintRole) is None
    assert model.cached_blocks() == 0  # unhandled roles never touch the database
    assert model.data(QModelIndex()) is None
    assert model.hazard_id(-1) is None and model.hazard_id(30) is None
    assert model.row_of(999_999) == -1
    assert model.row_of(model.hazard_id(17) or 0) == 17
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_block_cache_is_bounded(qtbot: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled, block_size=5, max_blocks=2)
    model.set_query(HazardFilter())
    for row in range(model.rowCount()):
        assert model.data(model.index(row, 0))
    assert model.cached_blocks() == 2
    assert model.data(model.index(0, 0))  # evicted block is fetched again
    assert model.cached_blocks() == 2


def test_refresh_keeps_filter_and_sort_and_shows_new_values(qtbot: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled)
    flt = HazardFilter(statuses=frozenset({"registered"}))
    model.set_query(flt, "deadline", False)
    before = _model_ids(model)
    first = before[0]
    assert model.data(model.index(0, COL["status"])) == "已登记"
    hazards.act(filled, first, hazards.StepInput(HazardAction.ISSUE_NOTICE, TODAY))
    model.refresh()
    assert model.filter == flt and model.sort_key == "deadline" and not model.descending
    assert _model_ids(model) == before[1:]  # no longer "registered": filtered out
    model.set_query(HazardFilter())
    row = model.row_of(first)
    assert model.data(model.index(row, COL["status"])) == "已通知"


def test_a_stale_result_is_ignored(qtbot: Any, filled: Ledger) -> None:
    model = HazardTableModel(filled, page_size=5)
    model.set_query(HazardFilter())  # first page now, full list in the background
    assert model.loading
    model.set_query(HazardFilter(text="A_1"))  # supersedes it; complete at once
    assert not model.loading
    expected = model.rowCount()
    assert worker.wait_for_jobs()
    assert model.rowCount() == expected and model.filter.text == "A_1"


def test_data_never_raises_when_the_database_fails(qtbot: Any, filled: Ledger, tmp_path: Path) -> None:
    model = HazardTableModel(filled)
    model.set_query(HazardFilter())
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    good = filled.engine
    filled.engine = make_engine(garbage)
    try:
        assert model.data(model.index(3, 0)) is None  # the fetch failed: empty cell, no exception
        failures: list[str] = []
        model.load_failed.connect(failures.append)
        model.refresh()
        assert failures and model.rowCount() == 30  # old rows kept, the page is told
    finally:
        filled.engine.dispose()
        filled.engine = good
