"""The command-line contract: exit codes and what `verify` reports (run as a real subprocess)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "safetywatch", *args], capture_output=True, text=True, timeout=300, env=full_env
    )


def _one_hazard(ledger: Ledger) -> dict[str, object]:
    with ledger.read() as conn:
        first = {
            k: reference.choices(conn, k)[0].id
            for k in ("workstation", "hazard_source", "shift", "hazard_category", "hazard_nature", "hazard_level")
        }
        unit = reference.org_units(conn, "unit")[0].id
    return hazards.register(
        ledger,
        hazards.HazardInput(
            workstation_id=first["workstation"],
            source_id=first["hazard_source"],
            found_date=dt.date(2026, 6, 1),
            shift_id=first["shift"],
            finder_name="李四",
            unit_id=unit,
            location="1201工作面",
            description="顶板离层",
            category_id=first["hazard_category"],
            nature_id=first["hazard_nature"],
            level_id=first["hazard_level"],
            rectify_person="赵六",
            measures="加强支护",
        ),
    )


def test_verify_ok_then_catches_a_row_edited_behind_the_programs_back(ledger: Ledger) -> None:
    hazard = _one_hazard(ledger)
    ledger.close()
    ok = run_cli("verify", "--db", str(ledger.path))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "OK" in ok.stdout and "chain head: seq" in ok.stdout

    raw = sqlite3.connect(ledger.path)
    raw.execute("UPDATE hazard SET location = '别处' WHERE id = ?", (hazard["id"],))
    raw.commit()
    raw.close()
    bad = run_cli("verify", "--db", str(ledger.path))
    assert bad.returncode == 1
    assert f"hazard #{hazard['id']} ({hazard['number']})" in bad.stdout
    assert "location" in bad.stdout and "别处" in bad.stdout


def test_verify_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    fake = tmp_path / "notes.db"
    fake.write_text("这不是数据库", encoding="utf-8")
    result = run_cli("verify", "--db", str(fake))
    assert result.returncode == 1
    assert "not a SafetyWatch database" in result.stderr
    assert fake.read_text(encoding="utf-8") == "这不是数据库"  # left exactly as it was


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("verify", "--db", str(tmp_path / "missing.db")).returncode == 2
    assert run_cli("demo", "--years", "0", "--db", str(tmp_path / "x.db")).returncode == 2
    assert run_cli("--no-such-flag").returncode == 2
    future = run_cli("demo", "--until", "2999-01-01", "--db", str(tmp_path / "x.db"))
    assert future.returncode == 2 and "in the future" in future.stderr
    assert not (tmp_path / "x.db").exists()


def test_environment_variable_names_the_database(ledger: Ledger, tmp_path: Path) -> None:
    ledger.close()
    result = run_cli("verify", env={"SAFETYWATCH_DB": str(ledger.path)})
    assert result.returncode == 0, result.stderr
    assert str(ledger.path) in result.stdout


def test_self_test_opens_every_page_offscreen(tmp_path: Path) -> None:
    result = run_cli("--self-test", env={"SAFETYWATCH_CONFIG_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test OK: 13 pages" in result.stdout
    assert "setTabOrder" not in result.stderr
    english = run_cli(
        "--self-test", "--lang", "en", "--db", str(tmp_path / "en.db"), env={"SAFETYWATCH_CONFIG_DIR": str(tmp_path)}
    )
    assert english.returncode == 0, english.stderr
    assert (tmp_path / "en.db").exists()


def test_self_test_refuses_a_damaged_database_and_leaves_it_alone(tmp_path: Path) -> None:
    damaged = tmp_path / "half.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"\xff" * 3000)
    before = damaged.read_bytes()
    result = run_cli("--self-test", "--db", str(damaged), env={"SAFETYWATCH_CONFIG_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "self-test FAILED" in result.stderr and "已损坏" in result.stderr  # the GUI speaks Chinese
    assert damaged.read_bytes() == before


def test_report_json_and_csv_agree_and_name_bad_input(ledger: Ledger, tmp_path: Path) -> None:
    import csv
    import json

    from safetywatch.services.kinds import hazards
    from tests.helpers import card, refs

    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 5, 3)))
    ledger.close()
    out = tmp_path / "reports" / "may.json"
    result = run_cli("report", "--db", str(ledger.path), "--month", "2026-05", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    # April and last year come before the first hazard: no data (null), not 0
    assert report["summary"]["hazards_found"] == {"month": 1, "prev_month": None, "ytd": 1, "ytd_last_year": None}
    assert report["period"]["label"] == "2026-05" and report["audit_anchor"]["seq"] > 0
    sheet = tmp_path / "may.csv"
    result = run_cli("report", "--db", str(ledger.path), "--month", "2026-05", "--format", "csv", "--out", str(sheet))
    assert result.returncode == 0, result.stderr
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel/WPS
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert ["hazards_found", "1", "", "1", "", "", ""] in rows  # no data: empty, and no change against it
    bad_month = run_cli("report", "--db", str(ledger.path), "--month", "2026-5", "--out", str(out))
    assert bad_month.returncode == 2 and "YYYY-MM" in bad_month.stderr
    bad_scope = run_cli("report", "--db", str(ledger.path), "--month", "2026-05", "--scope", "X9", "--out", str(out))
    assert bad_scope.returncode == 1 and "X9" in bad_scope.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == report  # a failed run leaves the old file alone
    missing = run_cli("report", "--db", str(tmp_path / "none.db"), "--month", "2026-05", "--out", str(out))
    assert missing.returncode == 2 and "no database" in missing.stderr


def test_report_pdf(ledger: Ledger, tmp_path: Path) -> None:
    ledger.close()  # created on 2026-06-10 with no records: June is its first month, zero is the truth
    out = tmp_path / "june.pdf"
    result = run_cli("report", "--db", str(ledger.path), "--month", "2026-06", "--format", "pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF") and not list(tmp_path.glob(".june.pdf.*"))  # no temporary left


def test_close_month_then_reprint_byte_identically(ledger: Ledger, tmp_path: Path) -> None:
    ledger.close()
    closed = tmp_path / "may-closed.pdf"
    result = run_cli(
        "close-month", "--db", str(ledger.path), "--month", "2026-05", "--out", str(closed), "--operator", "张科长"
    )
    assert result.returncode == 0, result.stderr
    reprint = tmp_path / "may-again.pdf"
    result = run_cli("report", "--db", str(ledger.path), "--month", "2026-05", "--format", "pdf", "--out", str(reprint))
    assert result.returncode == 0, result.stderr
    assert reprint.read_bytes() == closed.read_bytes()
    again = run_cli(
        "close-month", "--db", str(ledger.path), "--month", "2026-05", "--out", str(closed), "--operator", "张科长"
    )
    assert again.returncode == 1 and "already closed" in again.stderr


def test_report_format_follows_the_file_suffix(ledger: Ledger, tmp_path: Path) -> None:
    ledger.close()
    for name, start in (("june.pdf", b"%PDF"), ("june.csv", b"\xef\xbb\xbf"), ("june.txt", b"{")):
        result = run_cli("report", "--db", str(ledger.path), "--month", "2026-06", "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).read_bytes().startswith(start), name


def test_backup_and_restore_commands(ledger: Ledger, tmp_path: Path) -> None:
    _one_hazard(ledger)
    ledger.close()
    out = tmp_path / "copies" / "ledger-copy.db"
    made = run_cli("backup", "--db", str(ledger.path), "--out", str(out))
    assert made.returncode == 0, made.stdout + made.stderr
    assert "verified" in made.stdout and "chain head: seq" in made.stdout
    assert out.exists() and out.with_name(out.name + ".json").exists()
    into_folder = run_cli("backup", "--db", str(ledger.path))
    assert into_folder.returncode == 0, into_folder.stderr
    listed = run_cli("backup", "--list", "--db", str(ledger.path))
    assert listed.returncode == 0 and "manual" in listed.stdout and "verified" in listed.stdout

    target = tmp_path / "restored.db"
    restored = run_cli("restore", "--from", str(out), "--db", str(target), "--operator", "管理员")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert run_cli("verify", "--db", str(target)).returncode == 0
    again = run_cli("restore", "--from", str(out), "--db", str(target))
    assert again.returncode == 2 and "restored only into a new file" in again.stderr
    in_place = run_cli("restore", "--from", str(out), "--db", str(ledger.path))
    assert in_place.returncode == 2


def test_demo_progress_is_one_line_per_simulated_month_with_the_time_left(tmp_path: Path) -> None:
    result = run_cli("demo", "--db", str(tmp_path / "demo.db"), "--scale", "tiny", "--until", "2026-03-31")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    months = [line.split()[0] for line in lines]
    expected = [f"2025-{m:02d}" for m in range(4, 13)] + ["2026-01", "2026-02", "2026-03"]
    assert months == expected, result.stderr
    assert "day 30/365" in lines[0] and "to go" in lines[0], lines[0]
    assert "day 365/365" in lines[-1] and "about 0 s to go" in lines[-1], lines[-1]
