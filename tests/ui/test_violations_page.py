"""The 三违 register page: list, filters, detail with handling, signature, void, amend, repeat offenders."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference, violations
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.ui import violations_page
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.violations_page import HandlingDialog, ViolationsPage
from tests.helpers import count_rows, refs

DAY = dt.date(2026, 6, 9)


def record(ledger: Ledger, name: str, number: str = "", **changes: object) -> dict[str, object]:
    r = refs(ledger)
    with ledger.read() as conn:

        def code(kind: str, value: str) -> int:
            return next(c.id for c in reference.choices(conn, kind) if c.code == value)

        data = ViolationInput(
            workstation_id=r.workstation,
            found_date=DAY,
            shift_id=r.shifts["1"],
            location="1201运输顺槽",
            offender_no=number,
            offender_name=name,
            offender_unit_id=r.unit1,
            employment_id=code("employment", "ZS"),
            type_id=code("violation_type", "ZY"),
            severity_id=code("violation_severity", "YZ"),
            description="酒后入井",
            stopped_by_id=r.inspectors["Q001"],
            found_via_id=code("violation_found_via", "QJY"),
        )
    for key, value in changes.items():
        setattr(data, key, value)
    return violations.register(ledger, data)


@pytest.fixture
def page(qtbot: QtBot, ledger: Ledger) -> ViolationsPage:
    record(ledger, "甲", "G1001", found_date=dt.date(2026, 6, 1))
    record(ledger, "乙", "G1001")
    record(ledger, "丙", stopped_by_id=refs(ledger).inspectors["Q002"], found_date=dt.date(2026, 6, 5))
    shown = ViolationsPage(ledger)
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    return shown


def cell(page: ViolationsPage, row: int, key: str) -> str:
    column = page.model.keys.index(key)
    return str(page.model.data(page.model.index(row, column)))


def test_rows_are_listed_newest_first_with_the_first_one_in_detail(page: ViolationsPage) -> None:
    assert page.model.rowCount() == 3 and page.count.text() == "共 3 条"
    assert [cell(page, r, "offender_name") for r in range(3)] == ["乙", "丙", "甲"]
    assert cell(page, 0, "number") == "JK01-SW-2026-00002" and cell(page, 0, "severity") == "严重三违"
    text = page.detail.toPlainText()
    assert "JK01-SW-2026-00002" in text and "乙" in text and "酒后入井" in text and "李四" in text
    assert "截至本次，近 12 个月三违 2 次" in text  # both of G1001
    page.view.sortByColumn(page.model.keys.index("offender_name"), Qt.SortOrder.AscendingOrder)
    assert [cell(page, r, "offender_name") for r in range(3)] == sorted(["甲", "乙", "丙"])


def test_filters(page: ViolationsPage, ledger: Ledger) -> None:
    r = refs(ledger)
    page.stopper.setCurrentIndex(page.stopper.findData(r.inspectors["Q002"]))
    page.apply_filter()
    assert [cell(page, row, "offender_name") for row in range(page.model.rowCount())] == ["丙"]
    page.stopper.setCurrentIndex(0)
    page.date_from.setText("2026-06-02")
    page.date_to.setText("2026-06-08")
    page.apply_filter()
    assert [cell(page, row, "offender_name") for row in range(page.model.rowCount())] == ["丙"]
    page.date_to.setText("6月8日")
    page.apply_filter()
    assert "YYYY-MM-DD" in page.status.text() and page.model.rowCount() == 1  # the list stays as it was
    page.date_from.clear()
    page.date_to.clear()
    page.text.setText("G1001")
    page.apply_filter()
    assert page.model.rowCount() == 2
    page.unit.setCurrentIndex(page.unit.findData(r.unit2))
    page.apply_filter()
    assert page.model.rowCount() == 0 and page.detail.toPlainText() == ""
    assert not page.void_button.isEnabled()


def test_void_with_a_reason_and_hide_void_records(
    qtbot: QtBot, page: ViolationsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(violations_page, "ask_reason", lambda *_a: None)  # cancelled: nothing happens
    page.void()
    monkeypatch.setattr(violations_page, "ask_reason", lambda *_a: "  ")
    page.void()
    assert wait_for_writes()
    assert page.status.text() and count_void(page) == 0  # a blank reason is refused
    monkeypatch.setattr(violations_page, "ask_reason", lambda *_a: "重复录入")
    page.void()
    assert wait_for_writes()
    assert "作废" in page.status.text() and count_void(page) == 1
    assert page.model.data(page.model.index(0, 0), Qt.ItemDataRole.FontRole).strikeOut()
    assert "重复录入" in page.detail.toPlainText()
    page.show_void.setChecked(False)
    assert page.model.rowCount() == 2


def count_void(page: ViolationsPage) -> int:
    with page.ledger.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM violation WHERE voided = 1").scalar_one())


def test_handling_is_added_through_the_dialog(qtbot: QtBot, page: ViolationsPage, ledger: Ledger) -> None:
    dialog = page.add_handling()
    assert isinstance(dialog, HandlingDialog) and dialog.isVisible()
    assert any(label.text() == "JK01-SW-2026-00002  乙" for label in dialog.findChildren(QLabel))  # which record
    form = dialog.form
    form.widgets["step_id"].choose_text("PX")  # type: ignore[attr-defined]
    form.set("training_days", "3")
    form.set("fine_yuan", "两百")
    dialog.submit()
    assert wait_for_writes()
    assert form.field_error("fine_yuan") == "请填写整数金额（元），例如 5000。"  # under the field it names
    assert form.text("fine_yuan") == "两百" and form.text("training_days") == "3"  # nothing typed lost
    assert dialog.isVisible() and count_rows(ledger, "violation_handling") == 0

    form.set("fine_yuan", "200")
    dialog.submit()
    assert wait_for_writes()  # the service's refusal arrives from the writer thread
    assert form.field_error("decided_by") == "必填。" and not form.field_error("fine_yuan")
    assert form.text("fine_yuan") == "200" and form.text("training_days") == "3" and dialog.isVisible()

    form.set("decided_by", "安监处")
    qtbot.keyClick(form.widgets["decided_by"], Qt.Key.Key_Return)  # Enter saves, as on every form
    assert wait_for_writes()
    assert count_rows(ledger, "violation_handling") == 1
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # closed once saved (and then deleted)
    text = page.detail.toPlainText()
    assert "脱产培训" in text and "培训 3 天" in text and "罚款 200 元" in text and "安监处" in text
    assert "帮教" in page.status.text() and not page.status.is_error


def test_signature_toggle_asks_a_reason_to_clear(page: ViolationsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    record_id = page.current_id()
    assert record_id is not None
    page.toggle_signed()
    assert wait_for_writes()
    with page.ledger.read() as conn:
        assert violations.get(conn, record_id)["offender_signed"] == 1
    assert cell(page, 0, "signed") != ""
    monkeypatch.setattr(violations_page, "ask_reason", lambda *_a: "签字人不是本人")
    page.toggle_signed()
    assert wait_for_writes()
    with page.ledger.read() as conn:
        assert violations.get(conn, record_id)["offender_signed"] == 0


def test_amend_and_new_requests(qtbot: QtBot, page: ViolationsPage) -> None:
    page.view.setCurrentIndex(page.model.index(1, 0))
    with qtbot.waitSignal(page.amend_requested) as amend:
        page.amend_button.click()
    assert amend.args == [page.model.record_id(1)]


def test_repeat_offenders_tab(page: ViolationsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    page.tabs.setCurrentIndex(1)
    assert page.repeats.rowCount() == 1
    values = [page.repeats.item(0, c).text() for c in range(page.repeats.columnCount())]
    assert values == ["G1001", "乙", "综采一队", "2", "2", "2026-06-09", "JK01-SW-2026-00001 JK01-SW-2026-00002"]
    assert "2026-06-10" in page.repeats_caption.text()
    page.show_offender(0)  # double-click: the register narrowed to that person
    assert page.tabs.currentIndex() == 0 and page.text.text() == "G1001"
    assert sorted(cell(page, row, "offender_name") for row in range(page.model.rowCount())) == ["乙", "甲"]
    page.tabs.setCurrentIndex(0)
    page.view.setCurrentIndex(page.model.index(0, 0))
    monkeypatch.setattr(violations_page, "ask_reason", lambda *_a: "录错")
    page.void()
    assert wait_for_writes()
    page.tabs.setCurrentIndex(1)
    assert page.repeats.rowCount() == 0  # one of the two is void now


def test_first_page_shows_before_the_full_list(qtbot: QtBot, ledger: Ledger) -> None:
    for i in range(5):
        record(ledger, f"人{i}")
    page = ViolationsPage(ledger)
    qtbot.addWidget(page)
    page.model.page_size = 2
    page.refresh()
    assert page.model.rowCount() == 2 and page.model.loading
    qtbot.waitUntil(lambda: not page.model.loading, timeout=5000)
    assert page.model.rowCount() == 5 and page.count.text() == "共 5 条"
