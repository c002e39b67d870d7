"""A ledger on PostgreSQL: migrated, seeded, written and verified like a SQLite file."""

from __future__ import annotations

import pytest

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity
from tests.helpers import card, refs

pytestmark = pytest.mark.pg


def test_a_hazard_is_registered_and_the_chain_verifies(ledger: Ledger) -> None:
    row = hazards.register(ledger, card(refs(ledger)))
    assert row["number"].endswith("00001")
    report = integrity.verify_for(ledger)
    assert report.ok, report.problems
