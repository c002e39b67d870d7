"""``safetywatch verify``: the whole ledger checked — what the file proves about itself (file, triggers, audit
chain, every record against its events, the derived duty tables, the credentials' fingerprints:
``maintenance.consistency``), the plausibility of its history (``maintenance.plausibility``) and, given the
database's path, the chain against every anchor kept outside it (``maintenance.anchors``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from safetywatch.domain.permissions import Permission
from safetywatch.services.core.audit import Anchor, Progress, VerifyReport, no_progress
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import anchors, consistency, plausibility
from safetywatch.services.maintenance.anchors import PrintedHead


@dataclass
class LedgerReport(VerifyReport):
    """A :class:`VerifyReport` with the anchors the chain was compared with."""

    anchors: list[Anchor] = field(default_factory=list)

    @property
    def newest_anchor(self) -> Anchor | None:
        """The latest event an outside anchor vouches for: events after it are proven by nothing outside."""
        return max(self.anchors, key=lambda a: a.seq, default=None)


def verify(
    conn: Connection,
    progress: Progress = no_progress,
    *,
    max_problems: int = 20,
    db_path: Path | None = None,
    printed: Sequence[PrintedHead] = (),
) -> LedgerReport:
    """Check the ledger: :func:`consistency.check`, then its plausibility, then the chain against the
    closed months' anchors, the *printed* heads and, with *db_path*, the anchors of its backups and of the
    exports and closes logged for it."""
    report = consistency.check(conn, progress, max_problems=max_problems)
    problems = report.problems
    if len(problems) < max_problems:
        problems += plausibility.check(conn, max_problems - len(problems))
    held = anchors.check(conn, db_path, printed)
    problems += held.problems  # few, and each names where the head was recorded: never cut off
    return LedgerReport(problems, report.events_checked, report.records_checked, report.head, held.anchors)


def verify_for(ledger: Ledger, progress: Progress | None = None, printed: Sequence[PrintedHead] = ()) -> LedgerReport:
    """``safetywatch verify`` for the signed-in user, with the chain head to compare with printed anchors."""
    ledger.require(Permission.VERIFY)
    with ledger.read() as conn:
        return verify(conn, progress or no_progress, db_path=ledger.path, printed=printed)
