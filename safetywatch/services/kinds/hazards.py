"""Use cases of the hazard register: register, walk the closed loop, amend; read one hazard's file.

Each use case ``<verb>_in(w, ...)`` runs inside the caller's transaction (an import, the demo's month);
``<verb>(ledger, ...)`` opens one for it. The hazard row, its follow-up record and their audit events are
written together or not at all. Rules of the loop live in :mod:`safetywatch.domain.hazard_loop`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Table

from safetywatch.db import models as m
from safetywatch.domain.errors import FieldError, NotFoundError, ValidationError
from safetywatch.domain.hazard_loop import (
    NEEDS_REASON,
    STEP_RULES,
    HazardAction,
    HazardStatus,
    next_status,
    overdue_on,
)
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import (
    LONG_TEXT_MAX,
    business_date_problem,
    deadline_problem,
    has_visible_content,
    reason_problem,
    text_problem,
)
from safetywatch.services.core import sql
from safetywatch.services.core.checks import closed_problem
from safetywatch.services.core.fields import REFERENCE, FieldKind, FieldSpec, grouped
from safetywatch.services.core.ledger import Ledger, one_transaction
from safetywatch.services.core.lookups import ReferenceLookups, uncached
from safetywatch.services.core.numbering import HAZARD_NUMBERS
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import duty

HAZARD = m.HAZARD
FOLLOW_UP = m.HAZARD_FOLLOW_UP


@dataclass
class HazardInput:
    """What the clerk types from the paper card (domain.md §2.3). Ids refer to reference data."""

    workstation_id: int | None = None
    source_id: int | None = None
    found_date: dt.date | None = None
    shift_id: int | None = None
    finder_id: int | None = None
    finder_name: str = ""
    unit_id: int | None = None
    location: str = ""
    description: str = ""
    category_id: int | None = None
    nature_id: int | None = None
    level_id: int | None = None
    fixed_on_site: bool = False
    major_item: str = ""
    rectify_person: str = ""
    deadline: dt.date | None = None  # None: the level's default deadline
    responsibility: str = ""
    standard: str = ""
    measures: str = ""
    funds_yuan: int | None = None
    contingency_plan: str = ""
    remarks: str = ""
    #: Idempotency key: the new record's UUID. Registering a card again with the same key returns the
    #: record the first call made (a retry after a lost acknowledgement never makes a duplicate).
    uuid: str | None = None


#: The paper card in its order (the Tab order): the card on the left, 五定 and 五落实 on the right.
FIELDS = (
    *grouped(
        "Hazard card",
        FieldSpec("workstation_id", "Workstation", REFERENCE, required=True, sticky=True, reference="workstation"),
        FieldSpec("found_date", "Found on", FieldKind.DATE, required=True, sticky=True),
        FieldSpec("shift_id", "Shift", REFERENCE, required=True, sticky=True, reference="shift"),
        FieldSpec("source_id", "Hazard source", REFERENCE, required=True, sticky=True, reference="hazard_source"),
        FieldSpec("finder_name", "Found by", hint="employee no. or name"),  # an inspector, or a name
        FieldSpec("unit_id", "Responsible unit", REFERENCE, required=True, reference="org_unit:unit"),
        FieldSpec("location", "Location", required=True),
        FieldSpec("description", "Hazard description", FieldKind.LONG_TEXT, required=True),
        FieldSpec("category_id", "Category", REFERENCE, required=True, reference="hazard_category"),
        FieldSpec("nature_id", "Nature", REFERENCE, required=True, reference="hazard_nature"),
        FieldSpec("level_id", "Hazard level", REFERENCE, required=True, reference="hazard_level"),
        FieldSpec("fixed_on_site", "Fixed on site", FieldKind.FLAG, hint="Found and fixed during the shift"),
    ),
    *grouped(
        "Five fixes (五定)",
        FieldSpec("rectify_person", "Person to rectify"),
        FieldSpec("deadline", "Deadline", FieldKind.DATE),
        FieldSpec("responsibility", "Responsibility"),
        FieldSpec("standard", "Rectification standard", FieldKind.LONG_TEXT, lines=2),
        FieldSpec("measures", "Rectification measures", FieldKind.LONG_TEXT, lines=2),
    ),
    *grouped(
        "Major hazard (五落实)",
        FieldSpec("major_item", "Criteria item"),
        FieldSpec("funds_yuan", "Funds (yuan)", FieldKind.MONEY, hint="whole yuan, e.g. 5000"),
        FieldSpec("contingency_plan", "Contingency plan", FieldKind.LONG_TEXT, lines=2),
    ),
    FieldSpec("remarks", "Remarks"),
)

#: In card order, so the messages come in the order of the fields.
_REQUIRED = tuple(spec.name for spec in FIELDS if spec.required)
_SHORT_TEXT = ("finder_name", "location", "major_item", "rectify_person", "responsibility")
_LONG_TEXT = ("description", "standard", "measures", "contingency_plan", "remarks")
#: Which reference table each id field must point to, and the lookup kind where it is shared.
_REFS = {
    "workstation_id": ("workstation", None),
    "source_id": ("lookup_item", "hazard_source"),
    "shift_id": ("shift", None),
    "finder_id": ("inspector", None),
    "unit_id": ("org_unit", None),
    "category_id": ("lookup_item", "hazard_category"),
    "nature_id": ("lookup_item", "hazard_nature"),
    "level_id": ("hazard_level", None),
}


def _level(lookups: ReferenceLookups, level_id: int) -> tuple[int, str] | None:
    """(default deadline days, national grade) of a hazard level."""
    row = lookups.first(
        "hazard_level", "SELECT default_deadline_days, national FROM hazard_level WHERE id = ?", (level_id,)
    )
    return None if row is None else (int(row[0]), str(row[1]))


def validate_input(
    conn: Connection, data: HazardInput, today: dt.date, lookups: ReferenceLookups | None = None
) -> dict[str, Any]:
    """Check a card; return the storage values of the hazard, or raise with every bad field named.

    *lookups*: the writer's, inside a write transaction (reference rows read once per transaction)."""
    lookups = lookups or uncached(conn)
    errors: list[FieldError] = []
    for name in _REQUIRED:
        value = getattr(data, name)
        if value is None or (isinstance(value, str) and not has_visible_content(value)):
            errors.append(FieldError(name, tr("Required.")))
    for name in _SHORT_TEXT + _LONG_TEXT:
        value = getattr(data, name)
        if value:
            long = name in _LONG_TEXT
            problem = text_problem(value, multiline=long, max_length=LONG_TEXT_MAX if long else 200)
            if problem:
                errors.append(FieldError(name, problem))
    day = data.found_date
    if day is not None:
        problem = business_date_problem(day, today)
        if problem:
            errors.append(FieldError("found_date", problem))
    checks = [  # (field, table, query, parameters) of each reference the card names
        (
            name,
            table,
            f"SELECT voided FROM {table} WHERE id = ?" + (" AND kind = ?" if kind else ""),
            (value, kind) if kind else (value,),
        )
        for name, (table, kind) in _REFS.items()
        if (value := getattr(data, name)) is not None
    ]
    lookups.ask_together((table, query, params) for _name, table, query, params in checks)  # a server: one trip
    for name, table, query, params in checks:
        row = lookups.first(table, query, params)
        if row is None:
            errors.append(FieldError(name, tr("Choose an existing entry.")))
        elif row[0]:
            errors.append(FieldError(name, tr("This entry has been retired; choose another.")))
    closed = closed_problem(conn, data.workstation_id, data.found_date)  # issue 16: a closed workstation
    if closed:
        errors.append(FieldError("workstation_id", closed))
    if data.finder_id is None and not has_visible_content(data.finder_name):
        errors.append(FieldError("finder_name", tr("Name who found it (an inspector or a name).")))
    elif data.finder_id is None:
        problem = duty.finder_problem(conn, data.finder_name, data.found_date)  # a 工号 is not a name
        if problem:
            errors.append(FieldError("finder_name", problem))
    if data.funds_yuan is not None and data.funds_yuan < 0:
        errors.append(FieldError("funds_yuan", tr("Funds cannot be negative.")))
    level = _level(lookups, data.level_id) if data.level_id is not None else None
    deadline = data.deadline
    if day is not None and level is not None and deadline is None:
        deadline = day if data.fixed_on_site else day + dt.timedelta(days=level[0])
    if day is not None and deadline is not None:
        problem = deadline_problem(deadline, day)
        if problem:
            errors.append(FieldError("deadline", problem))
    if level is not None and level[1] == "major" and not data.fixed_on_site:
        for name in ("rectify_person", "measures"):
            if not has_visible_content(getattr(data, name)):
                errors.append(FieldError(name, tr("Required for a major hazard (五落实).")))
    if errors:
        raise ValidationError(errors)
    values = {k: (v if not isinstance(v, str) else (v or None)) for k, v in asdict(data).items()}
    values["finder_name"] = data.finder_name or _inspector_name(lookups, data.finder_id)
    values["deadline"] = deadline
    values["fixed_on_site"] = data.fixed_on_site
    return values


def _inspector_name(lookups: ReferenceLookups, inspector_id: int | None) -> str:
    if inspector_id is None:
        return ""
    row = lookups.first("inspector", "SELECT name FROM inspector WHERE id = ?", (inspector_id,))
    return str(row[0]) if row else ""


def register_in(w: Writer, data: HazardInput, *, origin: Origin = TYPED_IN) -> dict[str, Any]:
    """Register a hazard from a card. One fixed on site is closed at once, with both steps recorded."""
    key = origin.uuid or data.uuid
    if key:
        done = sql.first_dict(w.conn, "SELECT * FROM hazard WHERE uuid = ?", (key,))
        if done is not None:
            return done
    values = validate_input(w.conn, data, w.clock.today(), w.lookups)
    found = values["found_date"]
    values.update(HAZARD_NUMBERS.assign(w.conn, values["workstation_id"], found.year, origin.number))
    values.update(
        uuid=key,
        original_deadline=values["deadline"],
        status=HazardStatus.REGISTERED,
        clerk=origin.entered_by(w.actor),
    )
    hazard = w.insert(
        HAZARD,
        values,
        companion=_follow_up(
            w, HazardAction.REGISTER, None, HazardStatus.REGISTERED, found, person=values["finder_name"]
        ),
    )
    if data.fixed_on_site:
        hazard = w.update(
            HAZARD,
            hazard["id"],
            {"status": HazardStatus.CLOSED, "rectified_on": found, "closed_on": found},
            action=HazardAction.FIX_ON_SITE,
            before=hazard,
            companion=_follow_up(
                w,
                HazardAction.FIX_ON_SITE,
                HazardStatus.REGISTERED,
                HazardStatus.CLOSED,
                found,
                person=values["finder_name"],
                note=tr("Fixed on site"),
            ),
        )
    return hazard


register = one_transaction(register_in)


def _follow_up(
    w: Writer,
    action: HazardAction,
    from_status: HazardStatus | None,
    to_status: HazardStatus,
    on_date: dt.date | str,
    **extra: Any,
) -> tuple[Table, dict[str, Any]]:
    """The step's entry in the hazard's follow-up list, written with the step and recorded in its audit
    event (one event per step: ``event_format.COMPANIONS``)."""
    values = {
        "action": action,
        "from_status": from_status,
        "to_status": to_status,
        "on_date": on_date,
        "actor": w.actor,
        **extra,
    }
    return FOLLOW_UP, values


@dataclass
class StepInput:
    """One step of the loop as entered in the detail panel."""

    action: HazardAction
    on_date: dt.date
    person: str = ""  # who did it on site: notice receiver, rectifier, acceptor, escalating body
    note: str = ""  # reason / remarks
    new_deadline: dt.date | None = None
    escalation_level: str = ""
    notice_no: str = ""
    duplicate_of: str = ""  # hazard number, when voiding a duplicate


_ESCALATION_LEVELS = ("Mine-level supervision", "Group-level supervision")
#: Every field a step may ask for; ``hazard_loop.STEP_RULES`` says which one a step asks for and how the
#: person is called there (the note is the required reason of the steps in ``NEEDS_REASON``).
STEP_FIELDS = (
    FieldSpec("on_date", "Date", FieldKind.DATE, required=True),
    FieldSpec("notice_no", "Notice no."),
    FieldSpec("person", "Person"),
    FieldSpec("new_deadline", "New deadline", FieldKind.DATE, required=True),
    FieldSpec("escalation_level", "Supervision level", options=tuple((t, t) for t in _ESCALATION_LEVELS)),
    FieldSpec("duplicate_of", "Duplicate of (number)", hint="Only if it repeats another hazard"),
    FieldSpec("note", "Note", FieldKind.LONG_TEXT),
)


def act(ledger: Ledger, hazard_id: int, step: StepInput, *, expected_version: int | None = None) -> dict[str, Any]:
    """Apply one step of the closed loop; refuse illegal steps with a message that says what is allowed."""
    with ledger.write() as w:
        return act_in(w, hazard_id, step, expected_version=expected_version)


def act_in(w: Writer, hazard_id: int, step: StepInput, *, expected_version: int | None = None) -> dict[str, Any]:
    before = w.load(HAZARD, hazard_id)
    status = HazardStatus(before["status"])
    target = next_status(status, step.action)
    changes, extra = _step_changes(w.conn, before, step, w.clock.today())
    changes["status"] = target
    reason = step.note.strip() if step.action in NEEDS_REASON else None
    return w.update(
        HAZARD,
        hazard_id,
        changes,
        action=step.action,
        reason=reason,
        expected_version=expected_version,
        before=before,
        companion=_follow_up(
            w,
            step.action,
            status,
            target,
            step.on_date,
            person=step.person.strip() or None,
            note=step.note.strip() or None,
            **extra,
        ),
    )


def void_in(w: Writer, hazard_id: int, reason: str) -> dict[str, Any]:
    """Void an open hazard today (the loop's void step, without a duplicate)."""
    return act_in(w, hazard_id, StepInput(HazardAction.VOID, w.clock.today(), note=reason))


def _step_changes(
    conn: Connection, hazard: dict[str, Any], step: StepInput, today: dt.date
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The hazard columns and the follow-up fields a step writes, by its rule (``STEP_RULES``); every
    problem of the step at once."""
    rule = STEP_RULES.get(step.action)
    if rule is None:
        raise ValidationError.single("action", tr("Use the amend form to change a hazard's details."))
    errors: list[FieldError] = []
    problem = business_date_problem(step.on_date, today)
    if problem:
        errors.append(FieldError("on_date", problem))
    last = sql.scalar(conn, "SELECT max(on_date) FROM hazard_follow_up WHERE hazard_id = ?", (hazard["id"],))
    if last and step.on_date.isoformat() < last:
        errors.append(
            FieldError(
                "on_date",
                tr("Date {date} is before the previous step ({last}).").format(
                    date=step.on_date.isoformat(), last=last
                ),
            )
        )
    for name in ("person", "escalation_level", "notice_no", "duplicate_of"):
        problem = text_problem(getattr(step, name)) if getattr(step, name) else None
        if problem:
            errors.append(FieldError(name, problem))
    if step.action in NEEDS_REASON:
        problem = reason_problem(step.note)
        if problem:
            errors.append(FieldError("note", problem))
    elif step.note:
        problem = text_problem(step.note, multiline=True, max_length=LONG_TEXT_MAX)
        if problem:
            errors.append(FieldError("note", problem))
    person = step.person.strip() if has_visible_content(step.person) else ""
    if rule.person_required and not person:
        errors.append(FieldError("person", tr(rule.person_required)))
    if rule.not_rectifier and person:
        rectifiers = {hazard["rectify_person"]} | _step_people(conn, hazard["id"], HazardAction.REPORT_DONE)
        if person in rectifiers:
            message = tr("{person} rectified this hazard and cannot also accept it.")
            errors.append(FieldError("person", message.format(person=person)))
    changes: dict[str, Any] = dict(rule.sets)
    extra: dict[str, Any] = {"result": rule.result} if rule.result else {}
    if rule.date_column:
        changes[rule.date_column] = step.on_date
    if rule.person_column and person:
        changes[rule.person_column] = person
    if rule.note_column:
        changes[rule.note_column] = step.note.strip()
    for name in rule.asks:
        _ASKED[name](conn, hazard, step, changes, extra, errors)
    if errors:
        raise ValidationError(errors)
    return changes, extra


# What each field a step rule ``asks`` for checks and writes: (connection, hazard, step, hazard changes,
# follow-up fields, errors).
Row = dict[str, Any]
Errors = list[FieldError]


def _notice_no(conn: Connection, hazard: Row, step: StepInput, changes: Row, extra: Row, errors: Errors) -> None:
    changes["notice_no"] = step.notice_no.strip() or f"TZ-{hazard['number']}"


def _new_deadline(conn: Connection, hazard: Row, step: StepInput, changes: Row, extra: Row, errors: Errors) -> None:
    if step.new_deadline is None:
        errors.append(FieldError("new_deadline", tr("Give the new deadline.")))
    elif step.new_deadline <= dt.date.fromisoformat(hazard["deadline"]):
        message = tr("The new deadline must be after the current one ({current}).")
        errors.append(FieldError("new_deadline", message.format(current=hazard["deadline"])))
    else:
        problem = deadline_problem(step.new_deadline, dt.date.fromisoformat(hazard["found_date"]))
        if problem:
            errors.append(FieldError("new_deadline", problem))
        changes["deadline"] = extra["new_deadline"] = step.new_deadline


def _escalation_level(conn: Connection, hazard: Row, step: StepInput, changes: Row, extra: Row, errors: Errors) -> None:
    if not has_visible_content(step.escalation_level):
        errors.append(FieldError("escalation_level", tr("Give the supervision level (e.g. mine or group).")))
    changes["escalation_level"] = extra["escalation_level"] = step.escalation_level.strip()


def _duplicate_of(conn: Connection, hazard: Row, step: StepInput, changes: Row, extra: Row, errors: Errors) -> None:
    number = step.duplicate_of.strip()
    if not number:
        return
    other = sql.scalar(conn, "SELECT id FROM hazard WHERE number = ?", (number,))
    if other is None or other == hazard["id"]:
        message = tr("No other hazard has the number {number}.")
        errors.append(FieldError("duplicate_of", message.format(number=number)))
    else:
        changes["duplicate_of_id"] = other


#: How each field a step rule ``asks`` for is checked and what it writes (hazard columns, follow-up fields).
_ASKED: dict[str, Callable[[Connection, Row, StepInput, Row, Row, Errors], None]] = {
    "notice_no": _notice_no,
    "new_deadline": _new_deadline,
    "escalation_level": _escalation_level,
    "duplicate_of": _duplicate_of,
}


def _step_people(conn: Connection, hazard_id: int, action: HazardAction) -> set[str]:
    rows = sql.execute(
        conn,
        "SELECT person FROM hazard_follow_up WHERE hazard_id = ? AND action = ? AND person IS NOT NULL",
        (hazard_id, str(action)),
    )
    return {str(r[0]) for r in rows}


_AMENDABLE = tuple(f for f in HazardInput.__dataclass_fields__ if f not in ("workstation_id", "fixed_on_site", "uuid"))


def amend_in(
    w: Writer, hazard_id: int, data: HazardInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Correct a hazard's details (not its number or workstation); the reason is kept with the change."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    before = w.load(HAZARD, hazard_id)
    next_status(HazardStatus(before["status"]), HazardAction.AMEND)
    data.workstation_id = before["workstation_id"]
    data.fixed_on_site = bool(before["fixed_on_site"])
    if data.deadline is None:
        data.deadline = dt.date.fromisoformat(before["deadline"])
    today = w.clock.today()
    values = validate_input(w.conn, data, today, w.lookups)
    changes = {k: values[k] for k in _AMENDABLE}
    if values["found_date"].year != before["year"]:
        raise ValidationError.single(
            "found_date",
            tr("The year cannot change: it is part of the number {number}.").format(number=before["number"]),
        )
    status = HazardStatus(before["status"])
    return w.update(
        HAZARD,
        hazard_id,
        changes,
        action=HazardAction.AMEND,
        reason=reason.strip(),
        expected_version=expected_version,
        before=before,
        companion=_follow_up(w, HazardAction.AMEND, status, status, today, note=reason.strip()),
    )


amend = one_transaction(amend_in)


# --- reading ------------------------------------------------------------------------------------------


def input_of(hazard: dict[str, Any]) -> HazardInput:
    """The editable fields of a stored hazard, for the amend form."""
    data = HazardInput()
    for name in HazardInput.__dataclass_fields__:
        value = hazard.get(name)
        if name in ("found_date", "deadline") and value:
            value = dt.date.fromisoformat(value)
        elif name == "fixed_on_site":
            value = bool(value)
        elif value is None and isinstance(getattr(data, name), str):
            value = ""
        setattr(data, name, value)
    return data


def get(conn: Connection, hazard_id: int) -> dict[str, Any]:
    """One hazard with the display names of what it refers to."""
    row = conn.exec_driver_sql(
        "SELECT h.*, w.code AS workstation_code, w.name AS workstation_name, s.name AS source_name, "
        "sh.name AS shift_name, u.name AS unit_name, c.name AS category_name, n.name AS nature_name, "
        "l.code AS level_code, l.name AS level_name, l.national AS level_national, d.number AS duplicate_of "
        "FROM hazard h JOIN workstation w ON w.id = h.workstation_id JOIN lookup_item s ON s.id = h.source_id "
        "JOIN shift sh ON sh.id = h.shift_id JOIN org_unit u ON u.id = h.unit_id "
        "JOIN lookup_item c ON c.id = h.category_id JOIN lookup_item n ON n.id = h.nature_id "
        "JOIN hazard_level l ON l.id = h.level_id LEFT JOIN hazard d ON d.id = h.duplicate_of_id WHERE h.id = ?",
        (hazard_id,),
    ).first()
    if row is None:
        raise NotFoundError(tr("Hazard #{id} does not exist.").format(id=hazard_id))
    return dict(row._mapping)


def by_number(conn: Connection, number: str) -> int | None:
    row = conn.exec_driver_sql("SELECT id FROM hazard WHERE number = ?", (number.strip(),)).first()
    return int(row[0]) if row else None


def timeline(conn: Connection, hazard_id: int) -> list[dict[str, Any]]:
    """The hazard's follow-up records, oldest first (who, when, what, note, result)."""
    rows = conn.exec_driver_sql("SELECT * FROM hazard_follow_up WHERE hazard_id = ? ORDER BY id", (hazard_id,))
    return [dict(r._mapping) for r in rows]


def overdue_days(hazard: dict[str, Any], today: dt.date) -> int:
    """Days past the (current) deadline while still open; 0 if not overdue."""
    return overdue_on(HazardStatus(hazard["status"]), dt.date.fromisoformat(hazard["deadline"]), today).days
