"""The monthly report (月报) as an A4 PDF, from a stamped :class:`~safetywatch.domain.report_model.MonthlyReport`.

Chinese throughout with the bundled WenQuanYi Micro Hei, embedded as a subset. Every user text is escaped
before it reaches ReportLab's paragraph markup, so ``瓦斯浓度<0.8% & A`` prints literally. Characters the
font lacks (rare name characters such as 𠮷) are printed as □ and listed in ``warnings`` instead of
vanishing or aborting the report. ``rl_config.invariant`` makes the bytes depend only on the content and
the stamp, so a closed month reprints byte-identically — which also means nothing printed here (labels,
layout, widths) may change without breaking the reprint of every month closed before.

ReportLab takes ~110 ms to import: the modules that make a PDF only when asked import this one then.
"""

from __future__ import annotations

import io
from collections.abc import Callable, KeysView, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics import shapes
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safetywatch.domain.report_model import CategoryCount, MonthlyReport, TrendPoint, UnitRow
from safetywatch.paths import font_path
from safetywatch.reports.formats import UNVERIFIED_MARK
from safetywatch.services.maintenance.anchors import printed_form

FONT = "WQYMicroHei"
MISSING = "□"
#: Hazard states as the Chinese GUI names them (the PDF is always Chinese).
STATUS_NAMES = {
    "registered": "已登记",
    "notice_issued": "已通知",
    "in_rectification": "整改中",
    "reported_done": "待验收",
    "accepted": "已验收",
    "closed": "已销号",
    "voided": "已作废",
}
PERIOD_HEADERS = ("本月", "上月", "本年累计", "上年同期累计", "同比增减", "同比%")
#: A figure of 表1 without data (docs/report-metrics.md, "No data"); its changes print "—".
NO_DATA = "无记录"
#: The first columns of the hazard lists (表5, 表6): the fields both rows start with, and their headers.
HAZARD_FIELDS = ("number", "found_date", "unit", "location", "description", "level", "deadline")
HAZARD_HEADER = ("编号", "发现日期", "单位", "地点", "内容", "等级", "期限")
CELL_MAX = 300  # characters of one table cell; a row taller than a page would abort the whole report
_NUMBERS = (int, float)  # table cells drawn plainly
CELL_PADDING = 6  # points left and right of a table cell's text (ReportLab's default)
#: The table text's font; the leading is SMALL's, so a row of plain cells is as tall as one with Paragraphs.
CELL_FONT = ("FONT", (0, 0), (-1, -1), FONT, 7.5, 9.5)
SUBTOTAL_GROUND = colors.HexColor("#f2f2f2")

BASE = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
SMALL = ParagraphStyle("small", parent=BASE, fontSize=7.5, leading=9.5)
TITLE = ParagraphStyle("title", parent=BASE, fontSize=16, leading=22, alignment=TA_CENTER)
HEADING = ParagraphStyle("heading", parent=BASE, fontSize=11, leading=16, spaceBefore=8, spaceAfter=4)
WARNING = ParagraphStyle("warning", parent=BASE, textColor=colors.HexColor("#c62828"))
#: Printed at the top of every page of a report from a database that failed the check before printing.
UNVERIFIED_HEADER = f"{UNVERIFIED_MARK}：数据库未通过打印前的检查，本报告不能作为正式报告"
PROBLEMS_LISTED = 5  # on the first page; `safetywatch verify` names them all


@dataclass
class PdfResult:
    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)


@cache
def _font_glyphs() -> KeysView[int]:
    """Register the bundled font once per process (80–190 ms) and return the code points it can draw."""
    font = TTFont(FONT, str(font_path()), subfontIndex=0)
    pdfmetrics.registerFont(font)
    rl_config.canvas_basefontname = FONT  # no unembedded Helvetica left behind
    shapes.STATE_DEFAULTS["fontName"] = FONT  # the charts' default font, fixed when reportlab was imported
    glyphs: KeysView[int] = font.face.charToGlyph.keys()  # a view: no copy of its ~35,000 code points
    return glyphs


class _Text:
    """Escapes user text for paragraph markup and replaces characters the font cannot draw."""

    def __init__(self) -> None:
        self.glyphs = _font_glyphs()
        self.missing: dict[str, int] = {}

    def __call__(self, value: Any) -> str:
        text = "" if value is None else str(value)
        out = []
        for ch in text:
            if ord(ch) in self.glyphs or ch in "\n\t ":
                out.append(ch)
            else:
                self.missing[ch] = self.missing.get(ch, 0) + 1
                out.append(MISSING)
        return escape("".join(out)).replace("\n", "<br/>")

    def fits(self, text: str, room: float) -> bool:
        """Whether *text* prints as it is on one line of a table cell *room* points wide (no line break, no
        character the font lacks): the Paragraph would then draw the same line."""
        if text != " ".join(text.split()) or not all(ord(ch) in self.glyphs for ch in text):
            return False  # a Paragraph folds line breaks and runs of spaces
        return bool(pdfmetrics.stringWidth(text, FONT, SMALL.fontSize) < room)

    def plain(self, value: Any) -> str:
        """A number (or empty) for a plain table cell, which ReportLab draws literally."""
        return "" if value is None else str(value)

    def warnings(self) -> list[str]:
        return [
            f"字体缺少字符“{ch}”（U+{ord(ch):04X}，{n} 处），已以 {MISSING} 代替"
            for ch, n in sorted(self.missing.items())
        ]


def _cut(value: Any) -> Any:
    """A table cell's text, cut at :data:`CELL_MAX` characters."""
    if isinstance(value, str) and len(value) > CELL_MAX:
        return value[:CELL_MAX] + "…（全文见台账）"
    return value


def _shown(field: str, value: Any) -> Any:
    return STATUS_NAMES.get(value, value) if field == "status" else value


def _number(value: Any, rate: bool = False, none: str = "—") -> str:
    if value is None:
        return none
    if rate:
        return f"{100 * float(value):.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _change(this: Any, last: Any, rate: bool) -> tuple[str, str]:
    if this is None or last is None:
        return "—", "—"
    delta = this - last
    delta_text = f"{100 * delta:+.1f}个百分点" if rate else f"{delta:+d}" if isinstance(delta, int) else f"{delta:+.1f}"
    percent = "—" if not last else f"{100 * delta / last:+.1f}%"
    return delta_text, percent


def _unit_cells(row: UnitRow, name: str) -> list[Any]:
    """表2's cells of a unit (or a mine's subtotal) after the mine column."""
    return [
        name,
        row.inspectors,
        _number(row.on_duty_rate, True),
        _number(row.report_rate, True),
        row.hazards_major,
        row.hazards_general,
        row.hazards_closed,
        row.hazards_overdue_open,
        row.violations_command,
        row.violations_operation,
        row.violations_discipline,
        row.violations_serious,
        row.suggestions,
    ]


def _trend_drawing(points: Sequence[TrendPoint], width: float, height: float) -> Drawing:
    """Hazards found, hazards closed and 三违 over the last twelve months (lines)."""
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 36, 30, width - 150, height - 45
    chart.data = [
        [p.hazards_found for p in points],
        [p.hazards_closed for p in points],
        [p.violations for p in points],
    ]
    chart.categoryAxis.categoryNames = [f"{int(p.month[5:7])}月" for p in points]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    series = (
        ("查出隐患", colors.HexColor("#1565c0")),
        ("销号隐患", colors.HexColor("#2e7d32")),
        ("制止三违", colors.HexColor("#c62828")),
    )
    for index, (_name, colour) in enumerate(series):
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 1.2
    legend = Legend()
    legend.x, legend.y = width - 100, height - 20
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.colorNamePairs = [(colour, name) for name, colour in series]
    drawing.add(chart)
    drawing.add(legend)
    return drawing


def _category_drawing(rows: Sequence[CategoryCount], width: float, height: float) -> Drawing:
    """The month's hazards by category (专业), the first twelve (bars)."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 40, width - 50, height - 50
    top = list(rows[:12])
    chart.data = [[r.hazards for r in top] or [0]]
    chart.categoryAxis.categoryNames = [str(r.name)[:6] for r in top] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#1565c0")
    drawing.add(chart)
    return drawing


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type hints
    """Keeps every page until the end, when the total is known for "第 x 页 / 共 y 页" (one layout pass)."""

    def __init__(
        self, *args: Any, footer: str, counted: Callable[[int], None], header: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._header = header
        self._counted = counted
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        self._counted(total)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self.setFont(FONT, 7)
            self.drawString(12 * mm, 7 * mm, self._footer)
            self.drawRightString(198 * mm, 7 * mm, f"第 {number} 页 / 共 {total} 页")
            if self._header:  # in the top margin, above the content
                self.saveState()
                self.setFillColor(WARNING.textColor)
                self.setFont(FONT, 10)
                self.drawCentredString(105 * mm, 289 * mm, self._header)
                self.restoreState()
            super().showPage()
        super().save()


class MonthlyReportPdf:
    """Lays out one report: a method per part, in the order printed (:meth:`story`)."""

    def __init__(
        self,
        report: MonthlyReport,
        unverified: Sequence[str] = (),
        *,
        footer_before_13: bool = False,
        cells_before_14: bool = False,
        no_data_before_16: bool = False,
    ) -> None:
        if report.organisation is None or report.generated_at is None:
            raise ValueError("only a stamped report is printed (MonthlyReport.stamped)")
        self.report = report
        self.unverified = list(unverified)  # the problems of a database that failed the check before printing
        #: The footer of versions before issue 13 (``#seq hash…``), for reprints of months they closed.
        self.footer_before_13 = footer_before_13
        #: The table cells of versions before issue 14 (every text a Paragraph), for reprints of their closes.
        self.cells_before_14 = cells_before_14 or footer_before_13
        #: 表1 of versions before issue 16: a figure without data printed "—", not 无记录.
        self.no_data_before_16 = no_data_before_16 or self.cells_before_14
        self.organisation = report.organisation
        self.generated_at = report.generated_at
        self.text = _Text()
        self.pages = 0

    def render(self) -> PdfResult:
        rl_config.invariant = 1  # no creation time or random id: the same content gives the same bytes
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=12 * mm,
            rightMargin=12 * mm,
            topMargin=12 * mm,
            bottomMargin=14 * mm,
            title=self.document_title() + (f"（{UNVERIFIED_MARK}）" if self.unverified else ""),
            author="SafetyWatch",
        )
        header = UNVERIFIED_HEADER if self.unverified else None
        canvas = partial(_NumberedCanvas, footer=self.footer(), counted=self._count, header=header)
        document.build(self.story(), canvasmaker=canvas)
        return PdfResult(buffer.getvalue(), self.pages, self.text.warnings())

    def document_title(self) -> str:
        """The PDF's document title (its metadata, not a printed line)."""
        return f"{self.organisation} 群众安全监督网工作月报 {self.report.month}"

    def _count(self, pages: int) -> None:
        self.pages = pages

    def footer(self) -> str:
        """The chain head as ``verify --anchor`` takes it back, and the time the report was made."""
        anchor = self.report.audit_anchor
        head = f"#{anchor.seq} {anchor.hash[:16]}…" if self.footer_before_13 else printed_form(*anchor)
        footer = f"审计链锚点 {head}　生成 {self.generated_at:%Y-%m-%d %H:%M}"
        return f"{UNVERIFIED_MARK}　{footer}" if self.unverified else footer

    def story(self) -> list[Flowable]:
        return [
            *self.unverified_notice(),
            *self.title(),
            *self.stations(),
            *self.summary(),
            *self.trend_chart(),
            *self.category_chart(),
            *self.by_unit(),
            *self.by_workstation(),
            *self.allowances(),
            *self.overdue(),
            *self.major_hazards(),
            *self.repeat_offenders(),
            *self.corrections(),
            *self.analysis(),
            *self.signatures(),
        ]

    # --- building blocks --------------------------------------------------------------------------------
    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        shaded: Sequence[int] = (),
    ) -> Table:
        """A grid with a repeated header row; *widths* in millimetres; the rows numbered in *shaded* (from 0,
        below the header) on a grey ground (subtotals)."""
        cells: list[list[Any]] = [[Paragraph(f"<b>{escape(h)}</b>", SMALL) for h in header]]
        if self.cells_before_14:
            cells += [[self._cell_before_14(v) for v in row] for row in rows]
        else:
            # a Paragraph costs ~10× a plain cell: only text that has to wrap (or to be marked) is one
            room = [w * mm - 2 * CELL_PADDING for w in widths]
            cells += [[self._table_cell(v, width) for v, width in zip(row, room, strict=True)] for row in rows]
        # the leading of plain cells is the Paragraphs' (SMALL), so a row is as tall either way
        font = ("FONT", (0, 0), (-1, -1), FONT, 7.5) if self.cells_before_14 else CELL_FONT
        grid = Table(cells, colWidths=[w * mm for w in widths], repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    font,
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    *(("BACKGROUND", (0, row + 1), (-1, row + 1), SUBTOTAL_GROUND) for row in shaded),
                ]
            )
        )
        return grid

    def _table_cell(self, value: Any, room: float) -> Any:
        """A table cell: plain text (drawn literally) when it fits on one line in *room* points, else a
        Paragraph, which wraps it and marks the characters the font lacks."""
        if value is None or isinstance(value, _NUMBERS):
            return self.text.plain(value)
        text = _cut(str(value))
        if self.text.fits(text, room):
            return text
        return Paragraph(self.text(text), SMALL)

    def _cell_before_14(self, value: Any) -> Any:
        """A table cell as versions before issue 14 made it: every text a Paragraph."""
        if isinstance(value, _NUMBERS) or value is None:
            return self.text.plain(value)
        return Paragraph(self.text(_cut(value)), SMALL)

    def listing(
        self,
        title: str,
        header: Sequence[str],
        items: Sequence[Any],
        fields: Sequence[str],
        widths: Sequence[float],
    ) -> list[Flowable]:
        """A titled list of records, or 本期无 (none this period); hazard states by their Chinese names."""
        if not items:
            return [Paragraph(title, HEADING), Paragraph("本期无。", SMALL)]
        rows = [[_shown(f, getattr(item, f)) for f in fields] for item in items]
        return [Paragraph(title, HEADING), self.table(header, rows, widths)]

    # --- the parts, in print order -----------------------------------------------------------------------
    def unverified_notice(self) -> list[Flowable]:
        """What the check before printing found, above the title (only on a report made despite it)."""
        if not self.unverified:
            return []
        shown = self.unverified[:PROBLEMS_LISTED]
        more = len(self.unverified) - len(shown)
        lines = [f"{UNVERIFIED_MARK}：", *(f"· {self.text(problem)}" for problem in shown)]
        if more:
            lines.append(f"……另有 {more} 项")
        lines.append("用 safetywatch verify 检查数据库的全部内容。")
        return [Paragraph("<br/>".join(lines), WARNING), Spacer(1, 3 * mm)]

    def title(self) -> list[Flowable]:
        report, text = self.report, self.text
        year, month = int(report.month[:4]), int(report.month[5:7])
        unit_name = report.scope.name if report.scope.code else self.organisation
        period = report.period.month
        return [
            Paragraph(f"{text(self.organisation)} 群众安全监督网工作月报 {year}年{month}月", TITLE),
            Paragraph(
                f"填报单位：{text(unit_name)}　　"
                f"统计期：{period.start.isoformat()} 至 {period.end.isoformat()}"
                f"　　生成时间：{self.generated_at:%Y-%m-%d %H:%M}",
                SMALL,
            ),
            Spacer(1, 4 * mm),
        ]

    def summary(self) -> list[Flowable]:
        """表1: every metric for the four periods, with the year-on-year change."""
        rows = []
        none = "—" if self.no_data_before_16 else NO_DATA
        for figures in self.report.summary:
            rate = figures.metric.is_rate
            delta, percent = _change(figures.ytd, figures.ytd_last_year, rate)
            values = (_number(value, rate, none) for value in figures.values())
            rows.append([figures.metric.chinese, *values, delta, percent])
        return [
            Paragraph("表1 综合情况", HEADING),
            self.table(["项目", *PERIOD_HEADERS], rows, (50, 20, 20, 24, 26, 22, 18)),
        ]

    def trend_chart(self) -> list[Flowable]:
        """图1: the twelve statistic months up to this one."""
        if not self.report.trend:
            return []
        figure = _trend_drawing(self.report.trend, 186 * mm, 60 * mm)
        return [KeepTogether([Paragraph("图1 近12个月隐患与三违趋势", HEADING), figure])]

    def category_chart(self) -> list[Flowable]:
        """图2: the month's hazards by category."""
        figure = _category_drawing(self.report.by_category, 186 * mm, 55 * mm)
        return [KeepTogether([Paragraph("图2 本月隐患按专业分布", HEADING), figure])]

    def by_unit(self) -> list[Flowable]:
        """表2: per 区队; for a scope of several mines (a group) with each unit's mine and mine subtotals."""
        header = [
            "单位",
            "群监员",
            "上岗率",
            "汇报率",
            "重大隐患",
            "一般隐患",
            "已整改",
            "逾期",
            "违章指挥",
            "违章作业",
            "劳动纪律",
            "严重",
            "建议",
        ]
        tables = self.report.tables
        if not any(r.mine is not None for r in tables.by_unit):
            widths = (26, 12, 14, 14, 13, 13, 12, 11, 13, 13, 13, 11, 11)
            plain = [_unit_cells(r, r.name) for r in tables.by_unit]
            return [Paragraph("表2 分单位明细", HEADING), self.table(header, plain, widths)]
        subtotals = {r.mine: r for r in tables.by_mine}
        rows: list[list[Any]] = []
        shaded: list[int] = []
        for index, unit in enumerate(tables.by_unit):
            rows.append([unit.mine, *_unit_cells(unit, unit.name)])
            last_of_mine = index + 1 == len(tables.by_unit) or tables.by_unit[index + 1].mine != unit.mine
            if last_of_mine and unit.mine in subtotals:
                shaded.append(len(rows))
                rows.append([unit.mine, *_unit_cells(subtotals[unit.mine], "小计")])
        by_mine_widths = (22, 26, 11, 13, 13, 12, 12, 11, 9, 12, 12, 12, 9, 12)
        return [
            Paragraph("表2 分单位明细（按矿）", HEADING),
            self.table(["矿", *header], rows, by_mine_widths, shaded),
        ]

    def by_workstation(self) -> list[Flowable]:
        """表3: per 井口工作站 (left out when the scope has none)."""
        stations = self.report.tables.by_workstation
        if not stations:
            return []
        rows = [
            [
                f"{r.code} {r.name}",
                r.duty_marks,
                r.report_marks,
                r.hazards_received,
                r.notices_issued,
                _number(r.receipt_rate, True),
            ]
            for r in stations
        ]
        header = ["工作站", "上岗登记", "汇报登记", "接报隐患", "下发通知单", "回执率"]
        return [Paragraph("表3 分工作站", HEADING), self.table(header, rows, (70, 20, 20, 20, 24, 20))]

    def allowances(self) -> list[Flowable]:
        """表4: the inspectors' assessment and allowance sheet, with a column to sign (left out when empty)."""
        sheet = self.report.tables.allowances
        unknown = (
            f"另有 {sheet.without_sheets} 名群监员所在矿本月无上岗登记表（无记录），未计算津贴。"
            if sheet.without_sheets
            else ""
        )
        if not sheet.rows:
            return [Paragraph("表4 群监员考核明细（津贴表）", HEADING), Paragraph(unknown, SMALL)] if unknown else []
        approved = sheet.approved
        state = f"（已审批：{self.text(approved.by)} {approved.on}）" if approved else "（未审批，按当前记录计算）"
        header = [
            "工号",
            "姓名",
            "单位",
            "上岗/应上岗",
            "汇报/应汇报",
            "隐患",
            "三违",
            "建议",
            "扣减",
            "奖励",
            "应发",
            "调整",
            "实发",
            "签字",
        ]
        rows = [
            [
                r.employee_no,
                r.name,
                r.unit,
                f"{r.duty_shifts}/{r.duty_required}",
                f"{r.reports}/{r.reports_required}",
                r.hazards_found,
                r.violations_stopped,
                r.suggestions,
                r.deductions_yuan,
                r.bonuses_yuan,
                r.allowance_yuan,
                r.adjustment_yuan or "",
                r.paid_yuan,
                "",
            ]
            for r in sheet.rows
        ]
        widths = (16, 13, 18, 15, 15, 9, 9, 9, 10, 10, 11, 10, 11, 14)
        return [
            Paragraph(f"表4 群监员考核明细（津贴表）{state}", HEADING),
            self.table(header, rows, widths),
            Paragraph(f"合计实发 {sheet.total_yuan} 元" + (f"　{unknown}" if unknown else ""), SMALL),
        ]

    def overdue(self) -> list[Flowable]:
        """表5: hazards open past their deadline at the period's end, or under supervision."""
        return self.listing(
            "表5 逾期未整改 / 挂牌督办隐患清单",
            [*HAZARD_HEADER, "逾期天数", "责任人", "督办级别"],
            self.report.tables.overdue,
            (*HAZARD_FIELDS, "overdue_days", "rectify_person", "escalation_level"),
            (27, 19, 16, 20, 31, 9, 19, 11, 13, 15),
        )

    def major_hazards(self) -> list[Flowable]:
        """表6: major hazards found in the period."""
        return self.listing(
            "表6 重大隐患",
            [*HAZARD_HEADER, "状态", "责任人"],
            self.report.tables.major_hazards,
            (*HAZARD_FIELDS, "status", "rectify_person"),
            (27, 19, 16, 22, 39, 9, 19, 15, 14),
        )

    def repeat_offenders(self) -> list[Flowable]:
        """表7: people with repeated 三违 in the last twelve months."""
        return self.listing(
            "表7 三违人员名单（近12个月重复违章）",
            ["工号", "姓名", "单位", "次数", "其中严重", "最近一次", "编号"],
            self.report.tables.repeat_offenders,
            ("offender_no", "offender_name", "unit_name", "count", "serious", "last_date", "numbers"),
            (18, 16, 20, 10, 12, 18, 86),
        )

    def stations(self) -> list[Flowable]:
        """At an office: how far each station's records reach (数据截至), a late one marked (issue 15). Left
        out for a single PC, so its reports and their reprints stay as they were."""
        if not self.report.stations:
            return []
        rows = [
            [s.code, s.name, s.data_until or "尚未报送", "期末后未报送，数据可能不全" if s.late else ""]
            for s in self.report.stations
        ]
        return [
            Paragraph("各群监站数据截至", HEADING),
            self.table(["站号", "群监站", "数据截至", "说明"], rows, (18, 60, 36, 72)),
        ]

    def corrections(self) -> list[Flowable]:
        """Corrections of closed months entered for this one (left out when there are none)."""
        corrections = self.report.corrections
        if not corrections:
            return []
        rows = [[c.for_month, c.subject, c.correction, c.reason] for c in corrections]
        return [
            Paragraph("更正事项（已关闭月份）", HEADING),
            self.table(["所属月份", "事项", "更正内容", "原因"], rows, (20, 40, 70, 56)),
        ]

    def analysis(self) -> list[Flowable]:
        """The officer's written analysis, or what it should cover."""
        return [
            Paragraph("文字分析", HEADING),
            Paragraph(self.text(self.report.analysis) or "（主要问题、典型隐患、下月重点）", BASE),
        ]

    def signatures(self) -> list[Flowable]:
        return [
            Spacer(1, 10 * mm),
            KeepTogether(
                [
                    Paragraph("制表人：__________　　审核人：__________　　群监会主任（工会主席）：__________", BASE),
                    Spacer(1, 4 * mm),
                    Paragraph("日期：______年____月____日　　　　　　　　（单位盖章）", BASE),
                ]
            ),
        ]


def render(
    report: MonthlyReport,
    unverified: Sequence[str] = (),
    *,
    footer_before_13: bool = False,
    cells_before_14: bool = False,
    no_data_before_16: bool = False,
) -> PdfResult:
    """The PDF of a stamped monthly report; *unverified*: see :class:`MonthlyReportPdf`; *footer_before_13*,
    *cells_before_14*, *no_data_before_16*: as earlier versions printed it (their footer, their table cells,
    "—" for a figure without data)."""
    pdf = MonthlyReportPdf(
        report,
        unverified,
        footer_before_13=footer_before_13,
        cells_before_14=cells_before_14,
        no_data_before_16=no_data_before_16,
    )
    return pdf.render()
