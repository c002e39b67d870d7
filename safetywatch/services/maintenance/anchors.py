"""The chain heads recorded outside the audit chain, and the chain checked against every one of them.

Whoever can write the database file can delete the newest events or rewrite one and recompute every hash
after it: the chain is then consistent in itself. A head recorded earlier somewhere else is not rewritten
with it, so ``verify`` compares the chain with every such anchor it can find (``audit.verify_anchors``:
the anchor's event must still exist with the same hash). The sources, in :data:`SOURCES`:

* **closed months** — the head each closed month's stored report was counted at (``month_close``; inside
  the database, so it holds against a rewrite only if the close's own row and event are left alone);
* **backups** — the heads in the manifests of this database's verified backups (``backup``);
* **exports and closes** — the heads this program handed out, logged beside the backups
  (``anchor_log``);
* **printed heads** — typed in from a signed report's footer (``verify --anchor``, the audit page), the
  only anchor that does not live on the same PC.

Reply bundles of the office (issue 15) are the next source: a function ``(conn, db_path) -> anchors``
added to :data:`SOURCES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import sql
from safetywatch.services.core.audit import Anchor, Problem, verify_anchors
from safetywatch.services.maintenance import anchor_log, backup
from safetywatch.services.reporting import month_close

#: Hex digits of the hash printed in a report's footer and typed back: 64 bits, beyond any forgery.
PRINTED_DIGITS = 16

_PRINTED = re.compile(r"#?\s*(\d{1,12})\s*(?:[:：]|\s)\s*([0-9a-fA-F]+)…?")


@dataclass(frozen=True)
class PrintedHead:
    """A chain head as printed in a report's footer: the event's number and the start of its hash."""

    seq: int
    hash: str  # lower-case hex: the whole hash or its first PRINTED_DIGITS or more digits

    def __str__(self) -> str:
        return f"#{self.seq}:{self.hash}"


def printed_form(seq: int, digest: str) -> str:
    """The chain head as a person reads it off paper and types it back: ``#38014:3fa9c2d17b0e4a55``."""
    return f"#{seq}:{digest[:PRINTED_DIGITS]}"


def parse_printed(text: str) -> PrintedHead:
    """The chain head typed from a report's footer; :class:`ValueError` (with the message) if it is not one.

    Accepted: ``#38014:3fa9c2d17b0e4a55`` (the footer's form), without ``#``, with a full-width colon or a
    space instead of the colon, and the whole 64-digit hash instead of its first 16 digits."""
    match = _PRINTED.fullmatch(text.strip())
    digits = match.group(2) if match else ""
    if match is None or not PRINTED_DIGITS <= len(digits) <= 64:
        raise ValueError(
            tr(
                "“{text}” is not a chain head: type it as printed in the report's footer, e.g. "
                "#38014:3fa9c2d17b0e4a55 (the event's number, a colon and at least the first 16 hex digits of "
                "its hash)."
            ).format(text=text.strip())
        )
    return PrintedHead(int(match.group(1)), digits.lower())


# --- the sources ------------------------------------------------------------------------------------------

#: A source's anchors, and what kept it from reading some (each a problem of kind "anchor").
Found = tuple[list[Anchor], list[Problem]]
AnchorSource = Callable[[Connection, Path | None], Found]


def closed_month_anchors(conn: Connection, _db_path: Path | None) -> Found:
    """The head each closed month's report was counted at (stored with the close).

    Not a month the safety office closed and sent to this station (its create event's origin names the office):
    that report was counted on the office's chain, which the office's own verify checks (issue 15)."""
    anchors, problems = [], []
    rows = sql.all_dicts(
        conn,
        "SELECT * FROM month_close mc WHERE voided = 0 AND NOT EXISTS (SELECT 1 FROM audit_event e WHERE "
        "e.entity = 'month_close' AND e.entity_id = mc.id AND e.action = 'create' AND e.origin LIKE 'office%') "
        "ORDER BY month",
    )
    for row in rows:
        try:
            anchor = month_close.stored_report(row).audit_anchor
        except (SafetyWatchError, ValueError, TypeError) as exc:  # tampered JSON too: said, never a crash
            message = tr(
                "The stored report of closed month {month} cannot be read ({error}): its chain head was not compared."
            )
            problems.append(Problem("anchor", message.format(month=row["month"], error=exc)))
            continue
        source = tr("the report of closed month {month}").format(month=row["month"])
        anchors.append(Anchor(int(anchor.seq), str(anchor.hash), source))
    return anchors, problems


def backup_anchors(_conn: Connection, db_path: Path | None) -> Found:
    """The heads in the manifests of this database's verified backups."""
    return ([] if db_path is None else backup.recorded_anchors(backup.folder_for(db_path))), []


def handed_out_anchors(_conn: Connection, db_path: Path | None) -> Found:
    """The heads of the exports and closes this program logged for this database."""
    anchors = []
    for entry in [] if db_path is None else anchor_log.entries(db_path):
        if entry.kind == anchor_log.EXPORT:
            source = tr("the export {file} of {time}").format(file=entry.file, time=entry.at_utc)
        else:
            source = tr("the close of {month} on {time}").format(month=entry.subject, time=entry.at_utc)
        anchors.append(Anchor(entry.head_seq, entry.head_hash, source))
    return anchors, []


#: Where anchors come from, checked in this order; each source gets its own finding.
SOURCES: tuple[AnchorSource, ...] = (closed_month_anchors, backup_anchors, handed_out_anchors)


def printed_anchors(conn: Connection, printed: Sequence[PrintedHead]) -> list[Anchor]:
    """Typed heads as anchors: a prefix that matches its event stands for the event's full hash."""
    found = []
    for head in printed:
        stored = sql.scalar(conn, "SELECT hash FROM audit_event WHERE seq = ?", (head.seq,))
        digest = stored if isinstance(stored, str) and stored.startswith(head.hash) else head.hash
        found.append(Anchor(head.seq, digest, tr("the printed chain head {head}").format(head=head)))
    return found


@dataclass(frozen=True)
class AnchorCheck:
    anchors: list[Anchor]  # every anchor the chain was compared with
    problems: list[Problem]


def check(conn: Connection, db_path: Path | None, printed: Sequence[PrintedHead] = ()) -> AnchorCheck:
    """The chain against every anchor of :data:`SOURCES` (those needing *db_path* only with it) and the
    *printed* heads: at most one problem per source, the oldest anchor it contradicts."""
    anchors: list[Anchor] = []
    problems: list[Problem] = []
    for group, unread in [source(conn, db_path) for source in SOURCES] + [(printed_anchors(conn, printed), [])]:
        anchors += group
        problems += unread + verify_anchors(conn, group)
    return AnchorCheck(anchors, problems)
