"""The reference-data page: create, amend with a reason, retire, and refuse a duplicate code."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from safetywatch.domain.i18n import tr
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.reference_page import VOIDED_COLOUR, ReferencePage


def _ui(text: str) -> str:
    return QCoreApplication.translate("ReferencePage", text)


@pytest.fixture
def page(qtbot: QtBot, ledger: Ledger) -> ReferencePage:
    widget = ReferencePage(ledger)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_kind("org_unit")
    return widget


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # Chinese arrives from the input method as a commit string
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)


def line(page: ReferencePage, name: str) -> QLineEdit:
    widget = page._editors[name].widget
    assert isinstance(widget, QLineEdit)
    return widget


def choose(page: ReferencePage, name: str, stored: str) -> None:
    combo = page._editors[name].widget
    assert isinstance(combo, QComboBox)
    index = combo.findData(stored)
    assert index >= 0, (name, stored)
    combo.setCurrentIndex(index)


def unit_row(ledger: Ledger, code: str) -> dict[str, Any]:
    with ledger.read() as conn:
        return dict(conn.exec_driver_sql("SELECT * FROM org_unit WHERE code = ?", (code,)).one()._mapping)


def mine_id(ledger: Ledger) -> int:
    with ledger.read() as conn:
        return reference.org_units(conn, "mine")[0].id


def create_unit(qtbot: QtBot, page: ReferencePage, ledger: Ledger, code: str, name: str) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, line(page, "code"), code)
    type_into(qtbot, line(page, "name"), name)
    choose(page, "level", "unit")
    choose(page, "parent_id", str(mine_id(ledger)))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert wait_for_writes()


def test_kinds_and_labels_are_translated(page: ReferencePage) -> None:
    labels = [page.kinds.item(i).text() for i in range(page.kinds.count())]
    assert labels == [tr(kind.label) for kind in reference.KINDS.values()]
    assert labels[0] == QCoreApplication.translate("Domain", "Organisation") != "Organisation"
    page.show_kind("inspector")
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers[:2] == [tr("Employee no."), tr("Name")]
    assert page.table.rowCount() == 2
    assert page.table.item(0, 2).text() == "U01 综采一队"  # a reference shows code and name
    assert page.table.item(0, 5).text() == tr("Front line")


def test_create_amend_with_reason_and_retire(qtbot: QtBot, page: ReferencePage, ledger: Ledger) -> None:
    create_unit(qtbot, page, ledger, "U03", "通风区")
    row = unit_row(ledger, "U03")
    assert (row["name"], row["level"], row["parent_id"], row["voided"]) == (
        "通风区",
        "unit",
        mine_id(ledger),
        0,
    )
    assert page.status.text() == _ui("{code} created.").format(code="U03")
    assert any(page.table.item(r, 0).text() == "U03" for r in range(page.table.rowCount()))

    # Amend: the selected row is in the editor; without a reason nothing is saved.
    page.select_row_id(row["id"])
    assert line(page, "name").text() == "通风区"
    type_into(qtbot, line(page, "name"), "通风一区")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert wait_for_writes()
    assert page.field_error("reason") == tr("A reason is required: say why in a few words.")
    assert unit_row(ledger, "U03")["name"] == "通风区"
    assert line(page, "name").text() == "通风一区"  # what was typed stays
    type_into(qtbot, page.reason, "区队更名")
    qtbot.keyClick(page.reason, Qt.Key.Key_Return)
    assert wait_for_writes()
    assert unit_row(ledger, "U03")["name"] == "通风一区"
    with ledger.read() as conn:
        last = audit.history(conn, "org_unit", row["id"])[-1]
    assert (last.action, last.reason) == ("amend", "区队更名")

    # Retire with a reason: stays in the table, greyed, and is no longer offered.
    page.select_row_id(row["id"])
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert wait_for_writes()
    assert page.field_error("reason") == tr("A reason is required: say why in a few words.")
    assert unit_row(ledger, "U03")["voided"] == 0
    type_into(qtbot, page.reason, "区队撤销")
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert wait_for_writes()
    retired = unit_row(ledger, "U03")
    assert (retired["voided"], retired["void_reason"]) == (1, "区队撤销")
    r = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "U03")
    assert page.table.item(r, 0).foreground().color() == VOIDED_COLOUR
    assert page.table.item(r, page.table.columnCount() - 1).text() == _ui("Retired")
    assert not page.retire_button.isEnabled()
    with ledger.read() as conn:
        assert "U03" not in {c.code for c in reference.choices(conn, "org_unit")}


def test_duplicate_code_is_refused_next_to_the_field(qtbot: QtBot, page: ReferencePage, ledger: Ledger) -> None:
    create_unit(qtbot, page, ledger, "U01", "又一个综采队")
    assert page.field_error("code") == tr("“{value}” is already used.").format(value="U01")
    assert page.field_error("name") == ""
    assert line(page, "code").text() == "U01" and line(page, "name").text() == "又一个综采队"
    with ledger.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM org_unit WHERE code = 'U01'").scalar_one() == 1


def test_required_fields_and_bad_values_are_shown(qtbot: QtBot, page: ReferencePage, ledger: Ledger) -> None:
    page.show_kind("hazard_level")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, line(page, "code"), "D")
    type_into(qtbot, line(page, "default_deadline_days"), "ten")
    type_into(qtbot, line(page, "valid_from"), "2026-02-30")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert wait_for_writes()
    assert page.field_error("name") == tr("Required.")
    assert page.field_error("national") == tr("Required.")
    assert page.field_error("default_deadline_days") == tr("Not a whole number.")
    assert page.field_error("valid_from") == tr("Not a date; type it as YYYY-MM-DD.")
    with ledger.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM hazard_level").scalar_one() == 3


def test_a_workstation_closed_and_restored_from_the_page(page: ReferencePage, ledger: Ledger) -> None:
    """Issue 16: the day and the reason typed, one button closes the selected workstation, then reopens it."""
    page.show_kind("workstation")
    page.select_row_id(next(r["id"] for r in page._rows if r["code"] == "JK01"))
    assert page.station_bar.isVisibleTo(page) and page.station_button.text() == "撤站"
    page.station_day.setText("2026-06-01")
    page.station_button.click()  # no reason
    assert wait_for_writes()
    assert page.field_error("reason") and count_closures(ledger) == 0
    page.reason.setText("井口改造")
    page.station_button.click()
    assert wait_for_writes()
    assert count_closures(ledger) == 1 and page.station_button.text() == "恢复建站"
    assert page.status.text() == "JK01 已撤站。"
    page.reason.setText("改造完成")
    page.station_day.setText("2026-05-20")  # before the closing
    page.station_button.click()
    assert wait_for_writes()
    assert "2026-06-01" in page.status.text() and page.station_button.text() == "恢复建站"
    page.station_day.setText("2026-06-08")
    page.station_button.click()
    assert wait_for_writes()
    with ledger.read() as conn:
        closure = conn.exec_driver_sql("SELECT closed_on, reopened_on FROM workstation_closure").one()
    assert tuple(closure) == ("2026-06-01", "2026-06-08") and page.station_button.text() == "撤站"


def count_closures(ledger: Ledger) -> int:
    with ledger.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM workstation_closure").scalar_one())
