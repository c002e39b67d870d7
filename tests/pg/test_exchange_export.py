"""The auditor's exports from an office on PostgreSQL: the same records give the same files as on SQLite.

Both databases are built from nothing by the same calls, with the same clock and the same sequence of uuids, so
they hold the same records, ids and audit chain; every kind's CSV (both header sets) must then be the same
bytes, its manifest too, and every XLSX the same workbook (all but the creation time xlsxwriter stamps)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import export
from safetywatch.exchange.columns import KINDS
from safetywatch.services.core.ledger import Ledger
from tests import pg_cluster
from tests.exchange.every_kind import fill_every_kind
from tests.helpers import _build_seeded

pytestmark = pytest.mark.pg

#: The export's own instant, written into each manifest.
NOW = dt.datetime(2026, 6, 10, 3, 0, tzinfo=dt.UTC)


def _built(target: Path | str) -> Ledger:
    """A record of every kind (``tests.exchange.every_kind``) on *target*, with uuids drawn from a fixed seed,
    so both engines hold exactly the same records."""
    draw = random.Random(18)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=draw.getrandbits(128), version=4))
        ledger = _build_seeded(target, FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC)))
        fill_every_kind(ledger)
    return ledger


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory, postgres: pg_cluster.Cluster) -> Iterator[dict[str, Ledger]]:
    postgres.create_database("export_source")
    built = {
        "sqlite": _built(tmp_path_factory.mktemp("export") / "source.db"),
        "pg": _built(postgres.url("export_source")),
    }
    yield built
    for ledger in built.values():
        ledger.close()


def _export(ledger: Ledger, kind: str, out: Path, fmt: str, headers: str) -> export.Manifest:
    with ledger.read() as conn:
        return export.export(conn, kind, out, fmt=fmt, headers=headers, now=NOW)


def test_both_databases_hold_the_same_audit_chain(sources: dict[str, Ledger]) -> None:
    """What the byte comparisons below rest on (and the hashed text being byte-identical on both engines)."""
    heads = {}
    for engine, ledger in sources.items():
        with ledger.read() as conn:
            heads[engine] = conn.exec_driver_sql("SELECT seq, hash FROM audit_event ORDER BY seq DESC").first()
    assert heads["sqlite"] == heads["pg"]
    assert heads["pg"] is not None and heads["pg"][0] > 30


@pytest.mark.parametrize("headers", ["keys", "labels"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_csv_export_is_the_same_bytes_on_both_engines(
    sources: dict[str, Ledger], tmp_path: Path, kind: str, headers: str
) -> None:
    files = {engine: tmp_path / engine / f"{kind}.csv" for engine in sources}
    manifests = {}
    for engine, ledger in sources.items():
        files[engine].parent.mkdir()
        manifests[engine] = _export(ledger, kind, files[engine], "csv", headers)
    assert files["pg"].read_bytes() == files["sqlite"].read_bytes()
    assert export.manifest_path(files["pg"]).read_bytes() == export.manifest_path(files["sqlite"]).read_bytes()
    assert manifests["pg"].rows == manifests["sqlite"].rows


def test_the_representatives_and_attendees_read_from_json_and_lists_on_postgresql(
    sources: dict[str, Ledger], tmp_path: Path
) -> None:
    """The columns PostgreSQL computes with its own expressions (``Column.server_sql``) hold the names."""
    _export(sources["pg"], "tours", tmp_path / "tours.csv", "csv", "keys")
    _export(sources["pg"], "training", tmp_path / "training.csv", "csv", "keys")
    assert "张三 10234、赵六 10235、孙八" in (tmp_path / "tours.csv").read_text(encoding="utf-8-sig")
    assert ",Q001 Q002," in (tmp_path / "training.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_xlsx_export_is_the_same_workbook_on_both_engines(
    sources: dict[str, Ledger], tmp_path: Path, kind: str
) -> None:
    parts = {}
    for engine, ledger in sources.items():
        out = tmp_path / f"{engine}.xlsx"
        _export(ledger, kind, out, "xlsx", "labels")
        with zipfile.ZipFile(out) as book:
            # docProps/core.xml holds the moment xlsxwriter wrote the file: the one part that may differ
            parts[engine] = {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}
    assert parts["pg"] == parts["sqlite"]
    assert any(b"<c " in data for name, data in parts["pg"].items() if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize("kind", [key for key, kind in KINDS.items() if kind.event_date])
def test_a_filtered_export_is_the_same_on_both_engines(sources: dict[str, Ledger], tmp_path: Path, kind: str) -> None:
    """Event-date and modified-instant filters select the same rows on both engines, and the count (the
    progress total) agrees with them."""
    filters = export.Filters(
        dt.date(2026, 5, 3), dt.date(2026, 5, 31), modified_until=dt.datetime(2026, 6, 11, tzinfo=dt.UTC)
    )
    files = {}
    for engine, ledger in sources.items():
        files[engine] = tmp_path / f"{engine}.csv"
        with ledger.read() as conn:
            written = export.export(conn, kind, files[engine], filters=filters, headers="keys", now=NOW).rows
            assert export.count(conn, KINDS[kind], filters) == written
    assert files["pg"].read_bytes() == files["sqlite"].read_bytes()


def test_a_manifest_is_checked_against_the_server_database(sources: dict[str, Ledger], tmp_path: Path) -> None:
    """The chain head an export's manifest names is found in the server's chain; a changed byte is caught."""
    out = tmp_path / "hazards.csv"
    _export(sources["pg"], "hazards", out, "csv", "keys")
    with sources["pg"].read() as conn:
        assert export.verify_manifest(export.manifest_path(out), conn).ok
        data = bytearray(out.read_bytes())
        data[-3] ^= 1
        out.write_bytes(bytes(data))
        assert not export.verify_manifest(export.manifest_path(out), conn).ok
