"""server-setup on the test cluster: the database and its three roles, and the rights each role really has."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from safetywatch.cli import main
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import StorageError
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity, server_setup
from safetywatch.services.maintenance.server_setup import Roles
from tests import pg_cluster
from tests.helpers import _build_seeded, card, refs

pytestmark = pytest.mark.pg

_names = itertools.count(1)


def _password(role: str) -> str:
    return f"secret of {role}"


@pytest.fixture
def office(postgres: pg_cluster.Cluster) -> Iterator[str]:
    """A database made by server-setup (its name)."""
    name = f"office_{next(_names)}"
    server_setup.setup(postgres.url(), name, _password)
    yield name


def _connect(cluster: pg_cluster.Cluster, database: str, user: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(host=str(cluster.socket_dir), user=user, dbname=database, autocommit=True)


def _as_role(cluster: pg_cluster.Cluster, database: str, role: str) -> str:
    return f"postgresql+psycopg://{role}@/{database}?host={cluster.socket_dir}"


def test_setup_creates_the_database_and_roles_and_a_second_run_reports_them(postgres: pg_cluster.Cluster) -> None:
    name = f"office_{next(_names)}"
    asked: list[str] = []

    def password(role: str) -> str:
        asked.append(role)
        return _password(role)

    first = server_setup.setup(postgres.url(), name, password)
    roles = Roles.of(name)
    assert asked == [roles.app, roles.audit]  # the owner never logs in: no password
    assert len(first.created) == 4 and first.existing == []
    assert first.migrated_from == "" and first.schema is not None
    with _connect(postgres, "postgres", "postgres") as conn:
        owner, collation = conn.execute(
            "SELECT pg_get_userbyid(datdba), datcollate FROM pg_database WHERE datname = %s", (name,)
        ).fetchone() or (None, None)
        verifier = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (roles.app,)).fetchone()
    assert (owner, collation) == (roles.owner, "C")
    assert verifier is not None and str(verifier[0]).startswith("SCRAM-SHA-256$")
    with _connect(postgres, name, "postgres") as conn:
        owners = {r[0] for r in conn.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")}
    assert owners == {roles.owner}  # migrated as the owner role, not as the administrator

    asked.clear()
    second = server_setup.setup(postgres.url(), name, password)
    assert second.created == [] and len(second.existing) == 4
    assert second.migrated_from is None and asked == []


def test_the_app_role_registers_a_hazard_and_verifies(
    postgres: pg_cluster.Cluster, office: str, clock: FixedClock
) -> None:
    ledger = _build_seeded(_as_role(postgres, office, Roles.of(office).app), clock)  # reference data as the app
    try:
        reference_ids = refs(ledger)
        row = hazards.register(ledger, card(reference_ids))
        assert row["number"].endswith("00001")
        report = integrity.verify_for(ledger)
        assert report.ok, report.problems
    finally:
        ledger.close()


def test_the_privileges_refuse_the_app_role_what_the_triggers_refuse_even_with_the_triggers_off(
    postgres: pg_cluster.Cluster, office: str, clock: FixedClock
) -> None:
    roles = Roles.of(office)
    ledger = _build_seeded(_as_role(postgres, office, roles.app), clock)
    hazards.register(ledger, card(refs(ledger)))
    ledger.close()
    with _connect(postgres, office, "postgres") as admin:
        admin.execute(f"SET ROLE {roles.owner}")
        for table in ("audit_event", "hazard"):
            admin.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        with _connect(postgres, office, roles.app) as app:
            for statement in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event", "DELETE FROM hazard"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(statement)
            app.execute("UPDATE hazard SET version = version")  # records are amended through the Writer
        admin.execute("ALTER TABLE audit_event ENABLE TRIGGER USER")
        admin.execute("ALTER TABLE hazard ENABLE TRIGGER USER")


def test_the_audit_role_only_reads(postgres: pg_cluster.Cluster, office: str) -> None:
    roles = Roles.of(office)
    insert = "INSERT INTO app_setting (key, value) VALUES ('x', 'y')"
    with _connect(postgres, office, roles.audit) as audit:
        assert audit.execute("SELECT count(*) FROM audit_event").fetchone() is not None
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            audit.execute(insert)
        audit.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")  # the auditor turns it off…
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # …and the privileges still refuse
            audit.execute(insert)


def test_a_bad_name_and_a_role_that_may_not_administer_are_refused(postgres: pg_cluster.Cluster, office: str) -> None:
    with pytest.raises(ValueError, match="not a usable database name"):
        server_setup.setup(postgres.url(), "Office; DROP", _password)
    app_address = _as_role(postgres, "postgres", Roles.of(office).app)
    with pytest.raises(StorageError, match="may not create databases and roles"):
        server_setup.setup(app_address, "another", _password)


def test_the_command_reads_passwords_from_a_file_and_never_prints_them(
    postgres: pg_cluster.Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = f"office_{next(_names)}"
    roles = Roles.of(name)
    passfile = tmp_path / "roles.pgpass"
    passfile.write_text(f"# roles\n*:*:*:{roles.app}:app\\:pass\n*:*:*:{roles.audit}:audit-pass\n", encoding="utf-8")
    args = ["server-setup", "--admin", postgres.url(), "--database", name, "--passfile", str(passfile)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"created: role {roles.app}" in out and f"created: database {name}" in out
    assert f"office PCs connect with: postgresql://{roles.app}@/{name}" in out
    assert "pass" not in out.replace("passfile", "")
    assert main(args) == 0
    assert f"already there: role {roles.audit}" in capsys.readouterr().out


def test_a_password_file_without_the_role_is_a_clear_error(
    postgres: pg_cluster.Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = f"office_{next(_names)}"
    passfile = tmp_path / "roles.pgpass"
    passfile.write_text("*:*:*:someone_else:x\n", encoding="utf-8")
    assert main(["server-setup", "--admin", postgres.url(), "--database", name, "--passfile", str(passfile)]) == 1
    assert f"has no line for {name}_app: add one like *:*:*:{name}_app:PASSWORD" in capsys.readouterr().err
    with _connect(postgres, "postgres", "postgres") as conn:
        roles = Roles.of(name)
        made = conn.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s, %s)", (roles.owner, roles.app, roles.audit)
        ).fetchone()
    assert made == (0,)  # every password is read before anything is created
