"""Accounts in tests: a fast hasher for many log-ins, one account per role, signed-in ledgers."""

from __future__ import annotations

from argon2 import PasswordHasher, Type

from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts

#: argon2id with tiny parameters (1 MiB, t=1) so tests can log in often (~2 ms a hash); the production
#: parameters are tested in test_accounts (storage, rehash).
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
PASSWORD = "井口安全2026!"

LOGINS = {
    Role.CLERK: "clerk1",
    Role.SAFETY_OFFICER: "officer1",
    Role.AUDITOR: "auditor1",
    Role.ADMINISTRATOR: "admin1",
}
NAMES = {
    Role.CLERK: "李文员",
    Role.SAFETY_OFFICER: "张科长",
    Role.AUDITOR: "王审计",
    Role.ADMINISTRATOR: "赵管理",
}


def add_users(ledger: Ledger) -> None:
    """One account per role, added by the program itself (no one signed in), password :data:`PASSWORD`."""
    for role, login in LOGINS.items():
        accounts.add_user(ledger, login, NAMES[role], role, PASSWORD, hasher=FAST)


def signed_in(ledger: Ledger, role: Role) -> Ledger:
    """The session ledger of the user of *role* (see :func:`add_users`), after a real log-in."""
    user = accounts.authenticate(ledger, LOGINS[role], PASSWORD, hasher=FAST)
    return accounts.session_ledger(ledger, user)


#: The password every account of :func:`accounts_in_use` chose at its first log-in.
OWN_PASSWORD = "我自己的密码 0611"


def accounts_in_use(ledger: Ledger) -> None:
    """:func:`add_users`, and every user's first log-in done: each chose :data:`OWN_PASSWORD` (an account
    with its administrator's first password is refused by the command line until then)."""
    add_users(ledger)
    for login in LOGINS.values():
        accounts.change_password(ledger, login, PASSWORD, OWN_PASSWORD, hasher=FAST)
