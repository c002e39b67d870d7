"""The monthly report's metrics (月报 表1), declared once.

Each metric has its key (the JSON and CSV name), its Chinese label exactly as 表1 prints it, an English
label for the English interface, and whether it counts or is a rate. The tallies fill them
(``services.reporting.tallies``); the PDF, the CSV, the overview page and docs/report-metrics.md read them
from here (a test keeps the document's table equal to this one). Definitions: docs/report-metrics.md.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    COUNT = "count"  # an integer
    RATE = "rate"  # a fraction 0–1, or None when there is nothing to divide by


class Metric(NamedTuple):
    """One metric (a NamedTuple for the reason given in ``domain.report_model``)."""

    key: str
    chinese: str
    english: str
    kind: Kind
    #: The issue that added the metric (0: from the start): a report stored (closed) before it lacks it.
    since: int = 0
    #: The issue that retired the metric (0: still counted): only a report stored before it carries it.
    until: int = 0

    @property
    def is_rate(self) -> bool:
        return self.kind is Kind.RATE

    @property
    def short_chinese(self) -> str:
        """The label standing alone (a tile): 其中 ("of which") only reads right under the row above in 表1."""
        return self.chinese.removeprefix("其中")

    def label(self, chinese: bool) -> str:
        """The label in the interface language; standing alone, so without 其中."""
        return self.short_chinese if chinese else self.english


C, R = Kind.COUNT, Kind.RATE

#: Every metric, in 表1's order (the JSON's and the CSV's order too).
METRICS: tuple[Metric, ...] = (
    Metric("inspectors_on_roll", "在册群监员（人）", "Inspectors on the roll", C),
    Metric("duty_shifts_scheduled", "应上岗班次", "Duty shifts due", C),
    Metric("duty_shifts_on", "实际上岗班次", "Duty shifts worked", C),
    Metric("on_duty_rate", "上岗率", "On-duty rate", R),
    Metric("report_shifts", "汇报班次", "Shifts with a report", C),
    Metric("report_rate", "汇报率", "Report rate", R),
    Metric("hazards_found", "查出隐患（条）", "Hazards found", C),
    Metric("hazards_major", "其中重大隐患", "Major hazards", C),
    Metric("hazards_fixed_on_site", "其中现场整改", "Fixed on site", C),
    Metric("hazards_found_network", "其中群监网员查出", "Found by the network", C, since=16),
    Metric("hazards_closed", "已销号隐患", "Hazards closed", C),
    Metric("hazards_overdue_open", "逾期未改（期末）", "Overdue, not rectified", C),
    Metric("rectification_rate", "整改率", "Rectification rate", R),
    Metric("violations_stopped", "制止三违（人次）", "三违 stopped", C),
    Metric("violations_stopped_network", "其中群监网员制止", "Stopped by inspectors", C, since=16),
    Metric("violations_command", "三违：违章指挥", "三违: command against rules", C),
    Metric("violations_operation", "三违：违章作业", "三违: operation against rules", C),
    Metric("violations_discipline", "三违：违反劳动纪律", "三违: labour discipline", C),
    Metric("violations_serious", "其中严重三违", "Serious 三违", C),
    Metric("suggestions_made", "合理化建议：提出", "Suggestions made", C),
    Metric("suggestions_adopted", "合理化建议：采纳", "Suggestions adopted", C),
    Metric("squad_activities", "小分队活动（次）", "Squad checks", C),
    Metric("squad_hazards_found", "小分队查出隐患", "Hazards found by squads", C),
    Metric("squad_hazards_rectified", "小分队整改隐患", "Hazards rectified by squads", C),
    Metric("tours", "职工代表巡视（次）", "Representatives' tours", C),
    Metric("tour_reps", "参加代表（人次）", "Representatives on tours", C),
    Metric("tour_representatives", "参加代表（人）", "Distinct representatives", C, since=16),
    Metric("tour_problems_found", "发现问题", "Tour problems found", C),
    Metric("tour_solved_on_site", "问题现场解决", "Problems solved on site", C),
    Metric("tour_solved_afterwards", "问题事后解决", "Problems solved afterwards", C, since=16),
    Metric("tour_due_unsolved", "问题到期未解决（期末）", "Problems due, not solved", C, since=16),
    Metric("tour_open", "问题待解决（期末未到期）", "Problems open, not yet due", C, since=16),
    Metric("family_visits", "女工协管家访（次）", "Family home visits", C),
    # issue 16 §3: every kind of family work with its participants, inspector training, stations set up
    Metric("family_visits_violation", "其中走访三违人员", "Home visits to 三违 offenders", C, since=16),
    Metric("family_visits_worry", "其中走访不放心人员", "Home visits to 不放心人员", C, since=16),
    Metric("family_conflicts", "化解家庭矛盾（起）", "Family conflicts resolved", C, since=16),
    Metric("family_forums", "协管座谈会（次）", "Family forums", C, since=16),
    Metric("family_pithead", "井口慰问（次）", "Pit-head visits", C, since=16),
    Metric("family_participants", "女工协管参加（人次）", "Family work participants", C, since=16),
    Metric("training_sessions", "网员培训（期）", "Inspector training sessions", C, since=16),
    Metric("training_hours", "培训学时", "Training hours", C, since=16),
    Metric("training_person_times", "参训网员（人次）", "Inspectors trained (person-times)", C, since=16),
    Metric("training_inspectors", "参训网员（人）", "Inspectors trained (people)", C, since=16),
    Metric("workstations_new", "新建井口工作站（个）", "Pit-head stations set up", C, since=16),
    Metric("workstations_restored", "恢复井口工作站（个）", "Pit-head stations restored", C, since=16),
)

BY_KEY: dict[str, Metric] = {metric.key: metric for metric in METRICS}

#: Metrics an earlier version counted, which a report stored (closed) before their ``until`` still carries and
#: prints as it did. Issue 16 split the tour problems not solved on site by what happened, not by the promise:
#: "限期解决" counted problems given a deadline, solved or not.
RETIRED: tuple[Metric, ...] = (
    Metric("tour_solved_later", "问题限期解决", "Problems solved by a deadline", C, until=16),
    Metric("tour_unsolved", "问题未解决", "Problems unsolved", C, until=16),
)
RETIRED_BY_KEY: dict[str, Metric] = {metric.key: metric for metric in RETIRED}


def _stored_order() -> tuple[Metric, ...]:
    """Every metric in 表1's order, the retired ones where they stood (after the metric before them then)."""
    after = {"tour_solved_on_site": RETIRED}
    return tuple(m for metric in METRICS for m in (metric, *after.get(metric.key, ())))


#: Every metric a stored report may carry, in the order it printed them (reading a closed month).
STORED_ORDER: tuple[Metric, ...] = _stored_order()

#: The register each metric is counted from, for the "no data" rule (docs/report-metrics.md, "No data"): a
#: period before a register's first record in the scope has no data of it (无记录), not zero; the duty
#: figures have none where the scope's mines kept no shift sheet. The roll (inspectors_on_roll) always counts.
REGISTERS: dict[str, tuple[str, ...]] = {
    "duty": ("duty_shifts_scheduled", "duty_shifts_on", "on_duty_rate", "report_shifts", "report_rate"),
    "hazard": (
        "hazards_found",
        "hazards_major",
        "hazards_fixed_on_site",
        "hazards_found_network",
        "hazards_closed",
        "hazards_overdue_open",
        "rectification_rate",
    ),
    "violation": (
        "violations_stopped",
        "violations_stopped_network",
        "violations_command",
        "violations_operation",
        "violations_discipline",
        "violations_serious",
    ),
    "suggestion": ("suggestions_made", "suggestions_adopted"),
    "squad": ("squad_activities", "squad_hazards_found", "squad_hazards_rectified"),
    "tour": (
        "tours",
        "tour_reps",
        "tour_representatives",
        "tour_problems_found",
        "tour_solved_on_site",
        "tour_solved_afterwards",
        "tour_due_unsolved",
        "tour_open",
    ),
    "family": (
        "family_visits",
        "family_visits_violation",
        "family_visits_worry",
        "family_conflicts",
        "family_forums",
        "family_pithead",
        "family_participants",
    ),
    "training": ("training_sessions", "training_hours", "training_person_times", "training_inspectors"),
    "workstation": ("workstations_new", "workstations_restored"),
}
ALWAYS_COUNTED = ("inspectors_on_roll",)


def metric(key: str) -> Metric:
    return BY_KEY[key]


#: The overview page's tiles, in order: the month so far beside the month before.
DASHBOARD: tuple[Metric, ...] = tuple(
    BY_KEY[key]
    for key in (
        "hazards_found",
        "hazards_closed",
        "hazards_overdue_open",
        "rectification_rate",
        "hazards_major",
        "violations_stopped",
        "on_duty_rate",
        "report_rate",
        "inspectors_on_roll",
        "suggestions_made",
    )
)
