"""Plain-SQL helpers for the hot paths: statements go to the connection's sqlite3 handle directly.

SQLAlchemy's ``exec_driver_sql`` costs ~70 µs a statement in result-set bookkeeping, against ~15 µs for
SQLite itself; a hazard's loop runs about forty statements, and the demo runs that hundreds of thousands
of times. The handle is the same DBAPI connection, so these statements belong to the SQLAlchemy
transaction that is open on it (we emit BEGIN ourselves, see ``db.engine``). Parameters are always bound.
Each helper also takes the sqlite3 handle itself: a caller running many statements in one transaction (the
:class:`~safetywatch.services.core.writer.Writer`) takes it once instead of once per statement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

Params = Sequence[Any]
#: A SQLAlchemy connection, or the sqlite3 handle taken from it with :func:`handle`.
Conn = Connection | sqlite3.Connection


def handle(conn: Conn) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy connection (or the handle itself)."""
    if isinstance(conn, sqlite3.Connection):
        return conn
    dbapi = conn.connection.driver_connection
    assert isinstance(dbapi, sqlite3.Connection)
    return dbapi


def execute(conn: Conn, sql: str, params: Params = ()) -> sqlite3.Cursor:
    return handle(conn).execute(sql, params)


def first(conn: Conn, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
    row: tuple[Any, ...] | None = handle(conn).execute(sql, params).fetchone()
    return row


def scalar(conn: Conn, sql: str, params: Params = ()) -> Any:
    row = first(conn, sql, params)
    return None if row is None else row[0]


def first_dict(conn: Conn, sql: str, params: Params = ()) -> dict[str, Any] | None:
    cursor = handle(conn).execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def all_dicts(conn: Conn, sql: str, params: Params = ()) -> list[dict[str, Any]]:
    cursor = handle(conn).execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
