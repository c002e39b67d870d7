"""Attacks through the program's own command line (issue 13 §3 and §6): acting without a log-in on a database
with accounts, fabricated records, and hostile manifests. Each runs the real program on real files."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.maintenance import backup
from tests.account_helpers import accounts_in_use
from tests.helpers import card, refs
from tests.test_cli_login import run_cli, sha256


def hazards_count(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM hazard").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.slow  # two program starts
def test_restore_refuses_a_made_up_operator(ledger: Ledger, tmp_path: Path) -> None:
    """Attack: ``restore --operator boss`` wrote whatever name was typed into the restored ledger's audit log."""
    accounts_in_use(ledger)
    copy = backup.create(ledger.path, "manual", target=tmp_path / "copy.db").path
    target = tmp_path / "restored.db"

    boss = run_cli("restore", "--from", copy, "--db", target, "--operator", "boss", "--password-stdin", stdin="x\n")
    assert boss.returncode == 1 and "Log-in failed" in boss.stderr, boss.stdout + boss.stderr
    assert not target.exists() and not list(tmp_path.glob("restored.db-*"))


@pytest.mark.slow  # three program starts
def test_demo_never_fills_a_database_with_accounts(ledger: Ledger) -> None:
    """Attack: ``demo`` filled an account-protected ledger with fabricated records that verify called OK."""
    accounts_in_use(ledger)
    ledger.close()
    before = sha256(ledger.path)
    for force in ((), ("--force",)):
        refused = run_cli("demo", "--db", ledger.path, "--scale", "tiny", *force)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "user accounts" in refused.stderr and "Traceback" not in refused.stderr
        assert sha256(ledger.path) == before
    assert hazards_count(ledger.path) == 0


@pytest.mark.slow  # two program starts
def test_demo_refuses_a_database_with_records_of_any_kind(ledger: Ledger) -> None:
    """A ledger without hazards but with shift sheets is not empty: demo records would mix with them."""
    r = refs(ledger)
    marks = (Mark(r.inspectors["Q001"]),)
    duty.save_sheet(ledger, SheetInput(r.workstation, dt.date(2026, 6, 9), r.shifts["1"], marks))
    ledger.close()
    before = sha256(ledger.path)
    for force in ((), ("--force",)):  # --force once let demo records in beside hazards; it no longer does
        refused = run_cli("demo", "--db", ledger.path, "--scale", "tiny", *force)
        assert refused.returncode == 1 and "already holds 1 records" in refused.stderr, refused.stderr
        assert sha256(ledger.path) == before
    assert "--force no longer has an effect" in refused.stderr


# --- hostile manifests ------------------------------------------------------------------------------


@pytest.fixture
def exported(ledger: Ledger, tmp_path: Path) -> tuple[Path, Path]:
    """(database, manifest) of a real export of one hazard."""
    from safetywatch.exchange import export

    hazards.register(ledger, card(refs(ledger)))
    out = tmp_path / "hazards.csv"
    with ledger.read() as conn:
        export.export(conn, "hazards", out)
    ledger.close()
    return ledger.path, export.manifest_path(out)


def _rewrite(manifest: Path, **changes: object) -> dict[str, object]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data.update(changes)
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


@pytest.mark.slow  # two program starts each
@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", ".."])
def test_a_manifest_naming_a_path_is_refused_without_opening_it(exported: tuple[Path, Path], name: str) -> None:
    """Attack: a manifest whose ``file`` leads out of its folder (or crashed the check with a traceback)."""
    db, manifest = exported
    _rewrite(manifest, file=name)
    for extra in ((), ("--db", db)):
        result = run_cli("verify", "--manifest", manifest, *extra)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr and "FAILED" in result.stdout + result.stderr
        assert "file name" in result.stdout, result.stdout


@pytest.mark.parametrize(
    "anchor",
    [[41, "abc"], "seq 41", {"seq": "41", "hash": "x"}, {"seq": 4.0, "hash": "x"}, {"seq": True, "hash": "x"}, {}],
    ids=["list", "text", "seq-text", "seq-float", "seq-bool", "empty"],
)
def test_a_manifest_with_a_malformed_chain_anchor_is_refused(exported: tuple[Path, Path], anchor: object) -> None:
    """Attack: an anchor whose sequence is not a whole number was silently not checked (verify said OK)."""
    db, manifest = exported
    _rewrite(manifest, audit_chain_head=anchor)
    result = run_cli("verify", "--manifest", manifest, "--db", db)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "audit_chain_head" in result.stdout, result.stdout + result.stderr
