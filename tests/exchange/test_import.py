"""Import: the round trip into an empty database, re-import without duplicates, the audit trail, and hostile
files refused or reported by line and column without touching the database."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from safetywatch.db import models as m
from safetywatch.exchange import export, importer
from safetywatch.exchange.columns import KINDS
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import integrity, plausibility
from safetywatch.services.reporting import tallies
from tests.exchange.conftest import Source
from tests.helpers import count_rows

ORDER = (
    "org_units",
    "workstations",
    "inspectors",
    "shifts",
    "hazard_levels",
    "lookups",
    "rate_norms",
    "allowance_rules",
    "hazards",
    "violations",
    "violation_handling",
)
NOT_COMPARED = {"created_at", "updated_at", "version"}


def _export_all(ledger: Ledger, folder: Path) -> dict[str, Path]:
    files = {}
    for kind in ORDER:
        with ledger.read() as conn:
            export.export(conn, kind, folder / f"{kind}.csv", headers="keys")
        files[kind] = folder / f"{kind}.csv"
    return files


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return [{k: v for k, v in row.items() if k not in NOT_COMPARED} for row in csv.DictReader(stream)]


def _events(ledger: Ledger) -> int:
    return count_rows(ledger, "audit_event")


@pytest.fixture(scope="module")
def exported(source: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _export_all(source.ledger, tmp_path_factory.mktemp("exported"))


@pytest.fixture
def target(empty_target: Ledger) -> Ledger:
    """An empty database: a file, and an office on PostgreSQL (tests.exchange.conftest)."""
    return empty_target


def _import_all(target: Ledger, files: dict[str, Path]) -> dict[str, importer.ImportReport]:
    reports = {}
    for kind in ORDER:
        report = importer.import_file(target, kind, files[kind])
        assert report.ok, [str(e) for e in report.errors]
        reports[kind] = report
    return reports


def test_round_trip_gives_the_same_records_and_tallies(
    source: Source, exported: dict[str, Path], target: Ledger, tmp_path: Path
) -> None:
    reports = _import_all(target, exported)
    assert reports["hazards"].created == len(source.hazard_numbers)
    assert reports["violations"].created == 2
    again = _export_all(target, tmp_path / "again")
    for kind in ORDER:
        assert _records(again[kind]) == _records(exported[kind]), kind
    for month in ("2026-05", "2026-06"):
        with source.ledger.read() as a, target.read() as b:
            before, after = tallies.summary(a, month), tallies.summary(b, month)
        before.pop("audit_anchor"), after.pop("audit_anchor")
        assert after == before
    with target.read() as conn:
        assert integrity.verify(conn).ok


def test_a_register_with_gaps_in_its_numbers_is_no_evidence_of_removed_records(
    exported: dict[str, Path], target: Ledger, tmp_path: Path
) -> None:
    """verify reports a gap in the serials below a number SafetyWatch gave (issue 13 §2); a register brought
    in from paper or another database keeps its numbers, gaps and all."""
    with exported["hazards"].open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    gapped = tmp_path / "hazards.csv"
    with gapped.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows[:3] + rows[4:])  # the header, two hazards, then a gap
    for kind in ORDER[: ORDER.index("hazards")]:
        assert importer.import_file(target, kind, exported[kind]).ok
    assert importer.import_file(target, "hazards", gapped).created == len(rows) - 2
    with target.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) < max(serial) FROM hazard").scalar_one() == 1
        assert plausibility.check(conn) == []
        assert integrity.verify(conn).ok


def test_reimport_creates_no_duplicates_and_writes_nothing(exported: dict[str, Path], target: Ledger) -> None:
    _import_all(target, exported)
    events = _events(target)
    for kind in ORDER:
        report = importer.import_file(target, kind, exported[kind])
        assert report.ok and report.created == 0 and report.present == report.rows and not report.written
    assert _events(target) == events
    assert count_rows(target, "hazard") == len(_records(exported["hazards"]))


def test_import_is_audited_with_the_files_sha256(exported: dict[str, Path], target: Ledger) -> None:
    reports = _import_all(target, exported)
    sha = reports["hazards"].sha256
    with target.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT action, entity, after, reason, actor FROM audit_event WHERE reason LIKE ?", (f"%{sha}%",)
        ).all()
    imports = [r for r in rows if r.action == "import"]
    assert len(imports) == 1 and json.loads(imports[0].after)["sha256"] == sha
    assert json.loads(imports[0].after)["created"] == reports["hazards"].created
    created = [r for r in rows if r.action == "create" and r.entity == "hazard"]
    assert len(created) == reports["hazards"].created
    assert {r.actor for r in rows} == {"导入员"}
    with target.read() as conn:  # a voided hazard was created, then voided with its reason
        voids = (
            conn.exec_driver_sql("SELECT reason FROM audit_event WHERE entity = 'hazard' AND action = 'void'")
            .scalars()
            .all()
        )
    assert voids == ["重复登记"]


def test_dry_run_checks_everything_and_writes_nothing(exported: dict[str, Path], target: Ledger) -> None:
    report = importer.import_file(target, "org_units", exported["org_units"], dry_run=True)
    assert report.ok and report.created == 3 and not report.written
    assert count_rows(target, "org_unit") == 0 and _events(target) == 0


def test_hand_made_register_without_uuid_or_number(exported: dict[str, Path], target: Ledger, tmp_path: Path) -> None:
    for kind in ORDER[:8]:
        importer.import_file(target, kind, exported[kind])
    rows = list(csv.reader(io.StringIO(exported["hazards"].read_text(encoding="utf-8-sig"), newline="")))
    header = rows[0]
    fresh = []
    for row in rows[1:3]:
        row = list(row)
        row[header.index("uuid")] = row[header.index("number")] = ""
        fresh.append(row)
    path = _write(tmp_path / "paper.csv", [header, *fresh])
    first = importer.import_file(target, "hazards", path)
    assert first.ok and first.created == 2, [str(e) for e in first.errors]
    with target.read() as conn:
        numbers = conn.exec_driver_sql("SELECT number FROM hazard ORDER BY id").scalars().all()
    assert numbers == ["JK01-2026-00001", "JK01-2026-00002"]
    second = importer.import_file(target, "hazards", path)
    assert second.ok and second.created == 0 and second.present == 2
    assert count_rows(target, "hazard") == 2


# --- hostile files ------------------------------------------------------------------------------------


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _rows(exported: dict[str, Path], kind: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(exported[kind].read_text(encoding="utf-8-sig"), newline="")))


@pytest.fixture
def prepared(exported: dict[str, Path], target: Ledger) -> Ledger:
    """The target with the reference data in place, ready for hazard files."""
    for kind in ORDER[:8]:
        assert importer.import_file(target, kind, exported[kind]).ok
    return target


def _untouched(ledger: Ledger, before: int) -> None:
    assert _events(ledger) == before
    assert count_rows(ledger, "hazard") == 0


def test_wrong_encodings_are_refused(exported: dict[str, Path], prepared: Ledger, tmp_path: Path) -> None:
    rows = _rows(exported, "hazards")
    before = _events(prepared)
    utf16 = _write(tmp_path / "u16.csv", rows, "utf-16")
    report = importer.import_file(prepared, "hazards", utf16)
    assert not report.ok and "UTF-16" in str(report.errors[0])
    garbage = tmp_path / "bad.csv"
    garbage.write_bytes(exported["hazards"].read_bytes()[3:] + b"\r\n\xff\xfe\x80")
    report = importer.import_file(prepared, "hazards", garbage)
    assert not report.ok and "neither UTF-8 nor GB18030" in report.errors[0].message
    # the header and rows, their cells' line breaks, the empty line, then the bad bytes
    assert report.errors[0].message.startswith(f"Line {len(rows) + _extra_lines(rows) + 2} ")
    _untouched(prepared, before)


def _extra_lines(rows: list[list[str]]) -> int:
    return sum(cell.count("\n") for row in rows for cell in row)


def test_gb18030_file_from_chinese_excel_is_read(exported: dict[str, Path], prepared: Ledger, tmp_path: Path) -> None:
    rows = [r for r in _rows(exported, "hazards") if "𠮷" not in "".join(r)]
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "gb.csv", rows, "gb18030"))
    assert report.ok, [str(e) for e in report.errors]
    assert report.encoding == "gb18030" and report.created == len(rows) - 1


def test_header_must_be_the_documented_columns(exported: dict[str, Path], prepared: Ledger, tmp_path: Path) -> None:
    rows = _rows(exported, "hazards")
    before = _events(prepared)
    missing = [[c for i, c in enumerate(r) if i != 14] for r in rows]
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "m.csv", missing))
    assert (report.errors[0].line, report.ok) == (1, False)
    assert "missing columns: description" in report.errors[0].message
    extra = [[*r, "x"] for r in rows]
    extra[0][-1] = "公式"
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "e.csv", extra))
    assert "unknown columns: 公式" in report.errors[0].message
    swapped = [[r[1], r[0], *r[2:]] for r in rows]
    assert (
        "another order"
        in importer.import_file(prepared, "hazards", _write(tmp_path / "s.csv", swapped)).errors[0].message
    )
    _untouched(prepared, before)


def test_bad_rows_are_listed_by_line_and_column(exported: dict[str, Path], prepared: Ledger, tmp_path: Path) -> None:
    rows = _rows(exported, "hazards")
    header = rows[0]
    before = _events(prepared)
    bad = [header, *[list(r) for r in rows[1:]]]
    bad[1][header.index("location")] = "1201\x07回风巷"  # a control character: cannot be data
    bad[2][header.index("found_date")] = "2099-01-01"  # in the future
    bad[3][header.index("level_code")] = "Z"  # no such level
    bad[5][header.index("fixed_on_site")] = "yes"
    path = _write(tmp_path / "bad.csv", bad)
    report = importer.import_file(prepared, "hazards", path)
    assert not report.ok and not report.written
    found = {(e.column, e.message.split(" ")[0]) for e in report.errors}
    assert ("location", "Contains") in found
    assert ("found_date", "Date") in found
    assert ("level_code", "“Z”") in found
    assert ("fixed_on_site", "Write") in found
    lines = {e.column: e.line for e in report.errors}
    assert lines["location"] == 2  # physical lines: the header is line 1
    # a row with a field missing is a structural problem: reported before any row is checked
    bad[4] = bad[4][:-1]
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "short.csv", bad))
    assert [(e.line, e.column) for e in report.errors] == [(5, None)]
    assert f"{len(header) - 1} fields; the header has {len(header)}" in report.errors[0].message
    _untouched(prepared, before)


def test_huge_field_and_row_caps(exported: dict[str, Path], prepared: Ledger, tmp_path: Path) -> None:
    rows = _rows(exported, "hazards")
    header = rows[0]
    before = _events(prepared)
    big = [header, list(rows[1])]
    big[1][header.index("description")] = "长" * 10_000
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "big.csv", big))
    assert (report.errors[0].line, report.errors[0].column) == (2, "description")
    huge = [header, list(rows[1])]
    huge[1][header.index("remarks")] = "x" * 10_000_000
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "huge.csv", huge))
    assert not report.ok and "field larger than field limit" in report.errors[0].message
    small = importer.Limits(max_bytes=1000)
    report = importer.import_file(prepared, "hazards", exported["hazards"], limits=small)
    assert "at most" in report.errors[0].message and report.errors[0].line is None
    _untouched(prepared, before)


def test_a_million_rows_are_refused_quickly(prepared: Ledger, tmp_path: Path) -> None:
    names = KINDS["hazards"].names
    path = tmp_path / "million.csv"
    empty_row = "," * (len(names) - 1) + "\r\n"
    path.write_text(",".join(names) + "\r\n" + empty_row * 1_000_000, encoding="utf-8")
    before = _events(prepared)
    started = time.perf_counter()
    report = importer.import_file(prepared, "hazards", path)
    elapsed = time.perf_counter() - started
    assert not report.ok and "More than 100,000 rows" in report.errors[0].message
    assert report.errors[0].line == 100_002
    assert elapsed < 5, elapsed
    _untouched(prepared, before)


def test_closed_month_is_refused_like_typed_in_records(
    exported: dict[str, Path], prepared: Ledger, tmp_path: Path
) -> None:
    with prepared.write() as w:
        w.insert(
            m.MONTH_CLOSE,
            {
                "month": "2026-05",
                "closed_by": "x",
                "generated_at": "2026-06-01T08:00",
                "report_json": "{}",
                "organisation": "x",
                "pdf_sha256": "0" * 64,
            },
        )
    before = _events(prepared)
    report = importer.import_file(prepared, "hazards", exported["hazards"])
    assert not report.ok
    assert {e.column for e in report.errors} == {"found_date"}
    assert all("2026-05 is closed" in e.message for e in report.errors)
    _untouched(prepared, before)


def test_unknown_kind_and_export_only_kind(exported: dict[str, Path], target: Ledger) -> None:
    from safetywatch.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="cannot be imported"):
        importer.import_file(target, "audit_events", exported["hazards"])
