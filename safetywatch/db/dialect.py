"""Which engine a database lives on: an embedded SQLite file (the default) or a PostgreSQL server (an office on
a LAN, issue 18), and the few things that differ between them.

The program's SQL is written once, in the dialect both engines share (``?`` parameters, ``substr``,
``coalesce``, ``ON CONFLICT``, ``RETURNING``); :mod:`safetywatch.services.core.sql` turns the parameters into
psycopg's style. What cannot be shared is named here, so a reader sees every difference in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError

#: How a server database is named on the command line, in ``SAFETYWATCH_DB`` and in the settings.
SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")

#: The key of the transaction-scoped advisory lock every write transaction takes on PostgreSQL: one writer at a
#: time appends to the audit chain (SQLite's ``BEGIN IMMEDIATE`` does the same for a file). "SWAT" in ASCII.
WRITE_LOCK_KEY = 0x53574154


#: The collations a server database may have: both compare text byte by byte, as SQLite does, so reports sort
#: the same on either engine (checked on opening and by server-setup).
BYTE_ORDER_COLLATIONS = ("C", "POSIX")


def is_server_url(target: object) -> bool:
    """Whether *target* (a ``--db`` value) names a PostgreSQL database rather than a SQLite file."""
    if not isinstance(target, str) or "://" not in target:
        return False
    return target.split("://", 1)[0].lower() in SERVER_SCHEMES


def server_url(text: str) -> URL:
    """The SQLAlchemy URL of a ``postgresql://`` address, with our driver (psycopg 3) whatever scheme was given.

    Raises ``ValueError`` with the reason when *text* is not a usable address.
    """
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise ValueError(f"not a database address: {exc}") from exc
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL address: {text.split('://', 1)[0]}://")
    if not url.database:
        raise ValueError("the address names no database (postgresql://user@host/DATABASE)")
    return url.set(drivername="postgresql+psycopg")


def shown_url(url: URL | str) -> str:
    """An address fit to show and log: never its password."""
    parsed = server_url(url) if isinstance(url, str) else url
    return parsed.set(drivername="postgresql").render_as_string(hide_password=True)


def is_postgres(bind: Connection | Engine) -> bool:
    return bind.dialect.name == "postgresql"


#: One token of a statement: a quoted string or identifier (left alone), a parameter, or a literal ``%``.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|(?<!:):([A-Za-z_]\w*)|%")


@lru_cache(maxsize=4096)
def server_statement(statement: str) -> str:
    """*statement* with SQLite's parameters as psycopg's: ``?`` → ``%s``, ``:name`` → ``%(name)s``, and a
    literal ``%`` doubled (psycopg reads every ``%`` of a statement with parameters). Quoted text is kept."""

    def convert(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if match.group(1) is not None:
            return f"%({match.group(1)})s"
        return token.replace("%", "%%")  # a quoted string or identifier

    return _TOKENS.sub(convert, statement)
