"""What a committed transaction changed: tables and record ids, for pages to refresh what shows them.

The :class:`~safetywatch.services.core.writer.Writer` collects them as it writes; the
:class:`~safetywatch.services.core.ledger.Ledger` hands the set to its listeners after the commit (never
for a rolled-back transaction), on the thread that committed. The GUI's change hub carries it to the pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: Pseudo-tables for changes that are not rows of this database but that pages show.
BACKUPS = "backups"  # a backup of this database was written or removed
TAMPERING = "tampering"  # a write was refused: its record was changed outside SafetyWatch (Ledger.tampered)
EVERYTHING = "*"  # another program (the demo generator's own ledger, a restore) changed the file


@dataclass(frozen=True)
class ChangeSet:
    """Record ids touched per table by one committed transaction (or one outside event)."""

    records: Mapping[str, frozenset[int]] = field(default_factory=dict)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.records)

    def touches(self, tables: Iterable[str]) -> bool:
        """Whether any of *tables* changed (everything does after an outside change)."""
        return EVERYTHING in self.records or not self.tables.isdisjoint(tables)

    def ids(self, table: str) -> frozenset[int]:
        return self.records.get(table, frozenset())

    def __bool__(self) -> bool:
        return bool(self.records)

    @classmethod
    def of(cls, *tables: str) -> ChangeSet:
        """A change of whole tables (no ids): backups, an outside change (``EVERYTHING``)."""
        return cls({table: frozenset() for table in tables})


class ChangeCollector:
    """Collects the writer's touches during one transaction."""

    def __init__(self) -> None:
        self._records: dict[str, set[int]] = {}

    def touch(self, table: str, record_id: int | None = None) -> None:
        ids = self._records.setdefault(table, set())
        if record_id is not None:
            ids.add(int(record_id))

    def result(self) -> ChangeSet:
        return ChangeSet({table: frozenset(ids) for table, ids in self._records.items()})
