"""The writer thread and the change hub, on real files: outcomes reach the GUI thread, a locked file never
freezes the window, and a committed write reaches every page that watches its tables."""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication

from safetywatch.domain.errors import ValidationError
from safetywatch.services.core.changes import BACKUPS, ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.ui.change_hub import REFERENCE_TABLES, hub_for
from safetywatch.ui.operations import StatusErrors, run_write, wait_for_writes
from tests.helpers import card, count_rows, refs


class _Sink:
    def __init__(self) -> None:
        self.invalid_errors: list[ValidationError] = []
        self.messages: list[str] = []

    def invalid(self, error: ValidationError) -> None:
        self.invalid_errors.append(error)

    def failed(self, message: str) -> None:
        self.messages.append(message)


def test_a_write_runs_off_the_gui_thread_and_delivers_on_it(qtbot: Any, ledger: Ledger) -> None:
    owner = QObject()
    threads: list[QThread] = []
    results: list[Any] = []

    def call() -> dict[str, Any]:
        threads.append(QThread.currentThread())
        return hazards.register(ledger, card(refs(ledger)))

    def done(row: dict[str, Any]) -> None:
        results.append((row["number"], QThread.currentThread()))

    run_write(owner, call, done=done, errors=_Sink())
    assert wait_for_writes()
    gui = QApplication.instance().thread()  # type: ignore[union-attr]
    assert threads and threads[0] is not gui
    assert results == [("JK01-2026-00001", gui)]


def test_validation_errors_go_to_the_form_and_known_errors_to_the_status_line(qtbot: Any, ledger: Ledger) -> None:
    owner, sink = QObject(), _Sink()
    bad = card(refs(ledger), location="")
    run_write(owner, lambda: hazards.register(ledger, bad), done=lambda _r: None, errors=sink)
    run_write(owner, lambda: 1 // 0, done=lambda _r: None, errors=sink)
    with qtbot.capture_exceptions() as raised:
        assert wait_for_writes()
    assert [e.field for e in sink.invalid_errors[0].errors] == ["location"]
    assert len(raised) == 1 and isinstance(raised[0][1], ZeroDivisionError)  # a bug reaches the crash handler
    shown: list[str] = []
    missing = lambda: hazards.act(ledger, 99_999, _step())  # noqa: E731
    run_write(owner, missing, done=lambda _r: None, errors=StatusErrors(shown.append))
    assert wait_for_writes()
    assert shown and "99999" in shown[0]  # not found: a known error, in words
    assert count_rows(ledger, "hazard") == 0


def _step() -> hazards.StepInput:
    import datetime as dt

    from safetywatch.domain.hazard_loop import HazardAction

    return hazards.StepInput(HazardAction.ISSUE_NOTICE, dt.date(2026, 6, 10))


def test_a_locked_file_does_not_freeze_the_window(qtbot: Any, ledger: Ledger) -> None:
    """Another program holds the write lock for 1.5 s: the GUI thread keeps running, the save lands once."""
    other = sqlite3.connect(ledger.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    released = threading.Timer(1.5, lambda: other.execute("COMMIT"))
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    saved: list[str] = []
    started = time.perf_counter()
    released.start()
    data = card(refs(ledger))
    owner = QObject()
    run_write(owner, lambda: hazards.register(ledger, data), done=lambda r: saved.append(r["number"]), errors=_Sink())
    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    timer.stop()
    released.join()
    other.close()
    assert saved == ["JK01-2026-00001"] and count_rows(ledger, "hazard") == 1
    assert time.perf_counter() - started >= 1.4
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 30 and max(gaps) < 0.5, max(gaps)  # the event loop kept turning while the file was locked


def test_committed_changes_reach_the_pages_that_watch_their_tables(qtbot: Any, ledger: Ledger) -> None:
    hub = hub_for(ledger)
    page, other_page = QObject(), QObject()
    seen: list[ChangeSet] = []
    unrelated: list[ChangeSet] = []
    hub.watch(page, REFERENCE_TABLES, seen.append)
    hub.watch(other_page, {BACKUPS}, unrelated.append)
    run_write(
        page,
        lambda: reference.save(ledger, "hazard_category", {"code": "ZZ", "name": "测试类", "valid_from": "2020-01-01"}),
        done=lambda _r: None,
        errors=_Sink(),
    )
    assert wait_for_writes()
    assert len(seen) == 1 and seen[0].tables == {"lookup_item"} and len(seen[0].ids("lookup_item")) == 1
    assert unrelated == []
    hub.publish(ChangeSet.of(BACKUPS))
    qtbot.waitUntil(lambda: len(unrelated) == 1)
    assert len(seen) == 1
    page.deleteLater()  # a closed page hears nothing more
    qtbot.wait(10)
    reference.save(ledger, "hazard_category", {"code": "ZZ2", "name": "测试类二", "valid_from": "2020-01-01"})
    qtbot.wait(10)
    assert len(seen) == 1


def test_a_rolled_back_write_announces_nothing(ledger: Ledger) -> None:
    heard: list[ChangeSet] = []
    ledger.subscribe(heard.append)
    with contextlib.suppress(ValidationError):
        hazards.register(ledger, card(refs(ledger), description=""))
    assert heard == []
    hazards.register(ledger, card(refs(ledger)))
    assert heard and heard[-1].tables == {"hazard", "hazard_follow_up"}
