"""Safety suggestions (安全合理化建议, domain.md §5): submitted, reviewed (adopted or not), implemented.

Status: ``submitted`` → ``adopted`` | ``rejected`` (the 评审, once; a rejection says why); an adopted one may then be
recorded as implemented (by whom, when, benefit, reward). Amending changes what was proposed, never the status.
Inspectors' suggestions count towards the allowance norm "at least one suggestion a month"
(:func:`count_by_proposer`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import has_visible_content
from safetywatch.services.core import sql
from safetywatch.services.core.checks import Checks, clean, inspector_name, void_record_in
from safetywatch.services.core.fields import REFERENCE, FieldKind, FieldSpec, required_names
from safetywatch.services.core.ledger import one_transaction
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds.activity_links import amend_record_in, refuse_void

SUGGESTION = m.SUGGESTION
STATUSES = ("submitted", "adopted", "rejected")
REWARD_MAX_YUAN = 1_000_000


@dataclass
class SuggestionInput:
    proposed_on: dt.date | None = None
    proposer_id: int | None = None  # an inspector, or None with a typed name
    proposer_name: str = ""
    unit_id: int | None = None
    category_id: int | None = None
    content: str = ""


FIELDS = (
    FieldSpec("proposed_on", "Date", FieldKind.DATE, required=True, sticky=True),
    FieldSpec("proposer_id", "Inspector (or type a name below)", REFERENCE, reference="inspector"),
    FieldSpec("proposer_name", "Proposer's name"),
    FieldSpec("unit_id", "Unit", REFERENCE, required=True, sticky=True, reference="org_unit:unit"),
    FieldSpec(
        "category_id",
        "Kind of suggestion",
        REFERENCE,
        required=True,
        sticky=True,
        reference="suggestion_category",
    ),
    FieldSpec("content", "Suggestion", FieldKind.LONG_TEXT, required=True),
)
#: The 评审 (``review``) and the implementation (``implement``) of a suggestion.
REVIEW_FIELDS = (
    FieldSpec("decision", "Decision", FieldKind.CHOICE, options=(("adopted", "Adopted"), ("rejected", "Not adopted"))),
    FieldSpec("reviewed_by", "Reviewed by", required=True),
    FieldSpec("reviewed_on", "Review date", FieldKind.DATE, required=True),
    FieldSpec("note", "Note (why, if not adopted)", FieldKind.LONG_TEXT),
)
IMPLEMENT_FIELDS = (
    FieldSpec("implemented_by", "Implemented by (unit)", required=True),
    FieldSpec("implemented_on", "Implemented on", FieldKind.DATE, required=True),
    FieldSpec("benefit", "Benefit", FieldKind.LONG_TEXT),
    FieldSpec("reward_yuan", "Reward (yuan, may be empty)", FieldKind.INTEGER),
)


def _validate(conn: Connection, data: SuggestionInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, required_names(FIELDS))
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


def submit_in(w: Writer, data: SuggestionInput, *, origin: Origin = TYPED_IN) -> dict[str, Any]:
    values = _validate(w.conn, data, w.clock.today())
    return w.insert(
        SUGGESTION, {**values, **origin.identity(), "status": "submitted", "clerk": origin.entered_by(w.actor)}
    )


submit = one_transaction(submit_in)


def amend_in(
    w: Writer, suggestion_id: int, data: SuggestionInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Correct what was proposed (not the review or implementation), with a reason."""

    def checked(before: dict[str, Any]) -> dict[str, Any]:
        values = _validate(w.conn, data, w.clock.today())
        if before["reviewed_on"] is not None and values["proposed_on"].isoformat() > before["reviewed_on"]:
            message = tr("It was reviewed on {date}; the proposal cannot be later than that.")
            raise ValidationError.single("proposed_on", message.format(date=before["reviewed_on"]))
        return values

    return amend_record_in(w, SUGGESTION, suggestion_id, reason, checked, expected_version=expected_version)


amend = one_transaction(amend_in)


def review_in(
    w: Writer, suggestion_id: int, adopted: bool, reviewed_by: str, reviewed_on: dt.date | None, note: str = ""
) -> dict[str, Any]:
    """The 评审: adopted or not (a rejection says why). Only once, from ``submitted``."""
    row = w.load(SUGGESTION, suggestion_id)
    refuse_void(row, "status")
    c = Checks(w.conn, w.clock.today())
    c.required({"reviewed_by": reviewed_by, "reviewed_on": reviewed_on}, ("reviewed_by", "reviewed_on"))
    c.texts({"reviewed_by": reviewed_by, "note": note}, short=("reviewed_by",), long=("note",))
    c.past_date("reviewed_on", reviewed_on)
    if reviewed_on is not None and reviewed_on.isoformat() < row["proposed_on"]:
        message = tr("Before the suggestion was made ({date}); a review cannot come first.")
        c.add("reviewed_on", message.format(date=row["proposed_on"]))
    if not adopted and not has_visible_content(note):
        c.add("note", tr("Say why it is not adopted."))
    if row["status"] != "submitted":
        message = tr("Only a submitted suggestion can be reviewed; this one was already reviewed on {date}.")
        c.add("status", message.format(date=row["reviewed_on"]))
    if c.errors:
        raise ValidationError(c.errors)
    changes = {
        "status": "adopted" if adopted else "rejected",
        "reviewed_by": reviewed_by.strip(),
        "reviewed_on": reviewed_on,
        "review_note": note.strip() or None,
    }
    return w.update(SUGGESTION, suggestion_id, changes, action="review", before=row)


review = one_transaction(review_in)


def implement_in(
    w: Writer,
    suggestion_id: int,
    implemented_by: str,
    implemented_on: dt.date | None,
    benefit: str = "",
    reward_yuan: int | None = None,
) -> dict[str, Any]:
    """Record that an adopted suggestion was put into practice (once), with its benefit and reward (whole yuan)."""
    row = w.load(SUGGESTION, suggestion_id)
    refuse_void(row, "status")
    c = Checks(w.conn, w.clock.today())
    c.required(
        {"implemented_by": implemented_by, "implemented_on": implemented_on}, ("implemented_by", "implemented_on")
    )
    c.texts({"implemented_by": implemented_by, "benefit": benefit}, short=("implemented_by",), long=("benefit",))
    c.past_date("implemented_on", implemented_on)
    c.number("reward_yuan", reward_yuan, 0, REWARD_MAX_YUAN)
    if row["status"] != "adopted":
        c.add("status", tr("Only an adopted suggestion can be implemented; review it first."))
    elif row["implemented_on"] is not None:
        message = tr("Its implementation was already recorded ({date}).")
        c.add("status", message.format(date=row["implemented_on"]))
    elif implemented_on is not None and implemented_on.isoformat() < row["reviewed_on"]:
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


implement = one_transaction(implement_in)


def void_in(w: Writer, suggestion_id: int, reason: str) -> dict[str, Any]:
    return void_record_in(w, SUGGESTION, suggestion_id, reason)


void = one_transaction(void_in)


_SELECT = (
    "SELECT s.*, u.name AS unit_name, c.name AS category_name FROM suggestion s "
    "JOIN org_unit u ON u.id = s.unit_id JOIN lookup_item c ON c.id = s.category_id "
)


def get(conn: Connection, suggestion_id: int) -> dict[str, Any] | None:
    return sql.first_dict(conn, _SELECT + "WHERE s.id = ?", (suggestion_id,))


def list_suggestions(
    conn: Connection, date_from: dt.date, date_to: dt.date, status: str | None = None, limit: int = 5000
) -> list[dict[str, Any]]:
    """The period's suggestions (void ones included, marked), newest first; *status* narrows the list."""
    where = "WHERE s.proposed_on BETWEEN ? AND ?"
    params: list[Any] = [date_from.isoformat(), date_to.isoformat()]
    if status is not None:
        where += " AND s.status = ?"
        params.append(status)
    return sql.all_dicts(conn, _SELECT + where + " ORDER BY s.proposed_on DESC, s.id DESC LIMIT ?", (*params, limit))


def count_by_proposer(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[int, int]:
    """Suggestions per inspector in the period (void ones not counted): {inspector_id: count}."""
    return {
        int(inspector): int(n)
        for inspector, n in sql.execute(
            conn,
            "SELECT proposer_id, count(*) FROM suggestion WHERE proposed_on BETWEEN ? AND ? AND voided = 0 "
            "AND proposer_id IS NOT NULL GROUP BY proposer_id",
            (date_from.isoformat(), date_to.isoformat()),
        )
    }


def stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """made, adopted, rejected, pending (not yet reviewed), implemented, reward_yuan (total) — void ones not counted."""
    row = sql.first(
        conn,
        "SELECT count(*), coalesce(sum(CASE WHEN status = 'adopted' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN implemented_on IS NOT NULL THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(reward_yuan), 0) FROM suggestion WHERE proposed_on BETWEEN ? AND ? AND voided = 0",
        (date_from.isoformat(), date_to.isoformat()),
    )
    assert row is not None
    keys = ("made", "adopted", "rejected", "pending", "implemented", "reward_yuan")
    return dict(zip(keys, (int(v) for v in row), strict=True))
