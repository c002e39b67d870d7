"""The hazard card, driven with the keyboard only, against a real database file."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from safetywatch.db.engine import make_engine
from safetywatch.domain.i18n import tr
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.queries.hazard_query import recent_locations
from safetywatch.ui.hazard_form import HazardFormPage
from safetywatch.ui.operations import wait_for_writes


def _ui(text: str) -> str:
    return QCoreApplication.translate("HazardFormPage", text)


def focused() -> QWidget:
    """Where a key press goes: the open suggestion list if any, else the focused field."""
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    """ASCII as key clicks; Chinese as an input-method commit, which is how a clerk's IME delivers it."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(focused(), event)


def save_with(qtbot: QtBot, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Enter (or Ctrl+Enter) and wait for the save it starts on the writer thread.

    Pending window events are delivered first, as the event loop does between a user's key presses (key
    clicks in tests do not turn it, and a late one would move the focus after the save)."""
    QApplication.processEvents()
    press(qtbot, Qt.Key.Key_Return, modifier)
    assert wait_for_writes()


def enter_field(qtbot: QtBot, text: str) -> None:
    type_text(qtbot, text)
    press(qtbot, Qt.Key.Key_Tab)


def hazard_count(ledger: Ledger) -> int:
    with ledger.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar_one())


def show(qtbot: QtBot, page: HazardFormPage) -> None:
    """Show the page as the active window (key presses go to its focused field) on a new card."""
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.start_new()


@pytest.fixture
def form(qtbot: QtBot, ledger: Ledger) -> HazardFormPage:
    page = HazardFormPage(ledger)
    show(qtbot, page)
    return page


def fill_header(qtbot: QtBot, form: HazardFormPage, *, date: str = "20260609") -> None:
    """From the shift field (where a new card starts): date, shift, source, finder, unit, location."""
    assert QApplication.focusWidget() is form.shift
    press(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is form.found_date
    enter_field(qtbot, date)  # Backtab selected the old date, so typing replaces it
    enter_field(qtbot, "1")  # shift code
    enter_field(qtbot, "群监")  # part of 群监员汇报
    enter_field(qtbot, "李")  # part of a name: Tab takes the suggestion Q001 李四
    enter_field(qtbot, "综采")  # unit by part of its name
    enter_field(qtbot, "1201回风巷")


def test_keyboard_only_entry_saves_and_starts_next_card(qtbot: QtBot, form: HazardFormPage, ledger: Ledger) -> None:
    assert form.title.text() == _ui("New hazard")
    fill_header(qtbot, form)
    assert QApplication.focusWidget() is form.description
    type_text(qtbot, "顶板离层")
    press(qtbot, Qt.Key.Key_Return)  # a new line inside the description, not a save
    assert not form.saving and form.status.text() == ""
    type_text(qtbot, "锚杆松动")
    press(qtbot, Qt.Key.Key_Tab)
    enter_field(qtbot, "db")  # category by code, any case
    enter_field(qtbot, "W")  # nature
    enter_field(qtbot, "C")  # level C: deadline = found + 3 days
    assert form.deadline.text() == "2026-06-12"
    assert not form.major_box.isVisible()
    assert QApplication.focusWidget() is form.fixed_on_site
    press(qtbot, Qt.Key.Key_Tab)
    enter_field(qtbot, "张工")
    assert QApplication.focusWidget() is form.deadline
    press(qtbot, Qt.Key.Key_Tab)
    enter_field(qtbot, "综采一队队长")
    enter_field(qtbot, "达到支护规程要求")
    enter_field(qtbot, "补打锚杆")
    assert QApplication.focusWidget() is form.remarks  # the hidden major-hazard fields are skipped
    type_text(qtbot, "复查")
    with qtbot.waitSignal(form.hazard_saved) as saved:
        press(qtbot, Qt.Key.Key_Return)

    with ledger.read() as conn:
        row = (
            conn.exec_driver_sql(
                "SELECT h.*, w.code AS ws, s.code AS shift_code, src.code AS source_code, i.employee_no, "
                "u.code AS unit_code, c.code AS category_code, n.code AS nature_code, l.code AS level_code "
                "FROM hazard h JOIN workstation w ON w.id = h.workstation_id JOIN shift s ON s.id = h.shift_id "
                "JOIN lookup_item src ON src.id = h.source_id JOIN inspector i ON i.id = h.finder_id "
                "JOIN org_unit u ON u.id = h.unit_id JOIN lookup_item c ON c.id = h.category_id "
                "JOIN lookup_item n ON n.id = h.nature_id JOIN hazard_level l ON l.id = h.level_id"
            )
            .one()
            ._mapping
        )
    assert saved.args == [row["id"]]
    assert row["number"] == "JK01-2026-00001"
    assert (row["ws"], row["found_date"], row["shift_code"], row["source_code"]) == (
        "JK01",
        "2026-06-09",
        "1",
        "QJY",
    )
    assert (row["employee_no"], row["finder_name"], row["unit_code"]) == ("Q001", "李四", "U01")
    assert (row["location"], row["description"]) == ("1201回风巷", "顶板离层\n锚杆松动")
    assert (row["category_code"], row["nature_code"], row["level_code"]) == ("DB", "W", "C")
    assert (row["fixed_on_site"], row["status"], row["deadline"]) == (0, "registered", "2026-06-12")
    assert (row["rectify_person"], row["responsibility"]) == ("张工", "综采一队队长")
    assert (row["standard"], row["measures"], row["remarks"]) == ("达到支护规程要求", "补打锚杆", "复查")
    assert row["funds_yuan"] is None and row["contingency_plan"] is None

    assert form.status.text() == _ui("Saved {number}").format(number="JK01-2026-00001")
    # The next card keeps workstation, date, shift and source; the rest is empty; the finder is next.
    assert form.workstation.currentText().startswith("JK01")
    assert form.found_date.text() == "2026-06-09"
    assert form.shift.currentText() == "1 早班"
    assert form.source.currentText() == "QJY 群监员汇报"
    assert form.finder.text() == form.location.text() == form.deadline.text() == form.rectify_person.text() == ""
    assert form.unit.currentText() == form.level.currentText() == form.description.toPlainText() == ""
    assert QApplication.focusWidget() is form.finder
    with ledger.read() as conn:
        assert recent_locations(conn, 10) == ["1201回风巷"]


def test_free_text_finder_and_fix_on_site_saved_with_ctrl_enter(
    qtbot: QtBot, form: HazardFormPage, ledger: Ledger
) -> None:
    fill_header(qtbot, form)
    form.finder.setFocus()
    form.finder.selectAll()
    enter_field(qtbot, "赵六")  # not an inspector: kept as a name
    assert form.finder.text() == "赵六"
    assert form.finder_hint.text() == _ui("Not on the roster: kept as a name")
    form.description.setFocus()
    enter_field(qtbot, "灭火器过期")
    enter_field(qtbot, "QT")
    enter_field(qtbot, "W")
    enter_field(qtbot, "C")
    press(qtbot, Qt.Key.Key_Space)  # fixed on site: deadline = found date
    assert form.deadline.text() == "2026-06-09"
    form.description.setFocus()
    with qtbot.waitSignal(form.hazard_saved):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with ledger.read() as conn:
        row = conn.exec_driver_sql("SELECT * FROM hazard").one()._mapping
    assert (row["finder_id"], row["finder_name"]) == (None, "赵六")
    assert (row["fixed_on_site"], row["status"], row["deadline"]) == (1, "closed", "2026-06-09")


def test_failed_save_shows_messages_by_the_fields_and_keeps_the_input(
    qtbot: QtBot, form: HazardFormPage, ledger: Ledger
) -> None:
    fill_header(qtbot, form, date="2026-06-11")  # tomorrow
    press(qtbot, Qt.Key.Key_Tab)  # no description
    enter_field(qtbot, "DB")
    enter_field(qtbot, "W")
    type_text(qtbot, "C")
    typed_in = QApplication.focusWidget()
    press(qtbot, Qt.Key.Key_Return)  # one Enter takes the suggestion and moves on
    assert QApplication.focusWidget() is not typed_in and hazard_count(ledger) == 0
    save_with(qtbot)

    assert hazard_count(ledger) == 0
    assert form.field_error("description") == tr("Required.")
    assert form.field_error("found_date") == tr("Date {date} is in the future (today is {today}).").format(
        date="2026-06-11", today="2026-06-10"
    )
    assert form.field_error("location") == ""
    assert form.form.errors["found_date"].isVisible()
    assert QApplication.focusWidget() is form.found_date  # the first bad field in card order
    assert form.found_date.text() == "2026-06-11"
    assert (form.finder.text(), form.unit.currentText(), form.location.text()) == (
        "Q001 李四",
        "U01 综采一队",
        "1201回风巷",
    )
    assert form.level.currentText().startswith("C ")

    press(qtbot, Qt.Key.Key_Escape)
    assert form.field_error("description") == form.field_error("found_date") == ""
    assert form.found_date.text() == "2026-06-11"


def test_a_bad_date_is_a_field_error_and_is_not_changed(qtbot: QtBot, form: HazardFormPage, ledger: Ledger) -> None:
    fill_header(qtbot, form, date="2026-02-30")
    enter_field(qtbot, "灭火器过期")
    type_text(qtbot, "Nope")  # no such category
    save_with(qtbot)
    assert hazard_count(ledger) == 0
    assert form.found_date.text() == "2026-02-30"
    assert "2026-02-30" in form.field_error("found_date")
    assert "Nope" in form.field_error("category_id")
    assert form.field_error("nature_id") == tr("Required.")  # the services' verdict on the rest, at once
    assert form.category.currentText() == "Nope"


def test_major_level_requires_person_and_measures(qtbot: QtBot, form: HazardFormPage, ledger: Ledger) -> None:
    fill_header(qtbot, form)
    enter_field(qtbot, "瓦斯超限")
    enter_field(qtbot, "WS")
    enter_field(qtbot, "W")
    enter_field(qtbot, "B")
    assert form.major_box.isVisible()
    assert form.deadline.text() == "2026-06-19"  # B: 10 days
    save_with(qtbot)
    assert hazard_count(ledger) == 0
    message = tr("Required for a major hazard (五落实).")
    assert form.field_error("rectify_person") == form.field_error("measures") == message
    assert QApplication.focusWidget() is form.rectify_person

    enter_field(qtbot, "王工")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.measures
    enter_field(qtbot, "加强通风，停止作业撤人")
    enter_field(qtbot, "第12条")
    enter_field(qtbot, "5000元")
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    assert hazard_count(ledger) == 0
    assert form.field_error("funds_yuan") == _ui("Type the amount in whole yuan, e.g. 5000.")
    form.funds.setText("5000")
    form.contingency_plan.setFocus()
    type_text(qtbot, "撤人预案")
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    with ledger.read() as conn:
        row = conn.exec_driver_sql("SELECT * FROM hazard").one()._mapping
    assert (row["rectify_person"], row["measures"], row["major_item"]) == (
        "王工",
        "加强通风，停止作业撤人",
        "第12条",
    )
    assert (row["funds_yuan"], row["contingency_plan"], row["deadline"]) == (5000, "撤人预案", "2026-06-19")


def _registered(ledger: Ledger) -> int:
    with ledger.read() as conn:

        def pick(kind: str, code: str) -> int:
            return next(c.id for c in reference.choices(conn, kind) if c.code == code)

        data = hazards.HazardInput(
            workstation_id=pick("workstation", "JK01"),
            source_id=pick("hazard_source", "QJY"),
            found_date=dt.date(2026, 6, 8),
            shift_id=pick("shift", "2"),
            finder_id=pick("inspector", "Q002"),
            unit_id=pick("org_unit", "U02"),
            location="掘进工作面",
            description="风筒破损",
            category_id=pick("hazard_category", "TF"),
            nature_id=pick("hazard_nature", "W"),
            level_id=pick("hazard_level", "C"),
        )
    return int(hazards.register(ledger, data)["id"])


def test_amend_needs_a_reason_and_keeps_the_unfinished_card(qtbot: QtBot, form: HazardFormPage, ledger: Ledger) -> None:
    hazard_id = _registered(ledger)
    form.shift.setFocus()
    enter_field(qtbot, "3")  # an unfinished new card
    assert form.load_for_amend(hazard_id)
    assert form.title.text() == _ui("Amend hazard {number}").format(number="JK01-2026-00001")
    assert form.reason.isVisible() and not form.workstation.isEnabled()
    assert (form.finder.text(), form.unit.currentText(), form.shift.currentText()) == (
        "Q002 王芳",
        "U02 掘进二队",
        "2 中班",
    )
    assert (form.description.toPlainText(), form.deadline.text()) == ("风筒破损", "2026-06-11")

    form.description.setFocus()
    form.description.selectAll()
    type_text(qtbot, "风筒破损漏风")
    form.location.setFocus()
    save_with(qtbot)  # no reason yet
    assert form.field_error("reason") == tr("A reason is required: say why in a few words.")
    assert QApplication.focusWidget() is form.reason
    with ledger.read() as conn:
        assert hazards.get(conn, hazard_id)["version"] == 1

    type_text(qtbot, "抄错内容")
    with qtbot.waitSignal(form.hazard_saved) as saved:
        press(qtbot, Qt.Key.Key_Return)
    assert saved.args == [hazard_id]
    with ledger.read() as conn:
        hazard = hazards.get(conn, hazard_id)
        events = audit.history(conn, "hazard", hazard_id)
    assert (hazard["description"], hazard["version"], hazard["location"]) == ("风筒破损漏风", 2, "掘进工作面")
    assert (events[-1].action, events[-1].reason) == ("amend", "抄错内容")
    assert hazard_count(ledger) == 1
    # Back to the new card that was being typed before the amendment.
    assert form.title.text() == _ui("New hazard")
    assert form.status.text() == _ui("Saved changes to {number}").format(number="JK01-2026-00001")
    assert form.shift.currentText() == "3 夜班"
    assert form.description.toPlainText() == "" and not form.reason.isVisible()


def test_storage_error_is_shown_and_input_kept(qtbot: QtBot, ledger: Ledger) -> None:
    read_only = Ledger(ledger.path, make_engine(ledger.path, read_only=True), "测试员", ledger.clock)
    page = HazardFormPage(read_only)
    show(qtbot, page)
    try:
        fill_header(qtbot, page)
        enter_field(qtbot, "灭火器过期")
        enter_field(qtbot, "QT")
        enter_field(qtbot, "W")
        enter_field(qtbot, "C")
        save_with(qtbot)
        assert page.status.text() == tr(
            "The database is read-only. Nothing was saved; check the file's permissions or the disk."
        )
        assert page.description.toPlainText() == "灭火器过期"
        assert page.finder.text() == "Q001 李四"
        assert hazard_count(ledger) == 0
    finally:
        read_only.engine.dispose()
