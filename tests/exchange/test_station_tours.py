"""A tour with its representatives and a problem solved afterwards, entered at a station, reaches the office
intact and audited, and counts the same there (issue 16 §3 over the issue 15 exchange)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from safetywatch.domain import representatives as people
from safetywatch.exchange import bundles
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import tours
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from tests.exchange.stations_setup import enrol_station, station_records_equal, verify_ok


def test_a_tour_with_its_representatives_reaches_the_office_intact(office: Ledger, tmp_path: Path) -> None:
    st = enrol_station(office, tmp_path, "ST01", ["JK01"]).ledger
    tour = tours.record_tour(
        st,
        TourInput(dt.date(2026, 6, 2), "矿工会", "一采区", None, "", "张三 10234\n赵六\nQ001"),
        [
            ProblemInput("风门不严", None, "safety", "later", dt.date(2026, 6, 5)),
            ProblemInput("浴室水温", None, "labour"),
        ],
    )
    first = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert first.applied.held == []
    with st.read() as conn:
        promised = tours.problems(conn, tour["id"])[0]["id"]
    tours.mark_solved(st, promised, dt.date(2026, 6, 8), "通风队")  # a later step travels in the next bundle
    second = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert second.new_events > 0 and second.applied.held == []

    station_records_equal(office, st)
    verify_ok(office)
    with office.read() as conn:
        (at_office,) = [t for t in tours.listing(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 30))]
        problems = tours.problems(conn, int(at_office["id"]))
        figures = tours.tour_stats(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 10))
        solve = conn.exec_driver_sql(
            "SELECT origin FROM audit_event WHERE entity = 'tour_problem' AND action = 'solve'"
        ).scalar_one()
    assert [p.typed for p in people.from_json(at_office["representatives"])] == ["张三 10234", "赵六", "李四 Q001"]
    assert (at_office["reps"], at_office["uuid"]) == (3, tour["uuid"])
    assert [(p["solved_on"], p["solved_by"]) for p in problems] == [("2026-06-08", "通风队"), (None, None)]
    assert solve.startswith("station ST01 #")
    with st.read() as conn:
        assert figures == tours.tour_stats(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 10))
    assert (figures["representatives"], figures["solved_afterwards"], figures["open"]) == (3, 1, 1)
