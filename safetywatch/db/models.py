"""The schema, as SQLAlchemy 2.x typed models. Alembic migrations create it; tests check they agree.

Storage conventions (so that an audit snapshot is exactly what SQLite holds, see ``services.records``):
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


class LookupItem(RecordMixin, Base):
    """An effective-dated entry of a simple lookup list: hazard category (专业), nature, source."""

    __tablename__ = "lookup_item"
    __table_args__ = (UniqueConstraint("kind", "code"),)
    kind: Mapped[str] = mapped_column(String(32))  # hazard_category | hazard_nature | hazard_source
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[str] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))


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


class AuditEvent(Base):
    """Append-only, hash-chained log of every change (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id", "seq"),)
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
)
