"""Read the first sheet of an XLSX workbook as rows of text cells, on the standard library alone.

A workbook is a zip of XML parts. This reads only what an import needs — ``xl/workbook.xml`` and its
relationships (which part is the first sheet), ``xl/sharedStrings.xml`` (the texts), ``xl/styles.xml``
(which number formats are dates) and the sheet itself, streamed with ``iterparse`` — and gives each
cell as the text the CSV of the same workbook would hold:

* a text (shared or inline) as it is; a boolean as ``1``/``0``;
* a number as its shortest form (``12``, not ``12.0``); a number in a date style as ``YYYY-MM-DD``
  (``YYYY-MM-DD HH:MM:SS`` when it has a time of day), in a time style as ``HH:MM[:SS]`` (Excel stores
  dates as serial days since 1899-12-30);
* a formula's cached value as a value (a formula itself is never evaluated).

The file is treated as hostile: the zip's size, number of members, the unpacked size and the packing ratio
of every part read are capped (:class:`XlsxLimits`) before anything is unpacked, and reading stops as
soon as a part unpacks to more than it declared; XML with a DTD (entities, external references) is
refused. A problem is a :class:`XlsxError` with a message for the user.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast
from xml.etree.ElementTree import Element, XMLPullParser

from safetywatch.domain.i18n import tr

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: Built-in number formats that show a date, a time or both (ECMA-376 §18.8.30; 27–36 and 50–58 are the
#: East Asian date forms Chinese Excel/WPS use).
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 22, *range(27, 37), *range(50, 59)})
_BUILTIN_TIMES = frozenset({18, 19, 20, 21, 45, 46, 47})
_EPOCH = dt.datetime(1899, 12, 30)
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_CHUNK = 1 << 16


class XlsxError(Exception):
    """The file is not a workbook this reader takes; the message says why and what to do."""


@dataclass(frozen=True)
class XlsxLimits:
    max_bytes: int = 100 * 1024 * 1024  # the file itself
    max_members: int = 1_000  # parts in the zip
    max_unpacked: int = 1024 * 1024 * 1024  # every part read, unpacked, together
    max_ratio: int = 200  # unpacked / packed of one part (sheet XML packs ~10-20 times)


class _Budget:
    def __init__(self, limits: XlsxLimits) -> None:
        self.limits = limits
        self.left = limits.max_unpacked


def read_rows(path: Path, limits: XlsxLimits | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of the first sheet, in order; empty rows are left out and a row's cells
    end at its last non-empty one. Raises :class:`XlsxError`."""
    limits = limits or XlsxLimits()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise XlsxError(tr("Cannot read {path}: {error}").format(path=path, error=exc.strerror or exc)) from exc
    if size > limits.max_bytes:
        raise XlsxError(
            tr("The file is {size} MiB; at most {max} MiB can be imported at once. Split it.").format(
                size=f"{size / 2**20:,.1f}", max=f"{limits.max_bytes / 2**20:,.0f}"
            )
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise XlsxError(tr("Not an XLSX workbook ({error}); save it as .xlsx or CSV again.").format(error=exc)) from exc
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise XlsxError(tr("The workbook has {count} parts; a real one has far fewer.").format(count=len(members)))
        budget = _Budget(limits)
        sheet = _first_sheet(archive, budget)
        shared = _shared_strings(archive, budget)
        dates, times = _styles(archive, budget)
        try:
            yield from _sheet_rows(archive, sheet, budget, shared, dates, times)
        except zipfile.BadZipFile as exc:
            raise XlsxError(tr("The workbook is damaged ({error}).").format(error=exc)) from exc


def _open(archive: zipfile.ZipFile, name: str, budget: _Budget) -> _Counted | None:
    """A part for streaming, after the checks of its declared size and ratio; None if missing."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    limits = budget.limits
    if info.file_size > budget.left or info.file_size > max(info.compress_size, 1) * limits.max_ratio:
        raise XlsxError(
            tr("The workbook part {part} unpacks to {size} MiB from {packed} KiB: refused as a zip bomb.").format(
                part=name, size=f"{info.file_size / 2**20:,.1f}", packed=f"{info.compress_size / 1024:,.0f}"
            )
        )
    return _Counted(archive.open(info), info.file_size, name, budget)


class _Counted:
    """A part's stream that stops when it unpacks to more than its zip entry declared."""

    def __init__(self, stream: IO[bytes], declared: int, name: str, budget: _Budget) -> None:
        self.stream, self.declared, self.name, self.budget, self.read_bytes = stream, declared, name, budget, 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        self.read_bytes += len(data)
        self.budget.left -= len(data)
        if self.read_bytes > self.declared or self.budget.left < 0:
            raise XlsxError(tr("The workbook part {part} unpacks to more than it declares.").format(part=self.name))
        return data

    def close(self) -> None:
        self.stream.close()


def _events(stream: _Counted | None, *, starts: bool = False) -> Iterator[tuple[str, Element]]:
    """Parse events (``end``, and ``start`` with *starts*) of an XML part; a DTD (entities, external
    references) is refused."""
    if stream is None:
        return
    parser: XMLPullParser[Element] = XMLPullParser(["start", "end"] if starts else ["end"])
    try:
        while chunk := stream.read(_CHUNK):
            if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:
                raise XlsxError(tr("The workbook's XML declares a DTD or entities; such a file is refused."))
            parser.feed(chunk)
            yield from _pulled(parser)
        parser.close()
        yield from _pulled(parser)
    except SyntaxError as exc:  # ParseError
        raise XlsxError(tr("The workbook's XML is damaged ({error}).").format(error=exc)) from exc
    finally:
        stream.close()


def _pulled(parser: XMLPullParser[Element]) -> Iterator[tuple[str, Element]]:
    for pulled in parser.read_events():
        yield cast(tuple[str, Element], pulled)  # only start and end events are asked for


def _first_sheet(archive: zipfile.ZipFile, budget: _Budget) -> str:
    first_id = None
    for _, element in _events(_open(archive, "xl/workbook.xml", budget)):
        if element.tag == _MAIN + "sheet" and first_id is None:
            first_id = element.get(_REL + "id")
    targets = {}
    for _, element in _events(_open(archive, "xl/_rels/workbook.xml.rels", budget)):
        if element.tag == _PKG_REL + "Relationship":
            targets[element.get("Id")] = element.get("Target", "")
    target = targets.get(first_id)
    if not target:
        if "xl/worksheets/sheet1.xml" in archive.namelist():
            return "xl/worksheets/sheet1.xml"
        raise XlsxError(tr("The workbook has no sheet."))
    name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return name


def _text(element: Element) -> str:
    """The text of a ``<si>`` or ``<is>``: its ``<t>`` runs, without the phonetic ``<rPh>`` runs."""
    parts: list[str] = []
    for child in element:
        if child.tag == _MAIN + "t":
            parts.append(child.text or "")
        elif child.tag == _MAIN + "r":
            parts.extend(t.text or "" for t in child.iter(_MAIN + "t"))
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, budget: _Budget) -> list[str]:
    out: list[str] = []
    for _, element in _events(_open(archive, "xl/sharedStrings.xml", budget)):
        if element.tag == _MAIN + "si":
            out.append(_text(element))
            element.clear()
    return out


def _styles(archive: zipfile.ZipFile, budget: _Budget) -> tuple[set[int], set[int]]:
    """The cell styles (``s`` indexes) that show a date (or date and time), and those that show a time."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_cell_xfs = False
    for event, element in _events(_open(archive, "xl/styles.xml", budget), starts=True):
        tag = element.tag
        if tag == _MAIN + "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and tag == _MAIN + "numFmt":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        elif event == "end" and tag == _MAIN + "xf" and in_cell_xfs:
            formats.append(int(element.get("numFmtId", "0")))
    dates, times = set(), set()
    for index, fmt in enumerate(formats):
        if fmt in _BUILTIN_DATES:
            dates.add(index)
        elif fmt in _BUILTIN_TIMES:
            times.add(index)
        elif fmt in custom:
            code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", custom[fmt]).lower()
            if any(c in code for c in "yd") or ("m" in code and "h" not in code and "s" not in code):
                dates.add(index)
            elif "h" in code or "s" in code:
                times.add(index)
    return dates, times


def _column_index(ref: str) -> int:
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        raise XlsxError(tr("The workbook has a cell named “{ref}”; it is damaged.").format(ref=ref))
    number = 0
    for letter in match[1]:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _number(text: str, style: int, dates: set[int], times: set[int]) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    if style in dates or style in times:
        try:
            moment = _EPOCH + dt.timedelta(days=value)
        except OverflowError:
            return text
        moment = (moment + dt.timedelta(milliseconds=500)).replace(microsecond=0)  # Excel's float noise
        if style in times and value < 1:
            return moment.strftime("%H:%M" if moment.second == 0 else "%H:%M:%S")
        if moment.time() == dt.time(0):
            return moment.date().isoformat()
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _sheet_rows(
    archive: zipfile.ZipFile, sheet: str, budget: _Budget, shared: list[str], dates: set[int], times: set[int]
) -> Iterator[tuple[int, list[str]]]:
    stream = _open(archive, sheet, budget)
    if stream is None:
        raise XlsxError(tr("The workbook has no sheet."))
    row_number = 0
    for _, element in _events(stream):
        if element.tag != _MAIN + "row":
            continue
        row_number = int(element.get("r") or row_number + 1)
        cells: dict[int, str] = {}
        position = -1
        for cell in element:
            if cell.tag != _MAIN + "c":
                continue
            ref = cell.get("r")
            position = _column_index(ref) if ref else position + 1
            kind = cell.get("t", "n")
            value = cell.find(_MAIN + "v")
            raw = value.text or "" if value is not None else ""
            if kind == "s":
                try:
                    text = shared[int(raw)]
                except (ValueError, IndexError):
                    message = tr("Row {row} refers to a text the workbook does not have.")
                    raise XlsxError(message.format(row=row_number)) from None
            elif kind == "inlineStr":
                inline = cell.find(_MAIN + "is")
                text = _text(inline) if inline is not None else ""
            elif kind == "b":
                text = "1" if raw.strip() == "1" else "0"
            elif kind in ("str", "e"):
                text = raw
            else:
                text = _number(raw, int(cell.get("s", "0")), dates, times) if raw else ""
            if text:
                cells[position] = text
        element.clear()
        if cells:
            width = max(cells) + 1
            yield row_number, [cells.get(i, "") for i in range(width)]
