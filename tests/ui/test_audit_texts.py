"""Issue 17, the auditor: the audit trail names records as people do (JK03-2026-01035, a 工号, a login), shows
times in local time with the zone, and the export dialog's changed-time filter is local time sent as UTC."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.permissions import Role
from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.queries import audit_trail
from safetywatch.ui.audit_page import AuditPage
from safetywatch.ui.export_dialog import ExportDialog
from safetywatch.ui.worker import wait_for_jobs
from tests.account_helpers import add_users, signed_in
from tests.helpers import card, refs
from tests.ui.test_no_stray_english import stray_words

RAW_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\.\d+)?Z")  # a stored instant, as the database keeps it


@pytest.fixture
def in_china(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's clock set to China (UTC+8), whatever zone the test machine is in."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def amended(ledger: Ledger, clock: FixedClock) -> tuple[Ledger, dict[str, Any]]:
    add_users(ledger)
    clerk = signed_in(ledger, Role.CLERK)
    hazard = hazards.register(clerk, card(refs(ledger)))
    hazards.amend(clerk, hazard["id"], card(refs(ledger), location="1202工作面"), "地点记错")
    return ledger, hazard


def _page(qtbot: Any, ledger: Ledger) -> AuditPage:
    page = AuditPage(signed_in(ledger, Role.AUDITOR))
    qtbot.addWidget(page)
    page.show()
    wait_for_jobs()
    return page


def _row_texts(page: AuditPage, row: int) -> list[str]:
    model = page.model
    return [str(model.data(model.index(row, column)) or "") for column in range(model.columnCount())]


def test_the_log_names_records_by_number_and_shows_local_time_with_the_zone(
    qtbot: Any, amended: tuple[Ledger, dict[str, Any]], in_china: None
) -> None:
    ledger, hazard = amended
    number, hazard_id = str(hazard["number"]), int(hazard["id"])
    page = _page(qtbot, ledger)
    page.entity_id.setFocus()
    qtbot.keyClicks(page.entity_id, number)
    qtbot.keyClick(page.entity_id, "\r")
    wait_for_jobs()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    time_header = str(page.model.headerData(1, Qt.Orientation.Horizontal))
    assert time_header == "时间（UTC+8）"
    texts = _row_texts(page, 0)
    assert number in texts and str(hazard_id) not in texts[5:6]  # the number, not the internal id
    with ledger.read() as conn:
        stored = str(sql.scalar(conn, "SELECT at_utc FROM audit_event ORDER BY seq DESC LIMIT 1"))
    local = dt.datetime.fromisoformat(stored.replace("Z", "+00:00")) + dt.timedelta(hours=8)
    assert local.strftime("%Y-%m-%d %H:%M") in texts  # the clock on the wall in China

    page.table.setFocus()
    page.table.selectRow(0)
    detail = page.detail.toPlainText()
    assert f"记录：隐患 {number}" in detail
    assert stray_words(detail, {"clerk1"}) == []  # field names and values in Chinese too
    assert local.strftime("%Y-%m-%d %H:%M:%S") + " (UTC+8)" in detail
    assert not RAW_UTC.search(detail) and f"#{hazard_id}" not in detail and "#" not in detail.split("\n")[0]
    qtbot.waitUntil(lambda: page.history.rowCount() == 2)
    assert number in page.history_title.text()
    versions = [page.history.item(r, 0).text() for r in range(2)]
    assert versions == ["第 1 版", "第 2 版"]  # not "v1"
    assert page.history.item(0, 1).text().endswith("(UTC+8)")


def test_a_hazard_step_is_named_by_its_hazard_and_a_record_without_a_name_by_its_internal_id(
    qtbot: Any, amended: tuple[Ledger, dict[str, Any]]
) -> None:
    ledger, hazard = amended
    with ledger.read() as conn:
        step_id = int(sql.scalar(conn, "SELECT id FROM hazard_follow_up WHERE hazard_id = ?", (hazard["id"],)))
        auditor_id = int(sql.scalar(conn, "SELECT id FROM user_account WHERE login = 'auditor1'"))
        names = audit_trail.record_names(
            conn, [("hazard", hazard["id"]), ("hazard_follow_up", step_id), ("user_account", auditor_id), ("tour", 7)]
        )
    assert names == {
        ("hazard", hazard["id"]): hazard["number"],
        ("hazard_follow_up", step_id): hazard["number"],
        ("user_account", auditor_id): "auditor1",
    }
    page = _page(qtbot, ledger)
    assert page._record_text(7) == "内部编号 7"


def test_the_export_filter_by_changed_time_is_local_time_sent_as_utc(
    qtbot: Any, ledger: Ledger, tmp_path: Any, in_china: None
) -> None:
    dialog = ExportDialog(ledger, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "UTC+8" in dialog.modified_zone.text() and "UTC" in dialog.modified_zone.text()
    dialog.by_modified.setChecked(True)
    dialog.modified_since.setDateTime(QDateTime(QDate(2026, 6, 10), QTime(8, 0)))
    dialog.modified_until.setDateTime(QDateTime(QDate(2026, 6, 11), QTime(0, 0)))
    filters = dialog.filters()
    assert filters.modified_since == dt.datetime(2026, 6, 10, 0, 0, tzinfo=dt.UTC)  # 08:00 in China
    assert filters.modified_until == dt.datetime(2026, 6, 10, 16, 0, tzinfo=dt.UTC)
    dialog.by_modified.setChecked(False)
    assert dialog.filters().modified_since is None and not dialog.modified_until.isEnabled()
