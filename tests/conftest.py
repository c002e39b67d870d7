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
from tests import pg_cluster
from tests.helpers import seeded_ledger, seeded_server_ledger

#: "Today" in tests: a fixed Wednesday, so deadlines and overdue days are predictable.
TODAY = dt.date(2026, 6, 10)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg_cluster.Cluster]:
    """The throw-away PostgreSQL cluster of this test run (started on first use). Where PostgreSQL cannot start
    the tests that need it are skipped, except under ``SAFETYWATCH_REQUIRE_PG=1`` (CI), where they fail."""
    try:
        cluster = pg_cluster.start()
    except pg_cluster.ClusterUnavailableError as exc:
        if os.environ.get(pg_cluster.REQUIRE_ENV) == "1":
            pytest.fail(f"PostgreSQL is required here ({pg_cluster.REQUIRE_ENV}=1) but did not start: {exc}")
        pytest.skip(f"no PostgreSQL here: {exc}")
    yield cluster
    cluster.stop()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``pg`` that use the ``ledger`` fixture run twice: on a SQLite file and on PostgreSQL."""
    if metafunc.definition.get_closest_marker("pg") and "ledger" in metafunc.fixturenames:
        metafunc.parametrize("ledger", ["sqlite", "pg"], indirect=True)


@pytest.fixture
def ledger(request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock) -> Iterator[Ledger]:
    """A fresh, migrated and seeded database with one unit (综采一队) and two inspectors: a SQLite file, or (for
    tests marked ``pg``, in their second run) a database on the test PostgreSQL cluster."""
    if getattr(request, "param", "sqlite") == "pg":
        led = seeded_server_ledger(request.getfixturevalue("postgres"), clock)
    else:
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
