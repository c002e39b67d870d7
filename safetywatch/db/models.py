"""The schema, as SQLAlchemy Core tables. Alembic migrations create it; tests check they agree.

Storage conventions (so that an audit snapshot is exactly what SQLite holds, see ``services.core.writer``):
business dates are ``YYYY-MM-DD`` text, instants are UTC ISO-8601 text ending in ``Z``, flags are 0/1,
money is whole yuan. Every audited record has an integer key for joins, a UUID for merging stations'
databases, created/updated instants, a version counter and a void flag with its reason: records are never
deleted (triggers refuse DELETE).

Core tables, not ORM models: services read and write through Core and the sqlite3 handle, and the ORM's
import and mapping cost ~0.1 s on every start, a third of a short command such as ``report`` (issue 14).
Each table lists its own columns first and the record columns (``_record_columns``) last, the order the
writer and the audit snapshots use.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Every table of the schema (Alembic's autogenerate and the tests compare the migrations with it).
metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _record_columns() -> list[Column[Any]]:
    """Identity, timestamps, version and void flag shared by every audited record."""
    return [
        Column("id", Integer, primary_key=True),
        Column("uuid", String(36), unique=True, nullable=False),
        Column("created_at", String(32), nullable=False),
        Column("updated_at", String(32), nullable=False),
        Column("version", Integer, default=1, nullable=False),
        Column("voided", Integer, default=0, nullable=False),
        Column("void_reason", Text),
    ]


#: A node of the organisation tree: 集团 → 矿 → 区队/科室 → 班组 (``level``).
ORG_UNIT = Table(
    "org_unit",
    metadata,
    Column("parent_id", Integer, ForeignKey("org_unit.id"), index=True),
    Column("level", String(16), nullable=False),  # group | mine | unit | team
    Column("code", String(32), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("active_from", String(10)),
    Column("active_to", String(10)),
    *_record_columns(),
)


#: A pit-head workstation (井口工作站); its code prefixes the numbers clerks write on paper.
WORKSTATION = Table(
    "workstation",
    metadata,
    Column("code", String(16), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("mine_id", Integer, ForeignKey("org_unit.id"), index=True, nullable=False),
    Column("location", String(200)),
    Column("opened_on", String(10)),
    # set while the workstation is closed: the day of its current closing (``workstation_closure`` keeps
    # every closing and reopening; migration 0009)
    Column("closed_on", String(10)),
    *_record_columns(),
)


#: A closing of a workstation and, once it is restored, its reopening (恢复): the history the report counts
#: restored stations from. ``closed_on`` is its first closed day, ``reopened_on`` its first open day again.
WORKSTATION_CLOSURE = Table(
    "workstation_closure",
    metadata,
    Column("workstation_id", Integer, ForeignKey("workstation.id"), index=True, nullable=False),
    Column("closed_on", String(10), nullable=False),
    Column("reason", Text, nullable=False),
    Column("reopened_on", String(10)),
    *_record_columns(),
)


#: A network inspector (群监员) on the roster.
INSPECTOR = Table(
    "inspector",
    metadata,
    Column("employee_no", String(32), unique=True, nullable=False),  # 工号
    Column("name", String(100), nullable=False),
    Column("unit_id", Integer, ForeignKey("org_unit.id"), index=True, nullable=False),
    Column("team_id", Integer, ForeignKey("org_unit.id"), index=True),
    Column("workstation_id", Integer, ForeignKey("workstation.id"), index=True),
    Column("line", String(16), nullable=False),  # front | second | surface (一线/二线/地面)
    Column("role", String(16), nullable=False),  # inspector | leader | chair | receptionist | special
    Column("appointed_on", String(10), nullable=False),
    Column("left_on", String(10)),
    Column("phone", String(32)),
    *_record_columns(),
)


#: A shift of the working day (班次), e.g. 早班 08:00–16:00.
SHIFT = Table(
    "shift",
    metadata,
    Column("code", String(16), unique=True, nullable=False),
    Column("name", String(50), nullable=False),
    Column("starts", String(5), nullable=False),
    Column("ends", String(5), nullable=False),
    Column("sort_order", Integer, default=0, nullable=False),
    Column("mine_id", Integer, ForeignKey("org_unit.id")),  # None: every mine
    *_record_columns(),
)


#: An effective-dated entry of a simple lookup list: hazard category (专业), nature, source.
LOOKUP_ITEM = Table(
    "lookup_item",
    metadata,
    Column("kind", String(32), nullable=False),  # hazard_category | violation_type | ... (services.reference)
    Column("code", String(32), nullable=False),
    Column("name", String(100), nullable=False),
    Column("sort_order", Integer, default=0, nullable=False),
    Column("valid_from", String(10), nullable=False),
    Column("valid_to", String(10)),
    # What a configurable entry counts as in statistics, e.g. a 三违 severity 二类 → serious.
    Column("maps_to", String(16)),
    *_record_columns(),
    UniqueConstraint("kind", "code"),
)


#: A hazard grade of this group (e.g. A/B/C), mapped to the national 重大/一般 and a default deadline.
HAZARD_LEVEL = Table(
    "hazard_level",
    metadata,
    Column("code", String(16), unique=True, nullable=False),
    Column("name", String(100), nullable=False),
    Column("national", String(8), nullable=False),  # major | general
    Column("default_deadline_days", Integer, nullable=False),
    Column("escalation_target", String(100)),
    Column("sort_order", Integer, default=0, nullable=False),
    Column("valid_from", String(10), nullable=False),
    Column("valid_to", String(10)),
    *_record_columns(),
)


#: One hazard of the register (隐患台账), domain.md §2.3, with its current loop state.
HAZARD = Table(
    "hazard",
    metadata,
    Column("number", String(32), unique=True, nullable=False),  # e.g. JK01-2026-00017
    Column("workstation_id", Integer, ForeignKey("workstation.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("serial", Integer, nullable=False),
    Column("source_id", Integer, ForeignKey("lookup_item.id"), nullable=False),
    Column("found_date", String(10), nullable=False),
    Column("shift_id", Integer, ForeignKey("shift.id"), nullable=False),
    Column("finder_id", Integer, ForeignKey("inspector.id")),
    Column("finder_name", String(100), nullable=False),
    Column("unit_id", Integer, ForeignKey("org_unit.id"), index=True, nullable=False),
    Column("location", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("category_id", Integer, ForeignKey("lookup_item.id"), index=True, nullable=False),
    Column("nature_id", Integer, ForeignKey("lookup_item.id"), nullable=False),
    Column("level_id", Integer, ForeignKey("hazard_level.id"), index=True, nullable=False),
    Column("major_item", String(100)),  # 判定标准 item if 重大
    Column("fixed_on_site", Integer, default=0, nullable=False),
    # 五定
    Column("rectify_person", String(100)),
    Column("deadline", String(10), nullable=False),  # current (after extensions)
    Column("original_deadline", String(10), nullable=False),
    Column("responsibility", String(200)),
    Column("standard", Text),
    Column("measures", Text),
    # 五落实 for major hazards
    Column("funds_yuan", Integer),
    Column("contingency_plan", Text),
    # the loop
    Column("status", String(20), nullable=False),
    Column("notice_no", String(50)),
    Column("notice_issued_on", String(10)),
    Column("receipt_signed_by", String(100)),
    Column("rectified_on", String(10)),
    Column("accepted_by", String(100)),
    Column("accepted_on", String(10)),
    Column("closed_on", String(10)),
    Column("escalation_level", String(50)),
    Column("duplicate_of_id", Integer, ForeignKey("hazard.id")),
    Column("clerk", String(100), nullable=False),
    Column("remarks", Text),
    # where it came from, when found by a safety squad or on a worker representatives' tour
    Column("squad_activity_id", Integer, ForeignKey("squad_activity.id"), index=True),
    Column("tour_id", Integer, ForeignKey("tour.id"), index=True),
    *_record_columns(),
    UniqueConstraint("workstation_id", "year", "serial"),
    CheckConstraint("deadline >= found_date", name="deadline_after_found"),
    # Index choices follow platform-notes.md §3 (no (unit_id, found_date) index: skip-scan trap).
    Index("ix_hazard_found", "found_date", "unit_id", "category_id"),
    Index("ix_hazard_overdue", "deadline", "found_date", "status", "unit_id"),
    Index("ix_hazard_finder", "finder_id", "found_date"),
    Index("ix_hazard_status", "status", "deadline"),
    Index("ix_hazard_closed", "closed_on", "deadline"),  # closed in a period; open at a period's end
)


#: One step of a hazard's loop (who, when, note, result): the timeline shown in the detail panel.
HAZARD_FOLLOW_UP = Table(
    "hazard_follow_up",
    metadata,
    Column("hazard_id", Integer, ForeignKey("hazard.id"), index=True, nullable=False),
    Column("action", String(24), nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    Column("on_date", String(10), nullable=False),
    Column("person", String(100)),  # who acted on site (rectifier, acceptor, ...)
    Column("note", Text),
    Column("result", String(20)),  # pass | fail for acceptance
    Column("new_deadline", String(10)),
    Column("escalation_level", String(50)),
    Column("actor", String(100), nullable=False),  # the operator who entered it
    *_record_columns(),
)


#: A named, audited setting stored in the database (mine name, statistic period, ...).
APP_SETTING = Table(
    "app_setting",
    metadata,
    Column("key", String(64), unique=True, nullable=False),
    Column("value", Text, nullable=False),
    *_record_columns(),
)


#: The clerk's shift sheet (workstation + date + shift): the audited unit of duty and report marks.
#:
#: ``marks`` is the canonical JSON list of every inspector's mark on this sheet (see ``services.kinds.duty``);
#: the ``duty`` rows and the ``duty_month`` rollup are projections of it written in the same transaction,
#: so one audit event covers a whole sheet instead of one per inspector-shift (~6 M at group scale).
DUTY_SHEET = Table(
    "duty_sheet",
    metadata,
    # one valid sheet per slot; a voided sheet frees its slot for the corrected one
    Column("workstation_id", Integer, ForeignKey("workstation.id"), nullable=False),
    Column("shift_date", String(10), index=True, nullable=False),
    Column("shift_id", Integer, ForeignKey("shift.id"), nullable=False),
    Column("clerk", String(100), nullable=False),
    Column("marks", Text, nullable=False),
    Column("note", Text),
    *_record_columns(),
    Index(
        "uq_duty_sheet_slot",
        "workstation_id",
        "shift_date",
        "shift_id",
        unique=True,
        sqlite_where=text("voided = 0"),
        postgresql_where=text("voided = 0"),
    ),
)


#: One inspector on one shift (projection of a sheet's marks; not audited on its own).
#:
#: WITHOUT ROWID, clustered by sheet: 6 M rows at group scale, so every index counts (~230 MB saved
#: against a rowid table with separate sheet and date indexes). The unique key serves the "once per
#: shift" rule and date-range queries alike.
DUTY = Table(
    "duty",
    metadata,
    Column("sheet_id", Integer, ForeignKey("duty_sheet.id"), primary_key=True),
    Column("inspector_id", Integer, ForeignKey("inspector.id"), primary_key=True),
    Column("shift_date", String(10), nullable=False),
    Column("shift_id", Integer, ForeignKey("shift.id"), nullable=False),
    Column("workstation_id", Integer, ForeignKey("workstation.id"), nullable=False),
    Column("status", String(16), nullable=False),  # on | absent | leave | injury | training
    Column("on_duty", Integer, nullable=False),
    Column("exempt", Integer, nullable=False),
    Column("time_in", String(5)),
    Column("time_out", String(5)),
    Column("place", String(200)),
    Column("reported", Integer, nullable=False),
    Column("no_problem", Integer, nullable=False),  # 本班无问题
    Column("summary", Text),
    Column("n_hazards", Integer, nullable=False),
    Column("n_violations", Integer, nullable=False),
    Column("n_suggestions", Integer, nullable=False),
    UniqueConstraint("shift_date", "shift_id", "inspector_id"),
    sqlite_with_rowid=False,
)


#: Per inspector and month: the duty counts, kept in step with ``duty`` in the same transaction.
DUTY_MONTH = Table(
    "duty_month",
    metadata,
    # clustered by month: rates and allowances read one month (or twelve) for every inspector
    Column("month", String(7), primary_key=True),  # YYYY-MM
    Column("inspector_id", Integer, ForeignKey("inspector.id"), primary_key=True),
    Column("on_shifts", Integer, nullable=False),
    Column("exempt_shifts", Integer, nullable=False),
    Column("absent_shifts", Integer, nullable=False),
    Column("reported_shifts", Integer, nullable=False),
    Column("substantive_reports", Integer, nullable=False),  # reported, and not 本班无问题
    sqlite_with_rowid=False,
)


#: Effective-dated monthly norms of an inspector (e.g. 21 duty shifts, 6 reports, 1 suggestion).
RATE_NORM = Table(
    "rate_norm",
    metadata,
    Column("code", String(16), unique=True, nullable=False),
    Column("name", String(100), nullable=False),
    Column("duty_shifts", Integer, nullable=False),
    Column("reports", Integer, nullable=False),
    Column("suggestions", Integer, nullable=False),
    Column("valid_from", String(10), nullable=False),
    Column("valid_to", String(10)),
    *_record_columns(),
)


#: One effective-dated rule of the monthly allowance (津贴): base, gate, deduction, bonus or cap.
ALLOWANCE_RULE = Table(
    "allowance_rule",
    metadata,
    Column("code", String(16), unique=True, nullable=False),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),  # base | gate | deduction | bonus | cap
    Column("metric", String(32)),
    Column("op", String(4)),  # gate: lt | ge
    Column("threshold", Integer),  # None: the month's norm for the metric
    Column("amount_yuan", Integer, nullable=False),
    Column("sort_order", Integer, default=0, nullable=False),
    Column("valid_from", String(10), nullable=False),
    Column("valid_to", String(10)),
    *_record_columns(),
)


#: An approved (locked) month of allowances.
ALLOWANCE_SHEET = Table(
    "allowance_sheet",
    metadata,
    Column("month", String(7), unique=True, nullable=False),
    Column("approved_by", String(100), nullable=False),
    Column("approved_on", String(10), nullable=False),
    Column("total_yuan", Integer, nullable=False),
    Column("inspectors", Integer, nullable=False),
    *_record_columns(),
)


#: One inspector's allowance of an approved month, with the breakdown (which rule gave what).
ALLOWANCE_LINE = Table(
    "allowance_line",
    metadata,
    Column("sheet_id", Integer, ForeignKey("allowance_sheet.id"), nullable=False),
    Column("inspector_id", Integer, ForeignKey("inspector.id"), index=True, nullable=False),
    Column("month", String(7), nullable=False),
    Column("amount_yuan", Integer, nullable=False),
    Column("breakdown", Text, nullable=False),  # canonical JSON
    *_record_columns(),
    UniqueConstraint("sheet_id", "inspector_id"),
)


#: A correction of an approved month, paid with a later (open) month's allowance.
ALLOWANCE_ADJUSTMENT = Table(
    "allowance_adjustment",
    metadata,
    Column("inspector_id", Integer, ForeignKey("inspector.id"), index=True, nullable=False),
    Column("month", String(7), index=True, nullable=False),  # paid with this month
    Column("for_month", String(7), nullable=False),  # the approved month it corrects
    Column("amount_yuan", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    *_record_columns(),
)


#: A 三违 stopped (domain.md §3); punishment and 帮教 come later as handling entries.
VIOLATION = Table(
    "violation",
    metadata,
    Column("number", String(32), unique=True, nullable=False),  # e.g. JK01-SW-2026-00017
    Column("workstation_id", Integer, ForeignKey("workstation.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("serial", Integer, nullable=False),
    Column("found_date", String(10), nullable=False),
    Column("shift_id", Integer, ForeignKey("shift.id"), nullable=False),
    Column("found_time", String(5)),
    Column("location", String(200), nullable=False),
    Column("offender_no", String(32)),  # 工号 if known
    Column("offender_name", String(100), nullable=False),
    # who counts as the same person for repeat counts: 工号, else name + unit
    Column("offender_key", String(160), nullable=False),
    Column("offender_unit_id", Integer, ForeignKey("org_unit.id"), nullable=False),
    Column("offender_team_id", Integer, ForeignKey("org_unit.id")),
    Column("offender_trade", String(50)),  # 工种
    Column("employment_id", Integer, ForeignKey("lookup_item.id"), nullable=False),  # 用工性质
    Column("type_id", Integer, ForeignKey("lookup_item.id"), nullable=False),  # 违章指挥/违章作业/违反劳动纪律
    Column("severity_id", Integer, ForeignKey("lookup_item.id"), nullable=False),  # maps to general | serious
    Column("rule_item", String(100)),
    Column("description", Text, nullable=False),
    Column("stopped_by_kind", String(16), nullable=False),  # inspector | cadre | safety | other
    Column("stopped_by_id", Integer, ForeignKey("inspector.id")),
    Column("stopped_by_name", String(100), nullable=False),
    Column("found_via_id", Integer, ForeignKey("lookup_item.id"), nullable=False),
    Column("hazard_id", Integer, ForeignKey("hazard.id")),
    Column("offender_signed", Integer, default=0, nullable=False),
    Column("clerk", String(100), nullable=False),
    Column("remarks", Text),
    *_record_columns(),
    UniqueConstraint("workstation_id", "year", "serial"),
    Index("ix_violation_found", "found_date", "offender_unit_id"),
    Index("ix_violation_offender", "offender_key", "found_date"),
    Index("ix_violation_stopper", "stopped_by_id", "found_date"),
)


#: One handling entry of a 三违: a 帮教 step, training days, a fine, who decided, when.
VIOLATION_HANDLING = Table(
    "violation_handling",
    metadata,
    Column("violation_id", Integer, ForeignKey("violation.id"), index=True, nullable=False),
    Column("step_id", Integer, ForeignKey("lookup_item.id"), nullable=False),
    Column("on_date", String(10), nullable=False),
    Column("training_days", Integer),
    Column("fine_yuan", Integer),
    Column("decided_by", String(100), nullable=False),
    Column("note", Text),
    Column("actor", String(100), nullable=False),
    *_record_columns(),
)


#: A safety suggestion (安全合理化建议) with its review and adoption.
SUGGESTION = Table(
    "suggestion",
    metadata,
    Column("proposed_on", String(10), nullable=False),
    Column("proposer_id", Integer, ForeignKey("inspector.id")),
    Column("proposer_name", String(100), nullable=False),
    Column("unit_id", Integer, ForeignKey("org_unit.id"), nullable=False),
    Column("category_id", Integer, ForeignKey("lookup_item.id"), nullable=False),
    Column("content", Text, nullable=False),
    Column("status", String(16), nullable=False),  # submitted | adopted | rejected
    Column("reviewed_by", String(100)),
    Column("reviewed_on", String(10)),
    Column("review_note", Text),
    Column("implemented_by", String(100)),
    Column("implemented_on", String(10)),
    Column("benefit", Text),
    Column("reward_yuan", Integer),
    Column("clerk", String(100), nullable=False),
    *_record_columns(),
    Index("ix_suggestion_proposed", "proposed_on", "proposer_id"),
)


#: A safety squad's (群监安全小分队) check; the hazards it found link here.
SQUAD_ACTIVITY = Table(
    "squad_activity",
    metadata,
    Column("on_date", String(10), index=True, nullable=False),
    Column("squad", String(100), nullable=False),
    Column("leader", String(100), nullable=False),
    Column("members", Text),
    Column("route", String(200), nullable=False),
    Column("violations_stopped", Integer, default=0, nullable=False),
    Column("note", Text),
    Column("clerk", String(100), nullable=False),
    *_record_columns(),
)


#: A worker representatives' inspection tour (职工代表巡视).
TOUR = Table(
    "tour",
    metadata,
    Column("on_date", String(10), index=True, nullable=False),
    Column("organiser", String(100), nullable=False),
    Column("areas", String(200), nullable=False),
    Column("reps", Integer, nullable=False),
    Column("note", Text),
    Column("clerk", String(100), nullable=False),
    #: The representatives who took part, canonical JSON ``[{"name": …, "employee_no": … | null}, …]``
    #: (services.kinds.tours); NULL for a tour recorded with a head count only (before issue 16).
    Column("representatives", Text),
    *_record_columns(),
)


#: A problem raised on a tour: solved on site, to be solved by a deadline, or open; one not solved on site
#: gets the day it was solved afterwards and by whom (solved_on, solved_by) when it is.
TOUR_PROBLEM = Table(
    "tour_problem",
    metadata,
    Column("tour_id", Integer, ForeignKey("tour.id"), index=True, nullable=False),
    Column("description", Text, nullable=False),
    Column("unit_id", Integer, ForeignKey("org_unit.id")),
    Column("category", String(16), nullable=False),  # safety | labour | other
    Column("status", String(16), nullable=False),  # on_site | later | open
    Column("deadline", String(10)),
    Column("reply", Text),
    Column("hazard_id", Integer, ForeignKey("hazard.id")),
    Column("solved_on", String(10)),
    Column("solved_by", String(100)),
    *_record_columns(),
)


#: Women's family safety assistance (女工家属协管): a visit, a resolved conflict, a forum, a pit-head visit.
FAMILY_ACTIVITY = Table(
    "family_activity",
    metadata,
    Column("on_date", String(10), index=True, nullable=False),
    Column("kind", String(16), nullable=False),  # home_visit | conflict | forum | pithead
    Column("visitors", String(200), nullable=False),
    Column("person_visited", String(100)),
    Column("reason", String(16)),  # violation | worry | other
    Column("worry_type", String(50)),  # 不放心人员 type
    Column("violation_id", Integer, ForeignKey("violation.id")),
    Column("participants", Integer, nullable=False),
    Column("outcome", Text),
    Column("follow_up", Text),
    Column("clerk", String(100), nullable=False),
    # the mine whose 协管会 did it (migration 0009): required for new records; NULL on older ones, which the
    # report attributes through their 三违's offender unit where they name one, else to the whole database only
    Column("mine_id", Integer, ForeignKey("org_unit.id"), index=True),
    *_record_columns(),
)


#: An inspector training session (网员培训): who taught what, for how long, organised by which mine or unit.
TRAINING_SESSION = Table(
    "training_session",
    metadata,
    Column("on_date", String(10), index=True, nullable=False),
    Column("topic", String(200), nullable=False),
    Column("hours", Integer, nullable=False),  # 学时, whole hours
    Column("teacher", String(100), nullable=False),
    Column("unit_id", Integer, ForeignKey("org_unit.id"), nullable=False),  # the mine or unit organising it
    Column("note", Text),
    Column("clerk", String(100), nullable=False),
    *_record_columns(),
)


#: An inspector who attended a training session (one row per person; a removed attendee is voided).
TRAINING_ATTENDEE = Table(
    "training_attendee",
    metadata,
    Column("session_id", Integer, ForeignKey("training_session.id"), index=True, nullable=False),
    Column("inspector_id", Integer, ForeignKey("inspector.id"), index=True, nullable=False),
    *_record_columns(),
)


#: A statistic month closed (locked) after its report was printed: the report as printed is kept, so a
#: reprint gives the same bytes, and records dated in the month can no longer be changed in place.
MONTH_CLOSE = Table(
    "month_close",
    metadata,
    Column("month", String(7), unique=True, nullable=False),
    Column("closed_by", String(100), nullable=False),
    Column("generated_at", String(32), nullable=False),  # the time printed on the report
    Column("report_json", Text, nullable=False),  # canonical JSON of the report as printed
    Column("organisation", String(200), nullable=False),
    Column("pdf_sha256", String(64), nullable=False),
    *_record_columns(),
)


#: A statistic year closed with its annual summary (年报) as printed (issue 16): allowed once all its twelve
#: months are closed; the summary is kept (canonical JSON with the stamp, the PDF's SHA-256) so a reprint
#: gives the same bytes. Records stay locked by the months' closes.
YEAR_CLOSE = Table(
    "year_close",
    metadata,
    Column("year", String(4), unique=True, nullable=False),
    Column("closed_by", String(100), nullable=False),
    Column("generated_at", String(32), nullable=False),  # the time printed on the summary
    Column("report_json", Text, nullable=False),  # canonical JSON of the summary as printed
    Column("organisation", String(200), nullable=False),
    Column("pdf_sha256", String(64), nullable=False),
    *_record_columns(),
)


#: A correction of a closed month, entered with a reason; it shows in a later month's report.
REPORT_ADJUSTMENT = Table(
    "report_adjustment",
    metadata,
    Column("month", String(7), index=True, nullable=False),  # the report it appears in
    Column("for_month", String(7), nullable=False),  # the closed month it corrects
    Column("subject", String(200), nullable=False),  # e.g. the record's number
    Column("correction", Text, nullable=False),
    Column("reason", Text, nullable=False),
    *_record_columns(),
)


#: A person who logs in, with a role (domain.permissions). Audited like any record; the password hash
#: itself lives in ``user_credential`` and only its SHA-256 fingerprint is here (and so in audit events).
USER_ACCOUNT = Table(
    "user_account",
    metadata,
    Column("login", String(32), unique=True, nullable=False),  # normalised: NFKC, case-folded
    Column("display_name", String(100), nullable=False),
    Column("role", String(16), nullable=False),  # clerk | safety_officer | auditor | administrator
    Column("active", Integer, default=1, nullable=False),
    Column("password_fingerprint", String(64), nullable=False),  # SHA-256 of user_credential.password_hash
    Column("password_changed_at", String(32), nullable=False),
    Column("must_change_password", Integer, default=0, nullable=False),  # set by an administrator's reset
    Column("failed_attempts", Integer, default=0, nullable=False),
    Column("locked_until", String(32)),
    Column("last_login_at", String(32)),
    *_record_columns(),
)


#: The argon2id hash of a user's password, kept out of the audit log (``verify`` checks it against the
#: audited fingerprint, so a hash swapped behind the program's back is found).
USER_CREDENTIAL = Table(
    "user_credential",
    metadata,
    Column("user_id", Integer, ForeignKey("user_account.id"), primary_key=True, autoincrement=False),
    Column("password_hash", Text, nullable=False),
)


#: Append-only, hash-chained log of every change (triggers refuse UPDATE and DELETE).
AUDIT_EVENT = Table(
    "audit_event",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at_utc", String(32), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(32), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("entity_uuid", String(36), nullable=False),
    Column("before", Text),
    Column("after", Text),
    Column("reason", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # how the event is written and hashed (services.core.event_format; migration 0005): format-1 events
    # stay as they were, and verify as before
    Column("format", Integer, nullable=False, server_default=text("1")),
    # where an applied change came from (``station CODE #seq hash``: a station's event the office applied;
    # migration 0006); NULL for a change made here. Hashed in format 2 when set.
    Column("origin", Text),
    Index("ix_audit_event_entity", "entity", "entity_id", "seq"),
    # the audit trail page filters by user and by date (migration 0004)
    Index("ix_audit_event_actor", "actor", "at_utc"),
    Index("ix_audit_event_at_utc", "at_utc"),
)


#: A pit-head station registered at the office (issue 15): the PC that keys in its workstations' records and
#: sends them as signed bundles. At a station the same table holds the station's own row (same uuid: the
#: station's identity). ``acked_*``: the station's last event the office holds (the office's acknowledgement).
EXCHANGE_STATION = Table(
    "exchange_station",
    metadata,
    Column("code", String(16), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("workstation_codes", Text, nullable=False),  # comma-separated, sorted
    Column("public_key", String(64)),  # hex Ed25519; NULL until the station's first bundle
    Column("enrol_code_hash", String(64)),  # SHA-256 of the one-time enrolment code
    Column("acked_seq", Integer, nullable=False, server_default=text("0")),
    Column("acked_hash", String(64), nullable=False, server_default=text("'" + "0" * 64 + "'")),
    Column("last_bundle_at", String(32)),
    Column("replied_seq", Integer, nullable=False, server_default=text("0")),  # office event sent last
    *_record_columns(),
)


#: Every event of every station's chain, verbatim (as the station hashed it), kept by the office: the office
#: re-verifies each station chain and anchors it (issue 15). Append-only, like ``audit_event``.
STATION_EVENT = Table(
    "station_event",
    metadata,
    Column("station_id", Integer, ForeignKey("exchange_station.id"), primary_key=True, autoincrement=False),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at_utc", String(32), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(32), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("entity_uuid", String(36), nullable=False),
    Column("before", Text),
    Column("after", Text),
    Column("reason", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("format", Integer, nullable=False),
    Column("origin", Text),
    # the station's local id of a record -> its create event (and uuid), for references between records
    Index("ix_station_event_record", "station_id", "entity", "entity_id"),
    # a record's events by uuid: which station a record of the office came from (its replies)
    Index("ix_station_event_uuid", "entity_uuid", "station_id"),
    sqlite_with_rowid=False,
)


#: A station's change the office did not apply, kept with both versions for a person to resolve (issue 15).
HELD_CHANGE = Table(
    "held_change",
    metadata,
    Column("station_id", Integer, ForeignKey("exchange_station.id"), nullable=False, index=True),
    Column("station_seq", Integer, nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_uuid", String(36), nullable=False),
    Column("action", String(32), nullable=False),
    Column("cause", String(32), nullable=False),  # stale | transferred | not_owner | clash | missing
    Column("message", Text, nullable=False),
    Column("incoming", Text, nullable=False),  # JSON: the station event's before and after
    Column("office_values", Text),  # JSON: the office's values of the same columns, when it holds the record
    Column("status", String(16), nullable=False),  # held | resolved
    Column("resolution", Text),
    *_record_columns(),
)


#: The office taking over a station's record (issue 15): 挂牌督办, 验收 or 销号 done at the office, or a take-over
#: with a reason. From then on the record is the office's: the transfer travels to the station in the reply and
#: the station's copy is read-only there. Keyed by the record's uuid (the same at both ends; ids are not).
RECORD_TRANSFER = Table(
    "record_transfer",
    metadata,
    Column("entity", String(32), nullable=False),  # the record's table (hazard, violation, ...)
    Column("entity_uuid", String(36), nullable=False, index=True),
    Column("station_id", Integer, ForeignKey("exchange_station.id"), nullable=False),  # the station that made it
    Column("reason", Text, nullable=False),
    Column("transferred_by", String(100), nullable=False),
    *_record_columns(),
)


#: This PC's Ed25519 key pair for signing bundles (never travels, not in the audit chain; the public key is
#: also in the audited settings as ``own_public_key``, so a swapped key is visible).
SIGNING_KEY = Table(
    "signing_key",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("private_key", String(64), nullable=False),
    Column("public_key", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
)


#: Tables whose rows are audited records (each change writes an audit event with the full row).
AUDITED_TABLES: tuple[Table, ...] = (
    ORG_UNIT,
    WORKSTATION,
    WORKSTATION_CLOSURE,
    INSPECTOR,
    SHIFT,
    LOOKUP_ITEM,
    HAZARD_LEVEL,
    HAZARD,
    HAZARD_FOLLOW_UP,
    APP_SETTING,
    DUTY_SHEET,
    RATE_NORM,
    ALLOWANCE_RULE,
    ALLOWANCE_SHEET,
    ALLOWANCE_LINE,
    ALLOWANCE_ADJUSTMENT,
    VIOLATION,
    VIOLATION_HANDLING,
    SUGGESTION,
    SQUAD_ACTIVITY,
    TOUR,
    TOUR_PROBLEM,
    FAMILY_ACTIVITY,
    TRAINING_SESSION,
    TRAINING_ATTENDEE,
    MONTH_CLOSE,
    REPORT_ADJUSTMENT,
    USER_ACCOUNT,
    EXCHANGE_STATION,
    HELD_CHANGE,
    RECORD_TRANSFER,
)

#: The business date of each record kind that a month close freezes (see services.month_close).
DATED_COLUMNS: dict[str, str] = {
    "hazard": "found_date",
    "hazard_follow_up": "on_date",
    "violation": "found_date",
    "violation_handling": "on_date",
    "duty_sheet": "shift_date",
    "suggestion": "proposed_on",
    "squad_activity": "on_date",
    "tour": "on_date",
    "family_activity": "on_date",
    "training_session": "on_date",
}

#: Tables derived from audited records in the same transaction (checked by ``verify``, never edited).
DERIVED_TABLES: tuple[Table, ...] = (DUTY, DUTY_MONTH)
