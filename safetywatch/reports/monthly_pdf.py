"""The monthly report (月报) as an A4 PDF, from the report dictionary of ``services.reporting.tallies.summary``.

Chinese throughout with the bundled WenQuanYi Micro Hei, embedded as a subset. Every user text is escaped
before it reaches ReportLab's paragraph markup, so ``瓦斯浓度<0.8% & A`` prints literally. Characters the
font lacks (rare name characters such as 𠮷) are printed as □ and listed in ``warnings`` instead of
vanishing or aborting the report. ``rl_config.invariant`` makes the bytes depend only on the content and
``generated_at``, so a closed month reprints byte-identically.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from safetywatch.paths import font_path

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

#: 表1 rows: (metric, label) in the template's order.
SUMMARY_LABELS: tuple[tuple[str, str], ...] = (
    ("inspectors_on_roll", "在册群监员（人）"),
    ("duty_shifts_scheduled", "应上岗班次"),
    ("duty_shifts_on", "实际上岗班次"),
    ("on_duty_rate", "上岗率"),
    ("report_shifts", "汇报班次"),
    ("report_rate", "汇报率"),
    ("hazards_found", "查出隐患（条）"),
    ("hazards_major", "其中重大隐患"),
    ("hazards_fixed_on_site", "其中现场整改"),
    ("hazards_closed", "已销号隐患"),
    ("hazards_overdue_open", "逾期未改（期末）"),
    ("rectification_rate", "整改率"),
    ("violations_stopped", "制止三违（人次）"),
    ("violations_command", "三违：违章指挥"),
    ("violations_operation", "三违：违章作业"),
    ("violations_discipline", "三违：违反劳动纪律"),
    ("violations_serious", "其中严重三违"),
    ("suggestions_made", "合理化建议：提出"),
    ("suggestions_adopted", "合理化建议：采纳"),
    ("squad_activities", "小分队活动（次）"),
    ("squad_hazards_found", "小分队查出隐患"),
    ("squad_hazards_rectified", "小分队整改隐患"),
    ("tours", "职工代表巡视（次）"),
    ("tour_reps", "参加代表（人次）"),
    ("tour_problems_found", "发现问题"),
    ("tour_solved_on_site", "问题现场解决"),
    ("tour_solved_later", "问题限期解决"),
    ("tour_unsolved", "问题未解决"),
    ("family_visits", "女工协管家访（次）"),
)


@dataclass
class PdfResult:
    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)


@cache
def _font_glyphs() -> frozenset[int]:
    """Register the bundled font once per process (80–190 ms) and return the code points it can draw."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(FONT, str(font_path()), subfontIndex=0)
    pdfmetrics.registerFont(font)
    rl_config.canvas_basefontname = FONT  # no unembedded Helvetica left behind
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = FONT  # the charts' default font, fixed when reportlab was imported
    return frozenset(font.face.charToGlyph)


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

    def plain(self, value: Any) -> str:
        """A number (or empty) for a plain table cell, which ReportLab draws literally."""
        return "" if value is None else str(value)


CELL_MAX = 300  # characters of one table cell; a row taller than a page would abort the whole report


def _cell(value: Any) -> Any:
    if isinstance(value, str) and len(value) > CELL_MAX:
        return value[:CELL_MAX] + "…（全文见台账）"
    return value


def _trend_chart(points: Sequence[dict[str, Any]], width: float, height: float) -> Any:
    """Figure 1: hazards found, hazards closed and 三违 over the last twelve months."""
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 36, 30, width - 150, height - 45
    chart.data = [
        [p["hazards_found"] for p in points],
        [p["hazards_closed"] for p in points],
        [p["violations"] for p in points],
    ]
    chart.categoryAxis.categoryNames = [f"{int(p['month'][5:7])}月" for p in points]
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


def _category_chart(rows: Sequence[dict[str, Any]], width: float, height: float) -> Any:
    """Figure 2: the month's hazards by category (专业)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 40, width - 50, height - 50
    top = list(rows[:12])
    chart.data = [[r["hazards"] for r in top] or [0]]
    chart.categoryAxis.categoryNames = [str(r["name"])[:6] for r in top] or [""]
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


def _shown(field: str, value: Any) -> Any:
    return STATUS_NAMES.get(value, value) if field == "status" else value


def _number(value: Any, rate: bool = False) -> str:
    if value is None:
        return "—"
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


def render(
    report: dict[str, Any],
    *,
    organisation: str,
    generated_at: dt.datetime,
    analysis: str = "",
) -> PdfResult:
    """The PDF of a monthly report (tallies.summary) for *organisation* (e.g. the mine's name)."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    text = _Text()
    rl_config.invariant = 1  # no creation time or random id: the same content gives the same bytes
    base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
    title_style = ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER)
    heading = ParagraphStyle("heading", parent=base, fontSize=11, leading=16, spaceBefore=8, spaceAfter=4)
    label = report["period"]["label"]
    year, month = int(label[:4]), int(label[5:7])
    period = report["period"]["month"]
    unit_name = report["scope"]["name"] if report["scope"]["code"] else organisation

    def make_story() -> list[Any]:
        story: list[Any] = [
            Paragraph(f"{text(organisation)} 群众安全监督网工作月报 {year}年{month}月", title_style),
            Paragraph(
                f"填报单位：{text(unit_name)}　　"
                f"统计期：{period['start']} 至 {period['end']}"
                f"　　生成时间：{generated_at:%Y-%m-%d %H:%M}",
                small,
            ),
            Spacer(1, 4 * mm),
        ]

        def table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> Table:
            cells = [[Paragraph(f"<b>{escape(h)}</b>", small) for h in header]]
            # Paragraphs only where text may wrap: a plain cell is ~10× cheaper and numbers never wrap.
            cells += [
                [
                    text.plain(v) if isinstance(v, int | float) or v is None else Paragraph(text(_cell(v)), small)
                    for v in row
                ]
                for row in rows
            ]
            t = Table(cells, colWidths=[w * mm for w in widths], repeatRows=1)
            t.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), FONT, 7.5),
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    ]
                )
            )
            return t

        summary = report["summary"]
        rows = []
        for metric, name in SUMMARY_LABELS:
            values = summary[metric]
            rate = metric.endswith("_rate")
            delta, percent = _change(values["ytd"], values["ytd_last_year"], rate)
            rows.append(
                [
                    name,
                    *(_number(values[k], rate) for k in ("month", "prev_month", "ytd", "ytd_last_year")),
                    delta,
                    percent,
                ]
            )
        story += [
            Paragraph("表1 综合情况", heading),
            table(["项目", *PERIOD_HEADERS], rows, (50, 20, 20, 24, 26, 22, 18)),
        ]

        tables = report.get("tables", {})
        if tables.get("trend"):
            figure = _trend_chart(tables["trend"], 186 * mm, 60 * mm)
            story.append(KeepTogether([Paragraph("图1 近12个月隐患与三违趋势", heading), figure]))
        if tables.get("by_category") is not None:
            figure = _category_chart(tables["by_category"], 186 * mm, 55 * mm)
            story.append(KeepTogether([Paragraph("图2 本月隐患按专业分布", heading), figure]))
        if tables.get("by_unit") is not None:
            story.append(Paragraph("表2 分单位明细", heading))
            story.append(
                table(
                    [
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
                    ],
                    [
                        [
                            r["name"],
                            r["inspectors"],
                            _number(r["on_duty_rate"], True),
                            _number(r["report_rate"], True),
                            r["hazards_major"],
                            r["hazards_general"],
                            r["hazards_closed"],
                            r["hazards_overdue_open"],
                            r["violations_command"],
                            r["violations_operation"],
                            r["violations_discipline"],
                            r["violations_serious"],
                            r["suggestions"],
                        ]
                        for r in tables["by_unit"]
                    ],
                    (26, 12, 14, 14, 13, 13, 12, 11, 13, 13, 13, 11, 11),
                )
            )
        if tables.get("by_workstation"):
            story.append(Paragraph("表3 分工作站", heading))
            story.append(
                table(
                    ["工作站", "上岗登记", "汇报登记", "接报隐患", "下发通知单", "回执率"],
                    [
                        [
                            f"{r['code']} {r['name']}",
                            r["duty_marks"],
                            r["report_marks"],
                            r["hazards_received"],
                            r["notices_issued"],
                            _number(r["receipt_rate"], True),
                        ]
                        for r in tables["by_workstation"]
                    ],
                    (70, 20, 20, 20, 24, 20),
                )
            )
        allowances = tables.get("allowances")
        if allowances and allowances["rows"]:
            approved = allowances["approved"]
            state = f"（已审批：{text(approved['by'])} {approved['on']}）" if approved else "（未审批，按当前记录计算）"
            story.append(Paragraph(f"表4 群监员考核明细（津贴表）{state}", heading))
            story.append(
                table(
                    [
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
                    ],
                    [
                        [
                            r["employee_no"],
                            r["name"],
                            r["unit"],
                            f"{r['duty_shifts']}/{r['duty_required']}",
                            f"{r['reports']}/{r['reports_required']}",
                            r["hazards_found"],
                            r["violations_stopped"],
                            r["suggestions"],
                            r["deductions_yuan"],
                            r["bonuses_yuan"],
                            r["allowance_yuan"],
                            r["adjustment_yuan"] or "",
                            r["paid_yuan"],
                            "",
                        ]
                        for r in allowances["rows"]
                    ],
                    (16, 13, 18, 15, 15, 9, 9, 9, 10, 10, 11, 10, 11, 14),
                )
            )
            story.append(Paragraph(f"合计实发 {allowances['total_yuan']} 元", small))
        for key, title, header, fields, widths in (
            (
                "overdue",
                "表5 逾期未整改 / 挂牌督办隐患清单",
                ["编号", "发现日期", "单位", "地点", "内容", "等级", "期限", "逾期天数", "责任人", "督办级别"],
                (
                    "number",
                    "found_date",
                    "unit",
                    "location",
                    "description",
                    "level",
                    "deadline",
                    "overdue_days",
                    "rectify_person",
                    "escalation_level",
                ),
                (27, 19, 16, 20, 31, 9, 19, 11, 13, 15),
            ),
            (
                "major_hazards",
                "表6 重大隐患",
                ["编号", "发现日期", "单位", "地点", "内容", "等级", "期限", "状态", "责任人"],
                (
                    "number",
                    "found_date",
                    "unit",
                    "location",
                    "description",
                    "level",
                    "deadline",
                    "status",
                    "rectify_person",
                ),
                (27, 19, 16, 22, 39, 9, 19, 15, 14),
            ),
            (
                "repeat_offenders",
                "表7 三违人员名单（近12个月重复违章）",
                ["工号", "姓名", "单位", "次数", "其中严重", "最近一次", "编号"],
                ("offender_no", "offender_name", "unit_name", "count", "serious", "last_date", "numbers"),
                (18, 16, 20, 10, 12, 18, 86),
            ),
        ):
            items = tables.get(key) or []
            story.append(Paragraph(title, heading))
            if items:
                rows = [[_shown(f, item.get(f)) for f in fields] for item in items]
                story.append(table(header, rows, widths))
            else:
                story.append(Paragraph("本期无。", small))
        corrections = tables.get("adjustments") or []
        if corrections:
            story.append(Paragraph("更正事项（已关闭月份）", heading))
            rows = [[c["for_month"], c["subject"], c["correction"], c["reason"]] for c in corrections]
            story.append(table(["所属月份", "事项", "更正内容", "原因"], rows, (20, 40, 70, 56)))
        story.append(Paragraph("文字分析", heading))
        story.append(Paragraph(text(analysis) or "（主要问题、典型隐患、下月重点）", base))
        story.append(Spacer(1, 10 * mm))
        story.append(
            KeepTogether(
                [
                    Paragraph("制表人：__________　　审核人：__________　　群监会主任（工会主席）：__________", base),
                    Spacer(1, 4 * mm),
                    Paragraph("日期：______年____月____日　　　　　　　　（单位盖章）", base),
                ]
            )
        )
        return story

    anchor = report["audit_anchor"]
    footer = f"审计链锚点 #{anchor['seq']} {anchor['hash'][:16]}…　生成 {generated_at:%Y-%m-%d %H:%M}"

    # One pass: the canvas keeps each page until the end, when the total is known for "page x / y".
    from reportlab.pdfgen.canvas import Canvas

    pages = [0]

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages[0] = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self.setFont(FONT, 7)
                self.drawString(12 * mm, 7 * mm, footer)
                self.drawRightString(198 * mm, 7 * mm, f"第 {number} 页 / 共 {pages[0]} 页")
                super().showPage()
            super().save()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"{organisation} 群众安全监督网工作月报 {label}",
        author="SafetyWatch",
    )
    document.build(make_story(), canvasmaker=NumberedCanvas)
    warnings = [
        f"字体缺少字符“{ch}”（U+{ord(ch):04X}，{n} 处），已以 {MISSING} 代替" for ch, n in sorted(text.missing.items())
    ]
    return PdfResult(buffer.getvalue(), pages[0], warnings)
