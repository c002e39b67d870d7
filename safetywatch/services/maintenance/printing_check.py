"""The check before SafetyWatch hands out evidence: a report whose footer carries the audit chain's head,
an export whose manifest does. Neither may vouch for a file that is damaged or whose chain is broken.

``verify`` re-hashes the whole chain and compares every record with its events: ~1 s for a mine's year,
several for a group's. Printing must stay quick (``report --format pdf`` for one mine in about a second),
so this check is what can be proved quickly, on the read snapshot the report or export is made from:

* the file: SQLite's ``quick_check`` for files up to :data:`~.opening.FULL_CHECK_AT_OPEN_BYTES`
  (bigger ones had their schema pages read when they were opened, ``opening.open_for_reading``);
* every chain head recorded outside the chain (``anchors.SOURCES``: closed months, the verified backups'
  manifests, the log of heads handed out by exports and closes) is still in it with the same hash:
  nothing up to them was removed or re-hashed;
* every event after the newest of those heads links to it and hashes to its stored hash: none of them was
  edited, removed or inserted. A database without a verified backup has its whole chain re-hashed.

What only ``verify`` proves: that events before the newest backup's head were not edited since that backup
(without re-hashing, an edit that keeps the stored hash passes here), that every record equals the replay
of its events (a row edited in the sqlite3 shell), the protective triggers, the derived duty tables and
``integrity_check`` on big files. Events removed from the end of the chain after the newest backup, with
the records they made, cannot be seen by either (docs/reliability.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import audit, sql
from safetywatch.services.maintenance import anchors, backup
from safetywatch.services.maintenance.opening import FULL_CHECK_AT_OPEN_BYTES


@dataclass(frozen=True)
class PrintingCheck:
    """What the check before printing found, and how far it looked."""

    problems: list[str]
    events_checked: int  # events re-hashed
    anchor: audit.Anchor | None  # the newest backup's chain head the re-hash started from (None: genesis)
    file_checked: bool  # quick_check ran (small files)

    @property
    def ok(self) -> bool:
        return not self.problems


class UnverifiedDatabaseError(SafetyWatchError):
    """Nothing is printed or exported: the database failed the check before printing."""


def require_verified(check: PrintingCheck) -> None:
    """Refuse to print from a database that failed the check (the GUI has no way to print it marked)."""
    if not check.ok:
        raise UnverifiedDatabaseError(
            tr(
                "The database failed the check before printing, so nothing is printed or exported from it: "
                "{problems} Verify the database (Tools menu) for the full check; if it was changed outside "
                "SafetyWatch, restore a verified backup."
            ).format(problems=" ".join(check.problems))
        )


def backup_anchors(path: Path) -> list[audit.Anchor]:
    """The chain heads recorded by the verified backups of the database at *path*; none if the backup
    folder cannot be read (the whole chain is then re-hashed: slower, never weaker)."""
    try:
        found = backup.backups_of(path, verified_only=True)
    except OSError:
        return []
    source = tr("the backup {file}")
    return [audit.Anchor(info.head_seq, info.head_hash, source.format(file=info.path.name)) for info in found]


def check_before_printing(conn: Connection, path: Path, *, max_problems: int = 5) -> PrintingCheck:
    """Check the database at *path* on *conn* (the read transaction the report or export is made in)."""
    problems: list[str] = []
    # a server checks its own pages; *path* is then this PC's notes on it (its backups and anchor log)
    file_checked = not sql.is_server(conn) and path.stat().st_size <= FULL_CHECK_AT_OPEN_BYTES
    if file_checked:
        result = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA quick_check")]
        if result != ["ok"]:
            problems.append(tr("SQLite integrity check: {line}").format(line=result[0] if result else "?"))
    has_chain = sql.has_table(conn, "audit_event")
    if not has_chain:
        return PrintingCheck(problems, 0, None, file_checked)
    mismatches = [p.message for p in anchors.check(conn, path).problems]  # closed months, backups, the log
    if mismatches:  # the chain was cut or rewritten before an anchor: nothing to start from
        return PrintingCheck([*problems, *mismatches], 0, None, file_checked)
    # Re-hash from the newest verified backup: everything up to its head was verified when it was made.
    start = max(backup_anchors(path), key=lambda a: a.seq, default=None)
    checked = _rehash_after(conn, start, problems, max_problems)
    return PrintingCheck(problems, checked, start, file_checked)


def _rehash_after(conn: Connection, anchor: audit.Anchor | None, problems: list[str], max_problems: int) -> int:
    """Re-hash the events after *anchor* (all with None), each linked to the one before; return how many."""
    found: list[audit.Problem] = []
    after = (0, audit.GENESIS_HASH) if anchor is None else (anchor.seq, anchor.hash)
    checked, _head = audit.check_chain(
        conn, found, audit.no_progress, max(1, max_problems - len(problems)), after=after
    )
    problems.extend(problem.message for problem in found)
    return checked
