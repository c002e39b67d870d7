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
from safetywatch.domain.allowance import METRICS
from safetywatch.domain.errors import FieldError, NotFoundError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import has_visible_content, parse_iso_date, reason_problem, text_problem
from safetywatch.services.core.ledger import Ledger, one_transaction
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # English source text; translate with domain tr()
    kind: str = "text"  # text | date | time | int | ref:<kind key> | choice
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
VIOLATION_CLASSES = (
    ("command", "Command against rules (违章指挥)"),
    ("operation", "Operation against rules (违章作业)"),
    ("discipline", "Labour discipline (违反劳动纪律)"),
)
VIOLATION_GRADES = (("general", "General (一般)"), ("serious", "Serious (严重)"))
#: What a hazard source counts as in the report: found by the network itself (its inspectors, squads,
#: representatives, family assistants, reception desk) or by an administrative or higher-level inspection.
SOURCE_CLASSES = (("network", "Found by the network (群监网)"), ("inspection", "Administrative or higher inspection"))
RULE_KINDS = (
    ("base", "Base amount"),
    ("gate", "Gate (cancels the month)"),
    ("deduction", "Deduction per missing item"),
    ("bonus", "Bonus per item"),
    ("cap", "Cap"),
)
RULE_OPS = (("lt", "less than"), ("ge", "at least"))

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


def _lookup(
    key: str, label: str, maps_to: tuple[tuple[str, str], ...] = (), *, class_required: bool = True
) -> ReferenceKind:
    """An effective-dated lookup list kept in ``lookup_item``, optionally mapped to a fixed statistic class."""
    fields: tuple[FieldSpec, ...] = _LOOKUP_FIELDS
    if maps_to:
        counts_as = FieldSpec("maps_to", "Counts as", "choice", required=class_required, choices=maps_to)
        fields = (*_LOOKUP_FIELDS[:2], counts_as, *_LOOKUP_FIELDS[2:])
    return ReferenceKind(key, label, m.LOOKUP_ITEM, fields, fixed=(("kind", key),))


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
                FieldSpec("starts", "Starts (HH:MM)", "time"),
                FieldSpec("ends", "Ends (HH:MM)", "time"),
                FieldSpec("sort_order", "Order", "int", required=False),
                FieldSpec("mine_id", "Mine (empty: every mine)", "ref:org_unit", required=False),
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
        # a source without a class (from before issue 16) leaves the network's share of hazards unknown
        _lookup("hazard_source", "Hazard sources", SOURCE_CLASSES, class_required=False),
        _lookup("violation_type", "三违 types", VIOLATION_CLASSES),
        _lookup("violation_severity", "三违 severities", VIOLATION_GRADES),
        _lookup("employment", "Employment types"),
        _lookup("violation_found_via", "How 三违 are found"),
        _lookup("handling_step", "三违 handling steps"),
        _lookup("suggestion_category", "Suggestion categories"),
        ReferenceKind(
            "rate_norm",
            "Monthly norms",
            m.RATE_NORM,
            (
                FieldSpec("code", "Code"),
                FieldSpec("name", "Name"),
                FieldSpec("duty_shifts", "Duty shifts a month", "int", bounds=(0, 93)),
                FieldSpec("reports", "Reports a month", "int", bounds=(0, 93)),
                FieldSpec("suggestions", "Suggestions a month", "int", bounds=(0, 100)),
                *_VALIDITY,
            ),
        ),
        ReferenceKind(
            "allowance_rule",
            "Allowance rules",
            m.ALLOWANCE_RULE,
            (
                FieldSpec("code", "Code"),
                FieldSpec("name", "Name"),
                FieldSpec("kind", "Rule kind", "choice", choices=RULE_KINDS),
                FieldSpec("metric", "Measure", "choice", required=False, choices=METRICS),
                FieldSpec("op", "Gate fires when the measure is", "choice", required=False, choices=RULE_OPS),
                FieldSpec(
                    "threshold", "Threshold (empty: the month's norm)", "int", required=False, bounds=(0, 10_000)
                ),
                FieldSpec("amount_yuan", "Amount (yuan)", "int", bounds=(0, 1_000_000)),
                FieldSpec("sort_order", "Order", "int", required=False),
                *_VALIDITY,
            ),
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
        elif spec.kind == "time":
            # 24:00 is allowed as an end: a shift "16:00–24:00" is how mines write the middle shift.
            if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d|24:00", raw, re.ASCII):
                errors.append(FieldError(spec.name, tr("Not a time; type it as HH:MM (00:00–24:00).")))
            out[spec.name] = raw
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
            f"SELECT id FROM {kind.table.name} WHERE {where} AND {kind.unique} = ? AND id IS DISTINCT FROM ?",
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


def save_in(
    w: Writer,
    kind_key: str,
    values: Mapping[str, str],
    *,
    row_id: int | None = None,
    reason: str | None = None,
    origin: Origin = TYPED_IN,
) -> dict[str, Any]:
    """Create (``row_id`` None) or amend one reference row; an amendment needs a reason."""
    kind = KINDS[kind_key]
    if row_id is not None:
        problem = reason_problem(reason or "")
        if problem:
            raise ValidationError.single("reason", problem)
    clean = validate(w.conn, kind, values, row_id)
    if row_id is None:
        return w.insert(kind.table, {**clean, **origin.identity()}, reason=reason)
    current = w.load(kind.table, row_id)
    if any(current.get(c) != v for c, v in kind.fixed):
        raise NotFoundError(tr("No such entry."))
    return w.update(kind.table, row_id, clean, action="amend", reason=(reason or "").strip())


save = one_transaction(save_in)


def void_in(w: Writer, kind_key: str, row_id: int, reason: str) -> dict[str, Any]:
    """Retire an entry (it stays on old records, and is no longer offered)."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    kind = KINDS[kind_key]
    current = w.load(kind.table, row_id)
    if any(current.get(c) != v for c, v in kind.fixed):
        raise NotFoundError(tr("No such entry."))
    if current["voided"]:
        raise ValidationError.single("reason", tr("This entry is already retired."))
    return w.void(kind.table, row_id, reason.strip())


void = one_transaction(void_in)


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
    ("QJY", "群监员汇报", "network"),
    ("XFD", "小分队", "network"),
    ("ZGDB", "职工代表巡视", "network"),
    ("XG", "女工家属协管", "network"),
    ("JDZ", "接待站接报", "network"),
    ("XZJC", "行政检查", "inspection"),
    ("SJJC", "上级检查", "inspection"),
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
DEFAULT_VIOLATION_TYPES = (
    ("ZH", "违章指挥", "command"),
    ("ZY", "违章作业", "operation"),
    ("JL", "违反劳动纪律", "discipline"),
)
DEFAULT_VIOLATION_SEVERITIES = (("YB", "一般三违", "general"), ("YZ", "严重三违", "serious"))
DEFAULT_EMPLOYMENT = (("ZS", "正式工"), ("XZ", "协作工"), ("WB", "外包工"))
DEFAULT_FOUND_VIA = (("QJY", "群监员汇报"), ("XFD", "小分队"), ("JDZ", "接待站"), ("GB", "干部/安监员检查"))
DEFAULT_HANDLING_STEPS = (
    ("JT", "书面检讨"),
    ("TH", "队/系统领导谈话"),
    ("BG", "井口曝光/广播"),
    ("LB", "家属联保"),
    ("PX", "脱产培训"),
    ("FK", "罚款"),
    ("XG", "下岗"),
)
DEFAULT_SUGGESTION_CATEGORIES = (("AQ", "安全技术"), ("GL", "安全管理"), ("ZB", "装备改进"), ("QT", "其他"))
#: One of domain.md §1.5's examples: ≥21 shifts, ≥6 reports, ≥1 suggestion; a missed quota or a 三违 cancels.
DEFAULT_NORM = ("N1", "默认月度考核标准", 21, 6, 1)
DEFAULT_RULES: tuple[tuple[str, str, str, str | None, str | None, int | None, int], ...] = (
    # code, name, kind, metric, op, threshold (None = the norm), amount
    ("R01", "基础津贴", "base", None, None, None, 200),
    ("R02", "上岗班次未达标准，当月津贴取消", "gate", "duty_shifts", "lt", None, 0),
    ("R03", "有效汇报未达标准，当月津贴取消", "gate", "reports", "lt", None, 0),
    ("R04", "本人三违，当月津贴取消", "gate", "own_violations", "ge", 1, 0),
    ("R05", "本班组发生严重三违，当月津贴取消", "gate", "team_serious_violations", "ge", 1, 0),
    ("R06", "合理化建议每少一条扣", "deduction", "suggestions", None, None, 20),
    ("R07", "发现重大隐患每条奖励", "bonus", "major_hazards_found", None, 0, 50),
    ("R08", "月度津贴上限", "cap", None, None, None, 300),
)
SEED_FROM = "2000-01-01"


def _holds_reference_data(conn: Connection) -> bool:
    tables = sorted({kind.table.name for kind in KINDS.values()})
    return (
        conn.exec_driver_sql(" UNION ALL ".join(f"SELECT 1 FROM {t}" for t in tables) + " LIMIT 1").first() is not None
    )


def seed_defaults(ledger: Ledger) -> bool:
    """Fill an empty database with sensible reference data; return whether anything was added.

    Done once ('seeded' marker), and never over reference data that came from elsewhere: a database created
    empty for an import (``import --new``) holds the imported codes, which the defaults' codes would clash
    with. So the program itself needs no marker written during an import, which would be a settings write
    the importing officer's role may not make.
    """
    with ledger.write() as w:
        if w.conn.exec_driver_sql("SELECT 1 FROM app_setting WHERE key = 'seeded'").first():
            return False
        if _holds_reference_data(w.conn):
            return False
        w.insert(m.APP_SETTING, {"key": "seeded", "value": "1"})
        lookups = (
            ("hazard_category", DEFAULT_CATEGORIES),
            ("hazard_nature", DEFAULT_NATURES),
        )
        for kind, items in lookups:
            for order, (code, name) in enumerate(items, 1):
                w.insert(
                    m.LOOKUP_ITEM,
                    {"kind": kind, "code": code, "name": name, "sort_order": order, "valid_from": SEED_FROM},
                )
        mapped = (
            ("hazard_source", DEFAULT_SOURCES),
            ("violation_type", DEFAULT_VIOLATION_TYPES),
            ("violation_severity", DEFAULT_VIOLATION_SEVERITIES),
            ("employment", tuple((c, n, None) for c, n in DEFAULT_EMPLOYMENT)),
            ("violation_found_via", tuple((c, n, None) for c, n in DEFAULT_FOUND_VIA)),
            ("handling_step", tuple((c, n, None) for c, n in DEFAULT_HANDLING_STEPS)),
            ("suggestion_category", tuple((c, n, None) for c, n in DEFAULT_SUGGESTION_CATEGORIES)),
        )
        for kind, entries in mapped:
            for order, (code, name, maps_to) in enumerate(entries, 1):
                w.insert(
                    m.LOOKUP_ITEM,
                    {
                        "kind": kind,
                        "code": code,
                        "name": name,
                        "sort_order": order,
                        "valid_from": SEED_FROM,
                        "maps_to": maps_to,
                    },
                )
        code, name, shifts, reports, suggestions = DEFAULT_NORM
        w.insert(
            m.RATE_NORM,
            {
                "code": code,
                "name": name,
                "duty_shifts": shifts,
                "reports": reports,
                "suggestions": suggestions,
                "valid_from": SEED_FROM,
            },
        )
        for order, (code, name, rule_kind, metric, op, threshold, amount) in enumerate(DEFAULT_RULES, 1):
            w.insert(
                m.ALLOWANCE_RULE,
                {
                    "code": code,
                    "name": name,
                    "kind": rule_kind,
                    "metric": metric,
                    "op": op,
                    "threshold": threshold,
                    "amount_yuan": amount,
                    "sort_order": order,
                    "valid_from": SEED_FROM,
                },
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


# --- workstations closed and restored (issue 16 §3) ----------------------------------------------------


def close_workstation_in(
    w: Writer, workstation_id: int, closed_on: dt.date | None, reason: str, *, origin: Origin = TYPED_IN
) -> dict[str, Any]:
    """Close a workstation from *closed_on* (its first closed day), with a reason: a closing is kept in
    ``workstation_closure`` and the workstation shows it in ``closed_on`` until it reopens."""
    errors: list[FieldError] = []
    problem = reason_problem(reason)
    if problem:
        errors.append(FieldError("reason", problem))
    station = w.load(m.WORKSTATION, workstation_id)
    if station["voided"]:
        errors.append(FieldError("", tr("This entry has been retired; choose another.")))
    if closed_on is None:
        errors.append(FieldError("closed_on", tr("Not a date; type it as YYYY-MM-DD.")))
    elif station["closed_on"] is not None:
        errors.append(FieldError("closed_on", tr("Already closed since {date}.").format(date=station["closed_on"])))
    else:
        day = closed_on.isoformat()
        if station["opened_on"] and day <= station["opened_on"]:
            errors.append(FieldError("closed_on", tr("Must be after {start}.").format(start=station["opened_on"])))
        last = w.conn.exec_driver_sql(
            "SELECT max(reopened_on) FROM workstation_closure WHERE workstation_id = ? AND voided = 0",
            (workstation_id,),
        ).scalar()
        if last is not None and day <= last:
            errors.append(FieldError("closed_on", tr("Must be after {start}.").format(start=last)))
        latest = _latest_record(w.conn, workstation_id, day)
        if latest is not None:
            message = tr(
                "{code} has a record dated {date} ({record}): close it from the day after its last record, "
                "or void that record first."
            )
            errors.append(
                FieldError("closed_on", message.format(code=station["code"], date=latest[0], record=latest[1]))
            )
    if errors:
        raise ValidationError(errors)
    assert closed_on is not None
    why = reason.strip()
    closing = {"workstation_id": workstation_id, "closed_on": closed_on, "reason": why, **origin.identity()}
    w.insert(m.WORKSTATION_CLOSURE, closing)
    return w.update(m.WORKSTATION, workstation_id, {"closed_on": closed_on}, action="amend", reason=why)


close_workstation = one_transaction(close_workstation_in)


def _latest_record(conn: Connection, workstation_id: int, day: str) -> tuple[str, str] | None:
    """(date, what) of the workstation's latest valid record dated *day* or later: a closing from *day* would
    leave it dated while closed."""
    found = conn.exec_driver_sql(
        "SELECT found_date, number FROM hazard WHERE workstation_id = :ws AND voided = 0 AND found_date >= :day "
        "UNION ALL SELECT found_date, number FROM violation WHERE workstation_id = :ws AND voided = 0 "
        "AND found_date >= :day UNION ALL SELECT shift_date, NULL FROM duty_sheet "
        "WHERE workstation_id = :ws AND voided = 0 AND shift_date >= :day ORDER BY 1 DESC LIMIT 1",
        {"ws": workstation_id, "day": day},
    ).first()
    if found is None:
        return None
    what = found[1] if found[1] is not None else tr("the shift sheet of {date}").format(date=found[0])
    return str(found[0]), str(what)


def reopen_workstation_in(w: Writer, workstation_id: int, reopened_on: dt.date | None, reason: str) -> dict[str, Any]:
    """Restore (恢复) a closed workstation from *reopened_on*, its first open day again."""
    errors: list[FieldError] = []
    problem = reason_problem(reason)
    if problem:
        errors.append(FieldError("reason", problem))
    station = w.load(m.WORKSTATION, workstation_id)
    closure = w.conn.exec_driver_sql(
        "SELECT id, closed_on FROM workstation_closure WHERE workstation_id = ? AND voided = 0 "
        "AND reopened_on IS NULL ORDER BY id DESC LIMIT 1",
        (workstation_id,),
    ).first()
    if closure is None or station["closed_on"] is None:
        errors.append(FieldError("reopened_on", tr("This workstation is not closed.")))
    elif reopened_on is None:
        errors.append(FieldError("reopened_on", tr("Not a date; type it as YYYY-MM-DD.")))
    elif reopened_on.isoformat() <= closure[1]:
        errors.append(FieldError("reopened_on", tr("Must be after {start}.").format(start=closure[1])))
    if errors:
        raise ValidationError(errors)
    assert closure is not None and reopened_on is not None
    why = reason.strip()
    w.update(m.WORKSTATION_CLOSURE, int(closure[0]), {"reopened_on": reopened_on}, action="amend", reason=why)
    return w.update(m.WORKSTATION, workstation_id, {"closed_on": None}, action="amend", reason=why)


reopen_workstation = one_transaction(reopen_workstation_in)


def closures(conn: Connection, workstation_id: int) -> list[dict[str, Any]]:
    """A workstation's closings and reopenings, oldest first."""
    rows = conn.exec_driver_sql(
        "SELECT * FROM workstation_closure WHERE workstation_id = ? AND voided = 0 ORDER BY closed_on, id",
        (workstation_id,),
    )
    return [dict(r._mapping) for r in rows]
