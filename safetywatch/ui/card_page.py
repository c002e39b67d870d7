"""A record kind's card page: a :class:`RecordForm` plus everything around typing a card.

- A new card starts with today's date (and the workstation, when the PC serves only one); after a save the
  next card keeps the sticky fields and focus goes to the first empty field.
- Amend mode (:meth:`CardPage.load_for_amend`): the stored record fills the card, the reason of the change
  is asked for, the expected version travels with the save; the unfinished new card is kept aside and comes
  back afterwards (:meth:`CardPage.start_new`).
- Saving runs on the writer thread (``ui.operations.run_write``): field errors go under their fields, any
  other refusal to the status line, and nothing typed is lost; Enter pressed again while a save is
  running does not save twice.
- The reference lists follow the card's date and reload whenever reference data changes, whoever changed
  it (``ui.change_hub``).

A kind supplies its field specs, its service calls (:class:`KindService`) and a few hooks: reading a stored
record (:meth:`~CardPage.read_record`), per-field behaviour wired in :meth:`~CardPage.build`, and where its
values need more than the input's constructor, :meth:`~CardPage.input_of`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget
from sqlalchemy import Connection

from safetywatch.domain.errors import FieldError, SafetyWatchError, ValidationError
from safetywatch.domain.validation import reason_problem
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.fields import FieldSpec
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds.reference import Choice
from safetywatch.ui.change_hub import REFERENCE_TABLES, hub_for
from safetywatch.ui.operations import WriteOp, run_write
from safetywatch.ui.record_form import (
    CHANGE_REASON,
    CHANGE_REASON_FIELD,
    RecordForm,
    reference_entry,
)
from safetywatch.ui.widgets import StatusLine, hint_label, page_title, parse_date

Record = dict[str, Any]


@dataclass(frozen=True)
class KindService:
    """The service calls a card page of a record kind makes (they run on the writer thread)."""

    input_type: type[Any]  # the kind's input dataclass, built from the form's values
    register: Callable[[Ledger, Any], Record]
    amend: Callable[..., Record]  # (ledger, record id, input, reason, *, expected_version)
    void: Callable[[Ledger, int, str], Record] | None = None


class CardPage(QWidget):
    """Register records of one kind from their paper cards, or amend a registered one."""

    saved = Signal(int)  # the record's id, after a save (new or amended)

    #: The kind's fields, in card order.
    fields: ClassVar[Sequence[FieldSpec]] = ()
    #: The kind's service calls.
    service: ClassVar[KindService]
    #: The field whose date decides which reference entries are offered (``None``: today's).
    date_field: ClassVar[str | None] = None
    #: Groups side by side: each inner sequence is one column of boxes.
    columns: ClassVar[Sequence[Sequence[str]]] = ()
    #: Fields an amendment cannot change (they are part of the record's number).
    fixed_when_amending: ClassVar[tuple[str, ...]] = ()
    #: Where the reason of an amendment is typed.
    reason_field: ClassVar[FieldSpec] = CHANGE_REASON_FIELD
    #: A service's error field → the form field that shows it (e.g. ``finder_id`` → ``finder_name``).
    error_fields: ClassVar[Mapping[str, str]] = {}
    #: Enter on a check box toggles it instead of saving (Ctrl+Enter saves).
    enter_toggles_flags: ClassVar[bool] = False

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.amend_id: int | None = None
        self.amend_version: int | None = None
        self._stash: dict[str, Any] | None = None  # the unfinished new card while amending
        self._write: WriteOp | None = None
        self._choices_date: dt.date | None = None
        fields = [*self.fields, self.reason_field]
        self.form = RecordForm(fields, columns=self.columns, enter_toggles_flags=self.enter_toggles_flags)
        self.widgets = self.form.widgets
        self.title = page_title(self.new_title())
        self.keys = hint_label(
            self.tr("Tab: next field · Enter: save (Ctrl+Enter in multi-line boxes) · Esc: clear the messages")
        )
        self.status = StatusLine()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Enter or Ctrl+S"))
        self.cancel_button = QPushButton(self.tr("Cancel amendment"))
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keep Tab inside the card
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.start_new)
        self.form.submitted.connect(self.save)
        self.form.still_wrong = self._still_wrong
        self.form.error_cleared.connect(self._on_error_cleared)
        for sequence, slot in (
            (QKeySequence(Qt.Key.Key_Escape), self.clear_errors),
            (QKeySequence("Ctrl+S"), self.save),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        if self.date_field is not None:
            date = self.widgets[self.date_field]
            date.editingFinished.connect(self._date_edited)  # type: ignore[attr-defined]
        self.build()
        self.lay_out()
        self.set_amend_mode(False)
        hub_for(ledger).watch(self, REFERENCE_TABLES, self.reload_choices)
        self.reload_choices()
        self.fill_defaults()

    # --- hooks of a kind ----------------------------------------------------------------------------
    def build(self) -> None:
        """Add the kind's own widgets and per-field behaviour (the form exists, the page is not laid out)."""

    def lay_out(self) -> None:
        """Title and keys above the scrolled card; the outcome and the buttons always in view below it."""
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.title)
        column.addWidget(self.keys)
        column.addWidget(self.form, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(9, 0, 9, 4)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(bottom)

    def new_title(self) -> str:
        return ""

    def amend_title(self, record: Record) -> str:
        return str(record.get("number", ""))

    def input_of(self, values: dict[str, Any]) -> tuple[Any, list[FieldError]]:
        """The service's input from the form's values, and the problems found on the way (GUI thread)."""
        return self.service.input_type(**values), []

    def register(self, data: Any) -> Record:
        """Save a new record (runs on the writer thread: no widgets here)."""
        return self.service.register(self.ledger, data)

    def amend(self, record_id: int, data: Any, reason: str, version: int | None) -> Record:
        """Save the amended record (runs on the writer thread: no widgets here)."""
        return self.service.amend(self.ledger, record_id, data, reason, expected_version=version)

    def check(self, conn: Connection, data: Any) -> None:
        """The service's verdict on a card with local problems, so every problem shows at once."""

    def read_record(self, conn: Connection, record_id: int) -> tuple[Record, dict[str, Any]]:
        """A stored record and the form's values for it (raise a SafetyWatchError to refuse amending)."""
        raise NotImplementedError

    def load_choices(self, conn: Connection, day: dt.date) -> None:
        """Further lists of the kind (completions, levels…) for *day*, read with the pick lists."""

    def date_changed(self) -> None:
        """The card's date was edited (the pick lists already follow it)."""

    def card_state(self) -> dict[str, Any]:
        """What the kind keeps of the unfinished card besides the fields (e.g. its idempotency key)."""
        return {}

    def restore_card_state(self, state: dict[str, Any]) -> None:
        """Put back :meth:`card_state`, or start a new card's state when *state* is empty."""

    def saved_message(self, record: Record, amended: bool) -> str:
        return self.tr("Saved {number}").format(number=record.get("number", ""))

    def after_save(self, record: Record, amended: bool) -> None:
        """After an amendment back to the new card; after a new record the next card."""
        if amended:
            self.start_new()
        else:
            self.next_card()

    # --- the card -----------------------------------------------------------------------------------
    @property
    def amending(self) -> bool:
        return self.amend_id is not None

    @property
    def saving(self) -> bool:
        return self._write is not None and self._write.pending

    def choice_date(self) -> dt.date:
        text = self.form.text(self.date_field) if self.date_field else ""
        return parse_date(text) or self.ledger.clock.today()

    def reload_choices(self, _changes: ChangeSet | None = None) -> None:
        """Re-read the pick lists (entries in use on the card's date), keeping what is chosen or typed."""
        day = self.choice_date()
        try:
            with self.ledger.read() as conn:
                self.form.offer_references(conn, day)
                self.load_choices(conn, day)
        except SafetyWatchError as exc:
            self.status.error(str(exc))
            return
        self._choices_date = day

    def _date_edited(self) -> None:
        day = parse_date(self.form.text(self.date_field or ""))
        if day is not None and day != self._choices_date:
            self.reload_choices()
        self.date_changed()

    def fill_defaults(self) -> None:
        """A blank card: today's date, and the workstation if this PC serves only one."""
        if self.date_field is not None:
            self.form.set(self.date_field, self.ledger.clock.today())
            self.reload_choices()
        workstation = self.form.reference_editors().get("workstation_id")
        if workstation is not None and workstation.combo.count() == 1:
            workstation.combo.setCurrentIndex(0)

    def next_card(self) -> None:
        """Keep the sticky fields, empty the rest, and go to the first empty field."""
        self.form.clear_for_next()
        self.restore_card_state({})
        self.form.focus_first_empty()

    def snapshot(self) -> dict[str, Any]:
        return {"fields": self.form.snapshot(), "card": self.card_state()}

    def restore(self, snapshot: dict[str, Any]) -> None:
        fields = dict(snapshot["fields"])
        if self.date_field is not None:  # the date first: the pick lists follow it
            self.form.restore({self.date_field: fields.pop(self.date_field)})
            self.reload_choices()
        self.form.restore(fields)
        self.restore_card_state(snapshot["card"])

    def fill(self, values: Mapping[str, Any], fallbacks: Mapping[str, Choice] | None = None) -> None:
        """Show *values*: the date first (the pick lists follow it), then the rest."""
        if self.date_field is not None and self.date_field in values:
            self.form.set(self.date_field, values[self.date_field])
            self.reload_choices()
        self.form.fill(values, fallbacks)

    # --- modes --------------------------------------------------------------------------------------
    def set_amend_mode(self, amending: bool) -> None:
        group = self.reason_field.group
        if group:
            self.form.boxes[group].setVisible(amending)
        self.form.set_row_visible(CHANGE_REASON, amending)
        self.cancel_button.setVisible(amending)
        for name in self.fixed_when_amending:
            self.widgets[name].setEnabled(not amending)
        self.save_button.setText(self.tr("Save changes") if amending else self.tr("Save"))

    def start_new(self) -> None:
        """Show the new card: leaves amend mode and brings back the unfinished card, if any."""
        if self.amending:
            self.amend_id = self.amend_version = None
            self.set_amend_mode(False)
            self.title.setText(self.new_title())
            self.clear_errors()
            self.form.clear()
            if self._stash is not None:
                self.restore(self._stash)
                self._stash = None
            else:
                self.restore_card_state({})
                self.fill_defaults()
        self.form.focus_first_empty()

    def start_with(self, values: Mapping[str, Any]) -> None:
        """Start a new card with *values* filled in (e.g. from the shift sheet); focus the first empty field."""
        self.start_new()
        self.fill(values)
        self.form.focus_first_empty()

    def load_for_amend(self, record_id: int) -> bool:
        """Fill the card from a stored record for correction; False (and why, in the status line) if it
        cannot be amended."""
        try:
            with self.ledger.read() as conn:
                record, values = self.read_record(conn, record_id)
                fallbacks = self._fallbacks(conn, values)
        except SafetyWatchError as exc:
            self.status.error(str(exc))
            return False
        self.enter_amend(record, values, fallbacks)
        self.status.hint(self.tr("Correct the card, give the reason and press Enter to save."))
        self.widgets[CHANGE_REASON].setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def enter_amend(self, record: Record, values: Mapping[str, Any], fallbacks: Mapping[str, Choice]) -> None:
        """Show *record* for correction; the unfinished new card is kept aside."""
        if not self.amending:
            self._stash = self.snapshot()
        self.amend_id, self.amend_version = int(record["id"]), int(record["version"])
        self.clear_errors()
        self.form.clear()
        self.fill(values, fallbacks)
        self.set_amend_mode(True)
        self.title.setText(self.amend_title(record))

    def _fallbacks(self, conn: Connection, values: Mapping[str, Any]) -> dict[str, Choice]:
        """Entries a stored record points to that are no longer offered on its date (retired since)."""
        found: dict[str, Choice] = {}
        for name, editor in self.form.reference_editors().items():
            wanted = values.get(name)
            if wanted is not None and editor.combo.findData(wanted) < 0:
                entry = reference_entry(conn, editor.spec.reference, int(wanted))
                if entry is not None:
                    found[name] = entry
        return found

    # --- saving -------------------------------------------------------------------------------------
    def save(self) -> None:
        """Register (or amend) the card on the writer thread. On any failure everything typed stays."""
        if self.saving:
            return  # Enter pressed again while the card is being saved
        self.clear_errors()
        data, problems = self.collect()
        reason = self.form.text(CHANGE_REASON)
        if self.amending:
            problem = reason_problem(reason)
            if problem:
                problems.append(FieldError(CHANGE_REASON, problem))
        if problems:
            shown = {p.field for p in problems}
            self.show_invalid([*problems, *(e for e in self._service_problems(data) if self._field(e) not in shown)])
            return
        call: Callable[[], Record]
        amend_id, version = self.amend_id, self.amend_version
        if amend_id is not None:
            call = lambda: self.amend(amend_id, data, reason, version)  # noqa: E731
        else:
            call = lambda: self.register(data)  # noqa: E731
        self._write = run_write(self, call, done=lambda record: self._saved(record, amend_id is not None), errors=self)

    def collect(self) -> tuple[Any, list[FieldError]]:
        """The card as the service's input, and the problems found before asking the service."""
        values, problems = self.form.values()
        del values[CHANGE_REASON]
        data, more = self.input_of(values)
        return data, problems + more

    def _service_problems(self, data: Any) -> list[FieldError]:
        try:
            with self.ledger.read() as conn:
                self.check(conn, data)
        except ValidationError as exc:
            return list(exc.errors)
        except SafetyWatchError:
            return []
        return []

    def _saved(self, record: Record, amended: bool) -> None:
        message = self.saved_message(record, amended)
        self.after_save(record, amended)
        self.status.ok(message)
        self.saved.emit(int(record["id"]))

    # the error sink of the write ---------------------------------------------------------------------
    def invalid(self, error: ValidationError) -> None:
        self.show_invalid(error.errors)

    def failed(self, message: str) -> None:
        self.status.error(message)

    def _field(self, error: FieldError) -> str:
        """The form field showing a service's *error*."""
        if error.field in self.error_fields:
            return self.error_fields[error.field]
        if error.field == "reason" and "reason" not in self.widgets:
            return CHANGE_REASON
        return error.field

    def show_invalid(self, errors: Sequence[FieldError]) -> None:
        rest = self.form.show_errors([FieldError(self._field(e), e.message) for e in errors])
        self.status.error("\n".join(rest) or self.tr("Not saved: correct the fields marked in red."))

    def _still_wrong(self, name: str) -> bool:
        """Whether the card as typed still has a problem in field *name*, by the same checks as a save."""
        if name == CHANGE_REASON:
            return bool(reason_problem(self.form.text(CHANGE_REASON)))
        data, problems = self.collect()
        return any(self._field(p) == name for p in [*problems, *self._service_problems(data)])

    def _on_error_cleared(self, _name: str) -> None:
        if not self.form.has_errors():
            self.status.clear_error()  # nothing left to correct

    def clear_errors(self) -> None:
        """Hide the red messages (Escape); what was typed stays."""
        self.form.clear_errors()
        self.status.clear_error()

    def field_error(self, name: str) -> str:
        """The message shown under a field ('' if none): for tests and accessibility."""
        return self.form.field_error(CHANGE_REASON if name == "reason" and "reason" not in self.widgets else name)

    def name_widgets(self, names: Mapping[str, str]) -> None:
        """Give field widgets attribute names (``self.shift`` for ``shift_id``), as the kind's code and its
        tests call them."""
        for attribute, field in names.items():
            setattr(self, attribute, self.widgets[field])

    def first_input(self) -> QWidget | None:
        """Where the keyboard goes when the page opens: the reason of an amendment, else the first empty field."""
        if self.amending:
            return self.widgets[CHANGE_REASON]
        return self.form.first_input()

    def showEvent(self, event: QShowEvent) -> None:
        """The page opens ready to type, unless the user is elsewhere (e.g. walking the navigation list)."""
        super().showEvent(event)
        focused = self.window().focusWidget()
        elsewhere = focused is not None and focused.isVisible() and not self.isAncestorOf(focused)
        if not elsewhere and (focused is None or not self.form.isAncestorOf(focused)):
            self.form.focus_first()
