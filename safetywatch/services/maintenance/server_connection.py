"""What the administrator's commands need to reach a PostgreSQL server beside the program's own engine: a
plain psycopg connection (``CREATE DATABASE`` and ``CREATE ROLE`` cannot run in a transaction), the same
address aimed at another database or acting as another role, and PostgreSQL's own programs (``pg_dump``,
``pg_restore``) found on this PC and run with the address's credentials.

A password in an address is handed to the programs through their environment (``PGPASSWORD``), never on
their command line, where any user of the PC could read it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import URL

from safetywatch.db.dialect import server_url, shown_url
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr

if TYPE_CHECKING:
    import psycopg

#: Where the administrator names the folder of PostgreSQL's programs when they are not on PATH (Windows:
#: ``C:\Program Files\PostgreSQL\15\bin``).
BIN_ENV = "SAFETYWATCH_PG_BIN"

#: The database every PostgreSQL server has, where databases are created and dropped from.
MAINTENANCE_DATABASE = "postgres"

#: A database name server-setup and restore accept: plain lower-case, so the role names made from it
#: (``NAME_owner``) need no quoting anywhere and stay within PostgreSQL's 63 characters.
_NAME = re.compile(r"[a-z][a-z0-9_]{0,47}")


def check_database_name(name: str) -> str:
    """*name* if it is a usable database name, else ``ValueError`` saying what is accepted."""
    if not _NAME.fullmatch(name):
        raise ValueError(
            tr(
                "'{name}' is not a usable database name: use 1 to 48 lower-case letters, digits and _, starting "
                "with a letter (for example safetywatch or mine_office)."
            ).format(name=name)
        )
    return name


def database_of(address: str) -> str:
    return str(server_url(address).database)


def with_database(address: str, database: str) -> str:
    """*address* naming *database* instead (same server, user and password)."""
    return _render(server_url(address).set(database=database))


def with_role(address: str, role: str) -> str:
    """*address* whose sessions act as *role* (``SET ROLE`` at connection start): the administrator migrates a
    database as its owner role, so the tables a migration creates belong to that role."""
    url = server_url(address)
    return _render(url.update_query_dict({"options": f"-c role={role}"}))


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def _libpq(address: str) -> tuple[dict[str, str], str | None]:
    """The libpq parameters of *address* (without the password) and its password."""
    url = server_url(address)
    params = {key: str(value if isinstance(value, str) else value[-1]) for key, value in url.query.items()}
    for key, value in (("host", url.host), ("port", url.port), ("user", url.username), ("dbname", url.database)):
        if value is not None:
            params[key] = str(value)
    return params, url.password if isinstance(url.password, str) else None


def connect(address: str) -> psycopg.Connection[tuple[object, ...]]:
    """A psycopg connection in autocommit mode (for ``CREATE DATABASE`` and role statements); a server that
    cannot be reached or refuses the log-in is a :class:`StorageError` naming the address."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    params, password = _libpq(address)
    if password is not None:
        params["password"] = password
    try:
        return psycopg.connect(make_conninfo("", connect_timeout=5, **params), autocommit=True)
    except psycopg.OperationalError as exc:
        raise StorageError(
            tr("Cannot connect to {address}: {error}").format(
                address=shown_url(address), error=str(exc).strip().splitlines()[-1] if str(exc).strip() else exc
            ),
            kind="unreachable",
        ) from exc


def database_exists(conn: psycopg.Connection[tuple[object, ...]], name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def find_tool(name: str) -> Path:
    """PostgreSQL's program *name* (``pg_dump``, ``pg_restore``): in :data:`BIN_ENV`, on PATH, or where Debian and
    the Windows installer put it. A missing program is a :class:`StorageError` saying how to provide it."""
    exe = name + (".exe" if sys.platform == "win32" else "")
    chosen = os.environ.get(BIN_ENV)
    if chosen:
        candidate = Path(chosen) / exe
        if candidate.is_file():
            return candidate
        raise StorageError(
            tr("{name} is not in {folder} ({env}): name the bin folder of the PostgreSQL installation.").format(
                name=exe, folder=chosen, env=BIN_ENV
            )
        )
    found = shutil.which(name)
    if found:
        return Path(found)
    roots = [Path("/usr/lib/postgresql")]
    if sys.platform == "win32":
        roots.append(Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "PostgreSQL")
    installed = [p for root in roots for p in root.glob(f"*/bin/{exe}")]
    if installed:
        return max(installed, key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    raise StorageError(
        tr(
            "PostgreSQL's {name} was not found on this PC. Install PostgreSQL's client programs (on the server "
            "they come with it), or set {env} to their bin folder (e.g. C:\\Program Files\\PostgreSQL\\15\\bin)."
        ).format(name=exe, env=BIN_ENV)
    )


def run_tool(name: str, address: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run PostgreSQL's program *name* on the database of *address* (``--dbname``), with *arguments*."""
    from psycopg.conninfo import make_conninfo

    params, password = _libpq(address)
    conninfo = make_conninfo("", **params)
    environment = dict(os.environ)
    if password is not None:
        environment["PGPASSWORD"] = password
    argv = [str(find_tool(name)), f"--dbname={conninfo}", *arguments]
    try:
        return subprocess.run(argv, capture_output=True, text=True, env=environment, check=False)
    except OSError as exc:
        raise StorageError(tr("{name} could not be started: {error}").format(name=name, error=exc)) from exc


def tool_error(result: subprocess.CompletedProcess[str]) -> str:
    """The first error line a PostgreSQL program wrote (its own words), or its exit code."""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower() or "fatal" in line.lower()]
    return (errors or lines or [f"exit code {result.returncode}"])[0]
