"""End to end in the main window: a card typed with the keyboard walks the whole loop to 销号."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from safetywatch.domain.hazard_loop import HazardAction, HazardStatus
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity, opening
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.operations import wait_for_writes
from tests.helpers import card, refs
from tests.ui.test_hazard_form import enter_field, fill_header, press, type_text
from tests.ui.test_hazards_page import _click_step, _status, submitted


def _window(qtbot: Any, ledger: Ledger) -> MainWindow:
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_navigation_pages_and_shortcuts(qtbot: Any, ledger: Ledger) -> None:
    window = _window(qtbot, ledger)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [  # the home page, then the pages by role under headings (issue 17)
        "概览",
        "录入",
        "隐患登记",
        "上岗与汇报",
        "三违登记",
        "群监活动",
        "台账",
        "隐患台账",
        "三违台账",
        "统计",
        "上岗率与汇报率",
        "群监员津贴",
        "月报",
        "管理",
        "基础数据",
        "备份",
        "数据交换",
        "审计追踪",
    ]
    assert window.stack.currentWidget() is window.dashboard_page  # the home page
    # headings and pages of later versions are listed but cannot be chosen
    assert all(
        not (window.nav.item(i).flags() & Qt.ItemFlag.ItemIsEnabled)
        for i, title in enumerate(titles)
        if title in ("录入", "台账", "统计", "管理", "审计追踪")
    )
    for key, page in (
        (Qt.Key.Key_0, window.dashboard_page),
        (Qt.Key.Key_M, window.report_page),
        (Qt.Key.Key_2, window.hazards_page),
        (Qt.Key.Key_3, window.shift_sheet_page),
        (Qt.Key.Key_5, window.violations_page),
        (Qt.Key.Key_9, window.reference_page),
        (Qt.Key.Key_J, window.exchange_page),
    ):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is page
    assert window.windowTitle() == "SafetyWatch 群监网安全监督台账"


def test_shift_sheet_row_opens_prefilled_cards(qtbot: Any, ledger: Ledger) -> None:
    window = _window(qtbot, ledger)
    r = refs(ledger)
    sheet = window.shift_sheet_page
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is sheet
    assert sheet.load(r.workstation, dt.date(2026, 6, 9), r.shifts["2"])
    sheet.view.setCurrentIndex(sheet.model.index(1, 3))  # 王芳
    sheet.view.setFocus()
    qtbot.keyClick(sheet.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    form = window.form_page
    assert window.stack.currentWidget() is form
    assert form.found_date.text() == "2026-06-09"
    assert form.finder.text().startswith("Q002") and form.shift.current_id() == r.shifts["2"]
    window.show_page(sheet)
    qtbot.keyClick(sheet.view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.violation_form
    assert window.violation_form.stopped_by.current_id() == r.inspectors["Q002"]
    assert window.violation_form.found_date.text() == "2026-06-09"


def test_keyboard_card_to_closed_hazard_with_overdue_badge(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    window = _window(qtbot, ledger)
    form = window.form_page
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    form.start_new()
    assert window.nav_item(window.hazards_page).text() == "隐患台账"  # nothing overdue yet

    # Type a card found 2026-06-01 with level C (deadline +3 days): overdue on the test day 2026-06-10.
    fill_header(qtbot, form, date="20260601")
    type_text(qtbot, "回风巷顶板离层")
    press(qtbot, Qt.Key.Key_Tab)
    enter_field(qtbot, "DB")
    enter_field(qtbot, "W")
    enter_field(qtbot, "C")
    press(qtbot, Qt.Key.Key_Tab)
    enter_field(qtbot, "张工")
    with qtbot.waitSignal(form.hazard_saved) as saved:
        press(qtbot, Qt.Key.Key_Return)
    hazard_id = saved.args[0]

    qtbot.waitUntil(lambda: window.nav_item(window.hazards_page).text() == "隐患台账  ▲ 逾期 1")  # from the change hub
    assert window.nav_item(window.hazards_page).foreground().color().name() == "#c62828"

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.hazards_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_hazard(hazard_id)
    assert page.detail.hazard is not None and page.detail.hazard["number"] == "JK01-2026-00001"

    def submit(person: str = "") -> Any:
        def fill(dialog: Any) -> None:
            if person:
                dialog.person_edit.setText(person)
            assert submitted(dialog)

        return fill

    _click_step(page, HazardAction.ISSUE_NOTICE, submit("队长甲"))
    _click_step(page, HazardAction.START_RECTIFICATION, submit())
    _click_step(page, HazardAction.REPORT_DONE, submit("张工"))
    _click_step(page, HazardAction.ACCEPT, submit("安监员丙"))
    qtbot.waitUntil(lambda: window.nav_item(window.hazards_page).text() == "隐患台账")  # accepted: no longer overdue
    _click_step(page, HazardAction.CLOSE, submit())
    assert _status(ledger, hazard_id) is HazardStatus.CLOSED

    with ledger.read() as conn:
        steps = [s["action"] for s in hazards.timeline(conn, hazard_id)]
        report = integrity.verify(conn)
    assert steps == ["register", "issue_notice", "start_rectification", "report_done", "accept", "close"]
    assert report.ok, report.problems

    image = window.grab()
    assert image.save(str(tmp_path / "main_window.png"))
    assert QApplication.activeModalWidget() is None


def test_amend_from_the_register_opens_the_form(qtbot: Any, ledger: Ledger) -> None:
    window = _window(qtbot, ledger)
    data = card(refs(ledger), found_date=dt.date(2026, 6, 9))
    hazard = hazards.register(ledger, data)
    window.hazards_page.refresh()
    window.show_amend(int(hazard["id"]))
    assert window.stack.currentWidget() is window.form_page
    assert window.form_page.description.toPlainText() == data.description


def test_fill_with_demo_data_from_the_menu(qtbot: Any, ledger: Ledger, monkeypatch: Any) -> None:
    window = _window(qtbot, ledger)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append("warning: " + text))
    window.fill_demo_data()
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert shown[0].startswith("已添加") and "隐患" in shown[0], shown
    qtbot.waitUntil(lambda: window.hazards_page.model.rowCount() > 100, timeout=10_000)
    with ledger.read() as conn:
        assert integrity.verify(conn).ok
    window.fill_demo_data()  # a second time: refused, the database now holds hazards
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=30_000)
    assert shown[1].startswith("warning: ") and "演示" in shown[1]


def test_big_damaged_database_is_reported_after_start(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from tests.services.test_open_checks import CLOCK, _damage_a_middle_page, _filled

    db = tmp_path / "damaged.db"
    _filled(db)
    _damage_a_middle_page(db)
    monkeypatch.setattr(opening, "FULL_CHECK_AT_OPEN_BYTES", 0)  # treat it as big: checked in the background
    ledger = opening.open_ledger(db, actor="测试员", clock=CLOCK, seed=False)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append(f"{title}: {text}"))
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0].startswith("数据库已损坏") and "从备份恢复" in shown[0]
    ledger.engine.dispose()


def test_tools_menu_opens_export_and_import(qtbot: Any, ledger: Ledger) -> None:
    window = _window(qtbot, ledger)
    tools = window.menuBar().actions()[0].menu()
    titles = [a.text() for a in tools.actions()]
    assert "导出记录(&E)…" in titles and "导入记录(&I)…" in titles
    export = window.show_export()
    assert export.isVisible() and export.ledger is ledger
    export.close()
    importer = window.show_import()
    assert importer.isVisible()
    importer.reject()
    assert window.nav_item(window.hazards_page).text() == "隐患台账"  # the pages were refreshed after the dialog


def _shown_in(window: Any, label: Any) -> bool:
    """A message is on screen: visible, not empty, not cut off by its parents or the window's edge."""
    if not (label.isVisible() and label.text().strip()) or label.visibleRegion().isEmpty():
        return False
    corner = label.mapTo(window, label.rect().bottomRight())
    return window.rect().contains(label.mapTo(window, label.rect().topLeft())) and window.rect().contains(corner)


def test_keyboard_walk_through_the_registers_at_1024x768(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    """Each page's shortcut puts the keyboard in the page; refusals are shown where they can be read."""
    from tests.ui.test_hazard_table_model import register_hazards

    register_hazards(ledger, 12)
    window = _window(qtbot, ledger)
    window.resize(1024, 768)
    qtbot.wait(20)
    r = refs(ledger)

    def shortcut(key: Qt.Key) -> Any:
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        page = window.stack.currentWidget()
        focused = QApplication.focusWidget()
        assert focused is not None and page.isAncestorOf(focused), (page, focused)
        return focused

    # 隐患台账: on the list; Down selects, Enter goes to the first step of the selected hazard.
    assert shortcut(Qt.Key.Key_2) is window.hazards_page.table
    qtbot.keyClick(window.hazards_page.table, Qt.Key.Key_Down)
    qtbot.keyClick(window.hazards_page.table, Qt.Key.Key_Return)
    hazards_page = window.hazards_page
    assert hazards_page.detail.hazard is not None
    focused = QApplication.focusWidget()
    assert focused in hazards_page.detail.action_buttons.values() or hazards_page.detail.final_label.isVisible()
    hazards_page.select_hazard(
        next(
            h
            for h in (hazards_page.model.hazard_id(i) for i in range(12))
            if h and hazards_page.model.is_overdue(hazards_page.model.row_of(h))
        )
    )
    assert _shown_in(window, hazards_page.detail.overdue_label)  # "逾期 n 天" beside the number
    qtbot.wait(20)
    for key in ("number", "found", "unit_name", "deadline"):  # one column of fields here: none cut off
        value = hazards_page.detail.values[key]
        assert value.width() >= value.fontMetrics().horizontalAdvance(value.text()), (key, value.text())
    shot = tmp_path / "hazards_1024.png"
    assert window.grab().save(str(shot))

    # 上岗与汇报: on the bar; a bad time is refused with its message under the grid.
    assert shortcut(Qt.Key.Key_3) is window.shift_sheet_page.view  # on the grid
    sheet = window.shift_sheet_page
    assert sheet.load(r.workstation, dt.date(2026, 6, 9), r.shifts["1"])
    sheet.view.setFocus()
    sheet.view.setCurrentIndex(sheet.model.index(0, 4))  # 上岗时间
    for ch in "2500":
        qtbot.keyClick(QApplication.focusWidget() or sheet.view, ch)
    qtbot.keyClick(QApplication.focusWidget() or sheet.view, Qt.Key.Key_Return)
    qtbot.keyClick(sheet.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert wait_for_writes()
    assert _shown_in(window, sheet.messages) and _shown_in(window, sheet.status)
    assert sheet.view.currentIndex().column() == 4 and sheet.view.hasFocus()  # back on the bad cell

    # 三违台账: on the list; a date that is not a date is refused in the status line.
    assert shortcut(Qt.Key.Key_5) is window.violations_page.view
    violations_page = window.violations_page
    violations_page.date_from.setFocus()
    qtbot.keyClicks(violations_page.date_from, "6-8")
    qtbot.keyClick(violations_page.date_from, Qt.Key.Key_Return)
    assert _shown_in(window, violations_page.status)

    # 基础数据: on the kinds (arrows choose one); Enter on an empty new entry marks the required fields.
    assert shortcut(Qt.Key.Key_9) is window.reference_page.kinds
    reference_page = window.reference_page
    qtbot.keyClick(reference_page.kinds, Qt.Key.Key_Down)  # 井口工作站
    assert reference_page.kinds.hasFocus()  # browsing the kinds keeps the keyboard there
    code = reference_page._editors["code"].widget
    code.setFocus()
    qtbot.keyClick(code, Qt.Key.Key_Return)
    assert wait_for_writes()
    assert _shown_in(window, reference_page._editors["code"].error)
    assert _shown_in(window, reference_page._editors["name"].error)
    assert _shown_in(window, reference_page.status)
    assert code.hasFocus()  # on the first field to correct

    # 备份 and 上岗率: the keyboard is in the page too.
    assert shortcut(Qt.Key.Key_B) is window.backup_page.table
    shortcut(Qt.Key.Key_6)

    # Each of these pages fits beside the navigation on a 1024-pixel screen.
    room = 1024 - window.nav.minimumWidth() - 10
    for page in (hazards_page, sheet, violations_page, reference_page, window.backup_page, window.rates_page):
        assert page.minimumSizeHint().width() <= room, (type(page).__name__, page.minimumSizeHint().width())
