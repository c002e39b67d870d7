"""Cells as spreadsheets save them (issue 13 §5): text that looks like a formula is data, the formula guard
round-trips every text, dates and times come in the zh-CN forms, and what cannot be data is refused by
line and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from safetywatch.exchange import export, importer
from safetywatch.services.core.ledger import Ledger
from tests.exchange.conftest import Source, empty_ledger
from tests.exchange.test_import import ORDER, _export_all
from tests.helpers import count_rows


@pytest.fixture(scope="module")
def exported(source: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _export_all(source.ledger, tmp_path_factory.mktemp("exported"))


@pytest.fixture
def prepared(exported: dict[str, Path], empty_target: Ledger) -> Ledger:
    """An empty database (a file, and on PostgreSQL) with the source's reference data."""
    for kind in ORDER[:8]:
        assert importer.import_file(empty_target, kind, exported[kind]).ok
    return empty_target


def _table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    return list(reader.fieldnames or ()), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _hand_made(exported: dict[str, Path], **cells: str) -> tuple[list[str], dict[str, str]]:
    """A registered hazard row of the source without UUID and number (a new record), with *cells*."""
    header, rows = _table(exported["hazards"])
    row = next(r for r in rows if r["status"] == "registered" and r["voided"] == "0")
    return header, {**row, "uuid": "", "number": "", **cells}


def _stored(ledger: Ledger, column: str) -> list[str]:
    with ledger.read() as conn:
        return conn.exec_driver_sql(f"SELECT {column} FROM hazard ORDER BY id").scalars().all()


TEXTS_LIKE_FORMULAS = ("-550水平中央泵房", "+120水平变电所", "=SUM(A1)", "@副井口信号房", "-")


def test_text_that_looks_like_a_formula_is_stored_as_it_is(
    exported: dict[str, Path], prepared: Ledger, tmp_path: Path
) -> None:
    """Excel drops the export's guard when it saves a CSV: `-550水平中央泵房` comes back without its `'`."""
    header, rows = [], []
    for i, text in enumerate(TEXTS_LIKE_FORMULAS):
        header, row = _hand_made(exported, location=text, description=f"{text} 第{i}处")
        rows.append(row)
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "levels.csv", header, rows))
    assert report.ok and report.created == len(TEXTS_LIKE_FORMULAS), [str(e) for e in report.errors]
    assert _stored(prepared, "location") == list(TEXTS_LIKE_FORMULAS)
    # exported again, each gets the guard back: a spreadsheet user is protected as before
    with prepared.read() as conn:
        export.export(conn, "hazards", tmp_path / "again.csv", headers="keys")
    assert [r["location"] for r in _table(tmp_path / "again.csv")[1]] == [f"'{t}" for t in TEXTS_LIKE_FORMULAS]


APOSTROPHES = ("'abc", "'", "'=1+1", "''=x", "''abc", "'-550水平")


def _guarded(text: str) -> str:
    """The cell the export writes for *text* (docs/csv-format.md, the formula guard)."""
    return f"'{text}" if text.lstrip("'")[:1] in ("=", "+", "-", "@") else text


def test_the_guard_round_trips_texts_that_start_with_apostrophes(
    exported: dict[str, Path], prepared: Ledger, tmp_path: Path
) -> None:
    header, rows = [], []
    for text in APOSTROPHES:
        header, row = _hand_made(exported, location=_guarded(f"{text}巷"), remarks=_guarded(text))
        rows.append(row)
    first = tmp_path / "first.csv"
    importer.import_file(prepared, "hazards", _write(first, header, rows))
    assert _stored(prepared, "remarks") == list(APOSTROPHES)
    with prepared.read() as conn:
        export.export(conn, "hazards", tmp_path / "out.csv")
    target = empty_ledger(tmp_path / "second.db")
    try:
        for kind in ORDER[:8]:
            assert importer.import_file(target, kind, exported[kind]).ok
        report = importer.import_file(target, "hazards", tmp_path / "out.csv")
        assert report.ok and report.created == len(APOSTROPHES)
        assert _stored(target, "remarks") == list(APOSTROPHES)
        assert _stored(target, "location") == [f"{t}巷" for t in APOSTROPHES]
    finally:
        target.engine.dispose()


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1201\x07回风巷", "Contains a control character (U+0007)"),
        ("\t-550水平", "Contains a control character (U+0009)"),
        (" -550水平", "Starts or ends with spaces"),
        ("1201\u202e回风巷", "text-direction control character"),
    ],
)
def test_what_cannot_be_data_is_refused_by_line_and_column(
    exported: dict[str, Path], prepared: Ledger, tmp_path: Path, cell: str, message: str
) -> None:
    header, row = _hand_made(exported, location=cell)
    _, good = _hand_made(exported, description="另一处")
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "bad.csv", header, [good, row]))
    assert not report.written
    assert [(e.line, e.column) for e in report.errors] == [(3, "location")]
    assert message in report.errors[0].message
    assert count_rows(prepared, "hazard") == 0


def test_dates_and_times_in_the_forms_excel_saves_them(
    exported: dict[str, Path], prepared: Ledger, tmp_path: Path
) -> None:
    forms = {
        "2026/5/3": "2026-05-03",
        "2026年5月4日": "2026-05-04",
        "2026-5-5": "2026-05-05",
        "2026/5/6 0:00": "2026-05-06",
    }
    header, rows = [], []
    for i, (form, _iso) in enumerate(forms.items()):
        header, row = _hand_made(exported, found_date=form, deadline="2026/7/1", original_deadline="2026/7/1")
        row["description"] = f"第{i}处"
        rows.append(row)
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "dates.csv", header, rows, "gbk"))
    assert report.ok and report.encoding == "gb18030", [str(e) for e in report.errors]
    assert _stored(prepared, "found_date") == list(forms.values())
    assert set(_stored(prepared, "deadline")) == {"2026-07-01"}
    # a 三违 time as Excel saves it (8:30), and its date
    vheader, vrows = _table(exported["violations"])
    ticket = {**vrows[0], "uuid": "", "number": "", "hazard_number": "", "found_time": "8:05", "found_date": "2026/6/2"}
    assert importer.import_file(prepared, "violations", _write(tmp_path / "v.csv", vheader, [ticket])).ok
    with prepared.read() as conn:
        assert conn.exec_driver_sql("SELECT found_date, found_time FROM violation").one() == ("2026-06-02", "08:05")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("5/3/2026", "Not a date; write it as YYYY-MM-DD (2026-01-05), YYYY/M/D (2026/1/5) or YYYY年M月D日"),
        ("2026/2/30", "2026/2/30 is not a day of the calendar"),
        ("2026/5/3 8:30", "This column holds a day, not a time of day"),
    ],
)
def test_a_bad_date_is_named_by_line_and_column_with_the_forms(
    exported: dict[str, Path], prepared: Ledger, tmp_path: Path, cell: str, message: str
) -> None:
    header, row = _hand_made(exported, rectified_on="", found_date=cell)
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "bad.csv", header, [row]))
    assert [(e.line, e.column) for e in report.errors] == [(2, "found_date")]
    assert report.errors[0].message.startswith(message)


def test_a_hand_made_row_is_found_again_after_excel_rewrote_its_dates(
    exported: dict[str, Path], prepared: Ledger, tmp_path: Path
) -> None:
    """A row without UUID gets one from its content; the content counts dates in their stored form."""
    header, row = _hand_made(exported, found_date="2026-05-03", deadline="2026-07-01", original_deadline="2026-07-01")
    assert importer.import_file(prepared, "hazards", _write(tmp_path / "a.csv", header, [row])).created == 1
    resaved = {**row, "found_date": "2026/5/3", "deadline": "2026/7/1", "original_deadline": "2026/7/1"}
    report = importer.import_file(prepared, "hazards", _write(tmp_path / "b.csv", header, [resaved], "gbk"))
    assert report.ok and report.created == 0 and report.present == 1
    assert count_rows(prepared, "hazard") == 1
