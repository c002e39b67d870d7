"""The main window: a navigation list on the left, one page per task on the right."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QCloseEvent, QColor, QKeySequence, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from safetywatch.domain.permissions import Permission, SignedIn
from safetywatch.services.core import audit
from safetywatch.services.core.changes import EVERYTHING, TAMPERING, ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.anchors import printed_form
from safetywatch.services.maintenance.opening import shown_name
from safetywatch.services.queries import hazard_query
from safetywatch.ui.activities_page import ActivitiesPage
from safetywatch.ui.allowance_page import AllowancePage
from safetywatch.ui.backup_page import BackupPage
from safetywatch.ui.change_hub import hub_for
from safetywatch.ui.dashboard_page import DashboardPage
from safetywatch.ui.exchange_page import ExchangePage
from safetywatch.ui.export_dialog import ExportDialog
from safetywatch.ui.hazard_form import HazardFormPage
from safetywatch.ui.hazards_page import HazardsPage
from safetywatch.ui.help_window import HelpWindow
from safetywatch.ui.import_dialog import ImportDialog
from safetywatch.ui.rates_page import RatesPage
from safetywatch.ui.reference_page import ReferencePage
from safetywatch.ui.report_page import ReportPage
from safetywatch.ui.role_gate import gate
from safetywatch.ui.shift_sheet_page import ShiftSheetPage
from safetywatch.ui.violation_form import ViolationFormPage
from safetywatch.ui.violations_page import ViolationsPage
from safetywatch.ui.widgets.styles import ALERT_STYLE
from safetywatch.ui.worker import run_in_background

OVERDUE_COLOUR = QColor("#c62828")
SHORTCUT_COLOUR = QColor("#757575")
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # a navigation row that heads a group of pages
SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 2  # the page's key, drawn at the right of its row
SMALL_SCREEN_WIDTH = 1366  # up to this width the window starts maximised
GEOMETRY_KEY, SPLITTER_KEY = "main_window/geometry", "main_window/splitter"


class NavigationDelegate(QStyledItemDelegate):
    """Draws each page's shortcut at the right of its row in grey (the entry's text stays the page's name)."""

    GAP = 16

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        keys = index.data(SHORTCUT_ROLE)
        if keys:
            painter.save()
            selected = option.state & QStyle.StateFlag.State_Selected
            painter.setPen(option.palette.highlightedText().color() if selected else SHORTCUT_COLOUR)
            rect = option.rect.adjusted(0, 0, -6, 0)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(keys))
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        keys = index.data(SHORTCUT_ROLE)
        if keys:
            size.setWidth(size.width() + self.GAP + option.fontMetrics.horizontalAdvance(str(keys)) + 6)
        if index.data(GROUP_ROLE):
            size.setHeight(size.height() + 6)  # a little air above each group
        return size


def focus_into(page: QWidget) -> None:
    """Put the keyboard in *page*: on the input the page names (``first_input()``: the grid, the first empty
    field of a card), else on its focus proxy (the list or field the page starts with), else, unless the page
    put it somewhere already, on its first widget that takes Tab."""
    first_input = getattr(page, "first_input", None)
    target = first_input() if callable(first_input) else None
    if isinstance(target, QWidget):
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    if page.focusProxy() is not None:
        page.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    focused = QApplication.focusWidget()
    if focused is not None and page.isAncestorOf(focused):
        return
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:  # the window's Tab chain, once round
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = widget.nextInFocusChain()


class MainWindow(QMainWindow):
    """Holds the pages and keeps the overdue count on the navigation current."""

    language_change_requested = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setWindowTitle(self.tr("SafetyWatch – mass safety supervision ledger"))
        screen = self.screen().availableGeometry()  # never larger than the screen's work area
        self.resize(min(1280, screen.width()), min(800, screen.height()))
        self.prefs: QSettings | None = None

        self.nav = QListWidget()
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setItemDelegate(NavigationDelegate(self.nav))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self._nav_items: dict[QWidget, QListWidgetItem] = {}

        self._page_actions: dict[QWidget, QAction] = {}
        self.dashboard_page = DashboardPage(ledger)
        self.form_page = HazardFormPage(ledger)
        self.hazards_page = HazardsPage(ledger)
        self.shift_sheet_page = ShiftSheetPage(ledger)
        self.violation_form = ViolationFormPage(ledger)
        self.violations_page = ViolationsPage(ledger)
        self.rates_page = RatesPage(ledger)
        self.allowance_page = AllowancePage(ledger)
        self.activities_page = ActivitiesPage(ledger)
        self.reference_page = ReferencePage(ledger)
        self.report_page = ReportPage(ledger)
        self.backup_page = BackupPage(ledger)
        self.exchange_page = ExchangePage(ledger)
        # The home page first, then the pages grouped by who uses them (录入 / 台账 / 统计 / 管理).
        self._add_page(self.tr("Overview"), self.dashboard_page, "Ctrl+0")
        self._add_group(self.tr("Entry"))
        self._add_page(self.tr("Register hazard"), self.form_page, "Ctrl+1")
        self._add_page(self.tr("Shift duty and reports"), self.shift_sheet_page, "Ctrl+3")
        self._add_page(self.tr("New 三违 record"), self.violation_form, "Ctrl+4")
        self._add_page(self.tr("Network activities"), self.activities_page, "Ctrl+8")
        self._add_group(self.tr("Registers"))
        self._hazards_item = self._add_page(self.tr("Hazard register"), self.hazards_page, "Ctrl+2")
        self._add_page(self.tr("三违 register"), self.violations_page, "Ctrl+5")
        self._add_group(self.tr("Statistics"))
        self._add_page(self.tr("Duty and report rates"), self.rates_page, "Ctrl+6")
        self._add_page(self.tr("Allowances"), self.allowance_page, "Ctrl+7")
        self._add_page(self.tr("Monthly report"), self.report_page, "Ctrl+M")
        self._add_group(self.tr("Administration"))
        self._add_page(self.tr("Reference data"), self.reference_page, "Ctrl+9")
        self._add_page(self.tr("Backups"), self.backup_page, "Ctrl+B")
        self._add_page(self.tr("Data exchange"), self.exchange_page, "Ctrl+J")
        # Pages of later releases, shown so people see where the program is going.
        for title in (self.tr("Audit trail"),):
            item = QListWidgetItem(title)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setToolTip(self.tr("Coming in a later version"))
            self.nav.addItem(item)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.setCentralWidget(self.splitter)
        self._fit_navigation()
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentItem(self._nav_items[self.dashboard_page])

        # Links between pages. What a saved record changes reaches every page through the change hub.
        self.hazards_page.new_hazard_requested.connect(self.show_new_hazard)
        self.hazards_page.amend_requested.connect(self.show_amend)
        self.shift_sheet_page.hazard_requested.connect(self.show_hazard_card_for)
        self.shift_sheet_page.violation_requested.connect(self.show_violation_card_for)
        self.violations_page.amend_requested.connect(self.show_violation_amend)
        self.violations_page.new_requested.connect(self.show_new_violation)
        self.allowance_page.rules_requested.connect(self.show_allowance_rules)

        self._help: HelpWindow | None = None
        self._opened = False  # shown once: the keyboard went into the first page
        self._build_menu()
        self._operator_label = QLabel(self.tr("Operator: {name}").format(name=ledger.actor))
        self.statusBar().addPermanentWidget(self._operator_label)
        # a server database is named by its address (never its password), not by this PC's notes on it
        self.statusBar().addPermanentWidget(QLabel(shown_name(ledger.target)))
        hub = hub_for(ledger)
        hub.watch(self, {"hazard"}, lambda _changes: self.update_overdue_count())
        self.update_overdue_count()
        # Once a write was refused because its record was changed outside SafetyWatch, the window keeps
        # saying so: every further entry goes into a file that needs verifying and restoring.
        self.tamper_label = QLabel()
        self.tamper_label.setStyleSheet(ALERT_STYLE)
        self.tamper_label.hide()
        self.statusBar().addWidget(self.tamper_label)
        hub.watch(self, {TAMPERING}, lambda _changes: self._show_tampering())
        self._show_tampering()
        if ledger.needs_full_check:
            self._check_file_in_background()

    def showEvent(self, event: QShowEvent) -> None:
        """On opening (after log-in) the keyboard is in the first page, not on the navigation list."""
        super().showEvent(event)
        if not event.spontaneous() and not self._opened:
            self._opened = True
            page = self.stack.currentWidget()
            if page is not None:
                QTimer.singleShot(0, lambda: focus_into(page) if self.stack.currentWidget() is page else None)

    def _show_tampering(self) -> None:
        if self.ledger.tampered:
            self.tamper_label.setText(
                self.tr("Records were changed outside SafetyWatch: verify the database (Tools → Verify database)")
            )
            self.tamper_label.setToolTip(self.ledger.tampered)  # the newest finding
            self.tamper_label.show()

    def _check_file_in_background(self) -> None:
        """The full quick_check of a big database, after the window is up (seconds per GB)."""
        from safetywatch.services.maintenance.opening import quick_check

        path = self.ledger.path

        def done(problem: object) -> None:
            if problem is not None:
                QMessageBox.critical(
                    self,
                    self.tr("The database is damaged"),
                    self.tr(
                        "SQLite found damage in {path}: {problem}\nDo not enter new records. Close SafetyWatch and "
                        "restore the database from a backup."
                    ).format(path=path, problem=problem),
                )

        run_in_background(self, lambda: quick_check(path), done, lambda error: done(error))

    # --- geometry ---------------------------------------------------------------------------------
    def use_settings(self, prefs: QSettings) -> None:
        """Take the window's size, place and splitter from *prefs* (saved there again on close). The first
        start fills the screen's work area: maximised on screens up to 1366 pixels wide, where every pixel
        counts."""
        self.prefs = prefs
        geometry, splitter = prefs.value(GEOMETRY_KEY), prefs.value(SPLITTER_KEY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            if isinstance(splitter, QByteArray):
                self.splitter.restoreState(splitter)
            return
        screen = self.screen().availableGeometry()
        if screen.width() <= SMALL_SCREEN_WIDTH:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            self.setGeometry(screen.adjusted(screen.width() // 20, screen.height() // 20, -screen.width() // 20, 0))

    def save_settings(self) -> None:
        if self.prefs is not None:
            self.prefs.setValue(GEOMETRY_KEY, self.saveGeometry())
            self.prefs.setValue(SPLITTER_KEY, self.splitter.saveState())
            self.prefs.sync()

    # --- navigation -------------------------------------------------------------------------------
    def _add_group(self, title: str) -> None:
        """A heading over a group of pages: not a page, so it cannot be chosen and ↑↓ pass over it."""
        item = QListWidgetItem(title)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setData(GROUP_ROLE, True)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.nav.addItem(item)

    def _add_page(self, title: str, page: QWidget, shortcut: str | None, row: int | None = None) -> QListWidgetItem:
        item = QListWidgetItem(title)
        if row is None:
            self.nav.addItem(item)
        else:
            self.nav.insertItem(row, item)
        self.stack.addWidget(page)
        self._nav_items[page] = item
        if shortcut:
            item.setData(SHORTCUT_ROLE, QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText))
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda: self.show_page(page))
            self.addAction(action)
            self._page_actions[page] = action
        return item

    def _fit_navigation(self) -> None:
        """As wide as its longest entry with its shortcut (the splitter gives it that much, no empty strip
        beside it; the user may widen it, and the width is remembered)."""
        option = QStyleOptionViewItem()
        option.initFrom(self.nav)
        delegate = self.nav.itemDelegate()
        widest = max(
            (
                delegate.sizeHint(option, self.nav.indexFromItem(self.nav.item(row))).width()
                for row in range(self.nav.count())
            ),
            default=0,
        )
        width = widest + 2 * self.nav.frameWidth() + 2 * self.nav.spacing() + 8
        self.nav.setMinimumWidth(width)
        self.splitter.setSizes([width, max(self.width() - width, 1)])

    def nav_item(self, page: QWidget) -> QListWidgetItem:
        """The navigation entry of *page*."""
        return self._nav_items[page]

    def page_at(self, row: int) -> QWidget | None:
        """The page of the navigation's *row* (None for a group heading or a page of a later version)."""
        item = self.nav.item(row)
        return next((page for page, entry in self._nav_items.items() if entry is item), None)

    def _show_page(self, row: int) -> None:
        page = self.page_at(row)
        if page is not None:
            self.stack.setCurrentWidget(page)

    def pages(self) -> list[QWidget]:
        return [w for i in range(self.stack.count()) if (w := self.stack.widget(i)) is not None]

    def show_new_hazard(self) -> None:
        self.form_page.start_new()
        self.show_page(self.form_page)

    def show_amend(self, hazard_id: int) -> None:
        self.form_page.load_for_amend(hazard_id)
        self.show_page(self.form_page)

    def show_page(self, page: QWidget) -> None:
        """Show *page* (its shortcut, a link from another page) with the keyboard in it."""
        self.nav.setCurrentItem(self._nav_items[page])
        if self.stack.currentWidget() is page:
            focus_into(page)

    def show_hazard_card_for(self, row: dict[str, Any]) -> None:
        """A hazard card for a shift-sheet row: date, shift, workstation and finder filled in."""
        self.form_page.prefill(row["workstation_id"], row["shift_date"], row["shift_id"], row["inspector_id"])
        self.show_page(self.form_page)

    def show_violation_card_for(self, row: dict[str, Any]) -> None:
        self.violation_form.prefill(row["workstation_id"], row["shift_date"], row["shift_id"], row["inspector_id"])
        self.show_page(self.violation_form)

    def show_new_violation(self) -> None:
        self.violation_form.start_new()
        self.show_page(self.violation_form)

    def show_violation_amend(self, violation_id: int) -> None:
        if self.violation_form.load_for_amend(violation_id):
            self.show_page(self.violation_form)

    def show_allowance_rules(self) -> None:
        self.reference_page.show_kind("allowance_rule")
        self.show_page(self.reference_page)

    # --- roles ------------------------------------------------------------------------------------
    def apply_role(self, user: SignedIn | None) -> None:
        """Keep the signed-in user to their role (docs/permissions.md): pages and actions the role may not
        use are disabled; administrators get the Users page, officers and auditors the Audit trail page.
        ``None`` (the program itself: self-test, tests) changes nothing."""
        if user is None:
            return
        from safetywatch.ui.audit_page import AuditPage
        from safetywatch.ui.users_page import UsersPage

        self._operator_label.setText(
            self.tr("User: {name} ({login}), {role}").format(
                name=user.display_name, login=user.login, role=user.role.label
            )
        )
        needs: dict[QWidget, Permission] = {
            self.form_page: Permission.ENTER_RECORDS,
            self.shift_sheet_page: Permission.ENTER_RECORDS,
            self.violation_form: Permission.ENTER_RECORDS,
            self.backup_page: Permission.BACKUP,
        }
        extra: list[tuple[str, QWidget, Permission, str]] = []
        if user.may(Permission.MANAGE_USERS):
            self.users_page = UsersPage(self.ledger)
            extra.append((self.tr("Users"), self.users_page, Permission.MANAGE_USERS, "Ctrl+U"))
        if user.may(Permission.REVIEW_AUDIT):
            self.audit_page = AuditPage(self.ledger)
            extra.append((self.tr("Audit trail"), self.audit_page, Permission.REVIEW_AUDIT, "Ctrl+T"))
            for row in range(self.nav.count() - 1, -1, -1):  # the "coming later" entry
                placeholder = self.nav.item(row)
                if (
                    placeholder is not None
                    and placeholder.text() == self.tr("Audit trail")
                    and not (placeholder.flags() & Qt.ItemFlag.ItemIsEnabled)
                ):
                    self.nav.takeItem(row)
        last_page_row = max(self.nav.row(item) for item in self._nav_items.values())
        for offset, (title, new_page, permission, shortcut) in enumerate(extra):  # at the end of 管理
            self._add_page(title, new_page, shortcut, row=last_page_row + 1 + offset)
            needs[new_page] = permission
        self._fit_navigation()
        refused = self.tr("Your role ({role}) may not use this page.").format(role=user.role.label)
        first_allowed: int | None = None
        for row in range(self.nav.count()):
            page, item = self.page_at(row), self.nav.item(row)
            if page is None:
                continue
            if user.may(needs.get(page, Permission.BROWSE)):
                first_allowed = row if first_allowed is None else first_allowed
                continue
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setToolTip(refused)
            page.setEnabled(False)
            if page in self._page_actions:  # its Ctrl+<key> shortcut
                self._page_actions[page].setEnabled(False)
        for action, permission in self._role_actions.items():  # a clerk's Tools menu has no export or import
            gate(action, user.may, permission, hide=True)
        for page in self.pages():  # each page offers only the actions the role may take
            apply_page_role = getattr(page, "apply_role", None)
            if page.isEnabled() and apply_page_role is not None:
                apply_page_role(user.may)
        self.nav.setCurrentRow(first_allowed if first_allowed is not None else -1)
        self.update_overdue_count()  # no badge on a register the role may not open

        def keep_off(current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
            """A link from another page (e.g. "new hazard") may not lead to a page the role may not use."""
            if current is not None and previous is not None and not current.flags() & Qt.ItemFlag.ItemIsEnabled:
                QTimer.singleShot(0, lambda: self.nav.setCurrentItem(previous))

        self.nav.currentItemChanged.connect(keep_off)

    # --- overdue badge ----------------------------------------------------------------------------
    def update_overdue_count(self) -> None:
        """The red count of overdue hazards on the navigation (an indexed count: fast on any register)."""
        with self.ledger.read() as conn:
            self._set_overdue(hazard_query.overdue_count(conn, self.ledger.clock.today()))

    def _set_overdue(self, count: int) -> None:
        title = self.tr("Hazard register")
        if count and self._hazards_item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self._hazards_item.setText(self.tr("{title}  ▲ {count} overdue").format(title=title, count=count))
            self._hazards_item.setForeground(QBrush(OVERDUE_COLOUR))
            self._hazards_item.setToolTip(self.tr("{count} open hazards are past their deadline").format(count=count))
        else:
            self._hazards_item.setText(title)
            self._hazards_item.setForeground(QBrush())
            self._hazards_item.setToolTip("")

    # --- menu -------------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        tools = self.menuBar().addMenu(self.tr("&Tools"))
        verify = tools.addAction(self.tr("&Verify database…"))
        verify.triggered.connect(self.verify_database)
        export = tools.addAction(self.tr("&Export records…"))
        export.triggered.connect(self.show_export)
        import_ = tools.addAction(self.tr("&Import records…"))
        import_.triggered.connect(self.show_import)
        demo = tools.addAction(self.tr("Fill with &demo data…"))
        demo.triggered.connect(self.fill_demo_data)
        self._role_actions = {
            verify: Permission.VERIFY,
            demo: Permission.DEMO_DATA,
            export: Permission.EXPORT,
            import_: Permission.IMPORT,
        }
        language = self.menuBar().addMenu(self.tr("&Language"))
        for code, name in (("zh_CN", "中文"), ("en", "English")):
            action = language.addAction(name)
            action.triggered.connect(lambda _checked=False, c=code: self.language_change_requested.emit(c))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        guide = help_menu.addAction(self.tr("User &guide"))
        guide.setShortcut(QKeySequence(Qt.Key.Key_F1))
        guide.triggered.connect(self.show_help)
        self.addAction(guide)  # F1 from any page, also while the menu bar is hidden or not yet shown
        about = help_menu.addAction(self.tr("&About SafetyWatch"))
        about.triggered.connect(self._about)

    def help_sections(self) -> dict[QWidget, str]:
        """Each page's section of the user guide, by the start of its heading."""
        return {
            self.dashboard_page: "概览",
            self.form_page: "隐患登记",
            self.hazards_page: "隐患台账",
            self.shift_sheet_page: "上岗与汇报",
            self.violation_form: "三违登记",
            self.violations_page: "三违台账",
            self.rates_page: "上岗率与汇报率",
            self.allowance_page: "群监员津贴",
            self.activities_page: "群监活动",
            self.reference_page: "基础数据",
            self.report_page: "月报",
            self.backup_page: "备份",
            self.exchange_page: "数据交换",
            **{
                page: section
                for name, section in (("audit_page", "审计追踪"), ("users_page", "用户管理"))
                if (page := getattr(self, name, None)) is not None
            },
        }

    def show_help(self) -> HelpWindow:
        """The user guide (offline), at the section of the page on screen."""
        if self._help is None:
            self._help = HelpWindow()
        self._help.show()
        self._help.raise_()
        self._help.activateWindow()
        current = self.stack.currentWidget()
        section = self.help_sections().get(current) if current is not None else None
        if section:
            self._help.show_section(section)
        return self._help

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        if self._help is not None:
            self._help.close()
        super().closeEvent(event)

    def show_export(self) -> ExportDialog:
        """Export any kind of record as CSV/XLSX with its manifest (auditors)."""
        return ExportDialog.open_for(self.ledger, self)

    def show_import(self) -> ImportDialog:
        """Bring in a register in the export format (the pages show the new records through the hub)."""
        return ImportDialog.open_for(self.ledger, self)

    def verify_database(self) -> None:
        """Check file, audit chain and every record in the background; report the result."""
        self.statusBar().showMessage(self.tr("Verifying the database…"))

        def job() -> audit.VerifyReport:
            with self.ledger.read() as conn:  # with the anchors of its backups and logged exports and closes
                return integrity.verify(conn, db_path=self.ledger.path)

        def done(report: object) -> None:
            assert isinstance(report, audit.VerifyReport)
            self.statusBar().clearMessage()
            seq, digest = report.head
            head = self.tr("Audit chain head: {head}").format(head=printed_form(seq, digest))  # as reports print it
            if report.ok:
                QMessageBox.information(
                    self,
                    self.tr("Verify database"),
                    self.tr(
                        "The database is intact: {events} audit events and {records} records checked.\n{head}"
                    ).format(events=report.events_checked, records=report.records_checked, head=head),
                )
            else:
                lines = "\n".join(p.message for p in report.problems[:10])
                QMessageBox.critical(
                    self,
                    self.tr("Verify database"),
                    self.tr("Problems were found:\n{problems}\n{head}").format(problems=lines, head=head),
                )

        def failed(error: object) -> None:
            self.statusBar().clearMessage()
            QMessageBox.critical(self, self.tr("Verify database"), str(error))

        run_in_background(self, job, done, failed)

    def fill_demo_data(self) -> None:
        """One mine, one year of realistic records, for trying the program (empty databases only)."""
        answer = QMessageBox.question(
            self,
            self.tr("Demo data"),
            self.tr(
                "Fill this database with one year of demo records of one mine (about 3,000 hazards)?\n"
                "Demo records are audited like real ones and cannot be removed afterwards: use this only on a "
                "database for training or trying the program."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        progress = QProgressDialog(self.tr("Generating demo data…"), "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        target, user = self.ledger.target, self.ledger.user

        def job() -> object:
            from safetywatch.services.kinds import accounts
            from safetywatch.services.maintenance import demo
            from safetywatch.services.maintenance.opening import open_ledger

            # Its own ledger: the generator moves its ledger's clock along the simulated days. It acts for
            # the signed-in user: a database with accounts gets demo data only from a role that may add it.
            ledger = open_ledger(target, actor=self.ledger.actor)
            try:
                acting = ledger if user is None else accounts.session_ledger(ledger, user)
                return demo.generate(acting, scale="mine", years=1)
            finally:
                ledger.close()

        def done(summary: object) -> None:
            progress.close()
            hub_for(self.ledger).publish(ChangeSet.of(EVERYTHING))  # written through the generator's own ledger
            QMessageBox.information(
                self,
                self.tr("Demo data"),
                self.tr(
                    "Demo data added for {first} to {last}: {hazards} hazards, {inspectors} inspectors, "
                    "{units} units, {workstations} workstations."
                ).format(
                    first=getattr(summary, "first_day", ""),
                    last=getattr(summary, "last_day", ""),
                    hazards=getattr(summary, "hazards", 0),
                    inspectors=getattr(summary, "inspectors", 0),
                    units=getattr(summary, "units", 0),
                    workstations=getattr(summary, "workstations", 0),
                ),
            )

        def failed(error: BaseException) -> None:
            progress.close()
            hub_for(self.ledger).publish(ChangeSet.of(EVERYTHING))  # batches committed before the failure
            QMessageBox.warning(self, self.tr("Demo data"), str(error))

        run_in_background(self, job, done, failed)

    def _about(self) -> None:
        from safetywatch import __version__

        QMessageBox.about(
            self,
            self.tr("About SafetyWatch"),
            self.tr(
                "SafetyWatch {version}\nOffline ledger of the mass safety supervision network.\nDatabase: {path}"
            ).format(version=__version__, path=shown_name(self.ledger.target)),
        )
