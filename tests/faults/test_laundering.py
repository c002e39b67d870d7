"""Issue 13 §1: a value forged in the file must never become history through the program's next write.

Each attack edits the real database file with sqlite3 (as a user with the shell would), then uses the
program: its writer refuses to build a change on the forged row (and audits the refusal), and ``verify``
finds a laundering that an older version let through, because every event's ``before`` must equal what
the events before it left.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safetywatch.db.engine import write_transaction
from safetywatch.domain.errors import TamperedRecordError
from safetywatch.domain.hazard_loop import HazardAction, HazardStatus
from safetywatch.domain.permissions import Role
from safetywatch.services.core import audit
from safetywatch.services.core.changes import TAMPERING, ChangeSet
from safetywatch.services.core.ledger import SECURITY_ENTITY, Ledger
from safetywatch.services.kinds import accounts, hazards
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.maintenance import integrity
from tests.account_helpers import FAST, PASSWORD, add_users, signed_in
from tests.helpers import card, raw_sqlite, refs

A = HazardAction
FOUND = dt.date(2026, 6, 9)
TODAY = dt.date(2026, 6, 10)


def _reported_done(ledger: Ledger) -> int:
    hazard_id = int(hazards.register(ledger, card(refs(ledger), found_date=FOUND))["id"])
    hazards.act(ledger, hazard_id, StepInput(A.ISSUE_NOTICE, FOUND, person="王队长"))
    hazards.act(ledger, hazard_id, StepInput(A.START_RECTIFICATION, FOUND, person="赵六"))
    hazards.act(ledger, hazard_id, StepInput(A.REPORT_DONE, TODAY, person="孙八"))
    return hazard_id


def _verify(ledger: Ledger) -> list[str]:
    with ledger.read() as conn:
        return [p.message for p in integrity.verify(conn).problems]


def _security_events(ledger: Ledger, action: str) -> list[str]:
    with raw_sqlite(ledger.path) as conn:
        rows = conn.execute(
            "SELECT after FROM audit_event WHERE entity = ? AND action = ? ORDER BY seq", (SECURITY_ENTITY, action)
        ).fetchall()
    return [row[0] for row in rows]


def test_a_skipped_acceptance_is_not_laundered_by_closing(ledger: Ledger) -> None:
    """报告整改完成 → 已验收 forged in sqlite3 (no officer accepted); the officer's 销号 is refused."""
    hazard_id = _reported_done(ledger)
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE hazard SET status = 'accepted' WHERE id = ?", (hazard_id,))
    heard: list[ChangeSet] = []
    ledger.subscribe(heard.append)
    events_before = _count_events(ledger)

    with pytest.raises(TamperedRecordError) as refused:
        hazards.act(ledger, hazard_id, StepInput(A.CLOSE, TODAY))

    assert "outside SafetyWatch" in str(refused.value) and "status" in refused.value.columns
    with ledger.read() as conn:
        assert hazards.get(conn, hazard_id)["status"] == HazardStatus.ACCEPTED  # nothing written on top
    assert _count_events(ledger) == events_before + 1  # only the refusal, in its own transaction
    assert '"table":"hazard"' in _security_events(ledger, "tampered")[-1]
    assert ledger.tampered and any(TAMPERING in change.tables for change in heard)
    problems = _verify(ledger)
    assert any("hazard #" in p and "status" in p for p in problems), problems


def test_verify_finds_a_forgery_an_older_version_carried_into_history(ledger: Ledger) -> None:
    """The same forgery, already laundered: the row edited, then a 'close' event whose ``before`` is the
    forged status and whose chain is intact (what the writer wrote before this fix). ``verify`` said OK."""
    hazard_id = _reported_done(ledger)
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE hazard SET status = 'accepted' WHERE id = ?", (hazard_id,))
    with write_transaction(ledger.engine) as conn:
        row = dict(conn.exec_driver_sql("SELECT * FROM hazard WHERE id = ?", (hazard_id,)).mappings().one())
        at = "2026-06-10T02:00:00.000000Z"  # as the writer of format 2 records it: version and time implied
        conn.exec_driver_sql(
            "UPDATE hazard SET status = 'closed', version = ?, updated_at = ? WHERE id = ?",
            (row["version"] + 1, at, hazard_id),
        )
        audit.AuditLog(conn).append(
            at_utc=at,
            actor="officer",
            action=A.CLOSE,
            entity="hazard",
            entity_id=hazard_id,
            entity_uuid=row["uuid"],
            before={"status": "accepted"},
            after={"status": "closed"},
            reason=None,
        )
    with ledger.read() as conn:
        assert audit.verify_chain(conn).ok  # the chain itself is intact
    problems = _verify(ledger)
    assert len(problems) == 1, problems
    assert "never recorded" in problems[0] and "status: 'reported_done' → 'accepted'" in problems[0]


def test_a_forged_field_left_alone_is_still_named_after_other_changes(ledger: Ledger) -> None:
    """A forged column the next change does not touch: the writer still refuses (the whole row must be
    what the events say), so no event is ever written on top of a forged row."""
    hazard_id = _reported_done(ledger)
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE hazard SET description = '已处理完毕' WHERE id = ?", (hazard_id,))
    with pytest.raises(TamperedRecordError) as refused:
        hazards.act(ledger, hazard_id, StepInput(A.ACCEPT, TODAY, person="钱七"))
    assert refused.value.columns == ["description"]


def test_a_healthy_record_changes_as_before(ledger: Ledger) -> None:
    hazard_id = _reported_done(ledger)
    hazards.act(ledger, hazard_id, StepInput(A.ACCEPT, TODAY, person="钱七"))
    assert hazards.act(ledger, hazard_id, StepInput(A.CLOSE, TODAY))["status"] == HazardStatus.CLOSED
    assert _verify(ledger) == [] and ledger.tampered is None


def test_a_forged_lock_count_is_not_laundered_by_a_log_in(ledger: Ledger) -> None:
    """failed_attempts forged in sqlite3; a log-in would reset it and record the forged 3 as ``before``."""
    add_users(ledger)
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE user_account SET failed_attempts = 3 WHERE login = 'clerk1'")
    with pytest.raises(TamperedRecordError):
        accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST)
    assert '"table":"user_account"' in _security_events(ledger, "tampered")[-1]
    assert any("failed_attempts" in p for p in _verify(ledger))
    signed_in(ledger, Role.SAFETY_OFFICER)  # the other accounts still log in


def test_a_role_forged_in_the_file_is_refused_at_log_in(ledger: Ledger) -> None:
    """A clerk makes themself administrator in sqlite3: the log-in that would adopt it is refused."""
    add_users(ledger)
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE user_account SET role = 'administrator' WHERE login = 'clerk1'")
    with pytest.raises(TamperedRecordError):
        accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST)


def test_a_forged_role_opens_nothing_on_a_read_only_log_in(ledger: Ledger) -> None:
    """The log-in of a read-only file records nothing, so no writer checks it: it checks the row itself."""
    add_users(ledger)
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE user_account SET role = 'administrator' WHERE login = 'clerk1'")
    with ledger.read() as conn, pytest.raises(TamperedRecordError):
        accounts.check_log_in(conn, "clerk1", PASSWORD, "2026-06-10T02:00:00Z", hasher=FAST)
    with ledger.read() as conn:  # an untouched account still logs in
        auditor = accounts.check_log_in(conn, "auditor1", PASSWORD, "2026-06-10T02:00:00Z", hasher=FAST)
    assert auditor.role == Role.AUDITOR


@pytest.mark.slow  # two program starts
def test_the_cli_log_in_does_not_launder_and_verify_keeps_naming_it(ledger: Ledger, tmp_path: Path) -> None:
    """The issue's attack with the CLI alone: forge, log in once with ``import --dry-run``, verify."""
    add_users(ledger)
    accounts.change_password(ledger, "officer1", PASSWORD, "我自己的密码 0611", hasher=FAST)
    ledger.close()
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE user_account SET failed_attempts = 3 WHERE login = 'officer1'")
    csv = tmp_path / "empty.csv"
    csv.write_text("number\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "safetywatch", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, input=stdin)

    login = cli(
        "import", "--db", str(ledger.path), "--what", "hazards", str(csv), "--dry-run",
        "--operator", "officer1", "--password-stdin", stdin="我自己的密码 0611\n",
    )  # fmt: skip
    assert login.returncode == 1 and "outside SafetyWatch" in login.stderr, login.stderr
    verify = cli("verify", "--db", str(ledger.path))
    assert verify.returncode == 1 and "failed_attempts" in verify.stdout, verify.stdout


def _count_events(ledger: Ledger) -> int:
    with raw_sqlite(ledger.path) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_event").fetchone()[0])


def test_an_event_whose_record_id_is_text_is_named_not_a_crash(ledger: Ledger) -> None:
    """A hostile file: an event's entity_id rewritten as text (chain re-hashed or not): verify names it."""
    hazard_id = _reported_done(ledger)
    with raw_sqlite(ledger.path) as conn:
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute(
            "UPDATE audit_event SET entity_id = 'x' || entity_id WHERE entity = 'hazard' AND action = 'create'"
        )
    problems = _verify(ledger)
    assert any("is not a number" in p for p in problems), problems
    assert any(f"hazard #{hazard_id}" in p for p in problems)  # its record now lacks its create event
