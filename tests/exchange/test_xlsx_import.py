"""XLSX import: a workbook written as Excel/WPS write them (shared strings, date and time cells, numbers
stored as floats, booleans), read by the standard-library reader; hostile workbooks refused before they
are unpacked."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import importer, xlsx_reader
from safetywatch.exchange.columns import IMPORTABLE, KINDS, LABELS, header_row
from safetywatch.services.core.ledger import Ledger
from tests.exchange.conftest import Source
from tests.exchange.every_kind import export_all, fill_every_kind
from tests.helpers import count_rows, seeded_ledger


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> Source:
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    led = seeded_ledger(tmp_path_factory.mktemp("every") / "source.db", clock)
    source = fill_every_kind(led)
    yield source  # type: ignore[misc]
    led.engine.dispose()


@pytest.fixture
def prepared(every: Source, empty_target: Ledger, tmp_path: Path) -> Ledger:
    """An empty database (a file, and on PostgreSQL) with the source's reference data, squad checks, tours,
    hazards and 三违."""
    keys = export_all(every.ledger, tmp_path / "keys", headers="keys")
    for kind in IMPORTABLE[: IMPORTABLE.index("family")]:
        assert importer.import_file(empty_target, kind, keys[kind]).ok
    return empty_target


def _workbook(path: Path, kind: str, rows: list[list[object]], *, number_formats: dict[str, str] | None = None) -> Path:
    """A workbook as a spreadsheet saves it: Chinese headers, typed cells (openpyxl: shared strings)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    header = list(header_row(KINDS[kind], LABELS))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for column, fmt in (number_formats or {}).items():
        index = KINDS[kind].names.index(column) + 1
        for cells in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cells[0].number_format = fmt
    book.save(path)
    return path


def _row(kind_key: str, /, **values: object) -> list[object]:
    names = KINDS[kind_key].names
    return [values.get(name) for name in names]


def test_typed_cells_of_a_spreadsheet_workbook(prepared: Ledger, tmp_path: Path) -> None:
    """Dates as date cells (in Excel's and the Chinese date formats), whole numbers stored as 12.0, a
    boolean flag, labels for fixed values, trailing empty cells left out."""
    book = _workbook(
        tmp_path / "家属协管.xlsx",
        "family",
        [
            _row(
                "family",
                on_date=dt.datetime(2026, 5, 12),
                kind="家访",
                visitors="女工委",
                person_visited="-550水平 钱八",
                reason="不放心人员",
                worry_type="家庭困难",
                participants=2.0,
                mine_code="M01",
            ),
            _row(
                "family",
                on_date=dt.date(2026, 5, 13),
                kind="座谈",
                visitors="女工委",
                participants=25,
                voided=False,
                mine_code="M01",
            ),
        ],
        number_formats={"on_date": 'yyyy"年"m"月"d"日"'},
    )
    report = importer.import_file(prepared, "family", book)
    assert report.ok and report.encoding == "xlsx" and report.created == 2, [str(e) for e in report.errors]
    with prepared.read() as conn:
        stored = conn.exec_driver_sql(
            "SELECT on_date, kind, reason, person_visited, participants FROM family_activity ORDER BY id"
        ).all()
    assert [tuple(r) for r in stored] == [
        ("2026-05-12", "home_visit", "worry", "-550水平 钱八", 2),
        ("2026-05-13", "forum", None, None, 25),
    ]


def test_duty_marks_from_a_workbook_with_time_cells(prepared: Ledger, tmp_path: Path) -> None:
    """A hand-made shift register: no sheet UUID (one sheet per workstation, day and shift), times as time
    cells, the status as its Chinese label."""
    common = {"shift_date": dt.date(2026, 5, 21), "shift_code": "1", "workstation_code": "JK01"}
    book = _workbook(
        tmp_path / "班表.xlsx",
        "duty",
        [
            _row("duty", **common, employee_no="Q001", status="上岗", time_in=dt.time(7, 50), reported=1, n_hazards=1),
            _row("duty", **common, employee_no="Q002", status="缺岗"),
        ],
        number_formats={"time_in": "h:mm"},
    )
    report = importer.import_file(prepared, "duty", book)
    assert report.ok and report.created == 2, [str(e) for e in report.errors]
    with prepared.read() as conn:
        marks = conn.exec_driver_sql(
            "SELECT i.employee_no, d.status, d.time_in, d.reported, d.n_hazards FROM duty d "
            "JOIN inspector i ON i.id = d.inspector_id WHERE d.shift_date = '2026-05-21' ORDER BY 1"
        ).all()
    assert [tuple(m) for m in marks] == [("Q001", "on", "07:50", 1, 1), ("Q002", "absent", None, 0, 0)]
    again = importer.import_file(prepared, "duty", book)  # the derived sheet UUID finds it again
    assert again.ok and again.created == 0 and again.present == 2


def test_a_date_cell_with_a_time_of_day_is_refused_on_its_row(prepared: Ledger, tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "f.xlsx",
        "family",
        [_row("family", on_date=dt.datetime(2026, 5, 12, 14, 30), kind="座谈", visitors="女工委", participants=3)],
    )
    report = importer.import_file(prepared, "family", book)
    assert [(e.line, e.column) for e in report.errors] == [(2, "on_date")]
    assert "14:30" in report.errors[0].message


# --- hostile workbooks ----------------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


_WORKBOOK = (
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _refused(prepared: Ledger, path: Path, words: str) -> None:
    before = count_rows(prepared, "family_activity")
    report = importer.import_file(prepared, "family", path)
    assert not report.ok and not report.written
    assert words in str(report.errors[0]), [str(e) for e in report.errors]
    assert count_rows(prepared, "family_activity") == before


def test_a_zip_bomb_is_refused_before_it_is_unpacked(prepared: Ledger, tmp_path: Path) -> None:
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    bomb = sheet + b" " * (50 * 1024 * 1024) + b"</sheetData></worksheet>"
    path = _zip(
        tmp_path / "bomb.xlsx",
        {"xl/workbook.xml": _WORKBOOK, "xl/_rels/workbook.xml.rels": _RELS, "xl/worksheets/sheet1.xml": bomb},
    )
    assert path.stat().st_size < 200_000
    _refused(prepared, path, "zip bomb")


def test_entities_and_too_many_parts_are_refused(prepared: Ledger, tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    path = _zip(
        tmp_path / "lol.xlsx",
        {"xl/workbook.xml": _WORKBOOK, "xl/_rels/workbook.xml.rels": _RELS, "xl/worksheets/sheet1.xml": laughs},
    )
    _refused(prepared, path, "DTD")
    many = _zip(tmp_path / "many.xlsx", {f"x/{i}.xml": b"" for i in range(1_001)})
    _refused(prepared, many, "parts")
    not_zip = tmp_path / "renamed.xlsx"
    not_zip.write_bytes(b"PK\x03\x04 but not really a zip")
    _refused(prepared, not_zip, "XLSX")


def test_reader_limits_are_its_own() -> None:
    limits = xlsx_reader.XlsxLimits()
    assert limits.max_ratio <= 1000 and limits.max_members <= 10_000


@pytest.mark.slow  # 50,000 records go through the use cases (staged on a copy) before the last row fails
@pytest.mark.parametrize("fmt", ["csv"])  # the XLSX reader feeds the same row checks (tests above)
def test_fifty_thousand_rows_with_one_bad_row_at_the_end_write_nothing(
    prepared: Ledger, tmp_path: Path, fmt: str
) -> None:
    rows = [
        _row(
            "family",
            on_date=f"2026-0{1 + i % 5}-{1 + i % 28:02d}",
            kind="座谈",
            visitors=f"女工委{i}",
            participants=1 + i % 40,
            mine_code="M01",
        )
        for i in range(49_999)
    ]
    rows.append(_row("family", on_date="2026/2/30", kind="座谈", visitors="女工委", participants=3, mine_code="M01"))
    if fmt == "xlsx":
        path = _workbook(tmp_path / "big.xlsx", "family", rows)
    else:
        path = tmp_path / "big.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(header_row(KINDS["family"], LABELS))
            writer.writerows(["" if v is None else v for v in row] for row in rows)
    before = count_rows(prepared, "family_activity"), count_rows(prepared, "audit_event")
    report = importer.import_file(prepared, "family", path)
    assert report.rows == 50_000 and not report.written
    assert [(e.line, e.column) for e in report.errors] == [(50_001, "on_date")], [str(e) for e in report.errors[:3]]
    assert (count_rows(prepared, "family_activity"), count_rows(prepared, "audit_event")) == before
