"""The overview page's figures (概览): the statistic month containing today so far beside the same days of the
month before, the twelve-month trend of complete months and this month's hazards by category — counted by the
monthly report's own tallies, so the page and the report always agree."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from safetywatch.domain.dashboard import Comparison, Dashboard
from safetywatch.domain.metrics import DASHBOARD
from safetywatch.domain.periods import Period, periods, statistic_month
from safetywatch.domain.report_model import ReportScope
from safetywatch.services.reporting.tallies import by_category, cutoff_day, scope_of, tally, trend


def same_days_before(so_far: Period, month: Period, prev_month: Period) -> Period:
    """The part of *prev_month* as long as *so_far* is of *month*: the 5th is compared with the first five days
    of last month, not with all of it (a partial month beside a whole one always looks worse). A month that is
    over is compared with the whole month before."""
    if so_far.end >= month.end:
        return prev_month
    return Period(prev_month.start, min(prev_month.start + (so_far.end - so_far.start), prev_month.end))


def dashboard(conn: Connection, today: dt.date, scope_code: str | None = None) -> Dashboard:
    """The overview of the scope (None: the whole database) on *today*."""
    cutoff = cutoff_day(conn)
    month = statistic_month(today.isoformat(), cutoff)
    spans = periods(month, cutoff)
    this = Period(spans["month"].start, min(spans["month"].end, today))
    before = same_days_before(this, spans["month"], spans["prev_month"])
    scope = scope_of(conn, scope_code)
    now, then = tally(conn, this, scope), tally(conn, before, scope)
    # the trend shows whole months only: the month under way is the figures above it
    # (a statistic month ends on the cut-off day of the month it is named after)
    last_whole = spans["prev_month"].end.strftime("%Y-%m") if this.end < spans["month"].end else month
    return Dashboard(
        month=month,
        period=this,
        prev_period=before,
        scope=ReportScope(scope.code or None, scope.name),
        figures=tuple(Comparison(metric, now[metric.key], then[metric.key]) for metric in DASHBOARD),
        trend=trend(conn, last_whole, scope, cutoff),
        by_category=by_category(conn, this, scope),
    )
