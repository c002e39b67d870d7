"""The protective triggers the migrations create, written for each engine.

On SQLite a trigger body is SQL (``RAISE(ABORT, …)``); PostgreSQL runs a trigger function. The SQLite text
is kept exactly as the migrations always wrote it: existing files were created with it and
``services.maintenance.protective_schema`` compares a database's triggers with it. On PostgreSQL one
function per message is shared by every table's trigger.
"""

from __future__ import annotations

from alembic import op

#: What a refused DELETE of a record says.
NEVER_DELETED = "records are never deleted: void them with a reason"


def _function_name(message: str) -> str:
    return {
        NEVER_DELETED: "sw_refuse_delete",
        "audit events are append-only": "sw_audit_append_only",
        "station events are append-only": "sw_station_events_append_only",
    }[message]


def _on_postgres() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def refuse(name: str, verb: str, table: str, message: str, *, if_not_exists: bool = False) -> None:
    """A trigger *name* refusing every *verb* (``UPDATE``/``DELETE``) on *table* with *message*."""
    if not _on_postgres():
        exists = "IF NOT EXISTS " if if_not_exists else ""
        raise_it = f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        op.execute(f"CREATE TRIGGER {exists}{name} BEFORE {verb} ON {table} {raise_it}")
        return
    function = _function_name(message)
    op.execute(
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$body$ BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation'; END $body$"
    )
    op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    op.execute(f"CREATE TRIGGER {name} BEFORE {verb} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")


def refuse_delete(table: str, *, if_not_exists: bool = False) -> None:
    """``{table}_no_delete``: records are voided, never deleted."""
    refuse(f"{table}_no_delete", "DELETE", table, NEVER_DELETED, if_not_exists=if_not_exists)


def drop(name: str, table: str) -> None:
    """Remove trigger *name* of *table* (downgrades)."""
    op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}" if _on_postgres() else f"DROP TRIGGER IF EXISTS {name}")
