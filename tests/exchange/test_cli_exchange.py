"""The command-line contract of export, import and verify --manifest (real subprocesses): exit codes 0 ok,
1 verification or validation failure, 2 usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange.conftest import Source
from tests.test_cli import run_cli


@pytest.mark.slow  # eight program starts
def test_export_verify_and_import_on_the_command_line(source: Source, tmp_path: Path) -> None:
    db = str(source.ledger.path)
    out = tmp_path / "out" / "h.csv"
    done = run_cli(
        "export", "--db", db, "--what", "hazards", "--from", "2026-05-01", "--to", "2026-05-31", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "rows written" in done.stdout and "chain head seq" in done.stdout
    manifest = str(out) + ".manifest.json"
    ok = run_cli("verify", "--manifest", manifest, "--db", db)
    assert ok.returncode == 0 and "OK" in ok.stdout, ok.stdout + ok.stderr

    out.write_bytes(out.read_bytes().replace(b"\r\n", b"\n", 1))
    tampered = run_cli("verify", "--manifest", manifest)
    assert tampered.returncode == 1 and "FAILED" in tampered.stdout

    target = tmp_path / "new.db"
    refs = tmp_path / "org.csv"
    assert run_cli("export", "--db", db, "--what", "org_units", "--out", str(refs)).returncode == 0
    imported = run_cli("import", "--db", str(target), "--new", "--what", "org_units", str(refs), "--operator", "张三")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "created 3 org_units records" in imported.stdout
    broken = run_cli("import", "--db", str(target), "--what", "hazards", str(out), "--operator", "张三")
    assert broken.returncode == 1 and "ERROR line 2" in broken.stdout and "nothing was imported" in broken.stdout


@pytest.mark.slow  # five program starts
def test_usage_errors(source: Source, tmp_path: Path) -> None:
    db = str(source.ledger.path)
    no_manifest = run_cli("verify", "--manifest", str(tmp_path / "none.json"))
    assert no_manifest.returncode == 2
    no_date = run_cli(
        "export", "--db", db, "--what", "inspectors", "--from", "2026-01-01", "--out", str(tmp_path / "i.csv")
    )
    assert no_date.returncode == 2 and "no event date" in no_date.stderr
    bad_kind = run_cli("export", "--db", db, "--what", "hazardz", "--out", str(tmp_path / "x.csv"))
    assert bad_kind.returncode == 2 and "invalid choice" in bad_kind.stderr
    no_db = run_cli("import", "--db", str(tmp_path / "none.db"), "--what", "hazards", db, "--operator", "x")
    assert no_db.returncode == 2 and "--new" in no_db.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.slow  # six program starts
def test_chinese_headers_by_default_keys_on_request_and_xlsx_import(source: Source, tmp_path: Path) -> None:
    db = str(source.ledger.path)
    labels, keys, book = tmp_path / "org.csv", tmp_path / "org_keys.csv", tmp_path / "org.xlsx"
    assert run_cli("export", "--db", db, "--what", "org_units", "--out", str(labels)).returncode == 0
    assert run_cli("export", "--db", db, "--what", "org_units", "--keys", "--out", str(keys)).returncode == 0
    assert labels.read_text(encoding="utf-8-sig").startswith("代码,名称,层级,")
    assert "区队/科室" in labels.read_text(encoding="utf-8-sig").splitlines()[2].split(",")  # the level label
    assert keys.read_text(encoding="utf-8-sig").startswith("code,name,level,")
    assert '"headers": "keys"' in Path(str(keys) + ".manifest.json").read_text(encoding="utf-8")
    assert run_cli("export", "--db", db, "--what", "org_units", "--out", str(book)).returncode == 0
    target = str(tmp_path / "new.db")
    dry = run_cli(
        "import", "--db", target, "--new", "--what", "org_units", str(book), "--operator", "张三", "--dry-run"
    )
    assert dry.returncode == 0 and "would create 3 org_units records" in dry.stdout, dry.stdout + dry.stderr
    assert "(xlsx;" in dry.stdout
    done = run_cli("import", "--db", target, "--new", "--what", "org_units", str(labels), "--operator", "张三")
    assert done.returncode == 0 and "org_units records" in done.stdout, done.stdout + done.stderr
    again = run_cli("import", "--db", target, "--what", "org_units", str(book), "--operator", "张三")
    assert again.returncode == 0 and "created 0 org_units records; 3 already present" in again.stdout
