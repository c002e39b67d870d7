"""Shared fixtures: real SQLite files in tmp dirs, a fixed clock, offscreen Qt with the bundled CJK font."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Backups and logs go to the user data folder: never the real one during tests (subprocesses inherit it).
os.environ["SAFETYWATCH_DATA_DIR"] = tempfile.mkdtemp(prefix="safetywatch-test-data-")

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.i18n import set_translator
from safetywatch.services.core.ledger import Ledger
from tests.helpers import seeded_ledger

#: "Today" in tests: a fixed Wednesday, so deadlines and overdue days are predictable.
TODAY = dt.date(2026, 6, 10)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))


@pytest.fixture
def ledger(tmp_path: Path, clock: FixedClock) -> Iterator[Ledger]:
    """A fresh, migrated and seeded database file with one unit (综采一队) and two inspectors."""
    led = seeded_ledger(tmp_path / "ledger.db", clock)
    yield led
    led.engine.dispose()


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["safetywatch-tests"]


@pytest.fixture(autouse=True)
def _app_font_and_language(request: pytest.FixtureRequest) -> Iterator[None]:
    """GUI tests get the bundled font and the Chinese translation, as users do; others see English."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from safetywatch import i18n
    from safetywatch.app import setup_qt_resources

    request.getfixturevalue("qapp")
    setup_qt_resources("zh_CN")
    yield
    i18n.install("en")
    set_translator(None)  # messages of the Qt-free layers back to English for the next test
