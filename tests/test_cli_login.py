"""Every command that reads or writes records logs in on a database with accounts (issue 13 §3): backup,
export, report and restore now do, like import and close-month; ``verify`` and ``backup --list`` do not.
Real program runs on real files; the password comes through ``--password-stdin``."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import backup
from tests.account_helpers import OWN_PASSWORD, accounts_in_use


def run_cli(
    *args: str | Path, stdin: str = "", prefix: Sequence[str] = (), env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The program as a user runs it; *stdin* is what they pipe in (the password with --password-stdin)."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    command = [*prefix, sys.executable, "-m", "safetywatch", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=full_env, input=stdin)


#: What a user pipes in with --password-stdin.
PIPED = OWN_PASSWORD + "\n"


def operator(login: str) -> tuple[str, ...]:
    """The options that log *login* in with the password from standard input."""
    return ("--operator", login, "--password-stdin")


def without_write_access() -> list[str]:
    """A command prefix that runs the program without the right to write a read-only (0444) file. Root
    writes any file: it runs without the capabilities that override file modes (setpriv)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot take away the right to write")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "--"]


def events(path: Path, action: str) -> list[tuple[str, dict[str, object] | None]]:
    """(actor, after) of the audit events of *action* in the database at *path*, oldest first."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT actor, after FROM audit_event WHERE action = ? ORDER BY seq", (action,)).fetchall()
    finally:
        conn.close()
    return [(actor, json.loads(after) if after else None) for actor, after in rows]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def guarded(ledger: Ledger) -> Path:
    """A database with one account per role, each with a password of its own."""
    accounts_in_use(ledger)
    ledger.close()
    return ledger.path


@pytest.mark.slow  # six program starts
def test_export_logs_in_and_needs_the_export_permission(guarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "hazards.csv"
    base = ("export", "--db", guarded, "--what", "hazards", "--out", out)

    anonymous = run_cli(*base)
    assert anonymous.returncode == 2, anonymous.stderr
    assert "has user accounts" in anonymous.stderr and "--operator" in anonymous.stderr and not out.exists()
    clerk = run_cli(*base, *operator("clerk1"), stdin=PIPED)
    assert clerk.returncode == 1 and "may not export records" in clerk.stderr and not out.exists()
    wrong = run_cli(*base, *operator("auditor1"), stdin="not the password\n")
    assert wrong.returncode == 1 and "Log-in failed" in wrong.stderr and not out.exists()

    auditor = run_cli(*base, *operator("auditor1"), stdin=PIPED)
    assert auditor.returncode == 0, auditor.stderr
    assert out.exists() and Path(f"{out}.manifest.json").exists()
    officer = run_cli(*base, *operator("officer1"), stdin=PIPED)
    assert officer.returncode == 0, officer.stderr
    assert [actor for actor, _ in events(guarded, "denied")] == ["clerk1"]
    assert events(guarded, "denied")[0][1] == {"permission": "export", "table": "", "action": ""}
    assert [actor for actor, _ in events(guarded, "login_failed")] == ["auditor1"]
    assert run_cli("verify", "--db", guarded).returncode == 0  # log-ins and refusals are chained like any event


@pytest.mark.slow  # five program starts
def test_report_logs_in_and_needs_printing_or_export(guarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "june.json"
    base = ("report", "--db", guarded, "--month", "2026-06", "--out", out)

    anonymous = run_cli(*base)
    assert anonymous.returncode == 2 and "--operator" in anonymous.stderr and not out.exists()
    for login, refusal in (("clerk1", "role Clerk may not print"), ("admin1", "the role Administrator may not print")):
        refused = run_cli(*base, *operator(login), stdin=PIPED)
        assert refused.returncode == 1 and refusal in refused.stderr and not out.exists(), refused.stderr
    for login in ("auditor1", "officer1"):  # as on the report page: printing or exporting saves a report
        allowed = run_cli(*base, *operator(login), stdin=PIPED)
        assert allowed.returncode == 0, allowed.stderr
        assert json.loads(out.read_text(encoding="utf-8"))["period"]["label"] == "2026-06"
    assert [actor for actor, _ in events(guarded, "denied")] == ["clerk1", "admin1"]


@pytest.mark.slow  # five program starts
def test_backup_logs_in_as_an_administrator(guarded: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.db"
    base = ("backup", "--db", guarded, "--out", out)

    anonymous = run_cli(*base)
    assert anonymous.returncode == 2 and "--operator" in anonymous.stderr and not out.exists()
    officer = run_cli(*base, *operator("officer1"), stdin=PIPED)
    assert officer.returncode == 1 and "may not back up and restore" in officer.stderr and not out.exists()
    assert not backup.backups_of(guarded)

    admin = run_cli(*base, *operator("admin1"), stdin=PIPED)
    assert admin.returncode == 0, admin.stdout + admin.stderr
    assert out.exists() and "verified" in admin.stdout
    assert "admin1" in [actor for actor, _ in events(out, "login")]  # the backup holds its own log-in
    listed = run_cli("backup", "--list", "--db", guarded)  # lists files, reads no record: no log-in
    assert listed.returncode == 0, listed.stderr


@pytest.mark.slow  # four program starts
def test_restore_logs_in_against_the_backups_own_accounts(guarded: Path, tmp_path: Path) -> None:
    copy = backup.create(guarded, "manual", target=tmp_path / "copy.db").path
    target = tmp_path / "restored.db"
    base = ("restore", "--from", copy, "--db", target)

    def nothing_restored() -> bool:
        return not list(tmp_path.glob("restored.db*")) and not list(tmp_path.glob(".restored.db*"))

    anonymous = run_cli(*base)
    assert anonymous.returncode == 2 and "--operator" in anonymous.stderr and nothing_restored()
    officer = run_cli(*base, *operator("officer1"), stdin=PIPED)
    assert officer.returncode == 1 and "may not back up and restore" in officer.stderr, officer.stderr
    assert nothing_restored()

    admin = run_cli(*base, *operator("admin1"), stdin=PIPED)
    assert admin.returncode == 0, admin.stdout + admin.stderr
    assert [actor for actor, _ in events(target, "restore")] == ["admin1"]
    assert run_cli("verify", "--db", target).returncode == 0


@pytest.mark.slow  # three program starts
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_read_only_file_is_read_after_a_log_in_it_cannot_record(guarded: Path, tmp_path: Path) -> None:
    before = sha256(guarded)
    guarded.chmod(0o444)
    out = tmp_path / "june.json"
    base = ("report", "--db", guarded, "--month", "2026-06", "--out", out)
    reader = without_write_access()

    wrong = run_cli(*base, *operator("auditor1"), stdin="not the password\n", prefix=reader)
    assert wrong.returncode == 1 and "Log-in failed" in wrong.stderr and not out.exists()
    auditor = run_cli(*base, *operator("auditor1"), stdin=PIPED, prefix=reader)
    assert auditor.returncode == 0, auditor.stderr
    assert "read-only" in auditor.stderr and "not recorded" in auditor.stderr
    assert out.exists()
    clerk = run_cli(*base, *operator("clerk1"), stdin=PIPED, prefix=reader)
    assert clerk.returncode == 1 and "may not print reports" in clerk.stderr
    assert sha256(guarded) == before


def test_verify_needs_no_log_in(guarded: Path) -> None:
    """verify is how one learns that the accounts themselves were changed: it must not depend on them."""
    result = run_cli("verify", "--db", guarded)
    assert result.returncode == 0 and "OK" in result.stdout, result.stdout + result.stderr
