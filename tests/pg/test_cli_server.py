"""The command line on a server database: ``--db postgresql://…`` and ``SAFETYWATCH_DB``; a server that cannot be
reached or has the wrong collation is refused with a clear message, and nothing local is opened instead."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from safetywatch import cli
from safetywatch.domain.clock import FixedClock
from safetywatch.services.kinds import hazards
from tests import pg_cluster
from tests.helpers import card, refs, seeded_server_ledger

pytestmark = pytest.mark.pg

_names = itertools.count(1)


def _with_password(url: str) -> str:
    """The test cluster trusts every log-in, so a password in the address is accepted and must never be shown."""
    return url.replace("postgres@", "postgres:s3cret-pw@", 1)


@pytest.fixture
def server_db(postgres: pg_cluster.Cluster, clock: FixedClock) -> str:
    """A seeded server database with one hazard, named with a password."""
    ledger = seeded_server_ledger(postgres, clock)
    hazards.register(ledger, card(refs(ledger)))
    assert ledger.server is not None
    ledger.close()
    return _with_password(ledger.server)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "s3cret-pw" not in out + err  # never the password
    return code, out, err


def test_verify_and_report_read_a_server_database(
    server_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "verify", "--db", server_db)
    assert code == cli.EXIT_OK, err
    assert "OK" in out and "postgresql://postgres:***@" in out

    # the report reaches the server read-only and answers from it (the tallies' own SQL is ported elsewhere)
    report = tmp_path / "june.json"
    argv = ("report", "--db", server_db, "--month", "2026-06", "--scope", "NOPE", "--out", str(report))
    code, _out, err = _run(capsys, *argv)
    assert code == cli.EXIT_FAILED
    assert "no organisation unit has the code 'NOPE'; --scope takes one of: " in err and "U01 (综采一队)" in err


def test_safetywatch_db_names_a_server(
    server_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAFETYWATCH_DB", server_db)
    code, out, err = _run(capsys, "verify")
    assert code == cli.EXIT_OK, err
    assert "audit events checked" in out


def test_an_address_of_another_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["verify", "--db", "mysql://host/db"])
    assert exit_.value.code == cli.EXIT_USAGE
    assert "postgresql://user@host/dbname" in capsys.readouterr().err


def test_an_unreachable_server_is_refused_and_nothing_local_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    nobody = tmp_path / "no-server-here"
    nobody.mkdir()
    address = f"postgresql://clerk:s3cret-pw@/office?host={nobody}"
    data = tmp_path / "data"
    monkeypatch.setenv("SAFETYWATCH_DATA_DIR", str(data))
    monkeypatch.setenv("SAFETYWATCH_DB", address)
    for argv in (("verify",), ("report", "--month", "2026-06", "--out", str(tmp_path / "r.json")), ("demo",)):
        code, _out, err = _run(capsys, *argv)
        assert code == cli.EXIT_FAILED, (argv, err)
        assert "Cannot open the server database postgresql://clerk:***@/office" in err
        assert "Check that the server is running" in err
    assert not (data / "safetywatch.db").exists()  # the default file was not opened instead
    assert not (tmp_path / "r.json").exists()


def test_the_gui_start_does_not_fall_back_to_the_local_file(tmp_path: Path) -> None:
    """The program's own start path (the self-test runs it offscreen), in its own process: Qt and the
    language it installs stay out of this one."""
    nobody = tmp_path / "no-server-here"
    nobody.mkdir()
    data = tmp_path / "data"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SAFETYWATCH_DATA_DIR": str(data),
        "SAFETYWATCH_DB": f"postgresql://clerk:s3cret-pw@/office?host={nobody}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "safetywatch", "--self-test", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 1
    assert "self-test FAILED: Cannot open the server database postgresql://clerk:***@/office" in done.stderr
    assert "s3cret-pw" not in done.stdout + done.stderr
    assert not (data / "safetywatch.db").exists()


def test_a_server_database_not_in_the_c_collation_is_refused(
    postgres: pg_cluster.Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    name = f"utf8_collation_{next(_names)}"
    with psycopg.connect(host=str(postgres.socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.utf8' LC_CTYPE 'C.utf8'")
    code, _out, err = _run(capsys, "demo", "--scale", "tiny", "--db", postgres.url(name), "--no-accounts")
    assert code == cli.EXIT_FAILED
    assert "uses the collation C.utf8; SafetyWatch needs C" in err
    with psycopg.connect(host=str(postgres.socket_dir), user="postgres", dbname=name) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


def test_reading_commands_open_the_server_read_only(server_db: str) -> None:
    from safetywatch.db.engine import read_connection
    from safetywatch.domain.errors import StorageError
    from safetywatch.services.maintenance.opening import open_for_reading

    engine = open_for_reading(server_db)  # what verify, report, export and bundle check open
    try:
        with pytest.raises(StorageError) as refused, read_connection(engine) as conn:
            conn.exec_driver_sql("UPDATE app_setting SET value = value")
        assert refused.value.kind == "readonly"
    finally:
        engine.dispose()


def test_import_into_an_empty_server_database_needs_new(
    postgres: pg_cluster.Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = postgres.fresh_database("empty")
    rows = tmp_path / "hazards.csv"
    rows.write_text("number\n", encoding="utf-8")
    code, _out, err = _run(
        capsys, "import", "--db", postgres.url(name), "--what", "hazards", str(rows), "--operator", "x"
    )
    assert code == cli.EXIT_USAGE
    assert "is an empty server database, not a ledger: nothing was changed. Pass --new" in err


def test_the_office_commands_take_a_server_database(server_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "office", "init", "--db", server_db)
    assert code == cli.EXIT_OK, err
    assert out.startswith("postgresql://postgres:***@/") and "is the office" in out
    code, _out, err = _run(capsys, "station", "enrol", "--from", "x.enrol", "--db", server_db, "--enrol-code", "1")
    assert code == cli.EXIT_USAGE
    assert "a station's database is a file on its PC, not a server database" in err


def test_a_database_missing_on_the_server_is_named(
    postgres: pg_cluster.Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(capsys, "verify", "--db", _with_password(postgres.url("no_such_database")))
    assert code == cli.EXIT_FAILED
    assert "Cannot open the server database postgresql://postgres:***@/no_such_database" in err
    assert 'database "no_such_database" does not exist' in err and "Check the database name in the address" in err


def test_a_user_the_server_does_not_know_is_told_to_check_the_log_in(
    server_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    stranger = server_db.replace("postgres:s3cret-pw@", "stranger:s3cret-pw@", 1)
    code, _out, err = _run(capsys, "verify", "--db", stranger)
    assert code == cli.EXIT_FAILED
    assert 'role "stranger" does not exist' in err and "Check the user name in the address" in err
