"""No Python traceback reaches a user of the command line (issue 13 §6): files that are not ledgers, an
unexpected failure, Ctrl-C, and an import aimed at an empty file. Real program runs on real files."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from safetywatch.services.core.ledger import Ledger
from tests.test_cli_login import run_cli, sha256


def _sqlite_file(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")  # writes the header page: a valid SQLite file even without tables
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr  # a message, maybe where to look


@pytest.mark.slow  # four program starts
def test_verify_says_what_a_file_that_is_not_a_ledger_is(tmp_path: Path) -> None:
    folder = tmp_path / "ledger.db"
    folder.mkdir()
    result = run_cli("verify", "--db", folder)
    _no_traceback(result)
    assert result.returncode == 2 and "is a folder" in result.stderr

    empty = tmp_path / "empty.db"
    empty.touch()
    result = run_cli("verify", "--db", empty)
    _no_traceback(result)
    assert result.returncode == 1 and "empty (0 bytes)" in result.stderr

    for name, statements, says in (
        ("blank.db", (), "without any table"),
        ("other.db", ("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",), "another program"),
    ):
        path = _sqlite_file(tmp_path / name, *statements)
        before = sha256(path)
        result = run_cli("verify", "--db", path)
        _no_traceback(result)
        assert result.returncode == 1 and says in result.stderr, result.stderr
        assert sha256(path) == before


def test_an_unexpected_failure_is_one_message_and_the_log_file(tmp_path: Path) -> None:
    """A file that looks like a ledger (our tables by name) but is not one makes the check fail in a way no
    message was written for: the user gets one line and the log file, the log file gets the traceback."""
    fake = _sqlite_file(
        tmp_path / "fake.db",
        "CREATE TABLE alembic_version (version_num TEXT)",
        "CREATE TABLE audit_event (seq INTEGER PRIMARY KEY)",
        "INSERT INTO audit_event (seq) VALUES (1)",
    )
    data = tmp_path / "data"
    result = run_cli("verify", "--db", fake, env={"SAFETYWATCH_DATA_DIR": str(data)})
    _no_traceback(result)
    assert result.returncode == 1
    log = data / "logs" / "safetywatch.log"
    assert "unexpected" in result.stderr and str(log) in result.stderr
    assert "Traceback" in log.read_text(encoding="utf-8")


def _sigint_as_in_a_terminal() -> None:
    """In the child before exec: SIGINT's default action. A test run started in the background (``pytest &``,
    nohup, some CI runners) ignores SIGINT, the child inherits that, Python then installs no Ctrl-C handler
    and the interrupted demo ran to its end with exit 0: the test failed or passed by how it was started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _first_line(stream: IO[str], timeout_s: float) -> str:
    """The first line the child writes on *stream*, waiting at most *timeout_s* (a loaded machine is slow)."""
    ready, _, _ = select.select([stream], [], [], timeout_s)
    assert ready, f"no line from the child in {timeout_s:.0f} s"
    return stream.readline()


@pytest.mark.slow  # a demo run, interrupted
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT; Ctrl-C in a Windows console is CTRL_C_EVENT")
def test_ctrl_c_is_one_line_exit_130_and_leaves_a_ledger_that_verifies(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        # three years: after its first month the demo has years left to write, however slow the machine
        [sys.executable, "-m", "safetywatch", "demo", "--db", str(db), "--scale", "mine", "--years", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_sigint_as_in_a_terminal,  # a signal reset only: safe before exec
    )
    assert child.stderr is not None
    try:
        first = _first_line(child.stderr, timeout_s=120)  # the first progress line: the demo is writing
        assert first.startswith("  ") and "simulated" in first, first
        child.send_signal(signal.SIGINT)
        _out, rest = child.communicate(timeout=120)
    finally:
        if child.poll() is None:  # a failed assertion above: leave no demo running
            child.kill()
            child.wait()
    assert child.returncode == 130, rest
    lines = [line for line in rest.splitlines() if not line.startswith("  ")]  # progress lines aside
    assert len(lines) == 1 and "interrupted" in lines[0], rest
    verified = run_cli("verify", "--db", db)  # every committed batch whole, the interrupted one rolled back
    assert verified.returncode == 0, verified.stdout + verified.stderr


@pytest.mark.slow  # five program starts
def test_import_into_an_empty_file_without_new_changes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    exported = run_cli("export", "--db", ledger.path, "--what", "org_units", "--out", sheet)
    assert exported.returncode == 0, exported.stderr
    zero = tmp_path / "zero.db"
    zero.touch()
    blank = _sqlite_file(tmp_path / "blank.db")
    for target in (zero, blank):
        before = sha256(target)
        result = run_cli("import", "--db", target, "--what", "org_units", sheet, "--operator", "张三")
        _no_traceback(result)
        assert result.returncode == 2 and "nothing was changed" in result.stderr, result.stderr
        assert "--new" in result.stderr, result.stderr  # how to proceed
        assert sha256(target) == before and not list(tmp_path.glob(f"{target.name}-*"))
    made = run_cli("import", "--db", blank, "--new", "--what", "org_units", sheet, "--operator", "张三")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "created 3 org_units records" in made.stdout
