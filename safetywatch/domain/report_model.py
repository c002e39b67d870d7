"""The monthly report (月报) as a typed, frozen model, and the overview page's figures.

``services.reporting.tallies`` fills a :class:`MonthlyReport`; the PDF, the JSON and CSV files and the report
page read it. Its JSON form (``to_json``/``from_json``, layout in docs/report-metrics.md) is what the
command line writes and what a month close stores: stored JSON → model → JSON gives the same JSON, so a
closed month's report is rebuilt exactly and reprints byte for byte.

A report is *stamped* with the organisation named in its title and the minute it was printed when it is
laid out as a PDF (or closed); the JSON carries the stamp only then, and the analysis only when written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Self

from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.i18n import tr
from safetywatch.domain.metrics import BY_KEY, METRICS, Metric
from safetywatch.domain.periods import PERIOD_KEYS, Period

#: A metric's value: a count, a rate (0–1), or None (a rate with nothing to divide by; family visits in a
#: unit scope).
Number = int | float | None


class ReportLayoutError(SafetyWatchError):
    """A stored report whose JSON is not the layout this program reads."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            tr("The stored report is not in a layout this program knows ({problem}).").format(problem=problem)
        )


def _keys(what: str, data: Any, required: Iterable[str], optional: Iterable[str] = ()) -> Mapping[str, Any]:
    """*data* as a JSON object with exactly the *required* keys and perhaps some *optional* ones."""
    if not isinstance(data, dict):
        raise ReportLayoutError(f"{what}: not an object")
    required, allowed = set(required), set(required) | set(optional)
    if not required <= data.keys() <= allowed:
        missing, unknown = sorted(required - data.keys()), sorted(data.keys() - allowed)
        raise ReportLayoutError(f"{what}: missing {missing}, unknown {unknown}")
    return data


def _list(what: str, data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise ReportLayoutError(f"{what}: not a list")
    return data


def _period(what: str, data: Any) -> Period:
    span = _keys(what, data, ("start", "end"))
    return Period(dt.date.fromisoformat(span["start"]), dt.date.fromisoformat(span["end"]))


@dataclass(frozen=True)
class Row:
    """A table row: in JSON an object with exactly the row's fields, in their order (lists as tuples here)."""

    def to_json(self) -> dict[str, Any]:
        return {
            f.name: list(value) if isinstance(value := getattr(self, f.name), tuple) else value for f in fields(self)
        }

    @classmethod
    def from_json(cls, data: Any) -> Self:
        names = [f.name for f in fields(cls)]
        row = _keys(cls.__name__, data, names)
        return cls(**{name: tuple(row[name]) if isinstance(row[name], list) else row[name] for name in names})

    @classmethod
    def many(cls, data: Any) -> tuple[Self, ...]:
        return tuple(cls.from_json(item) for item in _list(cls.__name__, data))


# --- 表1 and the report's frame ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPeriod:
    """The statistic month and the four periods it is compared over (本月, 上月, 本年累计, 去年同期)."""

    label: str  # 'YYYY-MM'
    cutoff_day: int  # 0: calendar months
    month: Period
    prev_month: Period
    ytd: Period
    ytd_last_year: Period

    @classmethod
    def of(cls, label: str, cutoff_day: int, spans: Mapping[str, Period]) -> ReportPeriod:
        return cls(label, cutoff_day, *(spans[key] for key in PERIOD_KEYS))

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "cutoff_day": self.cutoff_day,
            **{key: getattr(self, key).as_json() for key in PERIOD_KEYS},
        }

    @classmethod
    def from_json(cls, data: Any) -> ReportPeriod:
        period = _keys("period", data, ("label", "cutoff_day", *PERIOD_KEYS))
        return cls(period["label"], period["cutoff_day"], *(_period(key, period[key]) for key in PERIOD_KEYS))


@dataclass(frozen=True)
class ReportScope:
    """The whole database (``code`` None) or one organisation node with everything below it."""

    code: str | None
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name}

    @classmethod
    def from_json(cls, data: Any) -> ReportScope:
        scope = _keys("scope", data, ("code", "name"))
        return cls(scope["code"], scope["name"])


@dataclass(frozen=True)
class MetricFigures:
    """One metric over the four periods: a row of 表1."""

    metric: Metric
    month: Number
    prev_month: Number
    ytd: Number
    ytd_last_year: Number

    def values(self) -> tuple[Number, ...]:
        return tuple(getattr(self, key) for key in PERIOD_KEYS)

    def yoy(self) -> tuple[Number, float | None]:
        """同比增减 and 同比 % of the year to date (None where last year is 0 or a figure is missing)."""
        if self.ytd is None or self.ytd_last_year is None:
            return None, None
        delta = self.ytd - self.ytd_last_year
        return delta, (delta / self.ytd_last_year if self.ytd_last_year else None)

    def to_json(self) -> dict[str, Number]:
        return dict(zip(PERIOD_KEYS, self.values(), strict=True))


@dataclass(frozen=True)
class AuditAnchor(Row):
    """The audit chain's head when the figures were counted (printed in every page's footer)."""

    seq: int
    hash: str


# --- 表2–表7 -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow(Row):
    """表2: one 区队."""

    code: str
    name: str
    inspectors: int  # inspector-months on the roll
    on_duty_rate: float | None
    report_rate: float | None
    hazards_major: int
    hazards_general: int
    hazards_closed: int
    hazards_overdue_open: int
    violations_command: int
    violations_operation: int
    violations_discipline: int
    violations_serious: int
    suggestions: int


@dataclass(frozen=True)
class WorkstationRow(Row):
    """表3: one 井口工作站."""

    code: str
    name: str
    duty_marks: int
    report_marks: int
    hazards_received: int
    notices_issued: int
    receipt_rate: float | None


@dataclass(frozen=True)
class AllowanceRow(Row):
    """表4: one inspector's assessment and allowance."""

    employee_no: str
    name: str
    unit: str
    duty_shifts: int
    duty_required: int
    reports: int
    reports_required: int
    hazards_found: int
    violations_stopped: int
    suggestions: int
    deductions_yuan: int
    bonuses_yuan: int
    cancelled_by: tuple[str, ...]  # the rules that cancelled the month's allowance
    allowance_yuan: int
    adjustment_yuan: int
    paid_yuan: int


@dataclass(frozen=True)
class Approval(Row):
    by: str
    on: str


@dataclass(frozen=True)
class AllowanceSheet:
    """表4: the calendar month's allowance sheet — the approved lines once approved."""

    approved: Approval | None
    rows: tuple[AllowanceRow, ...]
    total_yuan: int

    def to_json(self) -> dict[str, Any]:
        return {
            "approved": None if self.approved is None else self.approved.to_json(),
            "rows": [row.to_json() for row in self.rows],
            "total_yuan": self.total_yuan,
        }

    @classmethod
    def from_json(cls, data: Any) -> AllowanceSheet:
        sheet = _keys("allowances", data, ("approved", "rows", "total_yuan"))
        approved = None if sheet["approved"] is None else Approval.from_json(sheet["approved"])
        return cls(approved, AllowanceRow.many(sheet["rows"]), sheet["total_yuan"])


@dataclass(frozen=True)
class HazardRow(Row):
    """What 表5 and 表6 show of a hazard first."""

    number: str
    found_date: str
    unit: str
    location: str
    description: str
    level: str
    deadline: str


@dataclass(frozen=True)
class OverdueHazard(HazardRow):
    """表5: a hazard open past its deadline at the period's end, or under supervision (督办)."""

    rectify_person: str | None
    escalation_level: str | None
    overdue_days: int


@dataclass(frozen=True)
class MajorHazard(HazardRow):
    """表6: a major hazard found in the period, with its state now."""

    status: str
    rectify_person: str | None
    funds_yuan: int | None


@dataclass(frozen=True)
class RepeatOffender(Row):
    """表7: a person with two or more 三违 in the twelve months to the period's end."""

    offender_key: str
    offender_no: str | None
    offender_name: str
    unit_id: int
    unit_name: str
    count: int
    last_date: str
    numbers: str  # their 三违 numbers, space-separated
    serious: int


@dataclass(frozen=True)
class ReportTables:
    """表2 to 表7."""

    by_unit: tuple[UnitRow, ...]
    by_workstation: tuple[WorkstationRow, ...]
    allowances: AllowanceSheet
    overdue: tuple[OverdueHazard, ...]
    major_hazards: tuple[MajorHazard, ...]
    repeat_offenders: tuple[RepeatOffender, ...]


# --- charts and corrections --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint(Row):
    """图1: one statistic month of the twelve up to the report's."""

    month: str
    hazards_found: int
    hazards_closed: int
    violations: int


@dataclass(frozen=True)
class CategoryCount(Row):
    """图2: hazards of one category (专业) found in the period."""

    code: str
    name: str
    hazards: int


@dataclass(frozen=True)
class Correction(Row):
    """A correction of a closed month, listed in a later month's report (更正事项)."""

    for_month: str
    subject: str
    correction: str
    reason: str


# --- the report -------------------------------------------------------------------------------------------

_TABLE_KEYS = (
    "by_unit",
    "by_workstation",
    "allowances",
    "overdue",
    "major_hazards",
    "repeat_offenders",
    "trend",
    "adjustments",
    "by_category",
)


@dataclass(frozen=True)
class MonthlyReport:
    period: ReportPeriod
    scope: ReportScope
    summary: tuple[MetricFigures, ...]  # 表1: every metric, in the declared order
    tables: ReportTables  # 表2–表7
    trend: tuple[TrendPoint, ...]  # 图1
    by_category: tuple[CategoryCount, ...]  # 图2
    corrections: tuple[Correction, ...]  # of closed months, entered for this one
    audit_anchor: AuditAnchor
    analysis: str = ""  # the officer's written analysis, printed at the end
    organisation: str | None = None  # the stamp: the title's organisation …
    generated_at: dt.datetime | None = None  # … and the minute the report was printed

    @property
    def month(self) -> str:
        return self.period.label

    def figures(self, key: str) -> MetricFigures:
        for figures in self.summary:
            if figures.metric.key == key:
                return figures
        raise KeyError(key)

    def with_analysis(self, text: str) -> MonthlyReport:
        return replace(self, analysis=text.strip())

    def stamped(self, organisation: str, generated_at: dt.datetime) -> MonthlyReport:
        """The report as printed by *organisation* at *generated_at* (to the minute, as the PDF shows it)."""
        return replace(self, organisation=organisation, generated_at=generated_at.replace(second=0, microsecond=0))

    def same_figures(self, other: MonthlyReport) -> bool:
        """Whether both count the same: every figure, table, chart and correction (not stamp or analysis)."""
        return (self.summary, self.tables, self.trend, self.by_category, self.corrections) == (
            other.summary,
            other.tables,
            other.trend,
            other.by_category,
            other.corrections,
        )

    def to_json(self) -> dict[str, Any]:
        tables = self.tables
        out: dict[str, Any] = {
            "period": self.period.to_json(),
            "scope": self.scope.to_json(),
            "summary": {figures.metric.key: figures.to_json() for figures in self.summary},
            "tables": {
                "by_unit": [row.to_json() for row in tables.by_unit],
                "by_workstation": [row.to_json() for row in tables.by_workstation],
                "allowances": tables.allowances.to_json(),
                "overdue": [row.to_json() for row in tables.overdue],
                "major_hazards": [row.to_json() for row in tables.major_hazards],
                "repeat_offenders": [row.to_json() for row in tables.repeat_offenders],
                "trend": [point.to_json() for point in self.trend],
                "adjustments": [row.to_json() for row in self.corrections],
                "by_category": [row.to_json() for row in self.by_category],
            },
            "audit_anchor": self.audit_anchor.to_json(),
        }
        if self.analysis:
            out["analysis"] = self.analysis
        if self.organisation is not None:
            out["organisation"] = self.organisation
        if self.generated_at is not None:
            out["generated_at"] = self.generated_at.isoformat(timespec="minutes")
        return out

    @classmethod
    def from_json(cls, data: Any) -> MonthlyReport:
        report = _keys(
            "report",
            data,
            ("period", "scope", "summary", "tables", "audit_anchor"),
            ("analysis", "organisation", "generated_at"),
        )
        summary = _keys("summary", report["summary"], BY_KEY)
        tables = _keys("tables", report["tables"], _TABLE_KEYS)
        stamp = report.get("generated_at")
        return cls(
            period=ReportPeriod.from_json(report["period"]),
            scope=ReportScope.from_json(report["scope"]),
            summary=tuple(
                MetricFigures(metric, *(_keys(metric.key, summary[metric.key], PERIOD_KEYS)[k] for k in PERIOD_KEYS))
                for metric in METRICS
            ),
            tables=ReportTables(
                by_unit=UnitRow.many(tables["by_unit"]),
                by_workstation=WorkstationRow.many(tables["by_workstation"]),
                allowances=AllowanceSheet.from_json(tables["allowances"]),
                overdue=OverdueHazard.many(tables["overdue"]),
                major_hazards=MajorHazard.many(tables["major_hazards"]),
                repeat_offenders=RepeatOffender.many(tables["repeat_offenders"]),
            ),
            trend=TrendPoint.many(tables["trend"]),
            by_category=CategoryCount.many(tables["by_category"]),
            corrections=Correction.many(tables["adjustments"]),
            audit_anchor=AuditAnchor.from_json(report["audit_anchor"]),
            analysis=report.get("analysis", ""),
            organisation=report.get("organisation"),
            generated_at=None if stamp is None else dt.datetime.fromisoformat(stamp),
        )


# --- the overview page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One metric this statistic month so far, beside the whole month before."""

    metric: Metric
    month: Number
    prev_month: Number


@dataclass(frozen=True)
class Dashboard:
    """The overview page: the statistic month containing today (so far) beside the previous month, the
    twelve-month trend and this month's hazards by category — the report's own figures."""

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
