"""The roster on the hazard and 三违 cards (issue 17): a 工号 typed as a finder's name that is on no roll is an
error under the field; a finder not on duty on the shift's sheet is warned of and a second Enter keeps the
card; the cards saved in the sitting are listed to tick off against the paper."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from safetywatch.domain.errors import ValidationError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards, violations
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.ui.hazard_form import HazardFormPage
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.violation_form import ViolationFormPage
from tests.helpers import card, count_rows, refs

DAY = dt.date(2026, 6, 9)


def _show(qtbot: QtBot, page: QWidget) -> None:
    qtbot.addWidget(page)
    page.resize(1024, 705)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def _enter(qtbot: QtBot, widget: QWidget) -> None:
    """Enter in a field of the card (it saves), then wait for the writer thread."""
    widget.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert wait_for_writes()


@pytest.fixture
def hazard_form(qtbot: QtBot, ledger: Ledger) -> HazardFormPage:
    page = HazardFormPage(ledger)
    _show(qtbot, page)
    return page


@pytest.fixture
def violation_form(qtbot: QtBot, ledger: Ledger) -> ViolationFormPage:
    page = ViolationFormPage(ledger)
    _show(qtbot, page)
    return page


def _hazard_rest(form: HazardFormPage, description: str = "巷道顶板离层，锚杆托盘松动") -> None:
    form.unit.choose_text("U01")
    form.location.setText("1201回风巷")
    form.description.setPlainText(description)
    form.category.choose_text("DB")
    form.nature.choose_text("W")
    form.level.choose_text("C")


def _sheet_with_q002_only(ledger: Ledger) -> None:
    r = refs(ledger)
    marks = (duty.Mark(r.inspectors["Q002"]),)
    duty.save_sheet(ledger, duty.SheetInput(r.workstation, DAY, r.shifts["1"], marks))


def test_an_unknown_gonghao_as_finder_is_an_error_and_nothing_is_saved(
    qtbot: QtBot, hazard_form: HazardFormPage, ledger: Ledger
) -> None:
    r = refs(ledger)
    hazard_form.prefill(r.workstation, DAY, r.shifts["1"], None)
    _hazard_rest(hazard_form)
    hazard_form.finder.setFocus()
    qtbot.keyClicks(hazard_form.finder, "90000123")
    qtbot.keyClick(hazard_form.finder, Qt.Key.Key_Tab)
    _enter(qtbot, hazard_form.location)
    assert count_rows(ledger, "hazard") == 0
    assert hazard_form.field_error("finder_name") == "工号 90000123 不在群监员名册：请核对工号，或填写姓名。"
    assert hazard_form.finder.text() == "90000123"  # kept, to be corrected
    assert hazard_form.sitting.count() == 0
    # A person's name is still a name.
    hazard_form.finder.setText("王工")
    _enter(qtbot, hazard_form.location)
    assert count_rows(ledger, "hazard") == 1, hazard_form.status.text()


def test_a_finder_not_on_the_sheet_is_warned_of_and_a_second_enter_saves(
    qtbot: QtBot, hazard_form: HazardFormPage, ledger: Ledger
) -> None:
    r = refs(ledger)
    _sheet_with_q002_only(ledger)
    hazard_form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])  # 李四: not on the sheet
    _hazard_rest(hazard_form)
    _enter(qtbot, hazard_form.location)
    assert count_rows(ledger, "hazard") == 0
    assert hazard_form.roster_warning.isVisible()
    assert hazard_form.roster_warning.text().startswith("Q001 李四 不在本站该班的上岗登记表上。")
    _enter(qtbot, hazard_form.location)  # the clerk confirms: the paper card says so
    assert count_rows(ledger, "hazard") == 1, hazard_form.status.text()
    assert not hazard_form.roster_warning.isVisible()
    assert hazard_form.sitting.isVisible() and hazard_form.sitting.count() == 1
    first = hazard_form.sitting.texts()[0]
    assert first.startswith("JK01-2026-00001") and "李四" in first and "巷道顶板离层" in first
    # A finder on duty on the sheet saves at once; the list grows, newest first.
    hazard_form.finder.setFocus()
    hazard_form.finder.selectAll()
    qtbot.keyClicks(hazard_form.finder, "Q002")
    qtbot.keyClick(hazard_form.finder, Qt.Key.Key_Tab)
    _hazard_rest(hazard_form, "皮带机护罩缺失")
    _enter(qtbot, hazard_form.location)
    assert count_rows(ledger, "hazard") == 2, hazard_form.status.text()
    assert not hazard_form.roster_warning.isVisible()
    assert [text.split()[0] for text in hazard_form.sitting.texts()] == ["JK01-2026-00002", "JK01-2026-00001"]
    assert "王芳" in hazard_form.sitting.texts()[0] and "皮带机护罩缺失" in hazard_form.sitting.texts()[0]


def test_no_sheet_kept_means_no_warning(qtbot: QtBot, hazard_form: HazardFormPage, ledger: Ledger) -> None:
    r = refs(ledger)
    hazard_form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    _hazard_rest(hazard_form)
    _enter(qtbot, hazard_form.location)
    assert count_rows(ledger, "hazard") == 1 and not hazard_form.roster_warning.isVisible()


def _violation_rest(form: ViolationFormPage, name: str = "张三") -> None:
    form.location.setText("井口")
    form.offender_no.setText("G1001")
    form.offender_name.setText(name)
    form.offender_unit.choose_text("U01")
    form.employment.choose_text("ZS")
    form.type.choose_text("JL")
    form.severity.choose_text("YB")
    form.description.setPlainText("未戴安全帽")


def test_violation_card_stopper_gonghao_warning_and_sitting_list(
    qtbot: QtBot, violation_form: ViolationFormPage, ledger: Ledger
) -> None:
    r = refs(ledger)
    _sheet_with_q002_only(ledger)
    form = violation_form
    form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    _violation_rest(form)
    # Who stopped it typed as a name, but it is an unknown 工号: an error under the field, nothing saved.
    form.stopped_by_kind.setCurrentIndex(form.stopped_by_kind.findData("cadre"))
    form.stopped_by_name.setText("12345678")
    _enter(qtbot, form.location)
    assert count_rows(ledger, "violation") == 0
    assert "12345678 不在群监员名册" in form.field_error("stopped_by_name")
    # Back to the inspector 李四, who is not on duty on the sheet: warned, then kept by a second Enter.
    form.stopped_by_kind.setCurrentIndex(form.stopped_by_kind.findData("inspector"))
    _enter(qtbot, form.location)
    assert count_rows(ledger, "violation") == 0 and form.roster_warning.isVisible()
    assert "Q001 李四" in form.roster_warning.text()
    _enter(qtbot, form.location)
    assert count_rows(ledger, "violation") == 1, form.status.text()
    assert form.sitting.count() == 1 and form.sitting.texts()[0].startswith("JK01-SW-2026-00001")
    assert "李四" in form.sitting.texts()[0] and "张三" in form.sitting.texts()[0]
    # The next card (same stopper, kept) warns again: it is a new card.
    _violation_rest(form, "赵五")
    _enter(qtbot, form.location)
    assert count_rows(ledger, "violation") == 1 and form.roster_warning.isVisible()
    _enter(qtbot, form.location)
    assert count_rows(ledger, "violation") == 2 and form.sitting.count() == 2


def test_the_services_refuse_a_gonghao_kept_as_a_name(ledger: Ledger) -> None:
    r = refs(ledger)
    with pytest.raises(ValidationError) as refused:
        hazards.register(ledger, card(r, finder_id=None, finder_name="９０００１２３"))  # full-width digits too
    assert [e.field for e in refused.value.errors] == ["finder_name"]
    with pytest.raises(ValidationError) as known:
        hazards.register(ledger, card(r, finder_id=None, finder_name="Q001"))
    assert "Q001" in known.value.errors[0].message and "李四" in known.value.errors[0].message
    assert hazards.register(ledger, card(r, finder_id=None, finder_name="外来检查组"))["finder_name"] == "外来检查组"
    base = ViolationInput(
        workstation_id=r.workstation,
        found_date=DAY,
        shift_id=r.shifts["1"],
        offender_name="20001234",
        offender_unit_id=r.unit1,
        description="未戴安全帽",
        stopped_by_kind="inspector",
        stopped_by_id=r.inspectors["Q001"],
    )
    with pytest.raises(ValidationError) as offender:
        violations.register(ledger, base)
    assert "offender_name" in [e.field for e in offender.value.errors]
