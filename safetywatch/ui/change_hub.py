"""The change hub: tells every page what a committed write changed, so it reloads what shows it.

The ledger announces each committed transaction's :class:`ChangeSet` on the thread that committed (the
writer thread); the hub carries it to the GUI thread. A page says once which tables it shows::

    hub_for(ledger).watch(self, REFERENCE_TABLES, self.reload_choices)

and is called whenever one of them changes, whoever changed it (a form, the reference page, an import, the
demo generator, a restore). Events that are not writes of this ledger are published directly
(``publish(ChangeSet.of(BACKUPS))``).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger

#: Reference data every card and filter offers as choices.
REFERENCE_TABLES = frozenset(
    {"org_unit", "workstation", "inspector", "shift", "lookup_item", "hazard_level", "rate_norm", "allowance_rule"}
)


class ChangeHub(QObject):
    """One per open ledger: ``changed(ChangeSet)`` on the GUI thread after every committed write."""

    changed = Signal(object)
    _arrived = Signal(object)  # emitted on any thread, delivered queued on the GUI thread

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger
        self._arrived.connect(self.changed.emit, type=Qt.ConnectionType.QueuedConnection)
        ledger.subscribe(self._from_ledger)

    def _from_ledger(self, changes: ChangeSet) -> None:
        if shiboken6.isValid(self):
            self._arrived.emit(changes)

    def publish(self, changes: ChangeSet) -> None:
        """Announce a change that did not come through this ledger's writer (backups, another ledger)."""
        self._arrived.emit(changes)

    def watch(self, receiver: QObject, tables: Iterable[str], slot: Callable[[ChangeSet], object]) -> None:
        """Call *slot(changes)* whenever one of *tables* changed, for as long as *receiver* exists."""
        wanted = frozenset(tables)

        def deliver(changes: object) -> None:
            assert isinstance(changes, ChangeSet)
            if shiboken6.isValid(receiver) and changes.touches(wanted):
                slot(changes)

        self.changed.connect(deliver)
        receiver.destroyed.connect(lambda *_args: _disconnect(self, deliver))

    def close(self) -> None:
        self.ledger.unsubscribe(self._from_ledger)
        _hubs.pop(id(self.ledger), None)


def _disconnect(hub: ChangeHub, slot: Callable[[object], None]) -> None:
    if shiboken6.isValid(hub):
        with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
            hub.changed.disconnect(slot)


_hubs: dict[int, tuple[weakref.ref[Ledger], ChangeHub]] = {}


def hub_for(ledger: Ledger) -> ChangeHub:
    """The hub of *ledger* (made on first use, on the GUI thread)."""
    entry = _hubs.get(id(ledger))
    if entry is not None and entry[0]() is ledger and shiboken6.isValid(entry[1]):
        return entry[1]
    hub = ChangeHub(ledger)
    _hubs[id(ledger)] = (weakref.ref(ledger), hub)
    return hub
