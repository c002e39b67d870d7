"""Someone behind the program's back, on either engine: a plain driver connection with no program in between.

On SQLite it is :func:`tests.helpers.raw_sqlite` on the file; on PostgreSQL a psycopg connection to the same
database as the same (owner) role. Both run in autocommit mode and take the program's ``?`` parameters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url

from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger
from tests.helpers import raw_sqlite

#: What a trigger's refusal raises through a raw connection on either engine.
REFUSED = (sqlite3.IntegrityError, psycopg.IntegrityError)


def conninfo(address: str) -> str:
    """The libpq connection string of a ``postgresql://`` address (``+psycopg`` and all)."""
    url = make_url(address)
    parts = {"dbname": url.database, "user": url.username, "password": url.password, "port": url.port}
    parts["host"] = url.host or str(url.query.get("host", ""))
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v})


@contextmanager
def raw_connection(ledger: Ledger) -> Iterator[sql.Handle]:
    """A plain autocommit connection to *ledger*'s database, closed afterwards."""
    if ledger.server is None:
        with raw_sqlite(ledger.path) as conn:
            yield conn
        return
    with psycopg.connect(conninfo(ledger.server), autocommit=True) as conn:
        yield sql.ServerHandle(conn)


def is_server(conn: sql.Handle) -> bool:
    return isinstance(conn, sql.ServerHandle)


def tables_with_triggers(conn: sql.Handle) -> list[str]:
    """The tables carrying one of our (user) triggers."""
    if is_server(conn):
        query = "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
    else:
        query = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY 1"
    return [str(row[0]) for row in conn.execute(query).fetchall()]


def disable_triggers(conn: sql.ServerHandle) -> list[str]:
    """Switch every protective trigger off as an attacker with owner rights would (``ALTER TABLE … DISABLE
    TRIGGER``); return the statements that switch them on again."""
    tables = tables_with_triggers(conn)
    for table in tables:
        conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    return [f"ALTER TABLE {table} ENABLE TRIGGER USER" for table in tables]
