"""User accounts: the first administrator, log-in with lockout, passwords, and the administrator's tools.

Passwords are hashed with argon2id (argon2-cffi) at or above OWASP's minimum (m = 19 MiB, t = 2, p = 1);
a log-in whose stored hash has other parameters than :data:`PASSWORD_HASHER` is rehashed on the spot.

The hash is kept out of the audit log. ``user_account`` (audited like every record) holds the hash's
SHA-256 *fingerprint*; the hash itself sits in ``user_credential``, written in the same transaction as the
audited change of the fingerprint. ``verify`` checks every credential against its fingerprint
(:func:`check_credentials`) and a log-in refuses a hash that does not match it, so a hash swapped behind the
program's back neither opens the account nor goes unnoticed. The fingerprint tells nothing about the
password: without the hash's salt no guess can be checked against it.

Log-in bookkeeping (failures, lock, last log-in, rehash) is written as audited updates of the account by
the program itself, with the account's login as the actor. Five failures in a row lock the account for 15
minutes. Every refusal gives the same message, so it never reveals whether a login name exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection

from safetywatch.db.engine import make_engine, write_transaction
from safetywatch.db.models import APP_SETTING, USER_ACCOUNT
from safetywatch.domain.clock import utc_iso
from safetywatch.domain.errors import (
    AuthenticationError,
    FieldError,
    NotFoundError,
    TamperedRecordError,
    ValidationError,
)
from safetywatch.domain.i18n import tr
from safetywatch.domain.passwords import (
    LOCK_AFTER_FAILURES,
    LOCK_MINUTES,
    display_name_problem,
    lock_end,
    lock_state,
    login_problem,
    normalise_login,
    password_problem,
)
from safetywatch.domain.permissions import Permission, Role, SignedIn, role_options
from safetywatch.domain.validation import reason_problem
from safetywatch.services.core import audit, sql
from safetywatch.services.core.fields import FieldKind, FieldSpec
from safetywatch.services.core.ledger import SECURITY_ENTITY, Ledger
from safetywatch.services.core.writer import Writer

#: argon2id as argon2-cffi recommends (RFC 9106 low-memory profile: t=3, 64 MiB, p=4), above OWASP's minimum.
PASSWORD_HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, hash_len=32, salt_len=16, type=Type.ID)
#: OWASP Password Storage Cheat Sheet: argon2id with at least m=19 MiB (19,456 KiB), t=2, p=1.
OWASP_MINIMUM = {"memory_cost": 19456, "time_cost": 2, "parallelism": 1}

IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10  # reliability.md §1.3: lock after 10 minutes idle
IDLE_LOCK_BOUNDS = (1, 120)


def login_failed_message() -> str:
    return tr(
        "Log-in failed: the login name or the password is wrong, or the account is disabled, or it is locked "
        "for {minutes} minutes after {count} failed attempts."
    ).format(minutes=LOCK_MINUTES, count=LOCK_AFTER_FAILURES)


@dataclass(frozen=True)
class UserRow:
    """One account as the administrator's page shows it."""

    id: int
    login: str
    display_name: str
    role: Role
    active: bool
    failed_attempts: int
    locked_until: str | None
    last_login_at: str | None
    must_change_password: bool
    version: int

    def locked(self, now_iso: str) -> bool:
        return lock_state(self.failed_attempts, self.locked_until, now_iso).locked


def fingerprint(password_hash: str) -> str:
    """What the audit log keeps of a password hash: its SHA-256."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


# --- reading ---------------------------------------------------------------------------------------


def has_users(conn: Connection) -> bool:
    """Whether any account exists (none: the first start creates the administrator)."""
    return sql.first(conn, "SELECT 1 FROM user_account LIMIT 1") is not None


def users(conn: Connection) -> list[UserRow]:
    rows = sql.all_dicts(conn, "SELECT * FROM user_account ORDER BY active DESC, role, login")
    return [_user_row(r) for r in rows]


def get_user(conn: Connection, user_id: int) -> UserRow:
    row = sql.first_dict(conn, "SELECT * FROM user_account WHERE id = ?", (user_id,))
    if row is None:
        raise NotFoundError(tr("No such user."))
    return _user_row(row)


def find_user(conn: Connection, login: str) -> UserRow | None:
    row = sql.first_dict(conn, "SELECT * FROM user_account WHERE login = ?", (normalise_login(login),))
    return None if row is None else _user_row(row)


def display_names(conn: Connection) -> dict[str, str]:
    """Every account's display name by login: read once per page refresh, so a page shows people by name
    (records and events keep the login, which never changes; the name may)."""
    return {r["login"]: r["display_name"] for r in sql.all_dicts(conn, "SELECT login, display_name FROM user_account")}


def shown_name(names: dict[str, str], login: str | None) -> str:
    """*login*'s display name, or the login itself when no account has it (the program's ``演示数据``, a
    name given on the command line or brought in by an import)."""
    return "" if not login else names.get(login, login)


def _user_row(r: dict[str, Any]) -> UserRow:
    return UserRow(
        id=r["id"],
        login=r["login"],
        display_name=r["display_name"],
        role=Role(r["role"]),
        active=bool(r["active"]),
        failed_attempts=r["failed_attempts"],
        locked_until=r["locked_until"],
        last_login_at=r["last_login_at"],
        must_change_password=bool(r["must_change_password"]),
        version=r["version"],
    )


def _signed_in(row: dict[str, Any]) -> SignedIn:
    return SignedIn(row["id"], row["login"], row["display_name"], Role(row["role"]), bool(row["must_change_password"]))


# --- writing helpers -------------------------------------------------------------------------------


@contextmanager
def _as_program(ledger: Ledger, actor: str) -> Iterator[Writer]:
    """A write transaction of the program itself (no role check) naming *actor*: the log-in bookkeeping,
    and the first administrator creating their own account."""
    try:
        with write_transaction(ledger.engine) as conn:
            yield Writer(conn, actor, ledger.clock)
    except TamperedRecordError as error:
        ledger.record_tampering(error)
        raise


def _store_hash(w: Writer, user_id: int, password_hash: str, *, new: bool) -> None:
    if new:
        sql.execute(
            w.conn, "INSERT INTO user_credential (user_id, password_hash) VALUES (?, ?)", (user_id, password_hash)
        )
    else:
        sql.execute(w.conn, "UPDATE user_credential SET password_hash = ? WHERE user_id = ?", (password_hash, user_id))


def _stored_hash(conn: Connection, user_id: int) -> str | None:
    value = sql.scalar(conn, "SELECT password_hash FROM user_credential WHERE user_id = ?", (user_id,))
    return None if value is None else str(value)


def _new_account_problems(
    conn: Connection, login: str, display_name: str, role: str, password: str, repeat: str | None
) -> list[FieldError]:
    errors: list[FieldError] = []
    problem = login_problem(login)
    if problem is None and sql.first(conn, "SELECT 1 FROM user_account WHERE login = ?", (login,)):
        problem = tr("The login name {login} is taken.").format(login=login)
    if problem:
        errors.append(FieldError("login", problem))
    problem = display_name_problem(display_name)
    if problem:
        errors.append(FieldError("display_name", problem))
    if role not in {r.value for r in Role}:
        errors.append(FieldError("role", tr("Choose a role.")))
    problem = password_problem(password, login)
    if problem:
        errors.append(FieldError("password", problem))
    elif repeat is not None and repeat != password:
        errors.append(FieldError("repeat", tr("The two passwords differ.")))
    return errors


def _insert_account(
    w: Writer, login: str, display_name: str, role: Role, password: str, hasher: PasswordHasher, *, must_change: bool
) -> dict[str, Any]:
    password_hash = hasher.hash(password)
    row = w.insert(
        USER_ACCOUNT,
        {
            "login": login,
            "display_name": display_name.strip(),
            "role": role,
            "active": 1,
            "password_fingerprint": fingerprint(password_hash),
            "password_changed_at": utc_iso(w.clock.now_utc()),
            "must_change_password": int(must_change),
            "failed_attempts": 0,
        },
    )
    _store_hash(w, row["id"], password_hash, new=True)
    return row


# --- the first start --------------------------------------------------------------------------------


def create_first_administrator(
    ledger: Ledger,
    login: str,
    display_name: str,
    password: str,
    repeat: str | None = None,
    *,
    hasher: PasswordHasher = PASSWORD_HASHER,
) -> SignedIn:
    """Create the administrator of a database that has no accounts yet, and sign them in."""
    name = normalise_login(login)
    with _as_program(ledger, name) as w:
        if has_users(w.conn):
            raise ValidationError.single("login", tr("This database already has an administrator: log in."))
        errors = _new_account_problems(w.conn, name, display_name, Role.ADMINISTRATOR, password, repeat)
        if errors:
            raise ValidationError(errors)
        row = _insert_account(w, name, display_name, Role.ADMINISTRATOR, password, hasher, must_change=False)
        row = w.update(USER_ACCOUNT, row["id"], {"last_login_at": row["created_at"]}, action="login", before=row)
    return _signed_in(row)


# --- log-in -----------------------------------------------------------------------------------------


@cache
def _decoy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("decoy password that matches nothing")


def _check(hasher: PasswordHasher, stored: str | None, password: str) -> bool:
    """Verify *password*; with nothing to check against, spend the same time on a decoy (no timing hint)."""
    try:
        return hasher.verify(stored or _decoy_hash(hasher), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(ledger: Ledger, login: str, password: str, *, hasher: PasswordHasher = PASSWORD_HASHER) -> SignedIn:
    """Check a log-in and record it; raise :class:`AuthenticationError` (always the same message) if refused.

    A wrong password counts a failure; the fifth in a row locks the account for 15 minutes (``lock``
    event). While locked, or disabled, even the right password is refused. A successful log-in clears the
    count and rehashes the password if the hasher's parameters changed.
    """
    name = normalise_login(login)
    now = ledger.clock.now_utc()
    now_iso = utc_iso(now)
    signed_in: SignedIn | None = None
    with _as_program(ledger, name) as w:
        conn = w.conn
        row = sql.first_dict(conn, "SELECT * FROM user_account WHERE login = ?", (name,))
        if row is None:
            _check(hasher, None, password)
            w.audit.append(
                at_utc=now_iso,
                actor="",
                action="login_failed",
                entity=SECURITY_ENTITY,
                entity_id=0,
                entity_uuid="",
                before=None,
                after={"login": "unknown"},  # never what was typed: it may be a password
                reason=None,
            )
        else:
            signed_in = _attempt(w, row, password, now_iso, hasher)
    if signed_in is None:
        raise AuthenticationError(login_failed_message())
    return signed_in


def _accepted_hash(
    conn: Connection, row: dict[str, Any], password: str, now_iso: str, hasher: PasswordHasher
) -> str | None:
    """The stored hash if *password* opens the account *row* now (active, not locked, hash genuine), else None."""
    state = lock_state(row["failed_attempts"], row["locked_until"], now_iso)
    stored = _stored_hash(conn, row["id"])
    genuine = stored is not None and fingerprint(stored) == row["password_fingerprint"]
    usable = row["active"] and not state.locked and genuine
    return stored if _check(hasher, stored if usable else None, password) else None


def _attempt(w: Writer, row: dict[str, Any], password: str, now_iso: str, hasher: PasswordHasher) -> SignedIn | None:
    state = lock_state(row["failed_attempts"], row["locked_until"], now_iso)
    stored = _accepted_hash(w.conn, row, password, now_iso, hasher)
    if stored is not None:
        changes = {"failed_attempts": 0, "locked_until": None, "last_login_at": now_iso}
        changed = {k: v for k, v in changes.items() if row[k] != v}
        if changed:
            row = w.update(USER_ACCOUNT, row["id"], changed, action="login", before=row)
        if hasher.check_needs_rehash(stored):
            row = _set_hash(w, row, hasher.hash(password), action="rehash", changed_at=row["password_changed_at"])
        return _signed_in(row)
    if state.locked:
        w.update(USER_ACCOUNT, row["id"], {"failed_attempts": row["failed_attempts"] + 1}, action="login_failed")
    elif state.failures + 1 >= LOCK_AFTER_FAILURES:
        until = utc_iso(lock_end(w.clock.now_utc()))
        w.update(USER_ACCOUNT, row["id"], {"failed_attempts": state.failures + 1, "locked_until": until}, action="lock")
    else:
        w.update(
            USER_ACCOUNT,
            row["id"],
            {"failed_attempts": state.failures + 1, "locked_until": None},
            action="login_failed",
            before=row,
        )
    return None


def check_log_in(
    conn: Connection, login: str, password: str, now_iso: str, *, hasher: PasswordHasher = PASSWORD_HASHER
) -> SignedIn:
    """:func:`authenticate` for a database that cannot be written (read-only file, medium or folder): the
    same checks and the same refusal, but nothing is recorded — no log-in event, no failure counted."""
    row = sql.first_dict(conn, "SELECT * FROM user_account WHERE login = ?", (normalise_login(login),))
    if row is None:
        _check(hasher, None, password)  # the same time as a known login: no hint whether it exists
    elif _accepted_hash(conn, row, password, now_iso, hasher) is not None:
        forged = audit.unrecorded_columns(audit.replay(conn, USER_ACCOUNT.name, row["id"]), row)
        if forged:  # a role or lock forged in the file opens nothing, read-only or not (the writer's rule)
            raise TamperedRecordError(
                tr(
                    "The account {login} was changed outside SafetyWatch ({columns} differ from its audit trail): "
                    "it cannot log in. Verify the database, then restore a verified backup."
                ).format(login=row["login"], columns=", ".join(forged[:5])),
                table=USER_ACCOUNT.name,
                record_id=int(row["id"]),
                columns=forged,
            )
        return _signed_in(row)
    raise AuthenticationError(login_failed_message())


def _set_hash(
    w: Writer,
    row: dict[str, Any],
    password_hash: str,
    *,
    action: str,
    changed_at: str | None = None,
    reason: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    changes = {
        "password_fingerprint": fingerprint(password_hash),
        "password_changed_at": changed_at or utc_iso(w.clock.now_utc()),
        **extra,
    }
    updated = w.update(USER_ACCOUNT, row["id"], changes, action=action, before=row, reason=reason)
    _store_hash(w, row["id"], password_hash, new=False)
    return updated


def change_password(
    ledger: Ledger,
    login: str,
    old_password: str,
    new_password: str,
    repeat: str | None = None,
    *,
    hasher: PasswordHasher = PASSWORD_HASHER,
) -> SignedIn:
    """A user's own new password; the old one is checked as a log-in (a wrong one counts as a failure)."""
    name = normalise_login(login)
    problem = password_problem(new_password, name)
    if problem is None and new_password == old_password:
        problem = tr("The new password must differ from the old one.")
    if problem:
        raise ValidationError.single("password", problem)
    if repeat is not None and repeat != new_password:
        raise ValidationError.single("repeat", tr("The two passwords differ."))
    user = authenticate(ledger, name, old_password, hasher=hasher)
    with _as_program(ledger, name) as w:
        row = w.load(USER_ACCOUNT, user.user_id)
        row = _set_hash(w, row, hasher.hash(new_password), action="change_password", must_change_password=0)
    return _signed_in(row)


# --- the administrator's tools ----------------------------------------------------------------------


#: The administrator's form for a new account (``add_user``).
NEW_USER_FIELDS = (
    FieldSpec("login", "Login name", required=True),
    FieldSpec("display_name", "Full name", required=True),
    FieldSpec(
        "role",
        "User role",
        FieldKind.CHOICE,
        required=True,
        options=role_options(),
    ),
    FieldSpec("password", "First password", FieldKind.PASSWORD, required=True),
)


def add_user(
    ledger: Ledger,
    login: str,
    display_name: str,
    role: Role | str,
    password: str,
    *,
    hasher: PasswordHasher = PASSWORD_HASHER,
    must_change: bool = True,
) -> UserRow:
    """A new account with a first password the user must change at their first log-in (unless
    *must_change* is false: the demo's accounts, whose password is printed for a whole class)."""
    ledger.require(Permission.MANAGE_USERS)
    name = normalise_login(login)
    with ledger.write() as w:
        errors = _new_account_problems(w.conn, name, display_name, str(role), password, None)
        if errors:
            raise ValidationError(errors)
        row = _insert_account(w, name, display_name, Role(role), password, hasher, must_change=must_change)
    return _user_row(row)


def _require_reason(reason: str) -> str:
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    return reason.strip()


def _other_active_administrators(conn: Connection, user_id: int) -> int:
    return int(
        sql.scalar(
            conn,
            "SELECT count(*) FROM user_account WHERE role = 'administrator' AND active = 1 AND id != ?",
            (user_id,),
        )
    )


def _keep_an_administrator(conn: Connection, row: dict[str, Any]) -> None:
    if row["role"] == Role.ADMINISTRATOR and row["active"] and not _other_active_administrators(conn, row["id"]):
        raise ValidationError.single(
            "role", tr("{login} is the only active administrator: add another one first.").format(login=row["login"])
        )


def amend_user(
    ledger: Ledger,
    user_id: int,
    *,
    display_name: str | None = None,
    role: Role | str | None = None,
    reason: str,
    expected_version: int | None = None,
) -> UserRow:
    """Change a user's display name or role (access grants are audited with their reason)."""
    ledger.require(Permission.MANAGE_USERS)
    why = _require_reason(reason)
    with ledger.write() as w:
        row = w.load(USER_ACCOUNT, user_id)
        changes: dict[str, Any] = {}
        if display_name is not None and display_name.strip() != row["display_name"]:
            problem = display_name_problem(display_name)
            if problem:
                raise ValidationError.single("display_name", problem)
            changes["display_name"] = display_name.strip()
        if role is not None and str(role) != row["role"]:
            if str(role) not in {r.value for r in Role}:
                raise ValidationError.single("role", tr("Choose a role."))
            _keep_an_administrator(w.conn, row)
            changes["role"] = Role(role)
        updated = w.update(
            USER_ACCOUNT, user_id, changes, action="amend", reason=why, expected_version=expected_version, before=row
        )
    return _user_row(updated)


def set_active(ledger: Ledger, user_id: int, active: bool, reason: str) -> UserRow:
    """Disable an account (it can no longer log in; its records and events keep its name) or enable it."""
    ledger.require(Permission.MANAGE_USERS)
    why = _require_reason(reason)
    with ledger.write() as w:
        row = w.load(USER_ACCOUNT, user_id)
        if bool(row["active"]) == active:
            raise ValidationError.single("", tr("Nothing was changed."))
        if not active:
            if ledger.user is not None and ledger.user.user_id == user_id:
                raise ValidationError.single("", tr("You cannot disable your own account."))
            _keep_an_administrator(w.conn, row)
        updated = w.update(
            USER_ACCOUNT,
            user_id,
            {"active": int(active)},
            action="enable" if active else "disable",
            reason=why,
            before=row,
        )
    return _user_row(updated)


def reset_password(
    ledger: Ledger, user_id: int, new_password: str, reason: str, *, hasher: PasswordHasher = PASSWORD_HASHER
) -> UserRow:
    """A new first password (the user must change it at the next log-in); also lifts a lock."""
    ledger.require(Permission.MANAGE_USERS)
    why = _require_reason(reason)
    with ledger.write() as w:
        row = w.load(USER_ACCOUNT, user_id)
        problem = password_problem(new_password, row["login"])
        if problem:
            raise ValidationError.single("password", problem)
        updated = _set_hash(
            w,
            row,
            hasher.hash(new_password),
            action="reset_password",
            must_change_password=1,
            failed_attempts=0,
            locked_until=None,
            reason=why,
        )
    return _user_row(updated)


def unlock(ledger: Ledger, user_id: int, reason: str) -> UserRow:
    """Lift a lock before its 15 minutes are over."""
    ledger.require(Permission.MANAGE_USERS)
    why = _require_reason(reason)
    with ledger.write() as w:
        row = w.load(USER_ACCOUNT, user_id)
        if not row["failed_attempts"] and not row["locked_until"]:
            raise ValidationError.single("", tr("This account is not locked."))
        updated = w.update(
            USER_ACCOUNT, user_id, {"failed_attempts": 0, "locked_until": None}, action="unlock", reason=why, before=row
        )
    return _user_row(updated)


# --- the session ------------------------------------------------------------------------------------


def session_ledger(ledger: Ledger, user: SignedIn, *, reader_address: str | None = None) -> Ledger:
    """The ledger a signed-in user works on: their name on every change, their role checked on every write.
    An auditor's works on a read-only connection of its own (SQLite's ``query_only``, a server's read-only
    sessions), to the same database: the server when there is one, else the file. On a server,
    *reader_address* names the database's read-only role (server-setup's NAME_audit), which the server itself
    keeps from writing: a read-only user's connection then logs in as that role."""
    if not user.read_only:
        engine = ledger.engine
    elif ledger.server is not None and reader_address is not None:
        engine = make_engine(reader_address, read_only=True)
    else:
        engine = make_engine(ledger.target, read_only=True)
    return Ledger(
        path=ledger.path,
        server=ledger.server,
        engine=engine,
        actor=user.login,
        clock=ledger.clock,
        backup_made=ledger.backup_made,
        needs_full_check=ledger.needs_full_check,
        user=user,
        read_only=user.read_only,
    )


def idle_lock_minutes(conn: Connection) -> int:
    """Minutes without input after which the screen locks (an administrator's setting)."""
    value = sql.scalar(conn, "SELECT value FROM app_setting WHERE key = ? AND voided = 0", (IDLE_LOCK_SETTING,))
    low, high = IDLE_LOCK_BOUNDS
    if value is None or not str(value).isdigit():
        return DEFAULT_IDLE_LOCK_MINUTES
    return min(max(int(value), low), high)


def set_idle_lock_minutes(ledger: Ledger, minutes: int) -> None:
    low, high = IDLE_LOCK_BOUNDS
    if not low <= minutes <= high:
        raise ValidationError.single(
            "idle_lock_minutes", tr("Between {low} and {high} minutes.").format(low=low, high=high)
        )
    with ledger.write() as w:
        row = sql.first_dict(w.conn, "SELECT * FROM app_setting WHERE key = ?", (IDLE_LOCK_SETTING,))
        if row is None:
            w.insert(APP_SETTING, {"key": IDLE_LOCK_SETTING, "value": str(minutes)})
        elif row["value"] != str(minutes) or row["voided"]:
            w.update(APP_SETTING, row["id"], {"value": str(minutes), "voided": 0, "void_reason": None}, before=row)


# --- verification -----------------------------------------------------------------------------------


def check_credentials(conn: Connection) -> list[str]:
    """Every account's stored hash against the audited fingerprint (``verify`` runs this)."""
    problems = []
    rows = sql.execute(
        conn,
        "SELECT a.id, a.login, a.password_fingerprint, c.password_hash FROM user_account a "
        "LEFT JOIN user_credential c ON c.user_id = a.id ORDER BY a.id",
    )
    for user_id, login, expected, stored in rows:
        if stored is None or fingerprint(stored) != expected:
            problems.append(
                tr("The password of user {login} (#{id}) was replaced outside SafetyWatch.").format(
                    login=login, id=user_id
                )
            )
    return problems
