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
    if conn.dialect.name == "postgresql":
        return _server_schema_code(conn)
    rows = conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')")
    return {(str(kind), str(name)): normalised(str(sql or "")) for kind, name, sql in rows}


#: A protective trigger as SQLite's migrations write it (``db.guards``): when it fires and what it says.
_SQLITE_GUARD = re.compile(r"^create trigger (\w+) before (\w+) on (\w+) begin select raise\(abort, '([^']*)'\); end$")


def _guard_summary(timing_event: str, table: str, message: str) -> str:
    """The engine-neutral form of a protective trigger compared on a server database."""
    return f"before {timing_event} on {table}: raise '{message}'"


def _server_expected(wanted: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """The SQLite triggers of :func:`expected` in the form :func:`_server_schema_code` reads a server's in."""
    out: dict[tuple[str, str], str] = {}
    for (kind, name), sql in wanted.items():
        match = _SQLITE_GUARD.match(sql)
        out[kind, name] = _guard_summary(match.group(2), match.group(3), match.group(4)) if match else sql
    return out


#: What a PostgreSQL trigger function of ``db.guards`` does, read back from its source.
_SERVER_RAISE = re.compile(r"^begin raise exception '([^']*)' using errcode = 'restrict_violation'; end$")


def _server_schema_code(conn: Connection) -> dict[tuple[str, str], str]:
    """The triggers and views of a PostgreSQL database (its own schema only), as :func:`_server_expected`."""
    rows = conn.exec_driver_sql(
        "SELECT t.tgname, c.relname, t.tgtype, t.tgenabled, p.prosrc FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
    )
    code: dict[tuple[str, str], str] = {}
    for name, table, tgtype, enabled, source in rows:
        # tgtype bits (pg_trigger.h): 1 row, 2 before, 4 insert, 8 delete, 16 update
        events = [verb for bit, verb in ((4, "insert"), (8, "delete"), (16, "update")) if tgtype & bit]
        raised = _SERVER_RAISE.match(" ".join(str(source).split()).casefold())
        # tgenabled 'D': switched off with ALTER TABLE … DISABLE TRIGGER, which leaves the trigger in place
        if enabled != "D" and tgtype & 3 == 3 and len(events) == 1 and raised:
            code["trigger", str(name)] = _guard_summary(events[0], str(table), raised.group(1))
        else:
            code["trigger", str(name)] = f"{tgtype} {enabled} {normalised(str(source))}"
    views = conn.exec_driver_sql("SELECT viewname FROM pg_views WHERE schemaname = current_schema()")
    for (view,) in views:
        code["view", str(view)] = "view"
    return code


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
    wanted = _server_expected(expected()) if conn.dialect.name == "postgresql" else expected()
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
