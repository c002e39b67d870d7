"""Widgets shared by every page: the pick list, the status line, date lines, the reason dialog, the styles."""

from safetywatch.ui.widgets.choice_combo import ChoiceCombo, contains_completer, match_choice
from safetywatch.ui.widgets.dates import date_edit, normalise_date, parse_date
from safetywatch.ui.widgets.labels import error_label, hint_label, page_title, show_message
from safetywatch.ui.widgets.pinyin_filter import search_by_pinyin
from safetywatch.ui.widgets.reason_dialog import ReasonDialog, ask_reason
from safetywatch.ui.widgets.status_line import StatusLine, error_text
from safetywatch.ui.widgets.styles import ALERT_STYLE, ERROR_STYLE, HINT_STYLE, OK_STYLE
from safetywatch.ui.widgets.text_room import text_width

__all__ = [
    "ALERT_STYLE",
    "ERROR_STYLE",
    "HINT_STYLE",
    "OK_STYLE",
    "ChoiceCombo",
    "ReasonDialog",
    "StatusLine",
    "ask_reason",
    "contains_completer",
    "date_edit",
    "error_label",
    "error_text",
    "hint_label",
    "match_choice",
    "normalise_date",
    "page_title",
    "parse_date",
    "search_by_pinyin",
    "show_message",
    "text_width",
]
