"""The audit trail (officers and auditors): the event log filtered by record kind, record, user and date;
any record's full version history with who, when and why; and ``verify`` with the chain head.

The log is an id window (``IdWindowModel`` over ``services.queries.audit_trail``): the newest 200 events show at
once, the full list of event numbers loads in a worker, rows are fetched in blocks.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import QDate, QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.domain.permissions import Role
from safetywatch.domain.record_labels import TABLES, action_label, table_label
from safetywatch.services.core.audit import VerifyReport
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.anchors import PrintedHead, parse_printed
from safetywatch.services.maintenance.integrity import LedgerReport
from safetywatch.services.queries import audit_trail
from safetywatch.services.queries.audit_trail import EventFilter, Version
from safetywatch.ui.field_labels import field_label, field_value
from safetywatch.ui.id_window_model import IdWindowModel
from safetywatch.ui.widgets import StatusLine, page_title, text_width
from safetywatch.ui.widgets.flow_layout import FlowLayout, kept_together
from safetywatch.ui.worker import LatestOnly, run_in_background
from safetywatch.ui.zoned_time import local_minute, zone_label, zoned_time


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _short(value: Any, name: str = "") -> str:
    if name == "action" and value is not None:  # a follow-up entry's step
        return action_label(str(value))
    if name == "role" and value in {r.value for r in Role}:  # an account's role
        return Role(value).label
    text = "—" if value is None else field_value(name, str(value))
    return text if len(text) <= 60 else text[:57] + "…"


def _change(name: str, old: Any, new: Any) -> str:
    return f"{field_label(name)}: {_short(old, name)} → {_short(new, name)}"


class AuditPage(QWidget):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.kind_labels = self._kind_labels()
        self.action_labels = self._action_labels()
        with ledger.read() as conn:
            self.names = audit_trail.actor_names(conn)

        self.entity = QComboBox()
        self.entity.addItem(self.tr("All kinds"), "")
        for name in audit_trail.ENTITIES:
            self.entity.addItem(self.kind_labels.get(name, name), name)
        self.entity_id = QLineEdit()
        self.entity_id.setPlaceholderText(self.tr("record no."))  # an id or a number (JK03-2026-01035)
        # room for the longest number and the placeholder: squeezed by the bar it read "记…" at 1024 px
        self.entity_id.setMinimumWidth(text_width(self.entity_id, "JK01-SW-2026-00017"))
        self.entity_id.setMaximumWidth(text_width(self.entity_id, "JK01-SW-2026-00017") * 3 // 2)
        self.actor = QComboBox()
        self.actor.setEditable(True)  # older events may name operators who never had an account
        self.actor.addItem(self.tr("All users"), "")
        for login, name in sorted(self.names.items()):
            self.actor.addItem(f"{login}（{name}）", login)
        today = ledger.clock.today()
        self.use_dates = QCheckBox(self.tr("Dates"))
        self.date_from = QDateEdit(_qdate(today - dt.timedelta(days=30)))
        self.date_to = QDateEdit(_qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        show = QPushButton(self.tr("Show"))
        show.clicked.connect(self.apply_filter)
        self.entity_id.returnPressed.connect(self.apply_filter)
        self.entity.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.actor.activated.connect(lambda _i: self.apply_filter())
        self.use_dates.toggled.connect(lambda _on: self.apply_filter())
        # the filters wrap (a flow layout) rather than squeeze the record box or push the page past 1024 px
        bar_widget = QWidget()
        bar = FlowLayout(bar_widget)
        bar.addWidget(kept_together(QLabel(self.tr("Record kind")), self.entity, self.entity_id))
        bar.addWidget(kept_together(QLabel(self.tr("User")), self.actor))
        bar.addWidget(kept_together(self.use_dates, self.date_from, QLabel("–"), self.date_to, show))

        self.model = IdWindowModel(
            ledger,
            [(key, self._header(key, header)) for key, header in audit_trail.COLUMNS],
            audit_trail.query_ids,
            audit_trail.fetch_rows,
            EventFilter(),
            "seq",
            self,
            display=self._display,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((70, 130, 140, 110, 110, 70)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.count = StatusLine()
        self.model.loaded.connect(self._show_count)
        self.model.load_failed.connect(self.count.error)

        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.history_title = StatusLine()  # the versions' heading, or why they could not be read
        self.history = QTableWidget(0, 6)
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Version"),
                self.tr("Time"),
                self.tr("User"),
                self.tr("Action"),
                self.tr("Reason"),
                self.tr("Changes"),
            ]
        )
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().hide()
        self.versions: list[Version] = []
        self._history_request = LatestOnly(self)
        details = QWidget()
        right = QVBoxLayout(details)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel(self.tr("Event")))
        right.addWidget(self.detail, 1)
        right.addWidget(self.history_title)
        right.addWidget(self.history, 2)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.verify_button = QPushButton(self.tr("Verify the database and the audit chain"))
        self.verify_button.clicked.connect(self.verify)
        # the head printed in a signed report's footer: the one anchor that does not live on this PC
        self.printed_head = QLineEdit()
        self.printed_head.setPlaceholderText(self.tr("optional, e.g. #38014:3fa9c2d17b0e4a55"))
        self.printed_head.setToolTip(
            self.tr(
                "The audit chain head printed in the footer of a signed report (审计链锚点). The database is "
                "checked against it too: it proves that no event up to it was removed or rewritten since."
            )
        )
        self.printed_head_problem = StatusLine()
        self.printed_head.returnPressed.connect(self.verify)
        self.printed_head.textEdited.connect(lambda _text: self.printed_head_problem.clear())
        self.verify_result = StatusLine()
        self.verify_report: VerifyReport | None = None
        verify_box = QGroupBox(self.tr("Verification"))
        verify_layout = QVBoxLayout(verify_box)
        head_row = QHBoxLayout()
        head_label = QLabel(self.tr("Chain head on a printed report:"))
        head_label.setBuddy(self.printed_head)
        head_row.addWidget(head_label)
        head_row.addWidget(self.printed_head, 1)
        head_row.addWidget(self.verify_button)
        verify_layout.addLayout(head_row)
        verify_layout.addWidget(self.printed_head_problem)
        verify_layout.addWidget(self.verify_result)

        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Audit trail")))
        layout.addWidget(bar_widget)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)
        layout.addWidget(verify_box)
        self.apply_filter()

    # --- labels ----------------------------------------------------------------------------------
    def _kind_labels(self) -> dict[str, str]:
        return {name: table_label(name) for name in TABLES}

    def _action_labels(self) -> dict[str, str]:
        return {
            **{step.value: step.label for step in HazardAction},  # the steps of the hazard loop
            "create": self.tr("created"),
            "update": self.tr("changed"),
            "amend": self.tr("amended"),
            "void": self.tr("voided"),
            "login": self.tr("logged in"),
            "login_failed": self.tr("log-in failed"),
            "lock": self.tr("locked after failed log-ins"),
            "unlock": self.tr("unlocked"),
            "denied": self.tr("refused (not allowed)"),
            "change_password": self.tr("changed own password"),
            "reset_password": self.tr("password reset"),
            "rehash": self.tr("password rehashed"),
            "disable": self.tr("disabled"),
            "enable": self.tr("enabled"),
        }

    def _header(self, key: str, english: str) -> str:
        if key == "at_utc":  # the rows are local time: the header says which zone
            return self.tr("Time ({zone})").format(zone=zone_label())
        return self.tr(english)

    def _record_text(self, record: object) -> str:
        """A record as a person names it (its number, code or login), else by its internal id."""
        if isinstance(record, int):
            return self.tr("internal no. {id}").format(id=record)
        return str(record)

    def _record_name(self, entity: str, entity_id: int) -> str:
        with self.ledger.read() as conn:
            names = audit_trail.record_names(conn, [(entity, entity_id)])
        return self._record_text(names.get((entity, entity_id), entity_id))

    def _actor_text(self, login: str) -> str:
        if not login:
            return self.tr("(unknown)")
        name = self.names.get(login)
        return f"{login}（{name}）" if name else login

    def _display(self, key: str, value: Any) -> str:
        if value is None:
            return ""
        if key == "at_utc":
            return local_minute(str(value))
        if key == "actor":
            return self._actor_text(str(value))
        if key == "entity":
            return self.kind_labels.get(str(value), str(value))
        if key == "action":
            return self._action_text(str(value))
        if key == "record":
            return self._record_text(value)
        return str(value)

    def _action_text(self, action: str) -> str:
        return self.action_labels.get(action, action)

    # --- the log ---------------------------------------------------------------------------------
    def current_filter(self) -> EventFilter:
        record = self.entity_id.text().strip()
        entity = str(self.entity.currentData() or "")
        record_id = int(record) if record.isdigit() else None
        if record and record_id is None:  # a record's number, as on the paper card: JK03-2026-01035
            with self.ledger.read() as conn:
                found = audit_trail.record_by_number(conn, record)
            if found is not None:
                entity, record_id = found
            else:  # no record has it: show no events (never every event) and say so (_show_count)
                entity, record_id = entity or audit_trail.NUMBERED_KINDS[0], -1
        actor = self.actor.currentData() if self.actor.currentIndex() >= 0 else None
        if actor is None or self.actor.currentText() != self.actor.itemText(self.actor.currentIndex()):
            actor = self.actor.currentText().split("（")[0].strip()  # typed by hand
        return EventFilter(
            entity=entity,
            entity_id=record_id,
            actor=str(actor or ""),
            date_from=_pydate(self.date_from.date()) if self.use_dates.isChecked() else None,
            date_to=_pydate(self.date_to.date()) if self.use_dates.isChecked() else None,
        )

    def apply_filter(self) -> None:
        self.count.hint(self.tr("Loading…"))
        self.model.set_query(self.current_filter())
        if self.model.total is not None:
            self._show_count(self.model.total)

    def _show_count(self, total: int) -> None:
        record = self.entity_id.text().strip()
        if record and not record.isdigit() and total == 0:
            self.count.hint(self.tr("No hazard or 三违 has the number {number}.").format(number=record))
            return
        self.count.hint(self.tr("{count} events").format(count=total))

    def show_record(self, entity: str, entity_id: int) -> None:
        """Narrow the log to one record and show its versions (e.g. from another page)."""
        index = self.entity.findData(entity)
        self.entity.blockSignals(True)
        self.entity.setCurrentIndex(max(index, 0))
        self.entity.blockSignals(False)
        named = entity in audit_trail.NUMBERED_KINDS  # shown by the number on its card, as a person types it
        self.entity_id.setText(self._record_name(entity, entity_id) if named else str(entity_id))
        self.apply_filter()
        self.load_history(entity, entity_id)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        seq = self.model.record_id(current.row()) if current.isValid() else None
        if seq is None:
            return
        with self.ledger.read() as conn:
            detail = audit_trail.event(conn, seq)
        if detail is None:
            return
        lines = [
            self.tr("Event No. {seq}, {time}").format(seq=detail.seq, time=zoned_time(detail.at_utc, seconds=True)),
            self.tr("User: {user}").format(user=self._actor_text(detail.actor)),
            self.tr("Action: {action}").format(action=self._action_text(detail.action)),
            self.tr("Record: {kind} {name}").format(
                kind=self.kind_labels.get(detail.entity, detail.entity),
                name=self._record_name(detail.entity, detail.entity_id),
            ),
        ]
        if detail.reason:
            lines.append(self.tr("Reason: {reason}").format(reason=detail.reason))
        # a hazard step's event also records the follow-up entry it made, under "+hazard_follow_up"
        after = {k: v for k, v in (detail.after or {}).items() if not k.startswith("+")}
        made_with = [(k[1:], v) for k, v in (detail.after or {}).items() if k.startswith("+") and isinstance(v, dict)]
        if detail.before is None and detail.after is not None:
            lines.append(self.tr("Content:"))
            lines.extend(f"  {field_label(k)}: {_short(v, k)}" for k, v in sorted(after.items()))
        elif detail.after is not None:
            lines.append(self.tr("Changes:"))
            before = detail.before or {}
            lines.extend(f"  {_change(k, before.get(k), v)}" for k, v in sorted(after.items()))
        for child, row in made_with:
            kind = self.kind_labels.get(child, child)
            made_id = row.get("id")
            name = self._record_name(child, made_id) if isinstance(made_id, int) else "—"
            lines.append(self.tr("Made with it: {kind} {name}").format(kind=kind, name=name))
            lines.extend(f"  {field_label(k)}: {_short(v, k)}" for k, v in sorted(row.items()) if k != "id")
        lines.append(self.tr("Hash: {hash}").format(hash=detail.hash))
        self.detail.setPlainText("\n".join(lines))
        if detail.entity in audit_trail.ENTITIES and detail.entity != "security":
            self.load_history(detail.entity, detail.entity_id)

    # --- a record's versions -----------------------------------------------------------------------
    def load_history(self, entity: str, entity_id: int) -> None:
        """Read the record's versions in the background (a long history replays many events)."""
        ledger = self.ledger
        self._history_request.submit(
            lambda: audit_trail.record_history(ledger, entity, entity_id),
            lambda versions: self._show_history(entity, entity_id, versions),
            self._history_failed,
        )

    def _history_failed(self, error: BaseException) -> None:
        self.history_title.problem(error)  # a bug is raised for the crash handler
        self.versions = []
        self.history.setRowCount(0)

    def _show_history(self, entity: str, entity_id: int, versions: list[Version]) -> None:
        self.versions = versions
        self.history_title.plain(
            self.tr("Versions of {kind} {name}: {count}").format(
                kind=self.kind_labels.get(entity, entity),
                name=self._record_name(entity, entity_id),
                count=len(self.versions),
            )
        )
        self.history.setRowCount(len(self.versions))
        for r, version in enumerate(self.versions):
            changes = (
                "; ".join(_change(k, old, new) for k, old, new in version.changed)
                if version.changed
                else self.tr("first version")
            )
            for c, text in enumerate(
                (
                    self.tr("version {number}").format(number=version.number),
                    zoned_time(version.at_utc),
                    self._actor_text(version.actor),
                    self._action_text(version.action),
                    version.reason or "",
                    changes,
                )
            ):
                item = QTableWidgetItem(text)
                if c == 5:
                    item.setToolTip(json.dumps(version.row, ensure_ascii=False, indent=1))
                self.history.setItem(r, c, item)
        self.history.resizeColumnsToContents()

    # --- verify ----------------------------------------------------------------------------------
    def verify(self) -> None:
        """Verify in the background: the database, and its chain against every anchor held and the typed head."""
        printed: list[PrintedHead] = []
        if self.printed_head.text().strip():
            try:
                printed.append(parse_printed(self.printed_head.text()))
            except ValueError as exc:
                self.printed_head_problem.error(str(exc))
                self.printed_head.setFocus()
                return
        self.printed_head_problem.clear()
        self.verify_button.setEnabled(False)
        self.verify_result.hint(self.tr("Verifying…"))

        def done(report: object) -> None:
            assert isinstance(report, LedgerReport)
            self.verify_report = report
            self.verify_button.setEnabled(True)
            seq, digest = report.head
            head = self.tr("Chain head: event #{seq}, hash {hash}").format(seq=seq, hash=digest)
            head += "\n" + self._anchors_line(report)
            if report.ok:
                self.verify_result.ok(
                    self.tr("Intact: {events} audit events and {records} records checked.").format(
                        events=report.events_checked, records=report.records_checked
                    )
                    + "\n"
                    + head
                )
            else:
                problems = "\n".join(p.message for p in report.problems[:10])
                self.verify_result.error(
                    self.tr("Problems were found:\n{problems}").format(problems=problems) + "\n" + head,
                )

        def failed(error: BaseException) -> None:
            self.verify_button.setEnabled(True)
            self.verify_result.error(str(error))  # whatever stopped the check is worth reading here

        run_in_background(self, lambda: integrity.verify_for(self.ledger, printed=printed), done, failed)

    def _anchors_line(self, report: LedgerReport) -> str:
        """What the chain was compared with, and which events no anchor outside the database covers yet."""
        newest = report.newest_anchor
        if newest is None:
            return self.tr(
                "No anchor outside the database was found (closed month, backup, export or a printed head): the "
                "chain proves only that it is consistent in itself."
            )
        line = self.tr("Compared with {count} anchors; the newest covers events up to #{seq} ({source}).").format(
            count=len(report.anchors), seq=newest.seq, source=newest.source
        )
        if newest.seq < report.head[0]:
            line += " " + self.tr(
                "Events after #{seq} are not covered yet: a backup or a printed report covers them."
            ).format(seq=newest.seq)
        return line
