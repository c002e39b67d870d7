"""The monthly tallies (月报): one layer of SQL aggregates that fills the report model
(``domain.report_model``) every output reads — JSON, CSV, PDF, the overview page — so they always agree.
The metrics themselves are declared in ``domain.metrics``; exact definitions: docs/report-metrics.md.

A *period* is a calendar month, or with a cut-off day d (a setting, e.g. 25) the days from the (d+1)-th of
the month before to the d-th. Every metric is computed for four periods: this month, the previous month,
the year to date and the same part of last year. A *scope* is the whole database or one node of the
organisation tree (its subtree of units counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.hazard_loop import HazardStatus
from safetywatch.domain.i18n import tr
from safetywatch.domain.metrics import METRICS, REGISTERS
from safetywatch.domain.periods import PERIOD_KEYS, Period, month_period, periods
from safetywatch.domain.report_model import (
    AllowanceRow,
    AllowanceSheet,
    Approval,
    AuditAnchor,
    CategoryCount,
    Correction,
    MajorHazard,
    MetricFigures,
    MonthlyReport,
    Number,
    OverdueHazard,
    RepeatOffender,
    ReportPeriod,
    ReportScope,
    ReportTables,
    StationCoverage,
    TrendPoint,
    UnitRow,
    WorkstationRow,
)
from safetywatch.services.core import audit, sql
from safetywatch.services.kinds import family, tours, violations
from safetywatch.services.reporting import allowances, portable, rates

CUTOFF_SETTING = "statistic_cutoff_day"
#: The tables :func:`tally`, :func:`trend` and :func:`by_category` count from (with ``rates``): a committed
#: change to one of them can move a figure of the overview page (``overview``).
TALLY_TABLES = frozenset(
    {
        "app_setting",  # the cut-off day
        "org_unit",
        "inspector",
        "rate_norm",
        "duty_sheet",
        "duty",
        "duty_month",
        "hazard",
        "hazard_level",
        "lookup_item",
        "violation",
        "suggestion",
        "squad_activity",
        "tour",
        "tour_problem",
        "family_activity",
        "training_session",
        "training_attendee",
        "workstation",
        "workstation_closure",
    }
)

_CLOSED = HazardStatus.CLOSED.value


@dataclass(frozen=True)
class Scope:
    """The whole database (``id`` None) or an organisation node with the units below it."""

    id: int | None
    code: str
    name: str
    unit_ids: tuple[int, ...]  # the node and every node below it

    @property
    def whole(self) -> bool:
        return self.id is None


def cutoff_day(conn: Connection) -> int:
    """0 for calendar months, else the last day (1–28) of each statistic month."""
    value = sql.scalar(conn, "SELECT value FROM app_setting WHERE key = ? AND voided = 0", (CUTOFF_SETTING,))
    return int(value) if value and str(value).isdigit() and 0 <= int(value) <= 28 else 0


def scope_of(conn: Connection, code: str | None) -> Scope:
    """The scope named by an organisation code (None: the whole database)."""
    if not code:
        return Scope(None, "", tr("All units"), ())
    row = sql.first(conn, "SELECT id, code, name FROM org_unit WHERE code = ?", (code,))
    if row is None:
        raise ValidationError.single("scope", tr("No organisation unit has the code {code}.").format(code=code))
    children: dict[int | None, list[int]] = {}
    for node, parent in sql.execute(conn, "SELECT id, parent_id FROM org_unit"):
        children.setdefault(parent, []).append(int(node))
    found, todo = [], [int(row[0])]
    while todo:
        node = todo.pop()
        if node not in found:
            found.append(node)
            todo.extend(children.get(node, []))
    return Scope(int(row[0]), str(row[1]), str(row[2]), tuple(sorted(found)))


def _in(column: str, scope: Scope) -> tuple[str, tuple[Any, ...]]:
    """SQL condition restricting *column* (a unit id) to the scope."""
    if scope.whole:
        return "1=1", ()
    # unary + keeps SQLite from using the unit index here: the date indexes narrow far better, and a mine's
    # units cover most of the table (platform-notes §3, the skip-scan trap)
    return f"+{column} IN ({','.join('?' * len(scope.unit_ids))})", scope.unit_ids


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def tally(conn: Connection, period: Period, scope: Scope) -> dict[str, Number]:
    """Every metric (``domain.metrics``) of one period and scope, by key."""
    start, end = period.span
    out: dict[str, Number] = {}
    where, params = _in("unit_id", scope)
    out["inspectors_on_roll"] = int(
        sql.scalar(
            conn,
            f"SELECT count(*) FROM inspector WHERE voided = 0 AND appointed_on <= ? "
            f"AND (left_on IS NULL OR left_on >= ?) AND {where}",
            (end, end, *params),
        )
    )
    duty = rates.duty_totals(conn, period.start, period.end, None if scope.whole else scope.unit_ids)
    scheduled, on, counted, reported, _months = duty
    out.update(duty_shifts_scheduled=scheduled, duty_shifts_on=on, on_duty_rate=_ratio(counted, scheduled))
    out.update(report_shifts=reported, report_rate=_ratio(reported, on))

    h_where, h_params = _in("h.unit_id", scope)
    found, major, on_site, closed_in_found, network = sql.first(
        conn,
        "SELECT count(*), coalesce(sum(CASE WHEN l.national = 'major' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(h.fixed_on_site), 0), "
        "coalesce(sum(CASE WHEN h.closed_on IS NOT NULL AND h.closed_on <= ? THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN src.maps_to = 'network' THEN 1 ELSE 0 END), 0) "
        "FROM hazard h JOIN hazard_level l ON l.id = h.level_id JOIN lookup_item src ON src.id = h.source_id "
        f"WHERE h.found_date BETWEEN ? AND ? AND h.voided = 0 AND {h_where}",
        (end, start, end, *h_params),
    ) or (0, 0, 0, 0, 0)
    out.update(hazards_found=int(found), hazards_major=int(major), hazards_fixed_on_site=int(on_site))
    # the network's share is known only once the sources say which are the network's (reference data)
    out["hazards_found_network"] = int(network) if _sources_classified(conn) else None
    out["hazards_closed"] = int(
        sql.scalar(
            conn,
            f"SELECT count(*) FROM hazard h WHERE h.closed_on BETWEEN ? AND ? AND h.voided = 0 AND {h_where}",
            (start, end, *h_params),
        )
    )
    # Overdue at the period's end: still open now, or closed only after the end — two small index ranges
    # instead of every hazard with a deadline before the end.
    open_states = tuple(s.value for s in HazardStatus if s.is_open)
    out["hazards_overdue_open"] = int(
        sql.scalar(
            conn,
            f"SELECT count(*) FROM hazard h WHERE h.status IN ({','.join('?' * len(open_states))}) "
            f"AND h.deadline < ? AND h.found_date <= ? AND h.voided = 0 AND {h_where}",
            (*open_states, end, end, *h_params),
        )
    ) + int(
        sql.scalar(
            conn,
            "SELECT count(*) FROM hazard h WHERE h.closed_on > ? AND h.deadline < ? AND h.found_date <= ? "
            f"AND h.voided = 0 AND {h_where}",
            (end, end, end, *h_params),
        )
    )
    out["rectification_rate"] = _ratio(int(closed_in_found), int(found))

    v_where, v_params = _in("v.offender_unit_id", scope)
    row = sql.first(
        conn,
        "SELECT count(*), coalesce(sum(CASE WHEN v.stopped_by_kind = 'inspector' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN t.maps_to = 'command' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN t.maps_to = 'operation' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN t.maps_to = 'discipline' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN s.maps_to = 'serious' THEN 1 ELSE 0 END), 0) FROM violation v "
        "JOIN lookup_item t ON t.id = v.type_id JOIN lookup_item s ON s.id = v.severity_id "
        f"WHERE v.found_date BETWEEN ? AND ? AND v.voided = 0 AND {v_where}",
        (start, end, *v_params),
    ) or (0, 0, 0, 0, 0, 0)
    for key, value in zip(
        (
            "violations_stopped",
            "violations_stopped_network",
            "violations_command",
            "violations_operation",
            "violations_discipline",
            "violations_serious",
        ),
        row,
        strict=True,
    ):
        out[key] = int(value)

    s_where, s_params = _in("unit_id", scope)
    made, adopted = sql.first(
        conn,
        "SELECT count(*), coalesce(sum(CASE WHEN status = 'adopted' THEN 1 ELSE 0 END), "
        "0) FROM suggestion WHERE proposed_on BETWEEN ? AND ? "
        f"AND voided = 0 AND {s_where}",
        (start, end, *s_params),
    ) or (0, 0)
    out.update(suggestions_made=int(made), suggestions_adopted=int(adopted))

    # Squad checks, tours and family activities carry no unit of their own: in a unit scope a squad check
    # counts when one of its hazards is the unit's, a tour when one of its problems is, and family
    # activities are only counted for the whole database (None otherwise; see docs/report-metrics.md).
    activities, squad_found, squad_fixed = sql.first(
        conn,
        "SELECT count(DISTINCT s.id), count(h.id), "
        "coalesce(sum(CASE WHEN h.fixed_on_site = 1 OR h.status = ? THEN 1 ELSE 0 END), 0) "
        "FROM squad_activity s LEFT JOIN hazard h ON h.squad_activity_id = s.id AND h.voided = 0 "
        f"AND {h_where} WHERE s.on_date BETWEEN ? AND ? AND s.voided = 0"
        + ("" if scope.whole else " AND h.id IS NOT NULL"),
        (_CLOSED, *h_params, start, end),
    ) or (0, 0, 0)
    out.update(
        squad_activities=int(activities), squad_hazards_found=int(squad_found), squad_hazards_rectified=int(squad_fixed)
    )
    # tours: a problem's outcome as of the period's last day (tours.outcome; docs/report-metrics.md)
    p_where, p_params = _in("p.unit_id", scope)
    problems = sql.all_dicts(
        conn,
        "SELECT t.id AS tour, t.reps, t.representatives, p.status, p.deadline, p.solved_on FROM tour t "
        "JOIN tour_problem p ON p.tour_id = t.id AND p.voided = 0 "
        f"WHERE t.on_date BETWEEN ? AND ? AND t.voided = 0 AND {p_where}",
        (start, end, *p_params),
    )
    tours_seen: dict[int, tuple[int, str | None]] = {
        int(p["tour"]): (int(p["reps"]), p["representatives"]) for p in problems
    }
    if scope.whole:  # tours without problems count too
        for tour, reps, named in sql.execute(
            conn,
            "SELECT id, reps, representatives FROM tour WHERE on_date BETWEEN ? AND ? AND voided = 0",
            (start, end),
        ):
            tours_seen[int(tour)] = (int(reps), named)
    outcomes = [tours.outcome(p["status"], p["deadline"], p["solved_on"], end) for p in problems]
    out.update(
        tours=len(tours_seen),
        tour_reps=sum(reps for reps, _ in tours_seen.values()),
        tour_representatives=tours.distinct_representatives([named for _, named in tours_seen.values()])
        if tours_seen
        else 0,
        tour_problems_found=len(outcomes),
        tour_solved_on_site=outcomes.count("on_site"),
        tour_solved_afterwards=outcomes.count("afterwards"),
        tour_due_unsolved=outcomes.count("due"),
        tour_open=outcomes.count("open"),
    )
    out.update(_family_work(conn, start, end, scope))
    out.update(_training(conn, start, end, scope))
    out.update(_workstations_set_up(conn, start, end, scope))
    return _without_data(conn, period, scope, out, duty.months_with_sheets > 0)


def _holds_mines(conn: Connection, scope: Scope) -> bool:
    """Whether the scope is a mine or holds mines (family work and workstations belong to a mine)."""
    if scope.whole:
        return True
    marks = ",".join("?" * len(scope.unit_ids))
    return bool(
        sql.scalar(conn, f"SELECT 1 FROM org_unit WHERE level = 'mine' AND id IN ({marks}) LIMIT 1", scope.unit_ids)
    )


def _family_work(conn: Connection, start: str, end: str, scope: Scope) -> dict[str, Number]:
    """女工家属协管 by kind, with participants. An activity counts for its mine (``family.MINE_OF_ACTIVITY``);
    one whose mine is unknown (entered before the mine was asked) counts for the whole database only, and a
    scope below a mine (a unit) has no family work of its own (None)."""
    keys = REGISTERS["family"]
    if not _holds_mines(conn, scope):
        return dict.fromkeys(keys)
    where, params = ("1=1", ()) if scope.whole else _in(f"({family.MINE_OF_ACTIVITY})", scope)
    visits, violation, worry, conflicts, forums, pithead, people = sql.first(
        conn,
        "SELECT coalesce(sum(CASE WHEN f.kind = 'home_visit' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN f.kind = 'home_visit' AND f.reason = 'violation' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN f.kind = 'home_visit' AND f.reason = 'worry' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN f.kind = 'conflict' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN f.kind = 'forum' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN f.kind = 'pithead' THEN 1 ELSE 0 END), 0), coalesce(sum(f.participants), 0) "
        f"FROM family_activity f WHERE f.on_date BETWEEN ? AND ? AND f.voided = 0 AND {where}",
        (start, end, *params),
    ) or (0, 0, 0, 0, 0, 0, 0)
    return dict(
        zip(
            keys,
            (int(visits), int(violation), int(worry), int(conflicts), int(forums), int(pithead), int(people)),
            strict=True,
        )
    )


def _training(conn: Connection, start: str, end: str, scope: Scope) -> dict[str, Number]:
    """网员培训: the sessions (and their hours) organised in the scope, and the attendances of the scope's
    inspectors at any session of the period (a group's session counts for the mines whose inspectors went)."""
    where, params = _in("s.unit_id", scope)
    sessions, hours = sql.first(
        conn,
        "SELECT count(*), coalesce(sum(s.hours), 0) FROM training_session s "
        f"WHERE s.on_date BETWEEN ? AND ? AND s.voided = 0 AND {where}",
        (start, end, *params),
    ) or (0, 0)
    i_where, i_params = _in("i.unit_id", scope)
    times, people = sql.first(
        conn,
        "SELECT count(*), count(DISTINCT a.inspector_id) FROM training_attendee a "
        "JOIN training_session s ON s.id = a.session_id JOIN inspector i ON i.id = a.inspector_id "
        f"WHERE s.on_date BETWEEN ? AND ? AND s.voided = 0 AND a.voided = 0 AND {i_where}",
        (start, end, *i_params),
    ) or (0, 0)
    return {
        "training_sessions": int(sessions),
        "training_hours": int(hours),
        "training_person_times": int(times),
        "training_inspectors": int(people),
    }


def _workstations_set_up(conn: Connection, start: str, end: str, scope: Scope) -> dict[str, Number]:
    """Pit-head stations first opened in the period (``opened_on``) and reopened in it after a closing
    (``workstation_closure.reopened_on``), of the scope's mines (None for a scope below a mine)."""
    if not _holds_mines(conn, scope):
        return dict.fromkeys(REGISTERS["workstation"])
    where, params = _in("w.mine_id", scope)
    new = sql.scalar(
        conn,
        f"SELECT count(*) FROM workstation w WHERE w.opened_on BETWEEN ? AND ? AND w.voided = 0 AND {where}",
        (start, end, *params),
    )
    restored = sql.scalar(
        conn,
        "SELECT count(DISTINCT c.workstation_id) FROM workstation_closure c "
        "JOIN workstation w ON w.id = c.workstation_id "
        f"WHERE c.reopened_on BETWEEN ? AND ? AND c.voided = 0 AND w.voided = 0 AND {where}",
        (start, end, *params),
    )
    return {"workstations_new": int(new or 0), "workstations_restored": int(restored or 0)}


def _sources_classified(conn: Connection) -> bool:
    """Whether any hazard source says what it counts as (the network's or an inspection's)."""
    return bool(
        sql.scalar(
            conn,
            "SELECT 1 FROM lookup_item WHERE kind = 'hazard_source' AND maps_to IS NOT NULL AND voided = 0 LIMIT 1",
        )
    )


def registers_begin(conn: Connection, scope: Scope) -> dict[str, str]:
    """The day each register is kept from in the scope, for the no-data rule: its first record there, or the
    day the database began (its first audit event) if that is earlier — from then on the program keeps the
    register, so an empty month is a real 0. An empty file began at any time.

    Squad checks, tours and family activities have no unit of their own: their registers begin with the
    database's first record of the kind."""
    h_where, h_params = _in("unit_id", scope)
    v_where, v_params = _in("offender_unit_id", scope)

    # an empty file (not even reference data written) can only report the month it is in: a real 0 then
    began = sql.scalar(conn, "SELECT substr(at_utc, 1, 10) FROM audit_event ORDER BY seq LIMIT 1") or "0001-01-01"

    def first(query: str, params: tuple[Any, ...] = ()) -> str:
        day = sql.scalar(conn, query, params)
        return str(began) if day is None else min(str(day), str(began))

    return {
        "hazard": first(f"SELECT min(found_date) FROM hazard WHERE voided = 0 AND {h_where}", h_params),
        "violation": first(f"SELECT min(found_date) FROM violation WHERE voided = 0 AND {v_where}", v_params),
        "suggestion": first(f"SELECT min(proposed_on) FROM suggestion WHERE voided = 0 AND {h_where}", h_params),
        "squad": first("SELECT min(on_date) FROM squad_activity WHERE voided = 0"),
        "tour": first("SELECT min(on_date) FROM tour WHERE voided = 0"),
        "family": first("SELECT min(on_date) FROM family_activity WHERE voided = 0"),
        "training": first("SELECT min(on_date) FROM training_session WHERE voided = 0"),
        "workstation": first("SELECT min(opened_on) FROM workstation WHERE voided = 0"),
    }


def _without_data(
    conn: Connection, period: Period, scope: Scope, figures: dict[str, Number], sheets_kept: bool
) -> dict[str, Number]:
    """*figures* with None (无记录) for every metric of a register the period has no data of: the duty
    figures when the scope's mines kept no shift sheet in the period, the others when the period ends before
    the register's first record in the scope (docs/report-metrics.md, "No data")."""
    begins = registers_begin(conn, scope)
    end = period.end.isoformat()
    for register, keys in REGISTERS.items():
        known = sheets_kept if register == "duty" else begins[register] <= end
        if not known:
            figures.update(dict.fromkeys(keys))
    return figures


def report(conn: Connection, month: str, scope_code: str | None = None) -> MonthlyReport:
    """The monthly report of *month* for the scope (None: the whole database), unstamped: period, scope,
    every metric for the four periods, the tables, charts and corrections, and the audit-chain anchor."""
    cutoff = cutoff_day(conn)
    spans = periods(month, cutoff)
    scope = scope_of(conn, scope_code)
    figures = {key: tally(conn, period, scope) for key, period in spans.items()}
    period = spans["month"]
    offenders = violations.repeat_offenders(conn, period.end)
    if not scope.whole:
        names = {name for _, _, name in _units_in(conn, scope)}
        offenders = [o for o in offenders if o["unit_name"] in names]
    seq, head = audit.chain_head(conn)
    units, mines = unit_tables(conn, period, scope)
    return MonthlyReport(
        period=ReportPeriod.of(month, cutoff, spans),
        scope=ReportScope(scope.code or None, scope.name),
        summary=tuple(MetricFigures(metric, *(figures[key][metric.key] for key in PERIOD_KEYS)) for metric in METRICS),
        tables=ReportTables(
            by_unit=units,
            by_workstation=by_workstation(conn, period, scope),
            allowances=allowance_sheet(conn, month, scope),
            overdue=overdue_list(conn, period, scope),
            major_hazards=major_hazards(conn, period, scope),
            repeat_offenders=tuple(RepeatOffender(**row) for row in offenders),
            by_mine=mines,
        ),
        trend=trend(conn, month, scope, cutoff),
        by_category=by_category(conn, period, scope),
        corrections=corrections(conn, month),
        audit_anchor=AuditAnchor(seq, head),
        stations=station_coverage(conn, period),
    )


def station_coverage(conn: Connection, period: Period) -> tuple[StationCoverage, ...]:
    """At an office: each station's last event the office holds (数据截至), and whether nothing came from it
    since the period ended (issue 15). Empty for a single PC."""
    if not sql.has_table(conn, "exchange_station"):
        return ()
    rows = sql.execute(
        conn,
        "SELECT s.code, s.name, (SELECT e.at_utc FROM station_event e WHERE e.station_id = s.id "
        "ORDER BY e.seq DESC LIMIT 1) FROM exchange_station s WHERE s.voided = 0 ORDER BY s.code",
    ).fetchall()
    coverage = []
    for code, name, last in rows:
        local = None if last is None else dt.datetime.fromisoformat(str(last).replace("Z", "+00:00")).astimezone()
        until = None if local is None else local.strftime("%Y-%m-%d %H:%M")
        late = local is None or local.date() <= period.end
        coverage.append(StationCoverage(str(code), str(name), until, late))
    return tuple(coverage)


def summary(conn: Connection, month: str, scope_code: str | None = None) -> dict[str, Any]:
    """The report's JSON (see :func:`report`)."""
    return report(conn, month, scope_code).to_json()


# --- the report's tables (表2–表7) ----------------------------------------------------------------------


def _units_in(conn: Connection, scope: Scope) -> list[tuple[int, str, str]]:
    rows = sql.execute(conn, "SELECT id, code, name FROM org_unit WHERE level = 'unit' AND voided = 0 ORDER BY code")
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows if scope.whole or int(r[0]) in scope.unit_ids]


def by_unit(conn: Connection, period: Period, scope: Scope) -> tuple[UnitRow, ...]:
    """表2: per 区队 — inspectors, both shift rates, hazards (major/general), closed, overdue, 三违, suggestions.
    When the scope holds several mines (a group), each row names its mine and the rows go mine by mine."""
    return unit_tables(conn, period, scope)[0]


def unit_tables(conn: Connection, period: Period, scope: Scope) -> tuple[tuple[UnitRow, ...], tuple[UnitRow, ...]]:
    """表2's rows (:func:`by_unit`) and, when the scope holds several mines, each mine's subtotal (else ())."""
    start, end = period.span
    units = _units_in(conn, scope)
    unit_rates = {row.key: row for row in rates.rates(conn, period.start, period.end, "unit")}
    mines = rates.mines_of_units(conn)
    with_sheets = rates.units_with_sheets(conn, period.start, period.end, mines)

    def grouped(query: str, params: tuple[Any, ...]) -> dict[int, tuple[Any, ...]]:
        return {int(r[0]): tuple(r[1:]) for r in sql.execute(conn, query, params) if r[0] is not None}

    found = grouped(
        "SELECT h.unit_id, count(*), coalesce(sum(CASE WHEN l.national = 'major' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN h.closed_on IS NOT NULL AND h.closed_on <= ? THEN 1 ELSE 0 END), 0) FROM hazard h "
        "JOIN hazard_level l ON l.id = h.level_id WHERE h.found_date BETWEEN ? AND ? AND h.voided = 0 "
        "GROUP BY h.unit_id",
        (end, start, end),
    )
    open_states = tuple(s.value for s in HazardStatus if s.is_open)
    # SQLite: + keeps the unit index out, the date index narrows far better (PostgreSQL groups by the column)
    no_index = portable.fragments(conn).no_index
    by_unit = no_index.format("unit_id")
    overdue = grouped(
        f"SELECT unit_id, count(*) FROM hazard WHERE status IN ({','.join('?' * len(open_states))}) "
        f"AND deadline < ? AND found_date <= ? AND voided = 0 GROUP BY {by_unit}",
        (*open_states, end, end),
    )
    later = grouped(
        "SELECT unit_id, count(*) FROM hazard WHERE closed_on > ? AND deadline < ? AND found_date <= ? "
        f"AND voided = 0 GROUP BY {by_unit}",
        (end, end, end),
    )
    stopped = grouped(
        "SELECT v.offender_unit_id, coalesce(sum(CASE WHEN t.maps_to = 'command' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN t.maps_to = 'operation' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN t.maps_to = 'discipline' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN s.maps_to = 'serious' THEN 1 ELSE 0 END), 0) FROM violation v "
        "JOIN lookup_item t ON t.id = v.type_id JOIN lookup_item s ON s.id = v.severity_id "
        f"WHERE v.found_date BETWEEN ? AND ? AND v.voided = 0 GROUP BY {no_index.format('v.offender_unit_id')}",
        (start, end),
    )
    proposed = grouped(
        "SELECT unit_id, count(*) FROM suggestion WHERE proposed_on BETWEEN ? AND ? AND voided = 0 GROUP BY unit_id",
        (start, end),
    )
    names = {int(r[0]): (str(r[1]), str(r[2])) for r in sql.execute(conn, "SELECT id, code, name FROM org_unit")}
    several = len({mines.get(unit_id) for unit_id, _, _ in units}) > 1
    if several:  # mine by mine, units without a mine last
        units.sort(key=lambda u: (mines.get(u[0]) is None, names.get(mines.get(u[0]) or 0, ("", ""))[0], u[1]))
    rows: list[UnitRow] = []
    subtotals: dict[int | None, list[UnitRow]] = {}
    rate_parts: dict[int | None, list[rates.RateRow]] = {}
    for unit_id, code, name in units:
        rate = unit_rates.get(unit_id) if unit_id in with_sheets else None  # no sheets: no rates (无记录)
        hazards_found, major, closed = found.get(unit_id, (0, 0, 0))
        command, operation, discipline, serious = stopped.get(unit_id, (0, 0, 0, 0))
        mine = mines.get(unit_id)
        row = UnitRow(
            code=code,
            name=name,
            inspectors=unit_rates[unit_id].inspector_months if unit_id in unit_rates else 0,
            on_duty_rate=rate.duty_rate_shift if rate else None,
            report_rate=rate.report_rate_shift if rate else None,
            hazards_major=int(major),
            hazards_general=int(hazards_found) - int(major),
            hazards_closed=int(closed),
            hazards_overdue_open=int(overdue.get(unit_id, (0,))[0]) + int(later.get(unit_id, (0,))[0]),
            violations_command=int(command),
            violations_operation=int(operation),
            violations_discipline=int(discipline),
            violations_serious=int(serious),
            suggestions=int(proposed.get(unit_id, (0,))[0]),
            mine=(names[mine][1] if mine is not None else "—") if several else None,
        )
        rows.append(row)
        if several:
            subtotals.setdefault(mine, []).append(row)
            if rate is not None:
                rate_parts.setdefault(mine, []).append(rate)
    mine_rows = tuple(_subtotal(names, mine, part, rate_parts.get(mine, [])) for mine, part in subtotals.items())
    return tuple(rows), mine_rows


def _subtotal(
    names: dict[int, tuple[str, str]], mine: int | None, rows: list[UnitRow], unit_rates: list[rates.RateRow]
) -> UnitRow:
    """A mine's subtotal of its 表2 rows: the counts summed, the rates shift-weighted over its units."""
    code, name = names[mine] if mine is not None else ("—", "—")
    combined = rates.total(unit_rates) if unit_rates else None

    def total(field: str) -> int:
        return sum(int(getattr(row, field)) for row in rows)

    return UnitRow(
        code=code,
        name=name,
        inspectors=total("inspectors"),
        on_duty_rate=combined.duty_rate_shift if combined else None,
        report_rate=combined.report_rate_shift if combined else None,
        hazards_major=total("hazards_major"),
        hazards_general=total("hazards_general"),
        hazards_closed=total("hazards_closed"),
        hazards_overdue_open=total("hazards_overdue_open"),
        violations_command=total("violations_command"),
        violations_operation=total("violations_operation"),
        violations_discipline=total("violations_discipline"),
        violations_serious=total("violations_serious"),
        suggestions=total("suggestions"),
        mine=name,
    )


def by_workstation(conn: Connection, period: Period, scope: Scope) -> tuple[WorkstationRow, ...]:
    """表3: per 井口工作站 — duty and report marks, hazards received, notices issued and their receipts."""
    start, end = period.span
    mines = set(scope.unit_ids) if not scope.whole else None
    stations = [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in sql.execute(conn, "SELECT id, code, name, mine_id FROM workstation WHERE voided = 0 ORDER BY code")
        if mines is None or int(r[3]) in mines
    ]
    marks = {
        int(r[0]): (int(r[1]), int(r[2]))
        for r in sql.execute(
            conn,
            "SELECT workstation_id, sum(on_duty), sum(reported) FROM duty WHERE shift_date BETWEEN ? AND ? "
            "GROUP BY workstation_id",
            (start, end),
        )
    }
    received = {
        int(r[0]): (int(r[1]), int(r[2]), int(r[3]))
        for r in sql.execute(
            conn,
            "SELECT workstation_id, count(*), coalesce(sum(CASE WHEN notice_issued_on IS NOT NULL THEN 1 ELSE 0 END), "
            "0), "
            "coalesce(sum(CASE WHEN receipt_signed_by IS NOT NULL THEN 1 ELSE 0 END), "
            "0) FROM hazard WHERE found_date BETWEEN ? AND ? "
            "AND voided = 0 GROUP BY workstation_id",
            (start, end),
        )
    }
    rows = []
    for station_id, code, name in stations:
        on, reported = marks.get(station_id, (0, 0))
        count, notices, receipts = received.get(station_id, (0, 0, 0))
        rows.append(WorkstationRow(code, name, on, reported, count, notices, _ratio(receipts, notices)))
    return tuple(rows)


def overdue_list(conn: Connection, period: Period, scope: Scope, limit: int = 500) -> tuple[OverdueHazard, ...]:
    """表5: hazards open and past their deadline at the period's end, and those under supervision (挂牌督办)."""
    end = period.end.isoformat()
    where, params = _in("h.unit_id", scope)
    open_states = tuple(s.value for s in HazardStatus if s.is_open)
    deadline = portable.fragments(conn).no_index.format("h.deadline")
    rows = sql.all_dicts(
        conn,
        "SELECT h.number, h.found_date, u.name AS unit, h.location, h.description, l.code AS level, h.deadline, "
        "h.rectify_person, h.escalation_level FROM hazard h JOIN org_unit u ON u.id = h.unit_id "
        "JOIN hazard_level l ON l.id = h.level_id WHERE h.found_date <= ? AND h.voided = 0 "
        # open then = open now, or closed only after the end: two index ranges, not an OR over the table
        f"AND h.id IN (SELECT id FROM hazard WHERE status IN ({','.join('?' * len(open_states))}) "
        "UNION ALL SELECT id FROM hazard WHERE closed_on > ?) "
        f"AND (h.deadline < ? OR h.escalation_level IS NOT NULL) AND {where} ORDER BY {deadline}, h.number LIMIT ?",
        (end, *open_states, end, end, *params, limit),
    )
    return tuple(
        OverdueHazard(**row, overdue_days=max(0, (period.end - dt.date.fromisoformat(row["deadline"])).days))
        for row in rows
    )


def major_hazards(conn: Connection, period: Period, scope: Scope) -> tuple[MajorHazard, ...]:
    """表6: major hazards found in the period, with where they stand."""
    start, end = period.span
    where, params = _in("h.unit_id", scope)
    rows = sql.all_dicts(
        conn,
        "SELECT h.number, h.found_date, u.name AS unit, h.location, h.description, l.code AS level, h.deadline, "
        "h.status, h.rectify_person, h.funds_yuan FROM hazard h JOIN org_unit u ON u.id = h.unit_id "
        "JOIN hazard_level l ON l.id = h.level_id WHERE h.found_date BETWEEN ? AND ? AND h.voided = 0 "
        f"AND l.national = 'major' AND {where} ORDER BY h.found_date, h.number",
        (start, end, *params),
    )
    return tuple(MajorHazard(**row) for row in rows)


def allowance_sheet(conn: Connection, month: str, scope: Scope) -> AllowanceSheet:
    """表4: every inspector's assessment and allowance of the (calendar) month — the approved lines once the
    month is approved, else computed from today's records — with the month's adjustments."""
    sheet = allowances.month_sheet(conn, month)
    members = None
    if not scope.whole:
        where, params = _in("unit_id", scope)
        members = {int(r[0]) for r in sql.execute(conn, f"SELECT id FROM inspector WHERE {where}", params)}
    rows = []
    for row in sheet.rows:
        if members is not None and row.inspector_id not in members:
            continue
        m, req = row.measures, row.required
        rows.append(
            AllowanceRow(
                employee_no=row.employee_no,
                name=row.name,
                unit=row.unit,
                duty_shifts=m.get("duty_shifts", 0),
                duty_required=req.get("duty_shifts", 0),
                reports=m.get("reports", 0),
                reports_required=req.get("reports", 0),
                hazards_found=m.get("hazards_found", 0),
                violations_stopped=m.get("violations_stopped", 0),
                suggestions=m.get("suggestions", 0),
                deductions_yuan=-sum(line.effect_yuan for line in row.result.lines if line.kind == "deduction"),
                bonuses_yuan=sum(line.effect_yuan for line in row.result.lines if line.kind == "bonus"),
                cancelled_by=tuple(row.result.cancelled_by),
                allowance_yuan=row.result.amount_yuan,
                adjustment_yuan=row.adjustment_yuan,
                paid_yuan=row.total_yuan,
            )
        )
    approved = sheet.approved
    unknown = set() if approved else allowances.without_sheets(conn, month)
    return AllowanceSheet(
        approved=None if approved is None else Approval(approved["approved_by"], approved["approved_on"]),
        rows=tuple(rows),
        total_yuan=sum(r.paid_yuan for r in rows),
        without_sheets=len(unknown if members is None else unknown & members),
    )


def trend(conn: Connection, month: str, scope: Scope, cutoff: int = 0) -> tuple[TrendPoint, ...]:
    """The twelve statistic months up to *month*: hazards found and closed, 三违 stopped (chart 1)."""
    year, number = int(month[:4]), int(month[5:7])
    months = []
    for back in range(11, -1, -1):
        index = year * 12 + number - 1 - back
        months.append(f"{index // 12}-{index % 12 + 1:02d}")
    h_where, h_params = _in("unit_id", scope)
    v_where, v_params = _in("offender_unit_id", scope)
    first, last = month_period(months[0], cutoff).start.isoformat(), month_period(months[-1], cutoff).end.isoformat()

    next_month = portable.fragments(conn).next_month

    def per_month(column: str, table: str, where: str, params: tuple[Any, ...]) -> dict[str, int]:
        # the statistic month of a date: with a cut-off day d, days after the d-th belong to the next month
        label = (
            f"CASE WHEN ? > 0 AND CAST(substr({column}, 9, 2) AS INTEGER) > ? "
            f"THEN {next_month.format(column)} ELSE substr({column}, 1, 7) END"
        )
        rows = sql.execute(
            conn,
            f"SELECT {label}, count(*) FROM {table} WHERE {column} BETWEEN ? AND ? AND voided = 0 AND {where} "
            "GROUP BY 1",
            (cutoff, cutoff, first, last, *params),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    found = per_month("found_date", "hazard", h_where, h_params)
    closed = per_month("closed_on", "hazard", h_where, h_params)
    stopped = per_month("found_date", "violation", v_where, v_params)
    return tuple(
        TrendPoint(label, found.get(label, 0), closed.get(label, 0), stopped.get(label, 0)) for label in months
    )


def by_category(conn: Connection, period: Period, scope: Scope) -> tuple[CategoryCount, ...]:
    """Hazards found in the period by category (专业), most first (chart 2)."""
    where, params = _in("h.unit_id", scope)
    rows = sql.all_dicts(
        conn,
        "SELECT c.code, c.name, count(*) AS hazards FROM hazard h JOIN lookup_item c ON c.id = h.category_id "
        f"WHERE h.found_date BETWEEN ? AND ? AND h.voided = 0 AND {where} GROUP BY c.id ORDER BY count(*) DESC, c.code",
        (*period.span, *params),
    )
    return tuple(CategoryCount(**row) for row in rows)


def corrections(conn: Connection, month: str) -> tuple[Correction, ...]:
    """Corrections of closed months entered for *month*'s report (更正事项)."""
    rows = sql.all_dicts(
        conn,
        "SELECT for_month, subject, correction, reason FROM report_adjustment WHERE month = ? AND voided = 0 "
        "ORDER BY id",
        (month,),
    )
    return tuple(Correction(**row) for row in rows)


def organisation_name(conn: Connection, scope_code: str | None) -> str:
    """The name printed in a report's title: the scope's, else the top of the organisation tree."""
    if scope_code:
        return scope_of(conn, scope_code).name
    row = sql.first(
        conn, "SELECT name FROM org_unit WHERE parent_id IS NULL AND voided = 0 ORDER BY level = 'mine', code"
    )
    return str(row[0]) if row else ""


def scope_choices(conn: Connection) -> list[tuple[str, str, int]]:
    """Every organisation node a report can be scoped to, as (code, name, depth) in tree order."""
    rows = sql.execute(conn, "SELECT id, parent_id, code, name FROM org_unit WHERE voided = 0 ORDER BY code")
    children: dict[int | None, list[tuple[int, str, str]]] = {}
    ids = set()
    for node, parent, code, name in rows:
        ids.add(int(node))
        children.setdefault(parent, []).append((int(node), str(code), str(name)))
    out: list[tuple[str, str, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for node, code, name in children.get(parent, []):
            out.append((code, name, depth))
            walk(node, depth + 1)

    # roots: no parent, or a parent that was voided
    for parent in [p for p in children if p is None or p not in ids]:
        walk(parent, 0)
    return out
