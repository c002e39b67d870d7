"""One program writing a ledger at a time: a ``QLockFile`` beside the database (reliability.md R1).

A second SafetyWatch on the same database is refused with a message naming the process that holds it.
The lock never goes stale by age (the first program may stay open for weeks); Qt removes it when the
process that took it no longer runs on this computer (after a crash or a power cut).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


def acquire(db_path: Path) -> QLockFile | None:
    """The lock of *db_path* if this process got it, else ``None`` (another program holds it)."""
    lock = QLockFile(str(lock_path(db_path)))
    lock.setStaleLockTime(0)  # 0: only a dead owner makes it stale, never its age
    if lock.tryLock(0):
        return lock
    return None


def refusal_message(db_path: Path) -> str:
    """Why this program cannot open *db_path* for writing: who holds its lock."""
    if not lock_path(db_path).exists():  # the lock was refused without anyone holding it
        return QCoreApplication.translate(
            "InstanceLock", "Cannot create the lock file beside {path}: the folder is not writable."
        ).format(path=db_path)
    info = QLockFile(str(lock_path(db_path))).getLockInfo()
    pid, host = (info[0], info[1]) if info and len(info) >= 2 else ("?", "?")
    return QCoreApplication.translate(
        "InstanceLock",
        "SafetyWatch is already open on {path} (process {pid} on {host}). Only one program may write the "
        "ledger at a time: switch to that window, or close it first.",
    ).format(path=db_path, pid=pid, host=host or "?")
