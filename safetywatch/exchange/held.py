"""Resolving a station's change the office held (issue 15): a person decides, with a reason, audited.

* **keep the office's version**: the held change is marked resolved; the office's record stays as it is, and the
  office's own change to it (what made the station's stale) goes back to the station in the next reply;
* **take the station's version** (a change that arrived stale, or after the office took the record over): the
  station's new values are written onto the office's
  record as an amendment with the reason, and that change goes back to the station in the next reply too.

Either way both sides hold the same record again once the station has read the reply.
"""

from __future__ import annotations

import json
from typing import Any

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.domain.validation import reason_problem
from safetywatch.exchange.foreign_events import STATION_TABLES, project_duty, translated_for_station
from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger

KEEP_OFFICE, TAKE_STATION = "office", "station"
#: A station's change that may be taken: to its own record, arriving stale or after the office took it over.
TAKEABLE_CAUSES = frozenset({"stale", "transferred"})


def resolve(ledger: Ledger, held_id: int, take: str, reason: str) -> dict[str, Any]:
    """Resolve held change *held_id* taking the office's or the station's version; return the held row."""
    ledger.require(Permission.IMPORT)
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    if take not in (KEEP_OFFICE, TAKE_STATION):
        raise ValueError(f"take must be {KEEP_OFFICE!r} or {TAKE_STATION!r}")
    with ledger.write() as w:
        w.takes_over = False  # a decision on a conflict, not a take-over: the record stays whose it was
        held = sql.first_dict(w.db, "SELECT * FROM held_change WHERE id = ?", (held_id,))
        if held is None or held["status"] != "held":
            raise ValidationError.single("", tr("This change is not held (any more): reload the list."))
        if take == TAKE_STATION:
            if held["cause"] not in TAKEABLE_CAUSES or held["entity"] not in STATION_TABLES:
                raise ValidationError.single(
                    "",
                    tr("Only a station's change to its own record that arrived stale can be taken over; keep the "
                       "office's version for this one."),
                )  # fmt: skip
            station = sql.first_dict(w.db, "SELECT * FROM exchange_station WHERE id = ?", (held["station_id"],))
            office = sql.first_dict(w.db, f"SELECT * FROM {held['entity']} WHERE uuid = ?", (held["entity_uuid"],))
            if station is None or office is None:
                raise ValidationError.single("", tr("The record of this held change is gone from the office."))
            incoming = json.loads(str(held["incoming"]))
            after = incoming.get("after") or {}
            changes = {k: v for k, v in after.items() if not k.startswith("+") and k not in ("version", "updated_at")}
            changes = translated_for_station(w, station, str(held["entity"]), changes)
            changes = {k: v for k, v in changes.items() if office.get(k) != v}
            if changes:
                table = m.metadata.tables[str(held["entity"])]
                entry = None
                if held["entity"] == "hazard":  # an amendment of a hazard is a step of its loop, logged
                    day = w.clock.today()
                    status = office["status"]
                    entry = (
                        m.HAZARD_FOLLOW_UP,
                        {"action": "amend", "from_status": status, "to_status": status, "on_date": day,
                         "actor": w.actor, "note": reason.strip()},
                    )  # fmt: skip
                new = w.update(
                    table, int(office["id"]), changes, action="amend", reason=reason.strip(), before=office,
                    companion=entry,
                )  # fmt: skip
                if held["entity"] == "duty_sheet":
                    project_duty(w, office, new)
        return w.update(
            m.HELD_CHANGE,
            held_id,
            {"status": "resolved", "resolution": f"{take}: {reason.strip()}"},
            action="resolve",
            reason=reason.strip(),
        )
