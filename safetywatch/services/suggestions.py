"""Safety suggestions (安全合理化建议, domain.md §5): submitted, reviewed (adopted or not), implemented."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import has_visible_content, reason_problem
from safetywatch.services import sql
from safetywatch.services.database import Ledger
from safetywatch.services.forms import Checks, clean, inspector_name, void_record

SUGGESTION = m.SUGGESTION


@dataclass
class SuggestionInput:
    proposed_on: dt.date | None = None
    proposer_id: int | None = None  # an inspector, or None with a typed name
    proposer_name: str = ""
    unit_id: int | None = None
    category_id: int | None = None
    content: str = ""


def _validate(conn: Connection, data: SuggestionInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, ("proposed_on", "unit_id", "category_id", "content"))
    c.texts(values, short=("proposer_name",), long=("content",))
    c.past_date("proposed_on", data.proposed_on)
    c.ref("unit_id", data.unit_id, "org_unit")
    c.ref("category_id", data.category_id, "lookup_item", "suggestion_category")
    if data.proposer_id is not None:
        c.inspector_on_roll("proposer_id", data.proposer_id, data.proposed_on)
    elif not has_visible_content(data.proposer_name):
        c.add("proposer_name", tr("Name who made the suggestion (an inspector or a name)."))
    if c.errors:
        raise ValidationError(c.errors)
    out = clean(values)
    if data.proposer_id is not None:
        out["proposer_name"] = inspector_name(conn, data.proposer_id)
    return out


def submit(ledger: Ledger, data: SuggestionInput) -> dict[str, Any]:
    with ledger.write() as w:
        values = _validate(w.conn, data, ledger.clock.today())
        return w.insert(SUGGESTION, {**values, "status": "submitted", "clerk": w.actor})


def amend(
    ledger: Ledger, suggestion_id: int, data: SuggestionInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    with ledger.write() as w:
        values = _validate(w.conn, data, ledger.clock.today())
        return w.update(
            SUGGESTION, suggestion_id, values, action="amend", reason=reason.strip(), expected_version=expected_version
        )


def review(
    ledger: Ledger, suggestion_id: int, adopted: bool, reviewed_by: str, reviewed_on: dt.date, note: str = ""
) -> dict[str, Any]:
    """The 评审: adopted or not (a rejection says why)."""
    with ledger.write() as w:
        row = w.load(SUGGESTION, suggestion_id)
        c = Checks(w.conn, ledger.clock.today())
        c.required({"reviewed_by": reviewed_by}, ("reviewed_by",))
        c.texts({"reviewed_by": reviewed_by}, short=("reviewed_by",))
        c.past_date("reviewed_on", reviewed_on)
        if reviewed_on.isoformat() < row["proposed_on"]:
            c.add("reviewed_on", tr("Before the suggestion was made ({date}).").format(date=row["proposed_on"]))
        if not adopted and reason_problem(note):
            c.add("note", tr("Say why it is not adopted."))
        if row["status"] != "submitted" or row["voided"]:
            message = tr("Only a submitted suggestion can be reviewed (this one is {status}).")
            c.add("status", message.format(status=row["status"]))
        if c.errors:
            raise ValidationError(c.errors)
        changes = {
            "status": "adopted" if adopted else "rejected",
            "reviewed_by": reviewed_by.strip(),
            "reviewed_on": reviewed_on,
            "review_note": note.strip() or None,
        }
        return w.update(SUGGESTION, suggestion_id, changes, action="review", before=row)


def implement(
    ledger: Ledger,
    suggestion_id: int,
    implemented_by: str,
    implemented_on: dt.date,
    benefit: str = "",
    reward_yuan: int | None = None,
) -> dict[str, Any]:
    with ledger.write() as w:
        row = w.load(SUGGESTION, suggestion_id)
        c = Checks(w.conn, ledger.clock.today())
        c.required({"implemented_by": implemented_by}, ("implemented_by",))
        c.texts({"implemented_by": implemented_by, "benefit": benefit}, short=("implemented_by",), long=("benefit",))
        c.past_date("implemented_on", implemented_on)
        c.number("reward_yuan", reward_yuan, 0, 1_000_000)
        if row["status"] != "adopted":
            c.add("status", tr("Only an adopted suggestion can be implemented."))
        elif implemented_on.isoformat() < (row["reviewed_on"] or row["proposed_on"]):
            c.add("implemented_on", tr("Before it was adopted ({date}).").format(date=row["reviewed_on"]))
        if c.errors:
            raise ValidationError(c.errors)
        changes = {
            "implemented_by": implemented_by.strip(),
            "implemented_on": implemented_on,
            "benefit": benefit.strip() or None,
            "reward_yuan": reward_yuan,
        }
        return w.update(SUGGESTION, suggestion_id, changes, action="implement", before=row)


def void(ledger: Ledger, suggestion_id: int, reason: str) -> dict[str, Any]:
    return void_record(ledger, SUGGESTION, suggestion_id, reason)


def listing(conn: Connection, date_from: dt.date, date_to: dt.date, limit: int = 5000) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT s.*, u.name AS unit_name, c.name AS category_name FROM suggestion s "
        "JOIN org_unit u ON u.id = s.unit_id JOIN lookup_item c ON c.id = s.category_id "
        "WHERE s.proposed_on BETWEEN ? AND ? ORDER BY s.proposed_on DESC, s.id DESC LIMIT ?",
        (date_from.isoformat(), date_to.isoformat(), limit),
    )


def stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    row = sql.first(
        conn,
        "SELECT count(*), coalesce(sum(status = 'adopted'), 0), coalesce(sum(status = 'rejected'), 0), "
        "coalesce(sum(status = 'submitted'), 0), coalesce(sum(implemented_on IS NOT NULL), 0), "
        "coalesce(sum(reward_yuan), 0) FROM suggestion WHERE proposed_on BETWEEN ? AND ? AND voided = 0",
        (date_from.isoformat(), date_to.isoformat()),
    )
    assert row is not None
    keys = ("made", "adopted", "rejected", "pending", "implemented", "reward_yuan")
    return dict(zip(keys, (int(v) for v in row), strict=True))
