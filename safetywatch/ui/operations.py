"""One way for a page to write: the service call runs on the single writer thread, never the GUI thread.

``run_write(owner, call, done=..., errors=...)`` queues *call* (a plain service call such as
``lambda: hazards.register(ledger, data)``) on one background thread, so writes happen in the order they
were asked for and a database held by another program (busy, locked) never freezes the window. The call
is retried while the file stays busy or locked (``core.ledger.retrying``; service calls are idempotent or
fail cleanly on a retry). The outcome comes back on the GUI thread:

- success → ``done(result)``;
- :class:`ValidationError` → ``errors.invalid(exc)``: the form puts each message under its field;
- any other :class:`SafetyWatchError` (storage, conflict, transition, permission) → ``errors.failed(text)``:
  the page's status line;
- anything else is a bug: it is raised on the GUI thread and reaches the crash handler.

Nothing is delivered once *owner* is gone. :func:`wait_for_writes` lets tests (and shutdown) wait for the
queue to empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool

from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.services.core.ledger import retrying
from safetywatch.ui.widgets.status_line import error_text
from safetywatch.ui.worker import Job

T = TypeVar("T")

_writer_pool: QThreadPool | None = None
_pending: set[WriteOp] = set()


def writer_pool() -> QThreadPool:
    """One thread: writes reach the database one after another, in the order they were asked for."""
    global _writer_pool
    if _writer_pool is None:
        _writer_pool = QThreadPool()
        _writer_pool.setMaxThreadCount(1)
        _writer_pool.setExpiryTimeout(-1)  # keep the thread: a save should not pay for starting one
    return _writer_pool


class ErrorSink(Protocol):
    """Where a page shows why a write did not happen."""

    def invalid(self, error: ValidationError) -> None:
        """Field errors: under their fields, everything typed kept."""

    def failed(self, message: str) -> None:
        """A known error (storage, conflict, permission, not allowed now): the status line."""


@dataclass
class StatusErrors:
    """An :class:`ErrorSink` for pages without fields: every message goes to one callable."""

    show: Callable[[str], None]

    def invalid(self, error: ValidationError) -> None:
        self.show(error_text(error))

    def failed(self, message: str) -> None:
        self.show(message)


class WriteOp(QObject):
    """One queued write; ``pending`` until its outcome was delivered on the GUI thread."""

    def __init__(self, owner: QObject, call: Callable[[], Any], done: Callable[[Any], None], errors: ErrorSink) -> None:
        super().__init__()  # no parent: it may outlive the page that asked for it
        self.owner = owner
        self.done_callback = done
        self.errors = errors
        self.pending = True
        self._job = Job(lambda: retrying(call))
        self._job.finished.connect(self._finished)
        self._job.failed.connect(self._failed)

    def start(self) -> WriteOp:
        _pending.add(self)
        self._job.start(writer_pool())
        return self

    def _end(self) -> bool:
        self.pending = False
        _pending.discard(self)
        return shiboken6.isValid(self.owner)

    def _finished(self, result: object) -> None:
        if self._end():
            self.done_callback(result)

    def _failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        if not self._end():
            if not isinstance(error, SafetyWatchError):
                raise error
            return
        if isinstance(error, ValidationError):
            self.errors.invalid(error)
        elif isinstance(error, SafetyWatchError):
            self.errors.failed(str(error))
        else:
            raise error  # a bug: the crash handler shows it and logs the traceback


def run_write(owner: QObject, call: Callable[[], T], *, done: Callable[[T], None], errors: ErrorSink) -> WriteOp:
    """Queue *call* on the writer thread; *done* or *errors* are called on the GUI thread (see the module)."""
    return WriteOp(owner, call, done, errors).start()


def writes_pending() -> bool:
    return bool(_pending)


def wait_for_writes(timeout_ms: int = 30_000) -> bool:
    """Block until every queued write has run and its outcome was delivered (tests, shutdown)."""
    finished = writer_pool().waitForDone(timeout_ms)
    app = QCoreApplication.instance()
    if app is not None:
        for _ in range(5):  # queued deliveries, and the change hub's signals they cause
            app.processEvents()
    return finished and not _pending
