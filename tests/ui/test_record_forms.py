"""Conformance of every record form built on the framework (cards, activity forms, step and correction
dialogs), on real database files: Enter saves, once even when pressed twice; an error shows under its field
and every value stays; the next card keeps the sticky fields; the form has the focus when it opens. And the
pick lists follow reference changes at once, whoever made them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.reports import closing
from safetywatch.services.kinds import duty, hazards, reference, violations
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.reporting import allowances
from safetywatch.ui.activities_page import FamilyTab, SquadsTab, SuggestionsTab, ToursTab
from safetywatch.ui.allowance_page import AdjustmentDialog
from safetywatch.ui.card_page import CardPage
from safetywatch.ui.hazard_form import HazardFormPage
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.operations import run_write, wait_for_writes
from safetywatch.ui.record_dialog import RecordDialog
from safetywatch.ui.record_form import ChoiceEditor, FlagEditor, RecordForm
from safetywatch.ui.report_page import CorrectionDialog
from safetywatch.ui.step_dialog import StepDialog
from safetywatch.ui.violation_form import ViolationFormPage
from safetywatch.ui.violations_page import HandlingDialog
from safetywatch.ui.widgets import ChoiceCombo
from tests.helpers import card, count_rows, refs

FOUND = dt.date(2026, 6, 9)


def _code(ledger: Any, kind: str, code: str) -> int:
    with ledger.read() as conn:
        return next(c.id for c in reference.choices(conn, kind) if c.code == code)


@dataclass
class Opened:
    """One form, ready: the widget to show, its form, a valid record to type, a value its field refuses."""

    widget: QWidget
    form: RecordForm
    valid: dict[str, Any]
    bad: tuple[str, Any]  # (field, value) that is refused with a message under that field
    records: Callable[[], int]  # how many records of the kind are stored
    line: str  # a one-line field to press Enter in

    def type_valid(self) -> None:
        if isinstance(self.widget, CardPage):
            self.widget.fill(self.valid)  # the date first: the pick lists follow it
        else:
            self.form.fill(self.valid)


def _hazard_card(ledger: Any) -> Opened:
    r = refs(ledger)
    values = {
        "found_date": FOUND,
        "workstation_id": r.workstation,
        "shift_id": r.shifts["1"],
        "source_id": r.sources["QJY"],
        "finder_name": "Q001 李四",
        "unit_id": r.unit1,
        "location": "1201回风巷",
        "description": "顶板离层",
        "category_id": r.categories["DB"],
        "nature_id": r.natures["W"],
        "level_id": r.levels["C"],
    }
    page = HazardFormPage(ledger)
    return Opened(page, page.form, values, ("location", ""), lambda: count_rows(ledger, "hazard"), "location")


def _violation_card(ledger: Any) -> Opened:
    r = refs(ledger)
    values = {
        "found_date": FOUND,
        "workstation_id": r.workstation,
        "shift_id": r.shifts["1"],
        "location": "井口",
        "offender_name": "张三",
        "offender_unit_id": r.unit1,
        "employment_id": _code(ledger, "employment", "ZS"),
        "type_id": _code(ledger, "violation_type", "JL"),
        "severity_id": _code(ledger, "violation_severity", "YB"),
        "description": "未戴安全帽",
        "stopped_by_kind": "inspector",
        "stopped_by_id": r.inspectors["Q001"],
        "found_via_id": _code(ledger, "violation_found_via", "QJY"),
    }
    page = ViolationFormPage(ledger)
    return Opened(page, page.form, values, ("location", ""), lambda: count_rows(ledger, "violation"), "location")


def _suggestions(ledger: Any) -> Opened:
    r = refs(ledger)
    values = {
        "proposer_id": r.inspectors["Q001"],
        "unit_id": r.unit1,
        "category_id": _code(ledger, "suggestion_category", "AQ"),
        "content": "皮带机头加装防护罩",
    }
    tab = SuggestionsTab(ledger)
    return Opened(
        tab, tab.form, values, ("proposed_on", "2026-06-31"), lambda: count_rows(ledger, "suggestion"), "proposer_name"
    )


def _squads(ledger: Any) -> Opened:
    values = {"squad": "一队小分队", "leader": "张队长", "route": "回风巷", "violations_stopped": 2}
    tab = SquadsTab(ledger)
    return Opened(tab, tab.form, values, ("leader", ""), lambda: count_rows(ledger, "squad_activity"), "squad")


def _tours(ledger: Any) -> Opened:
    values = {"organiser": "矿工会", "areas": "主井", "reps": 12}
    tab = ToursTab(ledger)
    return Opened(tab, tab.form, values, ("reps", "十二"), lambda: count_rows(ledger, "tour"), "organiser")


def _family(ledger: Any) -> Opened:
    values = {
        "kind": "home_visit",
        "visitors": "刘大姐",
        "person_visited": "张三",
        "reason": "other",
        "participants": 2,
    }
    tab = FamilyTab(ledger)
    return Opened(
        tab, tab.form, values, ("participants", ""), lambda: count_rows(ledger, "family_activity"), "visitors"
    )


def _step(ledger: Any) -> Opened:
    hazard = hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 9)))
    dialog = StepDialog(ledger, hazard, HazardAction.EXTEND)
    values = {"person": "矿长", "new_deadline": dt.date(2026, 7, 1), "note": "材料未到货"}
    return Opened(dialog, dialog.form, values, ("note", ""), lambda: count_rows(ledger, "hazard_follow_up"), "person")


def _adjustment(ledger: Any) -> Opened:
    r = refs(ledger)  # a May shift sheet: a month without sheets has no allowances (issue 16)
    sheet = SheetInput(r.workstation, dt.date(2026, 5, 4), r.shifts["1"], (Mark(r.inspectors["Q001"]),))
    duty.save_sheet(ledger, sheet)
    allowances.approve(ledger, "2026-05")
    with ledger.read() as conn:
        rows = allowances.month_sheet(conn, "2026-05").rows
    dialog = AdjustmentDialog(None, ledger, rows, None, "2026-05", ["2026-05", "2026-06"])  # type: ignore[arg-type]
    values = {"inspector_id": rows[0].inspector_id, "amount_yuan": 50, "month": "2026-06", "reason": "补发"}
    count = lambda: count_rows(ledger, "allowance_adjustment")  # noqa: E731
    return Opened(dialog, dialog.form, values, ("amount_yuan", "五十"), count, "amount_yuan")


def _correction(ledger: Any) -> Opened:
    closing.close_month(ledger, "2026-05", generated_at=dt.datetime(2026, 6, 10, 9, 0))
    dialog = CorrectionDialog(None, ledger, "2026-05", ["2026-06"])  # type: ignore[arg-type]
    values = {"subject": "表1 查出隐患", "correction": "应为 2 条", "reason": "漏登", "month": "2026-06"}
    count = lambda: count_rows(ledger, "report_adjustment")  # noqa: E731
    return Opened(dialog, dialog.form, values, ("reason", " "), count, "subject")


def _handling(ledger: Any) -> Opened:
    r = refs(ledger)
    data = violations.ViolationInput(
        workstation_id=r.workstation,
        found_date=FOUND,
        shift_id=r.shifts["1"],
        location="井口",
        offender_name="张三",
        offender_unit_id=r.unit1,
        employment_id=_code(ledger, "employment", "ZS"),
        type_id=_code(ledger, "violation_type", "JL"),
        severity_id=_code(ledger, "violation_severity", "YB"),
        description="未戴安全帽",
        stopped_by_id=r.inspectors["Q001"],
        found_via_id=_code(ledger, "violation_found_via", "QJY"),
    )
    violation = violations.register(ledger, data)
    dialog = HandlingDialog(None, ledger, violation)
    values = {"step_id": _code(ledger, "handling_step", "PX"), "training_days": 3, "decided_by": "安监处"}
    count = lambda: count_rows(ledger, "violation_handling")  # noqa: E731
    return Opened(dialog, dialog.form, values, ("on_date", "6月9日"), count, "decided_by")


CARDS = {
    "hazard card": _hazard_card,
    "三违 card": _violation_card,
    "suggestions": _suggestions,
    "squads": _squads,
    "tours": _tours,
    "family": _family,
}
DIALOGS = {
    "hazard step": _step,
    "allowance adjustment": _adjustment,
    "month correction": _correction,
    "三违 handling": _handling,
}
EVERY_FORM = {**CARDS, **DIALOGS}


@pytest.fixture(params=list(EVERY_FORM))
def opened(request: pytest.FixtureRequest, qtbot: QtBot, ledger: Any) -> Opened:
    return _show(qtbot, EVERY_FORM[request.param](ledger))


@pytest.fixture(params=list(CARDS))
def card_page(request: pytest.FixtureRequest, qtbot: QtBot, ledger: Any) -> Opened:
    return _show(qtbot, CARDS[request.param](ledger))


def _show(qtbot: QtBot, opened: Opened) -> Opened:
    qtbot.addWidget(opened.widget)
    opened.widget.resize(1024, 705)
    opened.widget.show()
    qtbot.waitExposed(opened.widget)
    opened.widget.activateWindow()
    qtbot.waitUntil(opened.widget.isActiveWindow)
    return opened


def _enter(qtbot: QtBot, opened: Opened, times: int = 1) -> None:
    widget = opened.form.widgets[opened.line]
    widget.setFocus()
    for _ in range(times):
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert wait_for_writes()


def _saved(opened: Opened) -> bool:
    widget = opened.widget
    if isinstance(widget, RecordDialog):
        return widget.result_value is not None and not widget.isVisible()
    assert isinstance(widget, CardPage)
    return not widget.status.is_error and bool(widget.status.text())


def test_the_form_has_the_focus_when_it_opens(opened: Opened) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None and opened.form.isAncestorOf(focused), focused


def test_enter_saves_once_even_when_pressed_twice(qtbot: QtBot, opened: Opened) -> None:
    before = opened.records()
    opened.type_valid()
    _enter(qtbot, opened, times=2)  # the second Enter comes while the first save is running
    assert _saved(opened), opened.widget.status.text()
    assert opened.records() == before + 1


def test_an_error_shows_under_its_field_and_every_value_stays(qtbot: QtBot, opened: Opened) -> None:
    before = opened.records()
    opened.type_valid()
    field, value = opened.bad
    opened.form.set(field, value)
    typed = opened.form.snapshot()
    _enter(qtbot, opened)
    assert opened.form.field_error(field), (field, opened.widget.status.text())
    assert opened.form.snapshot() == typed
    assert opened.records() == before and opened.widget.isVisible()


def test_the_next_card_keeps_the_sticky_fields(qtbot: QtBot, card_page: Opened) -> None:
    card_page.type_valid()
    form = card_page.form
    sticky = {s.name: form.editors[s.name].state() for s in form.fields if s.sticky}
    _enter(qtbot, card_page)
    assert _saved(card_page)
    assert {name: form.editors[name].state() for name in sticky} == sticky
    for spec in form.fields:
        editor = form.editors[spec.name]
        if spec.sticky or isinstance(editor, FlagEditor | ChoiceEditor):
            continue
        assert editor.is_empty(), spec.name
    assert all(not form.editors[name].state() for name in form.editors if isinstance(form.editors[name], FlagEditor))


def test_an_inspector_added_anywhere_is_offered_at_once(qtbot: QtBot, ledger: Any) -> None:
    """Regression: the 群监活动 page offered the old inspector list until the program restarted."""
    pages = [SuggestionsTab(ledger), HazardFormPage(ledger), ViolationFormPage(ledger)]
    for page in pages:
        qtbot.addWidget(page)
    r = refs(ledger)
    values = {
        "employee_no": "Q003",
        "name": "赵六",
        "unit_id": str(r.unit1),
        "workstation_id": str(r.workstation),
        "line": "front",
        "role": "inspector",
        "appointed_on": "2020-01-01",
    }
    owner = QWidget()
    qtbot.addWidget(owner)
    run_write(owner, lambda: reference.save(ledger, "inspector", values), done=lambda _r: None, errors=_Failing())
    assert wait_for_writes()  # as the reference page saves it
    suggestions_tab, hazard_card, violation_card = pages
    proposer = suggestions_tab.widgets["proposer_id"]
    stopper = violation_card.widgets["stopped_by_id"]
    assert isinstance(proposer, ChoiceCombo) and isinstance(stopper, ChoiceCombo)
    assert "Q003 赵六" in [c.display for c in proposer.items]
    assert "Q003 赵六" in [c.display for c in stopper.items]
    assert "Q003 赵六" in hazard_card.form.completions("finder_name")

    reference.save(ledger, "inspector", values | {"employee_no": "Q004", "name": "钱七"})  # a service call, no page
    qtbot.waitUntil(lambda: "Q004 钱七" in [c.display for c in proposer.items])
    assert "Q004 钱七" in hazard_card.form.completions("finder_name")


class _Failing:
    def invalid(self, error: Exception) -> None:
        raise AssertionError(error)

    def failed(self, message: str) -> None:
        raise AssertionError(message)


def test_walking_the_navigation_list_keeps_the_focus_there(qtbot: QtBot, ledger: Any) -> None:
    """A card takes the focus when it opens, but not from a user walking the main window's page list."""
    window = MainWindow(ledger)
    _show(qtbot, Opened(window, RecordForm([]), {}, ("", None), lambda: 0, ""))
    window.nav.setCurrentRow(0)
    window.nav.setFocus()
    for row in (2, 3, 4, 5):  # past the 录入 heading: the hazard card, the shift sheet, the 三违 card, activities
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        assert window.nav.currentRow() == row and window.nav.hasFocus(), row
