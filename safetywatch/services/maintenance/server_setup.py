"""``safetywatch server-setup``: the office database on a PostgreSQL server, its three roles, and their rights.

For a database NAME the administrator's address (a superuser such as ``postgres``) creates:

- ``NAME_owner`` (no log-in): owns the database, its schema and every table; migrations run as this role, so
  tables a later version adds belong to it too;
- ``NAME_app`` (log-in): the office PCs. It reads, inserts and updates records, but may not change or delete
  the audit chain (``audit_event``, ``station_event``) nor delete any record: the privilege system refuses
  it even where someone disabled the protective triggers, which stay as the second fence. It may delete
  only the rows of the derived duty tables, which the program rewrites when a shift sheet changes;
- ``NAME_audit`` (log-in): the auditor; reads only, and its sessions are read-only by default.

The database is created with the C collation the program requires, then migrated to this version's schema as
the owner role. Everything is idempotent: a second run reports what exists, creates what is missing, migrates
a database a newer program version has to migrate, and grants the rights again (tables a migration added
get them from the default privileges as well). Passwords are asked for only for roles being created, sent to
the server as SCRAM verifiers (never in clear text, never printed or stored).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from safetywatch.db.dialect import BYTE_ORDER_COLLATIONS, server_url, shown_url
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr
from safetywatch.services.maintenance import server_connection as server
from safetywatch.services.maintenance.opening import open_server_ledger

if TYPE_CHECKING:
    import psycopg

#: Append-only tables: the application role may neither update nor delete their rows.
CHAIN_TABLES = ("audit_event", "station_event")
#: Derived tables the program rewrites (``duty.project``); the only rows the application role may delete.
DERIVED_TABLES = ("duty", "duty_month")
#: Tables only migrations write.
SCHEMA_TABLES = ("alembic_version",)


@dataclass(frozen=True)
class Roles:
    owner: str
    app: str
    audit: str

    @classmethod
    def of(cls, database: str) -> Roles:
        return cls(f"{database}_owner", f"{database}_app", f"{database}_audit")


@dataclass
class SetupReport:
    """What one run of server-setup found and did, for the administrator to read."""

    database: str
    roles: Roles
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    schema: str | None = None  # the schema revision after this run
    migrated_from: str | None = None  # set when this run migrated the database ("" for a new one)


#: Asks for the password of a role being created (the command line: a terminal prompt or a password file).
PasswordSource = Callable[[str], str]


def setup(admin_address: str, database: str, passwords: PasswordSource) -> SetupReport:
    """Create (or complete) database *database* and its roles on the server of *admin_address*, migrate it as
    the owner role and grant each role its rights. Raises :class:`StorageError` (or ``ValueError`` for a bad
    name) saying what to change."""
    server.check_database_name(database)
    roles = Roles.of(database)
    report = SetupReport(database, roles)
    with server.connect(admin_address) as conn:
        _require_administrator(conn, admin_address)
        _create_roles(conn, roles, passwords, report)
        if server.database_exists(conn, database):
            report.existing.append(tr("database {name}").format(name=database))
            _require_c_collation(conn, database)
        else:
            conn.execute(
                f"CREATE DATABASE {database} OWNER {roles.owner} TEMPLATE template0 "
                "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
            )
            report.created.append(tr("database {name}").format(name=database))
        grant_database(conn, database, roles)
    database_address = server.with_database(admin_address, database)
    with server.connect(database_address) as conn:
        grant_schema(conn, roles)
        before = _schema_revision(conn)
    open_server_ledger(server.with_role(database_address, roles.owner)).close()  # migrates as the owner role
    with server.connect(database_address) as conn:
        grant_tables(conn, roles)
        report.schema = _schema_revision(conn)
    report.migrated_from = (before or "") if before != report.schema else None
    return report


def _schema_revision(conn: psycopg.Connection[tuple[object, ...]]) -> str | None:
    if not _table_exists(conn, "alembic_version"):
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def _require_administrator(conn: psycopg.Connection[tuple[object, ...]], address: str) -> None:
    row = conn.execute(
        "SELECT rolsuper OR (rolcreaterole AND rolcreatedb) FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    if not (row and row[0]):
        raise StorageError(
            tr(
                "{address} may not create databases and roles. Run server-setup with the server's administrator "
                "(for example postgresql://postgres@HOST/postgres)."
            ).format(address=shown_url(address)),
            kind="denied",
        )


def _require_c_collation(conn: psycopg.Connection[tuple[object, ...]], database: str) -> None:
    row = conn.execute("SELECT datcollate FROM pg_database WHERE datname = %s", (database,)).fetchone()
    collation = str(row[0]) if row else "?"
    if collation not in BYTE_ORDER_COLLATIONS:
        raise StorageError(
            tr(
                "The existing database {name} uses the collation {collation}; SafetyWatch needs C. Choose another "
                "name (server-setup creates it with C), or move the data into a new database (docs/postgresql.md)."
            ).format(name=database, collation=collation)
        )


def _role_exists(conn: psycopg.Connection[tuple[object, ...]], role: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None


def _create_roles(
    conn: psycopg.Connection[tuple[object, ...]], roles: Roles, passwords: PasswordSource, report: SetupReport
) -> None:
    from psycopg import sql

    every = (roles.owner, roles.app, roles.audit)
    missing = [role for role in every if not _role_exists(conn, role)]
    report.existing += [tr("role {name}").format(name=role) for role in every if role not in missing]
    # every password first: a missing or mistyped one stops the run before anything is created
    verifiers = {role: _verifier(conn, role, passwords(role)) for role in missing if role != roles.owner}
    for role in missing:
        if role in verifiers:
            verifier = verifiers[role]
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(verifier))
            )
        else:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        report.created.append(tr("role {name}").format(name=role))
    # the auditor's sessions start read-only; SELECT-only rights are the fence that holds if one turns it off
    conn.execute(f"ALTER ROLE {roles.audit} SET default_transaction_read_only = on")


def _verifier(conn: psycopg.Connection[tuple[object, ...]], role: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of *password*, computed here: the server's statement log never sees it."""
    if not password:
        raise ValueError(tr("The password of {role} is empty; choose one.").format(role=role))
    encrypted = conn.pgconn.encrypt_password(password.encode("utf-8"), role.encode("utf-8"), b"scram-sha-256")
    return encrypted.decode("ascii")


def grant_database(conn: psycopg.Connection[tuple[object, ...]], database: str, roles: Roles) -> None:
    """Only the three roles may connect to *database* (not every role of the server, PostgreSQL's default)."""
    conn.execute(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
    conn.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {roles.app}")
    conn.execute(f"GRANT CONNECT ON DATABASE {database} TO {roles.audit}")


def grant_schema(conn: psycopg.Connection[tuple[object, ...]], roles: Roles) -> None:
    """Connected to the database: its schema belongs to the owner role and the others may only use it; tables
    and sequences the owner creates later (a migration) get the rights :func:`grant_tables` gives."""
    conn.execute(f"ALTER SCHEMA public OWNER TO {roles.owner}")
    conn.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
    conn.execute(f"GRANT USAGE ON SCHEMA public TO {roles.app}, {roles.audit}")
    later = f"ALTER DEFAULT PRIVILEGES FOR ROLE {roles.owner} IN SCHEMA public"
    conn.execute(f"{later} GRANT SELECT, INSERT, UPDATE ON TABLES TO {roles.app}")
    conn.execute(f"{later} GRANT SELECT ON TABLES TO {roles.audit}")
    conn.execute(f"{later} GRANT USAGE, SELECT ON SEQUENCES TO {roles.app}")
    conn.execute(f"{later} GRANT SELECT ON SEQUENCES TO {roles.audit}")


def grant_tables(conn: psycopg.Connection[tuple[object, ...]], roles: Roles) -> None:
    """Connected to the database: the rights of the application and audit roles on the tables there now."""
    conn.execute(f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {roles.app}")
    conn.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {roles.app}")
    conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {roles.audit}")
    conn.execute(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {roles.audit}")
    for table, revoked in (
        *((t, "UPDATE, DELETE, TRUNCATE") for t in CHAIN_TABLES),
        *((t, "INSERT, UPDATE, DELETE") for t in SCHEMA_TABLES),
    ):
        if _table_exists(conn, table):
            conn.execute(f"REVOKE {revoked} ON {table} FROM {roles.app}")
    for table in DERIVED_TABLES:
        if _table_exists(conn, table):
            conn.execute(f"GRANT DELETE ON {table} TO {roles.app}")


def _table_exists(conn: psycopg.Connection[tuple[object, ...]], table: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"public.{table}",)).fetchone()
    return bool(row and row[0])


def role_address(admin_address: str, database: str, role: str) -> str:
    """The address *role* connects to *database* with (same server as *admin_address*; no password in it)."""
    url = server_url(admin_address).set(username=role, password=None, database=database)
    return shown_url(url)


def passwords_from_file(path: Path) -> PasswordSource:
    """The passwords of the roles to create, from a file in PostgreSQL's password-file format (``.pgpass``:
    ``host:port:database:user:password`` a line, ``\\:`` for a colon): the line whose user is the role."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise StorageError(tr("Cannot read the password file {path}: {error}").format(path=path, error=exc)) from exc
    found: dict[str, str] = {}
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            fields = _pgpass_fields(line)
            if len(fields) == 5:
                found.setdefault(fields[3], fields[4])

    def password(role: str) -> str:
        if role not in found:
            raise ValueError(
                tr("{path} has no line for {role}: add one like *:*:*:{role}:PASSWORD.").format(path=path, role=role)
            )
        return found[role]

    return password


def _pgpass_fields(line: str) -> list[str]:
    fields: list[str] = []
    current: list[str] = []
    escaped = False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":" and len(fields) < 4:
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields
