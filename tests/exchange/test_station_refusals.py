"""Bundles the office refuses whole, each leaving the office's database as it was (issue 15, "Refusals")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from safetywatch.exchange import bundle_file, bundles, stations
from safetywatch.exchange.bundle_file import BundleError
from safetywatch.exchange.foreign_events import BundleRefusedError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance.opening import open_ledger
from tests.exchange.stations_setup import (
    Station,
    copy_db,
    enrol_station,
    file_sha256,
    office_at,
    state,
    station_records_equal,
    twin_of,
    verify_ok,
)
from tests.helpers import card, refs

REFUSED = (BundleError, BundleRefusedError)


@pytest.fixture
def station(office: Ledger, tmp_path: Path) -> Station:
    return enrol_station(office, tmp_path, "ST01", ["JK01"])


def resigned(path: Path, out: Path, edit: Callable[[dict[str, Any]], None], private_key: bytes) -> Path:
    """*path*'s bundle with its manifest edited by *edit*, signed again with *private_key*."""
    bundle = bundle_file.read_bundle(path)
    manifest = {k: v for k, v in bundle.manifest.items() if k not in ("format", "version", "members")}
    edit(manifest)
    bundle_file.write_bundle(out, manifest, bundle.members, private_key)
    return out


def assert_refused(office: Ledger, bundle: Path, *words: str) -> str:
    """Reading *bundle* is refused with a message holding *words*, and the office's database is unchanged (on a
    server: its audit head and every table's row count; a file: also its every byte)."""
    before = state(office)
    digest = file_sha256(office.path) if office.server is None else None
    with pytest.raises(REFUSED) as refused:
        bundles.read_station_bundle(office, bundle)
    message = str(refused.value)
    for word in words:
        assert word in message, message
    assert state(office) == before
    if digest is not None:
        assert file_sha256(office.path) == digest
    return message


def _one_hazard_bundle(st: Ledger, out: Path, description: str = "顶板离层") -> Path:
    hazards.register(st, card(refs(st), description=description))
    return bundles.write_station_bundle(st, out)


def test_one_changed_byte_is_refused(office: Ledger, station: Station, tmp_path: Path) -> None:
    good = _one_hazard_bundle(station.ledger, tmp_path / "good.swbundle")
    data = bytearray(good.read_bytes())
    for position in (len(data) // 3, len(data) // 2, len(data) - 30):
        bad = tmp_path / f"bad-{position}.swbundle"
        changed = bytearray(data)
        changed[position] ^= 0x01
        bad.write_bytes(bytes(changed))
        assert_refused(office, bad)
    bundles.read_station_bundle(office, good)  # the untouched one still goes in
    station_records_equal(office, station.ledger)


@pytest.mark.parametrize("imported_before", [False, True], ids=["first-bundle", "registered-key"])
def test_a_bundle_signed_by_another_key_is_refused(
    office: Ledger, station: Station, tmp_path: Path, imported_before: bool
) -> None:
    st = station.ledger
    if imported_before:
        bundles.read_station_bundle(office, _one_hazard_bundle(st, tmp_path / "first.swbundle"))
    good = _one_hazard_bundle(st, tmp_path / "good.swbundle", "另一条")
    private, public = bundle_file.new_key_pair()

    def claim_the_new_key(manifest: dict[str, Any]) -> None:
        manifest["public_key"] = public.hex()

    forged = resigned(good, tmp_path / "forged.swbundle", claim_the_new_key, private)
    assert_refused(office, forged, "ST01" if imported_before else "enrol")
    # keeping the station's key in the manifest but signing with another one fails the signature
    kept = resigned(good, tmp_path / "kept.swbundle", lambda manifest: None, private)
    assert_refused(office, kept)


def test_a_bundle_for_another_office_is_refused(office: Ledger, tmp_path: Path) -> None:
    other = office_at(tmp_path / "other")
    stranger = enrol_station(other, tmp_path / "other", "ST01", ["JK01"])
    assert_refused(office, _one_hazard_bundle(stranger.ledger, tmp_path / "b.swbundle"), "another office")


def test_a_bundle_from_an_unknown_station_is_refused(office: Ledger, tmp_path: Path) -> None:
    """A station registered at a copy of the office (same office id): this office never registered it."""
    twin = open_ledger(twin_of(office, tmp_path), actor="测试员", clock=office.clock)
    try:
        stranger = enrol_station(twin, tmp_path / "twin", "ST09", ["JK01"])
    finally:
        twin.close()
    assert_refused(office, _one_hazard_bundle(stranger.ledger, tmp_path / "b.swbundle"), "ST09")


def test_a_fork_is_refused_and_logged(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    old_copy = copy_db(st, tmp_path / "station-backup.db")
    bundles.read_station_bundle(office, _one_hazard_bundle(st, tmp_path / "sent.swbundle", "原来的隐患"))
    st.close()
    restored = open_ledger(old_copy, actor="测试员", clock=st.clock)
    try:
        forked = _one_hazard_bundle(restored, tmp_path / "forked.swbundle", "恢复后另录的隐患")
        with office.read() as conn:
            before = conn.exec_driver_sql("SELECT count(*) FROM station_event").scalar_one()
            hazards_before = conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar_one()
        with pytest.raises(BundleRefusedError, match="ST01"):
            bundles.read_station_bundle(office, forked)
    finally:
        restored.close()
    with office.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM station_event").scalar_one() == before
        assert conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar_one() == hazards_before
        refused = conn.exec_driver_sql(
            "SELECT after FROM audit_event WHERE action = 'bundle_refused' AND entity = 'security'"
        ).all()
    assert len(refused) == 1 and '"fork"' in refused[0][0]
    verify_ok(office)


def test_a_bundle_from_a_newer_schema_is_refused(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    good = _one_hazard_bundle(st, tmp_path / "good.swbundle")
    with st.read() as conn:
        key = stations.signing_key(conn)
    assert key is not None

    def newer(manifest: dict[str, Any]) -> None:
        manifest["schema"] = "9999_from_the_future"

    assert_refused(office, resigned(good, tmp_path / "newer.swbundle", newer, key[0]), "9999_from_the_future")


def test_a_first_bundle_with_a_wrong_enrolment_proof_is_refused(office: Ledger, tmp_path: Path) -> None:
    wrong = enrol_station(office, tmp_path, "ST01", ["JK01"], wrong_code=True)
    assert_refused(office, _one_hazard_bundle(wrong.ledger, tmp_path / "b.swbundle"), "enrol")
