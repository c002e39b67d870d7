"""The annual summary (年报) as an A4 PDF, from a stamped :class:`~safetywatch.domain.report_model.AnnualReport`.

It is laid out with the monthly report's building blocks (``monthly_pdf``: the embedded WenQuanYi font, the
escaped cells, the numbered pages with the audit anchor in the footer, ``rl_config.invariant``), so what
holds for the month holds for the year: the same content gives the same bytes, and a closed year reprints
byte for byte — nothing printed here may change without breaking the reprint of the years closed before.

ReportLab takes ~110 ms to import: ``reports.pdf`` imports this module on the first annual PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from safetywatch.domain.report_model import AnnualReport, FiguresRow, Number, TrendPoint
from safetywatch.reports.formats import UNVERIFIED_MARK
from safetywatch.reports.monthly_pdf import (
    HAZARD_FIELDS,
    HAZARD_HEADER,
    HEADING,
    NO_DATA,
    SMALL,
    TITLE,
    MonthlyReportPdf,
    PdfResult,
    _change,
    _number,
    _Text,
    _trend_drawing,
)
from safetywatch.services.maintenance.anchors import printed_form

#: The figures of the month-by-month and per-mine tables (every figure is in 表1 and the JSON), with their
#: column headers; a metric a stored report lacks is left out.
MAIN_FIGURES = (
    ("hazards_found", "查出隐患"),
    ("hazards_major", "重大隐患"),
    ("hazards_closed", "销号隐患"),
    ("rectification_rate", "整改率"),
    ("violations_stopped", "制止三违"),
    ("violations_serious", "严重三违"),
    ("suggestions_made", "合理化建议"),
    ("squad_activities", "小分队活动"),
    ("tours", "代表巡视"),
    ("tour_problems_found", "巡视问题"),
    ("on_duty_rate", "上岗率"),
    ("report_rate", "汇报率"),
)

#: Major hazards listed in the PDF at most: a group's year can hold thousands (the JSON lists them all).
MAJOR_LISTED = 300


class AnnualReportPdf(MonthlyReportPdf):
    """Lays out one annual summary: a method per part, in the order printed (:meth:`story`). The grid, cell
    and listing blocks are the monthly report's (:class:`MonthlyReportPdf`)."""

    def __init__(self, report: AnnualReport, unverified: Sequence[str] = ()) -> None:
        if report.organisation is None or report.generated_at is None:
            raise ValueError("only a stamped report is printed (AnnualReport.stamped)")
        self.annual = report
        self.unverified = list(unverified)
        self.footer_before_13 = self.cells_before_14 = self.no_data_before_16 = False
        self.organisation = report.organisation
        self.generated_at = report.generated_at
        self.text = _Text()
        self.pages = 0

    def document_title(self) -> str:
        return f"{self.organisation} 群众安全监督网工作年报 {self.annual.period.year}"

    def footer(self) -> str:
        footer = f"审计链锚点 {printed_form(*self.annual.audit_anchor)}　生成 {self.generated_at:%Y-%m-%d %H:%M}"
        return f"{UNVERIFIED_MARK}　{footer}" if self.unverified else footer

    def story(self) -> list[Flowable]:
        return [
            *self.unverified_notice(),
            *self.annual_title(),
            *self.annual_summary(),
            *self.annual_trend(),
            *self.by_month(),
            *self.mines(),
            *self.annual_major_hazards(),
            *self.annual_repeat_offenders(),
            *self.annual_tours(),
            *self.signatures(),
        ]

    # --- the parts, in print order -----------------------------------------------------------------------
    def _counted(self) -> str:
        """What the year's column counts: the whole year, or January to the last month counted."""
        period = self.annual.period
        return "本年" if period.whole_year else f"本年1–{int(period.through[5:7])}月"

    def annual_title(self) -> list[Flowable]:
        report, text = self.annual, self.text
        unit_name = report.scope.name if report.scope.code else self.organisation
        span = report.period.this_year
        return [
            Paragraph(f"{text(self.organisation)} 群众安全监督网工作年报 {report.period.year}年", TITLE),
            Paragraph(
                f"填报单位：{text(unit_name)}　　统计期：{span.start.isoformat()} 至 {span.end.isoformat()}"
                f"（{self._counted()}）　　生成时间：{self.generated_at:%Y-%m-%d %H:%M}",
                SMALL,
            ),
            Spacer(1, 4 * mm),
        ]

    def annual_summary(self) -> list[Flowable]:
        """表1: every metric this year and last, with the change (no data: 无记录, and no change)."""
        whole = self.annual.period.whole_year
        header = ["项目", self._counted(), "上年" if whole else "上年同期", "同比增减", "同比%"]
        rows = []
        for figures in self.annual.summary:
            rate = figures.metric.is_rate
            delta, percent = _change(figures.this_year, figures.last_year, rate)
            values = (_number(v, rate, NO_DATA) for v in (figures.this_year, figures.last_year))
            rows.append([figures.metric.chinese, *values, delta, percent])
        return [Paragraph("表1 全年综合情况", HEADING), self.table(header, rows, (62, 30, 30, 34, 30))]

    def annual_trend(self) -> list[Flowable]:
        """图1: hazards found and closed and 三违 stopped, month by month."""
        index = {m.key: i for i, m in enumerate(self.annual.metrics)}
        keys = ("hazards_found", "hazards_closed", "violations_stopped")
        if not self.annual.months or not all(k in index for k in keys):
            return []

        def count(row: FiguresRow, key: str) -> int:
            return int(row.figures[index[key]] or 0)

        points = [TrendPoint(row.label, *(count(row, key) for key in keys)) for row in self.annual.months]
        figure = _trend_drawing(points, 186 * mm, 60 * mm)
        return [KeepTogether([Paragraph("图1 分月隐患与三违趋势", HEADING), figure])]

    def _main(self) -> list[tuple[int, str, bool]]:
        """The main figures this report holds: (index in the rows, header, is a rate)."""
        index = {m.key: (i, m.is_rate) for i, m in enumerate(self.annual.metrics)}
        return [(index[key][0], header, index[key][1]) for key, header in MAIN_FIGURES if key in index]

    def _cells(self, figures: Sequence[Number], main: list[tuple[int, str, bool]]) -> list[Any]:
        return [_number(figures[i], rate, NO_DATA) for i, _header, rate in main]

    def by_month(self) -> list[Flowable]:
        """表2: the main figures of each statistic month counted."""
        main = self._main()
        rows = [[f"{int(row.label[5:7])}月", *self._cells(row.figures, main)] for row in self.annual.months]
        rows.append(["全年" if self.annual.period.whole_year else "合计", *self._total(main)])
        widths = (14, *((186 - 14) / len(main),) * len(main))
        # one block (13 rows): its heading never stays behind at the foot of a page
        return [
            KeepTogether(
                [
                    Paragraph("表2 分月情况", HEADING),
                    self.table(["月份", *(h for _, h, _ in main)], rows, widths, shaded=[len(rows) - 1]),
                ]
            )
        ]

    def _total(self, main: list[tuple[int, str, bool]]) -> list[Any]:
        """The year's figures (表1's, counted over the year: rates and people are not sums of the months)."""
        return self._cells([figures.this_year for figures in self.annual.summary], main)

    def mines(self) -> list[Flowable]:
        """表3: the main figures of each mine over the year, with the scope's total (a group only)."""
        if not self.annual.by_mine:
            return []
        main = self._main()
        rows = [[row.name, *self._cells(row.figures, main)] for row in self.annual.by_mine]
        rows.append(["合计", *self._total(main)])
        widths = (26, *((186 - 26) / len(main),) * len(main))
        return [
            KeepTogether(
                [
                    Paragraph("表3 分矿情况", HEADING),
                    self.table(["矿", *(h for _, h, _ in main)], rows, widths, shaded=[len(rows) - 1]),
                ]
            )
        ]

    def _number_of(self, table: int) -> str:
        return f"表{table + (1 if self.annual.by_mine else 0)}"

    def annual_major_hazards(self) -> list[Flowable]:
        """The year's major hazards: the first :data:`MAJOR_LISTED` printed, the rest counted (the JSON and
        the hazard register hold them all)."""
        hazards = self.annual.major_hazards
        listed = self.listing(
            f"{self._number_of(3)} 本年重大隐患",
            [*HAZARD_HEADER, "状态", "责任人"],
            hazards[:MAJOR_LISTED],
            (*HAZARD_FIELDS, "status", "rectify_person"),
            (27, 19, 16, 22, 39, 9, 19, 15, 14),
        )
        more = len(hazards) - MAJOR_LISTED
        if more > 0:
            listed.append(
                Paragraph(f"另有 {more} 条重大隐患未列出（共 {len(hazards)} 条），见隐患台账或年报 JSON。", SMALL)
            )
        return listed

    def annual_repeat_offenders(self) -> list[Flowable]:
        return self.listing(
            f"{self._number_of(4)} 三违人员名单（本年重复违章）",
            ["工号", "姓名", "单位", "次数", "其中严重", "最近一次", "编号"],
            self.annual.repeat_offenders,
            ("offender_no", "offender_name", "unit_name", "count", "serious", "last_date", "numbers"),
            (18, 16, 20, 10, 12, 18, 92),
        )

    def annual_tours(self) -> list[Flowable]:
        return self.listing(
            f"{self._number_of(5)} 职工代表巡视",
            ["日期", "组织", "巡视区域", "代表人数", "发现问题", "现场解决", "事后解决", "到期未解决", "待解决"],
            self.annual.tours,
            (
                "on_date",
                "organiser",
                "areas",
                "reps",
                "problems",
                "solved_on_site",
                "solved_afterwards",
                "due_unsolved",
                "open",
            ),
            (20, 28, 40, 15, 15, 15, 15, 21, 15),
        )


def render(report: AnnualReport, unverified: Sequence[str] = ()) -> PdfResult:
    """The PDF of a stamped annual summary; *unverified*: the problems of a database that failed the check
    before printing, marked on every page."""
    return AnnualReportPdf(report, unverified).render()
