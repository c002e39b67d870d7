"""CSV/XLSX import into an office on PostgreSQL: every importable kind exported from a SQLite ledger comes back
the same; a file of any size runs in one write transaction there (no staged copy), all or nothing; a dry run
and a file with a bad row write nothing."""

from __future__ import annotations

import csv
import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetywatch.db.engine import make_engine
from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import importer, staging, stations
from safetywatch.exchange.columns import IMPORTABLE
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.opening import open_ledger
from tests import pg_cluster
from tests.exchange.conftest import Source
from tests.exchange.every_kind import export_all, fill_every_kind
from tests.exchange.stations_setup import state
from tests.helpers import card, count_rows, refs, seeded_ledger

pytestmark = pytest.mark.pg

CLOCK = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
#: Kept by the database, not by the file: when it was entered, changed, and how often.
NOT_COMPARED = {"created_at", "updated_at", "version", "sheet_updated_at"}
#: Every file through the path a big file takes (on SQLite: a staged copy).
EVERY_FILE_BIG = importer.Limits(direct_rows=0, staged_rows_per_mib=0)
KINDS = list(IMPORTABLE)


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    led = seeded_ledger(tmp_path_factory.mktemp("every") / "source.db", CLOCK)
    yield fill_every_kind(led)
    led.engine.dispose()


@pytest.fixture(scope="module")
def keys(every: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export_all(every.ledger, tmp_path_factory.mktemp("keys"), headers="keys")


@pytest.fixture
def office(postgres: pg_cluster.Cluster) -> Iterator[Ledger]:
    """A migrated office database on the server with no reference data at all (the target of a round trip)."""
    name = postgres.fresh_database("import")
    led = open_ledger(postgres.url(name), actor="导入员", clock=CLOCK, seed=False)
    yield led
    led.engine.dispose()


def rows_of(path: Path, kind: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = [{k: v for k, v in row.items() if k not in NOT_COMPARED} for row in csv.DictReader(stream)]
    if kind == "duty_sheets":  # a void sheet comes back without the marks that no longer counted
        for row in rows:
            if row["voided"] == "1":
                row["inspectors"] = "?"
    return rows


@pytest.mark.parametrize(("fmt", "headers"), [("csv", "keys"), ("xlsx", "labels")])
@pytest.mark.parametrize("limits", [importer.Limits(), EVERY_FILE_BIG], ids=["small", "big"])
def test_every_kind_comes_back_the_same(
    every: Source,
    keys: dict[str, Path],
    office: Ledger,
    tmp_path: Path,
    fmt: str,
    headers: str,
    limits: importer.Limits,
) -> None:
    files = export_all(every.ledger, tmp_path / "out", fmt=fmt, headers=headers)
    for kind in KINDS:
        report = importer.import_file(office, kind, files[kind], limits=limits)
        assert report.ok and report.created > 0, (kind, [str(e) for e in report.errors])
    again = export_all(office, tmp_path / "again", headers="keys")
    for kind in KINDS:
        before = rows_of(keys[kind], kind)
        assert before, kind
        assert rows_of(again[kind], kind) == before, kind
    with office.read() as conn:
        report = integrity.verify(conn)
    assert report.ok, [p.message for p in report.problems]
    # the same files again: everything is there already, nothing is written
    before_again = state(office)
    for kind in KINDS:
        assert importer.import_file(office, kind, files[kind], limits=limits).created == 0, kind
    assert state(office) == before_again


@pytest.mark.parametrize("limits", [importer.Limits(), EVERY_FILE_BIG], ids=["small", "big"])
def test_a_dry_run_and_a_file_with_a_bad_row_write_nothing(
    every: Source, keys: dict[str, Path], office: Ledger, tmp_path: Path, limits: importer.Limits
) -> None:
    for kind in KINDS[: KINDS.index("hazards")]:  # what the hazards refer to
        assert importer.import_file(office, kind, keys[kind], limits=limits).ok, kind
    before = state(office)
    dry = importer.import_file(office, "hazards", keys["hazards"], dry_run=True, limits=limits)
    assert dry.ok and dry.created == 10 and not dry.written
    assert state(office) == before

    with keys["hazards"].open(encoding="utf-8-sig", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    rows[2][header.index("found_date")] = "2026-13-45"  # the third record: the first two alone would be fine
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows([header, *rows])
    report = importer.import_file(office, "hazards", bad, limits=limits)
    assert not report.ok and not report.written
    assert any("found_date" in str(error) for error in report.errors), [str(e) for e in report.errors]
    assert state(office) == before


def test_staged_work_on_a_server_runs_in_one_write_transaction_that_readers_do_not_wait_for(office: Ledger) -> None:
    """``staging.run_staged`` on a server: no copy; the work's writes commit together, readers meanwhile see
    the database as it was (and are not blocked), and work that fails leaves nothing."""
    seen_meanwhile = []

    def work(w: Writer) -> str:
        stations.set_setting(w, "exchange_note", "first")
        with office.read() as other:  # another connection, while the write transaction is open
            seen_meanwhile.append(stations.setting(other, "exchange_note"))
        stations.set_setting(w, "exchange_other", "second")
        return "done"

    assert staging.run_staged(office, work, note="test") == "done"
    assert seen_meanwhile == [None]
    with office.read() as conn:
        written = (stations.setting(conn, "exchange_note"), stations.setting(conn, "exchange_other"))
    assert written == ("first", "second")

    before = state(office)

    def failing(w: Writer) -> None:
        stations.set_setting(w, "exchange_note", "changed")
        raise ValueError("the file had a bad row")

    with pytest.raises(ValueError, match="bad row"):
        staging.run_staged(office, failing)
    assert state(office) == before


def test_while_a_file_is_imported_others_read_at_once_and_their_saves_wait_for_it(
    keys: dict[str, Path], office: Ledger, tmp_path: Path
) -> None:
    """On a server an import holds the write lock for its whole transaction: another office PC reads meanwhile
    without waiting (the database as before the import), and its save waits for the import's commit and then
    goes through (on a SQLite file it would have been refused "busy"): both are kept, numbered without a clash."""
    for kind in KINDS[: KINDS.index("hazards")]:
        assert importer.import_file(office, kind, keys[kind]).ok, kind
    with keys["hazards"].open(encoding="utf-8-sig", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    registered = next(r for r in rows if r[header.index("status")] == "registered")
    new_rows = []
    for i in range(300):  # hand-made register rows: no uuid, no number
        row = list(registered)
        row[header.index("number")] = row[header.index("uuid")] = ""
        row[header.index("description")] = f"顶板离层 第{i + 1}处"
        new_rows.append(row)
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows([header, *new_rows])

    other = Ledger(office.path, make_engine(office.target), actor="录入员", clock=office.clock, server=office.server)
    seen: list[int] = []
    saver: list[threading.Thread] = []
    saved = threading.Event()

    def meanwhile(done: int, total: int) -> None:
        if 0 < done < total and not saver:
            started = time.perf_counter()
            seen.append(count_rows(other, "hazard"))  # not blocked by the import's open transaction
            assert time.perf_counter() - started < 2.0
            thread = threading.Thread(target=lambda: (hazards.register(other, card(refs(other))), saved.set()))
            saver.append(thread)
            thread.start()
            assert not saved.wait(0.5)  # the save waits for the write lock the import holds

    try:
        report = importer.import_file(office, "hazards", big, progress=meanwhile)
        assert saver, "the import reported no progress"
        saver[0].join(timeout=30)
        assert saved.is_set()
    finally:
        other.engine.dispose()
    assert report.ok and report.written and report.created == 300
    assert seen == [0]
    with office.read() as conn:
        numbers = conn.exec_driver_sql("SELECT number FROM hazard").scalars().all()
        assert len(numbers) == len(set(numbers)) == 301
        assert integrity.verify(conn).ok
