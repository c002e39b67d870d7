"""Record numbers: ``<workstation code>-<infix><year>-<serial>`` (hazards ``JK01-2026-00017``, 三违
``JK01-SW-2026-00017``).

The serial counts per workstation and year of the record. The next one is allocated inside the write
transaction that stores the record (the write lock makes ``max + 1`` safe); a number kept from an
imported register is checked instead: right workstation and year, a serial, not used yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import sql

_SERIAL = re.compile(r"\d{1,9}", re.ASCII)


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
            serial = int(
                sql.scalar(
                    conn,
                    f"SELECT coalesce(max(serial), 0) + 1 FROM {self.table} WHERE workstation_id = ? AND year = ?",
                    (workstation_id, year),
                )
            )
            return {"number": f"{prefix}{serial:05d}", "year": year, "serial": serial}
        if not given.startswith(prefix) or not _SERIAL.fullmatch(given[len(prefix) :]):
            message = tr("The number must be {prefix} and a serial (workstation and year of the record).")
            raise ValidationError.single("number", message.format(prefix=prefix))
        if sql.first(conn, f"SELECT 1 FROM {self.table} WHERE number = ?", (given,)) is not None:
            raise ValidationError.single(
                "number", tr("{number} is already used by another record.").format(number=given)
            )
        return {"number": given, "year": year, "serial": int(given[len(prefix) :])}


HAZARD_NUMBERS = Numbering("hazard")
VIOLATION_NUMBERS = Numbering("violation", "SW-")
