"""Accounts on a real database: the first administrator, argon2id storage, lockout on an injected clock,
rehash, the administrator's tools, and the signed-in user as the actor (reliability.md checklist 16–18)."""

from __future__ import annotations

import logging

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import AuthenticationError, PermissionDeniedError, ValidationError
from safetywatch.domain.permissions import Role
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts, hazards, reference
from safetywatch.services.maintenance import integrity
from tests.account_helpers import FAST, PASSWORD, add_users, signed_in
from tests.helpers import card, count_rows, refs
from tests.pg.raw_access import REFUSED, raw_connection

pytestmark = pytest.mark.pg


def _events(ledger: Ledger, entity: str = "user_account") -> list[audit.AuditEventRow]:
    with ledger.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after, reason, prev_hash, hash "
            "FROM audit_event WHERE entity = ? ORDER BY seq",
            (entity,),
        )
        return [audit.AuditEventRow(*r) for r in rows]


def _verify_ok(ledger: Ledger) -> None:
    with ledger.read() as conn:
        report = integrity.verify(conn)
    assert report.ok, [p.message for p in report.problems]


def _hash_of(ledger: Ledger, login: str) -> str:
    with raw_connection(ledger) as conn:
        row = conn.execute(
            "SELECT c.password_hash FROM user_credential c JOIN user_account a ON a.id = c.user_id WHERE a.login = ?",
            (login,),
        ).fetchone()
    return str(row[0])


# --- the first start ---------------------------------------------------------------------------------


def test_the_first_administrator_is_created_once_and_signed_in(ledger: Ledger) -> None:
    with ledger.read() as conn:
        assert not accounts.has_users(conn)
    with pytest.raises(ValidationError) as weak:
        accounts.create_first_administrator(ledger, "Admin", "赵管理", "12345678", "12345678", hasher=FAST)
    assert {e.field for e in weak.value.errors} == {"password"}
    with pytest.raises(ValidationError) as differ:
        accounts.create_first_administrator(ledger, "Admin", "赵管理", PASSWORD, PASSWORD + "x", hasher=FAST)
    assert {e.field for e in differ.value.errors} == {"repeat"}

    user = accounts.create_first_administrator(ledger, " Ａdmin ", "赵管理", PASSWORD, PASSWORD, hasher=FAST)
    assert (user.login, user.role, user.must_change_password) == ("admin", Role.ADMINISTRATOR, False)
    with pytest.raises(ValidationError, match="already has an administrator"):
        accounts.create_first_administrator(ledger, "other", "钱", PASSWORD, hasher=FAST)
    assert [(e.action, e.actor) for e in _events(ledger)] == [("create", "admin"), ("login", "admin")]
    _verify_ok(ledger)


# --- storage ---------------------------------------------------------------------------------------


def test_passwords_are_argon2id_salted_and_never_in_the_audit_log(
    ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    accounts.add_user(ledger, "clerk1", "李文员", Role.CLERK, PASSWORD, hasher=accounts.PASSWORD_HASHER)
    accounts.add_user(ledger, "clerk2", "王文员", Role.CLERK, PASSWORD, hasher=accounts.PASSWORD_HASHER)
    first, second = _hash_of(ledger, "clerk1"), _hash_of(ledger, "clerk2")
    for stored in (first, second):
        assert stored.startswith("$argon2id$v=19$")
        params = dict(p.split("=") for p in stored.split("$")[3].split(","))
        assert int(params["m"]) >= accounts.OWASP_MINIMUM["memory_cost"]
        assert int(params["t"]) >= accounts.OWASP_MINIMUM["time_cost"]
        assert int(params["p"]) >= accounts.OWASP_MINIMUM["parallelism"]
    assert first.split("$")[4] != second.split("$")[4]  # distinct salts, so distinct hashes
    ledger.close()
    if ledger.server is None:  # a server's files are not ours to read; its tables are read below
        raw = b"".join(p.read_bytes() for p in ledger.path.parent.glob(ledger.path.name + "*"))
        assert PASSWORD.encode() not in raw
    with raw_connection(ledger) as conn:
        log_text = "".join(str(r) for r in conn.execute("SELECT * FROM audit_event"))
    assert first not in log_text and second not in log_text
    assert accounts.fingerprint(first) in log_text  # the audit log holds the fingerprint only
    assert PASSWORD not in caplog.text and first not in caplog.text


# --- lockout ----------------------------------------------------------------------------------------


def test_five_failures_lock_for_fifteen_minutes_with_one_message_for_every_refusal(
    ledger: Ledger, clock: FixedClock
) -> None:
    add_users(ledger)
    messages = set()
    for _ in range(5):
        with pytest.raises(AuthenticationError) as info:
            accounts.authenticate(ledger, "clerk1", "wrong password", hasher=FAST)
        messages.add(str(info.value))
    with pytest.raises(AuthenticationError) as locked:  # the right password, but locked
        accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST)
    messages.add(str(locked.value))
    with pytest.raises(AuthenticationError) as unknown:
        accounts.authenticate(ledger, "nobody", PASSWORD, hasher=FAST)
    messages.add(str(unknown.value))
    assert len(messages) == 1  # locked, wrong and unknown read the same
    actions = [e.action for e in _events(ledger) if e.actor == "clerk1" and e.action != "create"]
    assert actions == ["login_failed"] * 4 + ["lock", "login_failed"]
    lock = next(e for e in _events(ledger) if e.action == "lock")
    assert '"locked_until":"2026-06-10T02:15:00.000000Z"' in (lock.after or "")

    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AuthenticationError):
        accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST)
    clock.advance(seconds=1)
    user = accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST)
    assert user.login == "clerk1"
    with ledger.read() as conn:
        row = accounts.find_user(conn, "clerk1")
    assert row is not None and (row.failed_attempts, row.locked_until) == (0, None)
    unknown_events = _events(ledger, "security")
    assert [(e.action, e.actor, e.after) for e in unknown_events] == [("login_failed", "", '{"login":"unknown"}')]
    _verify_ok(ledger)


def test_after_a_lock_runs_out_the_count_starts_again(ledger: Ledger, clock: FixedClock) -> None:
    add_users(ledger)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(ledger, "clerk1", "wrong password", hasher=FAST)
    clock.advance(minutes=15)
    with pytest.raises(AuthenticationError):
        accounts.authenticate(ledger, "clerk1", "wrong again", hasher=FAST)
    with ledger.read() as conn:
        row = accounts.find_user(conn, "clerk1")
    assert row is not None and row.failed_attempts == 1 and not row.locked(clock.now_utc().isoformat())
    assert accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST).login == "clerk1"


def test_a_success_clears_the_failures(ledger: Ledger) -> None:
    add_users(ledger)
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(ledger, "clerk1", "wrong password", hasher=FAST)
    accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST)
    for _ in range(4):  # four more do not lock: the count started again
        with pytest.raises(AuthenticationError):
            accounts.authenticate(ledger, "clerk1", "wrong password", hasher=FAST)
    assert accounts.authenticate(ledger, "CLERK1", PASSWORD, hasher=FAST).login == "clerk1"


# --- rehash -----------------------------------------------------------------------------------------


def test_a_log_in_rehashes_a_password_stored_with_other_parameters(ledger: Ledger) -> None:
    add_users(ledger)  # stored with the FAST (minimum) parameters
    old = _hash_of(ledger, "clerk1")
    stronger = PasswordHasher(time_cost=3, memory_cost=32768, parallelism=2)
    assert stronger.check_needs_rehash(old)
    accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=stronger)
    new = _hash_of(ledger, "clerk1")
    assert new != old and "$m=32768,t=3,p=2$" in new and not stronger.check_needs_rehash(new)
    stronger.verify(new, PASSWORD)
    actions = [e.action for e in _events(ledger) if e.actor == "clerk1"]
    assert actions[-2:] == ["login", "rehash"]
    accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=stronger)
    assert [e.action for e in _events(ledger)].count("rehash") == 1  # once only
    _verify_ok(ledger)  # the fingerprint in the log follows the new hash


# --- tampering --------------------------------------------------------------------------------------


def test_a_hash_swapped_behind_the_programs_back_opens_nothing_and_verify_names_it(ledger: Ledger) -> None:
    add_users(ledger)
    forged = FAST.hash("intruder's password")
    with raw_connection(ledger) as conn:
        conn.execute(
            "UPDATE user_credential SET password_hash = ? "
            "WHERE user_id = (SELECT id FROM user_account WHERE login = 'officer1')",
            (forged,),
        )
    with pytest.raises(AuthenticationError):
        accounts.authenticate(ledger, "officer1", "intruder's password", hasher=FAST)
    with ledger.read() as conn:
        report = integrity.verify(conn)
    assert any("officer1" in p.message and "replaced outside" in p.message for p in report.problems)


def test_credentials_cannot_be_deleted(ledger: Ledger) -> None:
    add_users(ledger)
    with raw_connection(ledger) as conn, pytest.raises(REFUSED):
        conn.execute("DELETE FROM user_credential")


# --- own password -----------------------------------------------------------------------------------


def test_change_password(ledger: Ledger) -> None:
    add_users(ledger)
    with pytest.raises(ValidationError, match="too easy"):
        accounts.change_password(ledger, "clerk1", PASSWORD, "password1", hasher=FAST)
    with pytest.raises(ValidationError, match="login name"):
        accounts.change_password(ledger, "clerk1", PASSWORD, "my clerk1 pass", hasher=FAST)
    with pytest.raises(AuthenticationError):
        accounts.change_password(ledger, "clerk1", "not the old one", "新的密码很长 2027", hasher=FAST)
    with ledger.read() as conn:
        row = accounts.find_user(conn, "clerk1")
    assert row is not None and row.failed_attempts == 1 and row.must_change_password
    user = accounts.change_password(ledger, "clerk1", PASSWORD, "新的密码很长 2027", "新的密码很长 2027", hasher=FAST)
    assert not user.must_change_password
    with pytest.raises(AuthenticationError):
        accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST)
    assert accounts.authenticate(ledger, "clerk1", "新的密码很长 2027", hasher=FAST).login == "clerk1"
    _verify_ok(ledger)


# --- the administrator's tools ----------------------------------------------------------------------


def test_administrator_tools_need_reasons_and_keep_an_administrator(ledger: Ledger, clock: FixedClock) -> None:
    add_users(ledger)
    admin = signed_in(ledger, Role.ADMINISTRATOR)
    with admin.read() as conn:
        clerk = accounts.find_user(conn, "clerk1")
        me = accounts.find_user(conn, "admin1")
    assert clerk is not None and me is not None
    with pytest.raises(ValidationError):
        accounts.set_active(admin, clerk.id, False, "  \u200b ")
    disabled = accounts.set_active(admin, clerk.id, False, "调离岗位")
    assert not disabled.active
    with pytest.raises(AuthenticationError):
        accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST)
    accounts.set_active(admin, clerk.id, True, "返岗")
    with pytest.raises(ValidationError, match="your own"):
        accounts.set_active(admin, me.id, False, "试试")
    with pytest.raises(ValidationError, match="only active administrator"):
        accounts.amend_user(admin, me.id, role=Role.CLERK, reason="试试")
    with pytest.raises(ValidationError, match="taken"):
        accounts.add_user(admin, "CLERK1", "重名", Role.CLERK, PASSWORD, hasher=FAST)

    for _ in range(5):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(ledger, "clerk1", "wrong password", hasher=FAST)
    accounts.unlock(admin, clerk.id, "本人确认")
    assert accounts.authenticate(ledger, "clerk1", PASSWORD, hasher=FAST).login == "clerk1"
    reset = accounts.reset_password(admin, clerk.id, "临时密码 0610", "忘记密码", hasher=FAST)
    assert reset.must_change_password
    assert accounts.authenticate(ledger, "clerk1", "临时密码 0610", hasher=FAST).must_change_password
    promoted = accounts.amend_user(admin, clerk.id, role=Role.SAFETY_OFFICER, reason="任命为安全员")
    assert promoted.role is Role.SAFETY_OFFICER
    events = [(e.action, e.actor, e.reason) for e in _events(ledger) if e.entity_id == clerk.id and e.actor == "admin1"]
    assert events == [
        ("disable", "admin1", "调离岗位"),
        ("enable", "admin1", "返岗"),
        ("unlock", "admin1", "本人确认"),
        ("reset_password", "admin1", "忘记密码"),
        ("amend", "admin1", "任命为安全员"),
    ]
    _verify_ok(ledger)


# --- the signed-in user -----------------------------------------------------------------------------


def test_the_actor_of_every_event_is_the_signed_in_user(ledger: Ledger) -> None:
    add_users(ledger)
    clerk = signed_in(ledger, Role.CLERK)
    hazard = hazards.register(clerk, card(refs(ledger)))
    assert hazard["clerk"] == "clerk1"
    assert {e.actor for e in _events(ledger, "hazard")} == {"clerk1"}
    with ledger.read() as conn:  # the follow-up entry, recorded in the hazard's event, names the clerk too
        assert {r[0] for r in conn.exec_driver_sql("SELECT actor FROM hazard_follow_up")} == {"clerk1"}


def test_a_refused_write_changes_nothing_and_is_audited(ledger: Ledger) -> None:
    add_users(ledger)
    clerk = signed_in(ledger, Role.CLERK)
    shifts, events = count_rows(ledger, "shift"), count_rows(ledger, "audit_event")
    with pytest.raises(PermissionDeniedError, match="edit reference data"):
        reference.save(clerk, "shift", {"code": "4", "name": "检修班", "starts": "06:00", "ends": "14:00"})
    assert count_rows(ledger, "shift") == shifts
    assert count_rows(ledger, "audit_event") == events + 1
    (denial,) = _events(ledger, "security")
    assert (denial.action, denial.actor) == ("denied", "clerk1")
    assert denial.after == '{"action":"create","permission":"edit_reference","table":"shift"}'
    _verify_ok(ledger)


def test_the_auditor_works_on_a_read_only_connection(ledger: Ledger) -> None:
    add_users(ledger)
    auditor = signed_in(ledger, Role.AUDITOR)
    assert auditor.read_only
    with auditor.read() as conn:
        if ledger.server is None:
            assert conn.exec_driver_sql("PRAGMA query_only").scalar_one() == 1
        else:
            assert conn.exec_driver_sql("SHOW transaction_read_only").scalar_one() == "on"
        with pytest.raises(Exception, match=r"readonly|read-only"):
            conn.exec_driver_sql("UPDATE app_setting SET value = value")
    with pytest.raises(PermissionDeniedError):
        hazards.register(auditor, card(refs(ledger)))
    assert count_rows(ledger, "hazard") == 0
    assert [e.actor for e in _events(ledger, "security")] == ["auditor1"]  # refused and recorded
    auditor.close()


# --- reasons (checklist 12) -------------------------------------------------------------------------

_BLANK = st.text(alphabet=" \t\n\u3000\u200b\u200c\u200d\u2060\ufeff", max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reason=_BLANK)
def test_the_writer_refuses_an_amendment_or_void_without_a_reason(ledger: Ledger, reason: str) -> None:
    """Whatever service asks: an empty, whitespace-only or zero-width reason never reaches the log."""
    from safetywatch.db.models import SHIFT

    with ledger.read() as conn:
        shift = conn.exec_driver_sql("SELECT id FROM shift ORDER BY id LIMIT 1").scalar_one()
    events = count_rows(ledger, "audit_event")
    for action in ("amend", "void"):
        with pytest.raises(ValidationError) as info, ledger.write() as w:
            w.update(SHIFT, shift, {"name": "改名"}, action=action, reason=reason)
        assert info.value.errors[0].field == "reason"
    assert count_rows(ledger, "audit_event") == events
