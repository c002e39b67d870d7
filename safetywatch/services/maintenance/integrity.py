"""``safetywatch verify``: the whole database checked — file, triggers, audit chain, every record against
its events, the derived duty tables and the credentials' fingerprints."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection

from safetywatch.db.models import AUDITED_TABLES
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.services.core.audit import Problem, Progress, VerifyReport, check_chain, check_records, no_progress
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds.accounts import check_credentials
from safetywatch.services.kinds.duty import check_projection


def verify(conn: Connection, progress: Progress = no_progress, *, max_problems: int = 20) -> VerifyReport:
    """Check file structure, the audit chain, and every record against its last audit event."""
    problems: list[Problem] = []
    for (line,) in conn.exec_driver_sql("PRAGMA integrity_check"):
        if line != "ok":
            problems.append(Problem("integrity", tr("SQLite integrity check: {line}").format(line=line)))
    problems.extend(_check_triggers(conn))
    events, head = check_chain(conn, problems, progress, max_problems)
    records = check_records(conn, problems, progress, max_problems)
    if len(problems) < max_problems:
        progress("duty", 0, 1)
        problems.extend(Problem("derived", text) for text in check_projection(conn, max_problems=max_problems))
        progress("duty", 1, 1)
    if len(problems) < max_problems:
        problems.extend(Problem("record", text) for text in check_credentials(conn))
    return VerifyReport(problems, events, records, head)


def verify_for(ledger: Ledger, progress: Progress | None = None) -> VerifyReport:
    """``safetywatch verify`` for the signed-in user, with the chain head to compare with printed anchors."""
    ledger.require(Permission.VERIFY)
    with ledger.read() as conn:
        return verify(conn) if progress is None else verify(conn, progress)


def _check_triggers(conn: Connection) -> Iterator[Problem]:
    present = {name for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
    expected = {"audit_event_no_update", "audit_event_no_delete", "user_credential_no_delete"}
    expected |= {f"{table.name}_no_delete" for table in AUDITED_TABLES}
    missing = sorted(expected - present)
    if missing:  # one problem for all of them, so they do not crowd out the chain and record findings
        yield Problem(
            "schema",
            tr("Protective triggers are missing (removed outside SafetyWatch): {names}.").format(
                names=", ".join(missing)
            ),
        )
