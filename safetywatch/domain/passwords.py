"""Account rules without storage: login names, password strength, lockout (reliability.md §1.3).

Password rules follow NIST SP 800-63B rather than composition rules: long enough, not a well-known or
trivially guessable password, not the login name. Lockout: 5 failures in a row lock the account for 15
minutes; the lock ends by itself (or an administrator unlocks it) and the count then starts again.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass

from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import text_problem

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
LOCK_AFTER_FAILURES = 5
LOCK_MINUTES = 15

_LOGIN = re.compile(r"[\w.\-@]{2,32}")
# Passwords people pick first (Chinese and international top lists), compared case-insensitively.
_COMMON = frozenset(
    {
        "password",
        "password1",
        "password123",
        "passw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "87654321",
        "11111111",
        "88888888",
        "66666666",
        "00000000",
        "12341234",
        "11223344",
        "123123123",
        "qwertyui",
        "qwerty123",
        "qwertyuiop",
        "1qaz2wsx",
        "abc12345",
        "abcd1234",
        "a1234567",
        "aa123456",
        "admin123",
        "administrator",
        "iloveyou",
        "woaini1314",
        "5201314520",
        "asdfghjkl",
        "zxcvbnm123",
        "safetywatch",
    }
)


def normalise_login(text: str) -> str:
    """The stored form of a login name: NFKC (full-width letters become ASCII), case-folded, trimmed."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def login_problem(login: str) -> str | None:
    """What is wrong with a (normalised) login name, or ``None``."""
    if not _LOGIN.fullmatch(login):
        return tr("A login name has 2 to 32 letters, digits or . - _ @, without spaces.")
    return None


def display_name_problem(name: str) -> str | None:
    if not name.strip():
        return tr("Required.")
    return text_problem(name, max_length=100)


def _is_sequence(password: str) -> bool:
    """``12345678``, ``abcdefgh``, ``87654321``: every character one step from the last."""
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(password)}
    return len(steps) == 1 and steps <= {1, -1}


def password_problem(password: str, login: str = "") -> str | None:
    """Why *password* is too weak to use, or ``None``. Spaces are allowed (pass phrases)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return tr("The password needs at least {n} characters.").format(n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return tr("The password may have at most {n} characters.").format(n=MAX_PASSWORD_LENGTH)
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in password):
        return tr("The password contains a control character.")
    lowered = password.casefold()
    if len(set(password)) <= 2 or _is_sequence(password) or lowered in _COMMON:
        return tr("This password is too easy to guess; choose a less common one.")
    if login and len(login) >= 3 and normalise_login(login) in lowered:
        return tr("The password must not contain the login name.")
    return None


def password_strength(password: str) -> int:
    """A rough score 0–4 for the strength meter: length and variety; 0 if :func:`password_problem` refuses it."""
    if password_problem(password) is not None:
        return 0
    classes = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
            any(ord(c) > 0x2E80 for c in password),  # CJK and other wide scripts
        )
    )
    score = 1 + (len(password) >= 12) + (len(password) >= 16) + (classes >= 3)
    return min(score, 4)


@dataclass(frozen=True)
class LockState:
    """Where an account stands before a log-in attempt."""

    failures: int  # consecutive failures that still count
    locked: bool


def lock_state(failed_attempts: int, locked_until: str | None, now_utc_iso: str) -> LockState:
    """A lock that has run out no longer counts, and neither do the failures that caused it."""
    if locked_until and now_utc_iso < locked_until:
        return LockState(failed_attempts, True)
    if locked_until:
        return LockState(0, False)
    return LockState(failed_attempts, False)


def lock_end(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(minutes=LOCK_MINUTES)
