"""``safetywatch copy``: an office's SQLite file moves to an empty PostgreSQL database with its whole audit chain
(and back); a target with data, a source that fails verify or has an older schema is refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import psycopg
import pytest
from alembic import command

from safetywatch import cli
from safetywatch.db.engine import make_engine, read_connection
from safetywatch.db.migrate import alembic_config
from safetywatch.db.models import metadata
from safetywatch.domain.clock import FixedClock
from safetywatch.services.core.audit import chain_head
from safetywatch.services.kinds import reference
from safetywatch.services.maintenance.copy_database import CopyRefusedError, copy_database
from safetywatch.services.maintenance.opening import open_ledger
from tests import pg_cluster
from tests.helpers import drop_protective_triggers, raw_sqlite, seeded_server_ledger

pytestmark = pytest.mark.pg


@pytest.fixture(scope="module")
def demo_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of tiny demo data (every kind of record, ~2,400 audit events), made once for the module."""
    path = tmp_path_factory.mktemp("demo") / "office.db"
    code = cli.main(["demo", "--scale", "tiny", "--db", str(path), "--no-accounts", "--until", "2026-06-01"])
    assert code == cli.EXIT_OK
    return path


@pytest.fixture
def office(demo_office: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo office file."""
    path = tmp_path / "office.db"
    shutil.copy(demo_office, path)
    return path


def _empty_database(cluster: pg_cluster.Cluster) -> str:
    name = cluster.fresh_database("copy")
    return cluster.url(name)


def _raw(cluster: pg_cluster.Cluster, url: str) -> psycopg.Connection[tuple[object, ...]]:
    """A plain psycopg connection to the database of *url* (a test cluster address)."""
    name = url.split("@/", 1)[1].split("?", 1)[0]
    return psycopg.connect(host=str(cluster.socket_dir), user="postgres", dbname=name, autocommit=True)


def _counts(target: Path | str) -> dict[str, int]:
    engine = make_engine(target, read_only=True)
    try:
        with read_connection(engine) as conn:
            return {
                t.name: int(conn.exec_driver_sql(f"SELECT count(*) FROM {t.name}").scalar_one())
                for t in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _head(target: Path | str) -> tuple[int, str]:
    engine = make_engine(target, read_only=True)
    try:
        with read_connection(engine) as conn:
            return chain_head(conn)
    finally:
        engine.dispose()


def test_an_office_file_moves_to_the_server_with_its_chain(
    office: Path, postgres: pg_cluster.Cluster, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    server = _empty_database(postgres)
    code = cli.main(["copy", "--from", f"sqlite:///{office}", "--to", server])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_OK, err
    head = _head(office)
    assert head[0] > 2000
    assert f"chain head: seq {head[0]} hash {head[1]}" in out
    assert _head(server) == head
    assert _counts(server) == _counts(office)
    assert cli.main(["verify", "--db", server]) == cli.EXIT_OK

    # the sequences were set past the copied ids: a new record gets a new id (not a duplicate key)
    ledger = open_ledger(server, clock=clock)
    try:
        with ledger.read() as conn:
            mine = reference.org_units(conn, "mine")[0]
            biggest = int(conn.exec_driver_sql("SELECT max(id) FROM org_unit").scalar_one())
        unit = reference.save(
            ledger, "org_unit", {"code": "U99", "name": "新队", "level": "unit", "parent_id": str(mine.id)}
        )
        assert int(unit["id"]) == biggest + 1
    finally:
        ledger.close()


def test_an_office_leaves_the_server_for_a_file(
    office: Path, postgres: pg_cluster.Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = _empty_database(postgres)
    copy_database(office, server)
    back = tmp_path / "back" / "office.db"
    code = cli.main(["copy", "--from", server, "--to", str(back)])
    assert code == cli.EXIT_OK, capsys.readouterr().err
    assert _head(back) == _head(office)
    assert _counts(back) == _counts(office)
    assert cli.main(["verify", "--db", str(back)]) == cli.EXIT_OK


def test_a_row_whose_parent_has_a_bigger_id_is_copied_after_it(
    office: Path, postgres: pg_cluster.Cluster, clock: FixedClock
) -> None:
    """A group made after its mine (as the group demo does) has the bigger id: copied in id order, the mine
    would refer to a row not there yet, and the server's foreign key refuses the whole copy."""
    ledger = open_ledger(office, clock=clock)
    try:
        group = reference.save(ledger, "org_unit", {"code": "G01", "name": "集团", "level": "group", "parent_id": ""})
        with ledger.read() as conn:
            mine = next(r for r in reference.list_rows(conn, "org_unit") if r["level"] == "mine")
        values = {k: "" if mine[k] is None else str(mine[k]) for k in ("code", "name", "level")}
        reference.save(
            ledger, "org_unit", {**values, "parent_id": str(group["id"])}, row_id=int(mine["id"]), reason="上级单位"
        )
    finally:
        ledger.close()
    assert int(group["id"]) > int(mine["id"])
    server = _empty_database(postgres)
    copy_database(office, server)
    assert _head(server) == _head(office)
    assert _counts(server) == _counts(office)
    with _raw(postgres, server) as conn:
        parent = conn.execute("SELECT parent_id FROM org_unit WHERE id = %s", (mine["id"],)).fetchone()
    assert parent == (group["id"],)


def test_a_target_that_holds_data_is_refused(
    office: Path, postgres: pg_cluster.Cluster, clock: FixedClock, tmp_path: Path
) -> None:
    in_use = seeded_server_ledger(postgres, clock)
    assert in_use.server is not None
    in_use.close()
    before = _counts(in_use.server)
    with pytest.raises(CopyRefusedError, match=r"is not empty .*copied only into an empty database"):
        copy_database(office, in_use.server)
    assert _counts(in_use.server) == before

    someone_elses = _empty_database(postgres)
    with _raw(postgres, someone_elses) as conn:
        conn.execute("CREATE TABLE payroll (id integer)")
    with pytest.raises(CopyRefusedError, match=r"holds payroll"):
        copy_database(office, someone_elses)

    existing = tmp_path / "existing.db"
    shutil.copy(office, existing)
    with pytest.raises(CopyRefusedError, match="already exists and holds a database"):
        copy_database(office, existing)


def test_a_source_that_fails_verify_is_refused(office: Path, postgres: pg_cluster.Cluster) -> None:
    with raw_sqlite(office) as conn:
        drop_protective_triggers(conn)
        conn.execute("UPDATE hazard SET description = 'rewritten' WHERE id = 1")
    server = _empty_database(postgres)
    with pytest.raises(CopyRefusedError, match="fails verify, so it is not copied"):
        copy_database(office, server)
    with _raw(postgres, server) as c:
        assert c.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


def test_a_source_at_an_older_schema_is_refused(tmp_path: Path, postgres: pg_cluster.Cluster) -> None:
    old = tmp_path / "old.db"
    engine = make_engine(old)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")
    engine.dispose()
    with pytest.raises(CopyRefusedError, match=r"older schema .*open it once with this version"):
        copy_database(old, _empty_database(postgres))


def test_a_missing_source_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["copy", "--from", str(tmp_path / "none.db"), "--to", str(tmp_path / "new.db")])
    assert code == cli.EXIT_FAILED
    assert "There is no database at" in capsys.readouterr().err
    assert not (tmp_path / "new.db").exists()


def test_the_demo_office_is_a_real_ledger(office: Path) -> None:
    """The fixture's file is a real ledger (guards the tests above against copying an empty file)."""
    with sqlite3.connect(office) as conn:
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] > 2000
