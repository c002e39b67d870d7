"""The change hub on real pages (issue 12 §3): an inspector, a lookup item, a unit or a workstation added on
the reference page or through the service is offered at once by every page that offers that kind; a page
follows changes it did not make; the overdue badge follows the hazards.

``OFFERS`` lists, per reference kind, where the main window offers it. A page that offers reference data
adds its entries here, and both ways of adding an entry are tried on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from safetywatch.services.core.changes import EVERYTHING, ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.ui.change_hub import hub_for
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.operations import run_write, wait_for_writes
from safetywatch.ui.reference_page import ReferencePage
from tests.helpers import card, refs


def _combo_ids(combo: QComboBox) -> set[int]:
    return {int(data) for i in range(combo.count()) if (data := combo.itemData(i)) not in (None, "")}


def _editor_ids(kind: str, field: str) -> Callable[[MainWindow], set[int]]:
    """The ids a reference-page editor offers in *field* while the page shows *kind*."""

    def offered(window: MainWindow) -> set[int]:
        page = window.reference_page
        page.show_kind(kind)
        widget = page._editors[field].widget
        assert isinstance(widget, QComboBox)
        return _combo_ids(widget)

    return offered


def _listed(kind: str) -> Callable[[MainWindow], set[int]]:
    """The ids the reference page lists for *kind*."""

    def listed(window: MainWindow) -> set[int]:
        window.reference_page.show_kind(kind)
        return {int(row["id"]) for row in window.reference_page._rows}

    return listed


def _roster(window: MainWindow) -> set[int]:
    return {row.person.inspector_id for row in window.shift_sheet_page.model.rows}


def _finders(window: MainWindow) -> set[int]:
    """The inspectors the hazard card completes "found by" with."""
    return {choice.id for choice in window.form_page._inspectors}


def _activity_combo(tab: str, field: str) -> Callable[[MainWindow], set[int]]:
    """The ids a reference field of an activity tab's form offers."""

    def offered(window: MainWindow) -> set[int]:
        widget = getattr(window.activities_page, tab).form.widgets[field]
        assert isinstance(widget, QComboBox)
        return _combo_ids(widget)

    return offered


#: kind -> (where, what the window offers there).
OFFERS: dict[str, list[tuple[str, Callable[[MainWindow], set[int]]]]] = {
    "inspector": [
        ("hazard card: found by", _finders),
        ("三违 card: inspector who stopped it", lambda w: _combo_ids(w.violation_form.stopped_by)),
        ("violation register: stopped by", lambda w: _combo_ids(w.violations_page.stopper)),
        ("shift sheet: roster of the workstation", _roster),
        ("activities: suggestion's inspector", _activity_combo("suggestions", "proposer_id")),
        ("reference page: inspectors", _listed("inspector")),
    ],
    "hazard_category": [
        ("hazard card: category", lambda w: _combo_ids(w.form_page.category)),
        ("hazard register: category", lambda w: _combo_ids(w.hazards_page.category_combo)),
        ("reference page: hazard categories", _listed("hazard_category")),
    ],
    "hazard_source": [
        ("hazard card: source", lambda w: _combo_ids(w.form_page.source)),
        ("hazard register: source", lambda w: _combo_ids(w.hazards_page.source_combo)),
    ],
    "violation_type": [
        ("三违 card: type", lambda w: _combo_ids(w.violation_form.type)),
        ("violation register: type", lambda w: _combo_ids(w.violations_page.type)),
    ],
    "org_unit": [
        ("hazard card: responsible unit", lambda w: _combo_ids(w.form_page.unit)),
        ("三违 card: offender's unit", lambda w: _combo_ids(w.violation_form.offender_unit)),
        ("activities: suggestion's unit", _activity_combo("suggestions", "unit_id")),
        ("hazard register: responsible unit", lambda w: _combo_ids(w.hazards_page.unit_combo)),
        ("violation register: unit", lambda w: _combo_ids(w.violations_page.unit)),
        ("reference page: inspector's unit", _editor_ids("inspector", "unit_id")),
    ],
    "workstation": [
        ("hazard card: workstation", lambda w: _combo_ids(w.form_page.workstation)),
        ("三违 card: workstation", lambda w: _combo_ids(w.violation_form.workstation)),
        ("shift sheet: workstation", lambda w: _combo_ids(w.shift_sheet_page.workstation)),
        ("reference page: inspector's workstation", _editor_ids("inspector", "workstation_id")),
    ],
}


def _new_entry(ledger: Ledger, kind: str) -> dict[str, str]:
    r = refs(ledger)
    return {
        "inspector": {
            "employee_no": "Q077",
            "name": "新群监员",
            "unit_id": str(r.unit1),
            "workstation_id": str(r.workstation),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
        },
        "hazard_category": {"code": "ZZ", "name": "新隐患类别", "valid_from": "2020-01-01"},
        "hazard_source": {"code": "ZZ", "name": "新隐患来源", "valid_from": "2020-01-01"},
        "violation_type": {"code": "ZZ", "name": "新三违类别", "maps_to": "operation", "valid_from": "2020-01-01"},
        "org_unit": {"code": "U77", "name": "新区队", "level": "unit", "parent_id": str(r.mine)},
        "workstation": {"code": "JK77", "name": "新工作站", "mine_id": str(r.mine)},
    }[kind]


def _type_on_the_reference_page(page: ReferencePage, kind: str, values: dict[str, str]) -> None:
    """Fill the reference page's editor for a new entry and press Enter in its first line."""
    page.show_kind(kind)
    page.new_entry()
    for name, editor in page._editors.items():
        widget, value = editor.widget, values.get(name, "")
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif value:
            widget.setCurrentIndex(widget.findData(value))
            assert widget.currentIndex() >= 0, (name, value)
    first = next(iter(page._editors.values())).widget
    assert isinstance(first, QLineEdit)
    first.returnPressed.emit()


def _added_id(ledger: Ledger, kind: str, values: dict[str, str]) -> int:
    unique = reference.KINDS[kind].unique
    with ledger.read() as conn:
        return next(int(r["id"]) for r in reference.list_rows(conn, kind) if r[unique] == values[unique])


@pytest.fixture
def window(qtbot: Any, ledger: Ledger) -> MainWindow:
    shown = MainWindow(ledger)
    qtbot.addWidget(shown)
    shown.resize(1024, 768)
    shown.show()
    return shown


CASES = [(kind, where, offered) for kind, places in OFFERS.items() for where, offered in places]


@pytest.mark.parametrize("how", ["reference page", "service"])
@pytest.mark.parametrize(("kind", "where", "offered"), CASES, ids=[f"{k}: {w}" for k, w, _ in CASES])
def test_a_new_entry_is_offered_at_once(
    window: MainWindow, ledger: Ledger, how: str, kind: str, where: str, offered: Callable[[MainWindow], set[int]]
) -> None:
    values = _new_entry(ledger, kind)
    if how == "reference page":
        _type_on_the_reference_page(window.reference_page, kind, values)
    else:  # another window, an import, a tool: the same service call, on the writer thread
        run_write(window, lambda: reference.save(ledger, kind, values), done=lambda _row: None, errors=_Refuse())
    assert wait_for_writes()
    new_id = _added_id(ledger, kind, values)
    assert new_id in offered(window), f"{where} does not offer the new {kind}"


class _Refuse:
    def invalid(self, error: Any) -> None:
        raise AssertionError(error)

    def failed(self, message: str) -> None:
        raise AssertionError(message)


def test_the_reference_editor_keeps_what_is_typed_when_another_entry_arrives(
    window: MainWindow, ledger: Ledger
) -> None:
    page = window.reference_page
    page.show_kind("inspector")
    page.new_entry()
    name = page._editors["name"].widget
    unit = page._editors["unit_id"].widget
    assert isinstance(name, QLineEdit) and isinstance(unit, QComboBox)
    name.setText("尚未保存")
    unit.setCurrentIndex(unit.findData(str(refs(ledger).unit2)))
    reference.save(ledger, "org_unit", _new_entry(ledger, "org_unit"))  # elsewhere, meanwhile
    assert wait_for_writes()
    assert unit.findData(str(_added_id(ledger, "org_unit", _new_entry(ledger, "org_unit")))) >= 0
    assert name.text() == "尚未保存" and unit.currentData() == str(refs(ledger).unit2)


def test_a_second_enter_does_not_create_the_entry_twice(window: MainWindow, ledger: Ledger) -> None:
    page = window.reference_page
    values = _new_entry(ledger, "hazard_category")
    _type_on_the_reference_page(page, "hazard_category", values)
    first = next(iter(page._editors.values())).widget
    assert isinstance(first, QLineEdit)
    first.returnPressed.emit()  # pressed again before the first save came back
    assert wait_for_writes()
    with ledger.read() as conn:
        assert sum(c.code == "ZZ" for c in reference.choices(conn, "hazard_category")) == 1
    assert page.status.text() == page.tr("{code} created.").format(code="ZZ")
    assert page.field_error("code") == ""


def test_hazards_saved_anywhere_reach_the_register_the_sheet_and_the_badge(window: MainWindow, ledger: Ledger) -> None:
    r = refs(ledger)
    sheet = window.shift_sheet_page
    assert sheet.load(r.workstation, card(r).found_date, r.shifts["1"])
    assert window.hazards_page.model.rowCount() == 0
    hazards.register(ledger, card(r, found_date=card(r).found_date.replace(day=1)))  # overdue on the test day
    assert wait_for_writes()
    assert window.hazards_page.model.rowCount() == 1
    assert window.nav_item(window.hazards_page).text() == "隐患台账  ▲ 逾期 1"
    q001 = sheet.model.row_of_inspector(r.inspectors["Q001"])
    assert sheet.model.rows[q001].entered == ""  # found on the 1st, not on this sheet's day
    hazards.register(ledger, card(r))
    assert wait_for_writes()
    assert sheet.model.rows[q001].entered.startswith("隐患 ")
    assert window.hazards_page.model.rowCount() == 2


def test_an_outside_change_reloads_every_page(window: MainWindow, ledger: Ledger, tmp_path: Any) -> None:
    """The demo generator writes through its own ledger: the window hears it as "everything changed"."""
    from safetywatch.services.maintenance.opening import open_ledger

    other = open_ledger(ledger.path, actor="另一个程序", clock=ledger.clock)
    try:
        r = refs(other)
        reference.save(other, "inspector", _new_entry(other, "inspector"))
        hazards.register(other, card(r))
    finally:
        other.close()
    assert wait_for_writes()
    assert window.hazards_page.model.rowCount() == 0  # this window's hub heard nothing
    hub_for(ledger).publish(ChangeSet.of(EVERYTHING))
    assert wait_for_writes()
    assert window.hazards_page.model.rowCount() == 1
    assert _added_id(ledger, "inspector", _new_entry(ledger, "inspector")) in _combo_ids(window.violations_page.stopper)
