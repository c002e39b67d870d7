"""Every role × every action against the real services; the documented matrix equals the code's
(reliability.md checklist 18)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from safetywatch.db.models import AUDITED_TABLES
from safetywatch.domain.errors import PermissionDeniedError, SafetyWatchError
from safetywatch.domain.hazard_loop import HazardAction as A
from safetywatch.domain.permissions import MATRIX, Permission, Role, classified_tables, write_permission
from safetywatch.reports import closing
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts, hazards, reference
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.maintenance import demo, integrity
from safetywatch.services.queries import audit_trail
from safetywatch.services.reporting import allowances
from tests.account_helpers import FAST, LOGINS, PASSWORD, add_users, signed_in
from tests.helpers import Refs, card, count_rows, refs

pytestmark = pytest.mark.pg

DOC = Path(__file__).parents[2] / "docs" / "permissions.md"
TODAY = dt.date(2026, 6, 10)

Probe = Callable[[Ledger, Ledger, Refs, Role], object]


def _reported_done(base: Ledger, r: Refs) -> int:
    hazard_id = int(hazards.register(base, card(r))["id"])
    for action, person in ((A.ISSUE_NOTICE, "王队长"), (A.START_RECTIFICATION, "赵六"), (A.REPORT_DONE, "孙八")):
        hazards.act(base, hazard_id, StepInput(action, TODAY, person=person))
    return hazard_id


def _demo(base: Ledger, led: Ledger, r: Refs, role: Role) -> object:
    hazards.register(base, card(r))
    try:
        return demo.generate(led, scale="tiny")
    except PermissionDeniedError:
        raise
    except SafetyWatchError as exc:  # allowed; refused only because the database already holds records
        assert "already holds" in str(exc)
        return None


def _import(led: Ledger) -> None:
    """The real import of a file that is not there: a permitted role gets past the role check to the file."""
    from safetywatch.exchange import importer

    try:
        importer.import_file(led, "hazards", Path("/nonexistent/hazards.csv"), dry_run=True)
    except PermissionDeniedError:
        raise
    except SafetyWatchError:  # allowed: refused only because the file is missing
        pass


#: One real action per permission: (base = the program's own ledger for preparing, led = the user's).
PROBES: dict[Permission, Probe] = {
    Permission.BROWSE: lambda base, led, r, role: led.require(Permission.BROWSE),  # enforced by the GUI
    Permission.ENTER_RECORDS: lambda base, led, r, role: hazards.register(led, card(r)),
    Permission.AMEND_RECORDS: lambda base, led, r, role: hazards.amend(
        led, int(hazards.register(base, card(r))["id"]), card(r, location="1202工作面"), "地点记错"
    ),
    Permission.ACCEPT_CLOSE_HAZARDS: lambda base, led, r, role: hazards.act(
        led, _reported_done(base, r), StepInput(A.ACCEPT, TODAY, person="钱七")
    ),
    Permission.EDIT_REFERENCE: lambda base, led, r, role: reference.save(
        led, "shift", {"code": "4", "name": "检修班", "starts": "06:00", "ends": "14:00"}
    ),
    Permission.APPROVE_ALLOWANCES: lambda base, led, r, role: allowances.approve(led, "2026-05"),
    Permission.CLOSE_MONTHS: lambda base, led, r, role: closing.close_month(
        led, "2026-04", generated_at=dt.datetime(2026, 6, 2, 9, 30)
    ),
    # printing is the report page's print_report, which asks this before anything reaches the printer
    # (tests/ui/test_report_page.py::test_the_role_decides_who_prints_saves_and_closes)
    Permission.PRINT_REPORTS: lambda base, led, r, role: led.require(Permission.PRINT_REPORTS),
    # export, import and backup are built on other branches; they call the same check
    Permission.EXPORT: lambda base, led, r, role: led.require(Permission.EXPORT),
    Permission.IMPORT: lambda base, led, r, role: _import(led),
    Permission.BACKUP: lambda base, led, r, role: led.require(Permission.BACKUP),
    Permission.VERIFY: lambda base, led, r, role: integrity.verify_for(led),
    Permission.REVIEW_AUDIT: lambda base, led, r, role: audit_trail.record_history(led, "shift", 1),
    Permission.DEMO_DATA: _demo,
    Permission.MANAGE_USERS: lambda base, led, r, role: accounts.add_user(
        led, f"new-{role}", "新用户", Role.CLERK, PASSWORD, hasher=FAST
    ),
    Permission.EDIT_SETTINGS: lambda base, led, r, role: accounts.set_idle_lock_minutes(led, 5),
    Permission.OWN_ACCOUNT: lambda base, led, r, role: accounts.change_password(
        base, LOGINS[role], PASSWORD, "另一个很长的密码 2027", hasher=FAST
    ),
}


def test_every_permission_has_a_probe() -> None:
    assert set(PROBES) == set(Permission)


def _documented() -> dict[Role, frozenset[Permission]]:
    lines = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    roles = [Role(name) for name in header[2:]]
    granted: dict[Role, set[Permission]] = {role: set() for role in roles}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        for role, cell in zip(roles, cells[2:], strict=True):
            assert cell in ("", "✓"), line
            if cell:
                granted[role].add(Permission(cells[0]))
    return {role: frozenset(p) for role, p in granted.items()}


def test_the_documented_matrix_is_the_codes() -> None:
    assert _documented() == dict(MATRIX)


def test_every_audited_table_is_classified() -> None:
    assert {t.name for t in AUDITED_TABLES} <= classified_tables()
    assert write_permission("hazard", "accept") is Permission.ACCEPT_CLOSE_HAZARDS
    assert write_permission("hazard", "issue_notice") is Permission.ENTER_RECORDS
    assert write_permission("user_account", "login") is Permission.OWN_ACCOUNT
    assert write_permission("user_account", "disable") is Permission.MANAGE_USERS


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_do_exactly_what_the_matrix_says(ledger: Ledger, role: Role) -> None:
    base = ledger
    add_users(base)
    led = signed_in(base, role)
    r = refs(base)
    outcome: dict[Permission, bool] = {}
    for permission, probe in PROBES.items():
        events = count_rows(base, "audit_event")
        try:
            probe(base, led, r, role)
        except PermissionDeniedError as exc:
            outcome[permission] = False
            assert exc.permission == permission, f"{permission} refused for {exc.permission}"
            with base.read() as conn:
                last = conn.exec_driver_sql(
                    "SELECT actor, action, entity, after FROM audit_event ORDER BY seq DESC LIMIT 1"
                ).one()
            assert tuple(last[:3]) == (LOGINS[role], "denied", "security")
            assert f'"permission":"{permission}"' in last[3]
            # nothing else was written: only the denial (preparations by the program come before it)
            assert count_rows(base, "audit_event") > events
        else:
            outcome[permission] = True
    assert outcome == {p: p in MATRIX[role] for p in Permission}
    led.close() if led.read_only else None
