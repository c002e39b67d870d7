"""Worker representatives' inspection tours (职工代表巡视) and the problems they raise (domain.md §5).

Each problem is solved on site, to be solved later (with a deadline) or open, so problems found =
on site + later + open always holds: it is one status per problem, not three counters (:func:`tour_stats`
checks it).

Status changes after the tour: ``open`` → ``later`` (a deadline is agreed) and ``later`` → ``open`` (the deadline
was missed or withdrawn), each with a reason. ``on_site`` is only valid when set at the tour itself: a problem
cannot become "solved on site" afterwards, and one solved on site keeps that status (a wrong line is voided
with a reason and entered again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import FieldError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import sql
from safetywatch.services.core.checks import Checks, clean, void_record_in
from safetywatch.services.core.fields import REFERENCE, FieldKind, FieldSpec, required_names
from safetywatch.services.core.ledger import one_transaction
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer, storage_value
from safetywatch.services.kinds import activity_links as links
from safetywatch.services.kinds.activity_links import amend_record_in, refuse_void, require_reason

TOUR = m.TOUR
PROBLEM = m.TOUR_PROBLEM
CATEGORIES = ("safety", "labour", "other")
STATUSES = ("on_site", "later", "open")


@dataclass
class TourInput:
    on_date: dt.date | None = None
    organiser: str = ""
    areas: str = ""
    reps: int | None = None
    note: str = ""


FIELDS = (
    FieldSpec("on_date", "Date", FieldKind.DATE, required=True, sticky=True),
    FieldSpec("organiser", "Organised by", required=True),
    FieldSpec("areas", "Areas", required=True),
    FieldSpec("reps", "Representatives", FieldKind.INTEGER, required=True),
    FieldSpec("note", "Notes", FieldKind.LONG_TEXT),
)


@dataclass
class ProblemInput:
    description: str = ""
    unit_id: int | None = None
    category: str = "safety"
    status: str = "open"
    deadline: dt.date | None = None
    reply: str = ""


#: One line of the tour's problem sub-table.
PROBLEM_FIELDS = (
    FieldSpec("description", "Problem", FieldKind.LONG_TEXT, required=True),
    FieldSpec("unit_id", "Unit", REFERENCE, reference="org_unit:unit"),
    FieldSpec(
        "category",
        "Kind of problem",
        FieldKind.CHOICE,
        options=(("safety", "Safety"), ("labour", "Labour protection"), ("other", "Other")),
    ),
    FieldSpec(
        "status",
        "Status",
        FieldKind.CHOICE,
        options=(("on_site", "Solved on site"), ("later", "Solved later"), ("open", "Open")),
    ),
    FieldSpec("deadline", "Deadline", FieldKind.DATE),
    FieldSpec("reply", "Reply", FieldKind.LONG_TEXT),
)


def _validate_tour(conn: Connection, data: TourInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, required_names(FIELDS))
    c.texts(values, short=("organiser", "areas"), long=("note",))
    c.past_date("on_date", data.on_date)
    c.number("reps", data.reps, 1, 500)
    if c.errors:
        raise ValidationError(c.errors)
    return clean(values) | {"reps": data.reps}


def _validate_problem(conn: Connection, data: ProblemInput, tour_day: dt.date, index: int | None) -> dict[str, Any]:
    prefix = f"problems[{index}]." if index is not None else ""
    values = asdict(data)
    c = Checks(conn, dt.date.max)
    c.required(values, required_names(PROBLEM_FIELDS))
    c.texts(values, long=("description", "reply"))
    c.ref("unit_id", data.unit_id, "org_unit")
    c.choice("category", data.category, CATEGORIES)
    c.choice("status", data.status, STATUSES)
    if data.status == "later" and data.deadline is None:
        c.add("deadline", tr("A problem to be solved later needs a deadline (YYYY-MM-DD)."))
    elif data.status != "later" and data.deadline is not None:
        c.add("deadline", tr("Only a problem to be solved later has a deadline; clear it or change the status."))
    elif data.deadline is not None and data.deadline < tour_day:
        message = tr("The deadline is before the tour ({date}); give a day on or after it.")
        c.add("deadline", message.format(date=tour_day.isoformat()))
    if c.errors:
        raise ValidationError([type(e)(prefix + e.field, e.message) for e in c.errors])
    return clean(values)


def _collect(errors: list[FieldError], check: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """The values *check* returns, or an empty mapping with its field errors added to *errors* (so every bad
    field of a tour and its problems is reported at once)."""
    try:
        return check(*args)
    except ValidationError as exc:
        errors.extend(exc.errors)
        return {}


def record_tour_in(
    w: Writer, tour: TourInput, problems: Sequence[ProblemInput] = (), *, origin: Origin = TYPED_IN
) -> dict[str, Any]:
    """The tour and all its problems, all or nothing; every bad field is reported at once, the problems' as
    ``problems[<index>].<field>``."""
    errors: list[FieldError] = []
    values = _collect(errors, _validate_tour, w.conn, tour, w.clock.today())
    day = tour.on_date or dt.date.min
    clean_problems = [
        _collect(errors, _validate_problem, w.conn, problem, day, i) for i, problem in enumerate(problems)
    ]
    if errors:
        raise ValidationError(errors)
    row = w.insert(TOUR, {**values, **origin.identity(), "clerk": origin.entered_by(w.actor)})
    for stored in clean_problems:
        w.insert(PROBLEM, {**stored, "tour_id": row["id"]})
    return row


record_tour = one_transaction(record_tour_in)


def add_problem_in(w: Writer, tour_id: int, problem: ProblemInput, *, origin: Origin = TYPED_IN) -> dict[str, Any]:
    tour = w.load(TOUR, tour_id)
    if tour["voided"]:
        raise ValidationError.single("tour", tr("This record is void; nothing can be added to it."))
    values = _validate_problem(w.conn, problem, dt.date.fromisoformat(tour["on_date"]), None)
    return w.insert(PROBLEM, {**values, **origin.identity(), "tour_id": tour_id})


add_problem = one_transaction(add_problem_in)


def _status_change_problem(old: str, new: str, field: str) -> ValidationError | None:
    if new == "on_site" and old != "on_site":
        return ValidationError.single(
            field, tr("“Solved on site” is only for problems solved during the tour; use “solved later”.")
        )
    if old == "on_site" and new != "on_site":
        return ValidationError.single(
            field,
            tr("This problem was solved on site at the tour; if that is wrong, void the problem and add it again."),
        )
    return None


def update_problem_in(
    w: Writer, problem_id: int, problem: ProblemInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Change a problem with a reason; status may go open → later (with a deadline) or later → open only."""

    def checked(before: dict[str, Any]) -> dict[str, Any]:
        tour = w.load(TOUR, before["tour_id"])
        refuse_void(tour)
        values = _validate_problem(w.conn, problem, dt.date.fromisoformat(tour["on_date"]), None)
        refused = _status_change_problem(before["status"], values["status"], "status")
        if refused is not None:
            raise refused
        return values

    return amend_record_in(w, PROBLEM, problem_id, reason, checked, expected_version=expected_version)


update_problem = one_transaction(update_problem_in)


def revise_tour_in(
    w: Writer,
    tour_id: int,
    tour: TourInput,
    problems: Sequence[tuple[int | None, ProblemInput]],
    reason: str,
    *,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """One save of the tour form for an existing tour: the tour's own fields, its listed problems
    (``(problem_id, input)``; ``None`` = a new problem) — only what changed is written, with *reason*.
    Problems not listed are left as they are. Errors name ``problems[<index>].<field>``."""
    why = require_reason(reason)
    before = w.load(TOUR, tour_id)
    refuse_void(before)
    if expected_version is not None and before["version"] != expected_version:
        w.update(TOUR, tour_id, {}, expected_version=expected_version, before=before)  # raises ConflictError
    errors: list[FieldError] = []
    values = _collect(errors, _validate_tour, w.conn, tour, w.clock.today())
    day = tour.on_date or dt.date.min
    planned: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
    for i, (problem_id, problem) in enumerate(problems):
        old = None
        if problem_id is not None:
            old = w.load(PROBLEM, problem_id)
            if old["tour_id"] != tour_id or old["voided"]:
                errors.append(FieldError(f"problems[{i}].description", tr("This problem is void or not of this tour.")))
                continue
        stored = _collect(errors, _validate_problem, w.conn, problem, day, i)
        if not stored:  # refused; its errors are listed
            continue
        if old is not None:
            refused = _status_change_problem(old["status"], stored["status"], f"problems[{i}].status")
            if refused is not None:
                errors.extend(refused.errors)
                continue
        planned.append((old, stored))
    if errors:
        raise ValidationError(errors)
    changed = {k: v for k, v in values.items() if storage_value(v) != before[k]}
    writes = [(old, stored) for old, stored in planned if old is None or _differs(stored, old)]
    if not changed and not writes:
        raise ValidationError.single("", tr("Nothing was changed."))
    row = w.update(TOUR, tour_id, changed, action="amend", reason=why, before=before) if changed else before
    for old, stored in writes:
        if old is None:
            w.insert(PROBLEM, {**stored, "tour_id": tour_id}, reason=why)
        else:
            w.update(PROBLEM, old["id"], stored, action="amend", reason=why, before=old)
    return row


revise_tour = one_transaction(revise_tour_in)


def _differs(values: dict[str, Any], row: dict[str, Any]) -> bool:
    return any(storage_value(v) != row[k] for k, v in values.items())


def void_problem_in(w: Writer, problem_id: int, reason: str) -> dict[str, Any]:
    """A problem entered by mistake; it no longer counts in the tour's figures."""
    return void_record_in(w, PROBLEM, problem_id, reason)


void_problem = one_transaction(void_problem_in)


def amend_in(
    w: Writer, tour_id: int, data: TourInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Correct the tour itself (not its problems), with a reason."""

    def checked(_: dict[str, Any]) -> dict[str, Any]:
        values = _validate_tour(w.conn, data, w.clock.today())
        early = sql.scalar(
            w.conn,
            "SELECT min(deadline) FROM tour_problem WHERE tour_id = ? AND voided = 0 AND deadline IS NOT NULL",
            (tour_id,),
        )
        if early is not None and early < values["on_date"].isoformat():
            message = tr("A problem of this tour has the deadline {date}; the tour cannot be later than that.")
            raise ValidationError.single("on_date", message.format(date=early))
        return values

    return amend_record_in(w, TOUR, tour_id, reason, checked, expected_version=expected_version)


amend = one_transaction(amend_in)


def void_in(w: Writer, tour_id: int, reason: str) -> dict[str, Any]:
    """Void a tour; its problems no longer count (they stay in the record)."""
    return void_record_in(w, TOUR, tour_id, reason)


void = one_transaction(void_in)


def link_hazard_in(
    w: Writer, tour_id: int, hazard: int | str, reason: str = "", *, from_register: bool = False
) -> dict[str, Any]:
    """A hazard registered from a tour's problem (``hazard.tour_id``); same rules as for squads."""
    why = reason.strip() or tr("Raised on a worker representatives' tour")
    return links.link(w, "tour_id", TOUR, tour_id, hazard, why, from_register=from_register)


link_hazard = one_transaction(link_hazard_in)


def unlink_hazard_in(w: Writer, tour_id: int, hazard: int | str, reason: str) -> dict[str, Any]:
    return links.unlink(w, "tour_id", tour_id, hazard, require_reason(reason))


unlink_hazard = one_transaction(unlink_hazard_in)


def get(conn: Connection, tour_id: int) -> dict[str, Any] | None:
    return sql.first_dict(conn, "SELECT * FROM tour WHERE id = ?", (tour_id,))


def get_problem(conn: Connection, problem_id: int) -> dict[str, Any] | None:
    return sql.first_dict(conn, "SELECT * FROM tour_problem WHERE id = ?", (problem_id,))


def tour_hazards(conn: Connection, tour_id: int) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT id, number, found_date, status, fixed_on_site, description FROM hazard "
        "WHERE tour_id = ? AND voided = 0 ORDER BY id",
        (tour_id,),
    )


def problems(conn: Connection, tour_id: int) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT p.*, u.name AS unit_name FROM tour_problem p LEFT JOIN org_unit u ON u.id = p.unit_id "
        "WHERE p.tour_id = ? AND p.voided = 0 ORDER BY p.id",
        (tour_id,),
    )


def listing(conn: Connection, date_from: dt.date, date_to: dt.date, limit: int = 5000) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT t.*, (SELECT count(*) FROM tour_problem p WHERE p.tour_id = t.id AND p.voided = 0) AS problems "
        "FROM tour t WHERE t.on_date BETWEEN ? AND ? ORDER BY t.on_date DESC, t.id DESC LIMIT ?",
        (date_from.isoformat(), date_to.isoformat(), limit),
    )


def tour_stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """tours, reps (sum), problems_found = solved_on_site + solved_later + unsolved; void ones not counted."""
    span = (date_from.isoformat(), date_to.isoformat())
    tours, reps = sql.first(
        conn, "SELECT count(*), coalesce(sum(reps), 0) FROM tour WHERE on_date BETWEEN ? AND ? AND voided = 0", span
    ) or (0, 0)
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in sql.execute(
        conn,
        "SELECT p.status, count(*) FROM tour_problem p JOIN tour t ON t.id = p.tour_id "
        "WHERE t.on_date BETWEEN ? AND ? AND t.voided = 0 AND p.voided = 0 GROUP BY p.status",
        span,
    ):
        counts[str(status)] = int(n)
    found = int(
        sql.scalar(
            conn,
            "SELECT count(*) FROM tour_problem p JOIN tour t ON t.id = p.tour_id "
            "WHERE t.on_date BETWEEN ? AND ? AND t.voided = 0 AND p.voided = 0",
            span,
        )
        or 0
    )
    # one status per problem: a status outside the three would break the 现场解决/限期解决/未解决 split
    assert found == counts["on_site"] + counts["later"] + counts["open"], (found, counts)
    return {
        "tours": int(tours),
        "reps": int(reps),
        "problems_found": found,
        "solved_on_site": counts["on_site"],
        "solved_later": counts["later"],
        "unsolved": counts["open"],
    }
