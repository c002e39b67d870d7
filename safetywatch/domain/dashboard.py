"""The overview page's figures (概览): the statistic month containing today so far beside the month before,
counted by the same tallies as the monthly report and shown under the same metric labels (NamedTuples like
the report model's, ``domain.report_model``)."""

from __future__ import annotations

from typing import NamedTuple

from safetywatch.domain.metrics import Metric
from safetywatch.domain.periods import Period
from safetywatch.domain.report_model import CategoryCount, Number, ReportScope, TrendPoint


class Comparison(NamedTuple):
    """One metric this statistic month so far, beside the same days of the month before."""

    metric: Metric
    month: Number
    prev_month: Number


class Dashboard(NamedTuple):
    """The month so far beside the previous month, the twelve-month trend and this month's hazards by
    category — the report's own figures."""

    month: str
    period: Period  # the month so far
    prev_period: Period
    scope: ReportScope
    figures: tuple[Comparison, ...]  # metrics.DASHBOARD, in order
    trend: tuple[TrendPoint, ...]
    by_category: tuple[CategoryCount, ...]

    def figure(self, key: str) -> Comparison:
        for figure in self.figures:
            if figure.metric.key == key:
                return figure
        raise KeyError(key)
