"""The report page: the preview is the report's PDF, printing and saving give it back, the month closes
from here and a correction of it lands in a later report."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtPrintSupport import QPrinter

from safetywatch.reports import formats
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.reporting import month_close, tallies
from safetywatch.ui.operations import StatusErrors, run_write, wait_for_writes
from safetywatch.ui.report_page import ANALYSIS_LIMIT, CorrectionDialog, ReportPage
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import card, refs


def _page(qtbot: Any, ledger: Ledger) -> ReportPage:
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 5, 20), description="瓦斯浓度<0.8% & A"))
    page = ReportPage(ledger)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()  # showing it generates the previous month's report (today is 2026-06-10)
    qtbot.waitUntil(lambda: page.result is not None, timeout=20_000)
    return page


def _text(data: bytes) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_showing_the_page_previews_last_months_report(qtbot: Any, ledger: Ledger) -> None:
    page = _page(qtbot, ledger)
    assert page.month.currentText() == "2026-05" and page.scope.currentData() is None
    assert page.result is not None and page.result.closed is None
    assert page.document.pageCount() == page.result.pages > 0
    assert "群众安全监督网工作月报 2026年5月" in _text(page.result.data)
    assert page.print_button.isEnabled() and page.save_button.isEnabled() and page.close_button.isEnabled()
    assert not page.correct_button.isEnabled() and not page.progress.isVisible()
    assert page.state.text() == "2026-05 未关闭：数字为现在统计的结果。"


def test_printing_sends_every_page_to_the_printer(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    page = _page(qtbot, ledger)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert page.print_report(printer) == page.result.pages  # type: ignore[union-attr]
    printed = pypdf.PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == page.document.pageCount()
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2  # A4 portrait


def test_saving_writes_the_preview_and_its_json_and_csv(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    page = _page(qtbot, ledger)
    assert page.save_report(tmp_path / "may.pdf") == tmp_path / "may.pdf"
    assert (tmp_path / "may.pdf").read_bytes() == page.result.data  # type: ignore[union-attr]
    page.save_report(tmp_path / "may.json")
    page.save_report(tmp_path / "may.csv")
    with ledger.read() as conn:
        counted = tallies.report(conn, "2026-05")
    saved = json.loads((tmp_path / "may.json").read_text(encoding="utf-8"))
    assert saved == page.result.report.to_json() and saved["summary"] == counted.to_json()["summary"]  # type: ignore[union-attr]
    assert saved["organisation"] == "本矿" and saved["generated_at"].startswith("2026-")  # the preview's stamp
    rows = list(csv.reader(io.StringIO((tmp_path / "may.csv").read_text(encoding="utf-8-sig"))))
    assert rows == [["" if c is None else str(c) for c in row] for row in formats.csv_rows(counted)]
    assert not list(tmp_path.glob(".*"))  # no temporary left behind
    (tmp_path / "a-file").write_text("not a folder")
    assert page.save_report(tmp_path / "a-file" / "x.pdf") is None
    assert "无法写入" in page.status.text()
    assert page.default_file_name() == "群监网月报-2026-05.pdf"


def test_an_edited_analysis_needs_a_new_preview_and_is_printed(qtbot: Any, ledger: Ledger) -> None:
    page = _page(qtbot, ledger)
    page.analysis.setPlainText("顶板管理仍是重点 <b>不是标记</b>")
    assert page.stale and not page.print_button.isEnabled() and not page.save_button.isEnabled()
    assert page.print_report() == 0 and page.save_report() is None
    page.generate()
    qtbot.waitUntil(lambda: not page.busy and not page.stale, timeout=20_000)
    assert "顶板管理仍是重点 <b>不是标记</b>" in _text(page.result.data)  # type: ignore[union-attr]
    page.analysis.setPlainText("长" * (ANALYSIS_LIMIT + 1))
    page.generate()
    assert not page.busy and "请控制在 3000 字以内" in page.status.text()


def test_a_unit_scope_and_a_cancelled_generation(qtbot: Any, ledger: Ledger) -> None:
    page = _page(qtbot, ledger)
    first = page.result
    page.scope.setCurrentIndex(page.scope.findData("U01"))  # regenerates by itself
    assert page.busy and page.progress.isVisible() and page.cancel_button.isVisible()
    page.cancel()
    assert not page.busy and page.status.text() == "已取消。"
    wait_for_jobs()
    assert page.result is first  # the cancelled result was dropped
    page.generate()
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert page.result is not None and page.result.scope_code == "U01"
    assert not page.close_button.isEnabled()  # only the whole month is closed
    assert page.default_file_name("csv") == "群监网月报-2026-05-U01.csv"


def test_a_new_unit_is_offered_as_a_scope_at_once(qtbot: Any, ledger: Ledger) -> None:
    page = _page(qtbot, ledger)
    assert page.scope.findData("U09") == -1
    values = {"code": "U09", "name": "运输队", "level": "unit", "parent_id": str(refs(ledger).mine)}
    errors: list[str] = []
    run_write(
        page,
        lambda: reference.save(ledger, "org_unit", values),
        done=lambda _r: None,
        errors=StatusErrors(errors.append),
    )
    assert wait_for_writes() and errors == []
    assert page.scope.findData("U09") > 0 and page.scope.currentData() is None
    assert not page.busy and not page.stale  # the preview of the chosen scope stands


def test_closing_the_month_then_a_correction(qtbot: Any, ledger: Ledger) -> None:
    page = _page(qtbot, ledger)
    page.analysis.setPlainText("通风系统整改")
    page.generate()
    qtbot.waitUntil(lambda: not page.busy and not page.stale, timeout=20_000)
    with qtbot.waitSignal(page.month_closed, timeout=20_000):
        page.close_month(confirmed=True)
    qtbot.waitUntil(lambda: page.result is not None and not page.busy, timeout=20_000)
    assert page.result is not None and page.result.closed is not None
    with ledger.read() as conn:
        row = month_close.closed(conn, "2026-05")
    assert row is not None and hashlib.sha256(page.result.data).hexdigest() == row["pdf_sha256"]
    assert "通风系统整改" in _text(page.result.data) and page.analysis.toPlainText() == "通风系统整改"
    # the closer by name (read in the report job, off the UI thread), the time as a person reads it
    assert page.state.text().startswith("2026-05 已由 测试员 关闭（2026-"), page.state.text()
    assert "T" not in page.state.text().split("（")[1][:16]
    assert not page.close_button.isEnabled() and page.correct_button.isEnabled()

    dialog = page.enter_correction()
    assert isinstance(dialog, CorrectionDialog) and dialog.isVisible()
    assert [dialog.month.itemText(i) for i in range(dialog.month.count())] == ["2026-06"]
    dialog.subject.setText("表1 查出隐患")
    dialog.correction.setPlainText("应为 2 条")
    dialog.reason.setPlainText("   ")
    dialog.submit()
    assert wait_for_writes() and dialog.isVisible()
    assert not dialog.errors["reason"].isHidden()
    dialog.reason.setPlainText("漏登一条，5 月 28 日补报")
    dialog.submit()
    assert wait_for_writes() and not dialog.isVisible()
    assert "2026-06" in page.status.text()
    with ledger.read() as conn:
        june = tallies.summary(conn, "2026-06")
    assert [a["subject"] for a in june["tables"]["adjustments"]] == ["表1 查出隐患"]


def test_the_role_decides_who_prints_saves_and_closes(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    from safetywatch.domain.permissions import Role
    from tests.account_helpers import add_users, signed_in

    add_users(ledger)
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 5, 20)))
    for role, prints, saves, closes in (
        (Role.CLERK, False, False, False),
        (Role.AUDITOR, False, True, False),
        (Role.SAFETY_OFFICER, True, True, True),
    ):
        led = signed_in(ledger, role)
        page = ReportPage(led)
        qtbot.addWidget(page)
        assert led.user is not None
        page.apply_role(led.user.may)
        page.show()
        qtbot.waitUntil(lambda p=page: p.result is not None, timeout=20_000)  # everyone may look at it
        assert page.print_button.isEnabled() is prints, role
        assert page.save_button.isEnabled() is saves, role
        assert page.close_button.isEnabled() is closes, role
        if not prints:  # the service boundary refuses too, with the reason on the page
            printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(tmp_path / f"{role.value}.pdf"))
            assert page.print_report(printer) == 0
            assert page.status.text().startswith("无权操作") and not (tmp_path / f"{role.value}.pdf").exists()


def test_the_year_switch_previews_and_saves_the_annual_summary(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    page = _page(qtbot, ledger)
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 2, 3)))
    page.kind.setCurrentIndex(page.kind.findData("year"))
    qtbot.waitUntil(
        lambda: page.result is not None and not page.busy and page.month.currentText() == "2026", timeout=20_000
    )
    assert [page.month.itemText(i) for i in range(page.month.count())] == ["2026"]
    assert page.period_label.text() == "统计年度" and page.close_button.text() == "关闭年度…"
    assert not page.analysis.isEnabled() and not page.correct_button.isEnabled()
    assert "群众安全监督网工作年报 2026年" in _text(page.result.data)  # type: ignore[union-attr]
    assert page.document.pageCount() == page.result.pages  # type: ignore[union-attr]
    saved = page.save_report(tmp_path / "年报.json")
    assert saved is not None
    assert json.loads(saved.read_text(encoding="utf-8"))["summary"]["hazards_found"]["this_year"] == 2
    page.close_year(confirmed=True)  # the year is running: its months are open, the close is refused
    wait_for_writes()
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert "2026-01" in page.status.text()
    page.kind.setCurrentIndex(page.kind.findData("month"))
    qtbot.waitUntil(
        lambda: page.result is not None and not page.busy and page.month.currentText() == "2026-05", timeout=20_000
    )
    assert page.analysis.isEnabled() and page.period_label.text() == "统计月份"
