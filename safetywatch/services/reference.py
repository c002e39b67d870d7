"""Reference data: organisation tree, workstations, inspectors, shifts and the effective-dated lookups.

One declarative description per kind (:data:`KINDS`) drives validation, saving and the generic editor
page, so adding a column is a one-line change here rather than a new form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table

from safetywatch.db import models as m
from safetywatch.domain.errors import FieldError, NotFoundError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import has_visible_content, parse_iso_date, reason_problem, text_problem
from safetywatch.services.database import Ledger


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # English source text; translate with domain tr()
    kind: str = "text"  # text | date | int | ref:<kind key> | choice
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, English label)
    bounds: tuple[int, int] = (-1_000_000, 1_000_000)  # for int fields


@dataclass(frozen=True)
class ReferenceKind:
    key: str
    label: str
    table: Table
    fields: tuple[FieldSpec, ...]
    fixed: tuple[tuple[str, str], ...] = ()  # columns with a fixed value for this kind (lookup_item.kind)
    unique: str = "code"


LEVELS = (("group", "Group"), ("mine", "Mine"), ("unit", "Unit / department"), ("team", "Team"))
LINES = (("front", "Front line"), ("second", "Second line"), ("surface", "Surface"))
ROLES = (
    ("inspector", "Inspector"),
    ("leader", "Group leader"),
    ("chair", "Branch chair"),
    ("receptionist", "Receptionist"),
    ("special", "Special inspector"),
)
NATIONAL = (("major", "Major (重大)"), ("general", "General (一般)"))

_VALIDITY = (
    FieldSpec("valid_from", "Valid from", "date"),
    FieldSpec("valid_to", "Valid to", "date", required=False),
)
_LOOKUP_FIELDS = (
    FieldSpec("code", "Code"),
    FieldSpec("name", "Name"),
    FieldSpec("sort_order", "Order", "int", required=False),
    *_VALIDITY,
)

KINDS: dict[str, ReferenceKind] = {
    k.key: k
    for k in (
        ReferenceKind(
            "org_unit",
            "Organisation",
            m.ORG_UNIT,
            (
                FieldSpec("code", "Code"),
                FieldSpec("name", "Name"),
                FieldSpec("level", "Tree level", "choice", choices=LEVELS),
                FieldSpec("parent_id", "Parent", "ref:org_unit", required=False),
                FieldSpec("active_from", "Active from", "date", required=False),
                FieldSpec("active_to", "Active to", "date", required=False),
            ),
        ),
        ReferenceKind(
            "workstation",
            "Workstations",
            m.WORKSTATION,
            (
                FieldSpec("code", "Code"),
                FieldSpec("name", "Name"),
                FieldSpec("mine_id", "Mine", "ref:org_unit"),
                FieldSpec("location", "Location", required=False),
                FieldSpec("opened_on", "Opened on", "date", required=False),
            ),
        ),
        ReferenceKind(
            "inspector",
            "Inspectors",
            m.INSPECTOR,
            (
                FieldSpec("employee_no", "Employee no."),
                FieldSpec("name", "Name"),
                FieldSpec("unit_id", "Unit", "ref:org_unit"),
                FieldSpec("team_id", "Team", "ref:org_unit", required=False),
                FieldSpec("workstation_id", "Workstation", "ref:workstation", required=False),
                FieldSpec("line", "Line", "choice", choices=LINES),
                FieldSpec("role", "Role", "choice", choices=ROLES),
                FieldSpec("appointed_on", "Appointed on", "date"),
                FieldSpec("left_on", "Left on", "date", required=False),
                FieldSpec("phone", "Phone", required=False),
            ),
            unique="employee_no",
        ),
        ReferenceKind(
            "shift",
            "Shifts",
            m.SHIFT,
            (
                FieldSpec("code", "Code"),
                FieldSpec("name", "Name"),
                FieldSpec("starts", "Starts (HH:MM)"),
                FieldSpec("ends", "Ends (HH:MM)"),
                FieldSpec("sort_order", "Order", "int", required=False),
            ),
        ),
        ReferenceKind(
            "hazard_level",
            "Hazard levels",
            m.HAZARD_LEVEL,
            (
                FieldSpec("code", "Code"),
                FieldSpec("name", "Name"),
                FieldSpec("national", "National grade", "choice", choices=NATIONAL),
                FieldSpec("default_deadline_days", "Default deadline (days)", "int", bounds=(0, 1830)),
                FieldSpec("escalation_target", "Escalates to", required=False),
                FieldSpec("sort_order", "Order", "int", required=False),
                *_VALIDITY,
            ),
        ),
        ReferenceKind(
            "hazard_category",
            "Hazard categories",
            m.LOOKUP_ITEM,
            _LOOKUP_FIELDS,
            fixed=(("kind", "hazard_category"),),
        ),
        ReferenceKind(
            "hazard_nature",
            "Hazard natures",
            m.LOOKUP_ITEM,
            _LOOKUP_FIELDS,
            fixed=(("kind", "hazard_nature"),),
        ),
        ReferenceKind(
            "hazard_source",
            "Hazard sources",
            m.LOOKUP_ITEM,
            _LOOKUP_FIELDS,
            fixed=(("kind", "hazard_source"),),
        ),
    )
}


@dataclass(frozen=True)
class Choice:
    """An entry offered in a form: database id, code and display name."""

    id: int
    code: str
    name: str

    @property
    def display(self) -> str:
        return f"{self.code} {self.name}"


def _where_kind(kind: ReferenceKind) -> tuple[str, tuple[Any, ...]]:
    if not kind.fixed:
        return "1=1", ()
    return " AND ".join(f"{c} = ?" for c, _ in kind.fixed), tuple(v for _, v in kind.fixed)


def list_rows(conn: Connection, kind_key: str, *, include_voided: bool = True) -> list[dict[str, Any]]:
    """Every row of one kind (for the editor), ordered as people expect to see it."""
    kind = KINDS[kind_key]
    where, params = _where_kind(kind)
    if not include_voided:
        where += " AND voided = 0"
    order = "sort_order, code" if "sort_order" in kind.table.c else kind.unique
    rows = conn.exec_driver_sql(f"SELECT * FROM {kind.table.name} WHERE {where} ORDER BY {order}", params)
    return [dict(r._mapping) for r in rows]


def choices(conn: Connection, kind_key: str, on_date: dt.date | None = None) -> list[Choice]:
    """Active entries of a kind, effective on *on_date* (all dates if ``None``), for pick lists."""
    kind = KINDS[kind_key]
    where, params = _where_kind(kind)
    where += " AND voided = 0"
    day = on_date.isoformat() if on_date else None
    if day and "valid_from" in kind.table.c:
        where += " AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)"
        params += (day, day)
    if day and "active_from" in kind.table.c:
        where += " AND (active_from IS NULL OR active_from <= ?) AND (active_to IS NULL OR active_to >= ?)"
        params += (day, day)
    if day and kind_key == "inspector":
        where += " AND appointed_on <= ? AND (left_on IS NULL OR left_on >= ?)"
        params += (day, day)
    code = kind.unique
    order = "sort_order, code" if "sort_order" in kind.table.c else code
    rows = conn.exec_driver_sql(
        f"SELECT id, {code}, name FROM {kind.table.name} WHERE {where} ORDER BY {order}", params
    )
    return [Choice(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def org_units(conn: Connection, level: str, on_date: dt.date | None = None) -> list[Choice]:
    """Active organisation nodes of one level (e.g. the 区队 a hazard can be assigned to)."""
    wanted = {c.id for c in choices(conn, "org_unit", on_date)}
    rows = conn.exec_driver_sql("SELECT id, code, name FROM org_unit WHERE level = ? ORDER BY code", (level,))
    return [Choice(int(r[0]), str(r[1]), str(r[2])) for r in rows if r[0] in wanted]


def validate(conn: Connection, kind: ReferenceKind, values: Mapping[str, str], row_id: int | None) -> dict[str, Any]:
    """Turn typed text into storage values; collect a message for every bad field."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for spec in kind.fields:
        raw = values.get(spec.name) or ""
        if not has_visible_content(raw):
            if spec.required:
                errors.append(FieldError(spec.name, tr("Required.")))
            out[spec.name] = 0 if spec.name == "sort_order" else None
            continue
        if spec.kind == "date":
            day = parse_iso_date(raw)
            if day is None:
                errors.append(FieldError(spec.name, tr("Not a date; type it as YYYY-MM-DD.")))
            out[spec.name] = day.isoformat() if day else None
        elif spec.kind == "int":
            number = raw.strip()
            low, high = spec.bounds
            if not re.fullmatch(r"-?\d{1,9}", number, re.ASCII):
                errors.append(FieldError(spec.name, tr("Not a whole number.")))
            elif not low <= int(number) <= high:
                errors.append(FieldError(spec.name, tr("Must be between {low} and {high}.").format(low=low, high=high)))
            else:
                out[spec.name] = int(number)
        elif spec.kind == "choice":
            if raw not in {v for v, _ in spec.choices}:
                errors.append(FieldError(spec.name, tr("Choose one of the offered values.")))
            out[spec.name] = raw
        elif spec.kind.startswith("ref:"):
            target = KINDS[spec.kind[4:]]
            digits = raw.strip()
            ok = (
                digits.isascii()
                and digits.isdigit()
                and conn.exec_driver_sql(f"SELECT 1 FROM {target.table.name} WHERE id = ?", (int(digits),)).first()
            )
            if not ok:
                errors.append(FieldError(spec.name, tr("Choose an existing entry.")))
            out[spec.name] = int(digits) if ok else None
        else:
            problem = text_problem(raw)
            if problem:
                errors.append(FieldError(spec.name, problem))
            out[spec.name] = raw
    for start, end in (("valid_from", "valid_to"), ("active_from", "active_to"), ("appointed_on", "left_on")):
        if out.get(start) and out.get(end) and out[end] < out[start]:
            errors.append(FieldError(end, tr("Must not be before {start}.").format(start=out[start])))
    key = out.get(kind.unique)
    if key:
        where, params = _where_kind(kind)
        clash = conn.exec_driver_sql(
            f"SELECT id FROM {kind.table.name} WHERE {where} AND {kind.unique} = ? AND id IS NOT ?",
            (*params, key, row_id),
        ).first()
        if clash:
            errors.append(FieldError(kind.unique, tr("“{value}” is already used.").format(value=key)))
    if row_id is not None and out.get("parent_id") == row_id:
        errors.append(FieldError("parent_id", tr("A unit cannot be its own parent.")))
    if errors:
        raise ValidationError(errors)
    out.update(dict(kind.fixed))
    return out


def save(
    ledger: Ledger,
    kind_key: str,
    values: Mapping[str, str],
    *,
    row_id: int | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Create (``row_id`` None) or amend one reference row; an amendment needs a reason."""
    kind = KINDS[kind_key]
    if row_id is not None:
        problem = reason_problem(reason or "")
        if problem:
            raise ValidationError.single("reason", problem)
    with ledger.write() as w:
        clean = validate(w.conn, kind, values, row_id)
        if row_id is None:
            return w.insert(kind.table, clean, reason=reason)
        current = w.load(kind.table, row_id)
        if any(current.get(c) != v for c, v in kind.fixed):
            raise NotFoundError(tr("No such entry."))
        return w.update(kind.table, row_id, clean, action="amend", reason=(reason or "").strip())


def void(ledger: Ledger, kind_key: str, row_id: int, reason: str) -> dict[str, Any]:
    """Retire an entry (it stays on old records, and is no longer offered)."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    kind = KINDS[kind_key]
    with ledger.write() as w:
        current = w.load(kind.table, row_id)
        if any(current.get(c) != v for c, v in kind.fixed):
            raise NotFoundError(tr("No such entry."))
        if current["voided"]:
            raise ValidationError.single("reason", tr("This entry is already retired."))
        return w.void(kind.table, row_id, reason.strip())


# --- defaults -----------------------------------------------------------------------------------------

DEFAULT_CATEGORIES = (
    ("TF", "一通三防"),
    ("WS", "瓦斯"),
    ("DB", "顶板"),
    ("FZS", "防治水"),
    ("JD", "机电"),
    ("YS", "运输提升"),
    ("BP", "爆破"),
    ("DC", "地测"),
    ("JK", "监测监控"),
    ("ZW", "职业卫生"),
    ("LB", "劳保/生活后勤"),
    ("QT", "其他"),
)
DEFAULT_NATURES = (("R", "人的不安全行为"), ("W", "物的不安全状态"), ("H", "环境因素"), ("G", "管理缺陷"))
DEFAULT_SOURCES = (
    ("QJY", "群监员汇报"),
    ("XFD", "小分队"),
    ("ZGDB", "职工代表巡视"),
    ("XG", "女工家属协管"),
    ("JDZ", "接待站接报"),
    ("XZJC", "行政检查"),
    ("SJJC", "上级检查"),
)
DEFAULT_LEVELS = (
    ("A", "A级（停产整改/集团督办）", "major", 30, "集团公司"),
    ("B", "B级（矿限期整改）", "major", 10, "矿"),
    ("C", "C级（区队当班整改）", "general", 3, "区队"),
)
DEFAULT_SHIFTS = (
    ("1", "早班", "08:00", "16:00"),
    ("2", "中班", "16:00", "24:00"),
    ("3", "夜班", "00:00", "08:00"),
)
SEED_FROM = "2000-01-01"


def seed_defaults(ledger: Ledger) -> bool:
    """Fill an empty database with sensible reference data; return whether anything was added."""
    with ledger.write() as w:
        if w.conn.exec_driver_sql("SELECT 1 FROM app_setting WHERE key = 'seeded'").first():
            return False
        w.insert(m.APP_SETTING, {"key": "seeded", "value": "1"})
        lookups = (
            ("hazard_category", DEFAULT_CATEGORIES),
            ("hazard_nature", DEFAULT_NATURES),
            ("hazard_source", DEFAULT_SOURCES),
        )
        for kind, items in lookups:
            for order, (code, name) in enumerate(items, 1):
                w.insert(
                    m.LOOKUP_ITEM,
                    {"kind": kind, "code": code, "name": name, "sort_order": order, "valid_from": SEED_FROM},
                )
        for order, (code, name, national, days, target) in enumerate(DEFAULT_LEVELS, 1):
            w.insert(
                m.HAZARD_LEVEL,
                {
                    "code": code,
                    "name": name,
                    "national": national,
                    "default_deadline_days": days,
                    "escalation_target": target,
                    "sort_order": order,
                    "valid_from": SEED_FROM,
                },
            )
        for order, (code, name, starts, ends) in enumerate(DEFAULT_SHIFTS, 1):
            w.insert(
                m.SHIFT,
                {"code": code, "name": name, "starts": starts, "ends": ends, "sort_order": order},
            )
        mine = w.insert(m.ORG_UNIT, {"code": "M01", "name": "本矿", "level": "mine"})
        w.insert(m.WORKSTATION, {"code": "JK01", "name": "主井口群众安全工作站", "mine_id": mine["id"]})
    return True
