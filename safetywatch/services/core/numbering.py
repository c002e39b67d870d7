"""Record numbers: ``<workstation code>-<infix><year>-<serial>`` (hazards ``JK01-2026-00017``, 三违
``JK01-SW-2026-00017``).

The serial counts per workstation and year of the record. The next one is allocated inside the write
transaction that stores the record (the write lock makes ``max + 1`` safe); a number kept from an
imported register is checked instead: right workstation and year, a serial, not used yet.

At a pit-head station (issue 15) the office may already hold numbered records of the workstations the station
serves (entered before the station existed, or by the PC this one replaces). The enrolment bundle carries the
highest serial the office holds per kind, workstation and year (:func:`highest_serials`); the station keeps them
as its **floors** (the audited setting ``number_floors``) and numbers on above them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import sql

_SERIAL = re.compile(r"\d{1,9}", re.ASCII)
#: The app_setting holding a station's floors: canonical JSON ``{table: {workstation code: {year: serial}}}``.
FLOORS_SETTING = "number_floors"
Floors = dict[str, dict[str, dict[str, int]]]


@dataclass(frozen=True)
class Numbering:
    """How one kind of record is numbered: its table (with ``number``, ``year`` and ``serial`` columns)
    and the infix between the workstation code and the year."""

    table: str
    infix: str = ""

    def prefix(self, conn: Connection, workstation_id: int, year: int) -> str:
        code = sql.scalar(conn, "SELECT code FROM workstation WHERE id = ?", (workstation_id,))
        return f"{code}-{self.infix}{year}-"

    def assign(self, conn: Connection, workstation_id: int, year: int, given: str = "") -> dict[str, Any]:
        """The ``number``, ``year`` and ``serial`` columns of a new record: *given* (checked) or the next."""
        prefix = self.prefix(conn, workstation_id, year)
        given = given.strip()
        if not given:
            local = int(
                sql.scalar(
                    conn,
                    f"SELECT coalesce(max(serial), 0) FROM {self.table} WHERE workstation_id = ? AND year = ?",
                    (workstation_id, year),
                )
            )
            serial = max(local, self.floor(conn, prefix.split("-", 1)[0], year)) + 1
            return {"number": f"{prefix}{serial:05d}", "year": year, "serial": serial}
        if not given.startswith(prefix) or not _SERIAL.fullmatch(given[len(prefix) :]):
            message = tr("The number must be {prefix} and a serial (workstation and year of the record).")
            raise ValidationError.single("number", message.format(prefix=prefix))
        if sql.first(conn, f"SELECT 1 FROM {self.table} WHERE number = ?", (given,)) is not None:
            raise ValidationError.single(
                "number", tr("{number} is already used by another record.").format(number=given)
            )
        return {"number": given, "year": year, "serial": int(given[len(prefix) :])}

    def floor(self, conn: Connection, workstation_code: str, year: int) -> int:
        """The highest serial the office held for this workstation and year when this station enrolled (0: none)."""
        return stored_floors(conn).get(self.table, {}).get(workstation_code, {}).get(str(year), 0)


def stored_floors(conn: Connection) -> Floors:
    text = sql.scalar(conn, "SELECT value FROM app_setting WHERE key = ? AND voided = 0", (FLOORS_SETTING,))
    return parse_floors(str(text)) if text else {}


def parse_floors(text: str) -> Floors:
    """Floors from their JSON, keeping only well-formed entries (a malformed setting numbers from the table)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    floors: Floors = {}
    if not isinstance(data, dict):
        return floors
    for table, by_code in data.items():
        if not isinstance(by_code, dict):
            continue
        for code, by_year in by_code.items():
            if not isinstance(by_year, dict):
                continue
            for year, serial in by_year.items():
                if isinstance(serial, int) and not isinstance(serial, bool) and serial > 0:
                    floors.setdefault(str(table), {}).setdefault(str(code), {})[str(year)] = serial
    return floors


def highest_serials(conn: Connection, workstation_codes: Iterable[str]) -> Floors:
    """Per numbered kind, workstation (of *workstation_codes*) and year: the highest serial this database holds,
    voided records included (their numbers stay taken)."""
    codes = sorted(set(workstation_codes))
    floors: Floors = {}
    if not codes:
        return floors
    marks = ", ".join("?" * len(codes))
    for numbering in NUMBERED_KINDS:
        rows = sql.execute(
            conn,
            f"SELECT w.code, t.year, max(t.serial) FROM {numbering.table} t JOIN workstation w "
            f"ON w.id = t.workstation_id WHERE w.code IN ({marks}) AND t.serial IS NOT NULL GROUP BY w.code, t.year",
            tuple(codes),
        )
        for code, year, serial in rows:
            floors.setdefault(numbering.table, {}).setdefault(str(code), {})[str(year)] = int(serial)
    return floors


HAZARD_NUMBERS = Numbering("hazard")
VIOLATION_NUMBERS = Numbering("violation", "SW-")
#: Every kind of record this module numbers.
NUMBERED_KINDS = (HAZARD_NUMBERS, VIOLATION_NUMBERS)
