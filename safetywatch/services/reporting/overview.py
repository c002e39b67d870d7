"""The overview page's figures (概览): the statistic month containing today so far beside the month before,
the twelve-month trend and this month's hazards by category — counted by the monthly report's own tallies, so
the page and the report always agree."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from safetywatch.domain.dashboard import Comparison, Dashboard
from safetywatch.domain.metrics import DASHBOARD
from safetywatch.domain.periods import Period, periods, statistic_month
from safetywatch.domain.report_model import ReportScope
from safetywatch.services.reporting.tallies import by_category, cutoff_day, scope_of, tally, trend


def dashboard(conn: Connection, today: dt.date, scope_code: str | None = None) -> Dashboard:
    """The overview of the scope (None: the whole database) on *today*."""
    cutoff = cutoff_day(conn)
    month = statistic_month(today.isoformat(), cutoff)
    spans = periods(month, cutoff)
    this = Period(spans["month"].start, min(spans["month"].end, today))
    scope = scope_of(conn, scope_code)
    now, before = tally(conn, this, scope), tally(conn, spans["prev_month"], scope)
    return Dashboard(
        month=month,
        period=this,
        prev_period=spans["prev_month"],
        scope=ReportScope(scope.code or None, scope.name),
        figures=tuple(Comparison(metric, now[metric.key], before[metric.key]) for metric in DASHBOARD),
        trend=trend(conn, month, scope, cutoff),
        by_category=by_category(conn, this, scope),
    )
