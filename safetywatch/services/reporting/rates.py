"""上岗率 and 汇报率 by both definitions of domain.md §1.5, with numerators and denominators.

*Required shifts* of an inspector in a month = the monthly norm (``rate_norm`` valid on the month's first
day) pro-rated for the days on the roll, minus the exempt shifts (leave, injury, training). Report and
suggestion norms are pro-rated by the same share. Rounding is half up, so 21 × 15/30 = 10.5 → 11.

- Shift-weighted 上岗率 = Σ min(on-duty shifts, required) / Σ required (capped per inspector, so extra
  shifts of one inspector do not hide another's absence and the rate stays ≤ 100 %).
- Shift-weighted 汇报率 = on-duty shifts with a report / on-duty shifts.
- Head-count 上岗率 = inspector-months meeting the duty norm / inspector-months on the roll; 汇报率 the same
  with the substantive-report norm (reports other than "本班无问题").

A period that is not whole months is cut into month segments; whole months come from the ``duty_month``
rollup, partial ones from the ``duty`` rows, so a year for 2,000 inspectors reads ~24 k rollup rows.
An inspector is counted under their current unit and workstation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Connection

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.periods import month_bounds
from safetywatch.services.core import sql
from safetywatch.services.reporting import portable

GROUPINGS = ("inspector", "unit", "workstation", "mine")


@dataclass(frozen=True)
class Norm:
    duty_shifts: int
    reports: int
    suggestions: int


class InspectorMonth(NamedTuple):
    """One inspector in one month (or the part of it inside a period).

    A NamedTuple, not a frozen dataclass: a year's tallies of a group build ~20,000 of them, and a frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field) was most of the time."""

    inspector_id: int
    month: str  # YYYY-MM
    office_days: int  # days on the roll inside the month (or segment)
    month_days: int
    on_shifts: int
    exempt_shifts: int
    absent_shifts: int
    reported_shifts: int
    substantive_reports: int
    suggestions: int
    required_shifts: int
    required_reports: int
    required_suggestions: int

    @property
    def duty_norm_met(self) -> bool:
        return self.on_shifts >= self.required_shifts

    @property
    def report_norm_met(self) -> bool:
        return self.substantive_reports >= self.required_reports


@dataclass(frozen=True)
class RateRow:
    """Rates of one inspector, unit, workstation or mine over a period, with what they are made of."""

    key: int | None
    code: str
    name: str
    inspector_months: int
    on_shifts: int
    counted_shifts: int
    required_shifts: int
    reported_shifts: int
    duty_norm_met: int
    report_norm_met: int

    @property
    def duty_rate_shift(self) -> float | None:
        return _ratio(self.counted_shifts, self.required_shifts)

    @property
    def report_rate_shift(self) -> float | None:
        return _ratio(self.reported_shifts, self.on_shifts)

    @property
    def duty_rate_head(self) -> float | None:
        return _ratio(self.duty_norm_met, self.inspector_months)

    @property
    def report_rate_head(self) -> float | None:
        return _ratio(self.report_norm_met, self.inspector_months)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _half_up(numerator: int, denominator: int) -> int:
    """round(numerator / denominator) with halves rounded up, in integers (no float surprises)."""
    return (2 * numerator + denominator) // (2 * denominator)


def norm_on(conn: Connection, day: dt.date) -> Norm:
    row = sql.first(
        conn,
        "SELECT duty_shifts, reports, suggestions FROM rate_norm WHERE voided = 0 AND valid_from <= ? "
        "AND (valid_to IS NULL OR valid_to >= ?) ORDER BY valid_from DESC, id DESC LIMIT 1",
        (day.isoformat(), day.isoformat()),
    )
    return Norm(*row) if row else Norm(0, 0, 0)


def _segments(date_from: dt.date, date_to: dt.date) -> list[tuple[str, dt.date, dt.date, bool]]:
    """(month, start, end, whole month?) pieces of a period."""
    if date_to < date_from:
        raise ValidationError.single("date_to", tr("The end of the period is before its start."))
    pieces = []
    first = date_from.replace(day=1)
    while first <= date_to:
        month = first.strftime("%Y-%m")
        _, last = month_bounds(month)
        start, end = max(first, date_from), min(last, date_to)
        pieces.append((month, start, end, start == first and end == last))
        first = last + dt.timedelta(days=1)
    return pieces


def closed_days(f: portable.Fragments) -> str:
    """SQL: the days in [:start, :end] an inspector ``i`` on the roll spent at a closed workstation (issue 16: no
    shift is expected of them while their workstation is closed; it takes no shift sheet then)."""
    reopened = "coalesce(c.reopened_on, '9999-12-31')"
    last = f"{f.least}(:end, coalesce(i.left_on, :end), {f.day_before.format(reopened)})"
    first = f"{f.greatest}(:start, i.appointed_on, c.closed_on)"
    return (
        f"coalesce((SELECT sum({f.greatest}(0, {f.days_from(first, last)} + 1)) FROM workstation_closure c "
        "WHERE c.workstation_id = i.workstation_id AND c.voided = 0), 0)"
    )


def roll_days(f: portable.Fragments) -> str:
    """SQL: the days in [:start, :end] inspector ``i`` was on the roll, less those at a closed workstation."""
    on_roll = f.days_from(f"{f.greatest}(:start, i.appointed_on)", f"{f.least}(:end, coalesce(i.left_on, :end))")
    return f"CAST({on_roll} - {closed_days(f)} AS INTEGER) + 1"


def _roll(conn: Connection, start: dt.date, end: dt.date, ids: list[int] | None) -> dict[int, int]:
    """Days on the roll inside [start, end] of every inspector on it at least one day, less the days their
    workstation was closed."""
    where = ""
    params: dict[str, object] = {"start": start.isoformat(), "end": end.isoformat()}
    if ids is not None:
        where = f" AND i.id IN ({','.join(f':id{n}' for n in range(len(ids)))})"
        params.update({f"id{n}": inspector for n, inspector in enumerate(ids)})
    rows = sql.handle(conn).execute(
        f"SELECT i.id, {roll_days(portable.fragments(conn))} FROM inspector i WHERE i.voided = 0 "
        f"AND i.appointed_on <= :end AND (i.left_on IS NULL OR i.left_on >= :start){where}",
        params,
    )
    return {int(inspector): int(days) for inspector, days in rows}


ABSENT = portable.count_if("status = 'absent'")
#: shifts with a report that is not "本班无问题"
SUBSTANTIVE = portable.count_if("reported <> 0 AND no_problem = 0")


def _segment(
    conn: Connection, month: str, start: dt.date, end: dt.date, whole: bool, ids: list[int] | None
) -> dict[int, InspectorMonth]:
    first, last = month_bounds(month)
    month_days = (last - first).days + 1
    norm = norm_on(conn, first)
    roll = _roll(conn, start, end, ids)
    counts: dict[int, tuple[int, int, int, int, int]] = {}
    if whole:
        rows = sql.execute(
            conn,
            "SELECT inspector_id, on_shifts, exempt_shifts, absent_shifts, reported_shifts, substantive_reports "
            "FROM duty_month WHERE month = ?",
            (month,),
        )
    else:
        rows = sql.execute(
            conn,
            "SELECT inspector_id, sum(on_duty), sum(exempt), "
            f"{ABSENT}, sum(reported), "
            f"{SUBSTANTIVE} FROM duty "
            "WHERE shift_date BETWEEN ? AND ? GROUP BY inspector_id",
            (start.isoformat(), end.isoformat()),
        )
    for inspector, *numbers in rows:
        counts[int(inspector)] = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
    suggestions = {
        int(r[0]): int(r[1])
        for r in sql.execute(
            conn,
            "SELECT proposer_id, count(*) FROM suggestion WHERE voided = 0 AND proposer_id IS NOT NULL "
            "AND proposed_on BETWEEN ? AND ? GROUP BY proposer_id",
            (start.isoformat(), end.isoformat()),
        )
    }
    result = {}
    shifts, reports, proposals = norm.duty_shifts, norm.reports, norm.suggestions
    nothing = (0, 0, 0, 0, 0)
    # one pass per inspector-month, kept lean (a group's year is ~20,000): the pro-rating is _half_up inlined
    for inspector, office_days in roll.items():
        on, exempt, absent, reported, substantive = counts.get(inspector, nothing)
        expected = (2 * shifts * office_days + month_days) // (2 * month_days)
        required = expected - exempt if expected > exempt else 0
        if shifts:
            required_reports = (2 * reports * required + shifts) // (2 * shifts)
            required_suggestions = (2 * proposals * required + shifts) // (2 * shifts)
        else:
            required_reports = required_suggestions = 0
        result[inspector] = InspectorMonth(
            inspector,
            month,
            office_days,
            month_days,
            on,
            exempt,
            absent,
            reported,
            substantive,
            suggestions.get(inspector, 0),
            required,
            required_reports,
            required_suggestions,
        )
    return result


def inspector_months(
    conn: Connection, month: str, inspector_ids: Iterable[int] | None = None
) -> dict[int, InspectorMonth]:
    """Every inspector on the roll at any day of *month*, with counts and pro-rated norms."""
    first, last = month_bounds(month)
    ids = sorted(set(inspector_ids)) if inspector_ids is not None else None
    return _segment(conn, month, first, last, True, ids)


def period_months(conn: Connection, date_from: dt.date, date_to: dt.date) -> list[InspectorMonth]:
    """Inspector-month segments of a period (partial months at either end cut to the period)."""
    result: list[InspectorMonth] = []
    for month, start, end, whole in _segments(date_from, date_to):
        result.extend(_segment(conn, month, start, end, whole, None).values())
    return result


class DutyTotals(NamedTuple):
    """A period's duty figures summed over its inspector-months (what the monthly report counts)."""

    required_shifts: int
    on_shifts: int
    counted_shifts: int  # on-duty shifts up to each inspector-month's requirement
    reported_shifts: int
    #: month segments of the period in which a mine of the inspectors counted kept shift sheets; 0: no data
    months_with_sheets: int = 0


def mines_of_units(conn: Connection) -> dict[int, int | None]:
    """Every organisation node → the mine above it (itself for a mine; None above or outside a mine)."""
    nodes = {int(r[0]): (r[1], str(r[2])) for r in sql.execute(conn, "SELECT id, parent_id, level FROM org_unit")}
    out: dict[int, int | None] = {}
    for node in nodes:
        unit: int | None = node
        for _ in range(50):  # a cycle in a damaged tree must not hang us
            if unit is None or unit not in nodes:
                unit = None
                break
            parent, level = nodes[unit]
            if level == "mine":
                break
            unit = None if parent is None else int(parent)
        out[node] = unit if unit is not None and nodes.get(unit, (None, ""))[1] == "mine" else None
    return out


def units_with_sheets(
    conn: Connection, start: dt.date, end: dt.date, mines: dict[int, int | None] | None = None
) -> set[int]:
    """The organisation nodes whose mine kept at least one shift sheet dated in [start, end]: only their
    inspectors' duty is known then (a node outside any mine: when any sheet was kept)."""
    kept = {
        int(r[0])
        for r in sql.execute(
            conn,
            "SELECT DISTINCT w.mine_id FROM duty_sheet s JOIN workstation w ON w.id = s.workstation_id "
            "WHERE s.shift_date BETWEEN ? AND ? AND s.voided = 0",
            (start.isoformat(), end.isoformat()),
        )
    }
    if not kept:
        return set()
    mines = mines_of_units(conn) if mines is None else mines
    return {unit for unit, mine in mines.items() if mine is None or mine in kept}


def duty_totals(
    conn: Connection, date_from: dt.date, date_to: dt.date, unit_ids: Sequence[int] | None = None
) -> DutyTotals:
    """:func:`period_months` summed (inspectors of *unit_ids* only, if given), the same pro-rating done in
    SQL: a group's year is ~20,000 inspector-months, which as Python objects cost the report ~0.2 s.

    Only the months in which the inspector's mine kept shift sheets count (:func:`units_with_sheets`): a
    month from before the mine kept them has no duty data, not a month of absences.

    The integer arithmetic is :func:`_segment`'s: ``expected = (2·norm·days + month_days) // (2·month_days)``
    (SQLite's integer division truncates where Python's floors, which differs only for a negative number of
    days on the roll, and then both give no required shifts), ``required = max(expected − exempt, 0)``.
    """
    totals = [0, 0, 0, 0, 0]
    mines = mines_of_units(conn)
    f = portable.fragments(conn)
    for month, start, end, whole in _segments(date_from, date_to):
        kept = units_with_sheets(conn, start, end, mines)
        if unit_ids is not None:
            kept &= set(unit_ids)
        if not kept:
            continue
        totals[4] += 1
        unit_params = {f"unit{index}": unit for index, unit in enumerate(sorted(kept))}
        units = f" AND unit_id IN ({', '.join(':' + name for name in unit_params)})"
        first, last = month_bounds(month)
        if whole:
            counts = (
                "SELECT inspector_id, exempt_shifts AS exempt, on_shifts, reported_shifts AS reported "
                "FROM duty_month WHERE month = :month"
            )
        else:
            counts = (
                "SELECT inspector_id, sum(exempt) AS exempt, sum(on_duty) AS on_shifts, sum(reported) AS reported "
                "FROM duty WHERE shift_date BETWEEN :start AND :end GROUP BY inspector_id"
            )
        roll = (
            f"SELECT i.id, {roll_days(f)} AS days FROM inspector i WHERE i.voided = 0 AND i.appointed_on <= :end "
            f"AND (i.left_on IS NULL OR i.left_on >= :start){units}"
        )
        months = (
            f"SELECT {f.greatest}((2 * :shifts * r.days + :month_days) / (2 * :month_days) - coalesce(c.exempt, 0), 0) "
            "AS required, coalesce(c.on_shifts, 0) AS on_shifts, coalesce(c.reported, 0) AS reported "
            f"FROM ({roll}) AS r LEFT JOIN ({counts}) AS c ON c.inspector_id = r.id"
        )
        params = {
            "month": month,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "shifts": norm_on(conn, first).duty_shifts,
            "month_days": (last - first).days + 1,
            **unit_params,
        }
        row = (
            sql.handle(conn)  # named parameters: the same dates appear in several places
            .execute(
                "SELECT coalesce(sum(required), 0), coalesce(sum(on_shifts), 0), "
                f"coalesce(sum({f.least}(on_shifts, required)), 0), coalesce(sum(reported), 0) FROM ({months}) AS m",
                params,
            )
            .fetchone()
        )
        for index, value in enumerate(row or (0, 0, 0, 0)):
            totals[index] += int(value)
    return DutyTotals(*totals)


def _groups(conn: Connection, group_by: str) -> tuple[dict[int, int | None], dict[int | None, tuple[str, str]]]:
    """inspector id → group key, and group key → (code, name)."""
    inspectors = sql.execute(conn, "SELECT id, employee_no, name, unit_id, workstation_id FROM inspector")
    if group_by == "inspector":
        rows = list(inspectors)
        return {int(r[0]): int(r[0]) for r in rows}, {int(r[0]): (str(r[1]), str(r[2])) for r in rows}
    units = {
        int(r[0]): (r[1], str(r[2]), str(r[3]), r[4])
        for r in sql.execute(conn, "SELECT id, parent_id, code, name, level FROM org_unit")
    }
    stations = {
        int(r[0]): (str(r[1]), str(r[2]), r[3])
        for r in sql.execute(conn, "SELECT id, code, name, mine_id FROM workstation")
    }
    labels: dict[int | None, tuple[str, str]] = {None: ("—", tr("(none)"))}
    keys: dict[int, int | None] = {}

    def mine_of(unit: int | None) -> int | None:
        seen = 0
        while unit is not None and seen < 50:  # a cycle in a damaged tree must not hang us
            parent, _code, _name, level = units[unit]
            if level == "mine":
                return unit
            unit, seen = parent, seen + 1
        return None

    for inspector, _no, _name, unit_id, workstation_id in inspectors:
        if group_by == "unit":
            key = unit_id
        elif group_by == "workstation":
            key = workstation_id
        else:
            key = mine_of(unit_id)
            if key is None and workstation_id is not None:
                key = stations[workstation_id][2]
        keys[int(inspector)] = key
    if group_by == "workstation":
        labels.update({k: (code, name) for k, (code, name, _) in stations.items()})
    else:
        labels.update({k: (code, name) for k, (_, code, name, _) in units.items()})
    return keys, labels


def rates(
    conn: Connection,
    date_from: dt.date,
    date_to: dt.date,
    group_by: str = "inspector",
    *,
    only_with_sheets: bool = False,
) -> list[RateRow]:
    """Both rate definitions per inspector, unit, workstation or mine over a period, ordered by code.

    *only_with_sheets*: count an inspector-month only when the inspector's mine kept shift sheets in it, as the
    report's 表1 does (:func:`duty_totals`): a month before the sheets were kept is no data, not absences."""
    if group_by not in GROUPINGS:
        raise ValidationError.single("group_by", tr("Group by one of: {choices}.").format(choices=", ".join(GROUPINGS)))
    keys, labels = _groups(conn, group_by)
    kept: dict[str, set[int]] | None = None
    if only_with_sheets:
        mines = mines_of_units(conn)
        kept = {month: units_with_sheets(conn, s, e, mines) for month, s, e, _ in _segments(date_from, date_to)}
        unit_of = {int(r[0]): int(r[1]) for r in sql.execute(conn, "SELECT id, unit_id FROM inspector")}
    totals: dict[int | None, list[int]] = {}
    for item in period_months(conn, date_from, date_to):
        if kept is not None and unit_of.get(item.inspector_id) not in kept[item.month]:
            continue
        t = totals.setdefault(keys.get(item.inspector_id), [0] * 7)
        t[0] += 1
        t[1] += item.on_shifts
        t[2] += min(item.on_shifts, item.required_shifts)
        t[3] += item.required_shifts
        t[4] += item.reported_shifts
        t[5] += int(item.duty_norm_met)
        t[6] += int(item.report_norm_met)
    rows = [RateRow(key, *labels.get(key, ("?", "?")), *t) for key, t in totals.items()]
    return sorted(rows, key=lambda r: (r.key is None, r.code))


def total(rows: Iterable[RateRow]) -> RateRow:
    """The sum of several rows (e.g. the whole mine under a table of units)."""
    sums = [0] * 7
    for row in rows:
        for i, value in enumerate(
            (
                row.inspector_months,
                row.on_shifts,
                row.counted_shifts,
                row.required_shifts,
                row.reported_shifts,
                row.duty_norm_met,
                row.report_norm_met,
            )
        ):
            sums[i] += value
    return RateRow(None, "", tr("Total"), *sums)
