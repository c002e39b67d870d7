"""What a database file proves about itself: SQLite's integrity check, the protective triggers as migrated,
the audit chain, every record against its events, the derived duty tables, the credentials' fingerprints and,
at an office, every station chain it holds.

This is the part of ``verify`` that holds for any copy of a ledger, so backups and restores check their
copies with it (``backup.check_copy``). ``maintenance.integrity.verify`` adds what only the ledger in use
can be checked against: the anchors kept outside it and the plausibility of its history.
"""

from __future__ import annotations

from sqlalchemy import Connection

from safetywatch.domain.i18n import tr
from safetywatch.services.core.audit import Problem, Progress, VerifyReport, check_chain, check_records, no_progress
from safetywatch.services.kinds.accounts import check_credentials
from safetywatch.services.kinds.duty import check_projection
from safetywatch.services.maintenance import protective_schema, station_chains


def check(conn: Connection, progress: Progress = no_progress, *, max_problems: int = 20) -> VerifyReport:
    """Check file structure, the protective triggers, the audit chain, and every record against its events."""
    problems: list[Problem] = []
    if conn.dialect.name == "sqlite":  # a server keeps its own pages consistent (checksums, WAL)
        for (line,) in conn.exec_driver_sql("PRAGMA integrity_check"):
            if line != "ok":
                problems.append(Problem("integrity", tr("SQLite integrity check: {line}").format(line=line)))
    problems.extend(protective_schema.check(conn))
    events, head = check_chain(conn, problems, progress, max_problems)
    records = check_records(conn, problems, progress, max_problems)
    if len(problems) < max_problems:
        progress("duty", 0, 1)
        problems.extend(Problem("derived", text) for text in check_projection(conn, max_problems=max_problems))
        progress("duty", 1, 1)
    if len(problems) < max_problems:
        problems.extend(Problem("record", text) for text in check_credentials(conn))
    if len(problems) < max_problems:  # an office: every station chain it holds (issue 15)
        problems.extend(station_chains.check(conn, max_problems - len(problems)))
    return VerifyReport(problems, events, records, head)
