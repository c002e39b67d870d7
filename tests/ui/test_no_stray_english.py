"""Issue 17, the auditor: the Chinese UI shows no stray English. A walk over every page of the main window
(an administrator's and an officer's) collects what a person reads — labels, buttons, check boxes, group
boxes, tab texts, table headers, placeholder texts, combo box items, tooltips — and finds the ASCII words in them that
are not codes, numbers, shortcuts, units, file suffixes or known abbreviations."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.session import open_session
from safetywatch.ui.worker import wait_for_jobs
from tests.account_helpers import FAST, LOGINS, PASSWORD, add_users

#: Words that may stand in the Chinese UI, each with its reason. Keep it short: a new entry needs a reason
#: a Chinese reader would accept.
ALLOWED: dict[str, str] = {
    "CSV": "a file format, written so on every Chinese PC",
    "UTF": "the encoding's name (UTF-8)",
    "Excel": "the program's name",
    "WPS": "the program's name",
    "SafetyWatch": "this program's name",
    "XLSX": "a file format",
    "PDF": "a file format",
    "JSON": "a file format",
    "UUID": "the identifier's standard name",
    "SHA": "the hash's standard name (SHA-256)",
    "UTC": "the time standard (UTC+8)",
    "Ctrl": "a key, as printed on the keyboard",
    "Shift": "a key, as printed on the keyboard",
    "Alt": "a key, as printed on the keyboard",
    "Tab": "a key, as printed on the keyboard",
    "Enter": "a key, as printed on the keyboard",
    "Esc": "a key, as printed on the keyboard",
    "Del": "a key, as printed on the keyboard",
    "PgUp": "a key, as printed on the keyboard",
    "PgDn": "a key, as printed on the keyboard",
    "min": "the minimum in the rates page's formula (Σ min(…)), as in the norm's text",
    "MB": "a unit",
    "GB": "a unit",
}

#: Upper-case letters that read as a format pattern, not a code: never allowed ("HH:MM", "YYYY").
FORMAT_PATTERNS = {"HH", "MM", "SS", "DD", "YYYY"}

_WORD = re.compile(r"[A-Za-z0-9]+")  # numbers are skipped below
_CODE = re.compile(r"[A-Z]{1,4}|[A-Z]{1,4}\d+[A-Z]?|F\d{1,2}")  # a code (AQ, FZS, JK03, U05, R06) or a key (F5)
_HASH = re.compile(r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{16,}")  # a UUID or hash: data
_GLOB = re.compile(r"\*\.[A-Za-z0-9]+")  # a file dialog's filter (*.csv): a pattern, not words
_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\][^\s（）()，。]*")  # a file or folder: data, not words
_INTERNAL_ID = re.compile(r"#\d+(?![\d:])")  # "#3496": a database id (a chain head "#38014:3fa9…" is printed so)
_MNEMONIC = re.compile(r"\(&[A-Za-z0-9]\)|&(?=[A-Za-z0-9])")  # the Alt-key letter of a button: a shortcut


_TAG = re.compile(r"<[^>]*>|&[a-z]+;")  # the markup of a rich-text tooltip or label


def stray_words(text: str, logins: set[str]) -> list[str]:
    """The ASCII words in *text* that a Chinese reader should not meet (*logins*: the accounts' logins, data)."""
    text = _MNEMONIC.sub("", _PATH.sub("", _GLOB.sub("", _HASH.sub("", text))))
    found = _INTERNAL_ID.findall(text)
    for word in _WORD.findall(text):
        if word.isdigit():
            continue
        known = word in ALLOWED or word in logins or _CODE.fullmatch(word)
        if word in FORMAT_PATTERNS or not known:
            found.append(word)
    return found


def visible_texts(page: QWidget) -> list[tuple[str, str]]:
    """(where, text) for what a person reads on *page* without opening anything."""
    texts: list[tuple[str, str]] = []
    for widget in [page, *page.findChildren(QWidget)]:
        if not widget.isVisibleTo(page) and widget is not page:
            continue
        name = type(widget).__name__
        if widget.toolTip():  # what the mouse shows is read too (rich text: its tags are not words)
            texts.append((f"{name} tooltip", _TAG.sub(" ", widget.toolTip())))
        if widget.isWindow() and widget.windowTitle():
            texts.append((f"{name} title", widget.windowTitle()))
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        elif isinstance(widget, QLineEdit):
            texts.append((name, widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            texts.extend((name, widget.itemText(i)) for i in range(widget.count()))
            if widget.lineEdit() is not None:
                texts.append((name, widget.lineEdit().placeholderText()))
        elif isinstance(widget, QTabWidget):
            texts.extend((name, widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model, header = widget.model(), widget.header() if isinstance(widget, QTreeView) else None
            header = header or widget.horizontalHeader()  # type: ignore[union-attr]
            if header.isVisibleTo(page):
                texts.extend(
                    (f"{name} header", str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
                    for column in range(model.columnCount())
                    if not header.isSectionHidden(column)
                )
    return texts


def test_every_page_of_the_chinese_ui_is_free_of_stray_english(qtbot: Any, ledger: Ledger) -> None:
    add_users(ledger)
    admin = accounts.authenticate(ledger, LOGINS[Role.ADMINISTRATOR], PASSWORD, hasher=FAST)
    window, session = open_session(ledger, admin, hasher=FAST, idle_ms=600_000)
    qtbot.addWidget(window)
    officer = MainWindow(ledger)
    qtbot.addWidget(officer)
    officer.apply_role(accounts.authenticate(ledger, LOGINS[Role.SAFETY_OFFICER], PASSWORD, hasher=FAST))
    logins = set(LOGINS.values())  # the accounts' logins: names people chose, not English
    stray: set[tuple[str, str, str]] = set()
    read: list[str] = []  # everything the walk read, to show that it did read the pages
    for shown in (window, officer):
        shown.resize(1024, 738)
        shown.show()
        for page in shown.pages():
            shown.stack.setCurrentWidget(page)
            QApplication.processEvents()
            wait_for_jobs()
            for where, text in visible_texts(page):
                read.append(text)
                if stray_words(text, logins):
                    stray.add((type(page).__name__, where, text))
    session.stop()
    assert {"审计追踪", "用户管理", "备份"} <= set(read) and len(read) > 300, len(read)
    assert not stray, "\n".join(sorted(map(repr, stray)))


def test_the_check_finds_the_english_the_issue_saw() -> None:
    for seen in ("事件 #3496", "隐患记录 (hazards)", "时间（HH:MM）", "第 v1 版", "record no.", "3 items"):
        assert stray_words(seen, set()), seen
    for fine in (
        "JK03-2026-01035",
        "保存(&S)…（Ctrl+S）",
        "2026-06-10 10:00 (UTC+8)",
        "FZS 防治水",
        "U 盘",
        "UUID：fca8aa52-59f9-46db-83e7-ae84b4db25b7",
    ):
        assert not stray_words(fine, set()), fine
