"""The activities page: a record of each kind saved from its form, errors under their fields, tour problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from safetywatch.services.database import Ledger
from safetywatch.ui import activities_page
from safetywatch.ui.activities_page import ActivitiesPage
from tests.helpers import count_rows


@pytest.fixture
def page(qtbot: QtBot, ledger: Ledger) -> ActivitiesPage:
    widget = ActivitiesPage(ledger)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_a_suggestion_saved_with_ctrl_enter_then_reviewed(
    qtbot: QtBot, page: ActivitiesPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = page.suggestions
    form = tab.form
    form.widgets["proposer_id"].choose_text("Q001")  # type: ignore[attr-defined]
    form.widgets["unit_id"].choose_text("U01")  # type: ignore[attr-defined]
    form.widgets["category_id"].choose_text("AQ")  # type: ignore[attr-defined]
    form.set("content", "皮带机头加装防护罩")
    form.widgets["content"].setFocus()
    qtbot.keyClick(form.widgets["content"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "suggestion") == 1, tab.status.text()
    assert tab.table.rowCount() == 1 and "合理化建议 1 条" in tab.figures.text()
    tab.table.selectRow(0)
    monkeypatch.setattr(activities_page.QInputDialog, "getItem", staticmethod(lambda *_a, **_k: ("已采纳", True)))
    monkeypatch.setattr(activities_page, "ask_text", lambda *_a: "安全科")
    tab.review()
    assert "采纳 1" in tab.figures.text(), tab.status.text()


def test_errors_appear_under_their_fields_and_text_stays(page: ActivitiesPage, ledger: Ledger) -> None:
    tab = page.squads
    tab.form.set("squad", "一队小分队")
    tab.form.set("violations_stopped", "两个")
    tab.save()
    assert tab.form.errors["violations_stopped"].text() == "不是整数。"
    tab.form.set("violations_stopped", "2")
    tab.save()
    assert tab.form.errors["leader"].text() == "必填。" and tab.form.errors["route"].text() == "必填。"
    assert tab.form.widgets["squad"].text() == "一队小分队"  # type: ignore[attr-defined]
    assert count_rows(ledger, "squad_activity") == 0


def test_a_tour_with_its_problems_in_one_save(page: ActivitiesPage, ledger: Ledger) -> None:
    tab = page.tours
    tab.form.set("organiser", "矿工会")
    tab.form.set("areas", "主井")
    tab.form.set("reps", "12")
    tab.problem_table.setItem(0, 0, QTableWidgetItem("井口等候室漏雨"))
    tab.problem_table.setItem(1, 0, QTableWidgetItem("副井信号不清"))
    status = tab.problem_table.cellWidget(1, 2)
    status.setCurrentIndex(status.findData("later"))  # type: ignore[attr-defined]
    tab.save()  # later without a deadline: refused, nothing saved
    assert "问题 2" in tab.status.text() and count_rows(ledger, "tour") == 0
    tab.problem_table.setItem(1, 3, QTableWidgetItem("2026-06-20"))
    tab.save()
    assert count_rows(ledger, "tour") == 1 and count_rows(ledger, "tour_problem") == 2
    assert "发现问题 2 个：现场解决 1，限期解决 1，未解决 0" in tab.figures.text()


def test_family_visit(page: ActivitiesPage, ledger: Ledger) -> None:
    tab = page.family
    tab.form.set("visitors", "刘大姐")
    tab.form.set("person_visited", "张三")
    tab.form.set("reason", "worry")
    tab.form.set("worry_type", "情绪低落")
    tab.form.set("participants", "2")
    tab.save()
    assert count_rows(ledger, "family_activity") == 1, tab.status.text()
    assert "家访 1 次" in tab.figures.text()
