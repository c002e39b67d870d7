"""Reference rows remembered for one write transaction (``Writer.lookups``): read once, and read afresh as
soon as the same transaction writes that row (or a table the read joins), so a check never passes on a row
that has changed."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import duty, hazards, reference
from safetywatch.services.kinds.duty import Mark, SheetInput
from tests.helpers import card, refs

pytestmark = pytest.mark.pg

DAY = dt.date(2026, 6, 9)


class _RecordingHandle(sql.ServerHandle):
    """psycopg has no statement trace: the writer's own handles, noting each statement before running it."""

    __slots__ = ("seen",)

    def __init__(self, raw: Any, seen: list[str]) -> None:
        super().__init__(raw)
        self.seen = seen

    def execute(self, statement: str, params: sql.Params = ()) -> sql.Cursor:
        self.seen.append(_expanded(statement, params))
        return super().execute(statement, params)

    def executemany(self, statement: str, rows: Iterable[sql.Params]) -> sql.Cursor:
        self.seen.append(statement)
        return super().executemany(statement, rows)


def _expanded(statement: str, params: sql.Params) -> str:
    """*statement* with its ``?`` parameters written in, as sqlite3's trace shows it."""
    if isinstance(params, dict) or "?" not in statement:
        return statement
    parts = statement.split("?")
    return "".join(part + (repr(params[i]) if i < len(params) else "") for i, part in enumerate(parts))


@contextmanager
def _statements(w: Writer) -> Iterator[list[str]]:
    """The SQL statements run on the writer's connection meanwhile: every statement SQLite runs on it; on
    PostgreSQL those through the writer's handles (``Writer.db`` and its lookups), where its reads go."""
    seen: list[str] = []
    handle = sql.handle(w.conn)
    if isinstance(handle, sqlite3.Connection):
        handle.set_trace_callback(seen.append)
        try:
            yield seen
        finally:
            handle.set_trace_callback(None)
        return
    db, lookups = w.db, w.lookups.conn
    w.db = w.lookups.conn = _RecordingHandle(handle.raw, seen)
    try:
        yield seen
    finally:
        w.db, w.lookups.conn = db, lookups


def test_a_transaction_reads_each_reference_row_once(ledger: Ledger) -> None:
    r = refs(ledger)
    with ledger.write() as w:
        hazards.register_in(w, card(r))
        with _statements(w) as seen:
            hazards.register_in(w, card(r, location="1202工作面"))
    reads = [s for s in seen if " FROM lookup_item " in s or " FROM hazard_level " in s or " FROM shift " in s]
    assert reads == [], reads


def test_a_row_retired_in_the_same_transaction_is_refused_afterwards(ledger: Ledger) -> None:
    r = refs(ledger)
    with ledger.write() as w:
        hazards.register_in(w, card(r))  # the level and the shift are remembered now
        reference.void_in(w, "shift", r.shifts["1"], "班次调整，停用一班")
        with pytest.raises(ValidationError) as info:
            hazards.register_in(w, card(r, location="1202工作面"))
    assert "shift_id" in {e.field for e in info.value.errors}


def test_an_inspector_who_left_in_the_same_transaction_is_off_the_next_sheet(ledger: Ledger) -> None:
    r = refs(ledger)
    q1 = r.inspectors["Q001"]
    with ledger.write() as w:
        duty.save_sheet_in(w, SheetInput(r.workstation, DAY, r.shifts["1"], (Mark(q1, reported=True),)))
        row = w.load(reference.KINDS["inspector"].table, q1)
        values = {
            k: "" if row[k] is None else str(row[k]) for k in (f.name for f in reference.KINDS["inspector"].fields)
        }
        reference.save_in(w, "inspector", {**values, "left_on": DAY.isoformat()}, row_id=q1, reason="调离")
        with pytest.raises(ValidationError) as info:
            duty.save_sheet_in(w, SheetInput(r.workstation, DAY + dt.timedelta(days=1), r.shifts["1"], (Mark(q1),)))
    assert any("not on the roll" in e.message for e in info.value.errors), info.value.errors


def test_writing_one_inspector_keeps_the_other_inspectors_remembered(ledger: Ledger) -> None:
    """Issue 14 §4: reads are forgotten per row written, not per table (the demo's turnover wrote
    ``inspector`` ~46 times a mine-year, and every sheet then read its inspectors again)."""
    r = refs(ledger)
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    with ledger.write() as w:
        duty.save_sheet_in(w, SheetInput(r.workstation, DAY, r.shifts["1"], (Mark(q1), Mark(q2))))
        row = w.load(reference.KINDS["inspector"].table, q2)
        values = {
            k: "" if row[k] is None else str(row[k]) for k in (f.name for f in reference.KINDS["inspector"].fields)
        }
        reference.save_in(w, "inspector", {**values, "phone": "13800000002"}, row_id=q2, reason="换了手机号")
        with _statements(w) as seen:
            duty.save_sheet_in(w, SheetInput(r.workstation, DAY, r.shifts["2"], (Mark(q1), Mark(q2))))
    reads = [s for s in seen if "FROM inspector i" in s]
    assert len(reads) == 1 and f"i.id = {q2}" in reads[0], reads


def test_a_unit_renamed_in_the_same_transaction_is_read_afresh_with_its_inspectors(ledger: Ledger) -> None:
    """A read that joins another table (the sheet's inspector with their unit) depends on any of its rows."""
    r = refs(ledger)
    q1 = r.inspectors["Q001"]
    with ledger.write() as w:
        duty.save_sheet_in(w, SheetInput(r.workstation, DAY, r.shifts["1"], (Mark(q1),)))
        row = w.load(reference.KINDS["org_unit"].table, r.unit1)
        values = {
            k: "" if row[k] is None else str(row[k]) for k in (f.name for f in reference.KINDS["org_unit"].fields)
        }
        reference.save_in(w, "org_unit", {**values, "name": "综采一队（改）"}, row_id=r.unit1, reason="队名调整")
        with _statements(w) as seen:
            duty.save_sheet_in(w, SheetInput(r.workstation, DAY, r.shifts["2"], (Mark(q1),)))
    assert [s for s in seen if "FROM inspector i" in s], seen


def test_outside_a_transaction_every_check_asks_the_database(ledger: Ledger) -> None:
    r = refs(ledger)
    with ledger.read() as conn:
        hazards.validate_input(conn, card(r), dt.date(2026, 6, 10))
    with ledger.write() as w:
        reference.void_in(w, "hazard_level", r.levels["C"], "标准修订，停用C级")
    with ledger.read() as conn, pytest.raises(ValidationError):
        hazards.validate_input(conn, card(r), dt.date(2026, 6, 10))
