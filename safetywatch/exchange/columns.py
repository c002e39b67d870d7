"""The column registry: for every record kind, the fixed column order of its CSV/XLSX export.

Each column is an SQL expression over the kind's ``FROM`` clause, so the export is one plain SQL query
streamed with ``fetchmany`` (no ORM objects, no per-row Python formatting): references come out as their
code *and* display name, dates and instants in their ISO storage form, flags as 0/1, and text cells that a
spreadsheet would read as a formula get a leading ``'`` in SQL (:func:`guarded`). ``docs/csv-format.md``
is generated from this registry (:func:`data_dictionary`) and a test keeps the two equal.

**Columns are only ever appended.** A test holds the released column lists; a new column goes at the end
of its kind, never in the middle, and none is renamed or removed, so a reader's column positions stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection; ASVS 5.0 1.2.10).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")

#: Column types: how a value is written and read back.
TEXT, CODE, INT, DATE, TIME, MONTH, INSTANT, FLAG, JSON = (
    "text",
    "code",
    "int",
    "date",
    "time",
    "month",
    "instant",
    "flag",
    "json",
)
GUARDED_TYPES = frozenset({TEXT, CODE, JSON})
NUMERIC_TYPES = frozenset({INT, FLAG})


#: The two header sets of an export: Chinese headers and labels (what an auditor reads in Excel/WPS), or
#: the stable machine keys and codes (what programs read). The importer accepts either.
LABELS, KEYS = "labels", "keys"
HEADER_SETS = (LABELS, KEYS)


@dataclass(frozen=True)
class Column:
    """One exported column: its header name, SQL expression, type and what it means; its Chinese header
    (``label``) and, for a column of fixed values, each code's Chinese label (``values``)."""

    name: str
    sql: str
    type: str
    doc: str
    label: str = ""
    values: tuple[tuple[str, str], ...] = ()

    @property
    def header(self) -> str:
        """The Chinese header: ``label``, else the Chinese words the meaning starts with (``隐患编号 — ...``)."""
        return self.label or self.doc.split("—", 1)[0].strip()


@dataclass(frozen=True)
class Kind:
    """One exportable record kind."""

    key: str
    title: str  # English; the GUI translates it
    source: str  # FROM ... JOIN ...
    columns: tuple[Column, ...]
    order: str
    modified: str  # SQL expression: last-modified instant (UTC ISO text)
    event_date: str | None = None  # SQL expression: the business date the event-date filter uses
    where: str = ""  # a fixed condition of the kind
    importable: bool = False
    note: str = ""  # for the data dictionary
    #: FROM clause enough for counting (the joins are many-to-one on required keys, so they drop no row);
    #: it must hold every alias the filters and ``where`` use. None: count over ``source``.
    count_source: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def guarded(expression: str) -> str:
    """SQL for a text cell with the formula guard: a leading ``'`` when the text, after any apostrophes it
    already starts with, starts with ``= + - @`` TAB CR or NUL. Reversible: the importer removes exactly one
    ``'`` from such cells, so a stored text that itself starts with ``'=`` comes back unchanged."""
    e = expression
    # unicode() looks at the first character only: the common case (no trigger, no apostrophe) costs one
    # comparison, and ltrim/substr run only for cells that start with a trigger or an apostrophe (on the
    # 25 text columns of a hazard this halved the guard's cost).
    return (
        f"CASE WHEN unicode({e}) IN (61, 43, 45, 64, 9, 13, 0, 39) "
        f"AND substr(ltrim({e}, ''''), 1, 1) IN ('=', '+', '-', '@', char(9), char(13), char(0)) "
        f"THEN '''' || {e} ELSE {e} END"
    )


def select_expression(col: Column, headers: str = KEYS) -> str:
    """SQL for a column's cell: its code, or with *headers* ``labels`` its Chinese label for a fixed value."""
    sql = col.sql
    if headers == LABELS and col.values:
        cases = " ".join(f"WHEN '{code}' THEN '{label}'" for code, label in col.values)
        sql = f"CASE {sql} {cases} ELSE {sql} END"
    return guarded(sql) if col.type in GUARDED_TYPES else sql


def header_row(kind: Kind, headers: str = KEYS) -> tuple[str, ...]:
    return kind.names if headers == KEYS else tuple(c.header for c in kind.columns)


# --- building blocks ----------------------------------------------------------------------------------


def _c(
    name: str, sql: str, type_: str, doc: str, *, label: str = "", values: tuple[tuple[str, str], ...] = ()
) -> Column:
    return Column(name, sql, type_, doc, label, values)


def _ref(prefix: str, alias: str, what: str, *, code: str = "code") -> tuple[Column, Column]:
    """A reference as its code and its display name (Chinese headers ``<what>代码`` and ``<what>名称``)."""
    chinese = what.split(" ", 1)[0]
    return (
        Column(f"{prefix}_code", f"{alias}.{code}", CODE, f"{what}: code", f"{chinese}代码"),
        Column(f"{prefix}_name", f"{alias}.name", TEXT, f"{what}: display name", f"{chinese}名称"),
    )


def _doc_values(values: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{code} {label}" for code, label in values)


# Fixed values and their Chinese labels (an export with Chinese headers writes the label).
_HAZARD_STATUSES = (
    ("registered", "登记"),
    ("notice_issued", "已通知"),
    ("in_rectification", "整改中"),
    ("reported_done", "待验收"),
    ("accepted", "已验收"),
    ("closed", "已销号"),
    ("voided", "已作废"),
)
_NATIONAL = (("major", "重大"), ("general", "一般"))
_STEP_ACTIONS = (
    ("register", "登记"),
    ("fix_on_site", "现场整改"),
    ("issue_notice", "下达通知"),
    ("start_rectification", "开始整改"),
    ("report_done", "整改完成"),
    ("accept", "验收"),
    ("reject", "验收不合格"),
    ("close", "销号"),
    ("extend", "延期"),
    ("escalate", "挂牌督办"),
    ("void", "作废"),
    ("amend", "修改"),
)
_DUTY_STATUSES = (("on", "上岗"), ("absent", "缺岗"), ("leave", "请假"), ("injury", "工伤"), ("training", "培训"))


def _record(alias: str) -> tuple[Column, ...]:
    """The columns every audited record ends with: void flag and reason, version, created/updated."""
    return (
        _c("voided", f"{alias}.voided", FLAG, "作废 — 1 if the record is void (records are never deleted)"),
        _c("void_reason", f"{alias}.void_reason", TEXT, "作废原因 — why it was voided"),
        _c("version", f"{alias}.version", INT, "版本 — 1 when entered, +1 for every change (audit history)"),
        _c("created_at", f"{alias}.created_at", INSTANT, "录入时间 — when it was entered (UTC)"),
        _c("updated_at", f"{alias}.updated_at", INSTANT, "修改时间 — last change (UTC); the modified filter uses it"),
    )


def _uuid(alias: str) -> Column:
    return _c("uuid", f"{alias}.uuid", CODE, "UUID — the record's permanent identity (re-imports match on it)")


# --- the kinds ----------------------------------------------------------------------------------------

_HAZARDS = Kind(
    key="hazards",
    title="Hazard register",
    source=(
        "hazard h JOIN workstation w ON w.id = h.workstation_id JOIN shift sh ON sh.id = h.shift_id "
        "JOIN lookup_item src ON src.id = h.source_id LEFT JOIN inspector fi ON fi.id = h.finder_id "
        "JOIN org_unit u ON u.id = h.unit_id JOIN lookup_item cat ON cat.id = h.category_id "
        "JOIN lookup_item nat ON nat.id = h.nature_id JOIN hazard_level lv ON lv.id = h.level_id "
        "LEFT JOIN hazard dup ON dup.id = h.duplicate_of_id LEFT JOIN squad_activity sq ON sq.id = h.squad_activity_id "
        "LEFT JOIN tour t ON t.id = h.tour_id"
    ),
    columns=(
        _c("number", "h.number", CODE, "隐患编号 — workstation code, year found, serial (JK01-2026-00017)"),
        _uuid("h"),
        *_ref("workstation", "w", "井口工作站 workstation"),
        _c("found_date", "h.found_date", DATE, "排查日期 — the day it was found (event date filter)"),
        *_ref("shift", "sh", "班次 shift"),
        *_ref("source", "src", "隐患来源 source (lookup hazard_source)"),
        _c("finder_no", "fi.employee_no", CODE, "发现人工号 — the inspector's 工号, empty if found by someone else"),
        _c("finder_name", "h.finder_name", TEXT, "发现人 — who found it"),
        *_ref("unit", "u", "责任单位 responsible unit (organisation)"),
        _c("location", "h.location", TEXT, "地点 — where"),
        _c("description", "h.description", TEXT, "隐患内容 — what is wrong"),
        *_ref("category", "cat", "专业 category (lookup hazard_category)"),
        *_ref("nature", "nat", "性质 nature (lookup hazard_nature)"),
        *_ref("level", "lv", "隐患等级 level"),
        _c(
            "level_national",
            "lv.national",
            CODE,
            "国家分级 — major (重大) or general (一般), from the level",
            values=_NATIONAL,
        ),
        _c("major_item", "h.major_item", TEXT, "重大隐患判定标准条目 — item of the major-hazard standard"),
        _c("fixed_on_site", "h.fixed_on_site", FLAG, "现场整改 — 1 if fixed on the spot (closed at registration)"),
        _c("rectify_person", "h.rectify_person", TEXT, "整改责任人 — who rectifies"),
        _c("deadline", "h.deadline", DATE, "整改期限 — current deadline (after extensions)"),
        _c("original_deadline", "h.original_deadline", DATE, "原期限 — the deadline first set"),
        _c("responsibility", "h.responsibility", TEXT, "责任 — responsibility (五定)"),
        _c("standard", "h.standard", TEXT, "整改标准 — standard to reach (五定)"),
        _c("measures", "h.measures", TEXT, "整改措施 — measures (五定/五落实)"),
        _c("funds_yuan", "h.funds_yuan", INT, "资金（元）— funds, whole yuan (五落实)"),
        _c("contingency_plan", "h.contingency_plan", TEXT, "预案 — contingency plan (五落实)"),
        _c("status", "h.status", CODE, "状态 — " + _doc_values(_HAZARD_STATUSES), values=_HAZARD_STATUSES),
        _c("notice_no", "h.notice_no", TEXT, "通知单号 — rectification notice number"),
        _c("notice_issued_on", "h.notice_issued_on", DATE, "通知日期 — notice issued on"),
        _c("receipt_signed_by", "h.receipt_signed_by", TEXT, "签收人 — who signed the notice's receipt"),
        _c("rectified_on", "h.rectified_on", DATE, "整改完成日期 — reported done on"),
        _c("accepted_by", "h.accepted_by", TEXT, "验收人 — who accepted the rectification"),
        _c("accepted_on", "h.accepted_on", DATE, "验收日期 — accepted on"),
        _c("closed_on", "h.closed_on", DATE, "销号日期 — closed (written off) on"),
        _c("escalation_level", "h.escalation_level", TEXT, "挂牌督办级别 — supervised listing level"),
        _c("duplicate_of", "dup.number", CODE, "重复于 — number of the hazard this one duplicates (voided ones)"),
        _c("squad_activity_uuid", "sq.uuid", CODE, "小分队检查 — UUID of the squad check that found it"),
        _c("tour_uuid", "t.uuid", CODE, "职代巡视 — UUID of the tour that found it"),
        _c("clerk", "h.clerk", TEXT, "录入人 — operator who entered it"),
        _c("remarks", "h.remarks", TEXT, "备注 — remarks"),
        *_record("h"),
    ),
    order="h.id",
    modified="h.updated_at",
    event_date="h.found_date",
    count_source="hazard h",
    importable=True,
    note=(
        "One row per hazard with its current state. The follow-up steps are the kind `hazard_steps`. "
        "Importing a hazards file rebuilds each hazard's timeline from its dated columns (registered on "
        "`found_date`, notice, rectified, accepted, closed, void) — what a paper register records."
    ),
)

_HAZARD_STEPS = Kind(
    key="hazard_steps",
    title="Hazard follow-up steps",
    source="hazard_follow_up f JOIN hazard h ON h.id = f.hazard_id",
    columns=(
        _c("hazard_number", "h.number", CODE, "隐患编号 — the hazard's number"),
        _c("hazard_uuid", "h.uuid", CODE, "the hazard's UUID", label="隐患UUID"),
        _uuid("f"),
        _c("action", "f.action", CODE, "步骤 — " + _doc_values(_STEP_ACTIONS), values=_STEP_ACTIONS),
        _c(
            "from_status",
            "f.from_status",
            CODE,
            "原状态 — state before the step (see hazards.status)",
            values=_HAZARD_STATUSES,
        ),
        _c("to_status", "f.to_status", CODE, "新状态 — state after the step", values=_HAZARD_STATUSES),
        _c("on_date", "f.on_date", DATE, "日期 — the day of the step (event date filter)"),
        _c("person", "f.person", TEXT, "现场人员 — who acted on site (receiver, rectifier, acceptor, ...)"),
        _c("note", "f.note", TEXT, "说明 — note or reason"),
        _c(
            "result",
            "f.result",
            CODE,
            "验收结果 — pass 合格 or fail 不合格 (acceptance steps)",
            values=(("pass", "合格"), ("fail", "不合格")),
        ),
        _c("new_deadline", "f.new_deadline", DATE, "新期限 — new deadline (extensions)"),
        _c("escalation_level", "f.escalation_level", TEXT, "督办级别 — supervised listing level (escalations)"),
        _c("actor", "f.actor", TEXT, "操作员 — operator who entered the step"),
        *_record("f"),
    ),
    order="f.id",
    modified="f.updated_at",
    event_date="f.on_date",
    count_source="hazard_follow_up f",
    note="One row per step of a hazard's closed loop, oldest first: the timeline of the detail panel.",
)

_VIOLATIONS = Kind(
    key="violations",
    title="三违",
    source=(
        "violation v JOIN workstation w ON w.id = v.workstation_id JOIN shift sh ON sh.id = v.shift_id "
        "JOIN org_unit u ON u.id = v.offender_unit_id LEFT JOIN org_unit tm ON tm.id = v.offender_team_id "
        "JOIN lookup_item emp ON emp.id = v.employment_id JOIN lookup_item ty ON ty.id = v.type_id "
        "JOIN lookup_item sev ON sev.id = v.severity_id JOIN lookup_item via ON via.id = v.found_via_id "
        "LEFT JOIN inspector st ON st.id = v.stopped_by_id LEFT JOIN hazard hz ON hz.id = v.hazard_id"
    ),
    columns=(
        _c("number", "v.number", CODE, "三违编号 — workstation code, SW, year, serial (JK01-SW-2026-00017)"),
        _uuid("v"),
        *_ref("workstation", "w", "井口工作站 workstation"),
        _c("found_date", "v.found_date", DATE, "日期 — the day it was stopped (event date filter)"),
        *_ref("shift", "sh", "班次 shift"),
        _c("found_time", "v.found_time", TIME, "时间 — HH:MM"),
        _c("location", "v.location", TEXT, "地点 — where"),
        _c("offender_no", "v.offender_no", CODE, "违章人工号 — the offender's 工号 if known"),
        _c("offender_name", "v.offender_name", TEXT, "违章人 — the offender's name"),
        *_ref("offender_unit", "u", "违章人单位 the offender's unit"),
        *_ref("offender_team", "tm", "违章人班组 the offender's team"),
        _c("offender_trade", "v.offender_trade", TEXT, "工种 — trade"),
        *_ref("employment", "emp", "用工性质 employment (lookup employment)"),
        *_ref("type", "ty", "三违类型 type (lookup violation_type)"),
        _c(
            "type_class",
            "ty.maps_to",
            CODE,
            "类型归类 — command 违章指挥, operation 违章作业, discipline 违反劳动纪律",
            values=(("command", "违章指挥"), ("operation", "违章作业"), ("discipline", "违反劳动纪律")),
        ),
        *_ref("severity", "sev", "严重程度 severity (lookup violation_severity)"),
        _c(
            "severity_class",
            "sev.maps_to",
            CODE,
            "程度归类 — general 一般 or serious 严重",
            values=(("general", "一般"), ("serious", "严重")),
        ),
        _c("rule_item", "v.rule_item", TEXT, "违反条款 — rule item broken"),
        _c("description", "v.description", TEXT, "违章事实 — what happened"),
        _c(
            "stopped_by_kind",
            "v.stopped_by_kind",
            CODE,
            "制止人类别 — inspector 群监员, cadre 干部, safety 安监员, other 其他",
            values=(("inspector", "群监员"), ("cadre", "干部"), ("safety", "安监员"), ("other", "其他")),
        ),
        _c("stopped_by_no", "st.employee_no", CODE, "制止人工号 — the inspector's 工号 (kind inspector)"),
        _c("stopped_by_name", "v.stopped_by_name", TEXT, "制止人 — who stopped it"),
        *_ref("found_via", "via", "发现途径 found via (lookup violation_found_via)"),
        _c("hazard_number", "hz.number", CODE, "关联隐患 — number of a linked hazard"),
        _c("offender_signed", "v.offender_signed", FLAG, "本人签字 — 1 if the offender signed the paper record"),
        _c("clerk", "v.clerk", TEXT, "录入人 — operator who entered it"),
        _c("remarks", "v.remarks", TEXT, "备注 — remarks"),
        *_record("v"),
    ),
    order="v.id",
    modified="v.updated_at",
    event_date="v.found_date",
    count_source="violation v",
    importable=True,
    note="One row per 三违 stopped; its handling entries are the kind `violation_handling`.",
)

_VIOLATION_HANDLING = Kind(
    key="violation_handling",
    title="三违 handling",
    source=(
        "violation_handling vh JOIN violation v ON v.id = vh.violation_id JOIN lookup_item stp ON stp.id = vh.step_id"
    ),
    columns=(
        _c("violation_number", "v.number", CODE, "三违编号 — the 三违's number"),
        _c("violation_uuid", "v.uuid", CODE, "the 三违's UUID", label="三违UUID"),
        _uuid("vh"),
        *_ref("step", "stp", "处理步骤 handling step (lookup handling_step)"),
        _c("on_date", "vh.on_date", DATE, "日期 — the day (event date filter)"),
        _c("training_days", "vh.training_days", INT, "培训天数 — training days"),
        _c("fine_yuan", "vh.fine_yuan", INT, "罚款（元）— fine, whole yuan"),
        _c("decided_by", "vh.decided_by", TEXT, "决定人 — who decided"),
        _c("note", "vh.note", TEXT, "说明 — note"),
        _c("actor", "vh.actor", TEXT, "操作员 — operator who entered it"),
        *_record("vh"),
    ),
    order="vh.id",
    modified="vh.updated_at",
    event_date="vh.on_date",
    count_source="violation_handling vh",
    importable=True,
    note="One row per handling entry (帮教, training, fine) of a 三违; the 三违 must exist (import it first).",
)

_DUTY_SHEETS = Kind(
    key="duty_sheets",
    title="Shift sheets",
    source="duty_sheet ds JOIN workstation w ON w.id = ds.workstation_id JOIN shift sh ON sh.id = ds.shift_id",
    columns=(
        _uuid("ds"),
        *_ref("workstation", "w", "井口工作站 workstation"),
        _c("shift_date", "ds.shift_date", DATE, "日期 — the shift's date (event date filter)"),
        *_ref("shift", "sh", "班次 shift"),
        _c("inspectors", "json_array_length(ds.marks)", INT, "人数 — inspectors marked on the sheet"),
        _c("clerk", "ds.clerk", TEXT, "录入人 — clerk"),
        _c("note", "ds.note", TEXT, "备注 — note"),
        *_record("ds"),
    ),
    order="ds.id",
    modified="ds.updated_at",
    event_date="ds.shift_date",
    importable=True,
    note=(
        "One row per shift sheet (the audited unit of duty). A voided sheet appears here with its reason; "
        "its marks no longer count and are not in `duty`. Importing it creates each sheet with its note and "
        "clerk but without marks (`inspectors` is counted, not read): the marks come with `duty`, imported "
        "after it; a void sheet comes back void, without the marks that no longer counted."
    ),
)

_DUTY_SOURCE = (
    "duty d JOIN duty_sheet ds ON ds.id = d.sheet_id JOIN inspector i ON i.id = d.inspector_id "
    "JOIN org_unit u ON u.id = i.unit_id JOIN shift sh ON sh.id = d.shift_id "
    "JOIN workstation w ON w.id = d.workstation_id"
)
_DUTY_HEAD = (
    _c("sheet_uuid", "ds.uuid", CODE, "班表 UUID — the shift sheet this mark belongs to"),
    _c("shift_date", "d.shift_date", DATE, "日期 — the shift's date (event date filter)"),
    *_ref("shift", "sh", "班次 shift"),
    *_ref("workstation", "w", "井口工作站 workstation"),
    _c("employee_no", "i.employee_no", CODE, "工号 — the inspector's 工号"),
    _c("inspector_name", "i.name", TEXT, "姓名 — the inspector's name"),
    *_ref("unit", "u", "单位 the inspector's unit (current)"),
)
_DUTY = Kind(
    key="duty",
    title="Duty records",
    source=_DUTY_SOURCE,
    columns=(
        *_DUTY_HEAD,
        _c("status", "d.status", CODE, "上岗情况 — " + _doc_values(_DUTY_STATUSES), values=_DUTY_STATUSES),
        _c("on_duty", "d.on_duty", FLAG, "上岗 — 1 if on duty"),
        _c("exempt", "d.exempt", FLAG, "免考 — 1 if leave, injury or training exempts the shift"),
        _c("time_in", "d.time_in", TIME, "下井时间 — HH:MM"),
        _c("time_out", "d.time_out", TIME, "升井时间 — HH:MM"),
        _c("place", "d.place", TEXT, "工作地点 — work place"),
        _c("reported", "d.reported", FLAG, "汇报 — 1 if the inspector reported this shift"),
        _c("no_problem", "d.no_problem", FLAG, "本班无问题 — 1 if the report said no problem"),
        _c("summary", "d.summary", TEXT, "汇报内容 — the report's summary"),
        _c("n_hazards", "d.n_hazards", INT, "隐患数 — hazards reported"),
        _c("n_violations", "d.n_violations", INT, "三违数 — 三违 reported"),
        _c("n_suggestions", "d.n_suggestions", INT, "建议数 — suggestions reported"),
        _c("sheet_updated_at", "ds.updated_at", INSTANT, "班表修改时间 — last change of the sheet (UTC)"),
    ),
    order="d.sheet_id, d.inspector_id",
    modified="ds.updated_at",
    event_date="d.shift_date",
    count_source="duty d JOIN duty_sheet ds ON ds.id = d.sheet_id",
    importable=True,
    note=(
        "One row per inspector and shift of a valid (not voided) shift sheet — the projection of the "
        "sheets' marks. Rows carry no void flag: a voided sheet's marks leave this table (see `duty_sheets`). "
        "Importing it saves one shift sheet per `sheet_uuid` (empty: per workstation, day and shift) with "
        "the marks of its rows, through the shift sheet's checks; `on_duty` and `exempt` follow from "
        "`status` and are not read."
    ),
)

_REPORTS = Kind(
    key="reports",
    title="Reports (汇报)",
    source=_DUTY_SOURCE,
    columns=(
        *_DUTY_HEAD,
        _c("no_problem", "d.no_problem", FLAG, "本班无问题 — 1 if the report said no problem"),
        _c("summary", "d.summary", TEXT, "汇报内容 — the report's summary"),
        _c("n_hazards", "d.n_hazards", INT, "隐患数 — hazards reported"),
        _c("n_violations", "d.n_violations", INT, "三违数 — 三违 reported"),
        _c("n_suggestions", "d.n_suggestions", INT, "建议数 — suggestions reported"),
        _c("sheet_updated_at", "ds.updated_at", INSTANT, "班表修改时间 — last change of the sheet (UTC)"),
    ),
    order="d.sheet_id, d.inspector_id",
    modified="ds.updated_at",
    event_date="d.shift_date",
    count_source="duty d JOIN duty_sheet ds ON ds.id = d.sheet_id",
    where="d.reported = 1",
    note="The duty rows with a report (汇报 = 1): one row per inspector-shift reported.",
)

_SUGGESTIONS = Kind(
    key="suggestions",
    title="Safety suggestions",
    source=(
        "suggestion s LEFT JOIN inspector p ON p.id = s.proposer_id JOIN org_unit u ON u.id = s.unit_id "
        "JOIN lookup_item cat ON cat.id = s.category_id"
    ),
    columns=(
        _uuid("s"),
        _c("proposed_on", "s.proposed_on", DATE, "提出日期 — proposed on (event date filter)"),
        _c("proposer_no", "p.employee_no", CODE, "提出人工号 — the inspector's 工号, if one"),
        _c("proposer_name", "s.proposer_name", TEXT, "提出人 — who proposed it"),
        *_ref("unit", "u", "单位 unit"),
        *_ref("category", "cat", "类别 category (lookup suggestion_category)"),
        _c("content", "s.content", TEXT, "建议内容 — the suggestion"),
        _c(
            "status",
            "s.status",
            CODE,
            "状态 — submitted 已提交, adopted 已采纳, rejected 未采纳",
            values=(("submitted", "已提交"), ("adopted", "已采纳"), ("rejected", "未采纳")),
        ),
        _c("reviewed_by", "s.reviewed_by", TEXT, "评审人 — reviewed by"),
        _c("reviewed_on", "s.reviewed_on", DATE, "评审日期 — reviewed on"),
        _c("review_note", "s.review_note", TEXT, "评审意见 — review note"),
        _c("implemented_by", "s.implemented_by", TEXT, "实施单位/人 — implemented by"),
        _c("implemented_on", "s.implemented_on", DATE, "实施日期 — implemented on"),
        _c("benefit", "s.benefit", TEXT, "效益 — benefit"),
        _c("reward_yuan", "s.reward_yuan", INT, "奖励（元）— reward, whole yuan"),
        _c("clerk", "s.clerk", TEXT, "录入人 — operator who entered it"),
        *_record("s"),
    ),
    order="s.id",
    modified="s.updated_at",
    event_date="s.proposed_on",
    importable=True,
    note=(
        "Importing a suggestion submits it, then records its 评审 (status `adopted`/`rejected` with "
        "`reviewed_by`, `reviewed_on`, `review_note`) and its implementation, through the same rules as the form."
    ),
)

_SQUADS = Kind(
    key="squads",
    title="Squad checks",
    source="squad_activity sq",
    columns=(
        _uuid("sq"),
        _c("on_date", "sq.on_date", DATE, "日期 — the day of the check (event date filter)"),
        _c("squad", "sq.squad", TEXT, "小分队 — squad"),
        _c("leader", "sq.leader", TEXT, "带队人 — leader"),
        _c("members", "sq.members", TEXT, "成员 — members"),
        _c("route", "sq.route", TEXT, "检查路线 — route"),
        _c("violations_stopped", "sq.violations_stopped", INT, "制止三违 — 三违 stopped"),
        _c(
            "hazards_found",
            "(SELECT count(*) FROM hazard hf WHERE hf.squad_activity_id = sq.id AND hf.voided = 0)",
            INT,
            "查出隐患 — hazards linked to this check (not voided)",
        ),
        _c("note", "sq.note", TEXT, "备注 — note"),
        _c("clerk", "sq.clerk", TEXT, "录入人 — operator who entered it"),
        *_record("sq"),
    ),
    order="sq.id",
    modified="sq.updated_at",
    event_date="sq.on_date",
    importable=True,
    note=(
        "One row per safety squad (小分队) check; its hazards are in `hazards` (`squad_activity_uuid`): import "
        "the squad checks before the hazards, which are linked to them as they come in (`hazards_found` is "
        "counted, not read)."
    ),
)

_TOURS = Kind(
    key="tours",
    title="Tours",
    source="tour t",
    columns=(
        _uuid("t"),
        _c("on_date", "t.on_date", DATE, "日期 — the day of the tour (event date filter)"),
        _c("organiser", "t.organiser", TEXT, "组织者 — organiser"),
        _c("areas", "t.areas", TEXT, "巡视区域 — areas"),
        _c("reps", "t.reps", INT, "职工代表人数 — worker representatives (person-times; the number named, if named)"),
        _c("note", "t.note", TEXT, "备注 — note"),
        _c("clerk", "t.clerk", TEXT, "录入人 — operator who entered it"),
        *_record("t"),
        _c(
            "representatives",
            # the stored canonical JSON as typed: 张三 10234、李四 (domain.representatives), in the order entered
            "(SELECT group_concat(person, '、') FROM (SELECT rtrim(json_extract(value, '$.name') || ' ' || "
            "coalesce(json_extract(value, '$.employee_no'), '')) AS person FROM json_each(t.representatives) "
            "ORDER BY key))",
            TEXT,
            "参加代表 — the representatives who took part, 、-separated: name and 工号 (张三 10234、李四); empty "
            "when only the head count was kept",
        ),
    ),
    order="t.id",
    modified="t.updated_at",
    event_date="t.on_date",
    importable=True,
    note=(
        "One row per worker representatives' tour (职代巡视); the problems raised are `tour_problems`. "
        "Import the tours before their problems and before the hazards that name them (`tour_uuid`)."
    ),
)

_TOUR_PROBLEMS = Kind(
    key="tour_problems",
    title="Tour problems",
    source=(
        "tour_problem tp JOIN tour t ON t.id = tp.tour_id LEFT JOIN org_unit u ON u.id = tp.unit_id "
        "LEFT JOIN hazard hz ON hz.id = tp.hazard_id"
    ),
    columns=(
        _c("tour_uuid", "t.uuid", CODE, "巡视 UUID — the tour"),
        _c("tour_date", "t.on_date", DATE, "巡视日期 — the tour's date (event date filter)"),
        _uuid("tp"),
        _c("description", "tp.description", TEXT, "问题 — the problem"),
        *_ref("unit", "u", "责任单位 unit"),
        _c(
            "category",
            "tp.category",
            CODE,
            "类别 — safety 安全, labour 劳动保护, other 其他",
            values=(("safety", "安全"), ("labour", "劳动保护"), ("other", "其他")),
        ),
        _c(
            "status",
            "tp.status",
            CODE,
            "状态 — on_site 现场解决, later 限期解决, open 未解决",
            values=(("on_site", "现场解决"), ("later", "限期解决"), ("open", "未解决")),
        ),
        _c("deadline", "tp.deadline", DATE, "期限 — deadline (status later)"),
        _c("reply", "tp.reply", TEXT, "答复 — reply"),
        _c("hazard_number", "hz.number", CODE, "关联隐患 — number of a linked hazard"),
        *_record("tp"),
        _c("solved_on", "tp.solved_on", DATE, "解决日期 — the day it was solved afterwards (not on site)"),
        _c("solved_by", "tp.solved_by", TEXT, "解决人 — who solved it afterwards (with the date)"),
    ),
    order="tp.id",
    modified="tp.updated_at",
    event_date="t.on_date",
    importable=True,
    note="One row per problem raised on a tour; the tour (`tour_uuid`) must be in the database.",
)

_FAMILY = Kind(
    key="family",
    title="Family activities",
    source=(
        "family_activity fa LEFT JOIN violation v ON v.id = fa.violation_id "
        "LEFT JOIN org_unit fm ON fm.id = fa.mine_id"
    ),
    columns=(
        _uuid("fa"),
        _c("on_date", "fa.on_date", DATE, "日期 — the day (event date filter)"),
        _c(
            "kind",
            "fa.kind",
            CODE,
            "类型 — home_visit 家访, conflict 化解矛盾, forum 座谈, pithead 井口送温暖",
            values=(("home_visit", "家访"), ("conflict", "化解矛盾"), ("forum", "座谈"), ("pithead", "井口送温暖")),
        ),
        _c("visitors", "fa.visitors", TEXT, "协管人员 — who went"),
        _c("person_visited", "fa.person_visited", TEXT, "对象 — person visited"),
        _c(
            "reason",
            "fa.reason",
            CODE,
            "原因 — violation 三违, worry 不放心人员, other 其他",
            values=(("violation", "三违"), ("worry", "不放心人员"), ("other", "其他")),
        ),
        _c("worry_type", "fa.worry_type", TEXT, "不放心人员类型 — type of worry"),
        _c("violation_number", "v.number", CODE, "关联三违 — number of the 三违 that led to the visit"),
        _c("participants", "fa.participants", INT, "人数 — participants"),
        _c("outcome", "fa.outcome", TEXT, "效果 — outcome"),
        _c("follow_up", "fa.follow_up", TEXT, "跟踪 — follow-up"),
        _c("clerk", "fa.clerk", TEXT, "录入人 — operator who entered it"),
        *_record("fa"),
        *_ref("mine", "fm", "矿 mine (whose family assistants did it; empty on records from before it was asked)"),
    ),
    order="fa.id",
    modified="fa.updated_at",
    event_date="fa.on_date",
    importable=True,
    note=(
        "Women's family safety assistance (女工家属协管): visits, conflicts resolved, forums, pit-head visits. "
        "A visit's 三违 (`violation_number`) must be in the database (import the 三违 first). The mine "
        "(`mine_code`) is required on import, except for a visit whose 三违 gives it (the offender's mine)."
    ),
    count_source="family_activity fa",
)

_TRAINING = Kind(
    key="training",
    title="Inspector training",
    source="training_session ts JOIN org_unit tu ON tu.id = ts.unit_id",
    columns=(
        _uuid("ts"),
        _c("on_date", "ts.on_date", DATE, "日期 — the day of the session (event date filter)"),
        _c("topic", "ts.topic", TEXT, "培训内容 — topic"),
        _c("hours", "ts.hours", INT, "学时 — class hours"),
        _c("teacher", "ts.teacher", TEXT, "授课人 — teacher"),
        *_ref("unit", "tu", "组织单位 organising mine or unit"),
        _c(
            "attendee_nos",
            "(SELECT group_concat(employee_no, ' ') FROM (SELECT i.employee_no FROM training_attendee a "
            "JOIN inspector i ON i.id = a.inspector_id WHERE a.session_id = ts.id AND a.voided = 0 ORDER BY a.id))",
            TEXT,
            "参训网员工号 — the inspectors who attended, by 工号, separated by spaces",
        ),
        _c(
            "attendee_count",
            "(SELECT count(*) FROM training_attendee a WHERE a.session_id = ts.id AND a.voided = 0)",
            INT,
            "参训人数 — how many attended (counted, not read on import)",
        ),
        _c("note", "ts.note", TEXT, "备注 — note"),
        _c("clerk", "ts.clerk", TEXT, "录入人 — operator who entered it"),
        *_record("ts"),
    ),
    order="ts.id",
    modified="ts.updated_at",
    event_date="ts.on_date",
    importable=True,
    count_source="training_session ts",
    note=(
        "One row per inspector training session (网员培训) with its attendees in one cell (`attendee_nos`: "
        "工号 separated by spaces, as on the sign-in sheet; names of inspectors are accepted on import). "
        "The inspectors and the organising unit must be in the database (import the reference data first)."
    ),
)

_CLOSURES = Kind(
    key="workstation_closures",
    title="Workstation closings",
    source="workstation_closure x JOIN workstation w ON w.id = x.workstation_id",
    columns=(
        *_ref("workstation", "w", "工作站 workstation"),
        _c("closed_on", "x.closed_on", DATE, "撤站日期 — the first day closed"),
        _c("reason", "x.reason", TEXT, "撤站原因 — why it was closed"),
        _c("reopened_on", "x.reopened_on", DATE, "恢复日期 — the first day open again (empty: still closed)"),
        _uuid("x"),
        *_record("x"),
    ),
    order="x.id",
    modified="x.updated_at",
    importable=True,
    note=(
        "Reference data: each closing of a pit-head workstation (撤站) and its reopening (恢复建站), the history "
        "the report counts restored stations from; no event date (use the modified filter). Import it after "
        "`workstations` and before the records: a record dated while its workstation was closed is refused."
    ),
)

_ALLOWANCES = Kind(
    key="allowances",
    title="Allowances (approved)",
    source=(
        "allowance_line al JOIN allowance_sheet sht ON sht.id = al.sheet_id JOIN inspector i ON i.id = al.inspector_id "
        "JOIN org_unit u ON u.id = i.unit_id"
    ),
    columns=(
        _c("month", "al.month", MONTH, "月份 — YYYY-MM (event date filter: the month's first day)"),
        _c("employee_no", "i.employee_no", CODE, "工号 — the inspector's 工号"),
        _c("inspector_name", "i.name", TEXT, "姓名 — the inspector's name"),
        *_ref("unit", "u", "单位 the inspector's unit (current)"),
        _c("amount_yuan", "al.amount_yuan", INT, "津贴（元）— the approved allowance, whole yuan"),
        _c("breakdown", "al.breakdown", JSON, "明细 — which rule gave what (canonical JSON)"),
        _c("approved_by", "sht.approved_by", TEXT, "审批人 — who approved the month"),
        _c("approved_on", "sht.approved_on", DATE, "审批日期 — approved on"),
        _uuid("al"),
        *_record("al"),
    ),
    order="al.month, i.employee_no",
    modified="al.updated_at",
    event_date="al.month || '-01'",
    note="The approved allowance lines (one per inspector and approved month), as paid.",
)

_AUDIT = Kind(
    key="audit_events",
    title="Audit events",
    source="audit_event ae",
    columns=(
        _c("seq", "ae.seq", INT, "序号 — position in the hash chain (1, 2, 3, ...)"),
        _c("at_utc", "ae.at_utc", INSTANT, "时间 — when (UTC); both filters use it"),
        _c("actor", "ae.actor", TEXT, "操作员 — who"),
        _c("action", "ae.action", CODE, "动作 — create, update, amend, void, a loop step, import, ..."),
        _c("entity", "ae.entity", CODE, "对象 — table of the record (hazard, violation, ...)"),
        _c("entity_id", "ae.entity_id", INT, "对象 id — the record's id in that table"),
        _c("entity_uuid", "ae.entity_uuid", CODE, "对象 UUID — the record's UUID"),
        _c("before", "ae.before", JSON, "修改前 — old values of the changed columns (JSON); empty on create"),
        _c(
            "after",
            "ae.after",
            JSON,
            "修改后 — the new row on create, else the new values (JSON); format 2 leaves out what replay restores",
        ),
        _c("reason", "ae.reason", TEXT, "原因 — reason given (amend, void, extension, ...)"),
        _c("prev_hash", "ae.prev_hash", CODE, "前哈希 — hash of the event before (format 1; empty in format 2)"),
        _c("hash", "ae.hash", CODE, "哈希 — SHA-256 over the previous event's hash and this event, in its format"),
        _c("format", "ae.format", INT, "格式 — 1: written before issue 14; 2: since (docs/audit-format.md)"),
    ),
    order="ae.seq",
    modified="ae.at_utc",
    event_date="substr(ae.at_utc, 1, 10)",
    note=(
        "The hash-chained audit log, in chain order. The event-date filter uses the UTC day of `at_utc`. "
        "A full export can be checked with the same recomputation `safetywatch verify` does."
    ),
)


def _reference(key: str, title: str, source: str, alias: str, columns: tuple[Column, ...], note: str = "") -> Kind:
    return Kind(
        key=key,
        title=title,
        source=source,
        columns=(*columns, _uuid(alias), *_record(alias)),
        order=f"{alias}.id",
        modified=f"{alias}.updated_at",
        importable=True,
        note=note or "Reference data; no event date (use the modified filter).",
    )


_VALIDITY = (
    _c("valid_from", "x.valid_from", DATE, "生效日期 — valid from"),
    _c("valid_to", "x.valid_to", DATE, "失效日期 — valid to (empty: still valid)"),
)

_REFERENCE = (
    _reference(
        "org_units",
        "Organisation",
        "org_unit x LEFT JOIN org_unit p ON p.id = x.parent_id",
        "x",
        (
            _c("code", "x.code", CODE, "代码 — code"),
            _c("name", "x.name", TEXT, "名称 — name"),
            _c(
                "level",
                "x.level",
                CODE,
                "层级 — group 集团, mine 矿, unit 区队/科室, team 班组",
                values=(("group", "集团"), ("mine", "矿"), ("unit", "区队/科室"), ("team", "班组")),
            ),
            *_ref("parent", "p", "上级 parent"),
            _c("active_from", "x.active_from", DATE, "启用日期 — active from"),
            _c("active_to", "x.active_to", DATE, "停用日期 — active to"),
        ),
        "The organisation tree (集团 → 矿 → 区队/科室 → 班组); parents come before their children.",
    ),
    _reference(
        "workstations",
        "Workstations",
        "workstation x JOIN org_unit mn ON mn.id = x.mine_id",
        "x",
        (
            _c("code", "x.code", CODE, "代码 — code (prefix of the numbers written on paper)"),
            _c("name", "x.name", TEXT, "名称 — name"),
            *_ref("mine", "mn", "所属矿 mine"),
            _c("location", "x.location", TEXT, "位置 — location"),
            _c("opened_on", "x.opened_on", DATE, "设立日期 — opened on"),
        ),
    ),
    _reference(
        "inspectors",
        "Inspectors",
        "inspector x JOIN org_unit u ON u.id = x.unit_id LEFT JOIN org_unit tm ON tm.id = x.team_id "
        "LEFT JOIN workstation w ON w.id = x.workstation_id",
        "x",
        (
            _c("employee_no", "x.employee_no", CODE, "工号 — employee number"),
            _c("name", "x.name", TEXT, "姓名 — name"),
            *_ref("unit", "u", "单位 unit"),
            *_ref("team", "tm", "班组 team"),
            *_ref("workstation", "w", "井口工作站 workstation"),
            _c(
                "line",
                "x.line",
                CODE,
                "一线/二线 — front 一线, second 二线, surface 地面",
                values=(("front", "一线"), ("second", "二线"), ("surface", "地面")),
            ),
            _c(
                "role",
                "x.role",
                CODE,
                "职务 — inspector 群监员, leader 群监组长, chair 分会主任, receptionist 接待员, special 特聘群监员",
                values=(
                    ("inspector", "群监员"),
                    ("leader", "群监组长"),
                    ("chair", "分会主任"),
                    ("receptionist", "接待员"),
                    ("special", "特聘群监员"),
                ),
            ),
            _c("appointed_on", "x.appointed_on", DATE, "聘任日期 — appointed on"),
            _c("left_on", "x.left_on", DATE, "离任日期 — left on"),
            _c("phone", "x.phone", TEXT, "电话 — phone"),
        ),
    ),
    _reference(
        "shifts",
        "Shifts",
        "shift x LEFT JOIN org_unit mn ON mn.id = x.mine_id",
        "x",
        (
            _c("code", "x.code", CODE, "代码 — code"),
            _c("name", "x.name", TEXT, "名称 — name"),
            _c("starts", "x.starts", TIME, "开始 — HH:MM"),
            _c("ends", "x.ends", TIME, "结束 — HH:MM"),
            _c("sort_order", "x.sort_order", INT, "顺序 — order"),
            *_ref("mine", "mn", "所属矿 mine (empty: every mine)"),
        ),
    ),
    _reference(
        "hazard_levels",
        "Hazard levels",
        "hazard_level x",
        "x",
        (
            _c("code", "x.code", CODE, "代码 — code"),
            _c("name", "x.name", TEXT, "名称 — name"),
            _c("national", "x.national", CODE, "国家分级 — major 重大 or general 一般", values=_NATIONAL),
            _c("default_deadline_days", "x.default_deadline_days", INT, "默认期限（天）— default deadline, days"),
            _c("escalation_target", "x.escalation_target", TEXT, "督办单位 — escalates to"),
            _c("sort_order", "x.sort_order", INT, "顺序 — order"),
            *_VALIDITY,
        ),
    ),
    _reference(
        "lookups",
        "Lookup lists",
        "lookup_item x",
        "x",
        (
            _c(
                "list",
                "x.kind",
                CODE,
                "列表 — hazard_category, hazard_nature, hazard_source, violation_type, violation_severity, "
                "employment, violation_found_via, handling_step, suggestion_category",
            ),
            _c("code", "x.code", CODE, "代码 — code (unique within its list)"),
            _c("name", "x.name", TEXT, "名称 — name"),
            _c("maps_to", "x.maps_to", CODE, "统计归类 — what it counts as (三违 types and severities)"),
            _c("sort_order", "x.sort_order", INT, "顺序 — order"),
            *_VALIDITY,
        ),
        "Every effective-dated lookup list in one file; `list` says which list a row belongs to.",
    ),
    _reference(
        "rate_norms",
        "Monthly norms",
        "rate_norm x",
        "x",
        (
            _c("code", "x.code", CODE, "代码 — code"),
            _c("name", "x.name", TEXT, "名称 — name"),
            _c("duty_shifts", "x.duty_shifts", INT, "月上岗班次 — duty shifts a month"),
            _c("reports", "x.reports", INT, "月汇报次数 — reports a month"),
            _c("suggestions", "x.suggestions", INT, "月建议条数 — suggestions a month"),
            *_VALIDITY,
        ),
    ),
    _reference(
        "allowance_rules",
        "Allowance rules",
        "allowance_rule x",
        "x",
        (
            _c("code", "x.code", CODE, "代码 — code"),
            _c("name", "x.name", TEXT, "名称 — name"),
            _c("kind", "x.kind", CODE, "规则类型 — base, gate, deduction, bonus, cap"),
            _c("metric", "x.metric", CODE, "考核项 — the measure"),
            _c("op", "x.op", CODE, "比较 — lt (less than) or ge (at least), for gates"),
            _c("threshold", "x.threshold", INT, "阈值 — threshold (empty: the month's norm)"),
            _c("amount_yuan", "x.amount_yuan", INT, "金额（元）— amount, whole yuan"),
            _c("sort_order", "x.sort_order", INT, "顺序 — order"),
            *_VALIDITY,
        ),
    ),
)

KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        _HAZARDS,
        _HAZARD_STEPS,
        _VIOLATIONS,
        _VIOLATION_HANDLING,
        _DUTY_SHEETS,
        _DUTY,
        _REPORTS,
        _SUGGESTIONS,
        _SQUADS,
        _TOURS,
        _TOUR_PROBLEMS,
        _FAMILY,
        _TRAINING,
        _ALLOWANCES,
        _AUDIT,
        *_REFERENCE,
        _CLOSURES,
    )
}

REFERENCE_KINDS = tuple(k.key for k in _REFERENCE)
#: The kinds that can be imported (docs/csv-format.md says why these), in the order to import them.
IMPORTABLE: tuple[str, ...] = (
    *REFERENCE_KINDS,
    "workstation_closures",
    "squads",
    "tours",
    "hazards",
    "tour_problems",
    "violations",
    "violation_handling",
    "family",
    "training",
    "suggestions",
    "duty_sheets",
    "duty",
)
#: Text encodings the importer accepts ("auto": UTF-8 with or without BOM, else GB18030).
ENCODINGS = ("auto", "utf-8", "gb18030")


def data_dictionary() -> str:
    """The Markdown tables of ``docs/csv-format.md`` (between its generated markers)."""
    out: list[str] = []
    for kind in KINDS.values():
        flags = []
        flags.append("importable" if kind.importable else "export only")
        flags.append(f"event date: `{kind.event_date}`" if kind.event_date else "no event date")
        out.append(f"### `{kind.key}` — {kind.title}\n")
        out.append(f"{kind.note}\n" if kind.note else "")
        out.append(f"({'; '.join(flags)}; {len(kind.columns)} columns)\n")
        out.append("| # | column (key) | 中文表头 | type | meaning |")
        out.append("|---|---|---|---|---|")
        for number, col in enumerate(kind.columns, 1):
            out.append(f"| {number} | `{col.name}` | {col.header} | {col.type} | {col.doc} |")
        out.append("")
    return "\n".join(line for line in out if line is not None)
