"""The monthly report PDF: the JSON's figures are in its text, the font is embedded, hostile text prints
literally, missing glyphs are reported, and the same content gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from safetywatch.domain.report_model import MonthlyReport
from safetywatch.reports import monthly_pdf
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import anchors
from safetywatch.services.reporting import tallies
from tests.helpers import card, refs

pytestmark = pytest.mark.pg

AT = dt.datetime(2026, 6, 10, 9, 30)


@pytest.fixture
def report(ledger: Ledger) -> MonthlyReport:
    r = refs(ledger)
    hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 3), description="瓦斯浓度<0.8% & A <img src=x>"))
    hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 4), location="𠮷家沟", description="长" * 3990))
    with ledger.read() as conn:
        return tallies.report(conn, "2026-05").stamped("东山煤矿", AT)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_carries_the_report_figures_and_its_layout(report: MonthlyReport) -> None:
    result = monthly_pdf.render(report)
    text = _text(result.data)
    assert "东山煤矿 群众安全监督网工作月报 2026年5月" in text
    assert "表1 综合情况" in text and "表7 三违人员名单" in text
    found = report.figures("hazards_found")
    assert (found.month, found.prev_month, found.ytd, found.ytd_last_year) == (2, None, 2, None)
    # April and last year come before the first hazard: no data (无记录), and no change against it
    assert "查出隐患（条） 2 无记录 2 无记录 — —" in " ".join(text.split())
    assert f"第 1 页 / 共 {result.pages} 页" in text
    assert f"审计链锚点 #{report.audit_anchor.seq}:" in text
    assert "制表人" in text and "审核人" in text
    assert "图1 近12个月隐患与三违趋势" in text and "图2 本月隐患按专业分布" in text
    assert "查出隐患" in text and "顶板" in text  # the charts' legend and a category label
    trend = report.trend
    assert [p.month for p in trend][-2:] == ["2026-04", "2026-05"] and len(trend) == 12
    assert trend[-1].hazards_found == 2 and report.by_category[0].hazards == 2


def test_the_footer_prints_the_chain_head_as_verify_takes_it_back(report: MonthlyReport) -> None:
    seq, digest = report.audit_anchor
    text = _text(monthly_pdf.render(report).data)
    assert f"审计链锚点 #{seq}:{digest[:16]}　生成 2026-06-10 09:30" in text  # typed as printed: verify --anchor
    assert anchors.parse_printed(f"#{seq}:{digest[:16]}") == anchors.PrintedHead(seq, digest[:16])
    before = _text(monthly_pdf.render(report, footer_before_13=True).data)  # what earlier versions printed
    assert f"审计链锚点 #{seq} {digest[:16]}…　生成 2026-06-10 09:30" in before


def test_the_font_is_embedded(report: MonthlyReport) -> None:
    reader = PdfReader(io.BytesIO(monthly_pdf.render(report).data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "WenQuanYi" in str(font["/BaseFont"]) and "/FontFile2" in descriptor


def test_hostile_text_prints_literally_and_missing_glyphs_are_listed(report: MonthlyReport) -> None:
    hostile = report.stamped("东山<b>煤矿</b> & 𠮷", AT).with_analysis("瓦斯浓度<0.8% & A <img src=x>")
    result = monthly_pdf.render(hostile)
    text = _text(result.data)
    assert "瓦斯浓度<0.8% & A <img src=x>" in text
    assert "东山<b>煤矿</b> & □" in text
    assert result.warnings and "𠮷" in result.warnings[0] and "U+20BB7" in result.warnings[0]
    assert "□家沟" in text  # the overdue list shows the location with the missing character marked
    assert "…（全文见台账）" in text  # a 3,990-character description is cut, not allowed to abort the report


def test_the_same_content_gives_the_same_bytes(report: MonthlyReport) -> None:
    first = monthly_pdf.render(report)
    again = monthly_pdf.render(MonthlyReport.from_json(report.to_json()))  # equal content, built anew
    seconds_later = monthly_pdf.render(report.stamped("东山煤矿", AT + dt.timedelta(seconds=40)))
    later = monthly_pdf.render(report.stamped("东山煤矿", AT + dt.timedelta(minutes=1)))
    assert first.data == again.data == seconds_later.data and first.data != later.data
    with pytest.raises(ValueError, match="stamped"):
        monthly_pdf.render(report._replace(generated_at=None))


def test_short_cells_are_plain_text_with_the_same_text_rows_and_pages(ledger: Ledger) -> None:
    """A table cell is a Paragraph only when its text wraps or lacks a glyph (issue 14): the other cells are
    drawn as plain text, literally, and the report keeps its text and its pages."""
    r = refs(ledger)
    hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 3), location="<b>A&B</b>", description="短"))
    for day in range(4, 28):  # enough rows for 表5 to run onto another page
        description = " ".join(["顶板离层"] * (day % 5 + 1))
        hazards.register(ledger, card(r, found_date=dt.date(2026, 5, day), description=description))
    with ledger.read() as conn:
        report = tallies.report(conn, "2026-05").stamped("东山煤矿", AT)
    now = monthly_pdf.render(report, no_data_before_16=True)
    before = monthly_pdf.render(report, cells_before_14=True)
    assert now.data != before.data
    assert _text(now.data) == _text(before.data) and now.pages == before.pages
    assert "<b>A&B</b>" in _text(now.data)
    cells = [[monthly_pdf.MonthlyReportPdf(report)._table_cell(value, 60) for value in ("<b>A&B</b>", "长" * 30)]]
    assert cells == [["<b>A&B</b>", cells[0][1]]] and isinstance(cells[0][1], monthly_pdf.Paragraph)
