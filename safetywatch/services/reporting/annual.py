"""The annual 群监 summary (年报, issue 16): the union's year in figures, from the same tallies as the monthly
report, so the year's 表1 equals the 本年累计 / 上年同期累计 columns of the report of its last month counted.

Every figure is counted over the year itself (``tallies.tally`` over a year-long period), never summed from
the months: distinct people, end-of-period states and rates come out right, and a metric added to
``domain.metrics`` and ``tallies`` appears here without a change. Definitions: docs/report-metrics.md
("The annual summary").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.metrics import METRICS
from safetywatch.domain.periods import Period, month_period, periods, statistic_month
from safetywatch.domain.report_model import (
    AnnualFigures,
    AnnualPeriod,
    AnnualReport,
    AuditAnchor,
    FiguresRow,
    Number,
    RepeatOffender,
    ReportScope,
    TourRow,
)
from safetywatch.services.core import audit, sql
from safetywatch.services.kinds import violations
from safetywatch.services.reporting import rates, report_months, tallies

#: Years a report can be asked for (a typo such as 20226 gets a clear message, not a date error).
FIRST_YEAR, LAST_YEAR = 2000, 2099


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError.single(
            "year", tr("{year} is not a year the program reports; type it as YYYY, e.g. 2025.").format(year=year)
        )


def annual_period(conn: Connection, year: int, today: dt.date | None = None) -> AnnualPeriod:
    """The statistic year *year* through its last month that has begun on *today* (None: the whole year).
    Refused when the year has not begun, or ended before the database's first record."""
    check_year(year)
    cutoff = tallies.cutoff_day(conn)
    through = f"{year}-12"
    if today is not None:
        current = statistic_month(today.isoformat(), cutoff)
        if f"{year}-01" > current:
            raise ValidationError.single(
                "year",
                tr("{year} has not begun: today ({today}) is in statistic month {current}.").format(
                    year=year, today=today.isoformat(), current=current
                ),
            )
        earliest = report_months.first_month(conn, today)
        if through < earliest:
            raise ValidationError.single(
                "year",
                tr(
                    "{year} is before the first record of this database: it holds no figures for that year. "
                    "Choose {first} or later."
                ).format(year=year, first=earliest[:4]),
            )
        through = min(through, current)
    spans = periods(through, cutoff)
    return AnnualPeriod(year, cutoff, through, spans["ytd"], spans["ytd_last_year"])


def statistic_months(period: AnnualPeriod) -> list[str]:
    """The statistic months counted, January to :attr:`AnnualPeriod.through`."""
    return [f"{period.year}-{number:02d}" for number in range(1, int(period.through[5:7]) + 1)]


def report(conn: Connection, year: int, scope_code: str | None = None, today: dt.date | None = None) -> AnnualReport:
    """The annual summary of *year* for the scope (None: the whole database), unstamped."""
    period = annual_period(conn, year, today)
    scope = tallies.scope_of(conn, scope_code)
    this_year = tallies.tally(conn, period.this_year, scope)
    last_year = tallies.tally(conn, period.last_year, scope)
    months = tuple(
        _row(label, "", tallies.tally(conn, month_period(label, period.cutoff_day), scope))
        for label in statistic_months(period)
    )
    by_mine = tuple(
        _row(mine.code, mine.name, tallies.tally(conn, period.this_year, mine)) for mine in mines_in(conn, scope)
    )
    seq, head = audit.chain_head(conn)
    return AnnualReport(
        period=period,
        scope=ReportScope(scope.code or None, scope.name),
        summary=tuple(AnnualFigures(m, this_year[m.key], last_year[m.key]) for m in METRICS),
        months=months,
        by_mine=by_mine,
        major_hazards=tallies.major_hazards(conn, period.this_year, scope),
        repeat_offenders=repeat_offenders(conn, period.this_year, scope),
        tours=tours(conn, period.this_year, scope),
        audit_anchor=AuditAnchor(seq, head),
    )


def _row(label: str, name: str, figures: dict[str, Number]) -> FiguresRow:
    return FiguresRow(label, name, tuple(figures[m.key] for m in METRICS))


def mines_in(conn: Connection, scope: tallies.Scope) -> list[tallies.Scope]:
    """The mines of a scope that holds several (a group), each as a scope of its own, by code; else none."""
    mines = rates.mines_of_units(conn)
    inside = {mine for node, mine in mines.items() if mine is not None and (scope.whole or node in scope.unit_ids)}
    if len(inside) < 2:
        return []
    codes = {
        int(r[0]): str(r[1])
        for r in sql.execute(conn, "SELECT id, code FROM org_unit WHERE level = 'mine' AND voided = 0")
    }
    return [
        tallies.scope_of(conn, codes[mine]) for mine in sorted(inside, key=lambda m: codes.get(m, "")) if mine in codes
    ]


def repeat_offenders(conn: Connection, period: Period, scope: tallies.Scope) -> tuple[RepeatOffender, ...]:
    """People with two or more 三违 found within the period, most first — counted per person as the monthly
    report's 表7 counts them (``violations.repeat_offenders``: by ``offender_key``), over the period itself."""
    where, params = (
        ("1=1", ())
        if scope.whole
        else (
            f"+v.offender_unit_id IN ({','.join('?' * len(scope.unit_ids))})",
            scope.unit_ids,
        )
    )
    rows = sql.all_dicts(
        conn,
        f"SELECT {violations.offender_columns(conn)} "
        "FROM violation v JOIN org_unit u ON u.id = v.offender_unit_id JOIN lookup_item s ON s.id = v.severity_id "
        f"WHERE v.found_date BETWEEN ? AND ? AND v.voided = 0 AND {where} "
        "GROUP BY v.offender_key HAVING count(*) >= 2 ORDER BY count DESC, last_date DESC, v.offender_key",
        (*period.span, *params),
    )
    return tuple(RepeatOffender(**row) for row in rows)


def tours(conn: Connection, period: Period, scope: tallies.Scope) -> tuple[TourRow, ...]:
    """The representatives' tours of the period with their problems by outcome; in a unit scope the tours
    with a problem of the scope's units (as ``tallies.tally`` counts them)."""
    where, params = (
        ("1=1", ())
        if scope.whole
        else (
            f"p.unit_id IN ({','.join('?' * len(scope.unit_ids))})",
            scope.unit_ids,
        )
    )
    rows = sql.all_dicts(
        conn,
        # each problem's outcome as of the period's last day, as tours.outcome decides it
        "SELECT on_date, organiser, areas, reps, count(outcome) AS problems, "
        "coalesce(sum(CASE WHEN outcome = 'on_site' THEN 1 ELSE 0 END), 0) AS solved_on_site, "
        "coalesce(sum(CASE WHEN outcome = 'afterwards' THEN 1 ELSE 0 END), 0) AS solved_afterwards, "
        "coalesce(sum(CASE WHEN outcome = 'due' THEN 1 ELSE 0 END), 0) AS due_unsolved, "
        "coalesce(sum(CASE WHEN outcome = 'open' THEN 1 ELSE 0 END), 0) AS open "
        "FROM (SELECT t.id, t.on_date, t.organiser, t.areas, t.reps, CASE WHEN p.id IS NULL THEN NULL "
        "WHEN p.status = 'on_site' THEN 'on_site' WHEN p.solved_on IS NOT NULL AND p.solved_on <= ? "
        "THEN 'afterwards' WHEN p.deadline IS NOT NULL AND p.deadline < ? THEN 'due' ELSE 'open' END AS outcome "
        "FROM tour t "
        f"LEFT JOIN tour_problem p ON p.tour_id = t.id AND p.voided = 0 AND {where} "
        "WHERE t.on_date BETWEEN ? AND ? AND t.voided = 0) AS x GROUP BY id, on_date, organiser, areas, reps "
        + ("" if scope.whole else "HAVING count(outcome) > 0 ")
        + "ORDER BY on_date, id",
        (period.span[1], period.span[1], *params, *period.span),
    )
    return tuple(TourRow(**row) for row in rows)


def summary(conn: Connection, year: int, scope_code: str | None = None) -> dict[str, Any]:
    """The annual summary's JSON (see :func:`report`)."""
    return report(conn, year, scope_code).to_json()
