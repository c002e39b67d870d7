"""CSV and XLSX import of historic registers, in the export format of the same kind (round trip).

Checked in this order, and refused at the first step that fails, before the database is touched:

1. **Size** (``Limits.max_bytes``), from the file's size alone.
2. **Decoding**, strict: UTF-8 (with or without BOM), else GB18030 (what Chinese Excel/WPS save as
   "CSV"); UTF-16/32, NUL bytes and undecodable bytes are refused with the line they are on. A workbook
   (``.xlsx``, or any zip) is read instead by :mod:`~safetywatch.exchange.xlsx_reader`, within its limits.
3. **Structure** (``csv`` module, strict; or the sheet's rows): the header must be exactly the kind's
   documented columns (``docs/csv-format.md``), by machine key or Chinese header; every row must have as
   many fields; fields longer than ``Limits.max_field_chars`` and more than ``Limits.max_rows`` rows are
   refused.
4. **Cells:** a fixed value's Chinese label is read as its code; the export's formula guard is undone
   (one leading ``'`` before ``'``s and one of ``= + - @`` TAB CR); a text that starts like a formula
   without it is taken as it is (a spreadsheet drops the guard when it saves the file; the export guards
   the text again). Dates and times are read in the forms
   spreadsheets save them (:mod:`~safetywatch.exchange.cell_forms`). What cannot be data (control
   characters, ...) is refused by the records' own text rules in step 5.
5. **Rows**, as one transaction of the signed-in user: references resolved by code, then each row's
   record created through its kind's use cases (``kinds.registry``; ``reference.save_in`` for reference
   data), with their checks, the writer's role check and closed-month rule; a hazard's recorded steps are
   replayed through ``hazards.act_in`` (:mod:`~safetywatch.exchange.loop_replay`); the ``duty`` rows of
   one shift sheet are saved together as that sheet. Every problem is listed
   by line and column; if there is any, the transaction is rolled back: all or nothing. A write the user's
   role may not make stops the import (and is audited as refused). A big file runs on a copy of the
   database and is copied in with one short transaction (:mod:`~safetywatch.exchange.staging`), so the
   write lock is not held while it is checked.

The importer only parses, resolves codes and calls the use cases. Records keep their UUID (or get one
derived from their content) and their number, so importing the same file again finds them and creates
nothing. They are audited like entered ones, in the importing user's name, with the file and its SHA-256
as the reason of events that give none — and the import itself is one more audit event (entity
``import``) with the file's name, SHA-256 and counts.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from safetywatch.db import models as m
from safetywatch.domain.clock import utc_iso
from safetywatch.domain.errors import (
    FieldError,
    PermissionDeniedError,
    SafetyWatchError,
    TransitionError,
    ValidationError,
)
from safetywatch.domain.hazard_loop import HazardStatus
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.domain.validation import reason_problem, text_problem
from safetywatch.exchange import cell_forms, loop_replay, staging, xlsx_reader
from safetywatch.exchange.columns import (
    DATE,
    ENCODINGS,
    FORMULA_TRIGGERS,
    IMPORTABLE,
    KINDS,
    LABELS,
    TIME,
    Kind,
    header_row,
)
from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.origin import Origin
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import (
    duty,
    family,
    hazards,
    reference,
    registry,
    squads,
    suggestions,
    tours,
    training,
    violations,
)

_NAMESPACE = uuid.UUID("5d0b8f5e-8d6b-4c39-9a51-2f3c6b1f0e77")  # SafetyWatch imports
_GUARD = re.compile("'+[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or mistaken file from tying up the program."""

    max_bytes: int = 100 * 1024 * 1024
    max_rows: int = 100_000
    max_field_chars: int = 8_000
    max_errors: int = 200
    #: Files of up to this many rows are written in the ledger's own transaction (about a second of write
    #: lock); bigger ones are staged on a copy of the database (``exchange.staging``) ...
    direct_rows: int = 1_000
    #: ... when the rows take longer to write than the copy takes to make: writing costs ~1 ms a row
    #: (50,000 hazards in ~55 s), copying ~7 ms per MiB of database (the backup API on an old disk), so a
    #: 2 GiB group file is copied for an import of some 15,000 rows or more, not for one of 1,001.
    staged_rows_per_mib: int = 7


@dataclass(frozen=True)
class LineError:
    """One problem: the file's line (1 = the header; ``None`` for the whole file) and column."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [tr("line {line}").format(line=self.line)] if self.line is not None else []
        if self.column:
            where.append(self.column)
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass
class ImportReport:
    """What an import (or a dry run) found and did."""

    kind: str
    file: Path
    sha256: str = ""
    encoding: str | None = None
    rows: int = 0
    created: int = 0
    present: int = 0  # already in the database (same UUID or same code): skipped
    errors: list[LineError] = field(default_factory=list)
    more_errors: bool = False  # stopped listing at Limits.max_errors
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


Progress = Callable[[int, int], None]


class _RollbackError(Exception):
    """Roll the transaction back (errors found, or a dry run)."""


# --- reading the file ---------------------------------------------------------------------------------


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def decode(data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with; :class:`SafetyWatchError` if it is not
    UTF-8 (with or without BOM) or GB18030."""
    if encoding not in ENCODINGS:
        raise SafetyWatchError(tr("Unknown encoding “{encoding}”; use utf-8 or gb18030.").format(encoding=encoding))
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SafetyWatchError(tr("The file is UTF-16 or UTF-32; save it as CSV UTF-8 and import it again."))
    if b"\x00" in data:
        raise SafetyWatchError(
            tr("The file contains NUL bytes (line {line}): it is not a CSV text file (UTF-16 or binary?).").format(
                line=_line_of(data, data.index(b"\x00"))
            )
        )
    if data.startswith(codecs.BOM_UTF8):
        if encoding == "gb18030":
            raise SafetyWatchError(tr("The file starts with a UTF-8 mark but GB18030 was chosen."))
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise SafetyWatchError(
                tr("The file says it is UTF-8 but line {line} is not; save it as CSV UTF-8 again.").format(
                    line=_line_of(data, exc.start + 3)
                )
            ) from None
    attempts = ("utf-8", "gb18030") if encoding == "auto" else (encoding,)
    first_error: UnicodeDecodeError | None = None
    for name in attempts:
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise SafetyWatchError(
        tr("Line {line} is neither UTF-8 nor GB18030 text; save the file as CSV UTF-8 and import it again.").format(
            line=_line_of(data, first_error.start)
        )
    )


@dataclass
class _Parsed:
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def parse(text: str, kind: Kind, limits: Limits) -> _Parsed:
    """Rows as (line, raw cells in column order) after the structural checks; stops at the first refusal."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    broken: list[LineError] = []

    def records() -> Iterator[tuple[int, list[str]]]:
        while True:
            line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # the rows before it are checked as well; nothing after it is read
                broken.append(LineError(reader.line_num or 1, None, tr("Not valid CSV: {error}").format(error=exc)))
                return
            yield line, record

    out = parse_records(records(), kind, limits)
    if broken:
        out.errors = [e for e in out.errors if e.line is not None] + broken
        out.rows.clear()
    return out


def parse_records(records: Iterable[tuple[int, list[str]]], kind: Kind, limits: Limits) -> _Parsed:
    """The structural checks of rows (line, cells) read from a CSV or XLSX file: the header (machine keys or
    Chinese headers, in the documented order), the field counts and lengths, the number of rows."""
    out = _Parsed()
    expected = list(kind.names)
    header: list[str] | None = None
    for line, record in records:
        if header is None:
            header = _header_names(kind, record)
            problem = _header_problem(header, expected)
            if problem:
                out.errors.append(LineError(1, None, problem))
                return out
            continue
        if not record:
            continue  # an empty line
        if len(out.rows) >= limits.max_rows:
            out.errors.append(
                LineError(
                    line,
                    None,
                    tr("More than {max} rows: split the file and import the parts one after another.").format(
                        max=f"{limits.max_rows:,}"
                    ),
                )
            )
            out.rows.clear()
            return out
        if len(record) != len(expected):
            out.errors.append(
                LineError(
                    line,
                    None,
                    tr("{fields} fields; the header has {columns}.").format(fields=len(record), columns=len(expected)),
                )
            )
        elif max(map(len, record)) > limits.max_field_chars:
            for name, value in zip(expected, record, strict=True):
                if len(value) > limits.max_field_chars:
                    message = tr("Longer than {max} characters.").format(max=f"{limits.max_field_chars:,}")
                    out.errors.append(LineError(line, name, message))
        else:
            out.rows.append((line, record))
        if len(out.errors) >= limits.max_errors:
            return out
    if header is None:
        out.errors.append(LineError(None, None, tr("The file is empty.")))
    return out


def _header_names(kind: Kind, header: list[str]) -> list[str]:
    """The header's cells as column keys: a machine key stays, a Chinese header becomes its key (either set,
    and a mix, is accepted; surrounding blanks a spreadsheet added are ignored)."""
    by_label = dict(zip(header_row(kind, LABELS), kind.names, strict=True))
    return [by_label.get(cell.strip(), cell.strip()) for cell in header]


def _header_problem(header: list[str], expected: list[str]) -> str | None:
    if header == expected:
        return None
    seen: set[str] = set()
    duplicates = sorted({h for h in header if h in seen or seen.add(h)})  # type: ignore[func-returns-value]
    missing = [c for c in expected if c not in header]
    extra = [h for h in header if h not in expected]
    parts = []
    if missing:
        parts.append(tr("missing columns: {names}").format(names=", ".join(missing)))
    if extra:
        parts.append(tr("unknown columns: {names}").format(names=", ".join(extra)))
    if duplicates:
        parts.append(tr("repeated columns: {names}").format(names=", ".join(duplicates)))
    if not parts:
        parts.append(tr("the columns are in another order"))
    return tr(
        "The header does not match the documented columns ({details}). Export one to see them "
        "(Chinese headers or machine keys)."
    ).format(details="; ".join(parts))


# --- cells --------------------------------------------------------------------------------------------


@cache
def _label_codes(kind_key: str) -> dict[str, dict[str, str]]:
    """{column: {Chinese label: code}} of a kind's fixed-value columns."""
    return {c.name: {label: code for code, label in c.values} for c in KINDS[kind_key].columns if c.values}


def _as_codes(kind: Kind, cells: Mapping[str, str]) -> Mapping[str, str]:
    """The row's cells with a fixed value's Chinese label (an export with Chinese headers) as its code."""
    labels = _label_codes(kind.key)
    if not labels:
        return cells
    out = dict(cells)
    for column, codes in labels.items():
        code = codes.get(out[column].strip())
        if code is not None:
            out[column] = code
    return out


class _Row:
    """One row's cells, converted by column type; conversion problems are collected by column."""

    def __init__(self, kind: Kind, line: int, cells: Mapping[str, str]) -> None:
        self.kind = kind
        self.line = line
        self.cells = _as_codes(kind, cells)
        self.errors: list[FieldError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(FieldError(column, message))

    def text(self, column: str) -> str:
        """The cell's text as stored: without the export's formula guard, otherwise as it is. A text that
        starts like a formula without the guard is a spreadsheet's save of a guarded cell (Excel takes the
        ``'`` as its text marker and drops it) or typed so: it is data, and the export guards it again."""
        value = self.cells[column]
        return value[1:] if _GUARD.match(value) else value

    def optional_text(self, column: str) -> str | None:
        return self.text(column) or None

    def integer(self, column: str) -> int | None:
        value = self.cells[column].strip()
        if not value:
            return None
        if not re.fullmatch(r"-?\d{1,12}", value, re.ASCII):
            self.fail(column, tr("Not a whole number."))
            return None
        return int(value)

    def flag(self, column: str) -> bool:
        value = self.cells[column].strip()
        if value not in ("", "0", "1"):
            self.fail(column, tr("Write 1 (yes) or 0 (no)."))
        return value == "1"

    def date(self, column: str) -> dt.date | None:
        """The day in a date cell, in any form of :mod:`~safetywatch.exchange.cell_forms`; ``None`` if empty."""
        value = self.cells[column].strip()
        if not value:
            return None
        day, problem = cell_forms.parse_date(value)
        if problem:
            self.fail(column, problem)
        return day

    def time(self, column: str) -> str:
        """A time cell as ``HH:MM`` (``8:30`` as a spreadsheet saves it is ``08:30``); "" if empty."""
        value = self.cells[column].strip()
        if not value:
            return ""
        time, problem = cell_forms.parse_time(value)
        if problem:
            self.fail(column, problem)
        return time or value

    def form_text(self, column: str) -> str:
        """The cell as a form's field holds it (reference data is saved from texts): a date as
        ``YYYY-MM-DD``, a time as ``HH:MM``, a text without the guard."""
        kind = self.kind.column(column).type
        if kind == DATE:
            day = self.date(column)
            return day.isoformat() if day else ""
        if kind == TIME:
            return self.time(column)
        return self.text(column)

    def stored(self, column: str) -> str:
        """The cell in its storage form where its type has one (dates ISO, times HH:MM), else as given."""
        value = self.cells[column]
        kind = self.kind.column(column).type
        if kind == DATE and value.strip():
            day, _ = cell_forms.parse_date(value)
            return day.isoformat() if day else value
        if kind == TIME and value.strip():
            time, _ = cell_forms.parse_time(value)
            return time or value
        return value

    def sheet_uuid(self) -> str:
        """A duty row's shift sheet: its ``sheet_uuid``, or one derived from the workstation, day and shift."""
        given = self.text("sheet_uuid").strip()
        if given:
            try:
                return str(uuid.UUID(given))
            except ValueError:
                self.fail("sheet_uuid", tr("Not a UUID; leave it empty for a new shift sheet."))
        content = "\x1f".join(self.stored(c).strip() for c in ("workstation_code", "shift_date", "shift_code"))
        return str(uuid.uuid5(_NAMESPACE, f"duty_sheets\x1e{content}"))

    def content_uuid(self) -> str:
        """The record's UUID, or one derived from the row's content (so a re-import finds it again, also
        after a spreadsheet rewrote its dates: they count in their storage form)."""
        given = self.text("uuid").strip()
        if given:
            try:
                return str(uuid.UUID(given))
            except ValueError:
                self.fail("uuid", tr("Not a UUID; leave it empty for a new record."))
        content = "\x1f".join(self.stored(c) for c in self.kind.names if c != "uuid")
        return str(uuid.uuid5(_NAMESPACE, f"{self.kind.key}\x1e{content}"))


# --- the import ---------------------------------------------------------------------------------------


def import_file(
    ledger: Ledger,
    kind_key: str,
    path: Path,
    *,
    dry_run: bool = False,
    encoding: str = "auto",
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import *path* as records of *kind_key*: all or nothing. With *dry_run*, check everything (in a
    transaction that is rolled back) and write nothing. The report lists every problem by line and column."""
    ledger.require(Permission.IMPORT)  # a safety officer's (docs/permissions.md), checked before reading
    limits = limits or Limits()
    report, rows = read_file(kind_key, Path(path), encoding=encoding, limits=limits)
    if report.ok:
        import_rows(ledger, KINDS[kind_key], rows, report, dry_run=dry_run, limits=limits, progress=progress)
    return report


def read_file(
    kind_key: str, path: Path, *, encoding: str = "auto", limits: Limits | None = None
) -> tuple[ImportReport, list[tuple[int, list[str]]]]:
    """The file's rows (line, cells) after the checks of size, encoding and CSV structure; the report
    names the first refusal."""
    limits = limits or Limits()
    report = ImportReport(kind_key, path)
    if kind_key not in IMPORTABLE:
        raise ValidationError.single(
            "kind",
            tr("{kind} cannot be imported; importable kinds: {kinds}.").format(
                kind=kind_key, kinds=", ".join(IMPORTABLE)
            ),
        )
    kind = KINDS[kind_key]
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            report.errors.append(
                LineError(
                    None,
                    None,
                    tr("The file is {size} MiB; at most {max} MiB can be imported at once. Split it.").format(
                        size=f"{size / 2**20:,.1f}", max=f"{limits.max_bytes / 2**20:,.0f}"
                    ),
                )
            )
            return report, []
        data = path.read_bytes()
    except OSError as exc:
        raise SafetyWatchError(tr("Cannot read {path}: {error}").format(path=path, error=exc.strerror or exc)) from exc
    report.sha256 = hashlib.sha256(data).hexdigest()
    if is_xlsx(path, data):
        del data
        report.encoding = "xlsx"
        parsed = _parse_xlsx(path, kind, limits)
    else:
        try:
            text, report.encoding = decode(data, encoding)
        except SafetyWatchError as exc:
            report.errors.append(LineError(None, None, str(exc)))
            return report, []
        del data
        parsed = parse(text, kind, limits)
        del text
    report.rows = len(parsed.rows)
    if parsed.errors:
        report.errors = parsed.errors
        report.more_errors = len(parsed.errors) >= limits.max_errors
        return report, []
    return report, parsed.rows


def is_xlsx(path: Path, data: bytes) -> bool:
    """Whether a file is a workbook: its suffix says so, or it is a zip (what an .xlsx is) whatever its name."""
    return path.suffix.lower() in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04")


def _parse_xlsx(path: Path, kind: Kind, limits: Limits) -> _Parsed:
    """The first sheet's rows, through the same structural checks as a CSV's (line = the sheet's row)."""
    width = len(kind.names)
    xlsx_limits = xlsx_reader.XlsxLimits(max_bytes=limits.max_bytes)

    def padded() -> Iterator[tuple[int, list[str]]]:
        for line, cells in xlsx_reader.read_rows(path, xlsx_limits):
            yield line, cells + [""] * (width - len(cells))  # a sheet leaves trailing empty cells out

    try:
        return parse_records(padded(), kind, limits)
    except xlsx_reader.XlsxError as exc:
        return _Parsed(errors=[LineError(None, None, str(exc))])


def import_rows(
    ledger: Ledger,
    kind: Kind,
    rows: list[tuple[int, list[str]]],
    report: ImportReport,
    *,
    dry_run: bool = False,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> None:
    """Write the rows read from a file in one transaction of *ledger*'s user, through the services: each
    write passes the user's role (a refused one stops the import, and is audited); every row problem is
    listed by line and column and then nothing is written.

    Up to ``limits.direct_rows`` rows run in the ledger's own write transaction (a lock of a second or
    so). A bigger file is staged (:mod:`~safetywatch.exchange.staging`): the same use cases run on a
    private copy of the database without the write lock, and what they wrote is copied in with one short
    transaction, so other programs keep saving while the file is checked."""
    limits = limits or Limits()
    note = tr("Imported from {file} (SHA-256 {sha256})").format(file=report.file.name, sha256=report.sha256)
    write = partial(_write_rows, kind=kind, rows=rows, report=report, dry_run=dry_run, limits=limits, progress=progress)
    try:
        if _staged(ledger, len(rows), limits):
            staging.run_staged(ledger, write, note=note)
        else:
            with ledger.write(note=note) as w:
                write(w)
    except _RollbackError:
        return
    report.written = True


def _staged(ledger: Ledger, rows: int, limits: Limits) -> bool:
    """Whether an import of *rows* rows is worth a private copy of the database (:class:`Limits`)."""
    # staging copies a SQLite file; a server database takes the import in one transaction (its readers do not
    # wait; other writers wait for the advisory write lock)
    if rows <= limits.direct_rows or ledger.server is not None:
        return False
    try:
        mib = ledger.path.stat().st_size / 2**20
    except OSError:
        return True
    return rows > mib * limits.staged_rows_per_mib


def _write_rows(
    w: Writer,
    *,
    kind: Kind,
    rows: list[tuple[int, list[str]]],
    report: ImportReport,
    dry_run: bool,
    limits: Limits,
    progress: Progress | None,
) -> None:
    """Create the rows' records with *w*, counting them in *report*; :class:`_RollbackError` when nothing
    is to be kept (problems, a dry run, nothing new)."""
    report.created = report.present = 0  # a staged import may run again on a newer copy
    report.errors = []
    report.more_errors = False
    context = _Context(w, kind)
    done = 0
    for key, unit in _units(kind, rows):
        try:
            if not any(row.errors for row in unit):
                created = _bring_in(context, unit, key)
                report.created += created
                report.present += len(unit) - created
        except ValidationError as exc:
            unit[0].errors.extend(e for e in exc.errors if e not in unit[0].errors)
        except PermissionDeniedError:
            raise  # the role may not write this at all: no row of the file can pass
        except SafetyWatchError as exc:
            unit[0].errors.append(FieldError("", str(exc)))
        for row in unit:
            for error in row.errors:
                report.errors.append(LineError(row.line, _column(kind, error.field), error.message))
        if len(report.errors) >= limits.max_errors:
            report.more_errors = True
            raise _RollbackError
        done += len(unit)
        if progress is not None and (done // 200 != (done - len(unit)) // 200 or done == len(rows)):
            progress(done, len(rows))
    context.months.apply(w.conn)
    if report.errors or dry_run or report.created == 0:
        raise _RollbackError
    w.audit.append(
        at_utc=utc_iso(w.clock.now_utc()),
        actor=w.actor,
        action="import",
        entity="import",
        entity_id=0,
        entity_uuid=str(uuid.uuid5(_NAMESPACE, report.sha256)),
        before=None,
        after={
            "kind": kind.key,
            "file": report.file.name,
            "sha256": report.sha256,
            "encoding": report.encoding,
            "rows": report.rows,
            "created": report.created,
            "already_present": report.present,
        },
        reason=w.note,
    )


def _units(kind: Kind, rows: list[tuple[int, list[str]]]) -> Iterator[tuple[str, list[_Row]]]:
    """What is brought in at once, with its UUID: one record per row — for ``duty`` one shift sheet per
    ``sheet_uuid`` (or, without it, per workstation, day and shift), in the order of their first rows. A
    repeated UUID is refused on the later row."""
    seen: dict[str, int] = {}
    if kind.key != "duty":
        for line, cells in rows:
            row = _Row(kind, line, dict(zip(kind.names, cells, strict=True)))
            key = row.content_uuid()
            if key in seen:
                row.fail("uuid", tr("The same record as line {line}.").format(line=seen[key]))
            seen.setdefault(key, line)
            yield key, [row]
        return
    sheets: dict[str, list[_Row]] = {}
    for line, cells in rows:
        row = _Row(kind, line, dict(zip(kind.names, cells, strict=True)))
        sheets.setdefault(row.sheet_uuid(), []).append(row)
    yield from sheets.items()


def _bring_in(context: _Context, unit: list[_Row], key: str) -> int:
    """The records created from a unit's rows (0: already here)."""
    if context.kind.key == "duty":
        return _import_duty(context, unit, key)
    if context.kind.key in _RECORDS:
        return _import_record(context, unit[0], key)
    if context.kind.key == "workstation_closures":
        return _import_closure(context, unit[0], key)
    return _import_reference(context, unit[0], key)


# --- per kind: parse the row, resolve codes, call the kind's use cases ----------------------------------


@dataclass
class _Context:
    w: Writer
    kind: Kind
    ids: dict[tuple[str, str, str], int] = field(default_factory=dict)
    #: the monthly duty rollup of the sheets imported, written once before the import commits
    months: duty.MonthTotals = field(default_factory=duty.MonthTotals)

    @property
    def conn(self) -> Any:
        return self.w.conn

    def resolve(
        self, row: _Row, column: str, table: str, code: str, *, key: str = "code", lookup: str | None = None
    ) -> int | None:
        """The id of the entry whose *key* is *code* (in a lookup list), or ``None`` with an error noted."""
        if not code:
            return None
        cache_key = (table + (lookup or ""), key, code)
        found = self.ids.get(cache_key)
        if found is None:
            where = f"{key} = ?" + (" AND kind = ?" if lookup else "")
            value = sql.scalar(
                self.conn, f"SELECT id FROM {table} WHERE {where}", (code, lookup) if lookup else (code,)
            )
            if value is None:
                row.fail(column, tr("“{code}” is not in this database.").format(code=code))
                return None
            found = self.ids[cache_key] = int(value)
        return found

    def exists(self, table: str, record_uuid: str) -> bool:
        return sql.first(self.conn, f"SELECT 1 FROM {table} WHERE uuid = ?", (record_uuid,)) is not None


#: Service field name → CSV column, where they differ.
_FIELD_COLUMNS: dict[str, dict[str, str]] = {
    "hazards": {
        "workstation_id": "workstation_code",
        "source_id": "source_code",
        "shift_id": "shift_code",
        "finder_id": "finder_no",
        "unit_id": "unit_code",
        "category_id": "category_code",
        "nature_id": "nature_code",
        "level_id": "level_code",
        "duplicate_of_id": "duplicate_of",
    },
    "violations": {
        "workstation_id": "workstation_code",
        "shift_id": "shift_code",
        "offender_unit_id": "offender_unit_code",
        "offender_team_id": "offender_team_code",
        "employment_id": "employment_code",
        "type_id": "type_code",
        "severity_id": "severity_code",
        "stopped_by_id": "stopped_by_no",
        "found_via_id": "found_via_code",
        "hazard_id": "hazard_number",
    },
    "violation_handling": {"step_id": "step_code", "violation_id": "violation_uuid"},
    "suggestions": {"proposer_id": "proposer_no", "unit_id": "unit_code", "category_id": "category_code"},
    "tour_problems": {"unit_id": "unit_code", "tour": "tour_uuid"},
    "family": {"mine_id": "mine_code"},
    "workstation_closures": {"": "workstation_code"},
    "training": {"unit_id": "unit_code", "attendees": "attendee_nos"},
    "duty_sheets": {"workstation_id": "workstation_code", "shift_id": "shift_code", "reason": "void_reason"},
    "org_units": {"parent_id": "parent_code"},
    "workstations": {"mine_id": "mine_code"},
    "inspectors": {"unit_id": "unit_code", "team_id": "team_code", "workstation_id": "workstation_code"},
    "shifts": {"mine_id": "mine_code"},
    "lookups": {"kind": "list"},
}


def _column(kind: Kind, name: str) -> str | None:
    if name in kind.names:
        return name
    mapped = _FIELD_COLUMNS.get(kind.key, {}).get(name)
    return mapped or None


def _void_state(row: _Row) -> tuple[bool, str | None]:
    voided = row.flag("voided")
    reason = row.optional_text("void_reason")
    if voided:
        problem = reason_problem(reason or "")
        if problem:
            row.fail("void_reason", problem)
    elif reason:
        row.fail("void_reason", tr("Only a void record has a void reason."))
    return voided, reason.strip() if reason else None


def _raise(row: _Row) -> None:
    if row.errors:
        raise ValidationError(row.errors)


def _origin(row: _Row, record_uuid: str, entered_by: str) -> Origin:
    """What the record keeps from the file: its UUID, its number (if the kind has one) and who entered it."""
    number = row.text("number").strip() if "number" in row.kind.names else ""
    return Origin(record_uuid, number, row.text(entered_by))


def _import_hazard(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    data = hazards.HazardInput(
        workstation_id=context.resolve(r, "workstation_code", "workstation", r.text("workstation_code")),
        source_id=context.resolve(r, "source_code", "lookup_item", r.text("source_code"), lookup="hazard_source"),
        found_date=r.date("found_date"),
        shift_id=context.resolve(r, "shift_code", "shift", r.text("shift_code")),
        finder_id=context.resolve(r, "finder_no", "inspector", r.text("finder_no"), key="employee_no"),
        finder_name=r.text("finder_name"),
        unit_id=context.resolve(r, "unit_code", "org_unit", r.text("unit_code")),
        location=r.text("location"),
        description=r.text("description"),
        category_id=context.resolve(
            r, "category_code", "lookup_item", r.text("category_code"), lookup="hazard_category"
        ),
        nature_id=context.resolve(r, "nature_code", "lookup_item", r.text("nature_code"), lookup="hazard_nature"),
        level_id=context.resolve(r, "level_code", "hazard_level", r.text("level_code")),
        fixed_on_site=r.flag("fixed_on_site"),
        major_item=r.text("major_item"),
        rectify_person=r.text("rectify_person"),
        responsibility=r.text("responsibility"),
        standard=r.text("standard"),
        measures=r.text("measures"),
        funds_yuan=r.integer("funds_yuan"),
        contingency_plan=r.text("contingency_plan"),
        remarks=r.text("remarks"),
    )
    loop = _register_loop(r, data)
    activities = [
        (link, context.resolve(r, column, table, r.text(column).strip(), key="uuid"), column)
        for link, column, table in (
            (squads.link_hazard_in, "squad_activity_uuid", "squad_activity"),
            (tours.link_hazard_in, "tour_uuid", "tour"),
        )
    ]
    duplicate_id = context.resolve(r, "duplicate_of", "hazard", loop.duplicate_of, key="number")
    origin = _origin(r, record_uuid, "clerk")
    _raise(r)
    steps, missing = loop_replay.plan(loop, tr("Imported from a register"))
    r.errors.extend(missing)
    _raise(r)
    data.deadline = loop.first_deadline
    # the deadline registered is the first one: its problems belong to original_deadline where that differs
    extended = loop.original_deadline is not None and loop.original_deadline != loop.deadline
    first = {"deadline": "original_deadline" if extended else "deadline"}
    hazard = _replayed(r, first, partial(kind.create, context.w, data, origin=origin))
    for link, activity_id, column in activities:
        if activity_id is not None:
            call = partial(link, context.w, activity_id, hazard["id"], from_register=True)
            hazard = _replayed(r, {"hazard": column}, call)
    for planned in steps:
        hazard = _replayed(r, planned.columns, partial(hazards.act_in, context.w, hazard["id"], planned.step))
    _check_replay(r, loop, hazard, duplicate_id)
    return 1


def _register_loop(r: _Row, data: hazards.HazardInput) -> loop_replay.RegisterLoop:
    """The loop columns of a hazard row, converted (problems noted on the row)."""
    status_text = r.text("status").strip()
    status = None
    if status_text:
        try:
            status = HazardStatus(status_text)
        except ValueError:
            r.fail("status", tr("Unknown status “{status}”.").format(status=status_text))
    for name in ("notice_no", "receipt_signed_by", "accepted_by", "escalation_level"):
        value = r.text(name)
        problem = text_problem(value) if value else None
        if problem:
            r.fail(name, problem)
    voided, void_reason = _void_state(r)
    if status is HazardStatus.VOIDED and not voided:
        r.fail("voided", tr("A hazard with status voided must have voided = 1 and a reason."))
    return loop_replay.RegisterLoop(
        found_date=data.found_date or dt.date.min,
        status=status,
        fixed_on_site=data.fixed_on_site,
        rectify_person=data.rectify_person.strip(),
        notice_issued_on=r.date("notice_issued_on"),
        notice_no=r.text("notice_no").strip(),
        receipt_signed_by=r.text("receipt_signed_by").strip(),
        rectified_on=r.date("rectified_on"),
        accepted_by=r.text("accepted_by").strip(),
        accepted_on=r.date("accepted_on"),
        closed_on=r.date("closed_on"),
        deadline=r.date("deadline"),
        original_deadline=r.date("original_deadline"),
        escalation_level=r.text("escalation_level").strip(),
        voided=voided,
        void_reason=void_reason or "",
        duplicate_of=r.text("duplicate_of").strip(),
    )


def _replayed(row: _Row, columns: Mapping[str, str], call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run one use case of a row's record; name its refusals by the row's columns (*columns* maps the use
    case's field names where they differ, ``action`` the column of a step the loop does not allow)."""
    try:
        return call()
    except ValidationError as exc:
        raise ValidationError([FieldError(columns.get(e.field, e.field), e.message) for e in exc.errors]) from exc
    except TransitionError as exc:
        raise ValidationError.single(columns.get("action", "status"), str(exc)) from exc


#: The columns a replayed hazard must agree with, where the row gives them (what the steps wrote).
_LOOP_COLUMNS = (
    "status",
    "notice_no",
    "notice_issued_on",
    "receipt_signed_by",
    "rectified_on",
    "accepted_by",
    "accepted_on",
    "closed_on",
    "escalation_level",
    "deadline",
    "original_deadline",
)


def _check_replay(r: _Row, loop: loop_replay.RegisterLoop, hazard: dict[str, Any], duplicate_id: int | None) -> None:
    """Every loop column the row gives is what replaying its steps wrote (e.g. no closing date on a hazard
    that is not closed, no notice number without a notice)."""
    for column in _LOOP_COLUMNS:
        day = r.date(column) if KINDS["hazards"].column(column).type == DATE else None
        given = day.isoformat() if day else r.text(column).strip()
        if given and given != (hazard[column] or ""):
            status = HazardStatus(hazard["status"]).label
            if hazard[column] is None:
                message = tr("A hazard with status “{status}” has nothing here; leave it empty or correct the status.")
            else:
                message = tr("The hazard's steps give “{value}” here (status “{status}”).")
            r.fail(column, message.format(status=status, value=hazard[column]))
    if duplicate_id is not None and duplicate_id != hazard["duplicate_of_id"]:
        r.fail("duplicate_of", tr("Only a void hazard is a duplicate of another."))
    _raise(r)


def _import_violation(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    data = violations.ViolationInput(
        workstation_id=context.resolve(r, "workstation_code", "workstation", r.text("workstation_code")),
        found_date=r.date("found_date"),
        shift_id=context.resolve(r, "shift_code", "shift", r.text("shift_code")),
        found_time=r.time("found_time"),
        location=r.text("location"),
        offender_no=r.text("offender_no"),
        offender_name=r.text("offender_name"),
        offender_unit_id=context.resolve(r, "offender_unit_code", "org_unit", r.text("offender_unit_code")),
        offender_team_id=context.resolve(r, "offender_team_code", "org_unit", r.text("offender_team_code")),
        offender_trade=r.text("offender_trade"),
        employment_id=context.resolve(
            r, "employment_code", "lookup_item", r.text("employment_code"), lookup="employment"
        ),
        type_id=context.resolve(r, "type_code", "lookup_item", r.text("type_code"), lookup="violation_type"),
        severity_id=context.resolve(
            r, "severity_code", "lookup_item", r.text("severity_code"), lookup="violation_severity"
        ),
        rule_item=r.text("rule_item"),
        description=r.text("description"),
        stopped_by_kind=r.text("stopped_by_kind").strip() or "inspector",
        stopped_by_id=context.resolve(r, "stopped_by_no", "inspector", r.text("stopped_by_no"), key="employee_no"),
        stopped_by_name=r.text("stopped_by_name"),
        found_via_id=context.resolve(
            r, "found_via_code", "lookup_item", r.text("found_via_code"), lookup="violation_found_via"
        ),
        hazard_id=context.resolve(r, "hazard_number", "hazard", r.text("hazard_number").strip(), key="number"),
        offender_signed=r.flag("offender_signed"),
        remarks=r.text("remarks"),
    )
    return _create(context, kind, r, _origin(r, record_uuid, "clerk"), data)


def _import_handling(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    parent_uuid = r.text("violation_uuid").strip()
    if parent_uuid:
        violation_id = context.resolve(r, "violation_uuid", "violation", parent_uuid, key="uuid")
    else:
        violation_id = context.resolve(r, "violation_number", "violation", r.text("violation_number"), key="number")
        if violation_id is None and not r.errors:
            r.fail("violation_number", tr("Required."))
    data = violations.HandlingInput(
        step_id=context.resolve(r, "step_code", "lookup_item", r.text("step_code"), lookup="handling_step"),
        on_date=r.date("on_date"),
        training_days=r.integer("training_days"),
        fine_yuan=r.integer("fine_yuan"),
        decided_by=r.text("decided_by"),
        note=r.text("note"),
    )
    return _create(context, kind, r, _origin(r, record_uuid, "actor"), violation_id, data)


def _create(context: _Context, kind: registry.RecordKind, r: _Row, origin: Origin, *args: Any) -> int:
    """Create the row's record of *kind* (``args``: its parent's id, if any, and its input), voided with
    its reason if the row says so."""
    voided, void_reason = _void_state(r)
    _raise(r)
    record = kind.create(context.w, *args, origin=origin)
    if voided:
        kind.void(context.w, record["id"], void_reason or "")
    return 1


def _import_suggestion(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    """A suggestion as submitted, then its 评审 and implementation where the row records them."""
    data = suggestions.SuggestionInput(
        proposed_on=r.date("proposed_on"),
        proposer_id=context.resolve(r, "proposer_no", "inspector", r.text("proposer_no").strip(), key="employee_no"),
        proposer_name=r.text("proposer_name"),
        unit_id=context.resolve(r, "unit_code", "org_unit", r.text("unit_code").strip()),
        category_id=context.resolve(
            r, "category_code", "lookup_item", r.text("category_code").strip(), lookup="suggestion_category"
        ),
        content=r.text("content"),
    )
    status = r.text("status").strip() or "submitted"
    if status not in suggestions.STATUSES:
        r.fail("status", tr("Unknown status “{status}”.").format(status=status))
    reviewed_on, implemented_on = r.date("reviewed_on"), r.date("implemented_on")
    reward = r.integer("reward_yuan")
    if status == "submitted":
        for column in ("reviewed_by", "reviewed_on", "review_note"):
            if r.cells[column].strip():
                r.fail(column, tr("A suggestion not yet reviewed has no review; leave it empty or give the status."))
    implemented = any(r.cells[c].strip() for c in ("implemented_by", "implemented_on", "benefit", "reward_yuan"))
    if implemented and status != "adopted":
        r.fail("implemented_on", tr("Only an adopted suggestion is implemented; correct the status."))
    voided, void_reason = _void_state(r)
    _raise(r)
    record = _replayed(r, {}, partial(kind.create, context.w, data, origin=_origin(r, record_uuid, "clerk")))
    review = {"note": "review_note", "": "status"}
    if status != "submitted":
        call = partial(
            suggestions.review_in,
            context.w,
            record["id"],
            status == "adopted",
            r.text("reviewed_by"),
            reviewed_on,
            r.text("review_note"),
        )
        _replayed(r, review, call)
    if implemented:
        call = partial(
            suggestions.implement_in,
            context.w,
            record["id"],
            r.text("implemented_by"),
            implemented_on,
            r.text("benefit"),
            reward,
        )
        _replayed(r, {"": "status"}, call)
    if voided:
        kind.void(context.w, record["id"], void_reason or "")
    return 1


def _import_squad(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    """A squad check; the hazards it found name it in their ``squad_activity_uuid`` (import them after)."""
    data = squads.SquadInput(
        on_date=r.date("on_date"),
        squad=r.text("squad"),
        leader=r.text("leader"),
        members=r.text("members"),
        route=r.text("route"),
        violations_stopped=r.integer("violations_stopped"),
        note=r.text("note"),
    )
    return _create(context, kind, r, _origin(r, record_uuid, "clerk"), data)


def _import_tour(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    """A tour; its problems are the kind ``tour_problems`` (import them after)."""
    data = tours.TourInput(
        on_date=r.date("on_date"),
        organiser=r.text("organiser"),
        areas=r.text("areas"),
        reps=r.integer("reps"),
        note=r.text("note"),
        representatives=r.text("representatives"),
    )
    return _create(context, kind, r, _origin(r, record_uuid, "clerk"), data)


def _import_tour_problem(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    tour_id = context.resolve(r, "tour_uuid", "tour", r.text("tour_uuid").strip(), key="uuid")
    if not r.text("tour_uuid").strip():
        r.fail("tour_uuid", tr("Required: the UUID of the tour (import the tours first)."))
    if r.text("hazard_number").strip():
        r.fail("hazard_number", tr("A tour problem's hazard is not kept by this version; leave it empty."))
    data = tours.ProblemInput(
        description=r.text("description"),
        unit_id=context.resolve(r, "unit_code", "org_unit", r.text("unit_code").strip()),
        category=r.text("category").strip() or "safety",
        status=r.text("status").strip() or "open",
        deadline=r.date("deadline"),
        reply=r.text("reply"),
        solved_on=r.date("solved_on"),
        solved_by=r.text("solved_by"),
    )
    return _create(context, kind, r, Origin(record_uuid), tour_id, data)


def _import_family(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    data = family.FamilyInput(
        on_date=r.date("on_date"),
        kind=r.text("kind").strip() or "home_visit",
        visitors=r.text("visitors"),
        person_visited=r.text("person_visited"),
        reason=r.text("reason").strip() or None,
        worry_type=r.text("worry_type"),
        violation_number=r.text("violation_number"),
        participants=r.integer("participants"),
        outcome=r.text("outcome"),
        follow_up=r.text("follow_up"),
        mine_id=context.resolve(r, "mine_code", "org_unit", r.text("mine_code").strip()),
    )
    return _create(context, kind, r, _origin(r, record_uuid, "clerk"), data)


def _import_training(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    """A training session with its attendees (``attendee_nos``; ``attendee_count`` is counted, not read)."""
    data = training.TrainingInput(
        on_date=r.date("on_date"),
        topic=r.text("topic"),
        hours=r.integer("hours"),
        teacher=r.text("teacher"),
        unit_id=context.resolve(r, "unit_code", "org_unit", r.text("unit_code").strip()),
        attendees=r.text("attendee_nos"),
        note=r.text("note"),
    )
    return _create(context, kind, r, _origin(r, record_uuid, "clerk"), data)


def _import_duty_sheet(context: _Context, r: _Row, kind: registry.RecordKind, record_uuid: str) -> int:
    """A shift sheet without marks (they are the kind ``duty``, imported after it), with its note and clerk;
    a void sheet is voided with its reason (its marks no longer count, so they are not brought in)."""
    workstation_id = context.resolve(r, "workstation_code", "workstation", r.text("workstation_code").strip())
    shift_id = context.resolve(r, "shift_code", "shift", r.text("shift_code").strip())
    day = r.date("shift_date")
    for column in ("workstation_code", "shift_code", "shift_date"):
        if not r.cells[column].strip():
            r.fail(column, tr("Required."))
    voided, void_reason = _void_state(r)
    _raise(r)
    assert workstation_id is not None and shift_id is not None and day is not None
    _refuse_other_sheet(context, r, workstation_id, day, shift_id, record_uuid)
    data = duty.SheetInput(workstation_id, day, shift_id, (), r.text("note") or None)
    origin = _origin(r, record_uuid, "clerk")
    sheet = _replayed(r, _SHEET_COLUMNS, partial(duty.save_sheet_in, context.w, data, origin=origin))
    if voided:
        kind.void(context.w, sheet["id"], void_reason or "")
    return 1


def _refuse_other_sheet(
    context: _Context, r: _Row, workstation_id: int, day: dt.date, shift_id: int, record_uuid: str
) -> None:
    """A workstation has one valid sheet per day and shift: one with another UUID is refused (saving would
    change that sheet)."""
    other = sql.scalar(
        context.conn,
        "SELECT uuid FROM duty_sheet WHERE workstation_id = ? AND shift_date = ? AND shift_id = ? AND voided = 0 "
        "AND uuid != ?",
        (workstation_id, day.isoformat(), shift_id, record_uuid),
    )
    if other is not None:
        message = tr("This workstation already has a shift sheet for that day and shift (UUID {uuid}).")
        raise ValidationError.single("shift_date", message.format(uuid=other))


#: A shift sheet's fields → the duty file's columns.
_SHEET_COLUMNS = {
    "workstation_id": "workstation_code",
    "shift_id": "shift_code",
    "shift_date": "shift_date",
    "reason": "sheet_uuid",
}
#: A mark's fields → the duty file's columns.
_MARK_COLUMNS = {
    "inspector_id": "employee_no",
    "hazards": "n_hazards",
    "violations": "n_violations",
    "suggestions": "n_suggestions",
}


def _import_duty(context: _Context, rows: list[_Row], sheet_uuid: str) -> int:
    """One shift sheet from the duty rows that share its ``sheet_uuid`` (one row per inspector): created
    with their marks, or — a sheet imported from ``duty_sheets`` without marks — saved again with them.
    Returns the rows brought in (0: the sheet holds exactly these marks already)."""
    first = rows[0]
    workstation_id = context.resolve(first, "workstation_code", "workstation", first.text("workstation_code").strip())
    shift_id = context.resolve(first, "shift_code", "shift", first.text("shift_code").strip())
    day = first.date("shift_date")
    for column in ("workstation_code", "shift_code", "shift_date"):
        if not first.cells[column].strip():
            first.fail(column, tr("Required."))
    marks: list[duty.Mark] = []
    lines: dict[int, _Row] = {}
    for r in rows:
        for column in ("workstation_code", "shift_code", "shift_date"):
            if r is not first and r.stored(column).strip() != first.stored(column).strip():
                r.fail(column, tr("Another sheet than line {line} with the same sheet UUID.").format(line=first.line))
        inspector_id = context.resolve(r, "employee_no", "inspector", r.text("employee_no").strip(), key="employee_no")
        if not r.text("employee_no").strip():
            r.fail("employee_no", tr("Required."))
        mark = duty.Mark(
            inspector_id=inspector_id or 0,
            status=r.text("status").strip() or "on",
            time_in=r.time("time_in") or None,
            time_out=r.time("time_out") or None,
            place=r.text("place") or None,
            reported=r.flag("reported"),
            no_problem=r.flag("no_problem"),
            summary=r.text("summary") or None,
            hazards=r.integer("n_hazards") or 0,
            violations=r.integer("n_violations") or 0,
            suggestions=r.integer("n_suggestions") or 0,
        )
        marks.append(mark)
        lines[mark.inspector_id] = r
    if any(r.errors for r in rows):
        return 0
    assert workstation_id is not None and shift_id is not None and day is not None
    data = duty.SheetInput(workstation_id, day, shift_id, tuple(marks))
    stored = sql.first_dict(
        context.conn, "SELECT id, voided, marks, note FROM duty_sheet WHERE uuid = ?", (sheet_uuid,)
    )
    try:
        if stored is None:
            _refuse_other_sheet(context, first, workstation_id, day, shift_id, sheet_uuid)
            call = partial(duty.save_sheet_in, context.w, data, origin=Origin(sheet_uuid), month_totals=context.months)
        elif stored["voided"]:
            raise ValidationError.single(
                "reason", tr("This shift sheet is void in the database; its marks no longer count.")
            )
        elif stored["marks"] == duty.marks_json(marks):
            return 0
        elif stored["marks"] != "[]":
            raise ValidationError.single("reason", tr("This shift sheet is in the database with other marks."))
        else:
            sheet = duty.SheetInput(workstation_id, day, shift_id, tuple(marks), stored["note"])
            call = partial(duty.save_sheet_in, context.w, sheet, reason=context.w.note, month_totals=context.months)
        call()
    except ValidationError as exc:
        for error in exc.errors:
            if error.field.startswith("mark:"):
                _, inspector, name = error.field.split(":", 2)
                target = lines.get(int(inspector), first)
                message = error.message.split(": ", 1)[-1]
                target.fail(_MARK_COLUMNS.get(name, name), message)
            else:
                first.fail(_SHEET_COLUMNS.get(error.field, error.field), error.message)
        return 0
    return len(rows)


#: Reference kinds of the export → (reference.KINDS key or None for lookups, {column: (table, key)}) for
#: columns that hold another entry's code.
_REFERENCE_MAP: dict[str, tuple[str | None, dict[str, tuple[str, str, str]]]] = {
    "org_units": ("org_unit", {"parent_id": ("parent_code", "org_unit", "code")}),
    "workstations": ("workstation", {"mine_id": ("mine_code", "org_unit", "code")}),
    "inspectors": (
        "inspector",
        {
            "unit_id": ("unit_code", "org_unit", "code"),
            "team_id": ("team_code", "org_unit", "code"),
            "workstation_id": ("workstation_code", "workstation", "code"),
        },
    ),
    "shifts": ("shift", {"mine_id": ("mine_code", "org_unit", "code")}),
    "hazard_levels": ("hazard_level", {}),
    "lookups": (None, {}),
    "rate_norms": ("rate_norm", {}),
    "allowance_rules": ("allowance_rule", {}),
}


def _import_reference(context: _Context, row: _Row, record_uuid: str) -> int:
    kind_key, refs = _REFERENCE_MAP[context.kind.key]
    r = row
    if kind_key is None:
        kind_key = r.text("list").strip()
        if kind_key not in reference.KINDS or reference.KINDS[kind_key].table is not m.LOOKUP_ITEM:
            r.fail("list", tr("Unknown list “{list}”.").format(list=kind_key))
            _raise(r)
    spec = reference.KINDS[kind_key]
    table = spec.table.name
    if context.exists(table, record_uuid):
        return 0
    values: dict[str, str] = {}
    for field_spec in spec.fields:
        if field_spec.name in refs:
            column, target, key = refs[field_spec.name]
            found = context.resolve(r, column, target, r.text(column).strip(), key=key)
            values[field_spec.name] = "" if found is None else str(found)
        else:
            values[field_spec.name] = r.form_text(field_spec.name)
    voided, void_reason = _void_state(r)
    _raise(r)
    unique = values.get(spec.unique, "")
    where = " AND ".join([f"{spec.unique} = ?", *(f"{c} = ?" for c, _ in spec.fixed)])
    existing = sql.first_dict(
        context.conn, f"SELECT * FROM {table} WHERE {where}", (unique, *(v for _, v in spec.fixed))
    )
    if existing is not None:
        if existing.get("name") == values.get("name"):
            return 0  # the same entry, entered here before (e.g. a default every database has)
        r.fail(
            spec.unique,
            tr("“{code}” is already used for “{name}”.").format(code=unique, name=existing.get("name")),
        )
        _raise(r)
    entry = reference.save_in(context.w, kind_key, values, origin=Origin(record_uuid))
    if voided:
        reference.void_in(context.w, kind_key, entry["id"], void_reason or "")
    return 1


def _import_closure(context: _Context, r: _Row, record_uuid: str) -> int:
    """A workstation's closing, and its reopening where the row gives one, through the reference use cases."""
    if context.exists("workstation_closure", record_uuid):
        return 0
    workstation_id = context.resolve(r, "workstation_code", "workstation", r.text("workstation_code").strip())
    if not r.text("workstation_code").strip():
        r.fail("workstation_code", tr("Required."))
    closed_on, reopened_on = r.date("closed_on"), r.date("reopened_on")
    if r.flag("voided"):
        r.fail("voided", tr("A void closing is not brought in; leave the row out."))
    _raise(r)
    assert workstation_id is not None
    reason = r.text("reason")
    reference.close_workstation_in(context.w, workstation_id, closed_on, reason, origin=Origin(record_uuid))
    if reopened_on is not None:
        reference.reopen_workstation_in(context.w, workstation_id, reopened_on, reason)
    return 1


#: Record kinds of the export → (the kind in ``kinds.registry``, how a row of it is brought in).
_RECORDS: dict[str, tuple[str, Callable[[_Context, _Row, registry.RecordKind, str], int]]] = {
    "hazards": ("hazard", _import_hazard),
    "violations": ("violation", _import_violation),
    "violation_handling": ("violation_handling", _import_handling),
    "suggestions": ("suggestion", _import_suggestion),
    "squads": ("squad_activity", _import_squad),
    "tours": ("tour", _import_tour),
    "tour_problems": ("tour_problem", _import_tour_problem),
    "family": ("family_activity", _import_family),
    "training": ("training_session", _import_training),
    "duty_sheets": ("duty_sheet", _import_duty_sheet),
}


def _import_record(context: _Context, row: _Row, record_uuid: str) -> int:
    """1 for a record created from the row, 0 for one already here (same UUID)."""
    key, bring_in = _RECORDS[context.kind.key]
    kind = registry.KINDS[key]
    if context.exists(kind.table.name, record_uuid):
        return 0
    return bring_in(context, row, kind, record_uuid)
