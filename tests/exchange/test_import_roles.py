"""An import writes as the signed-in user: every write passes the permission matrix with their role, and
the events name them. Real accounts, real files, no mocks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from safetywatch.domain.errors import PermissionDeniedError
from safetywatch.domain.permissions import Permission, Role
from safetywatch.exchange import importer
from safetywatch.exchange.columns import KINDS
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance.opening import open_ledger
from tests.account_helpers import LOGINS, add_users, signed_in
from tests.exchange.conftest import Source
from tests.exchange.test_import import ORDER, _export_all
from tests.helpers import count_rows


@pytest.fixture(scope="module")
def exported(source: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _export_all(source.ledger, tmp_path_factory.mktemp("exported"))


@pytest.fixture
def target(empty_target: Ledger) -> Ledger:
    """An empty database (``import --new``) with one account per role: a file, and on PostgreSQL."""
    add_users(empty_target)
    return empty_target


def _last_event(ledger: Ledger) -> tuple[str, str, str, dict[str, str]]:
    with ledger.read() as conn:
        actor, action, entity, after = conn.exec_driver_sql(
            "SELECT actor, action, entity, after FROM audit_event ORDER BY seq DESC LIMIT 1"
        ).one()
    return actor, action, entity, json.loads(after)


def test_an_officer_imports_everything_as_themselves(exported: dict[str, Path], target: Ledger) -> None:
    officer = signed_in(target, Role.SAFETY_OFFICER)
    before = count_rows(target, "audit_event")
    for kind in ORDER:
        report = importer.import_file(officer, kind, exported[kind])
        assert report.ok and report.written, (kind, [str(e) for e in report.errors])
    with target.read() as conn:
        actors = conn.exec_driver_sql("SELECT DISTINCT actor FROM audit_event WHERE seq > ?", (before,)).scalars()
        follow_up_actors = conn.exec_driver_sql("SELECT DISTINCT actor FROM hazard_follow_up").scalars()
        assert set(actors) == {LOGINS[Role.SAFETY_OFFICER]}
        assert set(follow_up_actors) == {LOGINS[Role.SAFETY_OFFICER]}
        marker = conn.exec_driver_sql("SELECT count(*) FROM app_setting WHERE key = 'seeded'").scalar_one()
    # no settings write during the import (an officer may not change settings), and yet opening the file
    # again does not seed the defaults over the imported reference data
    assert marker == 0
    units = count_rows(target, "org_unit")
    again = open_ledger(target.target, clock=target.clock)
    try:
        assert count_rows(again, "org_unit") == units
        assert count_rows(again, "lookup_item") == len(_rows(exported["lookups"]))
    finally:
        again.engine.dispose()


def test_a_clerk_cannot_import(exported: dict[str, Path], target: Ledger) -> None:
    clerk = signed_in(target, Role.CLERK)
    with pytest.raises(PermissionDeniedError) as refused:
        importer.import_file(clerk, "org_units", exported["org_units"])
    assert refused.value.permission == Permission.IMPORT
    assert _last_event(target)[:3] == (LOGINS[Role.CLERK], "denied", "security")
    assert count_rows(target, "org_unit") == 0


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def _through_the_write_path(
    ledger: Ledger, kind: str, path: Path, limits: importer.Limits | None = None
) -> importer.ImportReport:
    """The import's writing half (past its IMPORT check): what the Writer lets the role write."""
    report, rows = importer.read_file(kind, path)
    assert report.ok
    importer.import_rows(ledger, KINDS[kind], rows, report, limits=limits)
    return report


@pytest.mark.parametrize(
    "limits", [None, importer.Limits(direct_rows=0, staged_rows_per_mib=0)], ids=["direct", "staged"]
)
def test_the_writer_refuses_a_clerks_reference_rows_in_an_import(
    exported: dict[str, Path], target: Ledger, limits: importer.Limits | None
) -> None:
    clerk = signed_in(target, Role.CLERK)
    with pytest.raises(PermissionDeniedError) as refused:
        _through_the_write_path(clerk, "org_units", exported["org_units"], limits)
    assert (refused.value.permission, refused.value.table) == (Permission.EDIT_REFERENCE, "org_unit")
    actor, action, _, after = _last_event(target)
    assert (actor, action, after["table"]) == (LOGINS[Role.CLERK], "denied", "org_unit")
    assert count_rows(target, "org_unit") == 0


def test_a_clerk_cannot_import_a_step_a_clerk_may_not_enter(
    source: Source, exported: dict[str, Path], target: Ledger, tmp_path: Path
) -> None:
    officer = signed_in(target, Role.SAFETY_OFFICER)
    for kind in ORDER[:8]:
        assert importer.import_file(officer, kind, exported[kind]).ok
    clerk = signed_in(target, Role.CLERK)
    # a closed hazard's replay accepts and closes it: a safety officer's steps
    with pytest.raises(PermissionDeniedError) as refused:
        _through_the_write_path(clerk, "hazards", exported["hazards"])
    assert (refused.value.permission, refused.value.table) == (Permission.ACCEPT_CLOSE_HAZARDS, "hazard")
    assert count_rows(target, "hazard") == 0
    # what a clerk may enter (registration, notice, extension, void) passes the same write path
    rows = [r for r in _rows(exported["hazards"]) if r["status"] not in ("accepted", "closed")]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, KINDS["hazards"].names, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "open.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    report = _through_the_write_path(clerk, "hazards", path)
    assert report.ok and report.written and report.created == len(rows)
    assert _last_event(target)[:3] == (LOGINS[Role.CLERK], "import", "import")
