"""Worker representatives' inspection tours (职工代表巡视) and the problems they raise (domain.md §5).

Each problem is solved on site, to be solved later (with a deadline) or open, so problems found =
on site + later + open always holds: it is one status per problem, not three counters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import reason_problem
from safetywatch.services import sql
from safetywatch.services.database import Ledger
from safetywatch.services.forms import Checks, clean, void_record

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


@dataclass
class ProblemInput:
    description: str = ""
    unit_id: int | None = None
    category: str = "safety"
    status: str = "open"
    deadline: dt.date | None = None
    reply: str = ""


def _validate_tour(conn: Connection, data: TourInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, ("on_date", "organiser", "areas", "reps"))
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
    c.required(values, ("description",))
    c.texts(values, long=("description", "reply"))
    c.ref("unit_id", data.unit_id, "org_unit")
    c.choice("category", data.category, CATEGORIES)
    c.choice("status", data.status, STATUSES)
    if data.status == "later" and data.deadline is None:
        c.add("deadline", tr("A problem to be solved later needs a deadline."))
    if data.deadline is not None and data.deadline < tour_day:
        c.add("deadline", tr("The deadline is before the tour ({date}).").format(date=tour_day.isoformat()))
    if c.errors:
        raise ValidationError([type(e)(prefix + e.field, e.message) for e in c.errors])
    return clean(values)


def record_tour(ledger: Ledger, tour: TourInput, problems: Sequence[ProblemInput] = ()) -> dict[str, Any]:
    """The tour and all its problems, in one transaction (all or nothing)."""
    with ledger.write() as w:
        values = _validate_tour(w.conn, tour, ledger.clock.today())
        errors = []
        clean_problems = []
        for i, problem in enumerate(problems):
            try:
                clean_problems.append(_validate_problem(w.conn, problem, values["on_date"], i))
            except ValidationError as exc:
                errors.extend(exc.errors)
        if errors:
            raise ValidationError(errors)
        row = w.insert(TOUR, {**values, "clerk": w.actor})
        for stored in clean_problems:
            w.insert(PROBLEM, {**stored, "tour_id": row["id"]})
        return row


def add_problem(ledger: Ledger, tour_id: int, problem: ProblemInput) -> dict[str, Any]:
    with ledger.write() as w:
        tour = w.load(TOUR, tour_id)
        if tour["voided"]:
            raise ValidationError.single("tour", tr("This record is void; nothing can be added to it."))
        values = _validate_problem(w.conn, problem, dt.date.fromisoformat(tour["on_date"]), None)
        return w.insert(PROBLEM, {**values, "tour_id": tour_id})


def update_problem(ledger: Ledger, problem_id: int, problem: ProblemInput, reason: str) -> dict[str, Any]:
    """Change a problem (e.g. open → solved later with a deadline); "on site" is only set at the tour itself."""
    problem_text = reason_problem(reason)
    if problem_text:
        raise ValidationError.single("reason", problem_text)
    with ledger.write() as w:
        before = w.load(PROBLEM, problem_id)
        tour = w.load(TOUR, before["tour_id"])
        values = _validate_problem(w.conn, problem, dt.date.fromisoformat(tour["on_date"]), None)
        if values["status"] == "on_site" and before["status"] != "on_site":
            raise ValidationError.single(
                "status", tr("“Solved on site” is only for problems solved during the tour; use “solved later”.")
            )
        return w.update(PROBLEM, problem_id, values, action="amend", reason=reason.strip(), before=before)


def void(ledger: Ledger, tour_id: int, reason: str) -> dict[str, Any]:
    return void_record(ledger, TOUR, tour_id, reason)


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


def stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
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
    found = sum(counts.values())
    return {
        "tours": int(tours),
        "reps": int(reps),
        "problems_found": found,
        "solved_on_site": counts["on_site"],
        "solved_later": counts["later"],
        "unsolved": counts["open"],
    }
