"""Monthly allowances: measures per inspector, the rule engine, approval (lock) and later adjustments.

The rules valid on the month's first day apply to the whole month. A month is computed live until an
officer approves it; approval stores one line per inspector with its breakdown (audited), and from then on
the sheet shows the stored figures. Late edits of duty or 三违 that would change an approved month do not
touch it: :func:`differences` lists them, and the officer enters an adjustment paid with a later, open
month, with a reason. Approving a month also locks the adjustments paid with it: the sheet's
``total_yuan`` is what is paid (the lines plus those adjustments).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.allowance import AllowanceResult, Rule, as_json, compute, explain, from_json, join_sentences
from safetywatch.domain.errors import FieldError, NotFoundError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.periods import month_bounds
from safetywatch.domain.validation import reason_problem
from safetywatch.services.core import sql
from safetywatch.services.core.fields import FieldKind, FieldSpec
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import rates

ADJUSTMENT_LIMIT = 100_000
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_NOTHING = AllowanceResult(0, (), ())


@dataclass(frozen=True)
class Measured:
    """What the rules test for one inspector-month: the counts and the pro-rated norms."""

    values: dict[str, int]
    required: dict[str, int]


@dataclass
class SheetRow:
    """One inspector's line of a month's allowance sheet."""

    inspector_id: int
    employee_no: str
    name: str
    unit: str
    measures: dict[str, int]
    required: dict[str, int]
    result: AllowanceResult
    adjustments: list[dict[str, Any]] = field(default_factory=list)
    on_roll: bool = True  # False: shown only because an adjustment is paid with this month

    @property
    def adjustment_yuan(self) -> int:
        return sum(int(a["amount_yuan"]) for a in self.adjustments)

    @property
    def total_yuan(self) -> int:
        return self.result.amount_yuan + self.adjustment_yuan


@dataclass
class MonthSheet:
    month: str
    approved: dict[str, Any] | None  # the allowance_sheet row once approved
    rows: list[SheetRow]

    @property
    def total_yuan(self) -> int:
        return sum(r.total_yuan for r in self.rows)

    def row(self, inspector_id: int) -> SheetRow | None:
        return next((r for r in self.rows if r.inspector_id == inspector_id), None)


@dataclass(frozen=True)
class Difference:
    """An inspector of an approved month whose allowance, recomputed from today's records, differs."""

    inspector_id: int
    employee_no: str
    name: str
    approved_yuan: int
    now_yuan: int

    @property
    def delta_yuan(self) -> int:
        return self.now_yuan - self.approved_yuan


def month_problem(month: str) -> str | None:
    """A month is typed YYYY-MM."""
    if not _MONTH.fullmatch(month or ""):
        return tr("“{month}” is not a month; type it as YYYY-MM, e.g. 2026-05.").format(month=month)
    return None


def _check_month(month: str, field_name: str = "month") -> None:
    problem = month_problem(month)
    if problem:
        raise ValidationError.single(field_name, problem)


def rules_for(conn: Connection, month: str) -> list[Rule]:
    """The rules valid on the month's first day (not voided), in the order they apply."""
    first, _ = month_bounds(month)
    rows = sql.execute(
        conn,
        "SELECT code, name, kind, metric, op, threshold, amount_yuan, coalesce(sort_order, 0) FROM allowance_rule "
        "WHERE voided = 0 AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY sort_order, code",
        (first.isoformat(), first.isoformat()),
    )
    return [Rule(*row) for row in rows]


def _per_inspector(conn: Connection, query: str, params: tuple[Any, ...]) -> dict[int, int]:
    return {int(k): int(v) for k, v in sql.execute(conn, query, params) if k is not None}


def without_sheets(conn: Connection, month: str) -> set[int]:
    """The inspectors on the roll in *month* whose mine kept no shift sheet in it: their duty is unknown, so
    their allowance is not computed (a month without sheets is no data, not a month of absences that cancels
    every allowance)."""
    first, last = month_bounds(month)
    kept = rates.units_with_sheets(conn, first, last)
    rows = sql.execute(
        conn,
        "SELECT id, unit_id FROM inspector WHERE voided = 0 AND appointed_on <= ? "
        "AND (left_on IS NULL OR left_on >= ?)",
        (last.isoformat(), first.isoformat()),
    )
    return {int(inspector) for inspector, unit in rows if int(unit) not in kept}


def measures(conn: Connection, month: str) -> dict[int, Measured]:
    """Every measure the rules can test, for every inspector on the roll in *month* whose mine kept shift
    sheets in it (:func:`without_sheets`).

    One aggregate query per measure for the whole month (never one per inspector)."""
    first, last = month_bounds(month)
    span = (first.isoformat(), last.isoformat())
    unknown = without_sheets(conn, month)
    months = {k: v for k, v in rates.inspector_months(conn, month).items() if k not in unknown}
    hazards = _per_inspector(
        conn,
        "SELECT finder_id, count(*) FROM hazard WHERE found_date BETWEEN ? AND ? AND voided = 0 "
        "AND finder_id IS NOT NULL GROUP BY finder_id",
        span,
    )
    major = _per_inspector(
        conn,
        "SELECT h.finder_id, count(*) FROM hazard h JOIN hazard_level l ON l.id = h.level_id "
        "WHERE h.found_date BETWEEN ? AND ? AND h.voided = 0 AND h.finder_id IS NOT NULL AND l.national = 'major' "
        "GROUP BY h.finder_id",
        span,
    )
    stopped = _per_inspector(
        conn,
        "SELECT stopped_by_id, count(*) FROM violation WHERE found_date BETWEEN ? AND ? AND voided = 0 "
        "AND stopped_by_id IS NOT NULL GROUP BY stopped_by_id",
        span,
    )
    own = _per_inspector(
        conn,
        "SELECT i.id, count(*) FROM violation v JOIN inspector i ON i.employee_no = v.offender_no "
        "WHERE v.found_date BETWEEN ? AND ? AND v.voided = 0 GROUP BY i.id",
        span,
    )
    team = _per_inspector(
        conn,
        "SELECT i.id, count(*) FROM violation v JOIN lookup_item s ON s.id = v.severity_id "
        "JOIN inspector i ON i.team_id = v.offender_team_id WHERE v.found_date BETWEEN ? AND ? AND v.voided = 0 "
        "AND s.maps_to = 'serious' GROUP BY i.id",
        span,
    )
    result = {}
    for inspector, item in months.items():
        values = {
            "duty_shifts": item.on_shifts,
            "reports": item.substantive_reports,
            "suggestions": item.suggestions,
            "hazards_found": hazards.get(inspector, 0),
            "major_hazards_found": major.get(inspector, 0),
            "violations_stopped": stopped.get(inspector, 0),
            "own_violations": own.get(inspector, 0),
            "team_serious_violations": team.get(inspector, 0),
        }
        required = {
            "duty_shifts": item.required_shifts,
            "reports": item.required_reports,
            "suggestions": item.required_suggestions,
        }
        result[inspector] = Measured(values, required)
    return result


def approved_sheet(conn: Connection, month: str) -> dict[str, Any] | None:
    """The allowance_sheet row of an approved month (None while it is open)."""
    return sql.first_dict(conn, "SELECT * FROM allowance_sheet WHERE month = ? AND voided = 0", (month,))


def _people(conn: Connection) -> dict[int, tuple[str, str, str]]:
    rows = sql.execute(
        conn,
        "SELECT i.id, i.employee_no, i.name, coalesce(u.name, '') FROM inspector i "
        "LEFT JOIN org_unit u ON u.id = i.unit_id",
    )
    return {int(r[0]): (str(r[1]), str(r[2]), str(r[3])) for r in rows}


def _adjustments(conn: Connection, month: str) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for row in sql.all_dicts(
        conn, "SELECT * FROM allowance_adjustment WHERE month = ? AND voided = 0 ORDER BY id", (month,)
    ):
        out.setdefault(int(row["inspector_id"]), []).append(row)
    return out


def compute_month(conn: Connection, month: str) -> list[SheetRow]:
    """The month computed live from today's records and rules, ordered by 工号."""
    rules = rules_for(conn, month)
    measured = measures(conn, month)
    people = _people(conn)
    rows = []
    for inspector, item in measured.items():
        no, name, unit = people[inspector]
        result = compute(rules, item.values, item.required)
        rows.append(SheetRow(inspector, no, name, unit, item.values, item.required, result))
    return sorted(rows, key=lambda r: r.employee_no)


def _stored_rows(conn: Connection, sheet_id: int) -> list[SheetRow]:
    people = _people(conn)
    rows = []
    for line in sql.all_dicts(conn, "SELECT * FROM allowance_line WHERE sheet_id = ? AND voided = 0", (sheet_id,)):
        data = json.loads(line["breakdown"])
        no, name, unit = people[int(line["inspector_id"])]
        rows.append(
            SheetRow(
                int(line["inspector_id"]),
                no,
                name,
                unit,
                {str(k): int(v) for k, v in data.get("measures", {}).items()},
                {str(k): int(v) for k, v in data.get("required", {}).items()},
                from_json(line["breakdown"]),
            )
        )
    return sorted(rows, key=lambda r: r.employee_no)


def month_sheet(conn: Connection, month: str) -> MonthSheet:
    """The stored lines of an approved month, else the live computation; the adjustments paid with the month
    are attached to their inspector's row (an inspector no longer on the roll gets a row of its own)."""
    _check_month(month)
    approved = approved_sheet(conn, month)
    rows = compute_month(conn, month) if approved is None else _stored_rows(conn, int(approved["id"]))
    by_id = {r.inspector_id: r for r in rows}
    extra = []
    people = None
    for inspector, items in _adjustments(conn, month).items():
        if inspector not in by_id:
            people = people or _people(conn)
            no, name, unit = people[inspector]
            by_id[inspector] = SheetRow(inspector, no, name, unit, {}, {}, _NOTHING, on_roll=False)
            extra.append(by_id[inspector])
        by_id[inspector].adjustments = items
    if extra:
        rows = sorted([*rows, *extra], key=lambda r: r.employee_no)
    return MonthSheet(month, approved, rows)


def _breakdown_json(row: SheetRow) -> str:
    """The stored breakdown: the engine's result plus the measures and required values it used."""
    payload = json.loads(as_json(row.result))
    payload["measures"] = row.measures
    payload["required"] = row.required
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def approval_problem(month: str, today: dt.date) -> str | None:
    """Why *month* cannot be approved on *today* (None if it can, as far as the date goes)."""
    problem = month_problem(month)
    if problem:
        return problem
    _first, last = month_bounds(month)
    if last >= today:
        return tr("{month} has not ended yet; approve it from the first day of the next month.").format(month=month)
    return None


def approve(ledger: Ledger, month: str, approved_on: dt.date | None = None) -> dict[str, Any]:
    """Lock a finished month: the sheet and every inspector's line with its breakdown, in one transaction.

    *approved_on* defaults to today; it must lie after the month and not in the future."""
    today = ledger.clock.today()
    problem = approval_problem(month, today)
    if problem:
        raise ValidationError.single("month", problem)
    _first, last = month_bounds(month)
    day = approved_on or today
    if day <= last or day > today:
        raise ValidationError.single(
            "approved_on", tr("The approval date must be after the month and not in the future.")
        )
    with ledger.write() as w:
        if approved_sheet(w.conn, month) is not None:
            raise ValidationError.single("month", tr("{month} is already approved and locked.").format(month=month))
        rows = compute_month(w.conn, month)
        paid_adjustments = sum(
            sum(int(a["amount_yuan"]) for a in items) for items in _adjustments(w.conn, month).values()
        )
        sheet = w.insert(
            m.ALLOWANCE_SHEET,
            {
                "month": month,
                "approved_by": w.actor,
                "approved_on": day,
                "total_yuan": sum(r.result.amount_yuan for r in rows) + paid_adjustments,
                "inspectors": len(rows),
            },
        )
        for row in rows:
            w.insert(
                m.ALLOWANCE_LINE,
                {
                    "sheet_id": sheet["id"],
                    "inspector_id": row.inspector_id,
                    "month": month,
                    "amount_yuan": row.result.amount_yuan,
                    "breakdown": _breakdown_json(row),
                },
            )
        return sheet


def differences(conn: Connection, month: str) -> list[Difference]:
    """Inspectors of an approved month whose allowance, recomputed now, differs from the approved one
    (late edits of duty sheets, 三违 or hazards; an inspector added to the roll late counts as approved 0)."""
    _check_month(month)
    approved = approved_sheet(conn, month)
    if approved is None:
        return []
    stored = {r.inspector_id: r for r in _stored_rows(conn, int(approved["id"]))}
    live = {r.inspector_id: r for r in compute_month(conn, month)}
    out = []
    for inspector in sorted(stored.keys() | live.keys()):
        then = stored[inspector].result.amount_yuan if inspector in stored else 0
        now = live[inspector].result.amount_yuan if inspector in live else 0
        if then != now:
            row = stored.get(inspector) or live[inspector]
            out.append(Difference(inspector, row.employee_no, row.name, then, now))
    return sorted(out, key=lambda d: d.employee_no)


#: What an adjustment asks for (the inspectors and the open months are offered when it is entered).
ADJUSTMENT_FIELDS = (
    FieldSpec("inspector_id", "Inspector", FieldKind.CHOICE, required=True),
    FieldSpec("amount_yuan", "Amount (yuan)", FieldKind.MONEY, required=True, hint="e.g. 180 or -50"),
    FieldSpec("month", "Paid with month", FieldKind.CHOICE, required=True),
    FieldSpec("reason", "Reason", FieldKind.LONG_TEXT, required=True, lines=2),
)


def adjust(
    ledger: Ledger, inspector_id: int, for_month: str, month: str, amount_yuan: int, reason: str
) -> dict[str, Any]:
    """Correct an approved month (*for_month*) through a later, open month's allowance (*month*).

    Every problem is reported at once, one message per field."""
    errors: list[FieldError] = []
    for name, value in (("for_month", for_month), ("month", month)):
        problem = month_problem(value)
        if problem:
            errors.append(FieldError(name, problem))
    if amount_yuan == 0 or not -ADJUSTMENT_LIMIT <= amount_yuan <= ADJUSTMENT_LIMIT:
        errors.append(
            FieldError(
                "amount_yuan",
                tr("Give an amount between −{limit} and {limit} yuan, not 0; negative takes money back.").format(
                    limit=ADJUSTMENT_LIMIT
                ),
            )
        )
    problem = reason_problem(reason)
    if problem:
        errors.append(FieldError("reason", problem))
    months_ok = not any(e.field in ("month", "for_month") for e in errors)
    if months_ok and month <= for_month:
        errors.append(
            FieldError(
                "month",
                tr("The adjustment is paid with a month after {month}; choose a later month.").format(month=for_month),
            )
        )
    with ledger.write() as w:
        if months_ok:
            if approved_sheet(w.conn, for_month) is None:
                errors.append(
                    FieldError(
                        "for_month",
                        tr("{month} is not approved: correct the records instead of adjusting.").format(
                            month=for_month
                        ),
                    )
                )
            if approved_sheet(w.conn, month) is not None:
                errors.append(
                    FieldError(
                        "month",
                        tr("{month} is already approved and locked; choose a later month.").format(month=month),
                    )
                )
        if sql.first(w.conn, "SELECT 1 FROM inspector WHERE id = ? AND voided = 0", (inspector_id,)) is None:
            errors.append(FieldError("inspector_id", tr("No such inspector; choose one from the list.")))
        if errors:
            raise ValidationError(errors)
        return w.insert(
            m.ALLOWANCE_ADJUSTMENT,
            {
                "inspector_id": inspector_id,
                "month": month,
                "for_month": for_month,
                "amount_yuan": amount_yuan,
                "reason": reason.strip(),
            },
        )


def explain_row(row: SheetRow) -> str:
    """The row's computation in words, with the adjustments paid with the month."""
    parts = [explain(row.result)] if row.on_roll else [tr("Not on the roll this month.")]
    for item in row.adjustments:
        parts.append(
            tr("Adjustment for {month}: {amount} yuan ({reason}).").format(
                month=item["for_month"], amount=item["amount_yuan"], reason=item["reason"]
            )
        )
    if row.adjustments:
        parts.append(tr("Total with adjustments: {amount} yuan.").format(amount=row.total_yuan))
    return join_sentences(parts)


def explain_inspector(conn: Connection, month: str, inspector_id: int) -> str:
    """One inspector's allowance of *month* in words (the approved figures once the month is approved)."""
    row = month_sheet(conn, month).row(inspector_id)
    if row is None:
        raise NotFoundError(tr("The inspector has no allowance in {month}.").format(month=month))
    return explain_row(row)
