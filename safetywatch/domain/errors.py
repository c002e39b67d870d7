"""Errors people can act on, separated from bugs.

``SafetyWatchError`` and its subclasses carry a message for the user (already translated). Anything
else that escapes is a bug and goes to the crash handler with a log file.
"""

from __future__ import annotations

from dataclasses import dataclass


class SafetyWatchError(Exception):
    """A failure the user can understand and act on."""


@dataclass(frozen=True)
class FieldError:
    """One rejected form field: the field's name and what is wrong with it."""

    field: str
    message: str


class ValidationError(SafetyWatchError):
    """Input refused; ``errors`` names every bad field so a form can mark them all at once."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls([FieldError(field, message)])


class TransitionError(SafetyWatchError):
    """A workflow step that is not allowed from the record's current state."""


class NotFoundError(SafetyWatchError):
    """A record that does not exist (or no longer exists under that number)."""


class ConflictError(SafetyWatchError):
    """The record changed since it was read (someone else saved first): reload and retry."""


class StorageError(SafetyWatchError):
    """The database could not be written or read (busy, full, read-only, damaged). Nothing was saved.

    ``kind`` says which (busy, locked, readonly, ioerr, corrupt, full, cantopen, notadb, network, other):
    busy and locked are worth retrying after a moment, the others need the user to act.
    """

    RETRYABLE = frozenset({"busy", "locked"})

    def __init__(self, message: str, *, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def retryable(self) -> bool:
        return self.kind in self.RETRYABLE


class TamperedRecordError(StorageError):
    """A record whose stored values differ from what its audit events say: it was changed outside
    SafetyWatch. The writer refuses to build on it (the change's ``before`` would adopt the forged values
    as history); nothing was saved. ``columns`` are the columns its events do not account for."""

    def __init__(self, message: str, *, table: str, record_id: int, columns: list[str]) -> None:
        super().__init__(message, kind="tampered")
        self.table = table
        self.record_id = record_id
        self.columns = columns


class PermissionDeniedError(SafetyWatchError):
    """The signed-in user's role may not do this (docs/permissions.md); nothing was changed."""

    def __init__(self, message: str, *, permission: str = "", table: str = "", action: str = "") -> None:
        super().__init__(message)
        self.permission = permission  # the missing permission (domain.permissions.Permission)
        self.table = table  # for a refused write: the table and the action
        self.action = action


class AuthenticationError(SafetyWatchError):
    """A log-in was refused. The message is the same whatever the cause, so it never tells whether a
    login name exists, its password was wrong, or the account is locked or disabled."""
