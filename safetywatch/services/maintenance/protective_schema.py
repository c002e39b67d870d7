"""The protective triggers as this program's migrations create them, compared with a database's own.

The triggers that refuse an UPDATE or DELETE of audit events and a DELETE of records are what makes the
chain append-only inside the program. Someone with the sqlite3 shell can drop one, or replace it by a
trigger of the same name that does nothing; the names alone prove nothing. The expected SQL comes from a
database migrated in memory (:func:`migrated`, ~0.3 s), so it follows the migrations; for the newest
revision it is written out in :mod:`protective_schema_head` (a test migrates a database and compares).
Triggers and views that the migrations do not create are reported too: a view or a trigger is code the
database runs, and nothing of this program adds one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import StaticPool

from safetywatch.db.migrate import head_revision, upgrade_to_head
from safetywatch.domain.i18n import tr
from safetywatch.services.core.audit import Problem
from safetywatch.services.maintenance import protective_schema_head

_IF_NOT_EXISTS = re.compile(r"^create (temp |temporary )?(trigger|view) if not exists ")


def normalised(sql: str) -> str:
    """SQL as compared: whitespace collapsed, case folded, ``IF NOT EXISTS`` dropped (SQLite keeps the text
    as written, and a migration that re-creates a trigger may have said it)."""
    text = " ".join(sql.split()).casefold()
    return _IF_NOT_EXISTS.sub(lambda m: f"create {m.group(1) or ''}{m.group(2)} ", text)


def _schema_code(conn: Connection) -> dict[tuple[str, str], str]:
    rows = conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')")
    return {(str(kind), str(name)): normalised(str(sql or "")) for kind, name, sql in rows}


def expected() -> dict[tuple[str, str], str]:
    """((type, name) → normalised SQL) of every trigger and view a freshly migrated database has."""
    if head_revision() == protective_schema_head.REVISION:
        return protective_schema_head.CODE
    return migrated()


@cache
def migrated() -> dict[tuple[str, str], str]:
    """:func:`expected`, learnt from a database migrated in memory."""
    engine = create_engine("sqlite://", poolclass=StaticPool)  # one in-memory database for the whole check
    try:
        upgrade_to_head(engine, Path(":memory:"))
        with engine.connect() as conn:
            return _schema_code(conn)
    finally:
        engine.dispose()


def check(conn: Connection) -> Iterator[Problem]:
    """Missing, changed and unknown triggers and views: one problem each kind, naming them all."""
    present = _schema_code(conn)
    wanted = expected()
    missing = sorted(name for kind, name in wanted if (kind, name) not in present)
    changed = sorted(key[1] for key, sql in wanted.items() if key in present and present[key] != sql)
    unknown = sorted(f"{kind} {name}" for kind, name in present if (kind, name) not in wanted)
    if missing:  # one problem for all of them, so they do not crowd out the chain and record findings
        yield Problem(
            "schema",
            tr("Protective triggers are missing (removed outside SafetyWatch): {names}.").format(
                names=", ".join(missing)
            ),
        )
    if changed:
        yield Problem(
            "schema",
            tr(
                "Protective triggers were replaced outside SafetyWatch and no longer do what the program's schema "
                "says: {names}."
            ).format(names=", ".join(changed)),
        )
    if unknown:
        yield Problem(
            "schema",
            tr("The database runs code SafetyWatch does not create (added outside SafetyWatch): {names}.").format(
                names=", ".join(unknown)
            ),
        )
