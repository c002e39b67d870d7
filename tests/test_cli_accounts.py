"""Writing commands on a database with accounts: the operator logs in and their role is checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from tests.account_helpers import FAST, PASSWORD, add_users

OWN = "我自己的密码 0611"


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "safetywatch", *args], capture_output=True, text=True, timeout=300, env=env, input=stdin
    )


@pytest.mark.slow  # five program starts, each hashing with the production parameters
def test_close_month_needs_an_officer_who_logs_in(ledger: Ledger, tmp_path: Path) -> None:
    add_users(ledger)
    fresh = run_cli(
        "close-month",
        "--db",
        str(ledger.path),
        "--month",
        "2026-05",
        "--out",
        str(tmp_path / "x.pdf"),
        "--password-stdin",
        "--operator",
        "officer1",
        stdin=PASSWORD + "\n",
    )
    assert fresh.returncode == 1 and "must choose a new password" in fresh.stderr
    for login in ("officer1", "clerk1"):  # their first log-in: their own password
        accounts.change_password(ledger, login, PASSWORD, OWN, hasher=FAST)
    ledger.close()
    out = tmp_path / "may.pdf"
    base = ("close-month", "--db", str(ledger.path), "--month", "2026-05", "--out", str(out), "--password-stdin")

    wrong = run_cli(*base, "--operator", "officer1", stdin="not the password\n")
    assert wrong.returncode == 1 and "Log-in failed" in wrong.stderr and not out.exists()
    unknown = run_cli(*base, "--operator", "ghost", stdin=OWN + "\n")
    assert unknown.returncode == 1 and unknown.stderr == wrong.stderr  # no hint whether the user exists
    clerk = run_cli(*base, "--operator", "clerk1", stdin=OWN + "\n")
    assert clerk.returncode == 1 and "may not close months" in clerk.stderr and not out.exists()

    officer = run_cli(*base, "--operator", "OFFICER1", stdin=OWN + "\n")
    assert officer.returncode == 0, officer.stderr
    assert "closed by officer1" in officer.stdout and out.read_bytes().startswith(b"%PDF")
