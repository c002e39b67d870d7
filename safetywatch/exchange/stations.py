"""The roles of a database (standalone, office, station), the office's station registry, and enrolment.

A standalone database (one PC doing everything, the default) becomes the office with :func:`make_office`. The
office registers a station (:func:`add_station`: code, name, the workstations it serves) and gets a one-time
enrolment code to give the station's clerk by phone or on paper, and writes an enrolment bundle
(:func:`write_enrolment`): its reference data with their ids and uuids, its public key, signed. On the
station PC :func:`enrol` creates the station database from that bundle: the same reference rows under the
same ids (so a station's records refer to reference data by the office's ids), a key pair made on that PC,
and the proof that binds its public key to the enrolment code, which the first station bundle carries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.db.migrate import head_revision
from safetywatch.domain.clock import Clock, utc_iso
from safetywatch.domain.errors import FieldError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.exchange import bundle_file
from safetywatch.exchange.foreign_events import OFFICE_TABLES, BundleRefusedError
from safetywatch.services.core import sql
from safetywatch.services.core.event_format import GENESIS_HASH, canonical_json
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.numbering import FLOORS_SETTING, highest_serials, parse_floors
from safetywatch.services.core.writer import Writer
from safetywatch.services.maintenance.opening import open_ledger

STANDALONE, OFFICE, STATION = "standalone", "office", "station"
#: A station's exchange counters before its first bundle (the Writer stores every column it is given)
_NOTHING_EXCHANGED = {"acked_seq": 0, "acked_hash": GENESIS_HASH, "replied_seq": 0}
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")


@dataclass(frozen=True)
class Identity:
    """Who this database is in the exchange."""

    role: str
    uuid: str | None = None  # the office's or the station's uuid
    code: str | None = None  # the station's code
    office_uuid: str | None = None
    office_public_key: str | None = None


def setting(conn: Connection, key: str) -> str | None:
    value = sql.scalar(conn, "SELECT value FROM app_setting WHERE key = ? AND voided = 0", (key,))
    return None if value is None else str(value)


def identity(conn: Connection) -> Identity:
    role = setting(conn, "exchange_role") or STANDALONE
    if role == OFFICE:
        return Identity(OFFICE, setting(conn, "office_uuid"))
    if role == STATION:
        return Identity(
            STATION,
            setting(conn, "station_uuid"),
            setting(conn, "station_code"),
            setting(conn, "office_uuid"),
            setting(conn, "office_public_key"),
        )
    return Identity(STANDALONE)


def set_setting(w: Writer, key: str, value: str) -> None:
    row = sql.first_dict(w.db, "SELECT * FROM app_setting WHERE key = ?", (key,))
    if row is None:
        w.insert(m.APP_SETTING, {"key": key, "value": value})
    elif row["value"] != value:
        w.update(m.APP_SETTING, int(row["id"]), {"value": value})


def signing_key(conn: Connection) -> tuple[bytes, bytes] | None:
    """This PC's (private, public) key, or None."""
    row = sql.first(conn, "SELECT private_key, public_key FROM signing_key ORDER BY id LIMIT 1")
    return None if row is None else (bytes.fromhex(str(row[0])), bytes.fromhex(str(row[1])))


def _new_signing_key(w: Writer) -> bytes:
    private, public = bundle_file.new_key_pair()
    w.db.execute(
        "INSERT INTO signing_key (private_key, public_key, created_at) VALUES (?, ?, ?)",
        (private.hex(), public.hex(), utc_iso(w.clock.now_utc())),
    )
    set_setting(w, "own_public_key", public.hex())
    return public


# --- the office --------------------------------------------------------------------------------------------


def make_office(ledger: Ledger) -> Identity:
    """Make this standalone database the office (idempotent for an office; refused for a station)."""
    with ledger.write() as w:
        current = identity(w.conn)
        if current.role == STATION:
            raise ValidationError.single("", tr("This database is a station's; a station cannot become the office."))
        if current.role == OFFICE:
            return current
        set_setting(w, "exchange_role", OFFICE)
        set_setting(w, "office_uuid", str(uuid.uuid4()))
        if signing_key(w.conn) is None:
            _new_signing_key(w)
        return identity(w.conn)


def _require_office(conn: Connection) -> Identity:
    found = identity(conn)
    if found.role != OFFICE:
        raise ValidationError.single(
            "", tr("This database is not the office. Make it the office first: safetywatch office init --db DB")
        )
    return found


@dataclass(frozen=True)
class NewStation:
    row: dict[str, Any]
    enrol_code: str  # shown once; only its hash is kept


def add_station(ledger: Ledger, code: str, name: str, workstation_codes: list[str]) -> NewStation:
    """Register a station serving *workstation_codes*; return it with its one-time enrolment code."""
    code, name = code.strip(), name.strip()
    errors = []
    if not _CODE.fullmatch(code):
        errors.append(FieldError("code", tr("A station code is 1–16 letters, digits, '-' or '_' (e.g. ST01).")))
    if not name:
        errors.append(FieldError("name", tr("Give the station a name.")))
    if not workstation_codes:
        errors.append(FieldError("workstations", tr("Name the workstations the station serves (e.g. JK01,JK02).")))
    if errors:
        raise ValidationError(errors)
    with ledger.write() as w:
        _require_office(w.conn)
        if sql.scalar(w.conn, "SELECT 1 FROM exchange_station WHERE code = ?", (code,)):
            raise ValidationError.single("code", tr("Station {code} is registered already.").format(code=code))
        known = {str(r[0]) for r in sql.execute(w.conn, "SELECT code FROM workstation WHERE voided = 0")}
        unknown = sorted(set(workstation_codes) - known)
        if unknown:
            raise ValidationError.single(
                "workstations",
                tr("No workstation {codes}: use the codes of the reference data.").format(codes=", ".join(unknown)),
            )
        served = _served_elsewhere(w.conn, workstation_codes)
        if served:
            raise ValidationError.single(
                "workstations",
                tr("{codes} already served by another station: one station numbers each workstation's records.").format(
                    codes=", ".join(served)
                ),
            )
        enrol_code = _enrol_code()
        row = w.insert(
            m.EXCHANGE_STATION,
            {
                "code": code,
                "name": name,
                "workstation_codes": ",".join(sorted(set(workstation_codes))),
                "enrol_code_hash": hashlib.sha256(enrol_code.encode()).hexdigest(),
                **_NOTHING_EXCHANGED,
            },
        )
        return NewStation(row, enrol_code)


def retire_station(ledger: Ledger, code: str, reason: str) -> dict[str, Any]:
    """Void a station's registration (its PC died without a usable backup), freeing its workstations for the
    station that replaces it. Its events stay in ``station_event`` as evidence and ``verify`` keeps checking
    them; its code stays taken (origins at the office name a station by its code), so the replacement is
    registered under a new code (``ST01B``) and its enrolment carries the serials the office holds."""
    with ledger.write() as w:
        _require_office(w.conn)
        station = station_by_code(w.conn, code.strip())
        return w.void(m.EXCHANGE_STATION, int(station["id"]), reason)


def _served_elsewhere(conn: Connection, codes: list[str]) -> list[str]:
    served: set[str] = set()
    for (text,) in sql.execute(conn, "SELECT workstation_codes FROM exchange_station WHERE voided = 0"):
        served |= set(str(text).split(","))
    return sorted(served & set(codes))


def _enrol_code() -> str:
    """Eight characters a person reads out without confusion (no 0/O, 1/I/L), in two groups."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(alphabet[b % len(alphabet)] for b in uuid.uuid4().bytes[:8])
    return f"{raw[:4]}-{raw[4:]}"


def enrol_proof(enrol_code: str, public_key_hex: str) -> str:
    """Binds a station's public key to its enrolment code; the office, which keeps the code's hash, checks it."""
    key = hashlib.sha256(enrol_code.strip().upper().encode()).digest()
    return hmac.new(key, public_key_hex.encode(), hashlib.sha256).hexdigest()


def proof_holds(enrol_code_hash: str, public_key_hex: str, proof: str) -> bool:
    expected = hmac.new(bytes.fromhex(enrol_code_hash), public_key_hex.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, proof)


def station_by_code(conn: Connection, code: str) -> dict[str, Any]:
    row = sql.first_dict(conn, "SELECT * FROM exchange_station WHERE code = ? AND voided = 0", (code,))
    if row is None:
        raise ValidationError.single("station", tr("No station {code} is registered.").format(code=code))
    return row


def reference_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every office-owned reference row as ``{"table": …, "row": {…}}``, parents before their children."""
    for table in OFFICE_TABLES:
        order = "id"
        rows = sql.handle(conn).execute(f"SELECT * FROM {table} ORDER BY {order}")
        names = [d[0] for d in rows.description]
        dicts = [dict(zip(names, r, strict=True)) for r in rows]
        if table == "org_unit":
            dicts = _parents_first(dicts)
        for row in dicts:
            yield {"table": table, "row": row}


def _parents_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {r["id"]: r for r in rows}
    done: set[Any] = set()
    ordered: list[dict[str, Any]] = []

    def visit(row: dict[str, Any], depth: int = 0) -> None:
        if row["id"] in done or depth > len(rows):
            return
        parent = by_id.get(row.get("parent_id"))
        if parent is not None:
            visit(parent, depth + 1)
        done.add(row["id"])
        ordered.append(row)

    for row in rows:
        visit(row)
    return ordered


def write_enrolment(ledger: Ledger, station_code: str, out: Path, *, created_by: str | None = None) -> Path:
    """Write the enrolment bundle of a registered station (its reference data, the office's key), signed."""
    with ledger.read() as conn:
        office = _require_office(conn)
        station = station_by_code(conn, station_code)
        key = signing_key(conn)
        if key is None:
            raise ValidationError.single("", tr("The office has no signing key. Run: safetywatch office init --db DB"))
        head = sql.first(conn, "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
        lines = [canonical_json(item) for item in reference_rows(conn)]
        manifest = {
            "kind": "enrolment",
            "schema": head_revision(),
            "office_uuid": office.uuid,
            "office_public_key": key[1].hex(),
            "station": {
                "uuid": station["uuid"],
                "code": station["code"],
                "name": station["name"],
                "workstation_codes": station["workstation_codes"],
            },
            "office_head": {"seq": int(head[0]) if head else 0},
            # the replacement of a retired station's PC (or a station of workstations the office numbered before)
            # numbers on above what the office holds
            "number_floors": highest_serials(conn, str(station["workstation_codes"]).split(",")),
            "created_at": utc_iso(ledger.clock.now_utc()),
            "created_by": created_by or ledger.acting_as,
            "counts": {"reference_rows": len(lines)},
        }
    path = out if out.suffix == bundle_file.SUFFIX else out.with_name(out.name + bundle_file.SUFFIX)
    bundle_file.write_bundle(path, manifest, {"reference.jsonl": "\n".join(lines).encode("utf-8")}, key[0])
    return path


def enrol(
    bundle_path: Path,
    db_path: Path,
    enrol_code: str,
    *,
    clock: Clock | None = None,
    actor: str = "system",
    office_fingerprint: str | None = None,
) -> Ledger:
    """Create the station database at *db_path* from an enrolment bundle. *office_fingerprint*: if given,
    the office key's fingerprint (as ``station add`` printed it) must match."""
    bundle, office_key = read_enrolment(bundle_path, office_fingerprint)
    if db_path.exists() and db_path.stat().st_size > 0:
        raise ValidationError.single(
            "db", tr("{path} exists already: enrol into a new database file.").format(path=db_path)
        )
    return station_from_enrolment(bundle, office_key, db_path, enrol_code, clock=clock, actor=actor)


def read_enrolment(bundle_path: Path, office_fingerprint: str | None = None) -> tuple[bundle_file.Bundle, bytes]:
    """An enrolment bundle, checked (kind, the office's signature, the fingerprint if given, the same schema),
    with the office's public key."""
    bundle = bundle_file.read_bundle(bundle_path)
    manifest = bundle.manifest
    if manifest.get("kind") != "enrolment":
        raise BundleRefusedError(
            tr("This is not an enrolment bundle (it is a {kind} bundle).").format(kind=manifest.get("kind"))
        )
    office_key = bytes.fromhex(str(manifest["office_public_key"]))
    bundle_file.verify_signature(bundle, office_key)
    if office_fingerprint and _normal(office_fingerprint) != _normal(bundle_file.key_fingerprint(office_key)):
        raise BundleRefusedError(
            tr("The bundle was signed by another office key ({fingerprint}) than the one you were given.").format(
                fingerprint=bundle_file.key_fingerprint(office_key)
            )
        )
    if str(manifest.get("schema")) != head_revision():
        raise BundleRefusedError(
            tr(
                "The office runs another version of SafetyWatch (schema {theirs}, this PC {ours}): install the "
                "same version on both."
            ).format(theirs=manifest.get("schema"), ours=head_revision())
        )
    return bundle, office_key


def station_from_enrolment(
    bundle: bundle_file.Bundle, office_key: bytes, db_path: Path, enrol_code: str, *, clock: Clock | None, actor: str
) -> Ledger:
    """The new station database at *db_path* (which must not hold a database) from a checked enrolment bundle."""
    manifest = bundle.manifest
    station = manifest["station"]
    ledger = open_ledger(db_path, actor=actor, clock=clock, seed=False)
    try:
        with ledger.write() as w:
            w.origin = f"office {manifest['office_uuid']} enrolment"
            for item in enrolment_reference(bundle):
                table = m.metadata.tables[item["table"]]
                row = item["row"]
                values = {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at", "version")}
                w.insert(table, values, record_id=int(row["id"]))
            w.origin = None
            set_setting(w, "seeded", "1")
            set_setting(w, "exchange_role", STATION)
            set_setting(w, "station_uuid", str(station["uuid"]))
            set_setting(w, "station_code", str(station["code"]))
            set_setting(w, "office_uuid", str(manifest["office_uuid"]))
            set_setting(w, "office_public_key", office_key.hex())
            public = _new_signing_key(w)
            set_setting(w, "enrol_proof", enrol_proof(enrol_code, public.hex()))
            floors = parse_floors(canonical_json(manifest.get("number_floors") or {}))
            if floors:
                set_setting(w, FLOORS_SETTING, canonical_json(floors))
            w.insert(
                m.EXCHANGE_STATION,
                {
                    "uuid": station["uuid"],
                    "code": station["code"],
                    "name": station["name"],
                    "workstation_codes": station["workstation_codes"],
                    "public_key": public.hex(),
                    **_NOTHING_EXCHANGED,
                    "replied_seq": int(manifest["office_head"]["seq"]),
                },
            )
    except BaseException:
        ledger.close()
        raise
    return ledger


def enrolment_reference(bundle: bundle_file.Bundle) -> Iterator[Mapping[str, Any]]:
    """The office's reference rows an enrolment bundle carries, as ``{"table": …, "row": {…}}``."""
    for line in bundle.members["reference.jsonl"].decode("utf-8").splitlines():
        yield _reference_item(line)


def _reference_item(line: str) -> Mapping[str, Any]:
    item = json.loads(line)
    if not isinstance(item, dict) or item.get("table") not in OFFICE_TABLES or not isinstance(item.get("row"), dict):
        raise BundleRefusedError(tr("The enrolment bundle holds a line that is not reference data."))
    return item


def _normal(fingerprint: str) -> str:
    return "".join(ch for ch in fingerprint.lower() if ch in "0123456789abcdef")
