"""The auditor finds a record in the audit trail by the number on its paper card (issue 17)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.ui.audit_page import AuditPage
from safetywatch.ui.worker import wait_for_jobs
from tests.account_helpers import add_users, signed_in
from tests.helpers import card, refs


def test_the_record_filter_takes_a_number_and_says_when_none_has_it(qtbot: Any, ledger: Ledger) -> None:
    add_users(ledger)
    clerk = signed_in(ledger, Role.CLERK)
    first = hazards.register(clerk, card(refs(ledger)))
    hazards.register(clerk, card(refs(ledger), location="1202工作面"))
    hazards.amend(clerk, first["id"], card(refs(ledger), location="1203工作面"), "地点记错")
    page = AuditPage(signed_in(ledger, Role.AUDITOR))
    qtbot.addWidget(page)
    page.show()
    wait_for_jobs()
    page.entity_id.setFocus()
    qtbot.keyClicks(page.entity_id, str(first["number"]).lower())  # typed as it comes, in any case
    qtbot.keyClick(page.entity_id, Qt.Key.Key_Return)
    wait_for_jobs()
    assert page.model.rowCount() == 2  # its registration and its amendment, not the other card
    assert "2" in page.count.text()
    page.entity_id.clear()
    qtbot.keyClicks(page.entity_id, "JK01-2026-99999")
    qtbot.keyClick(page.entity_id, Qt.Key.Key_Return)
    wait_for_jobs()
    assert page.model.rowCount() == 0
    assert "JK01-2026-99999" in page.count.text()  # said, not silently ignored
