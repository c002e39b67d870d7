"""The command line a new user meets (issue 17): help that names values, a dry run that creates nothing, a
wrong --scope answered with the right codes, a self-test that runs on a server without a display."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetywatch.cli import build_parser, needs_offscreen
from safetywatch.services.core.ledger import Ledger
from tests.account_helpers import accounts_in_use


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = env if env is not None else {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "safetywatch", *args], capture_output=True, text=True, timeout=300, env=full_env
    )


def _commands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command and sub-command (``station enrol``) of *parser*."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield name, command
                yield from _commands(command)


def test_every_commands_help_names_its_values() -> None:
    found = dict(_commands(build_parser()))
    assert {"demo", "import", "restore", "enrol", "write"} <= set(found)
    for name, command in found.items():
        text = command.format_help()
        assert "SUB_" not in text, (name, text)
        if "--db" in text:
            assert "--db PATH" in text, (name, text)
        if "--operator" in text:
            assert "--operator LOGIN" in text, (name, text)


def test_help_on_the_command_line_shows_db_path() -> None:
    result = run_cli("export", "--help")
    assert result.returncode == 0
    assert "--db PATH" in result.stdout and "--out FILE" in result.stdout and "SUB_DB" not in result.stdout


def test_import_new_dry_run_creates_no_file(ledger: Ledger, tmp_path: Path) -> None:
    ledger.close()
    units = tmp_path / "org_units.csv"
    exported = run_cli("export", "--db", str(ledger.path), "--what", "org_units", "--out", str(units))
    assert exported.returncode == 0, exported.stderr
    target = tmp_path / "new" / "import.db"
    target.parent.mkdir()
    checked = run_cli(
        "import", "--db", str(target), "--new", "--dry-run", "--what", "org_units", str(units), "--operator", "张三"
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "would create" in checked.stdout
    assert list(target.parent.iterdir()) == []  # no database, no journal, no backup beside it
    blank = tmp_path / "blank.db"
    blank.write_bytes(b"")
    again = run_cli(
        "import", "--db", str(blank), "--new", "--dry-run", "--what", "org_units", str(units), "--operator", "张三"
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert blank.read_bytes() == b""  # the empty file stays empty


def test_an_unknown_scope_lists_the_codes(ledger: Ledger, tmp_path: Path) -> None:
    ledger.close()
    out = tmp_path / "report.json"
    result = run_cli("report", "--db", str(ledger.path), "--month", "2026-05", "--scope", "X9", "--out", str(out))
    assert result.returncode == 1 and not out.exists()
    assert "'X9'" in result.stderr and "--scope takes one of:" in result.stderr
    with_codes = result.stderr.split("one of:")[1]
    assert "M01" in with_codes and "U01" in with_codes, result.stderr


@pytest.mark.parametrize(
    ("environ", "platform", "offscreen"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", False),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_the_self_test_draws_offscreen_only_without_a_display(
    environ: dict[str, str], platform: str, offscreen: bool
) -> None:
    assert needs_offscreen(environ, platform) is offscreen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display is a Linux question")
def test_the_self_test_runs_on_a_server_without_a_display(tmp_path: Path) -> None:
    bare = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = run_cli("--self-test", "--db", str(tmp_path / "self.db"), env=bare)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test OK" in result.stdout


def test_a_demo_database_with_accounts_asks_scripts_to_log_in(ledger: Ledger, tmp_path: Path) -> None:
    """The reason for ``demo --no-accounts``: with accounts a report needs --operator (and says so)."""
    accounts_in_use(ledger)
    ledger.close()
    result = run_cli("report", "--db", str(ledger.path), "--month", "2026-05", "--out", str(tmp_path / "r.json"))
    assert result.returncode != 0 and "--operator LOGIN" in result.stderr
