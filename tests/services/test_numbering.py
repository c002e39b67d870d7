"""Record numbers: allocated in the write transaction, or kept from a file after a check."""

from __future__ import annotations

import datetime as dt

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.numbering import HAZARD_NUMBERS, VIOLATION_NUMBERS
from safetywatch.services.core.origin import Origin
from safetywatch.services.kinds import hazards
from tests.helpers import Refs, card, refs

pytestmark = pytest.mark.pg


@pytest.fixture
def r(ledger: Ledger) -> Refs:
    return refs(ledger)


def test_hazards_and_violations_count_apart(ledger: Ledger, r: Refs) -> None:
    hazards.register(ledger, card(r))
    with ledger.write() as w:
        assert HAZARD_NUMBERS.assign(w.conn, r.workstation, 2026) == {
            "number": "JK01-2026-00002",
            "year": 2026,
            "serial": 2,
        }
        assert VIOLATION_NUMBERS.assign(w.conn, r.workstation, 2026)["number"] == "JK01-SW-2026-00001"
        assert HAZARD_NUMBERS.assign(w.conn, r.workstation, 2025)["number"] == "JK01-2025-00001"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("JK01-2026-00001", "already used"),
        ("JK02-2026-00005", "must be JK01-2026- and a serial"),
        ("JK01-2025-00005", "must be JK01-2026- and a serial"),
        ("JK01-SW-2026-00005", "must be JK01-2026- and a serial"),
        ("JK01-2026-5a", "must be JK01-2026- and a serial"),
    ],
)
def test_a_kept_number_is_checked(ledger: Ledger, r: Refs, given: str, message: str) -> None:
    hazards.register(ledger, card(r))
    with ledger.write() as w, pytest.raises(ValidationError, match=message) as refused:
        HAZARD_NUMBERS.assign(w.conn, r.workstation, 2026, given)
    assert refused.value.errors[0].field == "number"


def test_a_kept_number_is_kept_and_the_next_follows_it(ledger: Ledger, r: Refs) -> None:
    with ledger.write() as w:
        kept = hazards.register_in(w, card(r), origin=Origin(number="JK01-2026-00042", clerk="张录入"))
        after = hazards.register_in(w, card(r, found_date=dt.date(2026, 6, 8)))
    assert (kept["number"], kept["serial"], kept["clerk"]) == ("JK01-2026-00042", 42, "张录入")
    assert (after["number"], after["clerk"]) == ("JK01-2026-00043", "测试员")
