"""The monthly report (月报) as a typed, immutable model.

``services.reporting.tallies`` fills a :class:`MonthlyReport`; the PDF, the JSON and CSV files and the report
page read it. Its JSON form (``to_json``/``from_json``, layout in docs/report-metrics.md) is what the
command line writes and what a month close stores: stored JSON → model → JSON gives the same JSON, so a
closed month's report is rebuilt exactly and reprints byte for byte. Reading is strict: a key missing or
unknown anywhere raises :class:`ReportLayoutError` naming it.

A report is *stamped* with the organisation named in its title and the minute it was printed when it is
laid out as a PDF (or closed); the JSON carries the stamp only then, and the analysis only when written.

Every class here is a ``NamedTuple``, not a frozen dataclass (like ``rates.RateRow``): every report command
and the program's start import this module, and a frozen dataclass compiles three to six generated methods
when it is defined — ~10 ms for this module's twenty kinds, more than the whole model is worth; a report
also builds a few hundred rows, which a tuple builds faster. They are immutable and typed all the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar

from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.i18n import tr
from safetywatch.domain.metrics import BY_KEY, METRICS, RETIRED_BY_KEY, STORED_ORDER, Metric
from safetywatch.domain.periods import PERIOD_KEYS, Period

#: A metric's value: a count, a rate (0–1), or None — no data (无记录): a rate with nothing to divide by, a
#: register not kept yet in the period, family visits in a unit scope (docs/report-metrics.md, "No data").
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
    required = set(required)
    allowed = required | set(optional)
    if not required <= data.keys() <= allowed:
        missing, unknown = sorted(required - data.keys()), sorted(data.keys() - allowed)
        raise ReportLayoutError(f"{what}: missing {missing}, unknown {unknown}")
    return data


def _list(what: str, data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise ReportLayoutError(f"{what}: not a list")
    return data


R = TypeVar("R")


class _Row(Protocol):
    def _asdict(self) -> dict[str, Any]: ...


def _rows(what: str, kind: Callable[..., R], names: Sequence[str], data: Any) -> tuple[R, ...]:
    """A JSON list of *what* as rows of *kind* (whose fields are *names*), each with exactly those keys."""
    return tuple(kind(**_keys(what, item, names)) for item in _list(what, data))


def _json(rows: Iterable[_Row]) -> list[dict[str, Any]]:
    return [row._asdict() for row in rows]


def _period(what: str, data: Any) -> Period:
    span = _keys(what, data, ("start", "end"))
    return Period(
        _parsed(what, dt.date.fromisoformat, span["start"]), _parsed(what, dt.date.fromisoformat, span["end"])
    )


def _parsed(what: str, parse: Callable[[str], R], text: Any) -> R:
    """*text* read by *parse* (a date or a time), or the layout error naming *what*."""
    try:
        return parse(text)
    except (TypeError, ValueError):
        raise ReportLayoutError(f"{what}: not a date or time: {text!r}") from None


# --- 表1 and the report's frame ----------------------------------------------------------------------------


class ReportPeriod(NamedTuple):
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


class ReportScope(NamedTuple):
    """The whole database (``code`` None) or one organisation node with everything below it."""

    code: str | None
    name: str


class MetricFigures(NamedTuple):
    """One metric over the four periods: a row of 表1."""

    metric: Metric
    month: Number
    prev_month: Number
    ytd: Number
    ytd_last_year: Number

    def values(self) -> tuple[Number, Number, Number, Number]:
        return self.month, self.prev_month, self.ytd, self.ytd_last_year

    def yoy(self) -> tuple[Number, float | None]:
        """同比增减 and 同比 % of the year to date (None where last year is 0 or a figure is missing)."""
        if self.ytd is None or self.ytd_last_year is None:
            return None, None
        delta = self.ytd - self.ytd_last_year
        return delta, (delta / self.ytd_last_year if self.ytd_last_year else None)


class AuditAnchor(NamedTuple):
    """The audit chain's head when the figures were counted (printed in every page's footer)."""

    seq: int
    hash: str


# --- 表2–表7 -----------------------------------------------------------------------------------------------


class UnitRow(NamedTuple):
    """表2: one 区队 — or, in ``ReportTables.by_mine``, one mine's subtotal (``code``/``name`` the mine's)."""

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
    #: The unit's mine when the scope holds several (a group): only then in the JSON (issue 16).
    mine: str | None = None

    def to_json(self) -> dict[str, Any]:
        row = self._asdict()
        if self.mine is None:
            del row["mine"]
        return row

    @classmethod
    def list_from_json(cls, what: str, data: Any) -> tuple[UnitRow, ...]:
        required = cls._fields[:-1]
        return tuple(cls(**_keys(what, item, required, ("mine",))) for item in _list(what, data))


class WorkstationRow(NamedTuple):
    """表3: one 井口工作站."""

    code: str
    name: str
    duty_marks: int
    report_marks: int
    hazards_received: int
    notices_issued: int
    receipt_rate: float | None


class AllowanceRow(NamedTuple):
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
    cancelled_by: tuple[str, ...]  # the rules that cancelled the month's allowance (a list in JSON)
    allowance_yuan: int
    adjustment_yuan: int
    paid_yuan: int


class Approval(NamedTuple):
    by: str
    on: str


class AllowanceSheet(NamedTuple):
    """表4: the calendar month's allowance sheet — the approved lines once approved."""

    approved: Approval | None
    rows: tuple[AllowanceRow, ...]
    total_yuan: int
    #: Inspectors of the scope whose mine kept no shift sheet in the month: their allowance is not computed
    #: (no data is not "all cancelled"); in the JSON only when there are some (issue 16).
    without_sheets: int = 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "approved": None if self.approved is None else self.approved._asdict(),
            "rows": [{**row._asdict(), "cancelled_by": list(row.cancelled_by)} for row in self.rows],
            "total_yuan": self.total_yuan,
        }
        if self.without_sheets:
            out["without_sheets"] = self.without_sheets
        return out

    @classmethod
    def from_json(cls, data: Any) -> AllowanceSheet:
        sheet = _keys("allowances", data, ("approved", "rows", "total_yuan"), ("without_sheets",))
        approved = sheet["approved"]
        rows = _rows("allowances.rows", AllowanceRow, AllowanceRow._fields, sheet["rows"])
        return cls(
            None if approved is None else Approval(**_keys("allowances.approved", approved, Approval._fields)),
            tuple(row._replace(cancelled_by=tuple(row.cancelled_by)) for row in rows),
            sheet["total_yuan"],
            sheet.get("without_sheets", 0),
        )


class OverdueHazard(NamedTuple):
    """表5: a hazard open past its deadline at the period's end, or under supervision (督办)."""

    number: str
    found_date: str
    unit: str
    location: str
    description: str
    level: str
    deadline: str
    rectify_person: str | None
    escalation_level: str | None
    overdue_days: int


class MajorHazard(NamedTuple):
    """表6: a major hazard found in the period, with its state now."""

    number: str
    found_date: str
    unit: str
    location: str
    description: str
    level: str
    deadline: str
    status: str
    rectify_person: str | None
    funds_yuan: int | None


class RepeatOffender(NamedTuple):
    """表7: a person with two or more 三违 in the twelve months to the period's end."""

    offender_key: str
    offender_no: str | None
    offender_name: str
    unit_id: int
    unit_name: str
    count: int  # type: ignore[assignment]  # the JSON's name; it hides tuple.count, which nothing here uses
    last_date: str
    numbers: str  # their 三违 numbers, space-separated
    serious: int


class ReportTables(NamedTuple):
    """表2 to 表7."""

    by_unit: tuple[UnitRow, ...]
    by_workstation: tuple[WorkstationRow, ...]
    allowances: AllowanceSheet
    overdue: tuple[OverdueHazard, ...]
    major_hazards: tuple[MajorHazard, ...]
    repeat_offenders: tuple[RepeatOffender, ...]
    #: 表2's per-mine subtotals when the scope holds several mines (a group); empty otherwise (issue 16).
    by_mine: tuple[UnitRow, ...] = ()


# --- charts and corrections --------------------------------------------------------------------------------


class TrendPoint(NamedTuple):
    """图1: one statistic month of the twelve up to the report's."""

    month: str
    hazards_found: int
    hazards_closed: int
    violations: int


class CategoryCount(NamedTuple):
    """图2: hazards of one category (专业) found in the period."""

    code: str
    name: str
    hazards: int


class Correction(NamedTuple):
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
#: Tables a report stored before the issue that added them lacks (and that an empty one leaves out).
_LATER_TABLE_KEYS = ("by_mine",)
#: Metrics a report stored before the issue that added them lacks.
_LATER_METRICS = tuple(metric.key for metric in METRICS if metric.since)


class StationCoverage(NamedTuple):
    """At an office (issue 15): how far one station's records reach into the report."""

    code: str
    name: str
    data_until: str | None  # the station's last event the office holds, local time 'YYYY-MM-DD HH:MM'
    late: bool  # nothing from the station since the period ended: its figures may be incomplete


class MonthlyReport(NamedTuple):
    period: ReportPeriod
    scope: ReportScope
    summary: tuple[MetricFigures, ...]  # 表1: every metric, in the declared order (as stored: perhaps fewer)
    tables: ReportTables  # 表2–表7
    trend: tuple[TrendPoint, ...]  # 图1
    by_category: tuple[CategoryCount, ...]  # 图2
    corrections: tuple[Correction, ...]  # of closed months, entered for this one
    audit_anchor: AuditAnchor
    analysis: str = ""  # the officer's written analysis, printed at the end
    organisation: str | None = None  # the stamp: the title's organisation …
    generated_at: dt.datetime | None = None  # … and the minute the report was printed
    stations: tuple[StationCoverage, ...] = ()  # at an office: each station's 数据截至

    @property
    def month(self) -> str:
        return self.period.label

    def figures(self, key: str) -> MetricFigures:
        for figures in self.summary:
            if figures.metric.key == key:
                return figures
        raise KeyError(key)

    def with_analysis(self, text: str) -> MonthlyReport:
        return self._replace(analysis=text.strip())

    def stamped(self, organisation: str, generated_at: dt.datetime) -> MonthlyReport:
        """The report as printed by *organisation* at *generated_at* (to the minute, as the PDF shows it)."""
        return self._replace(organisation=organisation, generated_at=generated_at.replace(second=0, microsecond=0))

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
            "scope": self.scope._asdict(),
            "summary": {
                figures.metric.key: dict(zip(PERIOD_KEYS, figures.values(), strict=True)) for figures in self.summary
            },
            "tables": {
                "by_unit": [row.to_json() for row in tables.by_unit],
                "by_workstation": _json(tables.by_workstation),
                "allowances": tables.allowances.to_json(),
                "overdue": _json(tables.overdue),
                "major_hazards": _json(tables.major_hazards),
                "repeat_offenders": _json(tables.repeat_offenders),
                "trend": _json(self.trend),
                "adjustments": _json(self.corrections),
                "by_category": _json(self.by_category),
            },
            "audit_anchor": self.audit_anchor._asdict(),
        }
        if tables.by_mine:
            out["tables"]["by_mine"] = [row.to_json() for row in tables.by_mine]
        if self.analysis:
            out["analysis"] = self.analysis
        if self.organisation is not None:
            out["organisation"] = self.organisation
        if self.generated_at is not None:
            out["generated_at"] = self.generated_at.isoformat(timespec="minutes")
        if self.stations:  # only at an office: the reports of a single PC stay as they were
            out["stations"] = _json(self.stations)
        return out

    @classmethod
    def from_json(cls, data: Any) -> MonthlyReport:
        report = _keys(
            "report",
            data,
            ("period", "scope", "summary", "tables", "audit_anchor"),
            ("analysis", "organisation", "generated_at", "stations"),
        )
        summary = _keys(
            "summary", report["summary"], BY_KEY.keys() - set(_LATER_METRICS), (*_LATER_METRICS, *RETIRED_BY_KEY)
        )
        tables = _keys("tables", report["tables"], _TABLE_KEYS, _LATER_TABLE_KEYS)
        stamp = report.get("generated_at")
        return cls(
            period=ReportPeriod.from_json(report["period"]),
            scope=ReportScope(**_keys("scope", report["scope"], ReportScope._fields)),
            summary=tuple(
                MetricFigures(metric, *(_keys(metric.key, summary[metric.key], PERIOD_KEYS)[k] for k in PERIOD_KEYS))
                for metric in STORED_ORDER
                if metric.key in summary
            ),
            tables=ReportTables(
                by_unit=UnitRow.list_from_json("by_unit", tables["by_unit"]),
                by_workstation=_rows(
                    "by_workstation", WorkstationRow, WorkstationRow._fields, tables["by_workstation"]
                ),
                allowances=AllowanceSheet.from_json(tables["allowances"]),
                overdue=_rows("overdue", OverdueHazard, OverdueHazard._fields, tables["overdue"]),
                major_hazards=_rows("major_hazards", MajorHazard, MajorHazard._fields, tables["major_hazards"]),
                repeat_offenders=_rows(
                    "repeat_offenders", RepeatOffender, RepeatOffender._fields, tables["repeat_offenders"]
                ),
                by_mine=UnitRow.list_from_json("by_mine", tables.get("by_mine", [])),
            ),
            trend=_rows("trend", TrendPoint, TrendPoint._fields, tables["trend"]),
            by_category=_rows("by_category", CategoryCount, CategoryCount._fields, tables["by_category"]),
            corrections=_rows("adjustments", Correction, Correction._fields, tables["adjustments"]),
            audit_anchor=AuditAnchor(**_keys("audit_anchor", report["audit_anchor"], AuditAnchor._fields)),
            analysis=report.get("analysis", ""),
            organisation=report.get("organisation"),
            generated_at=None if stamp is None else _parsed("generated_at", dt.datetime.fromisoformat, stamp),
            stations=_rows("stations", StationCoverage, StationCoverage._fields, report.get("stations", [])),
        )


# --- the annual summary (年报, issue 16) --------------------------------------------------------------------

#: The issue that added the annual summary: a year closed then holds every metric of that issue; a metric
#: added later (``Metric.since`` above this) may be missing from a year closed before it.
ANNUAL_SINCE = 16


_YEARS = ("this_year", "last_year")


class AnnualPeriod(NamedTuple):
    """The statistic year counted, through its last statistic month that has begun (the whole year once it
    has ended), and the same part of the year before."""

    year: int
    cutoff_day: int  # 0: calendar months
    through: str  # 'YYYY-MM': the last statistic month counted (December once the year is over)
    this_year: Period
    last_year: Period

    @property
    def whole_year(self) -> bool:
        return self.through.endswith("-12")

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "cutoff_day": self.cutoff_day,
            "through": self.through,
            "this_year": self.this_year.as_json(),
            "last_year": self.last_year.as_json(),
        }

    @classmethod
    def from_json(cls, data: Any) -> AnnualPeriod:
        period = _keys("period", data, cls._fields)
        return cls(
            period["year"],
            period["cutoff_day"],
            period["through"],
            _period("this_year", period["this_year"]),
            _period("last_year", period["last_year"]),
        )


class AnnualFigures(NamedTuple):
    """One metric over the year and the same part of the year before: a row of the annual 表1."""

    metric: Metric
    this_year: Number
    last_year: Number

    def yoy(self) -> tuple[Number, float | None]:
        """同比增减 and 同比 % (None where last year is 0 or a figure is missing: no data is not zero)."""
        if self.this_year is None or self.last_year is None:
            return None, None
        delta = self.this_year - self.last_year
        return delta, (delta / self.last_year if self.last_year else None)


class FiguresRow(NamedTuple):
    """Every metric of one statistic month (``label`` 'YYYY-MM') or of one mine (``label`` its code, ``name``
    its name) over the year, in the order of the report's metrics (:attr:`AnnualReport.metrics`)."""

    label: str
    name: str
    figures: tuple[Number, ...]

    def to_json(self, metrics: Sequence[Metric]) -> dict[str, Any]:
        return {
            "label": self.label,
            "name": self.name,
            "figures": {m.key: value for m, value in zip(metrics, self.figures, strict=True)},
        }

    @classmethod
    def list_from_json(cls, what: str, data: Any, metrics: Sequence[Metric]) -> tuple[FiguresRow, ...]:
        rows = []
        for item in _list(what, data):
            row = _keys(what, item, cls._fields)
            figures = _keys(f"{what}.figures", row["figures"], [m.key for m in metrics])
            rows.append(cls(row["label"], row["name"], tuple(figures[m.key] for m in metrics)))
        return tuple(rows)


class TourRow(NamedTuple):
    """A representatives' tour (职工代表巡视) of the year, with its problems by outcome."""

    on_date: str
    organiser: str
    areas: str
    reps: int
    problems: int  # = the four outcomes below, as of the period's last day (``tours.outcome``)
    solved_on_site: int
    solved_afterwards: int
    due_unsolved: int
    open: int


class AnnualReport(NamedTuple):
    """The union's annual 群监 summary: 表1 (every metric, this year and last), the statistic months, the mines
    of a group scope, and the lists a summary quotes. Its JSON (``to_json``) is what ``report --year`` writes
    and a year close stores; ``from_json`` reads it back strictly."""

    period: AnnualPeriod
    scope: ReportScope
    summary: tuple[AnnualFigures, ...]  # every metric, in the declared order (as stored: perhaps fewer)
    months: tuple[FiguresRow, ...]  # one per statistic month counted
    by_mine: tuple[FiguresRow, ...]  # one per mine when the scope holds several (a group); else ()
    major_hazards: tuple[MajorHazard, ...]
    repeat_offenders: tuple[RepeatOffender, ...]  # two or more 三违 within the year counted
    tours: tuple[TourRow, ...]
    audit_anchor: AuditAnchor
    organisation: str | None = None  # the stamp, as in MonthlyReport
    generated_at: dt.datetime | None = None

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The metrics this report holds, in order (the columns of :attr:`months` and :attr:`by_mine`)."""
        return tuple(figures.metric for figures in self.summary)

    def figures(self, key: str) -> AnnualFigures:
        for figures in self.summary:
            if figures.metric.key == key:
                return figures
        raise KeyError(key)

    def stamped(self, organisation: str, generated_at: dt.datetime) -> AnnualReport:
        return self._replace(organisation=organisation, generated_at=generated_at.replace(second=0, microsecond=0))

    def same_figures(self, other: AnnualReport) -> bool:
        """Whether both count the same: every figure and list (not the stamp, nor the chain head they were
        counted at: an unrelated event in between does not change a figure)."""
        ignored: dict[str, Any] = {"organisation": None, "generated_at": None, "audit_anchor": None}
        return self._replace(**ignored) == other._replace(**ignored)

    def to_json(self) -> dict[str, Any]:
        metrics = self.metrics
        out: dict[str, Any] = {
            "kind": "annual",
            "period": self.period.to_json(),
            "scope": self.scope._asdict(),
            "summary": {f.metric.key: {"this_year": f.this_year, "last_year": f.last_year} for f in self.summary},
            "months": [row.to_json(metrics) for row in self.months],
            "by_mine": [row.to_json(metrics) for row in self.by_mine],
            "major_hazards": _json(self.major_hazards),
            "repeat_offenders": _json(self.repeat_offenders),
            "tours": _json(self.tours),
            "audit_anchor": self.audit_anchor._asdict(),
        }
        if self.organisation is not None:
            out["organisation"] = self.organisation
        if self.generated_at is not None:
            out["generated_at"] = self.generated_at.isoformat(timespec="minutes")
        return out

    @classmethod
    def from_json(cls, data: Any) -> AnnualReport:
        report = _keys(
            "report",
            data,
            (
                "kind",
                "period",
                "scope",
                "summary",
                "months",
                "by_mine",
                "major_hazards",
                "repeat_offenders",
                "tours",
                "audit_anchor",
            ),
            ("organisation", "generated_at"),
        )
        if report["kind"] != "annual":
            raise ReportLayoutError(f"kind: {report['kind']!r}, not 'annual'")
        later = [m.key for m in METRICS if m.since > ANNUAL_SINCE]
        summary = _keys("summary", report["summary"], BY_KEY.keys() - set(later), later)
        metrics = tuple(metric for metric in METRICS if metric.key in summary)
        stamp = report.get("generated_at")
        return cls(
            period=AnnualPeriod.from_json(report["period"]),
            scope=ReportScope(**_keys("scope", report["scope"], ReportScope._fields)),
            summary=tuple(
                AnnualFigures(m, *(_keys(m.key, summary[m.key], _YEARS)[year] for year in _YEARS)) for m in metrics
            ),
            months=FiguresRow.list_from_json("months", report["months"], metrics),
            by_mine=FiguresRow.list_from_json("by_mine", report["by_mine"], metrics),
            major_hazards=_rows("major_hazards", MajorHazard, MajorHazard._fields, report["major_hazards"]),
            repeat_offenders=_rows(
                "repeat_offenders", RepeatOffender, RepeatOffender._fields, report["repeat_offenders"]
            ),
            tours=_rows("tours", TourRow, TourRow._fields, report["tours"]),
            audit_anchor=AuditAnchor(**_keys("audit_anchor", report["audit_anchor"], AuditAnchor._fields)),
            organisation=report.get("organisation"),
            generated_at=None if stamp is None else _parsed("generated_at", dt.datetime.fromisoformat, stamp),
        )
