"""The activities page: a record of each kind typed with the keyboard, errors beside their fields, amending with a
reason, the suggestion's review, a squad's hazards and the tour's problem sub-table."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, tours
from safetywatch.ui.activities_page import ActivitiesPage
from safetywatch.ui.activity_widgets import ActivityTab
from safetywatch.ui.operations import wait_for_writes
from tests.helpers import card, count_rows, refs


def focused() -> QWidget:
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    """ASCII as key clicks; Chinese as an input-method commit, as a clerk's IME delivers it."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(focused(), event)


def save_with(qtbot: QtBot, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Enter (or Ctrl+Enter) and wait for the save it starts on the writer thread (pending window events
    first, as the event loop delivers them between a user's key presses)."""
    QApplication.processEvents()
    press(qtbot, Qt.Key.Key_Return, modifier)
    assert wait_for_writes()


def written() -> None:
    """Wait until what the last click or call queued on the writer thread is done and shown."""
    assert wait_for_writes()


def fill(qtbot: QtBot, tab: ActivityTab, entries: list[tuple[str, str]]) -> None:
    """Type each field in turn and Tab on; asserts the focus walks the form in the given order."""
    for name, text in entries:
        assert focused() is tab.form.widgets[name], (name, focused().objectName())
        if text:
            type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Tab)


@pytest.fixture
def page(qtbot: QtBot, ledger: Ledger) -> ActivitiesPage:
    widget = ActivitiesPage(ledger)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def open_tab(page: ActivitiesPage, tab: ActivityTab, first: str) -> None:
    page.tabs.setCurrentWidget(tab)
    widget = tab.form.widgets[first]
    widget.setFocus()
    assert focused() is widget


def test_a_suggestion_typed_then_reviewed_and_implemented(qtbot: QtBot, page: ActivitiesPage, ledger: Ledger) -> None:
    tab = page.suggestions
    open_tab(page, tab, "proposer_id")
    fill(qtbot, tab, [("proposer_id", "Q001"), ("proposer_name", ""), ("unit_id", "U01"), ("category_id", "AQ")])
    type_text(qtbot, "皮带机头加装防护罩")
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "suggestion") == 1, tab.status.text()
    assert tab.model.rowCount() == 1 and "合理化建议 1 条" in tab.figures.text()
    assert tab.rows[0]["proposer_name"] == "李四"
    assert tab.form.text("content") == ""  # ready for the next one, the unit kept
    assert tab.form.text("unit_id") != ""

    tab.select_row(0)
    assert tab.review_button.isEnabled() and not tab.implement_button.isEnabled()
    dialog = tab.review()
    assert dialog is not None
    dialog.form.set("decision", "rejected")
    dialog.submit()  # no reviewer, no reason for the rejection: the dialog stays open, errors beside the fields
    written()
    assert dialog.isVisible()
    assert dialog.form.errors["reviewed_by"].text() == "必填。"
    assert dialog.form.errors["note"].isVisibleTo(dialog)
    dialog.form.set("decision", "adopted")
    dialog.form.set("reviewed_by", "安全科")
    dialog.submit()
    written()
    assert not dialog.isVisible()
    assert tab.rows[0]["status"] == "adopted" and "采纳 1" in tab.figures.text()
    assert tab.implement_button.isEnabled() and not tab.review_button.isEnabled()
    dialog = tab.implement()
    assert dialog is not None
    dialog.form.set("implemented_by", "机电队")
    dialog.form.set("reward_yuan", "两百")
    dialog.submit()
    written()
    assert dialog.form.errors["reward_yuan"].text() == "不是整数。"
    dialog.form.set("reward_yuan", "200")
    dialog.submit()
    written()
    assert not dialog.isVisible(), dialog.status.text()
    assert "奖励 200 元" in tab.figures.text() and "机电队" in tab.detail.text()


def test_errors_appear_beside_their_fields_and_text_stays(page: ActivitiesPage, ledger: Ledger) -> None:
    tab = page.squads
    page.tabs.setCurrentWidget(tab)
    tab.form.set("on_date", "2026-06-31")
    tab.form.set("squad", "一队小分队")
    tab.form.set("violations_stopped", "两个")
    tab.save()
    written()
    assert "YYYY-MM-DD" in tab.form.errors["on_date"].text()
    assert tab.form.errors["violations_stopped"].text() == "不是整数。"
    tab.form.set("on_date", "2026-06-11")
    tab.form.set("violations_stopped", "2")
    tab.save()
    written()
    assert "将来" in tab.form.errors["on_date"].text()
    assert tab.form.errors["leader"].text() == "必填。" and tab.form.errors["route"].text() == "必填。"
    assert not tab.form.errors["squad"].isVisibleTo(tab)
    assert tab.form.text("squad") == "一队小分队" and tab.form.text("violations_stopped") == "2"
    assert count_rows(ledger, "squad_activity") == 0


def test_a_squad_check_typed_with_its_hazard_linked_then_amended(
    qtbot: QtBot, page: ActivitiesPage, ledger: Ledger
) -> None:
    tab = page.squads
    open_tab(page, tab, "squad")
    fill(qtbot, tab, [("squad", "一队小分队"), ("leader", "张队长"), ("members", "李四、王芳"), ("route", "回风巷")])
    type_text(qtbot, "2")
    save_with(qtbot)  # Enter in a line saves
    assert count_rows(ledger, "squad_activity") == 1, tab.status.text()
    assert tab.form.text("on_date") == "2026-06-10" and tab.form.text("squad") == ""
    hazard = hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 10), fixed_on_site=True))
    tab.select_row(0)
    tab.links.number.setText("JK01-2026-99999")
    tab.links.link()
    written()
    assert "JK01-2026-99999" in tab.links.error.text()
    assert tab.links.number.text() == "JK01-2026-99999"
    tab.links.number.setText(hazard["number"])
    tab.links.link()
    written()
    assert tab.links.list.count() == 1 and hazard["number"] in tab.links.list.item(0).text()
    assert "发现隐患 1 条，已整改 1 条" in tab.figures.text()

    tab.form.set("leader", "王队长")
    tab.save()  # an amendment needs its reason
    written()
    assert tab.form.errors["change_reason"].isVisibleTo(tab) and tab.rows[0]["leader"] == "张队长"
    tab.form.set("change_reason", "带队人记错")
    tab.save()
    written()
    assert tab.rows[0]["leader"] == "王队长" and tab.rows[0]["version"] == 2, tab.status.text()
    tab.form.set("change_reason", "重复登记")
    tab.void_selected()
    written()
    assert "小分队检查 0 次" in tab.figures.text()


def test_a_tour_with_its_problems_in_one_save(qtbot: QtBot, page: ActivitiesPage, ledger: Ledger) -> None:
    tab = page.tours
    open_tab(page, tab, "organiser")
    fill(qtbot, tab, [("organiser", "矿工会"), ("areas", "主井、一采区"), ("reps", "12")])
    tab.set_problem(0, "井口等候室漏雨", "on_site")
    tab.set_problem(1, "副井信号不清", "later")
    tab.set_problem(2, "班中餐送不到工作面", "open")
    tab.save()  # "later" without a deadline: refused, nothing saved, the cell marked and all text kept
    written()
    assert "问题 2" in tab.status.text() and count_rows(ledger, "tour") == 0
    assert tab._cell(1, 4).toolTip() != "" and tab._cell(1, 0).text() == "副井信号不清"
    tab._cell(1, 4).setText("2026-06-20")
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "tour") == 1 and count_rows(ledger, "tour_problem") == 3, tab.status.text()
    # as of today (10 June) the deadline 20 June is not passed: the promised problem is still open
    text = "巡视 1 次，职工代表 12 人次（— 人），发现问题 3 个：现场解决 1、事后解决 0、到期未解决 0、待解决 2"
    assert text in tab.figures.text()

    # the saved tour: its problems come back in the sub-table; the open one gets a deadline, one more is added
    tab.select_row(0)
    assert [tab._cell(r, 0).text() for r in range(3)] == ["井口等候室漏雨", "副井信号不清", "班中餐送不到工作面"]
    tab.set_problem(2, "班中餐送不到工作面", "later", "2026-06-30")
    tab.set_problem(3, "劳保鞋发放不及时", "open")
    tab.set_problem(0, "井口等候室漏雨", "open")  # was solved on site: refused
    tab.form.set("change_reason", "后勤承诺月底前解决")
    tab.save()
    written()
    assert "问题 1" in tab.status.text() and count_rows(ledger, "tour_problem") == 3
    tab.set_problem(0, "井口等候室漏雨", "on_site")
    tab.save()
    written()
    assert count_rows(ledger, "tour_problem") == 4, tab.status.text()
    assert "发现问题 4 个：现场解决 1、事后解决 0、到期未解决 0、待解决 3" in tab.figures.text()
    with ledger.read() as conn:
        figures = tours.tour_stats(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert figures["problems_found"] == 4


def test_a_tour_names_its_representatives_and_a_problem_is_marked_solved(
    qtbot: QtBot, page: ActivitiesPage, ledger: Ledger
) -> None:
    tab = page.tours
    open_tab(page, tab, "organiser")
    fill(qtbot, tab, [("organiser", "矿工会"), ("areas", "主井"), ("reps", "")])
    assert focused() is tab.form.widgets["representatives"]
    for line in ("张三 10234", "Q001", "张三 10234"):  # one per line; the 工号 alone is looked up on the roll
        type_text(qtbot, line)
        press(qtbot, Qt.Key.Key_Return)
    tab.set_problem(0, "风门不严", "later", "2026-06-05")
    tab.form.set("on_date", "2026-06-02")
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "tour") == 0 and "张三 10234 重复列出。" in tab.form.errors["representatives"].text()
    tab.form.set("representatives", "张三 10234\nQ001\n赵六")
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "tour") == 1, tab.status.text()
    assert "职工代表 3 人次（3 人）" in tab.figures.text() and "到期未解决 1" in tab.figures.text()
    tab.select_row(0)
    assert tab.form.text("representatives") == "张三 10234\n李四 Q001\n赵六" and tab.form.text("reps") == ""
    tab.problem_table.setCurrentCell(0, 0)
    dialog = tab.mark_solved()
    assert dialog is not None and dialog.form.text("solved_on") == "2026-06-10"
    dialog.form.set("solved_on", "2026-06-08")
    dialog.submit()
    written()
    assert dialog.isVisible() and dialog.form.errors["solved_by"].text() == "必填。"
    dialog.form.set("solved_by", "通风队")
    dialog.submit()
    written()
    assert not dialog.isVisible(), dialog.status.text()
    assert "事后解决 1、到期未解决 0" in tab.figures.text()
    tab.select_row(0)
    assert tab.problem_table.item(0, 6).text() == "2026-06-08 通风队"
    with ledger.read() as conn:
        (problem,) = tours.problems(conn, int(tab.selected()["id"]))
    assert (problem["solved_on"], problem["solved_by"], problem["version"]) == ("2026-06-08", "通风队", 2)
    # the next save of the form keeps the solved date (the sub-table carries it)
    tab.form.set("note", "补记")
    tab.form.set("change_reason", "补充备注")
    tab.save()
    written()
    with ledger.read() as conn:
        assert tours.problems(conn, int(tab.selected()["id"]))[0]["solved_on"] == "2026-06-08"
    page.resize(1024, 768)
    page.grab().save("/tmp/tours16_tab.png")


def test_family_visit_typed_and_fields_follow_the_kind(qtbot: QtBot, page: ActivitiesPage, ledger: Ledger) -> None:
    tab = page.family
    open_tab(page, tab, "visitors")
    reason, worry = tab.form.widgets["reason"], tab.form.widgets["worry_type"]
    assert reason.isEnabled() and not worry.isEnabled()
    tab.form.set("reason", "worry")
    assert worry.isEnabled()
    fill(qtbot, tab, [("visitors", "刘大姐"), ("person_visited", "张三"), ("reason", ""), ("worry_type", "")])
    tab.save()  # the 不放心 type and participants are missing
    written()
    assert tab.form.errors["worry_type"].isVisibleTo(tab) and tab.form.errors["participants"].text() == "必填。"
    assert focused() is worry  # the first bad field
    type_text(qtbot, "情绪低落")
    tab.form.set("participants", "2")
    save_with(qtbot)
    assert count_rows(ledger, "family_activity") == 1, tab.status.text()
    assert "家访 1 次（三违人员 0，不放心人员 1）" in tab.figures.text()
    tab.form.set("kind", "forum")
    assert not reason.isEnabled() and not worry.isEnabled()


def test_a_training_session_typed_with_its_attendees(qtbot: QtBot, page: ActivitiesPage, ledger: Ledger) -> None:
    """Issue 16: 网员培训 typed from the sign-in sheet — attendees by 工号 or name, resolved while typing."""
    tab = page.training
    open_tab(page, tab, "unit_id")
    fill(qtbot, tab, [("unit_id", "U01"), ("topic", "隐患排查方法"), ("hours", "4"), ("teacher", "王工")])
    assert focused() is tab.form.widgets["attendees"]
    type_text(qtbot, "Q001 ")
    type_text(qtbot, "王芳 张飞")
    assert "Q001 李四、Q002 王芳" in tab.attending.text() and "张飞" in tab.attending.text()
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "training_session") == 0 and "张飞" in tab.form.errors["attendees"].text()
    tab.form.set("attendees", "Q001 王芳")
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "training_attendee") == 2, tab.status.text()
    assert "1" in tab.figures.text() and tab.model.rowCount() == 1
