"""A big import does not hold the write lock while it checks the file: other programs keep saving (issue 13
§6). Real files; the other program is a second connection to the same database, writing through the
services while the import is half-way through its rows (its progress callback)."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetywatch.db.engine import make_engine
from safetywatch.exchange import importer
from safetywatch.exchange.staging import StaleSnapshotError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity
from tests.exchange.conftest import Source, empty_ledger
from tests.exchange.test_import import ORDER, _export_all, _import_all, _records
from tests.helpers import card, count_rows, refs

#: More rows than an import writes directly in its own transaction (``importer.Limits.direct_rows``).
BIG = 1_200


@pytest.fixture(scope="module")
def exported(source: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _export_all(source.ledger, tmp_path_factory.mktemp("exported"))


@pytest.fixture
def prepared(exported: dict[str, Path], tmp_path: Path) -> Iterator[Ledger]:
    """An empty database with the source's reference data, ready for hazard files."""
    led = empty_ledger(tmp_path / "target.db")
    for kind in ORDER[:8]:
        assert importer.import_file(led, kind, exported[kind]).ok
    yield led
    led.engine.dispose()


@pytest.fixture
def big_file(exported: dict[str, Path], tmp_path: Path) -> Path:
    """BIG hand-made register rows (no UUID, no number): one registered hazard of the source, varied."""
    rows = list(csv.reader(io.StringIO(exported["hazards"].read_text(encoding="utf-8-sig"), newline="")))
    header = rows[0]
    template = next(r for r in rows[1:] if r[header.index("status")] == "registered")
    out = [header]
    for i in range(BIG):
        row = list(template)
        row[header.index("number")] = row[header.index("uuid")] = ""
        row[header.index("description")] = f"顶板离层 第{i + 1}处"
        out.append(row)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(out)
    path = tmp_path / "big.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


class OtherProgram:
    """A second connection to the same file, saving one hazard when the import is 200 rows into the file
    (once per pass over it), at most *times* times."""

    def __init__(self, target: Ledger, *, times: int) -> None:
        self.ledger = Ledger(target.path, make_engine(target.path), actor="录入员", clock=target.clock)
        self.times = times
        self.saved: list[float] = []  # seconds each save took

    def __call__(self, done: int, total: int) -> None:
        if done == 200 < total and len(self.saved) < self.times:
            started = time.perf_counter()
            hazards.register(self.ledger, card(refs(self.ledger), description=f"录入员录入 {len(self.saved) + 1}"))
            self.saved.append(time.perf_counter() - started)

    def close(self) -> None:
        self.ledger.engine.dispose()


def test_other_programs_save_while_a_big_file_is_checked(prepared: Ledger, big_file: Path) -> None:
    other = OtherProgram(prepared, times=1)
    try:
        report = importer.import_file(prepared, "hazards", big_file, progress=other)
    finally:
        other.close()
    # the save half-way through the import went through at once (it used to wait busy_timeout, then fail)
    assert len(other.saved) == 1 and other.saved[0] < 2.0
    # the import noticed the change, checked the file again on the new state and wrote it whole
    assert report.ok and report.written and report.created == BIG
    assert count_rows(prepared, "hazard") == BIG + 1
    with prepared.read() as conn:
        numbers = conn.exec_driver_sql("SELECT number FROM hazard ORDER BY id").scalars().all()
        assert len(set(numbers)) == BIG + 1  # numbers allocated after the other program's, none twice
        assert integrity.verify(conn).ok


def test_a_file_checked_while_others_keep_saving_is_refused_whole(prepared: Ledger, big_file: Path) -> None:
    other = OtherProgram(prepared, times=10)
    events = count_rows(prepared, "audit_event")
    try:
        with pytest.raises(StaleSnapshotError, match="3 times in a row"):
            importer.import_file(prepared, "hazards", big_file, progress=other)
    finally:
        other.close()
    assert len(other.saved) == 3 and max(other.saved) < 2.0
    assert count_rows(prepared, "hazard") == 3  # the other program's, none of the file's
    assert count_rows(prepared, "audit_event") == events + 3  # each: one event, its follow-up entry inside
    with prepared.read() as conn:
        assert integrity.verify(conn).ok


def test_a_dry_run_of_a_big_file_leaves_the_lock_free_and_writes_nothing(prepared: Ledger, big_file: Path) -> None:
    other = OtherProgram(prepared, times=1)
    events = count_rows(prepared, "audit_event")
    try:
        report = importer.import_file(prepared, "hazards", big_file, dry_run=True, progress=other)
    finally:
        other.close()
    assert report.ok and report.created == BIG and not report.written
    assert len(other.saved) == 1 and other.saved[0] < 2.0
    assert count_rows(prepared, "hazard") == 1 and count_rows(prepared, "audit_event") == events + 1


def test_a_staged_round_trip_gives_the_same_records(source: Source, exported: dict[str, Path], tmp_path: Path) -> None:
    target = empty_ledger(tmp_path / "staged.db")
    try:
        staged = importer.Limits(direct_rows=0, staged_rows_per_mib=0)  # every file through a copy
        for kind in ORDER:
            report = importer.import_file(target, kind, exported[kind], limits=staged)
            assert report.ok and report.written, (kind, [str(e) for e in report.errors])
        again = _export_all(target, tmp_path / "again")
        for kind in ORDER:
            assert _records(again[kind]) == _records(exported[kind]), kind
        with target.read() as conn:
            assert integrity.verify(conn).ok
        # and a second import of the same files, staged, finds everything present and writes nothing
        events = count_rows(target, "audit_event")
        for kind in ORDER:
            report = importer.import_file(target, kind, exported[kind], limits=staged)
            assert report.ok and report.created == 0 and not report.written
        assert count_rows(target, "audit_event") == events
    finally:
        target.engine.dispose()


def test_direct_and_staged_imports_agree(exported: dict[str, Path], tmp_path: Path) -> None:
    """The same files give the same records whichever way they are written."""
    direct = empty_ledger(tmp_path / "direct.db")
    staged = empty_ledger(tmp_path / "staged.db")
    try:
        _import_all(direct, exported)
        for kind in ORDER:
            every_file_staged = importer.Limits(direct_rows=0, staged_rows_per_mib=0)
            assert importer.import_file(staged, kind, exported[kind], limits=every_file_staged).ok
        with direct.read() as a, staged.read() as b:
            for table in ("hazard", "hazard_follow_up", "violation", "violation_handling", "org_unit"):
                # a follow-up step gets a new UUID each time it is made; everything else is the file's
                columns = [row[1] for row in a.exec_driver_sql(f"PRAGMA table_info({table})") if row[1] != "uuid"]
                query = f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"
                assert a.exec_driver_sql(query).all() == b.exec_driver_sql(query).all(), table
            events = "SELECT seq, at_utc, actor, action, entity, entity_id, reason FROM audit_event ORDER BY seq"
            assert a.exec_driver_sql(events).all() == b.exec_driver_sql(events).all()
    finally:
        direct.engine.dispose()
        staged.engine.dispose()
