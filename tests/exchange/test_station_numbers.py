"""Numbers continue from what the office holds (issue 15): a station's enrolment carries the highest serial the
office holds per kind, workstation and year, and a replacement PC for a retired station numbers on from there.
At the office, a new record of a workstation a station serves is refused: that station numbers them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.exchange import bundle_file, bundles, stations
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity
from tests.exchange.stations_setup import enrol_station, station_records_equal, verify_ok
from tests.helpers import card, refs
from tests.test_cli import run_cli


def _numbers(ledger: Ledger) -> list[str]:
    with ledger.read() as conn:
        return [str(r[0]) for r in conn.exec_driver_sql("SELECT number FROM hazard ORDER BY number")]


def test_a_replacement_pc_numbers_on_from_the_serials_the_office_holds(office: Ledger, tmp_path: Path) -> None:
    first = enrol_station(office, tmp_path, "ST01", ["JK01"])
    for _ in range(3):
        hazards.register(first.ledger, card(refs(first.ledger)))
    bundles.read_station_bundle(office, bundles.write_station_bundle(first.ledger, tmp_path))
    assert _numbers(office) == [f"JK01-2026-0000{n}" for n in (1, 2, 3)]
    first.ledger.close()  # the PC dies

    # while ST01 serves JK01 its code is taken: a second station for JK01 is refused until ST01 is retired
    with pytest.raises(ValidationError, match="already served"):
        stations.add_station(office, "ST01B", "一号井口群监站（新电脑）", ["JK01"])
    stations.retire_station(office, "ST01", "井口电脑硬盘损坏，无可用备份")
    with pytest.raises(ValidationError, match="registered already"):
        stations.add_station(office, "ST01", "一号井口群监站", ["JK01"])  # a retired code stays taken
    replacement = enrol_station(office, tmp_path, "ST01B", ["JK01"])
    manifest = bundle_file.read_bundle(tmp_path / f"enrol-ST01B{bundle_file.SUFFIX}").manifest
    assert manifest["number_floors"] == {"hazard": {"JK01": {"2026": 3}}}

    st = replacement.ledger
    assert hazards.register(st, card(refs(st)))["number"] == "JK01-2026-00004"
    verify_ok(st)  # the serials below the floor are not "missing": the office gave them
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert report.applied.held == [] and report.applied.applied >= 1
    assert _numbers(office) == [f"JK01-2026-0000{n}" for n in (1, 2, 3, 4)]
    station_records_equal(office, st)
    verify_ok(office)  # the retired station's chain is still checked: an edit to it would be named
    with office.read() as conn:
        kept = conn.exec_driver_sql(
            "SELECT count(*) FROM station_event s JOIN exchange_station x ON x.id = s.station_id WHERE x.code = 'ST01'"
        ).scalar_one()
    assert kept > 0  # the retired station's events stay as evidence


def test_floors_are_an_audited_setting_and_a_missing_one_numbers_from_the_table(office: Ledger, tmp_path: Path) -> None:
    hazards.register(office, card(refs(office)))  # numbered at the office before the station existed
    st = enrol_station(office, tmp_path, "ST01", ["JK01"]).ledger
    with st.read() as conn:
        stored = conn.exec_driver_sql("SELECT value FROM app_setting WHERE key = 'number_floors'").scalar_one()
        audited = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_event WHERE entity = 'app_setting' AND after LIKE '%number_floors%'"
        ).scalar_one()
    assert json.loads(stored) == {"hazard": {"JK01": {"2026": 1}}} and audited == 1
    assert hazards.register(st, card(refs(st)))["number"] == "JK01-2026-00002"
    bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert _numbers(office) == ["JK01-2026-00001", "JK01-2026-00002"]
    verify_ok(office)


def test_the_office_refuses_a_new_record_of_a_workstation_a_station_serves(office: Ledger, tmp_path: Path) -> None:
    enrol_station(office, tmp_path, "ST01", ["JK01"])
    with pytest.raises(ValidationError, match="station serves this workstation"):
        hazards.register(office, card(refs(office)))
    assert _numbers(office) == []
    stations.retire_station(office, "ST01", "井口撤销")
    assert hazards.register(office, card(refs(office)))["number"] == "JK01-2026-00001"  # nobody else numbers it
    with office.read() as conn:
        assert integrity.verify(conn).ok


def test_retire_needs_the_office_and_a_registered_station(office: Ledger, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="No station ST09"):
        stations.retire_station(office, "ST09", "井口撤销")
    st = enrol_station(office, tmp_path, "ST01", ["JK01"]).ledger
    with pytest.raises(ValidationError, match="not the office"):
        stations.retire_station(st, "ST01", "井口撤销")
    with pytest.raises(ValidationError):
        stations.retire_station(office, "ST01", "")  # a reason is required


def test_the_retire_command(office: Ledger, tmp_path: Path) -> None:
    enrol_station(office, tmp_path, "ST01", ["JK01"]).ledger.close()
    office.close()
    db = str(office.target)  # a file, or the server address
    missing = run_cli("station", "retire", "--db", db, "--code", "ST01")
    assert missing.returncode == 2  # --reason is required
    retired = run_cli("station", "retire", "--db", db, "--code", "ST01", "--reason", "井口电脑硬盘损坏")
    assert retired.returncode == 0, retired.stderr
    assert "JK01 are free" in retired.stdout
    added = run_cli(
        "station", "add", "--db", db, "--code", "ST01B", "--name", "一号井口（新电脑）", "--workstations", "JK01",
        "--out", str(tmp_path / "enrol-ST01B"),
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    again = run_cli("station", "retire", "--db", db, "--code", "ST01", "--reason", "再次")
    assert again.returncode == 1 and "No station ST01" in again.stderr
