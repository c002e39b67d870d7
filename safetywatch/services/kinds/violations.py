"""三违 interventions (domain.md §3): record what was stopped; handling (帮教, fines) is added later.

Numbers are ``<workstation>-SW-<year>-<serial>`` (e.g. ``JK01-SW-2026-00017``), allocated in the write
transaction (``core.numbering``). The same person is recognised by 工号 when known, else by name + unit
(``offender_key``), so repeat counts over the last 12 months work for contractors without a 工号 too.
Each use case ``<verb>_in(w, ...)`` runs inside the caller's transaction; ``<verb>(ledger, ...)`` opens one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import NotFoundError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import has_visible_content, reason_problem
from safetywatch.services.core import sql
from safetywatch.services.core.checks import Checks, clean, inspector_name, void_record_in
from safetywatch.services.core.fields import REFERENCE, FieldKind, FieldSpec, grouped, required_names
from safetywatch.services.core.ledger import Ledger, one_transaction
from safetywatch.services.core.lookups import ReferenceLookups
from safetywatch.services.core.numbering import VIOLATION_NUMBERS
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import duty

VIOLATION = m.VIOLATION
HANDLING = m.VIOLATION_HANDLING
STOPPED_BY = ("inspector", "cadre", "safety", "other")
REPEAT_WINDOW_DAYS = 365


@dataclass
class ViolationInput:
    """What the clerk types from the 三违 card."""

    workstation_id: int | None = None
    found_date: dt.date | None = None
    shift_id: int | None = None
    found_time: str = ""  # HH:MM
    location: str = ""
    offender_no: str = ""  # 工号, if known
    offender_name: str = ""
    offender_unit_id: int | None = None
    offender_team_id: int | None = None
    offender_trade: str = ""  # 工种
    employment_id: int | None = None
    type_id: int | None = None
    severity_id: int | None = None
    rule_item: str = ""
    description: str = ""
    stopped_by_kind: str = "inspector"
    stopped_by_id: int | None = None
    stopped_by_name: str = ""
    found_via_id: int | None = None
    hazard_id: int | None = None
    offender_signed: bool = False
    remarks: str = ""


_STOPPERS = (("inspector", "Inspector"), ("cadre", "Cadre"), ("safety", "Safety officer"), ("other", "Other"))
#: The 三违 card in its order (the Tab order); it keeps who stopped it and how it was found for the next card.
FIELDS = (
    *grouped(
        "When and where",
        FieldSpec("workstation_id", "Workstation", REFERENCE, required=True, sticky=True, reference="workstation"),
        FieldSpec("found_date", "Date", FieldKind.DATE, required=True, sticky=True),
        FieldSpec("shift_id", "Shift", REFERENCE, required=True, sticky=True, reference="shift"),
        FieldSpec("found_time", "Time", FieldKind.TIME, hint="HH:MM"),
        FieldSpec("location", "Location", required=True),
    ),
    *grouped(
        "The offender",
        FieldSpec("offender_no", "Offender's employee no.", hint="工号 if known: name and unit are filled in"),
        FieldSpec("offender_name", "Offender", required=True),
        FieldSpec("offender_unit_id", "Offender's unit", REFERENCE, required=True, reference="org_unit:unit"),
        FieldSpec("offender_team_id", "Team (optional)", REFERENCE, reference="org_unit:team"),
        FieldSpec("offender_trade", "Trade (工种)"),
        FieldSpec("employment_id", "Employment", REFERENCE, required=True, reference="employment"),
    ),
    *grouped(
        "The 三违",
        FieldSpec("type_id", "三违 type", REFERENCE, required=True, reference="violation_type"),
        FieldSpec("severity_id", "Severity", REFERENCE, required=True, reference="violation_severity"),
        FieldSpec("rule_item", "Rule item"),
        FieldSpec("description", "What was done", FieldKind.LONG_TEXT, required=True),
    ),
    *grouped(
        "How it was stopped",
        FieldSpec("stopped_by_kind", "Stopped by", FieldKind.CHOICE, sticky=True, options=_STOPPERS),
        FieldSpec("stopped_by_id", "Inspector who stopped it", REFERENCE, sticky=True, reference="inspector"),
        FieldSpec("stopped_by_name", "Name of who stopped it", sticky=True),
        FieldSpec("found_via_id", "How found", REFERENCE, required=True, sticky=True, reference="violation_found_via"),
        FieldSpec("hazard_id", "Linked hazard", hint="e.g. JK01-2026-00017 (optional)"),  # typed as its number
        FieldSpec("offender_signed", "Signed", FieldKind.FLAG, hint="The offender signed the paper record"),
        FieldSpec("remarks", "Remarks"),
    ),
)

#: In card order, so the messages come in the order of the fields.
_REQUIRED = tuple(spec.name for spec in FIELDS if spec.required)
_AMENDABLE = (*(n for n in ViolationInput.__dataclass_fields__ if n != "workstation_id"), "offender_key")


def offender_key(offender_no: str | None, name: str, unit_id: int | None) -> str:
    """Who counts as the same person: 工号, else name + unit."""
    if offender_no:
        return f"no:{offender_no}"
    return f"name:{name}@{unit_id}"


_LOOKUPS = (
    ("employment_id", "employment"),
    ("type_id", "violation_type"),
    ("severity_id", "violation_severity"),
    ("found_via_id", "violation_found_via"),
)


def _in_use_on(c: Checks, day: dt.date | None, values: dict[str, Any]) -> None:
    """Lookup entries valid on the day, and a 区队 / 班组 of the right level active on the day."""
    if day is None:
        return
    iso = day.isoformat()
    named = {e.field for e in c.errors}
    for name, _kind in _LOOKUPS:
        value = values[name]
        if value is None or name in named:
            continue
        row = c.lookups.first("lookup_item", "SELECT valid_from, valid_to FROM lookup_item WHERE id = ?", (value,))
        if row is not None and (row[0] > iso or (row[1] is not None and row[1] < iso)):
            c.add(name, tr("This entry is not in use on {date}; choose another.").format(date=iso))
    for name, level in (("offender_unit_id", "unit"), ("offender_team_id", "team")):
        value = values[name]
        if value is None or name in named:
            continue
        row = c.lookups.first("org_unit", "SELECT level, active_from, active_to FROM org_unit WHERE id = ?", (value,))
        if row is None:
            continue
        if row[0] != level:
            c.add(name, tr("Choose a 区队 (unit).") if level == "unit" else tr("Choose a 班组 (team)."))
        elif (row[1] is not None and row[1] > iso) or (row[2] is not None and row[2] < iso):
            c.add(name, tr("This entry is not in use on {date}; choose another.").format(date=iso))


def validate_input(
    conn: Connection, data: ViolationInput, today: dt.date, lookups: ReferenceLookups | None = None
) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today, lookups)
    c.required(values, _REQUIRED)
    c.texts(
        values,
        short=("location", "offender_no", "offender_name", "offender_trade", "rule_item", "stopped_by_name"),
        long=("description", "remarks"),
    )
    c.past_date("found_date", data.found_date)
    c.time("found_time", data.found_time)
    c.ref("workstation_id", data.workstation_id, "workstation")
    c.workstation_open("workstation_id", data.workstation_id, data.found_date)
    c.ref("shift_id", data.shift_id, "shift")
    c.ref("offender_unit_id", data.offender_unit_id, "org_unit")
    c.ref("offender_team_id", data.offender_team_id, "org_unit")
    for name, kind in _LOOKUPS:
        c.ref(name, values[name], "lookup_item", kind)
    _in_use_on(c, data.found_date, values)
    c.choice("stopped_by_kind", data.stopped_by_kind, STOPPED_BY)
    if data.stopped_by_kind == "inspector":
        if data.stopped_by_id is None:
            c.add("stopped_by_id", tr("Choose the inspector who stopped it (or say who else did)."))
        else:
            c.inspector_on_roll("stopped_by_id", data.stopped_by_id, data.found_date)
    elif data.stopped_by_id is not None:
        c.add("stopped_by_id", tr("Only an inspector is chosen from the roster; type other people's names."))
    elif not has_visible_content(data.stopped_by_name):
        c.add("stopped_by_name", tr("Name who stopped it."))
    else:
        problem = duty.finder_problem(conn, data.stopped_by_name, data.found_date)  # a 工号 is not a name
        if problem:
            c.add("stopped_by_name", problem)
    if duty.looks_like_employee_no(data.offender_name):
        c.add("offender_name", tr("This looks like a 工号: type it in the 工号 field and the offender's name here."))
    if data.hazard_id is not None and sql.first(conn, "SELECT 1 FROM hazard WHERE id = ?", (data.hazard_id,)) is None:
        c.add("hazard_id", tr("No hazard with this number."))
    if c.errors:
        raise ValidationError(c.errors)
    out = clean(values)
    out["offender_signed"] = data.offender_signed
    if data.stopped_by_kind == "inspector":
        out["stopped_by_name"] = inspector_name(conn, data.stopped_by_id)
    out["offender_key"] = offender_key(out["offender_no"], data.offender_name, data.offender_unit_id)
    return out


def register_in(w: Writer, data: ViolationInput, *, origin: Origin = TYPED_IN) -> dict[str, Any]:
    """Record a 三违 stopped; return the stored row with its number."""
    values = validate_input(w.conn, data, w.clock.today(), w.lookups)
    values.update(VIOLATION_NUMBERS.assign(w.conn, values["workstation_id"], values["found_date"].year, origin.number))
    values.update(origin.identity(), clerk=origin.entered_by(w.actor))
    return w.insert(VIOLATION, values)


register = one_transaction(register_in)


def amend_in(
    w: Writer, violation_id: int, data: ViolationInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Correct a record (not its workstation or year, which are part of the number); the reason is kept."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    before = w.load(VIOLATION, violation_id)
    if before["voided"]:
        raise ValidationError.single("reason", tr("This record is void; it cannot be amended."))
    data.workstation_id = before["workstation_id"]
    values = validate_input(w.conn, data, w.clock.today(), w.lookups)
    if values["found_date"].year != before["year"]:
        raise ValidationError.single(
            "found_date",
            tr("The year cannot change: it is part of the number {number}.").format(number=before["number"]),
        )
    changes = {k: values[k] for k in _AMENDABLE}
    return w.update(
        VIOLATION,
        violation_id,
        changes,
        action="amend",
        reason=reason.strip(),
        expected_version=expected_version,
        before=before,
    )


amend = one_transaction(amend_in)


def void_in(w: Writer, violation_id: int, reason: str) -> dict[str, Any]:
    return void_record_in(w, VIOLATION, violation_id, reason)


void = one_transaction(void_in)


def set_signed_in(w: Writer, violation_id: int, signed: bool, reason: str = "") -> dict[str, Any]:
    """Record that the offender signed the paper record (or correct it; un-signing needs a reason)."""
    before = w.load(VIOLATION, violation_id)
    if bool(before["offender_signed"]) == signed:
        raise ValidationError.single("offender_signed", tr("Nothing was changed."))
    if not signed:
        problem = reason_problem(reason)
        if problem:
            raise ValidationError.single("reason", problem)
    return w.update(VIOLATION, violation_id, {"offender_signed": signed}, action="sign", reason=reason.strip() or None)


set_signed = one_transaction(set_signed_in)


# --- handling -----------------------------------------------------------------------------------------


@dataclass
class HandlingInput:
    step_id: int | None = None
    on_date: dt.date | None = None
    training_days: int | None = None
    fine_yuan: int | None = None
    decided_by: str = ""
    note: str = ""


HANDLING_FIELDS = (
    FieldSpec("step_id", "Handling step", REFERENCE, required=True, reference="handling_step"),
    FieldSpec("on_date", "Date", FieldKind.DATE, required=True),
    FieldSpec("training_days", "Training days", FieldKind.INTEGER),
    FieldSpec("fine_yuan", "Fine (yuan)", FieldKind.MONEY),
    FieldSpec("decided_by", "Decided by", required=True),
    FieldSpec("note", "Note", FieldKind.LONG_TEXT),
)


def add_handling(ledger: Ledger, violation_id: int, data: HandlingInput) -> dict[str, Any]:
    """Add one handling entry (a 帮教 step, training, a fine) to a 三违."""
    with ledger.write() as w:
        return add_handling_in(w, violation_id, data)


def add_handling_in(w: Writer, violation_id: int, data: HandlingInput, *, origin: Origin = TYPED_IN) -> dict[str, Any]:
    violation = w.load(VIOLATION, violation_id)
    values = validate_handling(w.conn, violation, data, w.clock.today(), w.lookups)
    return w.insert(
        HANDLING, {**values, **origin.identity(), "violation_id": violation_id, "actor": origin.entered_by(w.actor)}
    )


def void_handling_in(w: Writer, handling_id: int, reason: str) -> dict[str, Any]:
    """A handling entry made by mistake; it no longer counts."""
    return void_record_in(w, HANDLING, handling_id, reason)


def validate_handling(
    conn: Connection,
    violation: dict[str, Any],
    data: HandlingInput,
    today: dt.date,
    lookups: ReferenceLookups | None = None,
) -> dict[str, Any]:
    """Check a handling entry of the stored 三违 *violation*; return its storage values."""
    values = asdict(data)
    c = Checks(conn, today, lookups)
    c.required(values, required_names(HANDLING_FIELDS))
    c.texts(values, short=("decided_by",), long=("note",))
    c.ref("step_id", data.step_id, "lookup_item", "handling_step")
    c.past_date("on_date", data.on_date)
    if data.on_date is not None and data.on_date.isoformat() < violation["found_date"]:
        c.add("on_date", tr("Before the 三违 itself ({date}).").format(date=violation["found_date"]))
    c.number("training_days", data.training_days, 0, 365)
    c.number("fine_yuan", data.fine_yuan, 0, 100_000)
    if violation["voided"]:
        c.add("step_id", tr("This record is void; nothing can be added to it."))
    if c.errors:
        raise ValidationError(c.errors)
    return clean(values)


def get_handling(conn: Connection, handling_id: int) -> dict[str, Any] | None:
    return sql.first_dict(conn, "SELECT * FROM violation_handling WHERE id = ?", (handling_id,))


def handlings(conn: Connection, violation_id: int) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT h.*, s.name AS step_name FROM violation_handling h JOIN lookup_item s ON s.id = h.step_id "
        "WHERE h.violation_id = ? AND h.voided = 0 ORDER BY h.on_date, h.id",
        (violation_id,),
    )


# --- reading ------------------------------------------------------------------------------------------


def get(conn: Connection, violation_id: int) -> dict[str, Any]:
    row = sql.first_dict(
        conn,
        "SELECT v.*, w.code AS workstation_code, sh.name AS shift_name, u.name AS unit_name, tm.name AS team_name, "
        "e.name AS employment_name, t.name AS type_name, t.maps_to AS type_class, s.name AS severity_name, "
        "s.maps_to AS severity_class, f.name AS found_via_name, hz.number AS hazard_number "
        "FROM violation v JOIN workstation w ON w.id = v.workstation_id JOIN shift sh ON sh.id = v.shift_id "
        "JOIN org_unit u ON u.id = v.offender_unit_id LEFT JOIN org_unit tm ON tm.id = v.offender_team_id "
        "JOIN lookup_item e ON e.id = v.employment_id JOIN lookup_item t ON t.id = v.type_id "
        "JOIN lookup_item s ON s.id = v.severity_id JOIN lookup_item f ON f.id = v.found_via_id "
        "LEFT JOIN hazard hz ON hz.id = v.hazard_id WHERE v.id = ?",
        (violation_id,),
    )
    if row is None:
        raise NotFoundError(tr("三违 record #{id} does not exist.").format(id=violation_id))
    row["repeat_count"] = repeat_count(conn, row["offender_key"], dt.date.fromisoformat(row["found_date"]))
    return row


def input_of(row: dict[str, Any]) -> ViolationInput:
    data = ViolationInput()
    for name in ViolationInput.__dataclass_fields__:
        value = row.get(name)
        if name == "found_date" and value:
            value = dt.date.fromisoformat(value)
        elif name == "offender_signed":
            value = bool(value)
        elif value is None and isinstance(getattr(data, name), str):
            value = ""
        setattr(data, name, value)
    return data


def known_person(conn: Connection, employee_no: str) -> tuple[str, int] | None:
    """(name, unit id) of a 工号: an inspector on the roster, else the latest offender with that number."""
    row = sql.first(conn, "SELECT name, unit_id FROM inspector WHERE employee_no = ?", (employee_no,)) or sql.first(
        conn,
        "SELECT offender_name, offender_unit_id FROM violation WHERE offender_key = ? AND voided = 0 "
        "ORDER BY found_date DESC, id DESC LIMIT 1",
        (offender_key(employee_no, "", None),),
    )
    return (str(row[0]), int(row[1])) if row else None


def offender_numbers(conn: Connection, prefix: str, limit: int = 20) -> list[str]:
    """工号 starting with *prefix* from earlier 三违 and the roster, for the form's type-ahead (indexed ranges)."""
    prefix = prefix.strip()
    if not prefix:
        return []
    end = prefix + "\U0010ffff"
    rows = sql.execute(
        conn,
        "SELECT employee_no FROM inspector WHERE employee_no >= ? AND employee_no < ? "
        "UNION SELECT DISTINCT substr(offender_key, 4) FROM violation WHERE offender_key >= ? AND offender_key < ? "
        "ORDER BY 1 LIMIT ?",
        (prefix, end, "no:" + prefix, "no:" + end, limit),
    )
    return [str(r[0]) for r in rows]


def by_number(conn: Connection, number: str) -> int | None:
    value = sql.scalar(conn, "SELECT id FROM violation WHERE number = ?", (number.strip(),))
    return int(value) if value is not None else None


def repeat_count(conn: Connection, key: str, on_date: dt.date) -> int:
    """三违 of this person in the 12 months up to *on_date*: (on_date − 365 days, on_date]."""
    start = on_date - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    return int(
        sql.scalar(
            conn,
            "SELECT count(*) FROM violation WHERE offender_key = ? AND found_date > ? AND found_date <= ? "
            "AND voided = 0",
            (key, start.isoformat(), on_date.isoformat()),
        )
    )


def offender_columns(conn: Connection) -> str:
    """The SELECT list of a repeat-offender query grouped by ``v.offender_key`` (``v`` the violation, ``u`` its
    offender's unit, ``s`` its severity): the person as on their latest record, how many, the last date, the
    numbers in the order found, how many serious."""
    if sql.is_server(conn):
        # what SQLite does implicitly (below), said explicitly: PostgreSQL has no bare columns

        def latest(column: str) -> str:
            return f"(array_agg({column} ORDER BY v.found_date DESC, v.id DESC))[1]"

        person = (
            f"{latest('v.offender_no')} AS offender_no, {latest('v.offender_name')} AS offender_name, "
            f"{latest('v.offender_unit_id')} AS unit_id, {latest('u.name')} AS unit_name"
        )
        numbers = "string_agg(v.number, ' ' ORDER BY v.found_date, v.id)"
    else:
        # max(found_date) is the only min/max aggregate, so SQLite takes the bare columns (name, 工号, unit)
        # from the person's latest record; it reads the rows by the offender index (key, date, then id)
        person = (
            "v.offender_no AS offender_no, v.offender_name AS offender_name, v.offender_unit_id AS unit_id, "
            "u.name AS unit_name"
        )
        numbers = "group_concat(v.number, ' ')"
    return (
        f"v.offender_key, {person}, count(*) AS count, max(v.found_date) AS last_date, {numbers} AS numbers, "
        "coalesce(sum(CASE WHEN s.maps_to = 'serious' THEN 1 ELSE 0 END), 0) AS serious"
    )


def repeat_offenders(conn: Connection, on_date: dt.date, minimum: int = 2) -> list[dict[str, Any]]:
    """People with at least *minimum* 三违 in the 12 months up to *on_date*, most first.

    Name, 工号 and unit are the person's latest record's (latest date, then latest entered); the numbers are
    listed oldest first. Both orders are spelt out so the monthly report is the same on either engine."""
    start = on_date - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    # SQLite's group_concat() keeps the order of the ordered subquery; PostgreSQL's aggregate order is only
    # guaranteed when the aggregate names it
    numbers = (
        "string_agg(r.number, ' ' ORDER BY r.found_date, r.id)"
        if sql.is_server(conn)
        else "group_concat(r.number, ' ')"
    )
    rows = sql.all_dicts(
        conn,
        "SELECT g.offender_key, l.offender_no AS offender_no, l.offender_name AS offender_name, "
        "l.offender_unit_id AS unit_id, u.name AS unit_name, g.count, g.last_date, g.numbers, g.serious FROM ("
        f"SELECT r.offender_key, count(*) AS count, max(r.found_date) AS last_date, {numbers} AS numbers, "
        "sum(CASE WHEN r.maps_to = 'serious' THEN 1 ELSE 0 END) AS serious FROM ("
        "SELECT v.offender_key, v.found_date, v.id, v.number, s.maps_to FROM violation v "
        "JOIN lookup_item s ON s.id = v.severity_id WHERE v.found_date > ? AND v.found_date <= ? AND v.voided = 0 "
        "ORDER BY v.offender_key, v.found_date, v.id) r "
        "GROUP BY r.offender_key HAVING count(*) >= ?) g "
        "JOIN violation l ON l.id = (SELECT x.id FROM violation x WHERE x.offender_key = g.offender_key "
        "AND x.found_date = g.last_date AND x.voided = 0 ORDER BY x.id DESC LIMIT 1) "
        "JOIN org_unit u ON u.id = l.offender_unit_id "
        "ORDER BY g.count DESC, g.last_date DESC, g.offender_key",
        (start.isoformat(), on_date.isoformat(), minimum),
    )
    return rows


def stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Totals of a period: by type class × severity class, and stopped by inspectors or by others."""
    rows = sql.execute(
        conn,
        "SELECT t.maps_to, s.maps_to, v.stopped_by_kind = 'inspector', count(*) FROM violation v "
        "JOIN lookup_item t ON t.id = v.type_id JOIN lookup_item s ON s.id = v.severity_id "
        "WHERE v.found_date BETWEEN ? AND ? AND v.voided = 0 GROUP BY 1, 2, 3",
        (date_from.isoformat(), date_to.isoformat()),
    )
    out = {"total": 0, "serious": 0, "by_inspectors": 0, "command": 0, "operation": 0, "discipline": 0}
    for type_class, severity_class, by_inspector, count in rows:
        out["total"] += count
        out["serious"] += count if severity_class == "serious" else 0
        out["by_inspectors"] += count if by_inspector else 0
        if type_class in out:
            out[type_class] += count
    return out
