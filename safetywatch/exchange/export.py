"""Auditor-grade export: one record kind to CSV or XLSX, with a manifest beside the file.

* **One query, streamed.** The kind's SELECT (``exchange.columns``) does the joins, code and display name
  columns and the formula guard in SQL; rows come with ``fetchmany`` as plain tuples and go straight to
  ``csv.writer.writerows``, so Python does no per-cell work.
* **CSV:** UTF-8 with BOM (Excel and WPS read Chinese), RFC 4180 quoting with CRLF line ends, a header row
  of the documented column names (``docs/csv-format.md``).
* **XLSX:** XlsxWriter in constant-memory mode; every text cell is written with ``write_string`` (never a
  formula, whatever it starts with), numbers with ``write_number``.
* **Atomic:** the file is written under a temporary name in the target folder, fsynced and renamed; a
  cancelled or failed export leaves nothing under the final name (nor a stray temporary file).
* **Manifest** ``<file>.manifest.json``: kind, filters, row count, SHA-256 and size of the file, software
  version, and the audit-chain head at export time — all from one read snapshot. :func:`verify_manifest`
  checks a file against it. ``"verified"`` says whether the database passed the check before printing
  (``services.maintenance.printing_check``); an export made despite a failed check carries
  ``"verified": false`` and the problems, and never passes :func:`verify_manifest`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from safetywatch import __version__
from safetywatch.db.files import atomic_path, atomic_write
from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.exchange.columns import (
    HEADER_SETS,
    KEYS,
    KINDS,
    LABELS,
    NUMERIC_TYPES,
    Kind,
    header_row,
    select_expression,
)
from safetywatch.services.core import audit, sql
from safetywatch.services.maintenance import anchor_log

FORMATS = ("csv", "xlsx")
MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = "safetywatch-export-manifest"
MANIFEST_VERSION = 1
#: Rows fetched per batch; progress and cancellation are checked between batches.
BATCH_ROWS = 2000
#: An XLSX sheet holds 1,048,576 rows, the header included.
XLSX_MAX_ROWS = 1_048_575
#: What ``utf-8-sig`` puts first: Excel and WPS read the file as UTF-8 (not the ANSI code page) because of it.
BOM = "\ufeff"

Progress = Callable[[int, int], None]  # (rows written, rows in total)
Cancelled = Callable[[], bool]


class ExportCancelledError(SafetyWatchError):
    """The export was cancelled; nothing was left behind."""


@dataclass(frozen=True)
class Filters:
    """Which records to export. Event dates are inclusive days; modified instants are UTC, ``since``
    inclusive and ``until`` exclusive."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    modified_since: dt.datetime | None = None
    modified_until: dt.datetime | None = None

    def as_json(self) -> dict[str, str | None]:
        def instant(value: dt.datetime | None) -> str | None:
            return None if value is None else _utc_text(value)

        return {
            "event_date_from": self.date_from.isoformat() if self.date_from else None,
            "event_date_to": self.date_to.isoformat() if self.date_to else None,
            "modified_since": instant(self.modified_since),
            "modified_until": instant(self.modified_until),
        }

    @property
    def by_event_date(self) -> bool:
        return self.date_from is not None or self.date_to is not None


def _utc_text(value: dt.datetime) -> str:
    """The storage form of an instant (as ``updated_at`` holds it), so text comparison is time order."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def kind_of(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValidationError.single(
            "kind", tr("Unknown kind “{kind}”; choose one of: {kinds}.").format(kind=key, kinds=", ".join(KINDS))
        ) from None


def _body(kind: Kind, filters: Filters, source: str | None = None) -> tuple[str, tuple[Any, ...]]:
    """``FROM ... WHERE ...`` of a kind's export with its filters (parameters bound)."""
    where: list[str] = [kind.where] if kind.where else []
    params: list[Any] = []
    if filters.by_event_date:
        if kind.event_date is None:
            raise ValidationError.single(
                "date_from",
                tr("{kind} has no event date; filter it by the modified time instead.").format(kind=kind.key),
            )
        if filters.date_from is not None:
            where.append(f"{kind.event_date} >= ?")
            params.append(filters.date_from.isoformat())
        if filters.date_to is not None:
            where.append(f"{kind.event_date} <= ?")
            params.append(filters.date_to.isoformat())
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError.single("date_to", tr("The end date is before the start date."))
    if filters.modified_since is not None:
        where.append(f"{kind.modified} >= ?")
        params.append(_utc_text(filters.modified_since))
    if filters.modified_until is not None:
        where.append(f"{kind.modified} < ?")
        params.append(_utc_text(filters.modified_until))
    if filters.modified_since and filters.modified_until and filters.modified_since >= filters.modified_until:
        raise ValidationError.single("modified_until", tr("The end of the modified range is before its start."))
    text = f"FROM {source or kind.source}"
    if where:
        text += " WHERE " + " AND ".join(f"({w})" for w in where)
    return text, tuple(params)


def default_headers(kind_key: str) -> str:
    """The header set an export of *kind_key* has unless asked otherwise: Chinese headers and labels, for the
    auditor reading it in Excel/WPS — except the audit events, whose cells are the input of the hash chain
    that ``docs/audit-format.md`` recomputes from the machine keys and codes."""
    return KEYS if kind_key == "audit_events" else LABELS


def query(kind: Kind, filters: Filters, headers: str = KEYS, *, server: bool = False) -> tuple[str, tuple[Any, ...]]:
    """The SELECT of a kind's export with its filters (parameters bound); *headers* ``labels`` writes the
    Chinese labels of fixed values instead of their codes. *server*: for a database on PostgreSQL."""
    body, params = _body(kind, filters)
    columns = ", ".join(select_expression(c, headers, server=server) for c in kind.columns)
    return f"SELECT {columns} {body} ORDER BY {kind.order}", params


def count(conn: Connection, kind: Kind, filters: Filters) -> int:
    """How many rows the export of *kind* with *filters* holds."""
    body, params = _body(kind, filters, kind.count_source)
    return int(sql.scalar(conn, f"SELECT count(*) {body}", params))


@dataclass
class Manifest:
    """What a manifest says about an exported file."""

    kind: str
    file: str
    file_format: str
    rows: int
    sha256: str
    size: int
    filters: dict[str, str | None]
    columns: list[str]
    chain_head: tuple[int, str]
    exported_at: str
    headers: str = KEYS  # which header set the file has: "labels" (Chinese) or "keys"
    software_version: str = __version__
    extra: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # what the check before printing found (unverified)

    @property
    def verified(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        verification: dict[str, Any] = {"verified": self.verified}
        if self.problems:
            verification["problems"] = self.problems
        return {
            "format": MANIFEST_FORMAT,
            "manifest_version": MANIFEST_VERSION,
            "software": {"name": "SafetyWatch", "version": self.software_version},
            "kind": self.kind,
            "file": self.file,
            "file_format": self.file_format,
            "encoding": "utf-8-sig" if self.file_format == "csv" else None,
            "filters": self.filters,
            "headers": self.headers,
            "columns": self.columns,
            "rows": self.rows,
            "size_bytes": self.size,
            "sha256": self.sha256,
            "audit_chain_head": {"seq": self.chain_head[0], "hash": self.chain_head[1]},
            **verification,
            "exported_at_utc": self.exported_at,
        }


def manifest_path(out: Path) -> Path:
    return out.with_name(out.name + MANIFEST_SUFFIX)


def export(
    conn: Connection,
    kind_key: str,
    out: Path,
    *,
    fmt: str = "csv",
    filters: Filters | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    now: dt.datetime | None = None,
    db_path: Path | None = None,
    unverified: Sequence[str] = (),
    headers: str | None = None,
) -> Manifest:
    """Write the records of *kind_key* to *out* (and its manifest); return the manifest. With *db_path*, the
    database exported from, the export's chain head is also logged beside its backups (``anchor_log``).

    *headers*: ``labels`` (Chinese headers and labels of fixed values) or ``keys`` (machine keys and codes);
    ``None`` is the kind's default (:func:`default_headers`). The manifest records which.

    *unverified* are the problems the check before printing found in the database: the manifest then says
    ``"verified": false`` and lists them.

    *conn* should be a fresh read connection: the count, the rows and the chain head are read in one
    transaction, so they agree even while someone else writes. Raises :class:`ExportCancelledError` when
    *cancelled* says so, :class:`ValidationError` for bad filters and :class:`SafetyWatchError` when the file
    cannot be written; in every failure nothing is left under *out*.
    """
    kind = kind_of(kind_key)
    if fmt not in FORMATS:
        raise ValidationError.single("format", tr("Unknown format “{format}”; use csv or xlsx.").format(format=fmt))
    headers = headers or default_headers(kind.key)
    if headers not in HEADER_SETS:
        raise ValidationError.single(
            "headers", tr("Unknown header set “{headers}”; use labels or keys.").format(headers=headers)
        )
    filters = filters or Filters()
    statement, params = query(kind, filters, headers, server=sql.is_server(conn))
    out = Path(out)
    now = now or dt.datetime.now(dt.UTC)
    head = audit.chain_head(conn)  # starts the read transaction: everything below sees the same snapshot
    total = count(conn, kind, filters)
    if fmt == "xlsx" and total > XLSX_MAX_ROWS:
        raise ValidationError.single(
            "format",
            tr("{rows} rows do not fit in one XLSX sheet (at most {max}); export CSV or narrow the filters.").format(
                rows=f"{total:,}", max=f"{XLSX_MAX_ROWS:,}"
            ),
        )
    try:
        with atomic_path(out) as temporary:  # a cancel or a failure removes the temporary, never *out*
            cursor = sql.handle(conn).execute(statement, params)
            writer = _write_csv if fmt == "csv" else _write_xlsx
            rows = writer(temporary, kind, header_row(kind, headers), cursor, total, progress, cancelled)
            digest, size = file_digest(temporary)
            manifest = Manifest(
                kind=kind.key,
                file=out.name,
                file_format=fmt,
                rows=rows,
                sha256=digest,
                size=size,
                filters=filters.as_json(),
                columns=list(header_row(kind, headers)),
                headers=headers,
                chain_head=head,
                exported_at=_utc_text(now),
                problems=list(unverified),
            )
    except OSError as exc:
        raise SafetyWatchError(_cannot_write(out, exc)) from exc
    try:
        atomic_write(manifest_path(out), _manifest_bytes(manifest.as_json()))
    except OSError as exc:
        _remove(out)  # a file without its manifest is not an auditor's export
        raise SafetyWatchError(_cannot_write(manifest_path(out), exc)) from exc
    if db_path is not None:  # never fails the export: a log that cannot be written is a warning
        anchor_log.record_export(
            db_path, what=kind.key, file=out.name, rows=manifest.rows, sha256=manifest.sha256, head=head, at=now
        )
    return manifest


def _cannot_write(path: Path, exc: OSError) -> str:
    return tr("Cannot write {path}: {error}. Nothing was exported.").format(path=path, error=exc.strerror or exc)


def _remove(path: Path) -> None:
    with suppress(OSError):
        path.unlink()


def _manifest_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _batches(cursor: Any, total: int, progress: Progress | None, cancelled: Cancelled | None) -> Any:
    done = 0
    if progress is not None:
        progress(0, total)
    while True:
        if cancelled is not None and cancelled():
            raise ExportCancelledError(tr("Export cancelled; no file was written."))
        batch = cursor.fetchmany(BATCH_ROWS)
        if not batch:
            break
        yield batch
        done += len(batch)
        if progress is not None:
            progress(done, total)


def _write_csv(
    path: Path,
    kind: Kind,
    header: Sequence[str],
    cursor: Any,
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int:
    rows = 0
    # The BOM by hand, not encoding="utf-8-sig": TextIOWrapper encodes UTF-8 in C, but any other codec through
    # its Python encode() once per row (csv.writer writes row by row): ~5 % of the writing's CPU time.
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as stream:
        stream.write(BOM)
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        for batch in _batches(cursor, total, progress, cancelled):
            writer.writerows(batch)
            rows += len(batch)
    return rows  # atomic_path syncs the file to the disk before the rename


def _write_xlsx(
    path: Path,
    kind: Kind,
    header: Sequence[str],
    cursor: Any,
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int:
    import xlsxwriter  # only when asked: ~60 ms of import

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,  # rows are flushed as they are written: memory stays flat
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(kind.key[:31])
    bold = workbook.add_format({"bold": True})
    for c, name in enumerate(header):
        sheet.write_string(0, c, name, bold)
    numeric = [col.type in NUMERIC_TYPES for col in kind.columns]
    write_string, write_number = sheet.write_string, sheet.write_number
    rows = 0
    for batch in _batches(cursor, total, progress, cancelled):
        for row in batch:
            rows += 1
            for c, value in enumerate(row):
                if value is None:
                    continue
                if numeric[c] and isinstance(value, int):
                    write_number(rows, c, value)
                else:
                    write_string(rows, c, str(value))
    sheet.freeze_panes(1, 0)
    workbook.close()
    return rows


# --- verification -------------------------------------------------------------------------------------


@dataclass
class ManifestCheck:
    """The outcome of checking a file against its manifest."""

    manifest: dict[str, Any]
    file: Path
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SafetyWatchError(tr("Cannot read the manifest {path}: {error}").format(path=path, error=exc)) from exc
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise SafetyWatchError(tr("{path} is not a SafetyWatch export manifest.").format(path=path))
    return data


def verify_manifest(path: Path, conn: Connection | None = None) -> ManifestCheck:
    """Check the exported file named in the manifest at *path*: size, SHA-256, and for CSV the header and
    the row count. With *conn*, also check that the manifest's audit-chain head is still in that database's
    chain with the same hash (a chain rewritten after the export fails here)."""
    data = read_manifest(path)
    name = data.get("file")
    if not _is_file_name(name):  # "../../etc/passwd", "/etc/passwd": never followed out of the folder
        return ManifestCheck(
            data,
            Path(str(name)),
            [
                tr(
                    "The manifest names {file} as its exported file: a manifest names a file name beside it, "
                    "never a path. Nothing was opened."
                ).format(file=json.dumps(name, ensure_ascii=False))
            ],
        )
    target = Path(path).with_name(str(name))
    problems: list[str] = []
    if not target.is_file():
        return ManifestCheck(data, target, [tr("The exported file {file} is missing.").format(file=target)])
    digest, size = file_digest(target)
    if size != data.get("size_bytes"):
        problems.append(
            tr("Size differs: {actual} bytes, the manifest says {expected}.").format(
                actual=size, expected=data.get("size_bytes")
            )
        )
    if digest != data.get("sha256"):
        problems.append(tr("SHA-256 differs: the file was changed after the export."))
    if data.get("file_format") == "csv" and not problems:
        problems.extend(_check_csv(target, data))
    if data.get("verified") is False:
        listed = data.get("problems")
        found = "; ".join(str(p) for p in listed) if isinstance(listed, list) and listed else "?"
        problems.append(
            tr("It was exported from a database that failed its check before printing: {problems}").format(
                problems=found
            )
        )
    anchor = _anchor(data)
    if anchor is None:
        problems.append(
            tr(
                "The manifest's audit_chain_head is not an object with a whole-number seq and a hash: the "
                "manifest was not written by SafetyWatch or was changed, and its chain anchor cannot be checked."
            )
        )
    elif conn is not None:
        problems.extend(_check_anchor(conn, *anchor))
    return ManifestCheck(data, target, problems)


def _is_file_name(name: object) -> bool:
    """A plain file name: no folder, no drive, not ``.`` or ``..`` (Windows and POSIX alike)."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and not any(c in name for c in "/\\:\0")
        and Path(name).name == name
    )


def _anchor(data: dict[str, Any]) -> tuple[int, str] | None:
    """The manifest's chain head (seq, hash), or ``None`` if it is not one (a ``True`` is no sequence)."""
    anchor = data.get("audit_chain_head")
    if not isinstance(anchor, dict):
        return None
    seq, digest = anchor.get("seq"), anchor.get("hash")
    if type(seq) is not int or seq < 0 or not isinstance(digest, str):
        return None
    return seq, digest


def _check_csv(target: Path, data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    with target.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, [])
        rows = sum(1 for _ in reader)
    if header != data.get("columns"):
        problems.append(tr("The header row differs from the manifest's columns."))
    if rows != data.get("rows"):
        problems.append(
            tr("{actual} rows, the manifest says {expected}.").format(actual=rows, expected=data.get("rows"))
        )
    return problems


def _check_anchor(conn: Connection, seq: int, digest: str) -> list[str]:
    if seq == 0:  # exported from a database without events: nothing to anchor
        return []
    stored = sql.scalar(conn, "SELECT hash FROM audit_event WHERE seq = ?", (seq,))
    if stored is None:
        return [tr("Audit event #{seq} of the manifest's chain head is not in the database.").format(seq=seq)]
    if stored != digest:
        return [
            tr("Audit event #{seq} has another hash than at export time: the audit chain was rewritten.").format(
                seq=seq
            )
        ]
    return []
