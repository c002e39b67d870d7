"""Worker representatives' inspection tours (职工代表巡视) and the problems they raise (domain.md §5).

Each problem is solved on site, to be solved later (with a deadline) or open. A problem not solved on site
gets the day it was solved afterwards and by whom (``solved_on``, ``solved_by``: :func:`mark_solved`); a
deadline is a promise, not a solution. So each problem is in exactly one of four outcomes (:func:`outcome`):
solved on site, solved afterwards, due but not solved (its deadline passed), open — and problems found is their
sum (docs/report-metrics.md).

A tour names the representatives who took part (``domain.representatives``); its head count ``reps`` is then
the number named. A tour recorded with a head count only (before issue 16, or from an old register) keeps it.

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
from safetywatch.domain import representatives as people
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
    #: Typed: one per line (or 、-separated) ``张三``, ``张三 10234`` or a 工号 (``domain.representatives``).
    representatives: str = ""


FIELDS = (
    FieldSpec("on_date", "Date", FieldKind.DATE, required=True, sticky=True),
    FieldSpec("organiser", "Organised by", required=True),
    FieldSpec("areas", "Areas", required=True),
    FieldSpec("reps", "Head count", FieldKind.INTEGER, hint="counted from the names below"),
    FieldSpec(
        "representatives",
        "Representatives present",
        FieldKind.LONG_TEXT,
        hint="one per line: name and 工号 (or the 工号 alone)",
        lines=4,
    ),
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
    solved_on: dt.date | None = None  # solved afterwards: the day …
    solved_by: str = ""  # … and who solved it


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

#: Marking a problem solved afterwards (:func:`mark_solved`).
SOLVED_FIELDS = (
    FieldSpec("solved_on", "Solved on", FieldKind.DATE, required=True),
    FieldSpec("solved_by", "Solved by", required=True, hint="person or unit"),
)

#: The four outcomes of a problem, as of a day (:func:`outcome`); found = their sum.
OUTCOMES = ("on_site", "afterwards", "due", "open")


def _validate_tour(conn: Connection, data: TourInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, required_names(FIELDS))
    c.texts(values, short=("organiser", "areas"), long=("note",))
    c.past_date("on_date", data.on_date)
    c.number("reps", data.reps, 1, 500)
    named = _representatives(conn, c, data.representatives)
    reps = data.reps
    if named:
        if reps is not None and reps != len(named):
            message = tr(
                "The head count is {reps} but {count} representatives are named; correct one or clear the count."
            )
            c.add("reps", message.format(reps=reps, count=len(named)))
        reps = len(named)
    elif reps is None and not data.representatives.strip():
        c.add("representatives", tr("Name the representatives who took part (or give the head count)."))
    if c.errors:
        raise ValidationError(c.errors)
    return clean(values) | {"reps": reps, "representatives": people.to_json(named) if named else None}


def _representatives(conn: Connection, c: Checks, typed: str) -> list[people.Representative]:
    """The typed list, each 工号 alone looked up on the inspector roll; every bad entry is named."""
    named: list[people.Representative] = []
    seen: set[str] = set()
    for entry in people.entries(typed):
        person = people.parse_entry(entry)
        if person is None:
            message = tr("“{entry}” is not a name and 工号: type one representative per line, e.g. 张三 10234.")
            c.add("representatives", message.format(entry=entry))
            continue
        if not person.name:
            name = sql.scalar(conn, "SELECT name FROM inspector WHERE employee_no = ?", (person.employee_no,))
            if name is None:
                message = tr("No one on the roll has the 工号 {number}; type the name before it.")
                c.add("representatives", message.format(number=person.employee_no))
                continue
            person = person._replace(name=str(name))
        if len(person.name) > 100 or (person.employee_no is not None and len(person.employee_no) > 32):
            c.add("representatives", tr("“{entry}” is too long.").format(entry=entry))
            continue
        key = people.person_key(person)
        if key in seen:
            c.add("representatives", tr("{name} is named twice.").format(name=person.typed))
            continue
        seen.add(key)
        named.append(person)
    if len(named) > 500:
        c.add("representatives", tr("Must be between {low} and {high}.").format(low=1, high=500))
    return named


def _validate_problem(
    conn: Connection, data: ProblemInput, tour_day: dt.date, today: dt.date, index: int | None
) -> dict[str, Any]:
    prefix = f"problems[{index}]." if index is not None else ""
    values = asdict(data)
    c = Checks(conn, dt.date.max)
    c.required(values, required_names(PROBLEM_FIELDS))
    c.texts(values, short=("solved_by",), long=("description", "reply"))
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
    _check_solved(c, data, tour_day, today)
    if c.errors:
        raise ValidationError([type(e)(prefix + e.field, e.message) for e in c.errors])
    return clean(values)


def _check_solved(c: Checks, data: ProblemInput, tour_day: dt.date, today: dt.date) -> None:
    """A solved date and who solved it come together, for a problem not solved on site, between the tour and
    today."""
    if data.solved_on is None and not data.solved_by.strip():
        return
    if data.status == "on_site":
        c.add("solved_on", tr("This problem was solved on site at the tour; it has no later solved date."))
    elif data.solved_on is None:
        c.add("solved_on", tr("Give the day the problem was solved (YYYY-MM-DD)."))
    elif not data.solved_by.strip():
        c.add("solved_by", tr("Say who solved the problem (a person or a unit)."))
    elif data.solved_on < tour_day:
        message = tr("The problem cannot be solved before the tour ({date}); give a day on or after it.")
        c.add("solved_on", message.format(date=tour_day.isoformat()))
    elif data.solved_on > today:
        c.add("solved_on", tr("The solved date is in the future; give the day it was solved."))


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
        _collect(errors, _validate_problem, w.conn, problem, day, w.clock.today(), i)
        for i, problem in enumerate(problems)
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
    values = _validate_problem(w.conn, problem, dt.date.fromisoformat(tour["on_date"]), w.clock.today(), None)
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
        day = dt.date.fromisoformat(tour["on_date"])
        values = _validate_problem(w.conn, problem, day, w.clock.today(), None)
        refused = _status_change_problem(before["status"], values["status"], "status")
        if refused is not None:
            raise refused
        return values

    return amend_record_in(w, PROBLEM, problem_id, reason, checked, expected_version=expected_version)


update_problem = one_transaction(update_problem_in)


def mark_solved_in(
    w: Writer, problem_id: int, solved_on: dt.date | None, solved_by: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    """The problem was solved afterwards, on *solved_on* by *solved_by* (audited as ``solve``). A problem solved
    on site, or already marked solved, is refused (a wrong solved date is corrected with a reason:
    :func:`update_problem`)."""
    before = w.load(PROBLEM, problem_id)
    refuse_void(before)
    tour = w.load(TOUR, before["tour_id"])
    refuse_void(tour)
    if before["status"] == "on_site":
        raise ValidationError.single("solved_on", tr("This problem was solved on site at the tour."))
    if before["solved_on"] is not None:
        message = tr("This problem was marked solved on {date}; to correct that, edit the problem with a reason.")
        raise ValidationError.single("solved_on", message.format(date=before["solved_on"]))
    solved_by = solved_by.strip()
    c = Checks(w.conn, w.clock.today())
    c.required({"solved_on": solved_on, "solved_by": solved_by}, ("solved_on", "solved_by"))
    c.texts({"solved_by": solved_by}, short=("solved_by",))
    if not c.errors:
        data = ProblemInput(status=before["status"], solved_on=solved_on, solved_by=solved_by)
        _check_solved(c, data, dt.date.fromisoformat(tour["on_date"]), w.clock.today())
    if c.errors:
        raise ValidationError(c.errors)
    values = {"solved_on": solved_on, "solved_by": solved_by}
    return w.update(PROBLEM, problem_id, values, action="solve", expected_version=expected_version, before=before)


mark_solved = one_transaction(mark_solved_in)


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
        stored = _collect(errors, _validate_problem, w.conn, problem, day, w.clock.today(), i)
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
            # the earlier of the two minimums (SQLite's scalar min(a, b) is not PostgreSQL's)
            "SELECT CASE WHEN d < s THEN d ELSE s END FROM (SELECT min(coalesce(deadline, '9999')) AS d, "
            "min(coalesce(solved_on, '9999')) AS s FROM tour_problem WHERE tour_id = ? AND voided = 0) AS m",
            (tour_id,),
        )
        if early is not None and early != "9999" and early < values["on_date"].isoformat():
            message = tr(
                "A problem of this tour has a deadline or solved date {date}; the tour cannot be later than that."
            )
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


def outcome(status: str, deadline: str | None, solved_on: str | None, as_of: str) -> str:
    """Where a problem stands at the end of the day *as_of* (ISO): ``on_site`` (solved at the tour),
    ``afterwards`` (solved on or before *as_of*), ``due`` (not solved and its deadline before *as_of*) or
    ``open`` (not solved, no deadline or one not yet passed). A period counts as of its last day."""
    if status == "on_site":
        return "on_site"
    if solved_on is not None and solved_on <= as_of:
        return "afterwards"
    if deadline is not None and deadline < as_of:
        return "due"
    return "open"


def distinct_representatives(stored_lists: Sequence[str | None]) -> int | None:
    """How many different people the tours' lists name (same 工号, else same name: one person); None when a
    tour kept only a head count, as its people cannot be told apart."""
    if any(not stored for stored in stored_lists):
        return None
    return len({people.person_key(p) for stored in stored_lists for p in people.from_json(stored)})


def tour_stats(
    conn: Connection, date_from: dt.date, date_to: dt.date, as_of: dt.date | None = None
) -> dict[str, int | None]:
    """The tours of the days *date_from*–*date_to* (void ones not counted): tours, reps (person-times),
    representatives (distinct people, None if a tour named none), and their problems as of *as_of* (default
    *date_to*; the page passes today for a period not yet over): problems_found = solved_on_site +
    solved_afterwards + due_unsolved + open."""
    span = (date_from.isoformat(), date_to.isoformat())
    day = (as_of or date_to).isoformat()
    tours = sql.all_dicts(
        conn, "SELECT reps, representatives FROM tour WHERE on_date BETWEEN ? AND ? AND voided = 0", span
    )
    counts = dict.fromkeys(OUTCOMES, 0)
    for status, deadline, solved_on in sql.execute(
        conn,
        "SELECT p.status, p.deadline, p.solved_on FROM tour_problem p JOIN tour t ON t.id = p.tour_id "
        "WHERE t.on_date BETWEEN ? AND ? AND t.voided = 0 AND p.voided = 0",
        span,
    ):
        counts[outcome(status, deadline, solved_on, day)] += 1
    return {
        "tours": len(tours),
        "reps": sum(int(t["reps"]) for t in tours),
        "representatives": distinct_representatives([t["representatives"] for t in tours]) if tours else 0,
        "problems_found": sum(counts.values()),
        "solved_on_site": counts["on_site"],
        "solved_afterwards": counts["afterwards"],
        "due_unsolved": counts["due"],
        "open": counts["open"],
    }
