"""The field specs declared beside each input type agree with the services that check the input: every field
names an attribute of the input, and the fields marked required are the ones the service says are required."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.services.core.fields import FieldSpec, required_names
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import family, hazards, reference, squads, suggestions, tours, violations
from tests.helpers import refs

pytestmark = pytest.mark.pg

KINDS: dict[str, tuple[Sequence[FieldSpec], type[Any]]] = {
    "hazard": (hazards.FIELDS, hazards.HazardInput),
    "step": (hazards.STEP_FIELDS, hazards.StepInput),
    "violation": (violations.FIELDS, violations.ViolationInput),
    "handling": (violations.HANDLING_FIELDS, violations.HandlingInput),
    "suggestion": (suggestions.FIELDS, suggestions.SuggestionInput),
    "squad": (squads.FIELDS, squads.SquadInput),
    "tour": (tours.FIELDS, tours.TourInput),
    "problem": (tours.PROBLEM_FIELDS, tours.ProblemInput),
    "family": (family.FIELDS, family.FamilyInput),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_is_an_attribute_of_the_input(kind: str) -> None:
    fields, input_type = KINDS[kind]
    attributes = {f.name for f in dataclasses.fields(input_type)}
    names = [spec.name for spec in fields]
    assert len(names) == len(set(names))
    assert set(names) <= attributes


def _violation(ledger: Ledger) -> int:
    r = refs(ledger)
    kinds = ("employment", "violation_type", "violation_severity", "violation_found_via")
    with ledger.read() as conn:
        from_code = {c.code: c.id for kind in kinds for c in reference.choices(conn, kind)}
    data = violations.ViolationInput(
        workstation_id=r.workstation,
        found_date=dt.date(2026, 6, 9),
        shift_id=r.shifts["1"],
        location="井口",
        offender_name="张三",
        offender_unit_id=r.unit1,
        employment_id=from_code["ZS"],
        type_id=from_code["JL"],
        severity_id=from_code["YB"],
        description="未戴安全帽",
        stopped_by_id=r.inspectors["Q001"],
        found_via_id=from_code["QJY"],
    )
    return int(violations.register(ledger, data)["id"])


EMPTY_SAVES: dict[str, Callable[[Ledger], object]] = {
    "hazard": lambda ledger: hazards.register(ledger, hazards.HazardInput()),
    "violation": lambda ledger: violations.register(ledger, violations.ViolationInput()),
    "handling": lambda ledger: violations.add_handling(ledger, _violation(ledger), violations.HandlingInput()),
    "suggestion": lambda ledger: suggestions.submit(ledger, suggestions.SuggestionInput()),
    "squad": lambda ledger: squads.record_squad(ledger, squads.SquadInput()),
    "tour": lambda ledger: tours.record_tour(ledger, tours.TourInput()),
    "family": lambda ledger: family.record(ledger, family.FamilyInput()),
}


@pytest.mark.parametrize("kind", list(EMPTY_SAVES))
def test_the_required_fields_are_the_ones_the_service_requires(kind: str, ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as refused:
        EMPTY_SAVES[kind](ledger)
    required_by_service = {e.field for e in refused.value.errors if e.message == tr("Required.")}
    assert required_names(KINDS[kind][0]) == required_by_service
