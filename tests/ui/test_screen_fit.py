"""Pages read whole on a 1024×705 window (issue 17's screenshot pass): chart labels uncut, tables and filter
boxes wide enough for what they show, no raw codes or UTC stamps where a person reads."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtCore import Qt

from safetywatch.domain.permissions import Role
from safetywatch.domain.record_labels import office_step_reason
from safetywatch.domain.report_model import TrendPoint
from safetywatch.exchange import held_messages
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts, hazards
from safetywatch.services.queries import hazard_query
from safetywatch.ui import charts
from safetywatch.ui.activities_page import ActivitiesPage
from safetywatch.ui.audit_page import AuditPage
from safetywatch.ui.dashboard_page import DashboardPage
from safetywatch.ui.field_labels import field_label, field_value
from safetywatch.ui.hazards_page import HazardsPage
from safetywatch.ui.reference_page import ReferencePage
from safetywatch.ui.session import open_session
from tests.account_helpers import FAST, LOGINS, PASSWORD, add_users, signed_in
from tests.helpers import card, refs

#: beside the navigation of a 1024 px window
PAGE_WIDTH = 1024 - 190

TWELVE = [TrendPoint(f"{2025 + (m > 0)}-{(11 + m) % 12 + 1:02d}", 10, 9, 3) for m in range(12)]


def _month_axis(view: Any) -> QBarCategoryAxis:
    axis = next(a for a in view.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert isinstance(axis, QBarCategoryAxis)
    return axis


def test_month_labels_stand_upright_where_they_fit_and_turn_where_they_would_be_cut(qtbot: Any) -> None:
    view = charts.trend_chart(TWELVE)
    qtbot.addWidget(view)
    axis = _month_axis(view)
    assert axis.categories()[0] == "12月" and axis.categories()[1] == "1月"
    view.resize(560, 360)  # the dashboard's trend chart at 1024 px
    view.show()
    qtbot.waitUntil(lambda: view.chart().plotArea().width() > 400)
    assert charts.month_labels_fit(axis, view.chart().plotArea())
    assert axis.labelsAngle() == 0
    view.resize(300, 360)  # a narrow window: "12…" unless turned
    qtbot.waitUntil(lambda: axis.labelsAngle() == -90)
    assert not charts.month_labels_fit(axis, view.chart().plotArea())
    view.resize(700, 360)
    qtbot.waitUntil(lambda: axis.labelsAngle() == 0)


def test_the_dashboard_at_1024_shows_the_months_upright_and_whole(qtbot: Any, ledger: Ledger) -> None:
    page = DashboardPage(ledger)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, 680)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.busy, timeout=20_000)
    qtbot.waitUntil(lambda: page.trend_view.chart().plotArea().width() > 300)
    axis = _month_axis(page.trend_view)
    assert len(axis.categories()) == 12
    assert charts.month_labels_fit(axis, page.trend_view.chart().plotArea())
    assert axis.labelsAngle() == 0


@pytest.fixture
def beijing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's zone is China's, as at the mine (the test machine may be on UTC)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


UTC_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d|\(UTC\)|（UTC）")


def test_the_audit_trail_shows_local_times_with_the_zone_details_included(
    qtbot: Any, ledger: Ledger, beijing: None
) -> None:
    add_users(ledger)
    signed_in(ledger, Role.AUDITOR)  # a log-in event: its change is the account's last log-in instant
    assert field_label("last_login_at") == "最近登录"
    assert field_value("last_login_at", "2026-06-10T02:00:00.25Z") == "2026-06-10 10:00:00 (UTC+8)"
    assert field_value("last_login_at", "not a time") == "not a time"  # shown as stored, never a crash
    page = AuditPage(ledger)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, 680)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "时间（UTC+8）"
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: "最近登录" in page.detail.toPlainText())
    detail = page.detail.toPlainText()
    assert "(UTC+8)" in detail and not UTC_STAMP.search(detail), detail
    qtbot.waitUntil(lambda: page.history.rowCount() > 0)
    shown = [page.history.item(r, 1).text() for r in range(page.history.rowCount())]
    assert all(t.endswith("(UTC+8)") for t in shown), shown
    # the record box shows its placeholder and a whole 三违 number, and the page still fits 1024 px
    assert page.entity_id.width() >= page.entity_id.fontMetrics().horizontalAdvance("JK01-SW-2026-00017")
    assert page.entity_id.width() >= page.entity_id.fontMetrics().horizontalAdvance(page.entity_id.placeholderText())
    assert page.minimumSizeHint().width() <= PAGE_WIDTH


@pytest.mark.parametrize(("role", "badge"), [(Role.ADMINISTRATOR, False), (Role.SAFETY_OFFICER, True)])
def test_the_overdue_badge_shows_only_to_a_role_that_may_open_the_register(
    qtbot: Any, ledger: Ledger, role: Role, badge: bool
) -> None:
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 5, 1)))  # long past its deadline
    with ledger.read() as conn:
        assert hazard_query.overdue_count(conn, ledger.clock.today()) == 1
    add_users(ledger)
    user = accounts.authenticate(ledger, LOGINS[role], PASSWORD, hasher=FAST)
    window, session = open_session(ledger, user, hasher=FAST, idle_ms=600_000)
    qtbot.addWidget(window)
    try:
        item = window.nav_item(window.hazards_page)
        assert bool(item.flags() & Qt.ItemFlag.ItemIsEnabled) == badge
        assert ("逾期" in item.text()) == badge, item.text()
        assert item.text().startswith("隐患台账")
    finally:
        session.stop()


def test_a_take_over_by_an_office_step_is_explained_in_the_readers_language(qtbot: Any) -> None:
    stored = held_messages.stored("transferred", date="2026-08-23", reason=office_step_reason("close"))
    assert held_messages.render(stored) == (
        "安全科已于 2026-08-23 接管此记录（安全科办理“销号”时接管）；群监站在读取回执之前修改了它。"
    )
    typed = held_messages.stored("transferred", date="2026-08-23", reason="挂牌督办")
    assert "（挂牌督办）" in held_messages.render(typed)  # a reason a person typed, as typed


def _column(view: Any, header: str) -> int:
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return headers.index(header)


def _fully_shown(view: Any, column: int) -> bool:
    left = view.columnViewportPosition(column)
    return left >= 0 and left + view.columnWidth(column) <= view.viewport().width()


def test_activity_dates_show_the_year_and_the_list_shows_the_status(qtbot: Any, ledger: Ledger) -> None:
    page = ActivitiesPage(ledger)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, 660)
    page.show()
    tab = page.suggestions
    qtbot.waitUntil(lambda: tab.table.viewport().width() > 0)
    for edit in (tab.date_from, tab.date_to):
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.text()), edit.text()
    assert _fully_shown(tab.table, _column(tab.table, "状态"))
    assert page.minimumSizeHint().width() <= PAGE_WIDTH


def test_reference_tables_fit_and_station_closing_shows_only_for_a_workstation(qtbot: Any, ledger: Ledger) -> None:
    page = ReferencePage(ledger)
    qtbot.addWidget(page)
    page.apply_role(lambda _permission: True)  # the safety officer's
    page.resize(PAGE_WIDTH, 660)
    page.show()
    page.show_kind("org_unit")
    qtbot.waitUntil(lambda: page.table.rowCount() > 0)
    assert not page.station_bar.isVisible()  # 撤站 is no business of an organisation unit
    page.table.selectRow(1)
    assert not page.station_bar.isVisible()
    table = page.table
    qtbot.waitUntil(lambda: _fully_shown(table, table.columnCount() - 1))
    assert all(_fully_shown(table, c) for c in range(table.columnCount()))
    code = table.item(1, 0)
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(code.text())  # codes stay whole
    page.show_kind("workstation")
    qtbot.waitUntil(lambda: page.table.rowCount() > 0)
    page.table.selectRow(0)
    assert page.station_bar.isVisible()
    assert page.minimumSizeHint().width() <= PAGE_WIDTH


def test_the_register_shows_its_search_hint_and_status_column_at_1024(qtbot: Any, ledger: Ledger) -> None:
    page = HazardsPage(ledger)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, 660)
    page.show()
    qtbot.waitUntil(lambda: page.table.viewport().width() > 0)
    search = page.search_edit
    # the text area is the box less its frame, margins and clear button (about 30 px)
    assert search.width() >= search.fontMetrics().horizontalAdvance(search.placeholderText()) + 30
    assert _fully_shown(page.table, _column(page.table, "状态"))
