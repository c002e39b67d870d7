"""What ``--db`` (and ``SAFETYWATCH_DB``) accept: a database file, ``sqlite:///FILE``, or a PostgreSQL address."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from safetywatch import cli
from safetywatch.cli_exchange import database_arg


def test_a_file_is_a_path_however_it_is_written() -> None:
    assert database_arg("office.db") == Path("office.db")
    assert database_arg("sqlite:///office.db") == Path("office.db")
    assert database_arg("sqlite:////srv/data/office.db") == Path("/srv/data/office.db")


def test_a_server_address_is_kept_as_written() -> None:
    for address in ("postgresql://clerk@db/office", "postgres://clerk@db:5433/office", "postgresql+psycopg://c@/o"):
        assert database_arg(address) == address


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("mysql://db/office", "mysql:// is not a database address"),
        ("postgresql://clerk@db", "names no database"),
        ("sqlite://office.db", "write a database file as sqlite:///FILE"),
    ],
)
def test_other_addresses_are_refused_with_the_reason(text: str, says: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=says):
        database_arg(text)


def test_a_bad_address_in_the_environment_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAFETYWATCH_DB", "postgresql://clerk@db")
    assert cli.main(["verify"]) == cli.EXIT_USAGE
    assert "$SAFETYWATCH_DB: the address names no database" in capsys.readouterr().err


def test_copy_refuses_the_same_database_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = tmp_path / "office.db"
    assert cli.main(["copy", "--from", str(office), "--to", f"sqlite:///{office}"]) == cli.EXIT_USAGE
    assert "--from and --to name the same database" in capsys.readouterr().err
