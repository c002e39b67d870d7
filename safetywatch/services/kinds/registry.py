"""The record kinds, declared once: what each is stored in, what its input is, and its use cases.

Each use case here runs inside the caller's transaction (``<verb>_in(w, ...)``, see ``core.writer``):

* ``create(w, data)`` — or ``create(w, parent_id, data)`` for a kind whose records belong to another
  record (``parent``: a 三违's handling, a tour's problems); the kinds that an import brings in take
  ``origin=`` as well (:class:`~safetywatch.services.core.origin.Origin`);
* ``amend(w, record_id, data, reason, *, expected_version=None)`` — ``None`` where a record is corrected
  otherwise (a shift sheet is saved again);
* ``void(w, record_id, reason)``;
* ``get(conn, record_id)`` and ``input_of(row)`` (the stored row as the input an amend form starts from,
  where the kind has one).

The importer and the demo generator create and void records through this table. A new record kind is one
more module beside these (its input type, checks and ``_in`` use cases) and one more entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table

from safetywatch.db import models as m
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import duty, family, hazards, squads, suggestions, tours, training, violations

Row = dict[str, Any]


@dataclass(frozen=True)
class RecordKind:
    key: str  # the table's name
    label: str  # English; translated where it is shown
    table: Table
    input_type: type
    create: Callable[..., Row]
    amend: Callable[..., Row] | None
    void: Callable[[Writer, int, str], Row]
    get: Callable[[Connection, int], Any]
    input_of: Callable[[Row], Any] | None = None
    parent: str | None = None  # the kind whose record a new one belongs to (its id comes before the input)


#: in field order: key, label, table, input type, create, amend, void, get, input_of (where the kind has one)
_DECLARED = (
    RecordKind(
        "hazard",
        "Hazard",
        m.HAZARD,
        hazards.HazardInput,
        hazards.register_in,
        hazards.amend_in,
        hazards.void_in,
        hazards.get,
        hazards.input_of,
    ),
    RecordKind(
        "violation",
        "三违",
        m.VIOLATION,
        violations.ViolationInput,
        violations.register_in,
        violations.amend_in,
        violations.void_in,
        violations.get,
        violations.input_of,
    ),
    RecordKind(
        "violation_handling",
        "三违 handling",
        m.VIOLATION_HANDLING,
        violations.HandlingInput,
        violations.add_handling_in,
        None,
        violations.void_handling_in,
        violations.get_handling,
        parent="violation",
    ),
    RecordKind(
        "duty_sheet",
        "Shift sheet",
        m.DUTY_SHEET,
        duty.SheetInput,
        duty.save_sheet_in,
        None,  # saved again, with a reason
        duty.void_sheet_in,
        duty.get_sheet,
    ),
    RecordKind(
        "suggestion",
        "Safety suggestion",
        m.SUGGESTION,
        suggestions.SuggestionInput,
        suggestions.submit_in,
        suggestions.amend_in,
        suggestions.void_in,
        suggestions.get,
    ),
    RecordKind(
        "squad_activity",
        "Squad check",
        m.SQUAD_ACTIVITY,
        squads.SquadInput,
        squads.record_squad_in,
        squads.amend_in,
        squads.void_in,
        squads.get,
    ),
    RecordKind(
        "tour",
        "Tour",
        m.TOUR,
        tours.TourInput,
        tours.record_tour_in,
        tours.amend_in,
        tours.void_in,
        tours.get,
    ),
    RecordKind(
        "tour_problem",
        "Tour problem",
        m.TOUR_PROBLEM,
        tours.ProblemInput,
        tours.add_problem_in,
        tours.update_problem_in,
        tours.void_problem_in,
        tours.get_problem,
        parent="tour",
    ),
    RecordKind(
        "family_activity",
        "Family activity",
        m.FAMILY_ACTIVITY,
        family.FamilyInput,
        family.record_in,
        family.amend_in,
        family.void_in,
        family.get,
    ),
    RecordKind(
        "training_session",
        "Inspector training",
        m.TRAINING_SESSION,
        training.TrainingInput,
        training.record_in,
        training.amend_in,
        training.void_in,
        training.get,
        training.input_of,
    ),
)
#: key (the table's name) -> its kind
KINDS: dict[str, RecordKind] = {kind.key: kind for kind in _DECLARED}


def exists(conn: Connection, kind: RecordKind, record_uuid: str) -> bool:
    """Whether a record of *kind* with this UUID is stored (an import finds what it brought in before)."""
    return conn.exec_driver_sql(f"SELECT 1 FROM {kind.table.name} WHERE uuid = ?", (record_uuid,)).first() is not None
