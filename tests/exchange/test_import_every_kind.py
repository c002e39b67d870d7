"""Every importable kind in and out: export → import into an empty database → export again gives the same
rows, for both header sets (Chinese headers and labels, machine keys and codes) and both formats."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import importer
from safetywatch.exchange.columns import IMPORTABLE, KINDS
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty
from safetywatch.services.maintenance import integrity
from safetywatch.services.reporting import allowances
from tests.exchange.conftest import Source, codes, empty_ledger
from tests.exchange.every_kind import export_all, fill_every_kind
from tests.exchange.spreadsheet import resave_csv_as_excel
from tests.helpers import count_rows, refs, seeded_ledger

#: Kept by the database, not by the file: when it was entered, changed, and how often.
NOT_COMPARED = {"created_at", "updated_at", "version", "sheet_updated_at"}


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    led = seeded_ledger(tmp_path_factory.mktemp("every") / "source.db", clock)
    yield fill_every_kind(led)
    led.engine.dispose()


@pytest.fixture(scope="module")
def keys(every: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export_all(every.ledger, tmp_path_factory.mktemp("keys"), headers="keys")


def rows_of(path: Path, kind: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = [{k: v for k, v in row.items() if k not in NOT_COMPARED} for row in csv.DictReader(stream)]
    if kind == "duty_sheets":  # a void sheet comes back without the marks that no longer counted
        for row in rows:
            if row["voided"] == "1":
                row["inspectors"] = "?"
    return rows


def import_all(target: Ledger, files: dict[str, Path]) -> dict[str, importer.ImportReport]:
    reports = {}
    for kind in IMPORTABLE:
        report = importer.import_file(target, kind, files[kind])
        assert report.ok, (kind, [str(e) for e in report.errors])
        reports[kind] = report
    return reports


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("headers", ["labels", "keys"])
def test_every_kind_comes_back_the_same(
    every: Source, keys: dict[str, Path], tmp_path: Path, fmt: str, headers: str
) -> None:
    files = export_all(every.ledger, tmp_path / "out", fmt=fmt, headers=headers)
    target = empty_ledger(tmp_path / "target.db")
    try:
        reports = import_all(target, files)
        assert reports["suggestions"].created == 4
        assert reports["duty"].created == 4  # the marks of the two valid sheets
        again = export_all(target, tmp_path / "again", headers="keys")
        for kind in IMPORTABLE:
            before = rows_of(keys[kind], kind)
            assert before, kind  # the source has records of every kind
            assert rows_of(again[kind], kind) == before, kind
        with target.read() as conn:
            assert integrity.verify(conn).ok
        # the same files again: nothing new
        for kind in IMPORTABLE:
            report = importer.import_file(target, kind, files[kind])
            assert report.ok and report.created == 0, (kind, report.errors)
    finally:
        target.engine.dispose()


#: The kinds brought in from the old registers since issue 16 (the others have their own tests).
ACTIVITY_KINDS = ("squads", "tours", "tour_problems", "family", "training", "suggestions", "duty_sheets", "duty")


def test_activities_saved_by_excel_in_gbk_come_back(every: Source, keys: dict[str, Path], tmp_path: Path) -> None:
    labels = export_all(every.ledger, tmp_path / "labels")
    target = empty_ledger(tmp_path / "target.db")
    try:
        for kind in IMPORTABLE:
            file = keys[kind]
            if kind in ACTIVITY_KINDS:
                file = resave_csv_as_excel(labels[kind], tmp_path / f"excel_{kind}.csv")
                text = file.read_bytes().decode("gbk")
                assert "2026/5/" in text and "2026-05-" not in text
            report = importer.import_file(target, kind, file)
            assert report.ok, (kind, [str(e) for e in report.errors])
            if kind in ACTIVITY_KINDS:
                assert report.encoding == "gb18030"
        again = export_all(target, tmp_path / "again", headers="keys")
        for kind in IMPORTABLE:
            assert rows_of(again[kind], kind) == rows_of(keys[kind], kind), kind
        with target.read() as conn:
            assert conn.exec_driver_sql("SELECT route FROM squad_activity").scalars().all() == [
                "-550水平中央泵房",
                "二采区",
            ]
    finally:
        target.engine.dispose()


#: One bad cell per kind, on the file's last line: (column key, bad value, words of the message).
BAD_CELLS = {
    "squads": ("on_date", "2026/2/30", "calendar"),
    "tours": ("reps", "十二", "whole number"),
    "tour_problems": ("status", "solved", ""),
    "family": ("on_date", "5/1/2026", "date"),
    "training": ("attendee_nos", "Q001 Q999", "Q999"),
    "suggestions": ("proposed_on", "2099-01-01", ""),
    "duty_sheets": ("shift_code", "ZZ", "not in this database"),
    "duty": ("status", "sleeping", "sleeping"),
}


@pytest.mark.parametrize("kind", ACTIVITY_KINDS)
@pytest.mark.parametrize("headers", ["labels", "keys"])
def test_a_bad_cell_is_named_by_line_and_column_and_nothing_is_written(
    every: Source, keys: dict[str, Path], tmp_path: Path, kind: str, headers: str
) -> None:
    out = export_all(every.ledger, tmp_path / "out", headers=headers)
    target = empty_ledger(tmp_path / "target.db")
    try:
        for before in IMPORTABLE[: IMPORTABLE.index(kind)]:
            assert importer.import_file(target, before, keys[before]).ok
        rows = list(csv.reader(out[kind].read_text(encoding="utf-8-sig").splitlines()))
        column, bad, words = BAD_CELLS[kind]
        rows[-1][KINDS[kind].names.index(column)] = bad
        broken = tmp_path / f"{kind}.csv"
        with broken.open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerows(rows)
        table = registry_table(kind)
        count = count_rows(target, table)
        for dry_run in (True, False):
            report = importer.import_file(target, kind, broken, dry_run=dry_run)
            assert not report.ok and not report.written
            assert [(e.line, e.column) for e in report.errors] == [(len(rows), column)], [str(e) for e in report.errors]
            assert words in report.errors[0].message
        assert count_rows(target, table) == count
    finally:
        target.engine.dispose()


def registry_table(kind: str) -> str:
    return {
        "squads": "squad_activity",
        "tours": "tour",
        "tour_problems": "tour_problem",
        "family": "family_activity",
        "training": "training_session",
        "suggestions": "suggestion",
        "duty_sheets": "duty_sheet",
        "duty": "duty",
    }[kind]


def _allowance_tables(ledger: Ledger) -> list[tuple[object, ...]]:
    with ledger.read() as conn:
        sheets = conn.exec_driver_sql("SELECT * FROM allowance_sheet ORDER BY id").all()
        lines = conn.exec_driver_sql("SELECT * FROM allowance_line ORDER BY id").all()
        adjustments = conn.exec_driver_sql("SELECT * FROM allowance_adjustment ORDER BY id").all()
    return [tuple(r) for r in (*sheets, *lines, *adjustments)]


def test_importing_shift_sheets_leaves_approved_allowances_alone(
    every: Source, keys: dict[str, Path], tmp_path: Path
) -> None:
    """A historic year of shift sheets comes in without touching an approved (paid) month: its stored lines
    stay what was paid, no month gets approved or computed by the import, and an open month's allowance is
    computed from the imported sheets when someone asks for it."""
    target = empty_ledger(tmp_path / "target.db")
    try:
        for kind in IMPORTABLE[: IMPORTABLE.index("duty_sheets")]:
            assert importer.import_file(target, kind, keys[kind]).ok
        r = refs(target)
        typed = (duty.Mark(r.inspectors["Q001"], "on", reported=True),)
        duty.save_sheet(target, duty.SheetInput(r.workstation, dt.date(2026, 5, 20), r.shifts["1"], typed))
        allowances.approve(target, "2026-05", dt.date(2026, 6, 5))
        paid = _allowance_tables(target)
        assert paid
        with target.read() as conn:
            open_before = allowances.month_sheet(conn, "2026-05")
        for kind in ("duty_sheets", "duty"):
            report = importer.import_file(target, kind, keys[kind])
            assert report.ok and report.created, [str(e) for e in report.errors]
        assert _allowance_tables(target) == paid  # the approved month's stored lines, untouched
        with target.read() as conn:
            assert allowances.month_sheet(conn, "2026-05").rows == open_before.rows  # still what was paid
            events = conn.exec_driver_sql(
                "SELECT count(*) FROM audit_event WHERE entity LIKE 'allowance%' AND action != 'create'"
            ).scalar_one()
            assert events == 0
            # the imported sheets count where the month is computed on demand (the approved one shows the
            # difference for an adjustment, as for any late edit)
            imported = conn.exec_driver_sql("SELECT count(*) FROM duty WHERE shift_date LIKE '2026-05-0%'").scalar_one()
            assert imported == 4
    finally:
        target.engine.dispose()


def test_shift_sheets_staged_on_a_copy_keep_their_duty_projections(
    every: Source, keys: dict[str, Path], tmp_path: Path
) -> None:
    """A big file is checked on a copy and copied in: the sheets' duty rows and monthly rollup (written
    beside the audited sheet, not as records) come with them, so verify's projection check holds."""
    staged = importer.Limits(direct_rows=0, staged_rows_per_mib=0)
    target = empty_ledger(tmp_path / "target.db")
    try:
        for kind in IMPORTABLE:
            report = importer.import_file(target, kind, keys[kind], limits=staged)
            assert report.ok, (kind, [str(e) for e in report.errors])
            assert report.written or report.created == 0, (kind, [str(e) for e in report.errors])
        with every.ledger.read() as a, target.read() as b:
            query = (
                "SELECT i.employee_no, d.shift_date, d.status, d.reported FROM duty d "
                "JOIN inspector i ON i.id = d.inspector_id ORDER BY 1, 2"
            )
            assert b.exec_driver_sql(query).all() == a.exec_driver_sql(query).all()
            month = "SELECT i.employee_no, m.month, m.on_shifts, m.exempt_shifts, m.absent_shifts, m.reported_shifts "
            month += "FROM duty_month m JOIN inspector i ON i.id = m.inspector_id WHERE m.on_shifts OR m.exempt_shifts "
            month += "OR m.absent_shifts ORDER BY 1, 2"
            assert b.exec_driver_sql(month).all() == a.exec_driver_sql(month).all()
            assert duty.check_projection(b) == []
            assert integrity.verify(b).ok
    finally:
        target.engine.dispose()


def test_a_hand_made_register_in_gb18030_with_chinese_headers_and_dates(
    every: Source, keys: dict[str, Path], tmp_path: Path
) -> None:
    """What a clerk types into WPS from the paper suggestion book: Chinese headers, labels, no UUID, dates as
    2026年5月6日 and 2026.05.07, saved as GB18030; imported once, found again on the second import."""
    target = empty_ledger(tmp_path / "target.db")
    try:
        for kind in IMPORTABLE[: IMPORTABLE.index("suggestions")]:
            assert importer.import_file(target, kind, keys[kind]).ok
        names = KINDS["suggestions"].names
        header = [c.header for c in KINDS["suggestions"].columns]

        def row(**values: str) -> list[str]:
            return [values.get(name, "") for name in names]

        table = [
            header,
            row(
                proposed_on="2026年5月6日",
                proposer_name="孙九",
                unit_code="U01",
                category_code=next(iter(codes(target, "suggestion_category"))),
                content="-550水平增设避险硐室标识",
                status="已采纳",
                reviewed_by="安监科",
                reviewed_on="2026.05.07",
                implemented_by="机电队",
                implemented_on="20260520",
                reward_yuan="100",
            ),
        ]
        path = tmp_path / "建议台账.csv"
        with path.open("w", encoding="gb18030", newline="") as stream:
            csv.writer(stream, lineterminator="\r\n").writerows(table)
        for _ in range(2):
            report = importer.import_file(target, "suggestions", path, encoding="gb18030")
            assert report.ok and report.encoding == "gb18030", [str(e) for e in report.errors]
        assert report.created == 0 and report.present == 1  # the second time: already there
        with target.read() as conn:
            stored = conn.exec_driver_sql(
                "SELECT proposed_on, status, reviewed_on, implemented_on, reward_yuan, content FROM suggestion"
            ).all()
        assert [tuple(s) for s in stored] == [
            ("2026-05-06", "adopted", "2026-05-07", "2026-05-20", 100, "-550水平增设避险硐室标识")
        ]
    finally:
        target.engine.dispose()
