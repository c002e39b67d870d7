"""The audit trail page and its queries: filters by kind, record, user and date; a record's versions with
who, when and why; verify with the chain head (in a worker)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import PermissionDeniedError
from safetywatch.domain.permissions import Role
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.queries import audit_trail
from safetywatch.services.queries.audit_trail import EventFilter
from safetywatch.ui.audit_page import AuditPage
from safetywatch.ui.worker import wait_for_jobs
from tests.account_helpers import add_users, signed_in
from tests.helpers import card, count_rows, refs

CHINA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def history(ledger: Ledger, clock: FixedClock) -> tuple[Ledger, int]:
    """A hazard entered by the clerk on 10 June (10:00 in China) and amended twice on 11 June."""
    add_users(ledger)
    clerk = signed_in(ledger, Role.CLERK)
    hazard = hazards.register(clerk, card(refs(ledger)))
    clock.advance(days=1)
    hazards.amend(clerk, hazard["id"], card(refs(ledger), location="1202工作面"), "地点记错")
    hazards.amend(clerk, hazard["id"], card(refs(ledger), location="1203工作面"), "再次核对")
    return ledger, int(hazard["id"])


def _count(ledger: Ledger, flt: EventFilter) -> int:
    with ledger.read() as conn:
        ids = audit_trail.query_ids(conn, flt)
        assert len(ids) == audit_trail.count(conn, flt)
        assert list(ids) == sorted(ids, reverse=True)
        return len(ids)


def test_filters_by_kind_record_user_and_local_date(history: tuple[Ledger, int]) -> None:
    ledger, hazard_id = history
    total = count_rows(ledger, "audit_event")
    assert _count(ledger, EventFilter()) == total
    assert _count(ledger, EventFilter(entity="hazard", entity_id=hazard_id)) == 3
    assert _count(ledger, EventFilter(entity="hazard")) == 3
    by_clerk = _count(ledger, EventFilter(actor="clerk1"))
    assert by_clerk == 1 + 3  # the log-in and the hazard's three events (its follow-up entries inside them)
    june_10 = EventFilter(actor="clerk1", date_from=dt.date(2026, 6, 10), date_to=dt.date(2026, 6, 10), tz=CHINA)
    june_11 = EventFilter(actor="clerk1", date_from=dt.date(2026, 6, 11), tz=CHINA)
    assert _count(ledger, june_10) == 2 and _count(ledger, june_11) == 2
    assert _count(ledger, EventFilter(date_to=dt.date(2026, 6, 9), tz=CHINA)) == 0


def test_versions_say_who_when_and_why(history: tuple[Ledger, int]) -> None:
    ledger, hazard_id = history
    officer = signed_in(ledger, Role.SAFETY_OFFICER)
    versions = audit_trail.record_history(officer, "hazard", hazard_id)
    assert [(v.number, v.actor, v.action, v.reason) for v in versions] == [
        (1, "clerk1", "create", None),
        (2, "clerk1", "amend", "地点记错"),
        (3, "clerk1", "amend", "再次核对"),
    ]
    assert [v.row["location"] for v in versions] == ["1201工作面回风巷", "1202工作面", "1203工作面"]
    assert ("location", "1201工作面回风巷", "1202工作面") in versions[1].changed
    assert versions[1].at_utc > versions[0].at_utc
    with pytest.raises(PermissionDeniedError):
        audit_trail.record_history(signed_in(ledger, Role.CLERK), "hazard", hazard_id)


def test_audit_page_filters_shows_versions_and_verifies(qtbot: Any, history: tuple[Ledger, int]) -> None:
    ledger, hazard_id = history
    auditor = signed_in(ledger, Role.AUDITOR)
    page = AuditPage(auditor)
    qtbot.addWidget(page)
    page.show()
    wait_for_jobs()
    total = count_rows(ledger, "audit_event")
    assert page.model.rowCount() == total and f"{total}" in page.count.text()
    assert page.model.data(page.model.index(0, 0)) == str(total)  # newest first

    page.show_record("hazard", hazard_id)
    wait_for_jobs()
    assert page.model.rowCount() == 3
    assert page.history.rowCount() == 3
    cells = [[page.history.item(r, c).text() for c in range(6)] for r in range(3)]
    assert [row[0] for row in cells] == ["第 1 版", "第 2 版", "第 3 版"]
    assert page.entity_id.text() == "JK01-2026-00001"  # the record's number, not its internal id
    assert all(row[2] == "clerk1（李文员）" for row in cells)
    assert [row[4] for row in cells] == ["", "地点记错", "再次核对"]
    assert "1201工作面回风巷 → 1202工作面" in cells[1][5]

    page.table.selectRow(0)
    assert "再次核对" in page.detail.toPlainText() and "1203工作面" in page.detail.toPlainText()

    index = page.actor.findData("officer1")
    page.entity.setCurrentIndex(0)
    page.entity_id.clear()
    page.actor.setCurrentIndex(index)
    page.apply_filter()
    wait_for_jobs()
    assert page.model.rowCount() == 0  # the officer has not changed anything

    page.verify()
    qtbot.waitUntil(lambda: page.verify_report is not None, timeout=20_000)
    with ledger.read() as conn:
        seq, digest = audit.chain_head(conn)
    assert f"#{seq}" in page.verify_result.text() and digest in page.verify_result.text()
    assert "完好" in page.verify_result.text()
    auditor.close()


def test_a_head_printed_on_a_report_is_checked_and_a_mistyped_one_said_under_its_field(
    qtbot: Any, history: tuple[Ledger, int]
) -> None:
    ledger, _hazard_id = history
    page = AuditPage(signed_in(ledger, Role.AUDITOR))
    qtbot.addWidget(page)
    page.show()
    wait_for_jobs()
    with ledger.read() as conn:
        seq, digest = audit.chain_head(conn)

    page.printed_head.setText(f"#{seq}:{digest[:12]}")
    page.verify()
    assert page.verify_report is None and not page.verify_result.text()  # nothing ran
    assert page.printed_head_problem.is_error and "至少前 16 位" in page.printed_head_problem.text()

    page.printed_head.setText(f"#{seq}：{digest[:16]}")  # a full-width colon, as a Chinese IME types it
    page.verify()
    qtbot.waitUntil(lambda: page.verify_report is not None, timeout=20_000)
    assert not page.printed_head_problem.text()
    assert "完好" in page.verify_result.text() and f"已与 1 个锚点核对；最新的锚点覆盖到事件 #{seq}" in (
        page.verify_result.text()
    )

    page.verify_report = None
    page.printed_head.setText(f"#{seq}:{'0' * 16}")
    page.verify()
    qtbot.waitUntil(lambda: page.verify_report is not None, timeout=20_000)
    assert page.verify_result.is_error
    assert f"审计事件 #{seq} 与 打印的链头 #{seq}:0000000000000000 记录的链头不一致" in page.verify_result.text()


def test_changes_are_named_in_the_officers_words(qtbot: Any) -> None:
    from safetywatch.ui.audit_page import _change

    assert _change("notice_issued_on", None, "2026-06-03") == "通知下发日期: — → 2026-06-03"
    assert _change("status", "notice_issued", "in_rectification").startswith("状态: ")
    assert "notice_issued" not in _change("status", "notice_issued", "in_rectification")
    assert _change("some_new_column", 1, 2) == "some_new_column: 1 → 2"  # unknown columns as stored
