"""The grid of one shift sheet: one row per inspector expected at the workstation, one column per mark field.

Rows live in memory (a sheet has tens of inspectors, not thousands). The model knows the small automatic
rules clerks expect (marking a report marks the inspector on duty; 本班无问题 clears the item counts) and
shows the service's field errors on their cells.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from safetywatch.services.kinds.duty import MAX_COUNT, Mark, RosterEntry

Index = QModelIndex | QPersistentModelIndex

#: Column keys in display order; the key is also the field name in the service's error keys.
COLUMNS = (
    "employee_no",
    "name",
    "unit",
    "status",
    "time_in",
    "time_out",
    "place",
    "reported",
    "no_problem",
    "hazards",
    "violations",
    "suggestions",
    "summary",
    "entered",
)
COL = {key: i for i, key in enumerate(COLUMNS)}
STATUS_CYCLE: tuple[str | None, ...] = ("on", "absent", "leave", "injury", "training", None)
TEXT_COLUMNS = frozenset({"time_in", "time_out", "place", "summary"})
COUNT_COLUMNS = frozenset({"hazards", "violations", "suggestions"})
FLAG_COLUMNS = frozenset({"reported", "no_problem"})
#: Cells whose errors come from rules between them (status, report, items): an edit of one clears them all.
LINKED_COLUMNS = frozenset({"status"}) | FLAG_COLUMNS | COUNT_COLUMNS
_STATUS_COLOURS = {
    "on": QColor("#e3f2e5"),
    "absent": QColor("#fbe3e3"),
    "leave": QColor("#eeeeee"),
    "injury": QColor("#eeeeee"),
    "training": QColor("#eeeeee"),
}
ERROR_BACKGROUND = QColor("#f8c9c9")
#: The row of the current cell, whole, so the clerk sees whose line Space will mark.
CURRENT_ROW_BACKGROUND = QColor("#fff1b8")
#: What only an inspector on duty has; kept aside when the status leaves 上岗 and put back when it returns.
ON_DUTY_FIELDS = ("time_in", "time_out", "reported", "no_problem", "hazards", "violations", "suggestions")
_SHORT_TIME = re.compile(r"(\d{1,2}):?(\d{2})", re.ASCII)


def normal_time(text: str) -> str:
    """A time as clerks type it (``0740``, ``740``, ``7:40``, full-width ``７：４０``) in ``HH:MM``; else unchanged."""
    plain = unicodedata.normalize("NFKC", text).strip()
    match = _SHORT_TIME.fullmatch(plain)
    if match is None:
        return text.strip()
    return f"{int(match.group(1)):02d}:{match.group(2)}"


@dataclass
class SheetRow:
    person: RosterEntry
    status: str | None = None
    time_in: str = ""
    time_out: str = ""
    place: str = ""
    reported: bool = False
    no_problem: bool = False
    hazards: int = 0
    violations: int = 0
    suggestions: int = 0
    summary: str = ""
    entered: str = ""
    entered_tip: str = ""  # the full numbers, one a line
    visiting_from: str = ""  # the home workstation's code of an inspector from another workstation
    errors: dict[str, str] = field(default_factory=dict)
    #: On-duty details set aside while the status is not 上岗 (cycling with Space must not lose them).
    stash: dict[str, Any] | None = None

    @classmethod
    def of(cls, person: RosterEntry, mark: Mark | None) -> SheetRow:
        if mark is None:
            return cls(person)
        return cls(
            person,
            mark.status,
            mark.time_in or "",
            mark.time_out or "",
            mark.place or "",
            mark.reported,
            mark.no_problem,
            mark.hazards,
            mark.violations,
            mark.suggestions,
            mark.summary or "",
        )

    def mark(self) -> Mark | None:
        """The mark this row stands for; ``None`` when the inspector was not scheduled on this shift."""
        if self.status is None:
            return None
        return Mark(
            self.person.inspector_id,
            self.status,
            self.time_in or None,
            self.time_out or None,
            self.place or None,
            self.reported,
            self.no_problem,
            self.summary or None,
            self.hazards,
            self.violations,
            self.suggestions,
        )


class ShiftSheetModel(QAbstractTableModel):
    #: Something the clerk typed changed the sheet (for the "unsaved changes" guard and the summary line).
    edited = Signal()
    #: A typed value was refused (the message says why); the cell keeps its error until it is corrected.
    rejected = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SheetRow] = []
        self.status_names: dict[str | None, str] = {}
        self.headers: dict[str, str] = {}
        self.header_tips: dict[str, str] = {}
        self.current_row = -1

    # --- content ------------------------------------------------------------------------------------
    def set_rows(self, rows: list[SheetRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.current_row = -1
        self.endResetModel()

    def add_row(self, row: SheetRow) -> int:
        """Insert a row in 工号 order (a visiting inspector); return where it went."""
        at = next((i for i, r in enumerate(self.rows) if r.person.employee_no > row.person.employee_no), len(self.rows))
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, row)
        self.endInsertRows()
        self.current_row = -1 if self.current_row < 0 else self.current_row + (self.current_row >= at)
        self.edited.emit()
        return at

    def set_current_row(self, row: int) -> None:
        """Highlight the row of the current cell (-1: none)."""
        old, self.current_row = self.current_row, row
        for changed in {old, row}:
            if 0 <= changed < len(self.rows):
                self._changed(changed)

    def marks(self) -> list[Mark]:
        return [m for row in self.rows if (m := row.mark()) is not None]

    def row_of_inspector(self, inspector_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.person.inspector_id == inspector_id), -1)

    def set_errors(self, errors: dict[tuple[int, str], str]) -> None:
        """Show field errors ``{(inspector id, column key): message}`` on their cells (others cleared)."""
        for row in self.rows:
            row.errors = {key: msg for (inspector, key), msg in errors.items() if inspector == row.person.inspector_id}
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    # --- editing rules ------------------------------------------------------------------------------
    def cycle_status(self, row: int) -> None:
        current = self.rows[row].status
        following = STATUS_CYCLE[(STATUS_CYCLE.index(current) + 1) % len(STATUS_CYCLE)]
        self.set_value(row, "status", following)

    def toggle(self, row: int, key: str) -> None:
        self.set_value(row, key, not getattr(self.rows[row], key))

    @staticmethod
    def _set_status(r: SheetRow, status: str | None) -> None:
        """Change a row's status; only an inspector on duty reports or clocks in, so leaving 上岗 sets those aside."""
        if status == r.status:
            return
        if r.status == "on":
            details = {key: getattr(r, key) for key in ON_DUTY_FIELDS}
            if any(details.values()):
                r.stash = details
            r.time_in = r.time_out = ""
            r.reported = r.no_problem = False
            r.hazards = r.violations = r.suggestions = 0
        r.status = status
        if status == "on" and r.stash is not None:
            for key, value in r.stash.items():
                setattr(r, key, value)
            r.stash = None

    def set_value(self, row: int, key: str, value: Any) -> bool:
        r = self.rows[row]
        if key == "status":
            self._set_status(r, value)
        elif key in FLAG_COLUMNS:
            if value:
                self._set_status(r, "on")
            setattr(r, key, bool(value))
            if value:
                if key == "no_problem":
                    r.reported = True
                    r.hazards = r.violations = r.suggestions = 0
            elif key == "reported":
                r.no_problem = False
                r.hazards = r.violations = r.suggestions = 0
        elif key in COUNT_COLUMNS:
            text = unicodedata.normalize("NFKC", str(value)).strip() or "0"
            if not text.isascii() or not text.isdigit() or int(text) > MAX_COUNT:
                message = self.tr("Type a number from 0 to {high}.").format(high=MAX_COUNT)
                r.errors[key] = message
                self._changed(row)
                self.rejected.emit(message)
                return False
            if int(text):
                self._set_status(r, "on")
                r.reported, r.no_problem = True, False
            setattr(r, key, int(text))
        elif key in TEXT_COLUMNS:
            text = normal_time(str(value)) if key in ("time_in", "time_out") else str(value)
            if text.strip():  # a time or a work place means the inspector came; a summary means a report
                self._set_status(r, "on")
                if key == "summary":
                    r.reported = True
            setattr(r, key, text)
        else:
            return False
        for stale in LINKED_COLUMNS if key in LINKED_COLUMNS else {key}:
            r.errors.pop(stale, None)
        self._changed(row)
        self.edited.emit()
        return True

    def mark_all_unmarked_on(self) -> int:
        count = 0
        for i, row in enumerate(self.rows):
            if row.status is None:
                self._set_status(row, "on")
                self._changed(i)
                count += 1
        if count:
            self.edited.emit()
        return count

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # --- Qt model -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers.get(COLUMNS[section], COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(COLUMNS[section])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()] in TEXT_COLUMNS | COUNT_COLUMNS:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, key = self.rows[index.row()], COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(row, key, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in row.errors or (key == "employee_no" and "inspector_id" in row.errors):
                return QBrush(ERROR_BACKGROUND)
            if key == "status" and row.status in _STATUS_COLOURS:
                return QBrush(_STATUS_COLOURS[row.status])
            if index.row() == self.current_row:
                return QBrush(CURRENT_ROW_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "entered" and not row.errors:
                return row.entered_tip or None
            return row.errors.get(key) or (row.errors.get("inspector_id") if key == "employee_no" else None)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in COUNT_COLUMNS | FLAG_COLUMNS | {"status"}:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: SheetRow, key: str, editing: bool) -> Any:
        if key == "employee_no":
            return row.person.employee_no
        if key == "name":
            if row.visiting_from:  # the roster pays allowances: a visitor's row says where they belong
                return self.tr("{name} (visiting from {workstation})").format(
                    name=row.person.name, workstation=row.visiting_from
                )
            return row.person.name
        if key == "unit":
            return row.person.unit_name
        if key == "status":
            return self.status_names.get(row.status, "")
        if key in FLAG_COLUMNS:
            return "✔" if getattr(row, key) else ""
        if key in COUNT_COLUMNS:
            value = getattr(row, key)
            return str(value) if (value or editing) else ""
        return getattr(row, key)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        return self.set_value(index.row(), COLUMNS[index.column()], value)
