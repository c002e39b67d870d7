"""Choice fields on a card, typed as a clerk types: pinyin initials, full pinyin, code, Chinese substring."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference
from safetywatch.services.kinds.reference import Choice
from safetywatch.ui.hazard_form import HazardFormPage
from safetywatch.ui.hazards_page import HazardsPage
from safetywatch.ui.scope_combo import ScopeCombo
from safetywatch.ui.widgets import contains_completer, match_choice
from tests.ui.test_hazard_form import focused, press, show, type_text

UNITS = (("U05", "机电队"), ("U06", "运输队"), ("U07", "通风区"), ("U08", "采掘一区"), ("U09", "机运队"))


@pytest.fixture
def form(qtbot: QtBot, ledger: Ledger) -> HazardFormPage:
    with ledger.read() as conn:
        mine = reference.org_units(conn, "mine")[0]
        ws = reference.choices(conn, "workstation")[0]
        unit = reference.choices(conn, "org_unit")[0]
    for code, name in UNITS:
        reference.save(ledger, "org_unit", {"code": code, "name": name, "level": "unit", "parent_id": str(mine.id)})
    reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q010",
            "name": "张三",
            "unit_id": str(unit.id),
            "workstation_id": str(ws.id),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
        },
    )
    page = HazardFormPage(ledger)
    show(qtbot, page)
    return page


def suggestions() -> list[str]:
    popup = QApplication.activePopupWidget()
    assert popup is not None and popup.isVisible(), "no suggestion list is open"
    model = popup.model()  # type: ignore[attr-defined]
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def choose_unit(qtbot: QtBot, form: HazardFormPage, typed: str) -> list[str]:
    """Type into the unit field as a clerk does, note the suggestions, Tab takes the first."""
    form.unit.setFocus()
    form.unit.lineEdit().selectAll()
    type_text(qtbot, typed)
    offered = suggestions()
    press(qtbot, Qt.Key.Key_Tab)
    return offered


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("jdd", "U05 机电队"),
        ("jidiandui", "U05 机电队"),
        ("U05", "U05 机电队"),
        ("u07", "U07 通风区"),
        ("通风", "U07 通风区"),
        ("cjyq", "U08 采掘一区"),
        ("ysd", "U06 运输队"),
    ],
)
def test_unit_by_initials_full_pinyin_code_or_chinese(
    qtbot: QtBot, form: HazardFormPage, typed: str, chosen: str
) -> None:
    offered = choose_unit(qtbot, form, typed)
    assert offered[0] == chosen
    assert form.unit.currentText() == chosen
    assert form.unit.current_id() is not None
    assert QApplication.focusWidget() is not form.unit.lineEdit()  # Tab moved on


def test_initials_offer_the_whole_fit_first_then_the_others(qtbot: QtBot, form: HazardFormPage) -> None:
    form.unit.setFocus()
    type_text(qtbot, "jd")  # 机电队 (jdd) and 掘进二队 (jjedd): the one that starts with it first
    assert suggestions()[0] == "U05 机电队"
    type_text(qtbot, "d")
    assert suggestions()[0] == "U05 机电队"
    assert "U09 机运队" not in suggestions()


def test_inspector_on_a_card_by_name_initials_or_employee_number(qtbot: QtBot, form: HazardFormPage) -> None:
    for typed in ("zs", "zhangsan", "Q010", "张"):
        form.finder.setFocus()
        form.finder.clear()
        type_text(qtbot, typed)
        assert suggestions()[0] == "Q010 张三", typed
        press(qtbot, Qt.Key.Key_Tab)
        assert form.finder.text() == "Q010 张三"
        assert form.finder_hint.text() == QApplication.translate("HazardFormPage", "Inspector")


def test_register_unit_filter_jumps_to_the_unit_typed_by_pinyin_or_code(
    qtbot: QtBot, form: HazardFormPage, ledger: Ledger
) -> None:
    page = HazardsPage(ledger)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    combo = page.unit_combo
    combo.setFocus()
    qtbot.keyClicks(combo, "jdd")
    assert combo.currentText() == "机电队"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a pause: the next letters are a new search
    qtbot.keyClicks(combo, "u07")
    assert combo.currentText() == "通风区"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(combo, "yunshu")
    assert combo.currentText() == "运输队"
    assert page.current_filter().unit_id == combo.currentData()  # the register is filtered by it


def test_report_scope_by_pinyin_or_code(qtbot: QtBot, form: HazardFormPage, ledger: Ledger) -> None:
    scope = ScopeCombo(ledger)
    qtbot.addWidget(scope)
    scope.ensure_loaded()
    scope.show()
    qtbot.waitExposed(scope)
    qtbot.keyClicks(scope, "tongfeng")
    assert scope.currentData() == "U07"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(scope, "U06")
    assert scope.currentData() == "U06"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(scope, "xyzq")  # fits nothing: the choice stays
    assert scope.currentData() == "U06"


def test_a_keystroke_over_5000_inspectors_is_filtered_quickly(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = contains_completer(edit)
    names = [f"{10000 + i} {'张王李赵刘'[i % 5]}{'伟芳强磊三'[i // 5 % 5]}{'明华'[i % 2]}" for i in range(5000)]
    started = time.perf_counter()
    completer.setModel(QStringListModel(names, edit))  # keys are built here, once
    assert time.perf_counter() - started < 1.0
    edit.setCompleter(completer)
    edit.show()
    qtbot.waitExposed(edit)
    edit.activateWindow()
    qtbot.waitUntil(edit.isActiveWindow)
    edit.setFocus()
    qtbot.keyClicks(focused(), "z")
    slowest = 0.0
    for key in "sm":  # 张三明
        started = time.perf_counter()
        qtbot.keyClick(focused(), key)
        slowest = max(slowest, time.perf_counter() - started)
    assert completer.completionModel().rowCount() > 0
    assert slowest < 0.2, f"a keystroke took {slowest * 1000:.0f} ms"


def test_a_partial_text_resolves_by_pinyin_only_when_one_entry_fits() -> None:
    items = [Choice(1, "U05", "机电队"), Choice(2, "U09", "机运队"), Choice(3, "U07", "通风区")]
    assert match_choice(items, "jdd", partial=True) == items[0]
    assert match_choice(items, "tongfeng", partial=True) == items[2]
    assert match_choice(items, "jd", partial=True) == items[0]  # jdd only; jyd does not start so
    assert match_choice(items, "j", partial=True) is None  # two fit: nothing is guessed
    assert match_choice(items, "jdd", partial=False) is None  # whole code or name only
