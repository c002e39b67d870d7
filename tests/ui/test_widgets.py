"""The shared widgets: the pick list's matching, date lines, the status line and the one reason dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from safetywatch.domain.errors import FieldError, StorageError, ValidationError
from safetywatch.services.core.fields import FieldKind, FieldSpec
from safetywatch.services.kinds.reference import Choice
from safetywatch.ui.record_form import RecordForm
from safetywatch.ui.widgets import ChoiceCombo, ReasonDialog, StatusLine, date_edit, match_choice

ITEMS = [Choice(1, "U01", "综采一队"), Choice(2, "U02", "掘进二队"), Choice(3, "U10", "综采十队")]


def test_match_choice_by_code_name_or_the_only_entry_containing_the_text() -> None:
    assert match_choice(ITEMS, "u02", partial=False) == ITEMS[1]  # a code, any case
    assert match_choice(ITEMS, "掘进二队", partial=False) == ITEMS[1]
    assert match_choice(ITEMS, "U10 综采十队", partial=False) == ITEMS[2]
    assert match_choice(ITEMS, "掘进", partial=False) is None
    assert match_choice(ITEMS, "掘进", partial=True) == ITEMS[1]
    assert match_choice(ITEMS, "综采", partial=True) is None  # two entries: nothing is guessed
    assert match_choice(ITEMS, "  ", partial=True) is None


def test_the_combo_keeps_text_it_cannot_resolve(qtbot: QtBot) -> None:
    combo = ChoiceCombo()
    qtbot.addWidget(combo)
    combo.set_choices(ITEMS)
    combo.choose_text("综采")
    assert combo.current_id() is None and combo.currentText() == "综采"  # never replaced silently
    combo.choose_text("U10")
    assert combo.current_id() == 3 and combo.currentText() == "U10 综采十队"
    combo.set_choices(ITEMS[1:])  # reloaded: the chosen entry is still offered
    assert combo.current_id() == 3
    combo.set_choices(ITEMS[:2])  # no longer offered: the text stays, the id goes
    assert combo.current_id() is None and combo.currentText() == "U10 综采十队"


def test_a_date_line_shows_a_date_as_stored_and_keeps_anything_else(qtbot: QtBot) -> None:
    edit = date_edit()
    qtbot.addWidget(edit)
    assert edit.placeholderText() == "年-月-日，如 2026-06-10"
    for typed, shown in (("20260609", "2026-06-09"), ("2026/06/09", "2026-06-09"), ("2026-02-30", "2026-02-30")):
        edit.setText(typed)
        edit.editingFinished.emit()
        assert edit.text() == shown


def test_the_status_line_forgets_errors_but_not_outcomes(qtbot: QtBot) -> None:
    status = StatusLine()
    qtbot.addWidget(status)
    status.error("磁盘已满")
    assert status.is_error
    status.clear_error()
    assert status.text() == ""
    status.ok("已保存")
    status.clear_error()
    assert status.text() == "已保存" and not status.is_error


def test_the_status_line_takes_a_writes_refusals_and_raises_bugs(qtbot: QtBot) -> None:
    status = StatusLine()
    qtbot.addWidget(status)
    status.invalid(ValidationError([FieldError("a", "日期不对。"), FieldError("b", "必填。")]))
    assert status.is_error and status.text() == "日期不对。\n必填。"  # each finding on its own line
    status.plain("共 3 条")
    assert not status.is_error and status.text() == "共 3 条"
    status.problem(StorageError("磁盘已满。"))
    assert status.is_error and status.text() == "磁盘已满。"
    status.hint("正在计算…")
    with pytest.raises(ZeroDivisionError):  # a bug is not a message: it reaches the crash handler
        status.problem(ZeroDivisionError("division by zero"))
    assert status.text() == "正在计算…" and not status.is_error


def test_the_reason_dialog_refuses_an_empty_reason(qtbot: QtBot) -> None:
    dialog = ReasonDialog(None, "修改已保存的登记表", "为什么修改这张登记表？")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()
    qtbot.keyClicks(dialog.text, "   ")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert not ok.isEnabled() and dialog.result() == 0 and dialog.isVisible() is False
    dialog.text.setText("卡片看错")
    assert ok.isEnabled()


def test_a_date_field_of_a_form_shows_the_format_while_empty(qtbot: QtBot) -> None:
    form = RecordForm([FieldSpec("on_date", "Date", FieldKind.DATE), FieldSpec("who", "Name", hint="HH:MM")])
    qtbot.addWidget(form)
    on_date, who = form.widgets["on_date"], form.widgets["who"]
    assert isinstance(on_date, QLineEdit) and isinstance(who, QLineEdit)
    assert on_date.placeholderText() == "年-月-日，如 2026-06-10"
    assert who.placeholderText() == "时:分，如 10:20"
