"""The office taking a station's record over, and its closed months reaching the station (issue 15): through real
bundles on real files, each side verified."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.hazard_loop import HazardAction as A
from safetywatch.domain.record_labels import transfer_reason
from safetywatch.exchange import bundles, held, transfers
from safetywatch.reports import generate
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.maintenance import integrity
from tests.exchange.stations_setup import (
    Station,
    add_workstation,
    close_month,
    enrol_station,
    station_records_equal,
    verify_ok,
)
from tests.helpers import Refs, card, refs
from tests.test_cli import run_cli

DAY = dt.date(2026, 6, 10)


@pytest.fixture
def station(office: Ledger, tmp_path: Path) -> Station:
    return enrol_station(office, tmp_path, "ST01", ["JK01"])


def _office_refs(office: Ledger) -> Refs:
    """Refs for a record the office enters itself: on a workstation of its own (JK01 is ST01's, which numbers
    its records)."""
    add_workstation(office, "JK09")
    with office.read() as conn:
        jk09 = next(c.id for c in reference.choices(conn, "workstation") if c.code == "JK09")
    return dataclasses.replace(refs(office), workstation=jk09)


def _to_office(office: Ledger, st: Ledger, folder: Path) -> bundles.ImportReport:
    return bundles.read_station_bundle(office, bundles.write_station_bundle(st, folder))


def _to_station(office: Ledger, st: Ledger, folder: Path) -> dict[str, object]:
    return bundles.read_reply(st, bundles.write_reply(office, "ST01", folder))


def _transfers(ledger: Ledger) -> list[tuple[object, ...]]:
    with ledger.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT t.entity, t.entity_uuid, s.code, t.reason, t.voided FROM record_transfer t "
            "JOIN exchange_station s ON s.id = t.station_id ORDER BY t.id"
        )
        return [tuple(r) for r in rows]


def _description(ledger: Ledger, number: str) -> str:
    with ledger.read() as conn:
        return str(conn.exec_driver_sql("SELECT description FROM hazard WHERE number = ?", (number,)).scalar_one())


def _office_id(office: Ledger, number: str) -> int:
    with office.read() as conn:
        found = hazards.by_number(conn, number)
    assert found is not None
    return found


def test_a_record_taken_over_at_the_office_is_read_only_at_the_station(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    st = station.ledger
    r = refs(st)
    hazard = hazards.register(st, card(r, description="原描述"))
    number = str(hazard["number"])
    _to_office(office, st, tmp_path)
    transfer = transfers.take_over(office, None, number, "挂牌督办")
    assert (transfer["entity"], transfer["entity_uuid"]) == ("hazard", hazard["uuid"])
    _to_station(office, st, tmp_path)
    # the station holds the same transfer, pointing at its own station row (the office's ids mean nothing there)
    assert _transfers(st) == _transfers(office) == [("hazard", hazard["uuid"], "ST01", "挂牌督办", 0)]
    with pytest.raises(ValidationError, match=r"took this record over .*挂牌督办"):
        hazards.amend(st, int(hazard["id"]), card(r, description="井口站改的描述"), "补充细节")
    with pytest.raises(ValidationError, match="took this record over"):
        hazards.act(st, int(hazard["id"]), StepInput(A.ISSUE_NOTICE, DAY, person="王队长"))
    assert _description(st, number) == "原描述"
    # the office goes on with the loop; its steps still reach the station's read-only copy
    hazards.act(office, _office_id(office, number), StepInput(A.ISSUE_NOTICE, DAY, person="安全科王科长"))
    _to_station(office, st, tmp_path)
    report = _to_office(office, st, tmp_path)
    assert report.applied.held == []
    station_records_equal(office, st)
    verify_ok(office)
    verify_ok(st)


def test_a_take_over_says_what_is_wrong(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    hazard = hazards.register(st, card(refs(st)))
    number = str(hazard["number"])
    _to_office(office, st, tmp_path)
    with pytest.raises(ValidationError):
        transfers.take_over(office, None, number, "")  # a reason is required
    with pytest.raises(ValidationError, match="No station record"):
        transfers.take_over(office, None, "JK01-2026-99999", "挂牌督办")
    own = hazards.register(office, card(_office_refs(office), description="安全科自己登记的"))
    with pytest.raises(ValidationError, match="entered at the office"):
        transfers.take_over(office, "hazard", str(own["number"]), "挂牌督办")
    transfers.take_over(office, "hazard", str(hazard["uuid"]), "挂牌督办")  # by its uuid
    with pytest.raises(ValidationError, match=r"took .* over already"):
        transfers.take_over(office, None, number, "再接管一次")
    with pytest.raises(ValidationError, match="not the office"):
        transfers.take_over(st, None, number, "挂牌督办")
    assert len(_transfers(office)) == 1


def test_a_step_at_the_office_takes_the_record_over(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    hazard = hazards.register(st, card(refs(st)))
    number = str(hazard["number"])
    _to_office(office, st, tmp_path)
    assert _transfers(office) == []
    hazards.act(office, _office_id(office, number), StepInput(A.ISSUE_NOTICE, DAY, person="安全科王科长"))
    [(entity, uuid, code, reason, voided)] = _transfers(office)
    assert (entity, uuid, code, voided) == ("hazard", hazard["uuid"], "ST01", 0)
    assert reason == "office-step:issue_notice"  # no language: the station reads it in its own
    assert transfer_reason(reason) == "taken over by the office for Issue notice"  # the step by its label
    hazards.act(office, _office_id(office, number), StepInput(A.START_RECTIFICATION, DAY, person="李工"))
    assert len(_transfers(office)) == 1  # once
    own = hazards.register(office, card(_office_refs(office)))
    hazards.act(office, int(own["id"]), StepInput(A.ISSUE_NOTICE, DAY, person="安全科王科长"))
    assert len(_transfers(office)) == 1  # the office's own record is no station's
    verify_ok(office)


@pytest.mark.parametrize("take", [held.KEEP_OFFICE, held.TAKE_STATION])
def test_a_station_change_made_before_the_reply_is_held_as_transferred(
    office: Ledger, station: Station, tmp_path: Path, take: str
) -> None:
    st = station.ledger
    r = refs(st)
    hazard = hazards.register(st, card(r, description="原描述"))
    number = str(hazard["number"])
    _to_office(office, st, tmp_path)
    transfers.take_over(office, None, number, "挂牌督办")
    hazards.amend(office, _office_id(office, number), card(refs(office), description="安全科改的描述"), "核实")
    # the station amends its copy before it reads the office's reply
    hazards.amend(st, int(hazard["id"]), card(r, description="井口站改的描述"), "补充细节")
    report = _to_office(office, st, tmp_path)
    assert len(report.applied.held) == 1 and "took this record over" in report.applied.held[0]
    with office.read() as conn:
        [row] = bundles.held_changes(conn)
    assert (row["cause"], row["entity"]) == ("transferred", "hazard")
    assert _description(office, number) == "安全科改的描述"  # nothing silently overwritten
    held.resolve(office, int(row["id"]), take, "以核实结果为准")
    assert len(_transfers(office)) == 1  # a resolution decides; it takes nothing over again
    _to_station(office, st, tmp_path)
    _to_office(office, st, tmp_path)
    expected = "安全科改的描述" if take == held.KEEP_OFFICE else "井口站改的描述"
    assert _description(office, number) == _description(st, number) == expected
    station_records_equal(office, st)
    verify_ok(office)
    verify_ok(st)


def test_the_take_over_command(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    hazard = hazards.register(st, card(refs(st)))
    _to_office(office, st, tmp_path)
    path = office.target  # the file, or the server's address
    office.close()
    number = str(hazard["number"])
    result = run_cli("station", "take-over", "--db", str(path), "--record", number, "--reason", "挂牌督办")
    assert result.returncode == 0, result.stderr
    assert "taken over by the office" in result.stdout
    again = run_cli("station", "take-over", "--db", str(path), "--record", number, "--reason", "再来")
    assert again.returncode == 1 and "over already" in again.stderr


# --- closed months ---------------------------------------------------------------------------------------------


def test_a_month_closed_at_the_office_is_closed_at_the_station(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    st = station.ledger
    r = refs(st)
    may = hazards.register(st, card(r, found_date=dt.date(2026, 5, 20), description="五月的隐患"))
    _to_office(office, st, tmp_path)
    close_month(office, "2026-05")
    _to_station(office, st, tmp_path)
    with pytest.raises(ValidationError, match="safety office closed 2026-05"):
        hazards.register(st, card(r, found_date=dt.date(2026, 5, 28), description="五月漏报的隐患"))
    with pytest.raises(ValidationError, match="safety office closed 2026-05"):
        hazards.amend(st, int(may["id"]), card(r, found_date=dt.date(2026, 5, 20), description="改"), "补充")
    hazards.register(st, card(r, found_date=dt.date(2026, 6, 2), description="六月的隐患"))  # open months go on
    # the close's anchor is the office's chain head: the station's verify does not hold it against its own chain
    with st.read() as conn:
        report = integrity.verify(conn)
    assert report.ok, [p.message for p in report.problems]
    verify_ok(office)
    # its report, printed at the station, is the office's report as closed there, byte for byte
    printed = []
    for ledger in (office, st):
        with ledger.read() as conn:
            printed.append(generate.monthly_report(conn, "2026-05").data)
    assert printed[0] == printed[1]
    _to_office(office, st, tmp_path)
    station_records_equal(office, st)


def test_a_month_reopened_at_the_office_opens_at_the_station(office: Ledger, station: Station, tmp_path: Path) -> None:
    from safetywatch.db import models as m

    st = station.ledger
    close_month(office, "2026-05")
    _to_station(office, st, tmp_path)
    with office.read() as conn:
        close_id = int(conn.exec_driver_sql("SELECT id FROM month_close WHERE month = '2026-05'").scalar_one())
    with office.write() as w:
        w.void(m.MONTH_CLOSE, close_id, "补录五月漏报的记录")
    _to_station(office, st, tmp_path)
    hazards.register(st, card(refs(st), found_date=dt.date(2026, 5, 28), description="五月漏报的隐患"))
    verify_ok(st)


def test_a_station_enrolled_after_a_close_knows_it(office: Ledger, tmp_path: Path) -> None:
    close_month(office, "2026-05")
    late = enrol_station(office, tmp_path, "ST01", ["JK01"])
    with pytest.raises(ValidationError, match="safety office closed 2026-05"):
        hazards.register(late.ledger, card(refs(late.ledger), found_date=dt.date(2026, 5, 28)))
    verify_ok(late.ledger)
