"""Roles and what each may do: the permission matrix as data (documented in docs/permissions.md).

Pure data and functions. The services enforce it where writes happen: ``services.core.writer.Writer`` asks
:func:`write_permission` for every insert, update and void and refuses what the signed-in user's role
lacks; actions that write nothing (print, export, verify, audit review) call ``Ledger.require``. The
auditor works on a read-only (``query_only``) connection, so the database itself refuses its writes too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from safetywatch.domain.errors import PermissionDeniedError
from safetywatch.domain.i18n import tr


class Role(StrEnum):
    CLERK = "clerk"
    SAFETY_OFFICER = "safety_officer"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return tr(_ROLE_LABELS[self])


_ROLE_LABELS = {
    Role.CLERK: "Clerk",
    Role.SAFETY_OFFICER: "Safety officer",
    Role.AUDITOR: "Auditor",
    Role.ADMINISTRATOR: "Administrator",
}


def role_options() -> tuple[tuple[str, str], ...]:
    """(stored value, English label) of every role, for a form's choice (translated where shown)."""
    return tuple((role.value, label) for role, label in _ROLE_LABELS.items())


class Permission(StrEnum):
    BROWSE = "browse"  # see records, registers, rates and reports on screen
    ENTER_RECORDS = "enter_records"  # new records and the steps of their follow-up
    AMEND_RECORDS = "amend_records"  # amend or void a record, with a reason
    ACCEPT_CLOSE_HAZARDS = "accept_close_hazards"  # accept, reject acceptance, close (销号)
    EDIT_REFERENCE = "edit_reference"  # organisation, workstations, inspectors, lookups, norms, rules
    APPROVE_ALLOWANCES = "approve_allowances"  # approve a month's allowances, enter adjustments
    CLOSE_MONTHS = "close_months"  # close a month with its printed report, enter corrections
    PRINT_REPORTS = "print_reports"  # print the monthly report
    EXPORT = "export"  # CSV/XLSX export with manifest
    IMPORT = "import"  # bring in historic paper registers
    VERIFY = "verify"  # check the database and the audit chain
    REVIEW_AUDIT = "review_audit"  # the audit trail page: events, version histories
    DEMO_DATA = "demo_data"  # fill a training database with demo records
    MANAGE_USERS = "manage_users"  # add, disable, re-role users, reset passwords, unlock
    EDIT_SETTINGS = "edit_settings"  # program settings kept in the database (idle lock, ...)
    BACKUP = "backup"  # back up and restore the database
    OWN_ACCOUNT = "own_account"  # log in, change one's own password

    @property
    def label(self) -> str:
        return tr(_PERMISSION_LABELS[self])


_PERMISSION_LABELS = {
    Permission.BROWSE: "browse records and reports",
    Permission.ENTER_RECORDS: "enter records",
    Permission.AMEND_RECORDS: "amend or void records",
    Permission.ACCEPT_CLOSE_HAZARDS: "accept and close hazards",
    Permission.EDIT_REFERENCE: "edit reference data",
    Permission.APPROVE_ALLOWANCES: "approve allowances",
    Permission.CLOSE_MONTHS: "close months",
    Permission.PRINT_REPORTS: "print reports",
    Permission.EXPORT: "export records",
    Permission.IMPORT: "import records",
    Permission.VERIFY: "verify the database",
    Permission.REVIEW_AUDIT: "review the audit trail",
    Permission.DEMO_DATA: "add demo data",
    Permission.MANAGE_USERS: "manage users",
    Permission.EDIT_SETTINGS: "change settings",
    Permission.BACKUP: "back up and restore",
    Permission.OWN_ACCOUNT: "use one's own account",
}

P = Permission
_CLERK = frozenset({P.BROWSE, P.ENTER_RECORDS, P.AMEND_RECORDS, P.VERIFY, P.OWN_ACCOUNT})

#: The matrix: what each role may do. docs/permissions.md shows it as a table; a test keeps both equal.
MATRIX: Mapping[Role, frozenset[Permission]] = {
    Role.CLERK: _CLERK,
    Role.SAFETY_OFFICER: _CLERK
    | {
        P.ACCEPT_CLOSE_HAZARDS,
        P.EDIT_REFERENCE,
        P.APPROVE_ALLOWANCES,
        P.CLOSE_MONTHS,
        P.PRINT_REPORTS,
        P.EXPORT,
        P.IMPORT,
        P.REVIEW_AUDIT,
        P.DEMO_DATA,
    },
    Role.AUDITOR: frozenset({P.BROWSE, P.EXPORT, P.VERIFY, P.REVIEW_AUDIT, P.OWN_ACCOUNT}),
    Role.ADMINISTRATOR: frozenset({P.MANAGE_USERS, P.EDIT_SETTINGS, P.BACKUP, P.VERIFY, P.OWN_ACCOUNT}),
}

#: Roles whose work writes no records: they get a read-only database connection.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})


def allowed(role: Role, permission: Permission) -> bool:
    return permission in MATRIX[role]


def denied(role: Role, permission: Permission, *, table: str = "", action: str = "") -> PermissionDeniedError:
    """The error for a refused action; it names the role and what it may not do."""
    message = tr("Not allowed: the role {role} may not {action}. Nothing was changed.").format(
        role=role.label, action=permission.label
    )
    return PermissionDeniedError(message, permission=permission, table=table, action=action)


def require(role: Role, permission: Permission) -> None:
    if not allowed(role, permission):
        raise denied(role, permission)


# --- which permission a write needs --------------------------------------------------------------------

_REFERENCE_TABLES = frozenset(
    {
        "org_unit",
        "workstation",
        "workstation_closure",
        "inspector",
        "shift",
        "lookup_item",
        "hazard_level",
        "rate_norm",
        "allowance_rule",
    }
)
#: What the office owns once stations exchange with it (issue 15): read-only at an enrolled station, where
#: only the office's replies change it.
OFFICE_OWNED_TABLES = _REFERENCE_TABLES | frozenset(
    {
        "month_close",
        "year_close",
        "report_adjustment",
        "allowance_sheet",
        "allowance_line",
        "allowance_adjustment",
        "record_transfer",
    }
)
_RECORD_TABLES = frozenset(
    {
        "hazard",
        "hazard_follow_up",
        "duty_sheet",
        "violation",
        "violation_handling",
        "suggestion",
        "squad_activity",
        "tour",
        "tour_problem",
        "family_activity",
        "training_session",
        "training_attendee",
    }
)
#: What a station owns once it exchanges with the office (its records and their steps), until the office takes
#: one over (``record_transfer``).
STATION_OWNED_TABLES = _RECORD_TABLES
_TABLE_PERMISSIONS: Mapping[str, Permission] = {
    **{table: P.EDIT_REFERENCE for table in _REFERENCE_TABLES},
    "allowance_sheet": P.APPROVE_ALLOWANCES,
    "allowance_line": P.APPROVE_ALLOWANCES,
    "allowance_adjustment": P.APPROVE_ALLOWANCES,
    "month_close": P.CLOSE_MONTHS,
    "year_close": P.CLOSE_MONTHS,
    "report_adjustment": P.CLOSE_MONTHS,
    "app_setting": P.EDIT_SETTINGS,
    "user_account": P.MANAGE_USERS,
    # stations and the office (issue 15): registering a station and taking in its bundles are imports
    "exchange_station": P.IMPORT,
    "held_change": P.IMPORT,
    "record_transfer": P.IMPORT,
}
#: Hazard loop steps that only a safety officer takes.
OFFICER_HAZARD_ACTIONS = frozenset({"accept", "reject", "close"})
#: What a user does to their own account (the log-in itself, a new password of their own).
OWN_ACCOUNT_ACTIONS = frozenset({"login", "login_failed", "lock", "change_password", "rehash"})
AMEND_ACTIONS = frozenset({"amend", "void"})


def classified_tables() -> frozenset[str]:
    """Every table the matrix names explicitly (a test checks that every audited table is among them)."""
    return frozenset(_TABLE_PERMISSIONS) | _RECORD_TABLES


def write_permission(table: str, action: str) -> Permission:
    """The permission an audited write of *action* (create, amend, void, accept, ...) on *table* needs."""
    if table == "user_account" and action in OWN_ACCOUNT_ACTIONS:
        return P.OWN_ACCOUNT
    if table == "hazard" and action in OFFICER_HAZARD_ACTIONS:
        return P.ACCEPT_CLOSE_HAZARDS
    fixed = _TABLE_PERMISSIONS.get(table)
    if fixed is not None:
        return fixed
    # Records, and any record kind added later until it is classified: entering and amending.
    return P.AMEND_RECORDS if action in AMEND_ACTIONS else P.ENTER_RECORDS


@dataclass(frozen=True)
class SignedIn:
    """The user a ledger works for: every audit event names ``login`` as its actor."""

    user_id: int
    login: str
    display_name: str
    role: Role
    must_change_password: bool = False  # a first password set by an administrator: change it now

    def may(self, permission: Permission) -> bool:
        return allowed(self.role, permission)

    @property
    def read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES
