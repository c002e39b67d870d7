"""Run a function off the GUI thread and get its result back on the GUI thread.

A job is a plain callable that opens its own database connection (``with ledger.read() as conn``):
SQLAlchemy connections are never shared between threads. The result (or the exception) comes back
through queued signals, so the callbacks always run on the GUI thread and may touch widgets.

:class:`LatestOnly` adds a request token for queries that supersede each other (filter, sort): only the
result of the newest request is delivered, a stale one is dropped when it arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

#: Jobs still running or whose result is still on its way: Python must not collect them before then.
_RUNNING: set[Job] = set()
_pool: QThreadPool | None = None


def pool() -> QThreadPool:
    """The thread pool for database reads. Two threads: a superseded query never blocks the next one."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


class _Runnable(QRunnable):
    """The part that runs on the pool thread; it only calls the function and emits the outcome."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Job holds it; Qt must not delete it under Python's feet
        self._job = job

    def run(self) -> None:
        job = self._job
        try:
            result = job.fn()
        except BaseException as exc:  # every failure must reach the GUI thread, or the job never ends
            outcome, value = job._raw_failed, exc
        else:
            outcome, value = job._raw_finished, result
        try:
            outcome.emit(value)
        except RuntimeError:  # the application is shutting down and the Job is gone: nobody is waiting
            log.info("background result dropped at shutdown")


class Job(QObject):
    """One background call. ``finished(result)`` or ``failed(exception)`` is emitted on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)
    _raw_finished = Signal(object)
    _raw_failed = Signal(object)

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()  # no parent: the job may outlive the widget that asked for it
        self.fn = fn
        self.done = False
        self._runnable = _Runnable(self)
        # Created on the GUI thread, so queued delivery lands there whatever thread emits.
        self._raw_finished.connect(self._on_finished, type=Qt.ConnectionType.QueuedConnection)
        self._raw_failed.connect(self._on_failed, type=Qt.ConnectionType.QueuedConnection)

    def start(self, on: QThreadPool | None = None) -> Job:
        """Run on *on* (default: the read pool)."""
        _RUNNING.add(self)
        (on or pool()).start(self._runnable)
        return self

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self.done = True
        _RUNNING.discard(self)
        self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self.done = True
        _RUNNING.discard(self)
        self.failed.emit(error)


def run_in_background(
    owner: QObject,
    fn: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None] | None = None,
) -> Job:
    """Run *fn* on the pool; call *done(result)* or *failed(exception)* on the GUI thread.

    Nothing is called once *owner* has been destroyed (a page closed while its query was running).
    Without *failed*, an exception is logged and re-raised on the GUI thread, so it reaches the crash handler.
    """

    def deliver(result: object) -> None:
        if shiboken6.isValid(owner):
            done(result)

    def report(error: object) -> None:
        assert isinstance(error, BaseException)
        if not shiboken6.isValid(owner):
            log.warning("background job failed after its owner closed: %r", error)
        elif failed is not None:
            failed(error)
        else:
            raise error

    job = Job(fn)
    job.finished.connect(deliver)
    job.failed.connect(report)
    return job.start()


class LatestOnly:
    """Background requests of which only the newest counts (each new query supersedes the last)."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._token = 0
        self._pending: Job | None = None

    @property
    def busy(self) -> bool:
        """True while the newest request has not answered yet."""
        return self._pending is not None and not self._pending.done

    def cancel(self) -> None:
        """Forget the request in flight: its result will be dropped."""
        self._token += 1
        self._pending = None

    def submit(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Start *fn*; *done* / *failed* run only if no newer request was submitted meanwhile."""
        self._token += 1
        token = self._token

        def deliver(result: object) -> None:
            if token == self._token:
                self._pending = None
                done(result)

        def report(error: BaseException) -> None:
            if token != self._token:
                log.info("stale background request failed: %r", error)
                return
            self._pending = None
            if failed is not None:
                failed(error)
            else:
                raise error

        self._pending = run_in_background(self._owner, fn, deliver, report)
        return token


def wait_for_jobs(timeout_ms: int = 10_000) -> bool:
    """Block until every job has run and its result was delivered (tests, shutdown)."""
    finished = pool().waitForDone(timeout_ms)
    app = QCoreApplication.instance()
    if app is not None:
        for _ in range(5):  # queued deliveries may post further events
            app.processEvents()
    return finished and not _RUNNING
