"""What a record brought in from a file keeps instead of getting it anew: its identity, number and clerk.

A typed-in record gets a new UUID, the next number and the signed-in user as its clerk. A record imported
from a register (``exchange.importer``) is the same record as in the file, so the create use cases take
an :class:`Origin` and keep these; everything else goes through the same checks as a typed-in one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Origin:
    uuid: str | None = None  # the record's permanent identity (None: a new one)
    number: str = ""  # its number as printed (checked); "" = the next one
    clerk: str = ""  # who entered it (the ``clerk`` or ``actor`` column); "" = the writer's actor

    def identity(self) -> dict[str, Any]:
        """The ``uuid`` column, when one is kept."""
        return {"uuid": self.uuid} if self.uuid else {}

    def entered_by(self, actor: str) -> str:
        return self.clerk.strip() or actor


#: A typed-in record.
TYPED_IN = Origin()
