"""Backups of a server database with pg_dump, verified in a scratch database, and restores into a new database."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from safetywatch.cli import main
from safetywatch.db.dialect import shown_url
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import StorageError
from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import backup, integrity, server_backup, server_setup
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.maintenance.server_connection import BIN_ENV, database_of
from safetywatch.services.maintenance.server_setup import Roles
from tests import pg_cluster
from tests.account_helpers import LOGINS, OWN_PASSWORD, accounts_in_use
from tests.helpers import card, refs, seeded_server_ledger

pytestmark = pytest.mark.pg

_names = itertools.count(1)


@pytest.fixture
def office(postgres: pg_cluster.Cluster, clock: FixedClock) -> Iterator[Ledger]:
    """A seeded server ledger with two hazards, opened with the superuser's address."""
    led = seeded_server_ledger(postgres, clock)
    for _ in range(2):
        hazards.register(led, card(refs(led)))
    yield led
    led.close()


def _address(led: Ledger) -> str:
    assert led.server is not None
    return led.server


def _databases(cluster: pg_cluster.Cluster) -> set[str]:
    with psycopg.connect(host=str(cluster.socket_dir), user="postgres", dbname="postgres") as conn:
        return {str(r[0]) for r in conn.execute("SELECT datname FROM pg_database")}


def _head(led: Ledger) -> tuple[int, str]:
    with led.read() as conn:
        row = conn.exec_driver_sql("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").one()
    return int(row[0]), str(row[1])


def test_a_backup_is_verified_listed_and_restored_into_a_new_database(
    postgres: pg_cluster.Cluster, office: Ledger
) -> None:
    before = _databases(postgres)
    info = server_backup.create(_address(office), "manual")
    assert info.verified, info.problems
    assert (info.head_seq, info.head_hash) == _head(office)
    assert info.path.parent == server_backup.folder_of(_address(office)) and info.path.suffix == ".dump"
    assert "@" in info.source and ":" not in info.source.split("@")[0].split("//")[1]  # no password shown
    assert _databases(postgres) == before  # the scratch database is gone
    listed = backup.list_backups(info.path.parent)
    assert [(b.path, b.head_seq, b.head_hash, b.sha256) for b in listed] == [
        (info.path, info.head_seq, info.head_hash, backup.sha256_of(info.path))
    ]
    index = json.loads((info.path.parent / backup.INDEX).read_text(encoding="utf-8"))
    assert [entry["file"] for entry in index["backups"]] == [info.path.name]

    new_name = f"restored_{next(_names)}"
    restored = server_backup.restore(info.path, postgres.url(new_name), actor="管理员")
    assert restored.source is not None and restored.source.sha256 == info.sha256
    copy = open_ledger(postgres.url(new_name), seed=False)
    try:
        assert integrity.verify_for(copy).ok
        with copy.read() as conn:
            kept = conn.exec_driver_sql("SELECT hash FROM audit_event WHERE seq = ?", (info.head_seq,)).scalar()
            last = conn.exec_driver_sql("SELECT actor, action FROM audit_event ORDER BY seq DESC LIMIT 1").one()
            count = conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar()
        assert kept == info.head_hash  # the backup's chain, unchanged
        assert tuple(last) == ("管理员", "restore") and restored.head == _head(copy)
        assert restored.head[0] == info.head_seq + 1 and count == 2
    finally:
        copy.close()


def test_a_damaged_dump_is_refused_and_leaves_no_database(postgres: pg_cluster.Cluster, office: Ledger) -> None:
    info = server_backup.create(_address(office), "manual")
    data = info.path.read_bytes()
    info.path.write_bytes(data[: len(data) // 2])
    before = _databases(postgres)
    target = postgres.url(f"restored_{next(_names)}")
    with pytest.raises(StorageError, match="changed after it was backed up"):
        server_backup.restore(info.path, target)
    backup.manifest_path(info.path).unlink()  # without its manifest pg_restore itself finds it incomplete
    with pytest.raises(StorageError, match="not a complete, readable PostgreSQL backup"):
        server_backup.restore(info.path, target)
    assert _databases(postgres) == before


def test_restore_never_writes_over_an_existing_database(postgres: pg_cluster.Cluster, office: Ledger) -> None:
    info = server_backup.create(_address(office), "manual")
    with pytest.raises(StorageError, match="already exists"):
        server_backup.restore(info.path, _address(office))
    with pytest.raises(ValueError, match="not a usable database name"):
        server_backup.restore(info.path, postgres.url("Bad-Name"))


def test_a_tampered_chain_is_backed_up_but_not_verified(postgres: pg_cluster.Cluster, office: Ledger) -> None:
    database = database_of(_address(office))
    with psycopg.connect(host=str(postgres.socket_dir), user="postgres", dbname=database, autocommit=True) as conn:
        conn.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        conn.execute("UPDATE audit_event SET actor = 'forger' WHERE seq = (SELECT max(seq) FROM audit_event)")
        conn.execute("ALTER TABLE audit_event ENABLE TRIGGER USER")
    info = server_backup.create(_address(office), "manual")
    assert not info.verified and info.problems
    assert backup.read_manifest(info.path) == info


def test_a_missing_pg_dump_is_a_clear_error(office: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BIN_ENV, str(tmp_path))
    with pytest.raises(StorageError, match=f"pg_dump is not in {tmp_path}"):
        server_backup.create(_address(office), "manual")
    assert not any(server_backup.folder_of(_address(office)).glob("*.dump"))


def test_a_restored_office_database_keeps_its_owner_and_roles(postgres: pg_cluster.Cluster) -> None:
    name = f"office_b{next(_names)}"
    server_setup.setup(postgres.url(), name, lambda role: f"secret of {role}")
    info = server_backup.create(postgres.url(name), "manual")
    assert info.verified, info.problems
    new_name = f"{name}_restored"
    server_backup.restore(info.path, postgres.url(new_name))
    roles = Roles.of(name)
    with psycopg.connect(host=str(postgres.socket_dir), user="postgres", dbname=new_name) as conn:
        owners = {str(r[0]) for r in conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
        database_owner = conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (new_name,))
        assert owners == {roles.owner} and database_owner.fetchone() == (roles.owner,)
    with psycopg.connect(host=str(postgres.socket_dir), user=roles.app, dbname=new_name, autocommit=True) as app:
        assert app.execute("SELECT count(*) FROM audit_event").fetchone() is not None
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("DELETE FROM audit_event")


def test_backup_and_restore_commands_on_a_server(
    postgres: pg_cluster.Cluster, office: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    address = _address(office)
    assert main(["backup", "--db", address]) == 0
    made = capsys.readouterr().out
    assert "verified: integrity check, audit chain and records OK" in made
    assert f"chain head: seq {_head(office)[0]} hash {_head(office)[1]}" in made
    assert main(["backup", "--db", address, "--list"]) == 0
    listed = capsys.readouterr().out
    dump = Path(listed.strip().splitlines()[-1].split()[-1])
    assert dump.suffix == ".dump" and " verified " in listed
    new_name = f"restored_{next(_names)}"
    assert main(["restore", "--from", str(dump), "--db", postgres.url(new_name)]) == 0
    assert f"restored into postgresql://postgres@/{new_name}" in capsys.readouterr().out
    assert main(["restore", "--from", str(dump), "--db", postgres.url(new_name)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_on_a_database_with_accounts_only_an_administrator_backs_up(
    office: Ledger, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts_in_use(office)
    address = _address(office)
    assert main(["backup", "--db", address]) == 2
    assert f"{shown_url(address)} has user accounts: log in with --operator LOGIN" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(OWN_PASSWORD + "\n"))
    assert main(["backup", "--db", address, "--operator", LOGINS[Role.CLERK], "--password-stdin"]) == 1
    assert "may not" in capsys.readouterr().err
    assert not any(server_backup.folder_of(address).glob("*.dump"))
    monkeypatch.setattr("sys.stdin", io.StringIO(OWN_PASSWORD + "\n"))
    assert main(["backup", "--db", address, "--operator", LOGINS[Role.ADMINISTRATOR], "--password-stdin"]) == 0
    assert "verified:" in capsys.readouterr().out


def test_an_address_that_may_not_create_the_scratch_database_is_told_which_to_use(
    postgres: pg_cluster.Cluster,
) -> None:
    name = f"office_c{next(_names)}"
    server_setup.setup(postgres.url(), name, lambda role: f"secret of {role}")
    app = f"postgresql+psycopg://{Roles.of(name).app}@/{name}?host={postgres.socket_dir}"
    with pytest.raises(StorageError, match="may not create databases, which checking or restoring a backup needs"):
        server_backup.create(app, "manual")
    assert not any(server_backup.folder_of(app).iterdir())  # no dump, no temporary left
