"""Enrolling a PC that already holds records: a standalone database in use before the office existed (issue 15).

Its reference data are matched to the office's by natural key (工号, lookup kind + code, the codes of units,
workstations, shifts, levels, norms and rules), never by uuid: two databases seeded apart share the codes, not
the uuids. :func:`plan_join` lists what would be carried and every **mismatch** a person has to settle first;
nothing changes while there is one. :func:`join` then

1. keeps the original file as a verified backup beside it (``<stem>.before-enrol-YYYYMMDD-HHMMSS.db``: the
   records' history, and the evidence of what the PC held);
2. builds the station database from the enrolment bundle in a temporary file (as ``station enrol`` does);
3. inserts every record the station owns with its uuid and number kept and its references translated to the
   office's ids, through the Writer, each event naming the old chain as its origin
   (``standalone #<head seq> <head hash16>``); the user accounts come along with their password hashes;
4. replaces the original file with the new one (one rename).

Only the records' current state is carried: their history (the old chain) stays in the kept file. The office
applies the carried records from the station's first bundle like any other station record.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.db.engine import make_engine, read_connection
from safetywatch.db.files import clean_stale_temporaries, fsync_dir, temporary_name
from safetywatch.domain.clock import Clock, SystemClock
from safetywatch.domain.errors import FieldError, StorageError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.exchange import bundle_file, stations
from safetywatch.exchange.foreign_events import OFFICE_TABLES
from safetywatch.services.core import sql
from safetywatch.services.core.event_format import canonical_json
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.numbering import parse_floors
from safetywatch.services.kinds import duty
from safetywatch.services.maintenance import backup, integrity

#: How a reference row is known in both databases (its uuid differs between two databases seeded apart).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "org_unit": ("code",),
    "workstation": ("code",),
    "inspector": ("employee_no",),
    "shift": ("code",),
    "lookup_item": ("kind", "code"),
    "hazard_level": ("code",),
    "rate_norm": ("code",),
    "allowance_rule": ("code",),
    # a workstation's closings (issue 16): no record refers to one, so the office's are simply taken over
    "workstation_closure": ("uuid",),
}
#: Columns whose difference changes what a record means to its reader (a 工号 with another name, a 三违
#: severity counted as another class): a person decides which is right before the records move.
_MEANING: dict[str, tuple[str, ...]] = {
    "org_unit": ("name",),
    "workstation": ("name",),
    "inspector": ("name",),
    "shift": ("name",),
    "lookup_item": ("name", "maps_to"),
    "hazard_level": ("name", "national"),
}
#: The station's tables in an order where every record comes after the records it refers to.
CARRY_ORDER = (
    "squad_activity",
    "tour",
    "hazard",
    "hazard_follow_up",
    "tour_problem",
    "violation",
    "violation_handling",
    "family_activity",
    "training_session",
    "training_attendee",
    "suggestion",
    "duty_sheet",
)
#: What a standalone PC may hold that the office owns and a station does not carry (kept in the kept file).
_NOT_CARRIED = ("month_close", "year_close", "allowance_sheet", "allowance_adjustment", "report_adjustment")
_MANAGED = frozenset({"id", "created_at", "updated_at", "version"})
_NUMBERED = ("hazard", "violation")
#: Records entered for a workstation (only the station serving it enters them), and the entries of two of them.
_AT_A_WORKSTATION = ("hazard", "violation", "duty_sheet")
_ENTRIES = (("hazard_follow_up", "hazard_id", "hazard"), ("violation_handling", "violation_id", "violation"))


@dataclass(frozen=True)
class Mismatch:
    """Something a person settles before the PC joins: what it is, and what to do."""

    subject: str
    problem: str
    remedy: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.problem} {self.remedy}"


@dataclass
class JoinPlan:
    """What joining would do: reference rows matched, records carried, and the mismatches that stop it."""

    station_code: str
    workstation_codes: list[str]
    head: tuple[int, str]  # the old chain's last event
    matched: dict[str, int] = field(default_factory=dict)  # per reference table: rows the records use, matched
    records: dict[str, int] = field(default_factory=dict)  # per station table: records to carry
    accounts: int = 0
    not_carried: dict[str, int] = field(default_factory=dict)  # office-owned rows this PC holds, left behind
    #: per station table: ids of voided records of workstations the station will not serve (and their entries),
    #: left in the kept file: their numbers belong to the station that serves the workstation
    left_behind: dict[str, set[int]] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    #: per reference table: this PC's id → the office's id
    id_map: dict[str, dict[int, int]] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"standalone #{self.head[0]} {self.head[1][:16]}"

    def lines(self) -> list[str]:
        """The plan as a person reads it (the CLI prints it)."""
        out = [
            f"station {self.station_code} (workstations {', '.join(self.workstation_codes)}); this PC's chain "
            f"ends at #{self.head[0]} {self.head[1][:16]}",
            "reference rows used by its records, matched to the office's: "
            + (", ".join(f"{t} {n}" for t, n in sorted(self.matched.items()) if n) or "none"),
            "records to carry: " + (", ".join(f"{t} {n}" for t, n in self.records.items() if n) or "none"),
            f"user accounts to carry (with their passwords): {self.accounts}",
        ]
        if any(self.left_behind.values()):
            out.append(
                "voided records of other workstations, left in the kept file: "
                + ", ".join(f"{t} {len(ids)}" for t, ids in self.left_behind.items() if ids)
            )
        if any(self.not_carried.values()):
            out.append(
                "left in the kept file (the office owns them): "
                + ", ".join(f"{t} {n}" for t, n in self.not_carried.items() if n)
            )
        out.extend(f"MISMATCH {mismatch}" for mismatch in self.mismatches)
        return out


class JoinRefusedError(ValidationError):
    """The PC cannot join as it is: each mismatch is named with what to do; nothing was changed."""

    def __init__(self, plan: JoinPlan) -> None:
        super().__init__([FieldError("", str(mismatch)) for mismatch in plan.mismatches])
        self.plan = plan


@dataclass(frozen=True)
class Joined:
    plan: JoinPlan
    kept: Path  # the original file's verified copy
    carried: int  # records inserted


# --- the plan ------------------------------------------------------------------------------------------------


def plan_join(existing: Path, bundle_path: Path, office_fingerprint: str | None = None) -> JoinPlan:
    """What joining *existing* to the office of *bundle_path* would do, with every mismatch; changes nothing."""
    bundle, _key = stations.read_enrolment(bundle_path, office_fingerprint)
    engine = make_engine(existing, read_only=True)
    try:
        with read_connection(engine) as conn:
            _require_joinable(conn, existing)
            return _plan(conn, bundle)
    finally:
        engine.dispose()


def _require_joinable(conn: Connection, existing: Path) -> None:
    role = stations.identity(conn).role
    if role != stations.STANDALONE:
        raise ValidationError.single(
            "db",
            (
                tr("{path} is already a station database: only a standalone database joins as a station.")
                if role == stations.STATION
                else tr("{path} is already an office database: only a standalone database joins as a station.")
            ).format(path=existing),
        )
    report = integrity.verify(conn, db_path=existing)
    if not report.ok:
        raise ValidationError.single(
            "db",
            tr(
                "{path} does not verify ({problem}): its records cannot be carried as they are. Restore a verified "
                "backup of it first (or keep it as evidence and enrol into a new file)."
            ).format(path=existing, problem=report.problems[0].message if report.problems else "?"),
        )


def _plan(conn: Connection, bundle: bundle_file.Bundle) -> JoinPlan:
    station = bundle.manifest["station"]
    served = sorted(str(station["workstation_codes"]).split(","))
    head = sql.first(conn, "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
    plan = JoinPlan(str(station["code"]), served, (int(head[0]), str(head[1])) if head else (0, "0" * 64))
    office: dict[str, dict[tuple[Any, ...], Mapping[str, Any]]] = {table: {} for table in OFFICE_TABLES}
    for item in stations.enrolment_reference(bundle):
        row = item["row"]
        office[str(item["table"])][_key(str(item["table"]), row)] = row
    plan.left_behind = _left_behind(conn, served)
    for table, ids in _used_reference(conn, plan.left_behind).items():
        plan.id_map[table] = {}
        for local_id in sorted(ids):
            mine = sql.first_dict(conn, f"SELECT * FROM {table} WHERE id = ?", (local_id,))
            if mine is None:
                continue  # a dangling id: verify would have named it
            theirs = office[table].get(_key(table, mine))
            subject = f"{table} {' '.join(str(mine[k]) for k in NATURAL_KEYS[table])} ({mine.get('name', '')})"
            if theirs is None:
                plan.mismatches.append(
                    Mismatch(
                        subject,
                        tr("this PC's records use it, and the office does not have it."),
                        tr(
                            "Add it at the office and write a new enrolment bundle (station enrolment), or change "
                            "the records here to use one the office has."
                        ),
                    )
                )
                continue
            differing = [c for c in _MEANING.get(table, ()) if mine.get(c) != theirs.get(c)]
            if differing:
                shown = "; ".join(f"{c}: here {mine.get(c)!r}, at the office {theirs.get(c)!r}" for c in differing)
                plan.mismatches.append(
                    Mismatch(
                        subject,
                        tr("differs from the office's ({differences}).").format(differences=shown),
                        tr("Correct it here or at the office (then write a new enrolment bundle) so both agree."),
                    )
                )
                continue
            plan.id_map[table][local_id] = int(theirs["id"])
        plan.matched[table] = len(plan.id_map[table])
    _check_records(conn, plan, parse_floors(canonical_json(bundle.manifest.get("number_floors") or {})))
    plan.accounts = int(sql.scalar(conn, "SELECT count(*) FROM user_account"))
    plan.not_carried = {t: int(sql.scalar(conn, f"SELECT count(*) FROM {t} WHERE voided = 0")) for t in _NOT_CARRIED}
    return plan


def _key(table: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(column) for column in NATURAL_KEYS[table])


def _reference_columns(table: str) -> Iterator[tuple[str, str]]:
    """(column, referenced table) of *table*'s foreign keys."""
    for column in m.metadata.tables[table].columns:
        for key in column.foreign_keys:
            yield column.name, key.column.table.name


def _left_behind(conn: Connection, served: list[str]) -> dict[str, set[int]]:
    """Voided records of workstations the station will not serve, with their entries: not carried (a record
    still valid there is a mismatch instead)."""
    marks = ", ".join("?" * len(served))
    left: dict[str, set[int]] = {table: set() for table in CARRY_ORDER}
    for table in _AT_A_WORKSTATION:
        rows = sql.execute(
            conn,
            f"SELECT t.id FROM {table} t JOIN workstation w ON w.id = t.workstation_id WHERE t.voided = 1 "
            f"AND w.code NOT IN ({marks})",
            tuple(served),
        )
        left[table] = {int(r[0]) for r in rows}
    for child, column, parent in _ENTRIES:
        rows = sql.execute(conn, f"SELECT id, {column} FROM {child}")
        left[child] = {int(r[0]) for r in rows if r[1] in left[parent]}
    return left


def _carried_rows(conn: Connection, table: str, left_behind: Mapping[str, set[int]]) -> Iterator[dict[str, Any]]:
    for row in sql.all_dicts(conn, f"SELECT * FROM {table} ORDER BY id"):
        if int(row["id"]) not in left_behind.get(table, set()):
            yield row


def _used_reference(conn: Connection, left_behind: Mapping[str, set[int]]) -> dict[str, set[int]]:
    """The reference rows the records to carry refer to (a shift sheet's marks name inspectors too)."""
    used: dict[str, set[int]] = {table: set() for table in OFFICE_TABLES}
    for table in CARRY_ORDER:
        columns = [(c, t) for c, t in _reference_columns(table) if t in used]
        for row in _carried_rows(conn, table, left_behind) if columns or table == "duty_sheet" else ():
            for column, target in columns:
                if row[column] is not None:
                    used[target].add(int(row[column]))
            if table == "duty_sheet":
                used["inspector"] |= {mark.inspector_id for mark in duty.parse_marks(str(row["marks"]))}
    return used


def _check_records(conn: Connection, plan: JoinPlan, floors: Mapping[str, Mapping[str, Mapping[str, int]]]) -> None:
    """Records of workstations the station will not serve, and numbers the office may hold already."""
    for table in CARRY_ORDER:
        total = int(sql.scalar(conn, f"SELECT count(*) FROM {table}"))
        plan.records[table] = total - len(plan.left_behind.get(table, ()))
        for column, target in _reference_columns(table):
            gone = plan.left_behind.get(target)
            if not gone:
                continue
            for row in _carried_rows(conn, table, plan.left_behind):
                if row[column] in gone:
                    plan.mismatches.append(
                        Mismatch(
                            f"{table} #{row['id']}",
                            tr("refers to a voided record of a workstation this station will not serve."),
                            tr(
                                "Remove the reference here (amend the record), or ask the office to let this station "
                                "serve that workstation."
                            ),
                        )
                    )
    for table in _AT_A_WORKSTATION:
        rows = sql.execute(
            conn,
            f"SELECT w.code, count(*) FROM {table} t JOIN workstation w ON w.id = t.workstation_id "
            "WHERE t.voided = 0 GROUP BY w.code",
        )
        for code, count in rows:
            if str(code) not in plan.workstation_codes:
                plan.mismatches.append(
                    Mismatch(
                        f"{table} of {code}",
                        tr("{count} records of a workstation this station will not serve.").format(count=count),
                        tr(
                            "Ask the office to let this station serve {code} (and write a new enrolment bundle), "
                            "or void those records here."
                        ).format(code=code),
                    )
                )
    for table in _NUMBERED:
        rows = sql.execute(
            conn,
            f"SELECT w.code, t.year, min(t.serial), max(t.serial) FROM {table} t JOIN workstation w "
            f"ON w.id = t.workstation_id WHERE t.serial IS NOT NULL GROUP BY w.code, t.year",
        )
        for code, year, lowest, _highest in rows:
            held = floors.get(table, {}).get(str(code), {}).get(str(year), 0)
            if held and int(lowest) <= held:
                plan.mismatches.append(
                    Mismatch(
                        f"{table} numbers of {code} in {year}",
                        tr("the office holds numbers up to serial {held}; this PC's numbers start at {lowest}.").format(
                            held=held, lowest=lowest
                        ),
                        tr(
                            "The same workstation was numbered at the office and here: settle with the office which "
                            "records are whose before joining."
                        ),
                    )
                )


# --- joining -------------------------------------------------------------------------------------------------


def join(
    existing: Path,
    bundle_path: Path,
    enrol_code: str,
    *,
    office_fingerprint: str | None = None,
    clock: Clock | None = None,
    actor: str = "system",
) -> Joined:
    """Make the standalone database *existing* this office's station, carrying its records (see the module)."""
    existing = Path(existing)
    plan = plan_join(existing, bundle_path, office_fingerprint)
    if plan.mismatches:
        raise JoinRefusedError(plan)
    bundle, office_key = stations.read_enrolment(bundle_path, office_fingerprint)
    _refuse_open_journal(existing)
    clock = clock or SystemClock()
    kept = _keep_original(existing, clock)
    # the project's temporary pattern: a crashed join's file is cleaned up by the next (clean_stale_temporaries)
    clean_stale_temporaries(existing.parent, name=existing.name)
    building = existing.with_name(f"{temporary_name(existing)}joining-{uuid.uuid4().hex[:8]}.tmp")
    try:
        ledger = stations.station_from_enrolment(bundle, office_key, building, enrol_code, clock=clock, actor=actor)
        try:
            carried = _carry(ledger, existing, plan)
            with ledger.read() as conn:
                report = integrity.verify(conn)
            if not report.ok:  # a bug of ours: keep the original in place
                raise StorageError(
                    tr("The joined database does not verify ({problem}); {path} was left as it was.").format(
                        problem=report.problems[0].message, path=existing
                    )
                )
        finally:
            ledger.close()  # checkpoints: the new database is one file
        _swap(building, existing)
    except BaseException:
        for leftover in (building, *(Path(f"{building}{extra}") for extra in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    return Joined(plan, kept, carried)


def _refuse_open_journal(existing: Path) -> None:
    """A non-empty ``-wal`` beside the file holds changes not yet in it (another program has it open, or it
    was not closed cleanly): replacing the file under it would mix two databases."""
    wal = Path(f"{existing}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ValidationError.single(
            "db",
            tr(
                "{path} is open in another program (or was not closed cleanly): close SafetyWatch on this PC, open "
                "the database once and close it, then enrol again."
            ).format(path=existing),
        )


def _keep_original(existing: Path, clock: Clock) -> Path:
    stamp = clock.now_utc().astimezone().strftime("%Y%m%d-%H%M%S")
    target = existing.with_name(f"{existing.stem}.before-enrol-{stamp}{existing.suffix or '.db'}")
    info = backup.create(existing, "manual", target=target, now=clock.now_utc())
    if not info.verified:
        raise StorageError(
            tr("The copy of {path} kept before enrolling does not verify: nothing was changed.").format(path=existing)
        )
    return info.path


def _carry(ledger: Ledger, existing: Path, plan: JoinPlan) -> int:
    """Insert the old PC's records and accounts into the new station database; return the records carried."""
    engine = make_engine(existing, read_only=True)
    carried = 0
    try:
        with read_connection(engine) as old, ledger.write() as w:
            w.origin = plan.origin
            w.closed_months_open = True  # no month is closed at a new station; the flag only says so
            own: dict[str, dict[int, int]] = {}  # this PC's ids of its records → the new ids
            for table in CARRY_ORDER:
                own[table] = {}
                target = m.metadata.tables[table]
                for row in _carried_rows(old, table, plan.left_behind):
                    values = _translated(table, row, plan.id_map, own)
                    stored = w.insert(target, values)
                    own[table][int(row["id"])] = int(stored["id"])
                    if table == "duty_sheet":
                        duty.project(w, int(stored["id"]), [], _sheet_input(stored))
                    carried += 1
            for account in sql.all_dicts(old, "SELECT * FROM user_account ORDER BY id"):
                values = {k: v for k, v in account.items() if k not in _MANAGED}
                stored = w.insert(m.USER_ACCOUNT, values)
                password = sql.scalar(
                    old, "SELECT password_hash FROM user_credential WHERE user_id = ?", (account["id"],)
                )
                if password is not None:
                    w.db.execute(
                        "INSERT INTO user_credential (user_id, password_hash) VALUES (?, ?)", (stored["id"], password)
                    )
            w.origin = None
    finally:
        engine.dispose()
    return carried


def _translated(
    table: str, row: Mapping[str, Any], reference: Mapping[str, Mapping[int, int]], own: Mapping[str, Mapping[int, int]]
) -> dict[str, Any]:
    values = {k: v for k, v in row.items() if k not in _MANAGED}
    for column, target in _reference_columns(table):
        if values.get(column) is None:
            continue
        ids = reference.get(target) if target in OFFICE_TABLES else own.get(target)
        if ids is None or int(values[column]) not in ids:
            raise StorageError(
                tr("{table} #{id} refers to {target} #{ref}, which could not be carried.").format(
                    table=table, id=row["id"], target=target, ref=values[column]
                )
            )
        values[column] = ids[int(values[column])]
    if table == "duty_sheet":
        marks = duty.parse_marks(str(values["marks"]))
        values["marks"] = duty.marks_json(
            dataclasses.replace(mark, inspector_id=reference["inspector"][mark.inspector_id]) for mark in marks
        )
    return values


def _sheet_input(row: Mapping[str, Any]) -> duty.SheetInput:
    return duty.SheetInput(
        int(row["workstation_id"]),
        dt.date.fromisoformat(str(row["shift_date"])),
        int(row["shift_id"]),
        tuple(duty.parse_marks(str(row["marks"]))),
        row.get("note"),
    )


def _swap(building: Path, existing: Path) -> None:
    """Put the new database in the original's place in one rename (the original is kept as a backup)."""
    # empty leftovers of the original's last close (a -wal with content refused the join before): one that
    # cannot be removed (Windows: open elsewhere) is harmless, SQLite ignores an empty -wal
    for extra in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{existing}{extra}").unlink()
    try:
        os.replace(building, existing)
    except OSError as exc:
        raise StorageError(
            tr(
                "{path} could not be replaced ({error}): close every program that has it open and enrol again. "
                "It was not changed."
            ).format(path=existing, error=exc.strerror or exc)
        ) from exc
    fsync_dir(existing.parent)


__all__ = ["CARRY_ORDER", "NATURAL_KEYS", "JoinPlan", "JoinRefusedError", "Joined", "Mismatch", "join", "plan_join"]
