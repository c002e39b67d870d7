"""Every importable kind in and out: export → import into an empty database → export again gives the same
rows, for both header sets (Chinese headers and labels, machine keys and codes) and both formats."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import importer
from safetywatch.exchange.columns import IMPORTABLE
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import integrity
from tests.exchange.conftest import Source, empty_ledger
from tests.exchange.every_kind import export_all, fill_every_kind
from tests.helpers import seeded_ledger

#: Kept by the database, not by the file: when it was entered, changed, and how often.
NOT_COMPARED = {"created_at", "updated_at", "version", "sheet_updated_at"}


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    led = seeded_ledger(tmp_path_factory.mktemp("every") / "source.db", clock)
    yield fill_every_kind(led)
    led.engine.dispose()


@pytest.fixture(scope="module")
def keys(every: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export_all(every.ledger, tmp_path_factory.mktemp("keys"), headers="keys")


def rows_of(path: Path, kind: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = [{k: v for k, v in row.items() if k not in NOT_COMPARED} for row in csv.DictReader(stream)]
    if kind == "duty_sheets":  # a void sheet comes back without the marks that no longer counted
        for row in rows:
            if row["voided"] == "1":
                row["inspectors"] = "?"
    return rows


def import_all(target: Ledger, files: dict[str, Path]) -> dict[str, importer.ImportReport]:
    reports = {}
    for kind in IMPORTABLE:
        report = importer.import_file(target, kind, files[kind])
        assert report.ok, (kind, [str(e) for e in report.errors])
        reports[kind] = report
    return reports


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("headers", ["labels", "keys"])
def test_every_kind_comes_back_the_same(
    every: Source, keys: dict[str, Path], tmp_path: Path, fmt: str, headers: str
) -> None:
    files = export_all(every.ledger, tmp_path / "out", fmt=fmt, headers=headers)
    target = empty_ledger(tmp_path / "target.db")
    try:
        reports = import_all(target, files)
        assert reports["suggestions"].created == 4
        assert reports["duty"].created == 4  # the marks of the two valid sheets
        again = export_all(target, tmp_path / "again", headers="keys")
        for kind in IMPORTABLE:
            before = rows_of(keys[kind], kind)
            assert before, kind  # the source has records of every kind
            assert rows_of(again[kind], kind) == before, kind
        with target.read() as conn:
            assert integrity.verify(conn).ok
        # the same files again: nothing new
        for kind in IMPORTABLE:
            report = importer.import_file(target, kind, files[kind])
            assert report.ok and report.created == 0, (kind, report.errors)
    finally:
        target.engine.dispose()
