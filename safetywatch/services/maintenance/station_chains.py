"""The stations' chains the office holds (issue 15): each re-hashed from its first event, as the station hashed
it, and its head compared with what the office acknowledged. An event of a station changed in the office's file,
removed or inserted breaks that station's chain here, though the office's own chain is intact."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import Connection

from safetywatch.domain.i18n import tr
from safetywatch.services.core import event_format
from safetywatch.services.core.audit import Problem
from safetywatch.services.core.sql import handle, has_table


def check(conn: Connection, max_problems: int = 20) -> Iterator[Problem]:
    db = handle(conn)
    if not has_table(db, "station_event"):
        return
    office = db.execute("SELECT 1 FROM app_setting WHERE key = 'exchange_role' AND value = 'office' AND voided = 0")
    if office.fetchone() is None:  # a station's own row says what the office acknowledged; it holds no chains
        return
    found = 0
    stations = db.execute("SELECT id, code, acked_seq, acked_hash FROM exchange_station ORDER BY code").fetchall()
    for station_id, code, acked_seq, acked_hash in stations:
        expected, prev = 1, event_format.GENESIS_HASH
        rows = db.execute(
            "SELECT seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after, reason, prev_hash, "
            "hash, format, origin FROM station_event WHERE station_id = ? ORDER BY seq",
            (station_id,),
        )
        for seq, at, actor, action, entity, eid, uuid, before, after, reason, linked, digest, fmt, origin in rows:
            text = event_format.hashed_text(
                fmt, seq, at, actor, action, entity, eid, uuid, before, after, reason, origin
            )
            intact = hashlib.sha256((prev + text).encode("utf-8")).hexdigest() == digest
            linked_ok = linked == prev if fmt == 1 else linked == ""
            if seq != expected or not intact or not linked_ok:
                found += 1
                yield Problem(
                    "station",
                    tr(
                        "Station {code}'s event #{seq} as the office holds it does not continue that station's chain "
                        "(expected #{expected}): it was changed, removed or inserted in this file."
                    ).format(code=code, seq=seq, expected=expected),
                )
                if found >= max_problems:
                    return
            prev, expected = digest, seq + 1
        if expected - 1 != acked_seq or (acked_seq and prev != acked_hash):
            found += 1
            yield Problem(
                "station",
                tr(
                    "The office acknowledged station {code}'s events up to #{acked}, but holds them up to #{held}: "
                    "its copy of that station's chain was cut or extended outside SafetyWatch."
                ).format(code=code, acked=acked_seq, held=expected - 1),
            )
