"""What a trainer finds in a demo database: an account per role that logs in with the printed password, and
today's later shift sheets left for a trainee to fill."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import AuthenticationError
from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.services.maintenance import demo
from safetywatch.services.maintenance.opening import open_ledger

TODAY = dt.date(2026, 6, 10)


@pytest.fixture(scope="module")
def today_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """A tiny demo ending today (the ledger's clock: 10:00 on 2026-06-10, Beijing time), with its accounts."""
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    ledger = open_ledger(tmp_path_factory.mktemp("demo") / "today.db", actor="演示", clock=clock)
    demo.generate(ledger, scale="tiny", years=1, seed=1)
    demo.create_demo_accounts(ledger)
    yield ledger
    ledger.engine.dispose()


def _sheets(path: Path, day: dt.date) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT DISTINCT s.code FROM duty_sheet d JOIN shift s ON s.id = d.shift_id WHERE d.shift_date = ?",
            (day.isoformat(),),
        )
        return {str(code) for (code,) in rows}
    finally:
        conn.close()


def test_every_role_has_a_demo_account_that_logs_in_with_the_printed_password(today_demo: Ledger) -> None:
    with today_demo.read() as conn:
        roles = {row.login: row.role for row in accounts.users(conn)}
    assert roles == {login: role for login, _name, role in demo.DEMO_ACCOUNTS}
    assert set(roles.values()) == set(Role)
    for login, name, role in demo.DEMO_ACCOUNTS:
        user = accounts.authenticate(today_demo, login, demo.DEMO_PASSWORD)
        assert (user.role, user.display_name) == (role, name)
        assert not user.must_change_password  # a class signs in at once
    with pytest.raises(AuthenticationError):
        accounts.authenticate(today_demo, "clerk", "not-the-demo-password")


def test_todays_later_shifts_are_left_for_a_trainee(today_demo: Ledger) -> None:
    assert _sheets(today_demo.path, TODAY) == {"1"}  # 早班 only: 中班 and 夜班 are still to come
    assert _sheets(today_demo.path, TODAY - dt.timedelta(days=1)) == {"1", "2", "3"}
    conn = sqlite3.connect(today_demo.path)
    try:
        later = conn.execute(
            "SELECT count(*) FROM hazard h JOIN shift s ON s.id = h.shift_id WHERE h.found_date = ? AND s.code != '1'",
            (TODAY.isoformat(),),
        ).fetchone()[0]
    finally:
        conn.close()
    assert later == 0  # no card of today names a shift that has not worked yet


def test_a_history_ending_on_a_past_day_is_complete(tmp_path: Path) -> None:
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    ledger = open_ledger(tmp_path / "past.db", actor="演示", clock=clock)
    try:
        demo.generate(ledger, scale="tiny", years=1, until=dt.date(2026, 5, 31), seed=1)
    finally:
        ledger.engine.dispose()
    assert _sheets(ledger.path, dt.date(2026, 5, 31)) == {"1", "2", "3"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "safetywatch", *args], capture_output=True, text=True, timeout=300, env=env, check=False
    )


def _logins(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [str(login) for (login,) in conn.execute("SELECT login FROM user_account ORDER BY id")]
    finally:
        conn.close()


def test_the_demo_command_prints_its_accounts_and_no_accounts_leaves_them_out(tmp_path: Path) -> None:
    until = ("--scale", "tiny", "--until", "2026-03-31")
    made = _run("demo", "--db", str(tmp_path / "class.db"), *until)
    assert made.returncode == 0, made.stderr
    assert demo.DEMO_PASSWORD in made.stdout and "demo databases only" in made.stdout
    assert _logins(tmp_path / "class.db") == [login for login, _name, _role in demo.DEMO_ACCOUNTS]
    bare = _run("demo", "--db", str(tmp_path / "script.db"), *until, "--no-accounts")
    assert bare.returncode == 0, bare.stderr
    assert _logins(tmp_path / "script.db") == [] and demo.DEMO_PASSWORD not in bare.stdout
    # a script goes on without a log-in on the database without accounts
    out = tmp_path / "march.json"
    report = _run("report", "--db", str(tmp_path / "script.db"), "--month", "2026-03", "--out", str(out))
    assert report.returncode == 0, report.stderr
