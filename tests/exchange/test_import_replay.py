"""A hazard register's loop columns are replayed as steps through the same rules as the GUI's step form:
the timeline they give, the choices for what a register does not record, and the rows the rules refuse."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from safetywatch.exchange import importer
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from tests.exchange.conftest import Source
from tests.exchange.test_import import ORDER, _export_all
from tests.helpers import count_rows


@pytest.fixture(scope="module")
def exported(source: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _export_all(source.ledger, tmp_path_factory.mktemp("exported"))


@pytest.fixture
def prepared(exported: dict[str, Path], empty_target: Ledger) -> Ledger:
    """An empty database (a file, and on PostgreSQL) with the source's reference data imported, ready for
    hazard files."""
    for kind in ORDER[:8]:
        assert importer.import_file(empty_target, kind, exported[kind]).ok
    return empty_target


def _table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or ()), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def _timeline(ledger: Ledger, number: str) -> list[tuple[str, str, str | None]]:
    with ledger.read() as conn:
        hazard_id = hazards.by_number(conn, number)
        assert hazard_id is not None
        return [(f["action"], f["on_date"], f["person"]) for f in hazards.timeline(conn, hazard_id)]


def test_the_register_columns_are_replayed_as_the_loops_steps(
    source: Source, exported: dict[str, Path], prepared: Ledger
) -> None:
    report = importer.import_file(prepared, "hazards", exported["hazards"])
    assert report.ok, [str(e) for e in report.errors]
    whole, extended, voided, *_rest, fixed = source.hazard_numbers
    assert _timeline(prepared, whole) == [
        ("register", "2026-05-01", "李四"),
        ("issue_notice", "2026-05-02", "签收人甲"),
        ("start_rectification", "2026-05-02", "赵六"),  # no column: on the notice's day, by the rectifier
        ("report_done", "2026-05-05", "赵六"),
        ("accept", "2026-05-06", "验收人乙"),
        ("close", "2026-05-07", None),
    ]
    # the extension and the listing have no date column: on the day of the step before them (registration)
    assert _timeline(prepared, extended) == [
        ("register", "2026-05-02", "李四"),
        ("extend", "2026-05-02", None),
        ("escalate", "2026-05-02", "矿级"),  # ordered by the body of its level
    ]
    assert _timeline(prepared, voided) == [("register", "2026-05-03", "李四"), ("void", "2026-05-03", None)]
    assert [a for a, _, _ in _timeline(prepared, fixed)] == ["register", "fix_on_site"]
    with prepared.read() as conn:
        steps = conn.exec_driver_sql(
            "SELECT f.action, f.new_deadline, f.note, f.actor FROM hazard_follow_up f "
            "JOIN hazard h ON h.id = f.hazard_id WHERE h.number = ? ORDER BY f.id",
            (extended,),
        ).all()
        original = conn.exec_driver_sql("SELECT original_deadline FROM hazard WHERE number = ?", (extended,)).scalar()
    assert steps[1][:3] == ("extend", "2026-07-01", "Imported from a register")
    assert original == "2026-05-05"  # registered with the first deadline, extended to the current one
    assert {actor for *_, actor in steps} == {"导入员"}


def _variant(base: dict[str, str], description: str, **cells: str) -> dict[str, str]:
    """A new hand-made row from *base*: no UUID or number (allocated), its own description."""
    return {**base, "uuid": "", "number": "", "description": description, **cells}


def test_steps_the_gui_would_refuse_are_listed_by_line_and_column(
    source: Source, exported: dict[str, Path], prepared: Ledger, tmp_path: Path
) -> None:
    header, rows = _table(exported["hazards"])
    whole = next(r for r in rows if r["number"] == source.hazard_numbers[0])
    extended = next(r for r in rows if r["number"] == source.hazard_numbers[1])
    bad = [
        _variant(whole, "通知日期在将来", notice_issued_on="2099-01-01"),
        _variant(whole, "验收人是整改人", accepted_by="赵六"),
        _variant(whole, "整改早于通知", rectified_on="2026-05-01", notice_issued_on="2026-05-03"),
        _variant(whole, "已销号无日期", closed_on=""),
        _variant(whole, "已验收却有销号日期", status="accepted"),
        _variant(
            whole, "只发了通知", status="notice_issued", rectified_on="", accepted_on="", accepted_by="", closed_on=""
        ),
        _variant(extended, "期限提前", deadline="2026-05-04"),
        _variant(extended, "作废却未标作废", status="voided"),
    ]
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "bad.csv", header, bad))
    assert not report.ok and not report.written
    found = {(e.line, e.column): e.message for e in report.errors}
    assert "is in the future" in found[(2, "notice_issued_on")]
    assert "cannot also accept it" in found[(3, "accepted_by")]
    assert "before the previous step" in found[(4, "rectified_on")]
    assert "Required for a hazard with status" in found[(5, "closed_on")]
    assert "has nothing here" in found[(6, "closed_on")]
    assert not any(line == 7 for line, _ in found)  # a consistent row (a given notice number is kept) passes
    assert "must be after the current one" in found[(8, "deadline")]
    assert "voided = 1" in found[(9, "voided")]
    assert count_rows(prepared, "hazard") == 0  # all or nothing


def test_a_hand_made_register_row_walks_the_loop_with_the_rules_defaults(
    source: Source, exported: dict[str, Path], prepared: Ledger, tmp_path: Path
) -> None:
    header, rows = _table(exported["hazards"])
    whole = next(r for r in rows if r["number"] == source.hazard_numbers[0])
    row = _variant(whole, "纸质台账上的一条", notice_no="", status="closed")
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "paper.csv", header, [row]))
    assert report.ok and report.created == 1, [str(e) for e in report.errors]
    with prepared.read() as conn:
        stored = conn.exec_driver_sql("SELECT number, notice_no, status FROM hazard").one()
    assert stored == ("JK01-2026-00001", "TZ-JK01-2026-00001", "closed")  # the notice's default number
