"""Station bundles and office replies: what travels on the USB stick, and what each side does with it.

- :func:`write_station_bundle` (station): every event of its chain after the head the office last
  acknowledged, verbatim, signed with the station's key. A lost or forgotten stick costs nothing: the next
  bundle starts from the same acknowledged point, so it contains every older one.
- :func:`read_station_bundle` (office): checks the bundle whole (signature, the station, the range continuing
  what the office holds, every hash) and refuses it whole if anything is wrong; otherwise, in one
  transaction, keeps the new events verbatim (``station_event``), applies each through the office's Writer or
  holds it for a person, and records one import event. The same bundle twice, or an older one, changes
  nothing; the same sequence with another hash (a station restored from an old backup, or tampered) is
  refused and logged as a security event.
- :func:`write_reply` (office) and :func:`read_reply` (station): the acknowledgement and the office's
  reference-data changes since the last reply, signed by the office.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.db.migrate import head_revision
from safetywatch.domain.clock import utc_iso
from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.domain.record_labels import table_label
from safetywatch.exchange import bundle_file
from safetywatch.exchange.foreign_events import (
    EVENT_FIELDS,
    OFFICE_TABLES,
    STATION_TABLES,
    TRANSFER_TABLE,
    Applied,
    BundleRefusedError,
    ForeignEvent,
    LateRecord,
    apply_office_event,
    apply_station_event,
    check_chain_range,
    events_of,
    restore_own_event,
)
from safetywatch.exchange.stations import (
    OFFICE,
    STATION,
    Identity,
    identity,
    proof_holds,
    signing_key,
    station_by_code,
)
from safetywatch.services.core import sql
from safetywatch.services.core.audit import GENESIS_HASH, event_columns
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.writer import Writer

#: The entity of the exchange's own events (a bundle written, imported, a reply received): not a record.
EXCHANGE_ENTITY = "exchange"

#: ``progress(done, total)``: how far a long step is (reading: events taken in; writing: see
#: :class:`_WriteSteps`); ``cancelled()``: whether to stop, writing nothing.
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
#: The person cancelled writing a bundle: no file left, nothing recorded.
WriteCancelledError = bundle_file.WriteCancelledError


@dataclass
class ImportReport:
    """What reading one bundle did."""

    path: Path
    station: str
    first_seq: int = 0
    last_seq: int = 0
    new_events: int = 0
    already_held: int = 0
    applied: Applied = field(default_factory=Applied)

    @property
    def changed_nothing(self) -> bool:
        return self.new_events == 0


def _bundle_name(prefix: str, code: str, first: int, last: int) -> str:
    return f"{prefix}_{code}_{first:06d}-{last:06d}{bundle_file.SUFFIX}"


def _target(out: Path, name: str) -> Path:
    """*out* is a folder (the bundle gets its standard name there) or a file name."""
    if out.is_dir():
        return out / name
    return out if out.suffix == bundle_file.SUFFIX else out.with_name(out.name + bundle_file.SUFFIX)


class _WriteSteps:
    """One progress over writing a bundle's two steps, in thousandths: its events made into lines (the first
    half), then the file written to the drive (the second: a slow USB stick takes longer than the lines)."""

    TOTAL, EVERY = 1000, 500

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.progress, self.cancelled = progress, cancelled

    def lines(self, events: list[ForeignEvent]) -> bytes:
        """The events as the bundle's ``events.jsonl``, asking ``cancelled()`` every :attr:`EVERY` events."""
        lines = []
        for done, event in enumerate(events):
            if done % self.EVERY == 0:
                if self.cancelled is not None and self.cancelled():
                    raise WriteCancelledError(tr("Cancelled: no bundle was written."))
                self._tell(done * self.TOTAL // 2 // max(len(events), 1))
            lines.append(event.to_json())
        self._tell(self.TOTAL // 2)
        return "\n".join(lines).encode("utf-8")

    def written(self, done: int, total: int) -> None:
        self._tell(self.TOTAL // 2 + done * self.TOTAL // 2 // max(total, 1))

    def _tell(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.TOTAL)


def _events_after(conn: Connection, seq: int) -> list[ForeignEvent]:
    rows = sql.handle(conn).execute(f"SELECT {event_columns(conn)} FROM audit_event WHERE seq > ? ORDER BY seq", (seq,))
    return [ForeignEvent(*row) for row in rows]


# --- the station ------------------------------------------------------------------------------------------


def write_station_bundle(
    ledger: Ledger, out: Path, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> Path:
    """Write this station's bundle for the office: its events after the acknowledged head, signed.

    A cancel (``cancelled()``, asked while the events are gathered and the file written) leaves no file and no
    export event: the event is recorded in the same transaction, rolled back by :class:`WriteCancelledError`."""
    ledger.require(Permission.ENTER_RECORDS)
    with ledger.write() as w:
        me = identity(w.conn)
        if me.role != STATION:
            raise ValidationError.single(
                "", tr("This database is not a station: only a station writes bundles for the office.")
            )
        station = sql.first_dict(w.db, "SELECT * FROM exchange_station WHERE uuid = ?", (me.uuid,))
        key = signing_key(w.conn)
        if station is None or key is None:
            raise ValidationError.single("", tr("This station's enrolment is incomplete: enrol it again."))
        acked = int(station["acked_seq"])
        # the export is itself in the chain, and in this bundle (the custody trail's first link)
        head_before = sql.first(w.db, "SELECT max(seq) FROM audit_event")
        w.audit.append(
            at_utc=utc_iso(w.clock.now_utc()),
            actor=w.actor,
            action="bundle_export",
            entity=EXCHANGE_ENTITY,
            entity_id=int(station["id"]),
            entity_uuid=str(station["uuid"]),
            before=None,
            after={"from_seq": acked + 1, "to_seq": int((head_before or (0,))[0] or 0) + 1},
            reason=None,
        )
        events = _events_after(w.conn, acked)
        prev_hash = str(station["acked_hash"]) if acked else GENESIS_HASH
        first, last = events[0], events[-1]
        manifest = {
            "kind": "station",
            "schema": head_revision(),
            "office_uuid": me.office_uuid,
            "station": {"uuid": me.uuid, "code": me.code},
            "range": {"from_seq": first.seq, "prev_hash": prev_hash, "to_seq": last.seq, "to_hash": last.hash},
            "counts": dict(sorted(Counter(e.entity for e in events).items())),
            "public_key": key[1].hex(),
            "enrol_proof": _setting(w.conn, "enrol_proof"),
            # the office's chain this station has taken in: the office's next reply starts after it
            "replied_seq": int(station["replied_seq"]),
            "created_at": utc_iso(w.clock.now_utc()),
            "created_by": w.actor,
        }
        steps = _WriteSteps(progress, cancelled)
        members = {"events.jsonl": steps.lines(events)}
        path = _target(out, _bundle_name(str(me.code), "to-office", first.seq, last.seq))
        # written inside the transaction: if the file cannot be written, the export event is not kept either
        bundle_file.write_bundle(path, manifest, members, key[0], progress=steps.written, cancelled=cancelled)
        return path


def _setting(conn: Connection, key: str) -> str | None:
    value = sql.scalar(conn, "SELECT value FROM app_setting WHERE key = ? AND voided = 0", (key,))
    return None if value is None else str(value)


def _from_the_office(w: Writer, bundle: bundle_file.Bundle, kind: str) -> Identity:
    """This database is a station, and *bundle* is the office's *kind* of bundle for it, signed by its key."""
    manifest = bundle.manifest
    me = identity(w.conn)
    if me.role != STATION or me.office_public_key is None:
        raise ValidationError.single("", tr("This database is not a station: only a station reads the office's reply."))
    if manifest.get("kind") != kind:
        wrong = (
            tr("This is not a reply from the office (it is a {kind} bundle).")
            if kind == "reply"
            else tr("This is not a recovery bundle (it is a {kind} bundle).")
        )
        raise BundleRefusedError(wrong.format(kind=manifest.get("kind")))
    bundle_file.verify_signature(bundle, bytes.fromhex(me.office_public_key))
    if manifest.get("station", {}).get("uuid") != me.uuid:
        raise BundleRefusedError(
            tr("This reply is for station {code}, not for this one ({mine}).").format(
                code=manifest.get("station", {}).get("code"), mine=me.code
            )
        )
    return me


def read_reply(ledger: Ledger, path: Path) -> dict[str, Any]:
    """Take in the office's reply at a station: the acknowledgement, the office's reference changes and its
    decisions on the station's records.

    The clerk who carries the stick may enter records; what the reply changes is the office's (signed by its
    key), so it is applied unrestricted by the clerk's role, under the clerk's name, each event with its origin."""
    ledger.require(Permission.ENTER_RECORDS)
    bundle = bundle_file.read_bundle(path)
    manifest = bundle.manifest
    carrier = dataclasses.replace(ledger, user=None, actor=ledger.acting_as)
    with carrier.write() as w:
        me = _from_the_office(w, bundle, "reply")
        station = sql.first_dict(w.db, "SELECT * FROM exchange_station WHERE uuid = ?", (me.uuid,))
        assert station is not None
        ack = manifest["ack"]
        ack_seq, ack_hash = int(ack["seq"]), str(ack["hash"])
        if ack_seq:
            mine = sql.scalar(w.conn, "SELECT hash FROM audit_event WHERE seq = ?", (ack_seq,))
            if mine is None:
                raise BundleRefusedError(
                    tr(
                        "The office holds this station's events up to #{seq}, but this database ends before that: it "
                        "was restored from an older backup. Before entering more, ask the office for a recovery "
                        "bundle (safetywatch station recover) and read it here."
                    ).format(seq=ack_seq)
                )
            if mine != ack_hash:
                raise BundleRefusedError(
                    tr(
                        "The office holds another event #{seq} than this database: this station's chain was rewritten "
                        "or restored. Nothing was taken in; call the safety office."
                    ).format(seq=ack_seq)
                )
        office_events = events_of(bundle.members["events.jsonl"].decode("utf-8").splitlines())
        applied = 0
        replied = int(station["replied_seq"])
        for event in office_events:
            if event.seq <= replied:
                continue  # an older reply read again
            applied += apply_office_event(w, event)
            replied = event.seq
        replied = max(replied, int(manifest.get("office_head", 0)))
        changes: dict[str, Any] = {}
        if ack_seq > int(station["acked_seq"]):
            changes.update(acked_seq=ack_seq, acked_hash=ack_hash)
        if replied != int(station["replied_seq"]):
            changes["replied_seq"] = replied
        if changes:
            w.update(m.EXCHANGE_STATION, int(station["id"]), changes, action="reply_received")
        return {"acked_seq": ack_seq, "reference_changes": applied, "sha256": bundle.sha256}


# --- the office -------------------------------------------------------------------------------------------


def check_bundle(conn: Connection | None, path: Path) -> dict[str, Any]:
    """Check a bundle without taking it in: its structure, and (with the office's database) its signer and its
    range against what the office holds. Raises what reading it would."""
    bundle = bundle_file.read_bundle(path)
    manifest = bundle.manifest
    summary: dict[str, Any] = {"kind": manifest.get("kind"), "sha256": bundle.sha256, "manifest": manifest}
    if conn is None or manifest.get("kind") != "station":
        return summary
    station = _station_of(conn, manifest)
    events = events_of(bundle.members["events.jsonl"].decode("utf-8").splitlines())
    _check_signer(station, manifest, bundle)
    _new_events(conn, station, manifest, events)
    return summary


def _station_of(conn: Connection, manifest: dict[str, Any]) -> dict[str, Any]:
    if manifest.get("kind") != "station":
        raise BundleRefusedError(
            tr("This is not a station's bundle (it is a {kind} bundle).").format(kind=manifest.get("kind"))
        )
    if str(manifest.get("schema")) != head_revision():
        raise BundleRefusedError(
            tr(
                "The station runs another version of SafetyWatch (schema {theirs}, the office {ours}): install the "
                "same version on both."
            ).format(theirs=manifest.get("schema"), ours=head_revision())
        )
    me = identity(conn)
    if me.role != OFFICE:
        raise ValidationError.single("", tr("This database is not the office: only the office reads station bundles."))
    if manifest.get("office_uuid") != me.uuid:
        raise BundleRefusedError(tr("This bundle is for another office."))
    uuid = str(manifest.get("station", {}).get("uuid"))
    station = sql.first_dict(conn, "SELECT * FROM exchange_station WHERE uuid = ? AND voided = 0", (uuid,))
    if station is None:
        raise BundleRefusedError(
            tr("The bundle comes from a station this office does not know ({code}).").format(
                code=manifest.get("station", {}).get("code")
            )
        )
    return station


def _check_signer(station: dict[str, Any], manifest: dict[str, Any], bundle: bundle_file.Bundle) -> str:
    """The station's public key: the registered one, or (first bundle) the one its enrolment code vouches for."""
    key = str(manifest.get("public_key") or "")
    if station["public_key"]:
        if key != station["public_key"]:
            raise BundleRefusedError(
                tr("The bundle was signed by another key than station {code}'s.").format(code=station["code"])
            )
    elif not station["enrol_code_hash"] or not proof_holds(
        str(station["enrol_code_hash"]), key, str(manifest.get("enrol_proof") or "")
    ):
        raise BundleRefusedError(
            tr("The station's key is not vouched for by its enrolment code: enrol the station again.")
        )
    try:
        bundle_file.verify_signature(bundle, bytes.fromhex(key))
    except ValueError as exc:
        raise BundleRefusedError(tr("The bundle's signature cannot be read.")) from exc
    return key


def _held_head(conn: Connection, station_id: int) -> tuple[int, str]:
    row = sql.first(
        conn, "SELECT seq, hash FROM station_event WHERE station_id = ? ORDER BY seq DESC LIMIT 1", (station_id,)
    )
    return (0, GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))


def _new_events(
    conn: Connection, station: dict[str, Any], manifest: dict[str, Any], events: list[ForeignEvent]
) -> tuple[list[ForeignEvent], int]:
    """The events the office does not hold yet, after checking the range against what it holds; and how many
    it held already."""
    rng = manifest.get("range") or {}
    if (
        not events
        or events[0].seq != rng.get("from_seq")
        or events[-1].seq != rng.get("to_seq")
        or events[-1].hash != rng.get("to_hash")
    ):
        raise BundleRefusedError(tr("The bundle's events do not match its manifest."))
    check_chain_range(events, int(rng["from_seq"]), str(rng["prev_hash"]))
    held_seq, _ = _held_head(conn, int(station["id"]))
    first = int(rng["from_seq"])
    if first > held_seq + 1:
        raise BundleRefusedError(
            tr(
                "The bundle starts at event #{first}, but the office holds station {code}'s events only up to "
                "#{held}: an earlier bundle is missing. Write a new bundle at the station (it starts where the "
                "office left off)."
            ).format(first=first, code=station["code"], held=held_seq)
        )
    if first > 1:
        before = sql.scalar(
            conn, "SELECT hash FROM station_event WHERE station_id = ? AND seq = ?", (station["id"], first - 1)
        )
        if before != rng["prev_hash"]:
            raise _ForkError(station, first - 1)
    already = 0
    for event in events:
        if event.seq > held_seq:
            break
        stored = sql.scalar(
            conn, "SELECT hash FROM station_event WHERE station_id = ? AND seq = ?", (station["id"], event.seq)
        )
        if stored != event.hash:
            raise _ForkError(station, event.seq)
        already += 1
    return [e for e in events if e.seq > held_seq], already


class _ForkError(BundleRefusedError):
    def __init__(self, station: dict[str, Any], seq: int) -> None:
        super().__init__(
            tr(
                "Station {code}'s event #{seq} in this bundle differs from the one the office holds: the station's "
                "database was restored from an old backup or changed. Nothing was taken in; the refusal is logged."
            ).format(code=station["code"], seq=seq)
        )
        self.station, self.seq = station, seq


class ImportCancelledError(SafetyWatchError):
    """The person cancelled taking in a bundle: its transaction was rolled back, nothing of it written."""


def read_station_bundle(
    ledger: Ledger, path: Path, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> ImportReport:
    """Take in one station bundle at the office: all or nothing (a cancel too)."""
    ledger.require(Permission.IMPORT)
    bundle = bundle_file.read_bundle(path)
    manifest = bundle.manifest
    events = events_of(bundle.members.get("events.jsonl", b"").decode("utf-8").splitlines())
    try:
        with ledger.write(note=None) as w:
            station = _station_of(w.conn, manifest)
            key = _check_signer(station, manifest, bundle)
            new, already = _new_events(w.conn, station, manifest, events)
            report = ImportReport(path, str(station["code"]), events[0].seq, events[-1].seq, len(new), already)
            if not new:
                return report
            _take_in(w, station, key, new, report, bundle.sha256, _replied_seq(manifest), progress, cancelled)
            return report
    except _ForkError as fork:
        _record_fork(ledger, fork, bundle.sha256)
        raise


def _replied_seq(manifest: dict[str, Any]) -> int | None:
    value = manifest.get("replied_seq")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _take_in(
    w: Writer,
    station: dict[str, Any],
    key: str,
    new: list[ForeignEvent],
    report: ImportReport,
    sha256: str,
    replied_seq: int | None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    closed = {str(r[0]) for r in sql.execute(w.conn, "SELECT month FROM month_close WHERE voided = 0")}
    w.closed_months_open = True  # a station's late evidence is kept, and listed for correction
    names, marks = ", ".join(EVENT_FIELDS), ", ".join("?" * len(EVENT_FIELDS))
    insert = f"INSERT INTO station_event (station_id, {names}) VALUES (?, {marks})"
    for done, event in enumerate(new):
        if done % 200 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelledError(tr("Cancelled: nothing of the bundle was written."))
            if progress is not None:
                progress(done, len(new))
        w.db.execute(insert, (station["id"], *event.row()))
        apply_station_event(w, station, event, report.applied, closed)
    if progress is not None:
        progress(len(new), len(new))
    w.closed_months_open = False
    for late in report.applied.closed_month:
        _list_as_correction(w, station, late, sha256)
    last = new[-1]
    changes: dict[str, Any] = {
        "acked_seq": last.seq,
        "acked_hash": last.hash,
        "last_bundle_at": utc_iso(w.clock.now_utc()),
    }
    if not station["public_key"]:
        changes["public_key"] = key
    if replied_seq is not None and replied_seq != station["replied_seq"]:
        changes["replied_seq"] = replied_seq  # what the station says it took in of our replies
    w.update(m.EXCHANGE_STATION, int(station["id"]), changes, action="bundle_import")
    w.audit.append(
        at_utc=utc_iso(w.clock.now_utc()),
        actor=w.actor,
        action="bundle_import",
        entity=EXCHANGE_ENTITY,
        entity_id=int(station["id"]),
        entity_uuid=str(station["uuid"]),
        before=None,
        after={
            "station": station["code"],
            "bundle_sha256": sha256,
            "from_seq": new[0].seq,
            "to_seq": last.seq,
            "head_hash": last.hash,
            "applied": report.applied.applied,
            "held": len(report.applied.held),
            "skipped": report.applied.skipped,
            "closed_month": len(report.applied.closed_month),
        },
        reason=None,
    )


def _list_as_correction(w: Writer, station: dict[str, Any], late: LateRecord, sha256: str) -> None:
    """A station's record that reached the office after its month was closed goes into the next open month's
    report as a correction (更正事项), as a correction entered by hand would (``month_close.adjust``)."""
    month = late.month
    while sql.first(w.conn, "SELECT 1 FROM month_close WHERE month = ? AND voided = 0", (month,)) is not None:
        year, number = int(month[:4]), int(month[5:7])
        month = f"{year + number // 12}-{number % 12 + 1:02d}"
    w.insert(
        m.REPORT_ADJUSTMENT,
        {
            "month": month,
            "for_month": late.month,
            "subject": f"{table_label(late.table)} {late.subject}"[:200],
            "correction": tr(
                "Dated {day}: it reached the office from station {station} after {month} was closed, so {month}'s "
                "report does not count it."
            ).format(day=late.day, station=station["code"], month=late.month),
            "reason": tr("Station {station}'s bundle {sha256}.").format(station=station["code"], sha256=sha256[:16]),
        },
    )


def _record_fork(ledger: Ledger, fork: _ForkError, sha256: str) -> None:
    with ledger.write() as w:
        w.audit.append(
            at_utc=utc_iso(w.clock.now_utc()),
            actor=w.actor,
            action="bundle_refused",
            entity="security",
            entity_id=int(fork.station["id"]),
            entity_uuid=str(fork.station["uuid"]),
            before=None,
            after={"station": fork.station["code"], "seq": fork.seq, "bundle_sha256": sha256, "cause": "fork"},
            reason=None,
        )


def _office_for(conn: Connection, station_code: str) -> tuple[Identity, dict[str, Any], tuple[bytes, bytes]]:
    """This database is the office: its identity, the registered station *station_code*, and its signing key."""
    me = identity(conn)
    if me.role != OFFICE:
        raise ValidationError.single("", tr("This database is not the office: only the office writes replies."))
    station = station_by_code(conn, station_code)
    key = signing_key(conn)
    assert key is not None  # made with the office (make_office)
    return me, station, key


def write_reply(
    ledger: Ledger,
    station_code: str,
    out: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """The office's reply to one station: what it holds of the station's chain, its reference changes and its
    own changes to the station's records."""
    ledger.require(Permission.IMPORT)
    with ledger.read() as conn:
        me, station, key = _office_for(conn, station_code)
        held_seq, held_hash = _held_head(conn, int(station["id"]))
        tables = ", ".join(f"'{t}'" for t in OFFICE_TABLES)
        owned = ", ".join(f"'{t}'" for t in sorted(STATION_TABLES))
        # the office's reference data and closed months, its take-overs of this station's records, and its own
        # changes to them (a step taken at the office, a held change resolved there): the office's decisions
        # travel back to the station
        rows = sql.handle(conn).execute(
            f"SELECT {event_columns(conn)} FROM audit_event a WHERE seq > ? AND (entity IN ({tables}) OR ("
            f"entity = '{TRANSFER_TABLE}' AND EXISTS (SELECT 1 FROM {TRANSFER_TABLE} t WHERE t.uuid = a.entity_uuid "
            f"AND t.station_id = ?)) OR (entity IN ({owned}) AND origin IS NULL AND before IS NOT NULL AND EXISTS ("
            "SELECT 1 FROM station_event e WHERE e.entity_uuid = a.entity_uuid AND e.station_id = ?))) ORDER BY seq",
            (int(station["replied_seq"]), int(station["id"]), int(station["id"])),
        )
        events = [ForeignEvent(*row) for row in rows]
        head = int(sql.scalar(conn, "SELECT coalesce(max(seq), 0) FROM audit_event") or 0)
    manifest = {
        "kind": "reply",
        "schema": head_revision(),
        "office_uuid": me.uuid,
        "station": {"uuid": station["uuid"], "code": station["code"]},
        "ack": {"seq": held_seq, "hash": held_hash},
        "office_head": head,
        "counts": dict(sorted(Counter(e.entity for e in events).items())),
        "created_at": utc_iso(ledger.clock.now_utc()),
        "created_by": ledger.acting_as,
    }
    steps = _WriteSteps(progress, cancelled)
    members = {"events.jsonl": steps.lines(events)}
    path = _target(out, f"office_to-{station['code']}_{head:06d}{bundle_file.SUFFIX}")
    # replied_seq is not advanced here: a reply lost on the way would take its changes with it. It moves
    # when the station's next bundle says what it has read (read_reply skips what it holds already).
    bundle_file.write_bundle(path, manifest, members, key[0], progress=steps.written, cancelled=cancelled)
    return path


def write_recovery(
    ledger: Ledger,
    station_code: str,
    out: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """At the office: every event of a station's chain it holds, verbatim and signed, for a station restored from
    an older backup to take back what it had sent (:func:`read_recovery`)."""
    ledger.require(Permission.IMPORT)
    with ledger.read() as conn:
        me, station, key = _office_for(conn, station_code)
        rows = sql.handle(conn).execute(
            f"SELECT {', '.join(EVENT_FIELDS)} FROM station_event WHERE station_id = ? ORDER BY seq", (station["id"],)
        )
        events = [ForeignEvent(*row) for row in rows]
    if not events:
        raise ValidationError.single(
            "", tr("The office holds nothing of station {code} yet.").format(code=station["code"])
        )
    manifest = {
        "kind": "recovery",
        "schema": head_revision(),
        "office_uuid": me.uuid,
        "station": {"uuid": station["uuid"], "code": station["code"]},
        "range": {"from_seq": events[0].seq, "to_seq": events[-1].seq, "to_hash": events[-1].hash},
        "created_at": utc_iso(ledger.clock.now_utc()),
        "created_by": ledger.acting_as,
    }
    steps = _WriteSteps(progress, cancelled)
    members = {"events.jsonl": steps.lines(events)}
    path = _target(out, f"office_recovery-{station['code']}_{events[-1].seq:06d}{bundle_file.SUFFIX}")
    bundle_file.write_bundle(path, manifest, members, key[0], progress=steps.written, cancelled=cancelled)
    return path


def read_recovery(ledger: Ledger, path: Path) -> int:
    """At a station restored from an older backup: take back its own events after this database's head from the
    office's recovery bundle, verbatim, and bring its records in step with them; return how many. Refused if
    this database's head is not the office's event of that number (another history), nothing written."""
    ledger.require(Permission.ENTER_RECORDS)
    bundle = bundle_file.read_bundle(path)
    carrier = dataclasses.replace(ledger, user=None, actor=ledger.acting_as)
    with carrier.write() as w:
        _from_the_office(w, bundle, "recovery")
        events = events_of(bundle.members["events.jsonl"].decode("utf-8").splitlines())
        check_chain_range(events, events[0].seq, GENESIS_HASH if events[0].seq == 1 else events[0].prev_hash)
        head = sql.first(w.db, "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
        head_seq, head_hash = (0, GENESIS_HASH) if head is None else (int(head[0]), str(head[1]))
        theirs = {e.seq: e for e in events}
        last = events[-1]
        if head_seq > last.seq:  # this database has more than the office: nothing to take back, if it agrees
            mine = sql.scalar(w.conn, "SELECT hash FROM audit_event WHERE seq = ?", (last.seq,))
            head_seq, head_hash = last.seq, str(mine)
        if head_seq and (head_seq not in theirs or theirs[head_seq].hash != head_hash):
            raise BundleRefusedError(
                tr(
                    "This database's last event #{seq} is not the one the office holds: its history differs from "
                    "what the office received. Nothing was taken in; call the safety office."
                ).format(seq=head_seq)
            )
        missing = [e for e in events if e.seq > head_seq]
        for event in missing:
            restore_own_event(w, event)
        return len(missing)


def stations(conn: Connection) -> list[dict[str, Any]]:
    """The office's stations with what it holds of each (last event, last bundle, held changes)."""
    rows = sql.handle(conn).execute(
        "SELECT s.code, s.name, s.workstation_codes, s.acked_seq, s.last_bundle_at, s.public_key IS NOT NULL, "
        "(SELECT e.at_utc FROM station_event e WHERE e.station_id = s.id ORDER BY e.seq DESC LIMIT 1), "
        "(SELECT count(*) FROM held_change h WHERE h.station_id = s.id AND h.status = 'held') "
        "FROM exchange_station s WHERE s.voided = 0 ORDER BY s.code"
    )
    names = ("code", "name", "workstations", "last_seq", "last_bundle_at", "enrolled", "last_event_at", "held")
    return [dict(zip(names, row, strict=True)) for row in rows]


def held_changes(conn: Connection) -> list[dict[str, Any]]:
    rows = sql.handle(conn).execute(
        "SELECT h.id, s.code, h.station_seq, h.entity, h.entity_uuid, h.action, h.cause, h.message, h.incoming, "
        "h.office_values FROM held_change h JOIN exchange_station s ON s.id = h.station_id WHERE h.status = 'held' "
        "ORDER BY s.code, h.station_seq"
    )
    names = ("id", "station", "seq", "entity", "uuid", "action", "cause", "message", "incoming", "office_values")
    return [dict(zip(names, row, strict=True)) for row in rows]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
