"""A ledger on PostgreSQL: migrated, seeded, written and verified like a SQLite file."""

from __future__ import annotations

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.services.core import sql
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


def test_a_cards_reference_checks_are_one_round_trip_on_a_server(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each statement to a server is a round trip: the eight references of a hazard card are asked in one."""
    refs_of = refs(ledger)
    asked: list[str] = []
    real = sql.ServerHandle.execute

    def counting(self: sql.ServerHandle, statement: str, params: sql.Params = ()) -> sql.Cursor:
        asked.append(statement)
        return real(self, statement, params)

    monkeypatch.setattr(sql.ServerHandle, "execute", counting)
    hazards.register(ledger, card(refs_of))
    reference_reads = [s for s in asked if "voided FROM" in s and "WHERE id = ?" in s]
    if ledger.server is None:
        assert reference_reads == []  # SQLite: no ServerHandle at all
    else:
        assert len(reference_reads) == 1 and reference_reads[0].count("UNION ALL") >= 6, reference_reads
    with pytest.raises(ValidationError) as refused:
        hazards.register(ledger, card(refs_of, unit_id=999_999))
    assert [e.field for e in refused.value.errors] == ["unit_id"]
