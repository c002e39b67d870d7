"""Files that come back from a spreadsheet (issue 13 §5): the demo's records exported, opened and saved as a
spreadsheet program would (``tests/exchange/spreadsheet.py``), imported into an empty database and exported
again give the same rows."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import export, importer
from safetywatch.exchange.columns import KINDS
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, violations
from safetywatch.services.maintenance import demo, integrity
from safetywatch.services.maintenance.opening import open_ledger
from tests.exchange.conftest import empty_ledger
from tests.exchange.spreadsheet import resave_csv_as_excel, resave_xlsx
from tests.exchange.test_import import NOT_COMPARED, ORDER
from tests.helpers import count_rows

#: Squad checks and tours are export-only kinds: a hazard that names one cannot go into an empty database,
#: so these links are left out of the files (and of the comparison).
LINKS = ("squad_activity_uuid", "tour_uuid")
#: Texts at a mine level and others a spreadsheet would take for a formula, added to the tiny demo (whose
#: two teams work where no such place is); the mine-scale demo has 26 hazards and 4 三违 at -550水平 a year.
LEVELS = ("-550水平中央泵房", "+120水平变电所", "=号信号灯不亮", "@副井口信号房")


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    ledger = open_ledger(tmp_path_factory.mktemp("demo") / "demo.db", actor="演示", clock=clock)
    demo.generate(ledger, scale="tiny", years=1, seed=1)
    with ledger.read() as conn:
        first_hazard = conn.exec_driver_sql("SELECT id FROM hazard WHERE voided = 0 ORDER BY id LIMIT 1").scalar_one()
        first_violation = conn.exec_driver_sql("SELECT id FROM violation ORDER BY id LIMIT 1").scalar_one()
        card = hazards.get(conn, first_hazard)
        ticket = violations.get(conn, first_violation)
    assert card is not None and ticket is not None
    for i, place in enumerate(LEVELS):
        data = hazards.HazardInput(
            **{f: card[f] for f in hazards.HazardInput.__dataclass_fields__ if f in card and f != "uuid"}
        )
        data.location, data.description = place, f"{place}：电缆吊挂不规范"
        data.found_date = dt.date(2026, 6, 1 + i)
        data.deadline = None
        hazards.register(ledger, data)
        entry = violations.ViolationInput(
            **{f: ticket[f] for f in violations.ViolationInput.__dataclass_fields__ if f in ticket}
        )
        entry.location, entry.found_date = place, dt.date(2026, 6, 1 + i)
        violations.register(ledger, entry)
    yield ledger
    ledger.engine.dispose()


def _export(ledger: Ledger, folder: Path, fmt: str, headers: str = "keys") -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind in ORDER:
        files[kind] = folder / f"{kind}.{fmt}"
        with ledger.read() as conn:
            export.export(conn, kind, files[kind], fmt=fmt, headers=headers)
    return files


def _rows(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as stream:
        return [
            {k: ("" if k in LINKS else v) for k, v in row.items() if k not in NOT_COMPARED}
            for row in csv.DictReader(stream)
        ]


def _without_links(path: Path, encoding: str) -> Path:
    """The hazards file without its links to squad checks and tours, in the same encoding and line ends."""
    rows = list(csv.reader(path.read_text(encoding=encoding).splitlines(keepends=True)))
    header = [KINDS["hazards"].names[i] for i in range(len(rows[0]))]  # Chinese headers, in the key order
    for row in rows[1:]:
        for column in LINKS:
            row[header.index(column)] = ""
    out = path.with_name("unlinked_" + path.name)
    with out.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)
    return out


def _round_trip(
    source: Ledger, tmp_path: Path, fmt: str, resave: Callable[[Path, Path], Path], encoding: str
) -> tuple[dict[str, Path], dict[str, Path], Ledger]:
    """Export every importable kind as *fmt* (with its Chinese headers and labels, as the auditor gets it),
    resave each file, import them into an empty database; the source's and the target's CSV exports."""
    exported = _export(source, tmp_path / "exported", fmt, "labels")
    target = empty_ledger(tmp_path / "target.db")
    for kind in ORDER:
        resaved = resave(exported[kind], tmp_path / f"resaved_{kind}.csv")
        if kind == "hazards":
            resaved = _without_links(resaved, encoding)
        report = importer.import_file(target, kind, resaved)
        assert report.ok and report.written, (kind, [str(e) for e in report.errors[:5]])
        assert report.encoding == encoding.replace("gbk", "gb18030")
    return _export(source, tmp_path / "before", "csv"), _export(target, tmp_path / "after", "csv"), target


def test_demo_records_survive_a_csv_saved_by_excel_in_gbk_with_chinese_dates(
    demo_ledger: Ledger, tmp_path: Path
) -> None:
    before, after, target = _round_trip(demo_ledger, tmp_path, "csv", resave_csv_as_excel, "gbk")
    try:
        resaved = (tmp_path / "resaved_hazards.csv").read_bytes()
        assert resaved.decode("gbk").count("\r\n") == count_rows(demo_ledger, "hazard") + 1
        text = resaved.decode("gbk")
        assert "\n-550水平中央泵房" not in text and ",-550水平中央泵房," in text  # the guard is gone
        assert ",2026/6/1," in text and ",2026-06-01," not in text
        for kind in ORDER:
            assert _rows(after[kind]) == _rows(before[kind]), kind
        with target.read() as conn:
            stored = conn.exec_driver_sql("SELECT location FROM hazard WHERE location LIKE '-550%'").scalars().all()
            assert stored and set(stored) == {"-550水平中央泵房"}
            assert integrity.verify(conn).ok
    finally:
        target.engine.dispose()


def test_demo_records_survive_an_xlsx_saved_by_a_spreadsheet_library(demo_ledger: Ledger, tmp_path: Path) -> None:
    before, after, target = _round_trip(demo_ledger, tmp_path, "xlsx", resave_xlsx, "utf-8-sig")
    try:
        for kind in ORDER:
            assert _rows(after[kind]) == _rows(before[kind]), kind
        with target.read() as conn:
            levels = conn.exec_driver_sql("SELECT location FROM violation WHERE location IN (?, ?, ?, ?)", LEVELS)
            assert sorted(levels.scalars()) == sorted(LEVELS)
    finally:
        target.engine.dispose()
