"""The schema, as SQLAlchemy 2.x typed models. Alembic migrations create it; tests check they agree.

Storage conventions (so that an audit snapshot is exactly what SQLite holds, see ``services.core.writer``):
business dates are ``YYYY-MM-DD`` text, instants are UTC ISO-8601 text ending in ``Z``, flags are 0/1,
money is whole yuan. Every audited record has an integer key for joins, a UUID for merging stations'
databases, created/updated instants, a version counter and a void flag with its reason: records are never
deleted (triggers refuse DELETE).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import (
    CheckConstraint,
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
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RecordMixin:
    """Identity, timestamps, version and void flag shared by every audited record."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)
    voided: Mapped[int] = mapped_column(Integer, default=0)
    void_reason: Mapped[str | None] = mapped_column(Text)


class OrgUnit(RecordMixin, Base):
    """A node of the organisation tree: 集团 → 矿 → 区队/科室 → 班组 (``level``)."""

    __tablename__ = "org_unit"
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))  # group | mine | unit | team
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active_from: Mapped[str | None] = mapped_column(String(10))
    active_to: Mapped[str | None] = mapped_column(String(10))


class Workstation(RecordMixin, Base):
    """A pit-head workstation (井口工作站); its code prefixes the numbers clerks write on paper."""

    __tablename__ = "workstation"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    mine_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    location: Mapped[str | None] = mapped_column(String(200))
    opened_on: Mapped[str | None] = mapped_column(String(10))


class Inspector(RecordMixin, Base):
    """A network inspector (群监员) on the roster."""

    __tablename__ = "inspector"
    employee_no: Mapped[str] = mapped_column(String(32), unique=True)  # 工号
    name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    workstation_id: Mapped[int | None] = mapped_column(ForeignKey("workstation.id"), index=True)
    line: Mapped[str] = mapped_column(String(16))  # front | second | surface (一线/二线/地面)
    role: Mapped[str] = mapped_column(String(16))  # inspector | leader | chair | receptionist | special
    appointed_on: Mapped[str] = mapped_column(String(10))
    left_on: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(32))


class Shift(RecordMixin, Base):
    """A shift of the working day (班次), e.g. 早班 08:00–16:00."""

    __tablename__ = "shift"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    starts: Mapped[str] = mapped_column(String(5))
    ends: Mapped[str] = mapped_column(String(5))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    mine_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))  # None: every mine


class LookupItem(RecordMixin, Base):
    """An effective-dated entry of a simple lookup list: hazard category (专业), nature, source."""

    __tablename__ = "lookup_item"
    __table_args__ = (UniqueConstraint("kind", "code"),)
    kind: Mapped[str] = mapped_column(String(32))  # hazard_category | violation_type | ... (services.reference)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[str] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))
    # What a configurable entry counts as in statistics, e.g. a 三违 severity 二类 → serious.
    maps_to: Mapped[str | None] = mapped_column(String(16))


class HazardLevel(RecordMixin, Base):
    """A hazard grade of this group (e.g. A/B/C), mapped to the national 重大/一般 and a default deadline."""

    __tablename__ = "hazard_level"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    national: Mapped[str] = mapped_column(String(8))  # major | general
    default_deadline_days: Mapped[int] = mapped_column(Integer)
    escalation_target: Mapped[str | None] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[str] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))


class Hazard(RecordMixin, Base):
    """One hazard of the register (隐患台账), domain.md §2.3, with its current loop state."""

    __tablename__ = "hazard"
    __table_args__ = (
        UniqueConstraint("workstation_id", "year", "serial"),
        CheckConstraint("deadline >= found_date", name="deadline_after_found"),
        # Index choices follow platform-notes.md §3 (no (unit_id, found_date) index: skip-scan trap).
        Index("ix_hazard_found", "found_date", "unit_id", "category_id"),
        Index("ix_hazard_overdue", "deadline", "found_date", "status", "unit_id"),
        Index("ix_hazard_finder", "finder_id", "found_date"),
        Index("ix_hazard_status", "status", "deadline"),
        Index("ix_hazard_closed", "closed_on", "deadline"),  # closed in a period; open at a period's end
    )
    number: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. JK01-2026-00017
    workstation_id: Mapped[int] = mapped_column(ForeignKey("workstation.id"))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"))
    found_date: Mapped[str] = mapped_column(String(10))
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"))
    finder_id: Mapped[int | None] = mapped_column(ForeignKey("inspector.id"))
    finder_name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    location: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"), index=True)
    nature_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"))
    level_id: Mapped[int] = mapped_column(ForeignKey("hazard_level.id"), index=True)
    major_item: Mapped[str | None] = mapped_column(String(100))  # 判定标准 item if 重大
    fixed_on_site: Mapped[int] = mapped_column(Integer, default=0)
    # 五定
    rectify_person: Mapped[str | None] = mapped_column(String(100))
    deadline: Mapped[str] = mapped_column(String(10))  # current (after extensions)
    original_deadline: Mapped[str] = mapped_column(String(10))
    responsibility: Mapped[str | None] = mapped_column(String(200))
    standard: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    # 五落实 for major hazards
    funds_yuan: Mapped[int | None] = mapped_column(Integer)
    contingency_plan: Mapped[str | None] = mapped_column(Text)
    # the loop
    status: Mapped[str] = mapped_column(String(20))
    notice_no: Mapped[str | None] = mapped_column(String(50))
    notice_issued_on: Mapped[str | None] = mapped_column(String(10))
    receipt_signed_by: Mapped[str | None] = mapped_column(String(100))
    rectified_on: Mapped[str | None] = mapped_column(String(10))
    accepted_by: Mapped[str | None] = mapped_column(String(100))
    accepted_on: Mapped[str | None] = mapped_column(String(10))
    closed_on: Mapped[str | None] = mapped_column(String(10))
    escalation_level: Mapped[str | None] = mapped_column(String(50))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("hazard.id"))
    clerk: Mapped[str] = mapped_column(String(100))
    remarks: Mapped[str | None] = mapped_column(Text)
    # where it came from, when found by a safety squad or on a worker representatives' tour
    squad_activity_id: Mapped[int | None] = mapped_column(ForeignKey("squad_activity.id"), index=True)
    tour_id: Mapped[int | None] = mapped_column(ForeignKey("tour.id"), index=True)


class HazardFollowUp(RecordMixin, Base):
    """One step of a hazard's loop (who, when, note, result): the timeline shown in the detail panel."""

    __tablename__ = "hazard_follow_up"
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazard.id"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[str] = mapped_column(String(10))
    person: Mapped[str | None] = mapped_column(String(100))  # who acted on site (rectifier, acceptor, ...)
    note: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(String(20))  # pass | fail for acceptance
    new_deadline: Mapped[str | None] = mapped_column(String(10))
    escalation_level: Mapped[str | None] = mapped_column(String(50))
    actor: Mapped[str] = mapped_column(String(100))  # the operator who entered it


class AppSetting(RecordMixin, Base):
    """A named, audited setting stored in the database (mine name, statistic period, ...)."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(Text)


# --- the inspector network (issue 3) -------------------------------------------------------------------


class DutySheet(RecordMixin, Base):
    """The clerk's shift sheet (workstation + date + shift): the audited unit of duty and report marks.

    ``marks`` is the canonical JSON list of every inspector's mark on this sheet (see ``services.kinds.duty``);
    the ``duty`` rows and the ``duty_month`` rollup are projections of it written in the same transaction,
    so one audit event covers a whole sheet instead of one per inspector-shift (~6 M at group scale).
    """

    __tablename__ = "duty_sheet"
    # one valid sheet per slot; a voided sheet frees its slot for the corrected one
    __table_args__ = (
        Index(
            "uq_duty_sheet_slot",
            "workstation_id",
            "shift_date",
            "shift_id",
            unique=True,
            sqlite_where=text("voided = 0"),
        ),
    )
    workstation_id: Mapped[int] = mapped_column(ForeignKey("workstation.id"))
    shift_date: Mapped[str] = mapped_column(String(10), index=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"))
    clerk: Mapped[str] = mapped_column(String(100))
    marks: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class Duty(Base):
    """One inspector on one shift (projection of a sheet's marks; not audited on its own).

    WITHOUT ROWID, clustered by sheet: 6 M rows at group scale, so every index counts (~230 MB saved
    against a rowid table with separate sheet and date indexes). The unique key serves the "once per
    shift" rule and date-range queries alike.
    """

    __tablename__ = "duty"
    __table_args__ = (
        UniqueConstraint("shift_date", "shift_id", "inspector_id"),
        {"sqlite_with_rowid": False},
    )
    sheet_id: Mapped[int] = mapped_column(ForeignKey("duty_sheet.id"), primary_key=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspector.id"), primary_key=True)
    shift_date: Mapped[str] = mapped_column(String(10))
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"))
    workstation_id: Mapped[int] = mapped_column(ForeignKey("workstation.id"))
    status: Mapped[str] = mapped_column(String(16))  # on | absent | leave | injury | training
    on_duty: Mapped[int] = mapped_column(Integer)
    exempt: Mapped[int] = mapped_column(Integer)
    time_in: Mapped[str | None] = mapped_column(String(5))
    time_out: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str | None] = mapped_column(String(200))
    reported: Mapped[int] = mapped_column(Integer)
    no_problem: Mapped[int] = mapped_column(Integer)  # 本班无问题
    summary: Mapped[str | None] = mapped_column(Text)
    n_hazards: Mapped[int] = mapped_column(Integer)
    n_violations: Mapped[int] = mapped_column(Integer)
    n_suggestions: Mapped[int] = mapped_column(Integer)


class DutyMonth(Base):
    """Per inspector and month: the duty counts, kept in step with ``duty`` in the same transaction."""

    __tablename__ = "duty_month"
    # clustered by month: rates and allowances read one month (or twelve) for every inspector
    __table_args__ = ({"sqlite_with_rowid": False},)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspector.id"), primary_key=True)
    on_shifts: Mapped[int] = mapped_column(Integer)
    exempt_shifts: Mapped[int] = mapped_column(Integer)
    absent_shifts: Mapped[int] = mapped_column(Integer)
    reported_shifts: Mapped[int] = mapped_column(Integer)
    substantive_reports: Mapped[int] = mapped_column(Integer)  # reported, and not 本班无问题


class RateNorm(RecordMixin, Base):
    """Effective-dated monthly norms of an inspector (e.g. 21 duty shifts, 6 reports, 1 suggestion)."""

    __tablename__ = "rate_norm"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    duty_shifts: Mapped[int] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer)
    suggestions: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[str] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))


class AllowanceRule(RecordMixin, Base):
    """One effective-dated rule of the monthly allowance (津贴): base, gate, deduction, bonus or cap."""

    __tablename__ = "allowance_rule"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # base | gate | deduction | bonus | cap
    metric: Mapped[str | None] = mapped_column(String(32))
    op: Mapped[str | None] = mapped_column(String(4))  # gate: lt | ge
    threshold: Mapped[int | None] = mapped_column(Integer)  # None: the month's norm for the metric
    amount_yuan: Mapped[int] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[str] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))


class AllowanceSheet(RecordMixin, Base):
    """An approved (locked) month of allowances."""

    __tablename__ = "allowance_sheet"
    month: Mapped[str] = mapped_column(String(7), unique=True)
    approved_by: Mapped[str] = mapped_column(String(100))
    approved_on: Mapped[str] = mapped_column(String(10))
    total_yuan: Mapped[int] = mapped_column(Integer)
    inspectors: Mapped[int] = mapped_column(Integer)


class AllowanceLine(RecordMixin, Base):
    """One inspector's allowance of an approved month, with the breakdown (which rule gave what)."""

    __tablename__ = "allowance_line"
    __table_args__ = (UniqueConstraint("sheet_id", "inspector_id"),)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("allowance_sheet.id"))
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspector.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    amount_yuan: Mapped[int] = mapped_column(Integer)
    breakdown: Mapped[str] = mapped_column(Text)  # canonical JSON


class AllowanceAdjustment(RecordMixin, Base):
    """A correction of an approved month, paid with a later (open) month's allowance."""

    __tablename__ = "allowance_adjustment"
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspector.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # paid with this month
    for_month: Mapped[str] = mapped_column(String(7))  # the approved month it corrects
    amount_yuan: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)


class Violation(RecordMixin, Base):
    """A 三违 stopped (domain.md §3); punishment and 帮教 come later as handling entries."""

    __tablename__ = "violation"
    __table_args__ = (
        UniqueConstraint("workstation_id", "year", "serial"),
        Index("ix_violation_found", "found_date", "offender_unit_id"),
        Index("ix_violation_offender", "offender_key", "found_date"),
        Index("ix_violation_stopper", "stopped_by_id", "found_date"),
    )
    number: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. JK01-SW-2026-00017
    workstation_id: Mapped[int] = mapped_column(ForeignKey("workstation.id"))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    found_date: Mapped[str] = mapped_column(String(10))
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"))
    found_time: Mapped[str | None] = mapped_column(String(5))
    location: Mapped[str] = mapped_column(String(200))
    offender_no: Mapped[str | None] = mapped_column(String(32))  # 工号 if known
    offender_name: Mapped[str] = mapped_column(String(100))
    # who counts as the same person for repeat counts: 工号, else name + unit
    offender_key: Mapped[str] = mapped_column(String(160))
    offender_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    offender_team_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    offender_trade: Mapped[str | None] = mapped_column(String(50))  # 工种
    employment_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"))  # 用工性质
    type_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"))  # 违章指挥/违章作业/违反劳动纪律
    severity_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"))  # maps to general | serious
    rule_item: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    stopped_by_kind: Mapped[str] = mapped_column(String(16))  # inspector | cadre | safety | other
    stopped_by_id: Mapped[int | None] = mapped_column(ForeignKey("inspector.id"))
    stopped_by_name: Mapped[str] = mapped_column(String(100))
    found_via_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"))
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazard.id"))
    offender_signed: Mapped[int] = mapped_column(Integer, default=0)
    clerk: Mapped[str] = mapped_column(String(100))
    remarks: Mapped[str | None] = mapped_column(Text)


class ViolationHandling(RecordMixin, Base):
    """One handling entry of a 三违: a 帮教 step, training days, a fine, who decided, when."""

    __tablename__ = "violation_handling"
    violation_id: Mapped[int] = mapped_column(ForeignKey("violation.id"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"))
    on_date: Mapped[str] = mapped_column(String(10))
    training_days: Mapped[int | None] = mapped_column(Integer)
    fine_yuan: Mapped[int | None] = mapped_column(Integer)
    decided_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))


class Suggestion(RecordMixin, Base):
    """A safety suggestion (安全合理化建议) with its review and adoption."""

    __tablename__ = "suggestion"
    __table_args__ = (Index("ix_suggestion_proposed", "proposed_on", "proposer_id"),)
    proposed_on: Mapped[str] = mapped_column(String(10))
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("inspector.id"))
    proposer_name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("lookup_item.id"))
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # submitted | adopted | rejected
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_on: Mapped[str | None] = mapped_column(String(10))
    review_note: Mapped[str | None] = mapped_column(Text)
    implemented_by: Mapped[str | None] = mapped_column(String(100))
    implemented_on: Mapped[str | None] = mapped_column(String(10))
    benefit: Mapped[str | None] = mapped_column(Text)
    reward_yuan: Mapped[int | None] = mapped_column(Integer)
    clerk: Mapped[str] = mapped_column(String(100))


class SquadActivity(RecordMixin, Base):
    """A safety squad's (群监安全小分队) check; the hazards it found link here."""

    __tablename__ = "squad_activity"
    on_date: Mapped[str] = mapped_column(String(10), index=True)
    squad: Mapped[str] = mapped_column(String(100))
    leader: Mapped[str] = mapped_column(String(100))
    members: Mapped[str | None] = mapped_column(Text)
    route: Mapped[str] = mapped_column(String(200))
    violations_stopped: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    clerk: Mapped[str] = mapped_column(String(100))


class Tour(RecordMixin, Base):
    """A worker representatives' inspection tour (职工代表巡视)."""

    __tablename__ = "tour"
    on_date: Mapped[str] = mapped_column(String(10), index=True)
    organiser: Mapped[str] = mapped_column(String(100))
    areas: Mapped[str] = mapped_column(String(200))
    reps: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    clerk: Mapped[str] = mapped_column(String(100))


class TourProblem(RecordMixin, Base):
    """A problem raised on a tour: solved on site, solved later (deadline) or still open."""

    __tablename__ = "tour_problem"
    tour_id: Mapped[int] = mapped_column(ForeignKey("tour.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    category: Mapped[str] = mapped_column(String(16))  # safety | labour | other
    status: Mapped[str] = mapped_column(String(16))  # on_site | later | open
    deadline: Mapped[str | None] = mapped_column(String(10))
    reply: Mapped[str | None] = mapped_column(Text)
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazard.id"))


class FamilyActivity(RecordMixin, Base):
    """Women's family safety assistance (女工家属协管): a visit, a resolved conflict, a forum, a pit-head visit."""

    __tablename__ = "family_activity"
    on_date: Mapped[str] = mapped_column(String(10), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # home_visit | conflict | forum | pithead
    visitors: Mapped[str] = mapped_column(String(200))
    person_visited: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(16))  # violation | worry | other
    worry_type: Mapped[str | None] = mapped_column(String(50))  # 不放心人员 type
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("violation.id"))
    participants: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(Text)
    follow_up: Mapped[str | None] = mapped_column(Text)
    clerk: Mapped[str] = mapped_column(String(100))


class MonthClose(RecordMixin, Base):
    """A statistic month closed (locked) after its report was printed: the report as printed is kept, so a
    reprint gives the same bytes, and records dated in the month can no longer be changed in place."""

    __tablename__ = "month_close"
    month: Mapped[str] = mapped_column(String(7), unique=True)
    closed_by: Mapped[str] = mapped_column(String(100))
    generated_at: Mapped[str] = mapped_column(String(32))  # the time printed on the report
    report_json: Mapped[str] = mapped_column(Text)  # canonical JSON of the report as printed
    organisation: Mapped[str] = mapped_column(String(200))
    pdf_sha256: Mapped[str] = mapped_column(String(64))


class ReportAdjustment(RecordMixin, Base):
    """A correction of a closed month, entered with a reason; it shows in a later month's report."""

    __tablename__ = "report_adjustment"
    month: Mapped[str] = mapped_column(String(7), index=True)  # the report it appears in
    for_month: Mapped[str] = mapped_column(String(7))  # the closed month it corrects
    subject: Mapped[str] = mapped_column(String(200))  # e.g. the record's number
    correction: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


# --- accounts and roles (issue 5) ---------------------------------------------------------------------


class UserAccount(RecordMixin, Base):
    """A person who logs in, with a role (domain.permissions). Audited like any record; the password hash
    itself lives in ``user_credential`` and only its SHA-256 fingerprint is here (and so in audit events)."""

    __tablename__ = "user_account"
    login: Mapped[str] = mapped_column(String(32), unique=True)  # normalised: NFKC, case-folded
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # clerk | safety_officer | auditor | administrator
    active: Mapped[int] = mapped_column(Integer, default=1)
    password_fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of user_credential.password_hash
    password_changed_at: Mapped[str] = mapped_column(String(32))
    must_change_password: Mapped[int] = mapped_column(Integer, default=0)  # set by an administrator's reset
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String(32))
    last_login_at: Mapped[str | None] = mapped_column(String(32))


class UserCredential(Base):
    """The argon2id hash of a user's password, kept out of the audit log (``verify`` checks it against the
    audited fingerprint, so a hash swapped behind the program's back is found)."""

    __tablename__ = "user_credential"
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True, autoincrement=False)
    password_hash: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """Append-only, hash-chained log of every change (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_entity", "entity", "entity_id", "seq"),
        # the audit trail page filters by user and by date (migration 0004)
        Index("ix_audit_event_actor", "actor", "at_utc"),
        Index("ix_audit_event_at_utc", "at_utc"),
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at_utc: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    entity_uuid: Mapped[str] = mapped_column(String(36))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, typed as a Table (services write through Core, not ORM objects)."""
    return cast(Table, model.__table__)


ORG_UNIT = table_of(OrgUnit)
WORKSTATION = table_of(Workstation)
INSPECTOR = table_of(Inspector)
SHIFT = table_of(Shift)
LOOKUP_ITEM = table_of(LookupItem)
HAZARD_LEVEL = table_of(HazardLevel)
HAZARD = table_of(Hazard)
HAZARD_FOLLOW_UP = table_of(HazardFollowUp)
APP_SETTING = table_of(AppSetting)
DUTY_SHEET = table_of(DutySheet)
DUTY = table_of(Duty)
DUTY_MONTH = table_of(DutyMonth)
RATE_NORM = table_of(RateNorm)
ALLOWANCE_RULE = table_of(AllowanceRule)
ALLOWANCE_SHEET = table_of(AllowanceSheet)
ALLOWANCE_LINE = table_of(AllowanceLine)
ALLOWANCE_ADJUSTMENT = table_of(AllowanceAdjustment)
VIOLATION = table_of(Violation)
VIOLATION_HANDLING = table_of(ViolationHandling)
SUGGESTION = table_of(Suggestion)
SQUAD_ACTIVITY = table_of(SquadActivity)
TOUR = table_of(Tour)
TOUR_PROBLEM = table_of(TourProblem)
FAMILY_ACTIVITY = table_of(FamilyActivity)
MONTH_CLOSE = table_of(MonthClose)
REPORT_ADJUSTMENT = table_of(ReportAdjustment)
USER_ACCOUNT = table_of(UserAccount)
USER_CREDENTIAL = table_of(UserCredential)

#: Tables whose rows are audited records (each change writes an audit event with the full row).
AUDITED_TABLES: tuple[Table, ...] = (
    ORG_UNIT,
    WORKSTATION,
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
    MONTH_CLOSE,
    REPORT_ADJUSTMENT,
    USER_ACCOUNT,
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
}

#: Tables derived from audited records in the same transaction (checked by ``verify``, never edited).
DERIVED_TABLES: tuple[Table, ...] = (DUTY, DUTY_MONTH)
