"""Cheap signs that records were added behind the program's back (``verify``'s problems of kind
"plausibility").

Events appended with the sqlite3 shell after the newest outside anchor chain correctly and replay into
their rows: the chain cannot tell them from the program's own. What such an append usually leaves behind,
each found in one pass over an index:

* **time going backwards** along the chain by more than :data:`CLOCK_TOLERANCE` (an event written later
  with an earlier time). Small steps back are normal: several PCs' clocks differ by minutes, a clock or
  time zone set wrong is corrected, checklist item 13 sets it back two days. Before the first dated record
  (a new PC being set up; the demo, which writes its simulated past after the seeded defaults) any step
  is allowed;
* **a record dated in a closed month whose create event comes after the close's**: the program refuses
  those (a correction goes to an open month), so one that exists was added outside it. Compared by
  sequence number, which a back-dated time does not change;
* **a gap in a workstation's serial numbers** below a number the program gave: it numbers ``max + 1``,
  so every serial below one it gave existed then, and records are never deleted. Numbers kept from an
  imported register (their create event names the file) may have gaps of their own and are not evidence.

A PC whose clock was set back by more than the tolerance is reported too; the message says so, and the
auditor checks the PC's clock history.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection

from safetywatch.db.models import DATED_COLUMNS
from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.i18n import tr
from safetywatch.domain.periods import month_period, statistic_month
from safetywatch.services.core import sql
from safetywatch.services.core.audit import Problem
from safetywatch.services.core.event_format import companions
from safetywatch.services.core.numbering import HAZARD_NUMBERS, VIOLATION_NUMBERS, Numbering
from safetywatch.services.reporting import month_close, tallies

#: The largest step back in time along the chain that is not reported: a week, well above a clock or time
#: zone corrected on a PC and the two days of checklist item 13.
CLOCK_TOLERANCE = dt.timedelta(days=7)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def check(conn: Connection, max_problems: int = 20) -> list[Problem]:
    problems: list[Problem] = []
    for finder in (time_going_back, records_added_to_closed_months, serial_gaps):
        for problem in finder(conn):
            if len(problems) >= max_problems:
                return problems
            problems.append(problem)
    return problems


# --- time ---------------------------------------------------------------------------------------------------


def _instant(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None


def time_going_back(conn: Connection) -> Iterator[Problem]:
    """Events dated more than :data:`CLOCK_TOLERANCE` before the event before them."""
    dated = set(DATED_COLUMNS)
    records_seen = False
    previous: tuple[int, str] | None = None
    for seq, stored_at, entity in sql.handle(conn).execute("SELECT seq, at_utc, entity FROM audit_event ORDER BY seq"):
        at_utc = str(stored_at)  # whatever was stored: a value of another type is named, not a crash
        if records_seen and previous is not None and at_utc < previous[1]:
            earlier, later = _instant(at_utc), _instant(previous[1])
            if earlier is None or later is None:
                yield Problem(
                    "plausibility",
                    tr("Audit event #{seq} or the one before it has no valid time ({at}).").format(seq=seq, at=at_utc),
                )
            elif later - earlier > CLOCK_TOLERANCE:
                yield Problem(
                    "plausibility",
                    tr(
                        "Audit event #{seq} is dated {at}, {days} days before event #{previous} ({previous_at}): "
                        "it was probably added later with a back-dated time, unless the PC's clock was set back "
                        "by that much then."
                    ).format(
                        seq=seq,
                        at=at_utc,
                        days=f"{(later - earlier) / dt.timedelta(days=1):.1f}",
                        previous=previous[0],
                        previous_at=previous[1],
                    ),
                )
        previous = (seq, at_utc)
        records_seen = records_seen or entity in dated


# --- closed months ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Close:
    month: str
    seq: int  # the close's create event
    first: str  # the dates of the records it froze: as closed, and as the Writer counts them today
    last: str


def _closes(conn: Connection) -> dict[str, _Close]:
    rows = sql.all_dicts(
        conn,
        "SELECT mc.*, (SELECT min(e.seq) FROM audit_event e WHERE e.entity = 'month_close' AND e.entity_id = mc.id)"
        " AS close_seq FROM month_close mc WHERE mc.voided = 0",
    )
    cutoff = tallies.cutoff_day(conn)
    closes = {}
    for row in rows:
        if row["close_seq"] is None:  # a close without its event: verify's record check names it
            continue
        try:
            today = month_period(str(row["month"]), cutoff)
        except SafetyWatchError:  # not a month: the close's row differs from its event, which verify names
            continue
        try:  # the cut-off day may have changed since: only the dates both rules put in the month count
            closed = month_close.stored_report(row).period.month
        except (SafetyWatchError, ValueError, TypeError):  # unreadable: the anchors' check says so
            closed = today
        first, last = max(today.start, closed.start), min(today.end, closed.end)
        closes[row["month"]] = _Close(row["month"], int(row["close_seq"]), first.isoformat(), last.isoformat())
    return closes


def records_added_to_closed_months(conn: Connection) -> Iterator[Problem]:
    """Records dated in a closed month whose create event comes after the close's (one pass over the events
    since the first close, and a look-up of each new dated record's date)."""
    closes = _closes(conn)
    if not closes:
        return
    cutoff = tallies.cutoff_day(conn)
    since = min(close.seq for close in closes.values())
    created: dict[str, dict[int, int]] = {}  # table -> record id -> seq of its create event
    # creations: create events, and the child rows a format-2 step event records (a hazard's follow-up entry);
    # not a station's record the office applied from a bundle (it has an origin): a station's late evidence is
    # taken in on purpose and listed for correction (issue 15)
    events = sql.handle(conn).execute(
        "SELECT seq, entity, entity_id, CASE WHEN action = 'create' THEN NULL ELSE after END FROM audit_event "
        "WHERE seq > ? AND (action = 'create' OR (format = 2 AND instr(after, '\"+') > 0)) AND origin IS NULL "
        "ORDER BY seq",
        (since,),
    )
    for seq, entity, entity_id, step in events:
        if step is None and entity in DATED_COLUMNS and isinstance(entity_id, int):
            created.setdefault(entity, {}).setdefault(entity_id, int(seq))
        for child, child_id in _children_made(step):
            created.setdefault(child, {}).setdefault(child_id, int(seq))
    for table, ids in created.items():
        column = DATED_COLUMNS[table]
        number = "number" if table in ("hazard", "violation") else "NULL"
        rows = sql.handle(conn).execute(
            f"SELECT id, {column}, {number} FROM {table} WHERE id >= ? ORDER BY id", (min(ids),)
        )
        for record_id, day, record_number in rows:
            seq = ids.get(record_id)
            if seq is None or not isinstance(day, str) or not _DATE.fullmatch(day):
                continue
            close = closes.get(statistic_month(day, cutoff))
            if close is None or seq <= close.seq or not close.first <= day <= close.last:
                continue
            label = f"{table} #{record_id}" + (f" ({record_number})" if record_number else "")
            yield Problem(
                "plausibility",
                tr(
                    "{label} is dated {date}, in {month}, which was closed at audit event #{close}, but it was "
                    "created after that (event #{seq}). SafetyWatch refuses new records in a closed month (a "
                    "correction goes to an open month): it was added outside SafetyWatch."
                ).format(label=label, date=day, month=close.month, close=close.seq, seq=seq),
            )


def _children_made(after: str | None) -> Iterator[tuple[str, int]]:
    """(table, id) of each child row a format-2 event records (``event_format.COMPANIONS``)."""
    if after is None:
        return
    try:
        recorded = companions(2, json.loads(after))
    except ValueError:  # unreadable content: the chain check names the event
        return
    for child, snapshot in recorded:
        if child in DATED_COLUMNS and isinstance(snapshot.get("id"), int):
            yield child, snapshot["id"]


# --- serial numbers -----------------------------------------------------------------------------------------


def serial_gaps(conn: Connection) -> Iterator[Problem]:
    for numbering in (HAZARD_NUMBERS, VIOLATION_NUMBERS):
        yield from _gaps(conn, numbering)


def _gaps(conn: Connection, numbering: Numbering) -> Iterator[Problem]:
    table = numbering.table
    groups = (
        sql.handle(conn)
        .execute(
            f"SELECT workstation_id, year FROM {table} GROUP BY workstation_id, year HAVING count(*) < max(serial)"
        )
        .fetchall()
    )
    for workstation_id, year in groups:
        # numbered by the program: the create event gives no reason (an import names its file there)
        rows = sql.handle(conn).execute(
            f"SELECT t.serial, t.number, (SELECT e.reason IS NULL FROM audit_event e WHERE e.entity = ? "
            f"AND e.entity_id = t.id ORDER BY e.seq LIMIT 1) FROM {table} t "
            f"WHERE t.workstation_id = ? AND t.year = ? ORDER BY t.serial",
            (table, workstation_id, year),
        )
        # at a station, the serials up to its floor were given at the office (or by the PC it replaces)
        code = str(sql.scalar(conn, "SELECT code FROM workstation WHERE id = ?", (workstation_id,)))
        expected = numbering.floor(conn, code, int(year)) + 1
        for serial, number, by_program in rows:
            if not isinstance(serial, int):  # not a number the program gave
                continue
            if serial > expected and by_program == 1:
                prefix = str(number).rsplit("-", 1)[0] + "-"
                missing = f"{prefix}{expected:05d}"
                if serial - 1 > expected:
                    missing += f" … {prefix}{serial - 1:05d}"
                yield Problem(
                    "plausibility",
                    tr(
                        "Numbers {missing} are missing below {number}, which SafetyWatch gave after them (it numbers "
                        "on from the highest): those records were removed outside SafetyWatch."
                    ).format(missing=missing, number=number),
                )
            expected = max(expected, serial + 1)
