"""verify's check of the duty projection: SQL proves that ``duty`` and ``duty_month`` hold; only when it cannot
do the sheets get parsed in Python to name each difference. The SQL must never wave through what the Python
check finds, and must accept every projection the program writes (or verify would be as slow as before)."""

from __future__ import annotations

import datetime as dt

import pytest

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty
from safetywatch.services.kinds.duty import Mark, SheetInput
from tests.helpers import raw_sqlite, refs

DAY = dt.date(2026, 6, 9)


def _sheets(ledger: Ledger) -> None:
    r = refs(ledger)
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    marks = (
        Mark(q1, time_in="07:30", time_out="15:10", place='3号"联络巷"\\东', reported=True, summary="顶板离层\n😀 'x'",
             hazards=2, violations=1, suggestions=1),
        Mark(q2, status="leave"),
    )  # fmt: skip
    duty.save_sheet(ledger, SheetInput(r.workstation, DAY, r.shifts["1"], marks))
    duty.save_sheet(ledger, SheetInput(r.workstation, DAY, r.shifts["2"], (Mark(q1, reported=True, no_problem=True),)))
    earlier = DAY - dt.timedelta(days=31)
    duty.save_sheet(ledger, SheetInput(r.workstation, earlier, r.shifts["1"], (Mark(q2, "absent"),)))


def _checked(ledger: Ledger) -> tuple[bool, list[str], list[str]]:
    with ledger.read() as conn:
        return duty._projection_holds(conn), duty.check_projection(conn), duty._projection_differences(conn, 20)


def test_every_projection_the_program_writes_is_proven_in_sql(ledger: Ledger) -> None:
    _sheets(ledger)
    assert _checked(ledger) == (True, [], [])


SHEET_1 = "(SELECT min(id) FROM duty_sheet)"


@pytest.mark.parametrize(
    "tamper, differs",
    [
        ("UPDATE duty SET on_duty = 0, status = 'absent' WHERE status = 'on'", True),
        ("UPDATE duty SET status = 'training' WHERE status = 'leave'", True),  # exempt no longer matches
        ("UPDATE duty SET summary = summary || ' ' WHERE summary IS NOT NULL", True),
        ("UPDATE duty SET n_hazards = 3 WHERE n_hazards = 2", True),
        ("UPDATE duty SET shift_date = '2026-06-08' WHERE shift_date = '2026-06-09'", True),
        ("UPDATE duty SET workstation_id = workstation_id + 1", True),
        ("DELETE FROM duty WHERE status = 'leave'", True),
        ("DELETE FROM duty_month WHERE month = '2026-05'", True),
        ("UPDATE duty_month SET substantive_reports = substantive_reports + 1", True),
        (f"UPDATE duty_sheet SET voided = 1 WHERE id = {SHEET_1}", True),  # its duty rows stay behind
        # a mark listed twice, once as the duty table has it
        (f"UPDATE duty_sheet SET marks = json_insert(marks, '$[#]', json(marks -> 0)) WHERE id = {SHEET_1}", True),
        # reported = 2 in both the marks and the duty row: the marks mean reported = 1
        (
            "UPDATE duty_sheet SET marks = replace(marks, '\"reported\":1', '\"reported\":2'); "
            "UPDATE duty SET reported = 2 WHERE reported = 1",
            True,
        ),
        # an explicit null where the default is left out: Python reads hazards = None, the duty row has 0
        (f"UPDATE duty_sheet SET marks = json_set(marks, '$[1].hazards', json('null')) WHERE id = {SHEET_1}", True),
        # the same marks written differently: Python finds nothing; SQL cannot prove it and leaves it to Python
        (f"UPDATE duty_sheet SET marks = replace(marks, ',', ', ') WHERE id = {SHEET_1}", False),
        # a rollup row of zeros that no sheet stands for is no difference
        ("INSERT INTO duty_month SELECT '2020-01', inspector_id, 0, 0, 0, 0, 0 FROM duty LIMIT 1", False),
    ],
)
def test_sql_never_waves_through_what_the_sheets_contradict(ledger: Ledger, tamper: str, differs: bool) -> None:
    _sheets(ledger)
    with raw_sqlite(ledger.path) as conn:
        conn.executescript(tamper)
    holds, problems, described = _checked(ledger)
    assert problems == described  # the messages are the Python check's, as before
    assert bool(described) is differs
    if described:
        assert not holds
