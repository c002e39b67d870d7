"""The chain heads this program handed out, kept outside the database: one JSON line per export or close.

Whoever can write the database can rewrite it, chain and all. An export's manifest and a closed month's
printed report carry the chain head of their moment, but they leave the PC; this log keeps the same head
beside the database's backups (``backup.folder_for``), where ``verify`` finds it
(``maintenance.anchors``). It is a convenience, not a proof: the same user can edit or delete it
(docs/reliability.md, "Attacks"). Writing it never stops an export or a close: a log that cannot be
written is a warning in the program's log, and a line that cannot be read (a crash half-way through
writing it) is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from safetywatch.domain.clock import utc_iso
from safetywatch.services.maintenance.backup import folder_for

log = logging.getLogger(__name__)

LOG_NAME = "handed-out.jsonl"
EXPORT = "export"
MONTH_CLOSE = "month-close"


@dataclass(frozen=True)
class HandedOut:
    """One export or close, as its line in the log says."""

    kind: str  # EXPORT or MONTH_CLOSE
    at_utc: str
    subject: str  # the exported record kind, or the closed month
    file: str | None  # the exported file's name (a close's PDF may be printed without being saved)
    rows: int | None
    sha256: str  # of the exported file, or of the closed month's PDF
    head_seq: int
    head_hash: str


def log_path(db_path: Path) -> Path:
    return folder_for(db_path) / LOG_NAME


def record_export(
    db_path: Path, *, what: str, file: str, rows: int, sha256: str, head: tuple[int, str], at: dt.datetime
) -> None:
    """Remember an export written from *db_path* (after its manifest is written)."""
    _append(db_path, HandedOut(EXPORT, utc_iso(at), what, file, rows, sha256, head[0], head[1]))


def record_close(db_path: Path, *, month: str, pdf_sha256: str, head: tuple[int, str], at: dt.datetime) -> None:
    """Remember the close of *month* in *db_path*, with the chain head printed on its report."""
    _append(db_path, HandedOut(MONTH_CLOSE, utc_iso(at), month, None, None, pdf_sha256, head[0], head[1]))


def _append(db_path: Path, entry: HandedOut) -> None:
    path = log_path(db_path)
    line = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a+b") as stream:
            if stream.tell() > 0:  # a line cut short by a crash must not swallow this one
                stream.seek(-1, os.SEEK_END)
                if stream.read(1) != b"\n":
                    line = "\n" + line
            stream.write(line.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        log.warning("the chain head of %s %s was not recorded in %s: %s", entry.kind, entry.subject, path, exc)


def entries(db_path: Path) -> list[HandedOut]:
    """Every readable line of the log of *db_path*, oldest first (none if there is no log)."""
    path = log_path(db_path)
    try:
        lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        log.warning("the log of handed-out chain heads %s cannot be read: %s", path, exc)
        return []
    found = []
    for number, raw in enumerate(lines, 1):
        try:
            data = json.loads(raw)
            entry = HandedOut(**data)
            if not isinstance(entry.head_seq, int) or not isinstance(entry.head_hash, str):
                raise TypeError("head_seq and head_hash")
        except (ValueError, TypeError) as exc:
            if raw.strip():
                log.warning("%s line %d skipped: %s", path, number, exc)
            continue
        found.append(entry)
    return found
