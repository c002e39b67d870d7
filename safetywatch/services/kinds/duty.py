"""Shift duty (上岗) and reports (汇报): the clerk's shift sheet and its projections.

A *sheet* is one workstation + date + shift. It is the audited record: its ``marks`` column holds every
inspector's mark as canonical JSON, so one audit event covers a sheet (~650 k events in ten years at group
scale instead of ~6 M). In the same transaction the marks are projected into ``duty`` rows (one per
inspector and shift: indexed facts for queries and the "once per shift" rule) and into the ``duty_month``
rollup (per inspector and month, for fast rates over long periods). ``check_projection`` lets ``verify``
prove both projections still equal what the audited sheets say.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.db.models import DUTY_SHEET
from safetywatch.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import (
    LONG_TEXT_MAX,
    business_date_problem,
    has_visible_content,
    reason_problem,
    text_problem,
)
from safetywatch.services.core import sql
from safetywatch.services.core.audit import canonical_json
from safetywatch.services.core.checks import closed_problem
from safetywatch.services.core.ledger import one_transaction
from safetywatch.services.core.lookups import ReferenceLookups, uncached
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer

#: A mark's status: on duty, absent without excuse, or absent with an excuse that exempts the shift.
STATUSES = ("on", "absent", "leave", "injury", "training")
EXEMPT = frozenset({"leave", "injury", "training"})
MAX_COUNT = 99  # items an inspector reports in one shift, as typed from the card
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d", re.ASCII)


@dataclass(frozen=True)
class Mark:
    """One inspector's line on a shift sheet."""

    inspector_id: int
    status: str = "on"
    time_in: str | None = None  # HH:MM (入井/签到)
    time_out: str | None = None  # HH:MM (升井/签退)
    place: str | None = None
    reported: bool = False
    no_problem: bool = False  # 本班无问题
    summary: str | None = None
    hazards: int = 0  # items reported on the card
    violations: int = 0
    suggestions: int = 0

    @property
    def on_duty(self) -> bool:
        return self.status == "on"

    @property
    def exempt(self) -> bool:
        return self.status in EXEMPT


_DEFAULTS = {k: v for k, v in asdict(Mark(0)).items() if k != "inspector_id"}


@dataclass(frozen=True)
class SheetInput:
    workstation_id: int
    shift_date: dt.date
    shift_id: int
    marks: tuple[Mark, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class RosterEntry:
    inspector_id: int
    employee_no: str
    name: str
    unit_name: str


@dataclass
class Sheet:
    """A stored sheet with its marks, as the shift-sheet grid shows it."""

    id: int
    version: int
    workstation_id: int
    shift_date: str
    shift_id: int
    clerk: str
    note: str | None
    marks: dict[int, Mark] = field(default_factory=dict)


# --- the stored form of marks -------------------------------------------------------------------------


def marks_json(marks: Iterable[Mark]) -> str:
    """Canonical JSON of marks: sorted by inspector, default values left out (it is stored twice: row + event)."""
    items = []
    for mark in sorted(marks, key=lambda k: k.inspector_id):
        item: dict[str, Any] = {"inspector_id": mark.inspector_id}
        for key, default in _DEFAULTS.items():
            value = getattr(mark, key)
            if value != default:
                item[key] = int(value) if isinstance(value, bool) else value
        items.append(item)
    return canonical_json(items)


def parse_marks(text: str) -> list[Mark]:
    marks = []
    for item in json.loads(text):
        values = dict(item)
        for flag in ("reported", "no_problem"):
            if flag in values:
                values[flag] = bool(values[flag])
        marks.append(Mark(**values))
    return marks


# --- reading ------------------------------------------------------------------------------------------


def roster(conn: Connection, workstation_id: int, shift_date: dt.date) -> list[RosterEntry]:
    """Inspectors expected at a workstation on a day: assigned to it and on the roll that day."""
    day = shift_date.isoformat()
    rows = sql.execute(
        conn,
        "SELECT i.id, i.employee_no, i.name, coalesce(u.name, '') FROM inspector i "
        "LEFT JOIN org_unit u ON u.id = i.unit_id "
        "WHERE i.workstation_id = ? AND i.voided = 0 AND i.appointed_on <= ? "
        "AND (i.left_on IS NULL OR i.left_on >= ?) ORDER BY i.employee_no",
        (workstation_id, day, day),
    )
    return [RosterEntry(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def inspectors_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, RosterEntry]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = sql.execute(
        conn,
        "SELECT i.id, i.employee_no, i.name, coalesce(u.name, '') FROM inspector i "
        f"LEFT JOIN org_unit u ON u.id = i.unit_id WHERE i.id IN ({','.join('?' * len(wanted))})",
        wanted,
    )
    return {int(r[0]): RosterEntry(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows}


def find_sheet(conn: Connection, workstation_id: int, shift_date: dt.date, shift_id: int) -> Sheet | None:
    row = sql.first_dict(
        conn,
        "SELECT * FROM duty_sheet WHERE workstation_id = ? AND shift_date = ? AND shift_id = ? AND voided = 0",
        (workstation_id, shift_date.isoformat(), shift_id),
    )
    return _sheet(row) if row else None


def get_sheet(conn: Connection, sheet_id: int) -> Sheet:
    row = sql.first_dict(conn, "SELECT * FROM duty_sheet WHERE id = ?", (sheet_id,))
    if row is None:
        raise NotFoundError(tr("Shift sheet #{id} does not exist.").format(id=sheet_id))
    return _sheet(row)


def _sheet(row: Mapping[str, Any]) -> Sheet:
    return Sheet(
        id=int(row["id"]),
        version=int(row["version"]),
        workstation_id=int(row["workstation_id"]),
        shift_date=str(row["shift_date"]),
        shift_id=int(row["shift_id"]),
        clerk=str(row["clerk"]),
        note=row["note"],
        marks={mark.inspector_id: mark for mark in parse_marks(row["marks"])},
    )


def shifts_for(conn: Connection, workstation_id: int) -> list[tuple[int, str, str]]:
    """(id, code, name) of the active shifts of the workstation's mine (or of every mine)."""
    rows = sql.execute(
        conn,
        "SELECT s.id, s.code, s.name FROM shift s WHERE s.voided = 0 AND (s.mine_id IS NULL OR s.mine_id = "
        "(SELECT mine_id FROM workstation WHERE id = ?)) ORDER BY s.sort_order, s.code",
        (workstation_id,),
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def entered_items(conn: Connection, inspector_id: int, shift_date: dt.date, shift_id: int) -> dict[str, list[str]]:
    """Numbers of the hazards and 三违 already entered from this inspector's report of that shift."""
    day = shift_date.isoformat()
    hazards = sql.execute(
        conn,
        "SELECT number FROM hazard WHERE finder_id = ? AND found_date = ? AND shift_id = ? AND voided = 0 ORDER BY id",
        (inspector_id, day, shift_id),
    )
    violations = sql.execute(
        conn,
        "SELECT number FROM violation WHERE stopped_by_id = ? AND found_date = ? AND shift_id = ? AND voided = 0 "
        "ORDER BY id",
        (inspector_id, day, shift_id),
    )
    return {"hazards": [str(r[0]) for r in hazards], "violations": [str(r[0]) for r in violations]}


# --- the roll: who an employee number (工号) is, and who is on which sheet ----------------------------

#: What a typed value must look like to be read as a 工号 rather than a name: digits, perhaps after a short
#: letter prefix (the demo's ``10200017``, a mine's ``Q001``). Names are Chinese and never look like this.
_EMPLOYEE_NO = re.compile(r"[A-Za-z]{0,3}\d{3,}", re.ASCII)


@dataclass(frozen=True)
class RollEntry:
    """An inspector on the roll, with the workstation whose roster they belong to."""

    inspector_id: int
    employee_no: str
    name: str
    unit_name: str
    workstation: str  # code and name, e.g. "JK02 二号井群监站"

    def roster_entry(self) -> RosterEntry:
        return RosterEntry(self.inspector_id, self.employee_no, self.name, self.unit_name)


def looks_like_employee_no(text: str) -> bool:
    """Whether *text* (as typed, full-width digits too) has the form of a 工号 rather than of a name."""
    return _EMPLOYEE_NO.fullmatch(unicodedata.normalize("NFKC", text).strip()) is not None


def on_roll(conn: Connection, employee_no: str, day: dt.date, *, prefix: bool = False) -> list[RollEntry]:
    """Inspectors on the roll on *day* whose 工号 is *employee_no* (or, with *prefix*, starts with it)."""
    typed = unicodedata.normalize("NFKC", employee_no).strip()
    if not typed:
        return []
    iso = day.isoformat()
    exact = ("i.employee_no = ?", (typed,))
    test, args = ("substr(i.employee_no, 1, length(?)) = ?", (typed, typed)) if prefix else exact
    rows = sql.execute(
        conn,
        "SELECT i.id, i.employee_no, i.name, coalesce(u.name, ''), coalesce(w.code || ' ' || w.name, '') "
        "FROM inspector i LEFT JOIN org_unit u ON u.id = i.unit_id LEFT JOIN workstation w ON w.id = i.workstation_id "
        f"WHERE {test} AND i.voided = 0 AND i.appointed_on <= ? AND (i.left_on IS NULL OR i.left_on >= ?) "
        "ORDER BY i.employee_no LIMIT 20",
        (*args, iso, iso),
    )
    return [RollEntry(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]


def marked_elsewhere(
    conn: Connection, inspector_id: int, shift_date: dt.date, shift_id: int, workstation_id: int
) -> str:
    """The workstation (code and name) on whose sheet an inspector is already marked for this shift, or ''.

    A sheet names each inspector once per shift (:func:`validate` refuses a second sheet); the grid asks
    before adding a visitor, so the clerk hears it at once rather than on saving."""
    row = sql.first(
        conn,
        "SELECT w.code || ' ' || w.name FROM duty d JOIN workstation w ON w.id = d.workstation_id "
        "WHERE d.inspector_id = ? AND d.shift_date = ? AND d.shift_id = ? AND d.workstation_id != ?",
        (inspector_id, shift_date.isoformat(), shift_id, workstation_id),
    )
    return str(row[0]) if row else ""


def finder_problem(conn: Connection, text: str, day: dt.date | None) -> str | None:
    """Why a typed finder's (or stopper's) *name* cannot be kept as a name: it is a 工号. An unknown 工号 is a
    typing slip the clerk must correct; a known one names an inspector, who is chosen, not typed as text."""
    if not looks_like_employee_no(text):
        return None
    number = unicodedata.normalize("NFKC", text).strip()
    found = on_roll(conn, number, day) if day is not None else []
    if not found:
        unknown = tr("工号 {number} is not on the roll of inspectors: check the number, or type the person's name.")
        return unknown.format(number=number)
    return tr("{number} is the 工号 of inspector {name}: choose the inspector instead of typing a name.").format(
        number=number, name=found[0].name
    )


def sheet_standing(
    conn: Connection, inspector_id: int, workstation_id: int, shift_date: dt.date, shift_id: int
) -> str | None:
    """A warning when a card's finder is not on duty on that shift's sheet of the workstation (if one is kept):
    the clerk may confirm it (a finder may report from another shift), but it is usually a slip."""
    sheet = find_sheet(conn, workstation_id, shift_date, shift_id)
    if sheet is None:
        return None
    mark = sheet.marks.get(inspector_id)
    if mark is not None and mark.on_duty:
        return None
    who = inspectors_by_id(conn, [inspector_id]).get(inspector_id)
    label = f"{who.employee_no} {who.name}" if who else str(inspector_id)
    if mark is None:
        return tr("{who} is not on this shift's sheet of the workstation.").format(who=label)
    return tr("{who} is not marked on duty on this shift's sheet of the workstation.").format(who=label)


# --- validation ---------------------------------------------------------------------------------------


def _mark_field(mark: Mark, name: str) -> str:
    """Error field key of one grid cell: ``mark:<inspector id>:<field>`` (the grid maps it to its row)."""
    return f"mark:{mark.inspector_id}:{name}"


def _mark_problems(mark: Mark, label: str) -> Iterator[FieldError]:
    def err(name: str, message: str) -> FieldError:
        return FieldError(_mark_field(mark, name), f"{label}: {message}")

    if mark.status not in STATUSES:
        yield err("status", tr("Unknown duty status “{value}”.").format(value=mark.status))
    for name in ("time_in", "time_out"):
        value = getattr(mark, name)
        if value is None:
            continue
        if not _TIME.fullmatch(value):
            yield err(name, tr("Time “{value}” is not HH:MM (00:00–23:59).").format(value=value))
        elif not mark.on_duty:
            yield err(name, tr("Times are only kept for an inspector on duty."))
    if mark.reported and not mark.on_duty:
        yield err("reported", tr("Reported but not on duty: mark them on duty first, or clear “reported”."))
    counts = {"hazards": mark.hazards, "violations": mark.violations, "suggestions": mark.suggestions}
    for name, count in counts.items():
        if not 0 <= count <= MAX_COUNT:
            yield err(name, tr("Must be between {low} and {high}.").format(low=0, high=MAX_COUNT))
    if mark.no_problem and not mark.reported:
        yield err("no_problem", tr("“No problems this shift” is a report: mark it reported as well."))
    if mark.no_problem and any(counts.values()):
        yield err("no_problem", tr("“No problems this shift” cannot go with reported items; clear one of them."))
    if any(counts.values()) and not mark.reported:
        yield err("reported", tr("Items reported but “reported” is not marked."))
    for name, multiline in (("place", False), ("summary", True)):
        value = getattr(mark, name)
        if value is not None:
            problem = text_problem(value, multiline=multiline, max_length=LONG_TEXT_MAX if multiline else 200)
            if problem is None and not has_visible_content(value):
                problem = tr("Only blanks; leave it empty instead.")
            if problem:
                yield err(name, problem)


def validate(
    conn: Connection,
    data: SheetInput,
    today: dt.date,
    sheet_id: int | None,
    lookups: ReferenceLookups | None = None,
) -> str:
    """Check a whole sheet; return its canonical marks, or raise with every bad cell named.

    *lookups*: the writer's, inside a write transaction (workstations, shifts and inspectors are read once
    per transaction: the demo saves ~3,300 sheets with ~62,000 marks per mine-year)."""
    lookups = lookups or uncached(conn)
    errors: list[FieldError] = []
    problem = business_date_problem(data.shift_date, today)
    if problem:
        errors.append(FieldError("shift_date", problem))
    workstation = lookups.first(
        "workstation", "SELECT voided, mine_id FROM workstation WHERE id = ?", (data.workstation_id,)
    )
    if workstation is None or workstation[0]:
        errors.append(FieldError("workstation_id", tr("Choose an existing workstation.")))
    closed = closed_problem(conn, data.workstation_id, data.shift_date)  # its inspectors are not expected then
    if closed:
        errors.append(FieldError("workstation_id", closed))
    shift = lookups.first("shift", "SELECT voided, mine_id FROM shift WHERE id = ?", (data.shift_id,))
    if shift is None or shift[0]:
        errors.append(FieldError("shift_id", tr("Choose an existing shift.")))
    elif workstation is not None and shift[1] is not None and shift[1] != workstation[1]:
        errors.append(FieldError("shift_id", tr("This shift belongs to another mine.")))
    if data.note is not None:
        problem = text_problem(data.note, multiline=True, max_length=LONG_TEXT_MAX)
        if problem:
            errors.append(FieldError("note", problem))
    day = data.shift_date.isoformat()
    people: dict[int, RosterEntry] = {}
    on_roll: set[int] = set()
    for inspector_id in sorted({mark.inspector_id for mark in data.marks}):
        found = _inspector_on(lookups, inspector_id, day)
        if found is not None:
            people[inspector_id], rolled = found
            if rolled:
                on_roll.add(inspector_id)
    repeated = {k for k, n in Counter(mark.inspector_id for mark in data.marks).items() if n > 1}
    elsewhere = _marked_elsewhere(conn, list(people), day, data.shift_id, sheet_id)
    for mark in data.marks:
        person = people.get(mark.inspector_id)
        if person is None:
            errors.append(FieldError(_mark_field(mark, "inspector_id"), tr("No such inspector.")))
            continue
        label = f"{person.employee_no} {person.name}"
        if mark.inspector_id in repeated:
            twice = tr("{who} appears twice on this sheet.").format(who=label)
            errors.append(FieldError(_mark_field(mark, "inspector_id"), twice))
        if mark.inspector_id not in on_roll:
            errors.append(
                FieldError(
                    _mark_field(mark, "inspector_id"),
                    tr("{who} is not on the roll on {date} (appointed/left dates).").format(who=label, date=day),
                )
            )
        if mark.inspector_id in elsewhere:
            errors.append(
                FieldError(
                    _mark_field(mark, "inspector_id"),
                    tr("{who} is already marked for this shift on the sheet of {workstation}.").format(
                        who=label, workstation=elsewhere[mark.inspector_id]
                    ),
                )
            )
        errors.extend(_mark_problems(mark, label))
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    return marks_json(data.marks)


def _inspector_on(lookups: ReferenceLookups, inspector_id: int, day: str) -> tuple[RosterEntry, bool] | None:
    """An inspector as the sheet names them, and whether they are on the roll on *day* (not voided,
    appointed by then and not left before); ``None`` if there is no such inspector."""
    row = lookups.first(
        ("inspector", "org_unit"),
        "SELECT i.employee_no, i.name, coalesce(u.name, ''), i.voided, i.appointed_on, i.left_on FROM inspector i "
        "LEFT JOIN org_unit u ON u.id = i.unit_id WHERE i.id = ?",
        (inspector_id,),
    )
    if row is None:
        return None
    employee_no, name, unit, voided, appointed_on, left_on = row
    rolled = not voided and appointed_on is not None and appointed_on <= day and (left_on is None or left_on >= day)
    return RosterEntry(inspector_id, str(employee_no), str(name), str(unit)), rolled


def _marked_elsewhere(
    conn: Connection, ids: Sequence[int], day: str, shift_id: int, sheet_id: int | None
) -> dict[int, str]:
    if not ids:
        return {}
    rows = sql.execute(
        conn,
        "SELECT d.inspector_id, w.code || ' ' || w.name FROM duty d JOIN workstation w ON w.id = d.workstation_id "
        f"WHERE d.shift_date = ? AND d.shift_id = ? AND d.inspector_id IN ({','.join('?' * len(ids))}) "
        "AND d.sheet_id IS DISTINCT FROM ?",
        (day, shift_id, *ids, sheet_id),
    )
    return {int(r[0]): str(r[1]) for r in rows}


# --- writing ------------------------------------------------------------------------------------------


def save_sheet_in(
    w: Writer,
    data: SheetInput,
    *,
    reason: str | None = None,
    expected_version: int | None = None,
    month_totals: MonthTotals | None = None,
    origin: Origin = TYPED_IN,
) -> dict[str, Any]:
    """Save the clerk's sheet: create it, or amend the stored one (which needs a reason).

    *month_totals*: see :class:`MonthTotals` (a caller saving many sheets in one transaction). *origin*: what
    a sheet brought in from a file keeps (its UUID and clerk) when it is created."""
    existing = find_sheet(w.conn, data.workstation_id, data.shift_date, data.shift_id)
    if existing is not None:
        problem = reason_problem(reason or "")
        if problem:
            raise ValidationError.single(
                "reason", tr("This sheet was saved before; changing it needs a reason.") + " " + problem
            )
    marks = validate(w.conn, data, w.clock.today(), existing.id if existing else None, w.lookups)
    if existing is None:
        if expected_version is not None:
            raise ConflictError(tr("This sheet was voided meanwhile. Reload it."))
        row = w.insert(
            DUTY_SHEET,
            {
                "workstation_id": data.workstation_id,
                "shift_date": data.shift_date,
                "shift_id": data.shift_id,
                "clerk": origin.entered_by(w.actor),
                **origin.identity(),
                "marks": marks,
                "note": data.note,
            },
        )
        project(w, row["id"], [], data, month_totals)
        return row
    old = list(existing.marks.values())
    row = w.update(
        DUTY_SHEET,
        existing.id,
        {"marks": marks, "note": data.note},
        action="amend",
        reason=(reason or "").strip(),
        expected_version=expected_version,
    )
    project(w, existing.id, old, data, month_totals)
    return row


save_sheet = one_transaction(save_sheet_in)


def void_sheet_in(w: Writer, sheet_id: int, reason: str) -> dict[str, Any]:
    """Void a sheet entered by mistake (e.g. wrong workstation): its duty rows leave every rate."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    sheet = get_sheet(w.conn, sheet_id)
    row = w.load(DUTY_SHEET, sheet_id)
    if row["voided"]:
        raise ValidationError.single("reason", tr("This sheet is already voided."))
    voided = w.void(DUTY_SHEET, sheet_id, reason.strip())
    empty = SheetInput(sheet.workstation_id, dt.date.fromisoformat(sheet.shift_date), sheet.shift_id)
    project(w, sheet_id, list(sheet.marks.values()), empty)
    return voided


void_sheet = one_transaction(void_sheet_in)


_DUTY_COLUMNS = (
    "sheet_id, inspector_id, shift_date, shift_id, workstation_id, status, on_duty, exempt, time_in, time_out, "
    "place, reported, no_problem, summary, n_hazards, n_violations, n_suggestions"
)


def duty_rows(sheet_id: int, data: SheetInput) -> list[tuple[Any, ...]]:
    """The ``duty`` rows a sheet's marks stand for (in ``_DUTY_COLUMNS`` order)."""
    day = data.shift_date.isoformat()
    return [
        (
            sheet_id,
            k.inspector_id,
            day,
            data.shift_id,
            data.workstation_id,
            k.status,
            int(k.on_duty),
            int(k.exempt),
            k.time_in,
            k.time_out,
            k.place,
            int(k.reported),
            int(k.no_problem),
            k.summary,
            k.hazards,
            k.violations,
            k.suggestions,
        )
        for k in sorted(data.marks, key=lambda k: k.inspector_id)
    ]


def _month_counts(mark: Mark) -> tuple[int, int, int, int, int]:
    """A mark's contribution to its month: on, exempt, absent, reported, substantive reports."""
    return (
        int(mark.on_duty),
        int(mark.exempt),
        int(mark.status == "absent"),
        int(mark.reported),
        int(mark.reported and not mark.no_problem),
    )


class MonthTotals:
    """Changes to the ``duty_month`` rollup, summed per inspector and month until :meth:`apply` writes them.

    Saving one sheet applies its own at once. A caller saving many sheets in one transaction (the demo:
    ~62,000 marks per mine-year, one upsert each) may pass one ``MonthTotals`` to every save and apply it
    once before committing: the same sums, written once per inspector and month. Until then ``duty_month``
    lags behind ``duty`` inside that transaction, so such a caller must not read rates meanwhile.
    """

    def __init__(self) -> None:
        self._delta: dict[tuple[str, int], list[int]] = {}

    def add(self, month: str, old: Iterable[Mark], new: Iterable[Mark]) -> None:
        """A sheet of *month* had the marks *old* and now has *new*."""
        for sign, marks in ((-1, old), (1, new)):
            for mark in marks:
                totals = self._delta.get((month, mark.inspector_id))
                if totals is None:
                    totals = self._delta[month, mark.inspector_id] = [0] * 5
                for i, n in enumerate(_month_counts(mark)):
                    totals[i] += sign * n

    def apply(self, conn: Connection) -> None:
        """Add the summed changes to ``duty_month`` (in the caller's transaction) and start afresh."""
        changed = sorted(self._delta.items())  # in the table's (month, inspector) order
        rows = [(month, inspector, *totals) for (month, inspector), totals in changed if any(totals)]
        self._delta.clear()
        sql.handle(conn).executemany(
            "INSERT INTO duty_month (month, inspector_id, on_shifts, exempt_shifts, absent_shifts, reported_shifts, "
            "substantive_reports) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (inspector_id, month) DO UPDATE SET "
            "on_shifts = duty_month.on_shifts + excluded.on_shifts, "
            "exempt_shifts = duty_month.exempt_shifts + excluded.exempt_shifts, "
            "absent_shifts = duty_month.absent_shifts + excluded.absent_shifts, "
            "reported_shifts = duty_month.reported_shifts + excluded.reported_shifts, "
            "substantive_reports = duty_month.substantive_reports + excluded.substantive_reports",
            rows,
        )


def project(
    w: Writer, sheet_id: int, old: Sequence[Mark], data: SheetInput, month_totals: MonthTotals | None = None
) -> None:
    """Bring ``duty`` and ``duty_month`` in step with a sheet's new marks (same transaction as the sheet).

    With *month_totals* the rollup's change is only added to it: the caller applies it before committing."""
    handle = w.db
    handle.execute("DELETE FROM duty WHERE sheet_id = ?", (sheet_id,))
    handle.executemany(f"INSERT INTO duty ({_DUTY_COLUMNS}) VALUES ({','.join('?' * 17)})", duty_rows(sheet_id, data))
    totals = month_totals if month_totals is not None else MonthTotals()
    totals.add(data.shift_date.isoformat()[:7], old, data.marks)
    if month_totals is None:
        totals.apply(w.conn)


# --- verification -------------------------------------------------------------------------------------


def check_projection(conn: Connection, *, max_problems: int = 20) -> list[str]:
    """Compare ``duty`` and ``duty_month`` with what the (audited) sheets say; describe each difference.

    SQLite proves the usual case, that both projections hold, in one statement; only when they do not (or a
    sheet's marks are not in the form :func:`marks_json` writes) are the sheets parsed in Python to name
    each difference. The one statement is SQLite's (its ``IS``, ``date()`` and boolean sums); on a server the
    Python comparison does the whole check."""
    if not sql.is_server(conn) and _projection_holds(conn):
        return []
    return _projection_differences(conn, max_problems)


_ROLLUP_COUNTS = ("on_shifts", "exempt_shifts", "absent_shifts", "reported_shifts", "substantive_reports")
_ROLLUP_ALL_ZERO = " AND ".join(f"r.{count} IS 0" for count in _ROLLUP_COUNTS)


def _json_member(key: str, column: str, default: str) -> str:
    """SQL for ``"key":value,`` as :func:`marks_json` writes it: left out when the value is its default."""
    return f"CASE WHEN d.{column} IS {default} THEN '' ELSE '\"{key}\":' || json_quote(d.{column}) || ',' END"


#: A duty row written back as the mark it stands for, in :func:`marks_json`'s canonical form (keys sorted,
#: defaults left out); NULL when the row is not what :func:`duty_rows` makes of that mark on its sheet.
_MARK_OF_DUTY_ROW = (
    "CASE WHEN d.shift_date IS s.shift_date AND d.shift_id IS s.shift_id AND d.workstation_id IS s.workstation_id "
    "AND d.on_duty IS (d.status = 'on') AND d.exempt IS (d.status IN ('leave', 'injury', 'training')) "
    "AND d.reported IN (0, 1) AND d.no_problem IN (0, 1) THEN '{' || rtrim("
    + " || ".join(
        [
            _json_member("hazards", "n_hazards", "0"),
            "'\"inspector_id\":' || json_quote(d.inspector_id) || ','",
            _json_member("no_problem", "no_problem", "0"),
            _json_member("place", "place", "NULL"),
            _json_member("reported", "reported", "0"),
            _json_member("status", "status", "'on'"),
            _json_member("suggestions", "n_suggestions", "0"),
            _json_member("summary", "summary", "NULL"),
            _json_member("time_in", "time_in", "NULL"),
            _json_member("time_out", "time_out", "NULL"),
            _json_member("violations", "n_violations", "0"),
        ]
    )
    + ", ',') || '}' END"
)

#: One statement (one snapshot): 1 when ``duty`` and ``duty_month`` are exactly what the valid sheets' marks
#: give through :func:`duty_rows` and :func:`_month_counts`, else 0. It runs the projection backwards: each
#: sheet's duty rows, written as marks, must give the sheet's ``marks`` text byte for byte; then the marks
#: parse to those rows and nothing else (whatever is not in that canonical form is left to the Python check).
_PROJECTION_HOLDS = f"""
WITH sheet AS MATERIALIZED (
    SELECT id, workstation_id, shift_date, shift_id, marks FROM duty_sheet WHERE voided = 0
),
expected_month AS MATERIALIZED (
    SELECT d.inspector_id, substr(d.shift_date, 1, 7) AS month, sum(d.on_duty) AS on_shifts,
        sum(d.exempt) AS exempt_shifts, sum(d.status = 'absent') AS absent_shifts, sum(d.reported) AS reported_shifts,
        sum(d.reported AND NOT d.no_problem) AS substantive_reports
    FROM duty d GROUP BY 1, 2
)
SELECT
    NOT EXISTS (
        SELECT 1 FROM sheet s
        WHERE date(s.shift_date, '+0 days') IS NOT s.shift_date
        OR (s.marks = (
            SELECT CASE WHEN count(*) = count(mark) THEN '[' || coalesce(group_concat(mark, ','), '') || ']' END
            FROM (SELECT {_MARK_OF_DUTY_ROW} AS mark FROM duty d WHERE d.sheet_id = s.id ORDER BY d.inspector_id)
        )) IS NOT 1
    )
    AND (SELECT count(*) FROM duty) = (SELECT count(*) FROM sheet s JOIN duty d ON d.sheet_id = s.id)
    AND NOT EXISTS (
        SELECT 1 FROM expected_month e LEFT JOIN duty_month r ON r.month = e.month AND r.inspector_id = e.inspector_id
        WHERE CASE WHEN r.month IS NULL
            THEN e.on_shifts OR e.exempt_shifts OR e.absent_shifts OR e.reported_shifts OR e.substantive_reports
            ELSE r.on_shifts IS NOT e.on_shifts OR r.exempt_shifts IS NOT e.exempt_shifts
                OR r.absent_shifts IS NOT e.absent_shifts OR r.reported_shifts IS NOT e.reported_shifts
                OR r.substantive_reports IS NOT e.substantive_reports END
    )
    -- a rollup row no sheet stands for must be all zeros
    AND (SELECT count(*) FROM duty_month r WHERE NOT ({_ROLLUP_ALL_ZERO}))
        = (SELECT count(*) FROM expected_month e
           JOIN duty_month r ON r.month = e.month AND r.inspector_id = e.inspector_id WHERE NOT ({_ROLLUP_ALL_ZERO}))
"""


def _projection_holds(conn: Connection) -> bool:
    return bool(sql.handle(conn).execute(_PROJECTION_HOLDS).fetchone()[0])


def _projection_differences(conn: Connection, max_problems: int) -> list[str]:
    """Each difference between the projections and the sheets, parsing every sheet's marks in Python."""
    problems: list[str] = []
    handle = sql.handle(conn)
    stored = handle.execute(f"SELECT {_DUTY_COLUMNS} FROM duty ORDER BY sheet_id, inspector_id")
    sheets = handle.execute(
        "SELECT id, workstation_id, shift_date, shift_id, marks FROM duty_sheet WHERE voided = 0 ORDER BY id"
    )
    expected_month: Counter[tuple[int, str, int]] = Counter()

    def expected_rows() -> Iterator[tuple[Any, ...]]:
        for sheet_id, workstation_id, day, shift_id, marks_text in sheets:
            marks = parse_marks(marks_text)
            for mark in marks:
                for i, n in enumerate(_month_counts(mark)):
                    expected_month[(mark.inspector_id, day[:7], i)] += n
            data = SheetInput(workstation_id, dt.date.fromisoformat(day), shift_id, tuple(marks))
            yield from duty_rows(sheet_id, data)

    expected = expected_rows()
    want, have = next(expected, None), stored.fetchone()
    while (want is not None or have is not None) and len(problems) < max_problems:
        if have is None or (want is not None and want[:2] < have[:2]):
            assert want is not None
            problems.append(
                tr("Duty of inspector #{inspector} on sheet #{sheet} is missing from the duty table.").format(
                    inspector=want[1], sheet=want[0]
                )
            )
            want = next(expected, None)
        elif want is None or have[:2] < want[:2]:
            problems.append(
                tr("Duty row of inspector #{inspector} on sheet #{sheet} is not on any valid sheet.").format(
                    inspector=have[1], sheet=have[0]
                )
            )
            have = stored.fetchone()
        else:
            if tuple(want) != tuple(have):
                problems.append(
                    tr("Duty row of inspector #{inspector} on sheet #{sheet} differs from its sheet.").format(
                        inspector=have[1], sheet=have[0]
                    )
                )
            want, have = next(expected, None), stored.fetchone()
    for _ in expected:  # finish the scan so the monthly totals are complete
        pass
    rollup = handle.execute(
        "SELECT inspector_id, month, on_shifts, exempt_shifts, absent_shifts, reported_shifts, substantive_reports "
        "FROM duty_month"
    )
    seen: set[tuple[int, str]] = set()
    for inspector, month, *counts in rollup:
        seen.add((inspector, month))
        if any(expected_month[(inspector, month, i)] != n for i, n in enumerate(counts)):
            problems.append(
                tr("Monthly duty totals of inspector #{inspector} for {month} differ from the sheets.").format(
                    inspector=inspector, month=month
                )
            )
    for inspector, month, _ in {k for k, n in expected_month.items() if n}:
        if (inspector, month) not in seen:
            problems.append(
                tr("Monthly duty totals of inspector #{inspector} for {month} are missing.").format(
                    inspector=inspector, month=month
                )
            )
            seen.add((inspector, month))
    return problems[:max_problems]
