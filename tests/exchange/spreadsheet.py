"""What a spreadsheet program does to an exported file that a user opens and saves (issue 13 §5).

- **CSV in Excel, zh-CN Windows** ("CSV (逗号分隔)"): a cell's leading ``'`` is Excel's text marker, so the
  export's formula guard is read as such and dropped; ``2026-01-05`` is read as a date and saved as
  ``2026/1/5``, ``08:30`` as ``8:30``; the file is saved in the ANSI code page (GBK) with CRLF line ends.
- **XLSX**: openpyxl loads the workbook and saves it (cells keep their types; the guard is a literal
  character of a text cell), then the sheet is saved as "CSV UTF-8" the way Excel writes its cells.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_HH_MM = re.compile(r"(\d{2}):(\d{2})", re.ASCII)


def excel_cell(value: str) -> str:
    """The text Excel (zh-CN) saves for a CSV cell it opened."""
    if value.startswith("'"):
        return value[1:]
    day = _ISO_DAY.fullmatch(value)
    if day:
        year, month, date = (int(part) for part in day.groups())
        return f"{year}/{month}/{date}"
    time = _HH_MM.fullmatch(value)
    if time:
        return f"{int(time[1])}:{time[2]}"
    return value


def resave_csv_as_excel(exported: Path, out: Path) -> Path:
    """*exported* (our CSV) opened and saved by Excel on Chinese Windows."""
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"), newline="")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(rows[0])
    writer.writerows([excel_cell(cell) for cell in row] for row in rows[1:])
    out.write_bytes(buffer.getvalue().encode("gbk"))
    return out


def resave_xlsx(exported: Path, out: Path) -> Path:
    """*exported* (our XLSX) loaded and saved by openpyxl, then saved as CSV UTF-8 (with BOM)."""
    workbook = openpyxl.load_workbook(exported)
    saved = out.with_suffix(".xlsx")
    workbook.save(saved)
    reread = openpyxl.load_workbook(saved, read_only=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    try:
        for row in reread.worksheets[0].iter_rows(values_only=True):
            writer.writerow(["" if value is None else str(value) for value in row])
    finally:
        reread.close()
    out.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return out
