"""Monthly allowances: measures per inspector, the rule engine, approval (lock) and later adjustments.

The rules valid on the month's first day apply to the whole month. A month is computed live until an
officer approves it; approval stores one line per inspector with its breakdown (audited), and from then on
the sheet shows the stored figures. Late edits of duty or 三违 that would change an approved month do not
touch it: :func:`differences` lists them, and the officer enters an adjustment paid with a later, open
month, with a reason.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.allowance import AllowanceResult, Rule, as_json, compute, explain, from_json
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import reason_problem
from safetywatch.services import rates, sql
from safetywatch.services.database import Ledger


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


def rules_for(conn: Connection, month: str) -> list[Rule]:
    first, _ = rates.month_bounds(month)
    rows = sql.execute(
        conn,
        "SELECT code, name, kind, metric, op, threshold, amount_yuan FROM allowance_rule WHERE voided = 0 "
        "AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY sort_order, code",
        (first.isoformat(), first.isoformat()),
    )
    return [Rule(*row) for row in rows]


def _per_inspector(conn: Connection, query: str, params: tuple[Any, ...]) -> dict[int, int]:
    return {int(k): int(v) for k, v in sql.execute(conn, query, params) if k is not None}


def measures(conn: Connection, month: str) -> tuple[dict[int, rates.InspectorMonth], dict[int, dict[str, int]]]:
    """Every measure the rules can test, for every inspector on the roll in *month* (one query per measure)."""
    first, last = rates.month_bounds(month)
    span = (first.isoformat(), last.isoformat())
    months = rates.inspector_months(conn, month)
    hazards = _per_inspector(
        conn,
        "SELECT finder_id, count(*) FROM hazard WHERE found_date BETWEEN ? AND ? AND voided = 0 GROUP BY finder_id",
        span,
    )
    major = _per_inspector(
        conn,
        "SELECT h.finder_id, count(*) FROM hazard h JOIN hazard_level l ON l.id = h.level_id "
        "WHERE h.found_date BETWEEN ? AND ? AND h.voided = 0 AND l.national = 'major' GROUP BY h.finder_id",
        span,
    )
    stopped = _per_inspector(
        conn,
        "SELECT stopped_by_id, count(*) FROM violation WHERE found_date BETWEEN ? AND ? AND voided = 0 "
        "GROUP BY stopped_by_id",
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
        result[inspector] = {
            "duty_shifts": item.on_shifts,
            "reports": item.substantive_reports,
            "suggestions": item.suggestions,
            "hazards_found": hazards.get(inspector, 0),
            "major_hazards_found": major.get(inspector, 0),
            "violations_stopped": stopped.get(inspector, 0),
            "own_violations": own.get(inspector, 0),
            "team_serious_violations": team.get(inspector, 0),
        }
    return months, result


def _required(item: rates.InspectorMonth) -> dict[str, int]:
    return {
        "duty_shifts": item.required_shifts,
        "reports": item.required_reports,
        "suggestions": item.required_suggestions,
    }


def approved_sheet(conn: Connection, month: str) -> dict[str, Any] | None:
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
    """The month computed live from today's records and rules."""
    rules = rules_for(conn, month)
    months, measured = measures(conn, month)
    people = _people(conn)
    rows = []
    for inspector, values in measured.items():
        required = _required(months[inspector])
        no, name, unit = people[inspector]
        rows.append(SheetRow(inspector, no, name, unit, values, required, compute(rules, values, required)))
    return sorted(rows, key=lambda r: r.employee_no)


def month_sheet(conn: Connection, month: str) -> MonthSheet:
    """The stored lines of an approved month, else the live computation; adjustments paid with it added."""
    approved = approved_sheet(conn, month)
    adjustments = _adjustments(conn, month)
    if approved is None:
        rows = compute_month(conn, month)
    else:
        people = _people(conn)
        rows = []
        for line in sql.all_dicts(
            conn, "SELECT * FROM allowance_line WHERE sheet_id = ? AND voided = 0", (approved["id"],)
        ):
            stored = from_json(line["breakdown"])
            data = _breakdown_extras(line["breakdown"])
            no, name, unit = people[int(line["inspector_id"])]
            rows.append(SheetRow(int(line["inspector_id"]), no, name, unit, data["measures"], data["required"], stored))
        rows.sort(key=lambda r: r.employee_no)
    by_id = {r.inspector_id: r for r in rows}
    for inspector, items in adjustments.items():
        if inspector in by_id:
            by_id[inspector].adjustments = items
    return MonthSheet(month, approved, rows)


def _breakdown_json(row: SheetRow) -> str:
    """The stored breakdown: the engine's result plus the measures and required values it used."""
    payload = json.loads(as_json(row.result))
    payload["measures"] = row.measures
    payload["required"] = row.required
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _breakdown_extras(text: str) -> dict[str, dict[str, int]]:
    data = json.loads(text)
    return {"measures": data.get("measures", {}), "required": data.get("required", {})}


def approve(ledger: Ledger, month: str, approved_on: dt.date | None = None) -> dict[str, Any]:
    """Lock a finished month: store every inspector's line and breakdown in one transaction."""
    today = ledger.clock.today()
    _first, last = rates.month_bounds(month)
    if last >= today:
        raise ValidationError.single(
            "month",
            tr("{month} has not ended yet; approve it from the first day of the next month.").format(month=month),
        )
    day = approved_on or today
    if day <= last or day > today:
        raise ValidationError.single(
            "approved_on", tr("The approval date must be after the month and not in the future.")
        )
    with ledger.write() as w:
        if approved_sheet(w.conn, month) is not None:
            raise ValidationError.single("month", tr("{month} is already approved and locked.").format(month=month))
        rows = compute_month(w.conn, month)
        sheet = w.insert(
            m.ALLOWANCE_SHEET,
            {
                "month": month,
                "approved_by": w.actor,
                "approved_on": day,
                "total_yuan": sum(r.result.amount_yuan for r in rows),
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


def differences(conn: Connection, month: str) -> list[tuple[SheetRow, int]]:
    """Inspectors of an approved month whose live recomputation differs: (stored row, amount now)."""
    sheet = month_sheet(conn, month)
    if sheet.approved is None:
        return []
    now = {r.inspector_id: r.result.amount_yuan for r in compute_month(conn, month)}
    return [(r, now.get(r.inspector_id, 0)) for r in sheet.rows if now.get(r.inspector_id, 0) != r.result.amount_yuan]


def adjust(
    ledger: Ledger, inspector_id: int, for_month: str, month: str, amount_yuan: int, reason: str
) -> dict[str, Any]:
    """Correct an approved month through a later, open month's allowance."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    rates.month_bounds(for_month)
    rates.month_bounds(month)
    if amount_yuan == 0 or not -100_000 <= amount_yuan <= 100_000:
        raise ValidationError.single("amount_yuan", tr("Give an amount between −100000 and 100000, not 0."))
    if month <= for_month:
        raise ValidationError.single(
            "month", tr("The adjustment is paid with a month after {month}.").format(month=for_month)
        )
    with ledger.write() as w:
        if approved_sheet(w.conn, for_month) is None:
            raise ValidationError.single(
                "for_month", tr("{month} is not approved: change the records instead.").format(month=for_month)
            )
        if approved_sheet(w.conn, month) is not None:
            raise ValidationError.single("month", tr("{month} is already approved and locked.").format(month=month))
        if sql.first(w.conn, "SELECT 1 FROM inspector WHERE id = ?", (inspector_id,)) is None:
            raise ValidationError.single("inspector_id", tr("No such inspector."))
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
    text = explain(row.result)
    for item in row.adjustments:
        text += " " + tr("Adjustment for {month}: {amount} yuan ({reason}).").format(
            month=item["for_month"], amount=item["amount_yuan"], reason=item["reason"]
        )
    if row.adjustments:
        text += " " + tr("Total with adjustments: {amount} yuan.").format(amount=row.total_yuan)
    return text
