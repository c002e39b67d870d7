"""Audit events of format 2 (issue 14) beside the format-1 events an earlier version wrote.

``data/format1_ledger.db.gz`` was written by the program before issue 14 (``make_format1_ledger.py``): every
event is format 1 and May 2026 is closed. Opened by this version it migrates (0005), then gets format-2
events on top; the mixed chain verifies, its closed month reprints byte for byte, and the attacks of the
evidence tests (a changed byte, laundering, a forged row, truncation against an anchor) are found in either
format. All through the real file.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest

from safetywatch.db.migrate import current_revision, head_revision
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import TamperedRecordError
from safetywatch.domain.hazard_loop import HazardAction as A
from safetywatch.exchange import export
from safetywatch.reports import closing
from safetywatch.services.core import audit
from safetywatch.services.core.event_format import canonical_json, companion_key
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.maintenance import backup, integrity
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.queries import audit_trail
from safetywatch.services.reporting import month_close
from tests.faults.tamper import recompute_chain, truncate, unprotected
from tests.helpers import card, raw_sqlite, refs

FORMAT1 = Path(__file__).parent / "data" / "format1_ledger.db.gz"
DOC = Path(__file__).resolve().parents[2] / "docs" / "audit-format.md"
JUNE_3 = dt.datetime(2026, 6, 3, 2, 0, tzinfo=dt.UTC)
FOLLOW_UP = companion_key("hazard_follow_up")


def _open(path: Path) -> Ledger:
    return open_ledger(path, actor="测试员", clock=FixedClock(JUNE_3))


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    path.write_bytes(gzip.decompress(FORMAT1.read_bytes()))
    return path


@pytest.fixture
def mixed(old_file: Path) -> Ledger:
    """The old ledger with format-2 events on top: a step of each open old hazard (its follow-up entry inside
    the step's event) and a new hazard fixed on site (two events). May is closed: its hazards' details can no
    longer be amended, only their loop goes on."""
    ledger = _open(old_file)
    r = refs(ledger)
    hazards.act(ledger, 2, StepInput(A.REPORT_DONE, JUNE_3.date(), person="李工"))
    hazards.register(ledger, card(r, found_date=JUNE_3.date(), fixed_on_site=True))
    hazards.act(ledger, 1, StepInput(A.ISSUE_NOTICE, JUNE_3.date(), person="王队长"))
    return ledger


def _problems(ledger: Ledger) -> list[str]:
    with ledger.read() as conn:
        return [p.message for p in integrity.verify(conn).problems]


def _formats(path: Path) -> dict[int, int]:
    with raw_sqlite(path) as conn:
        return dict(conn.execute("SELECT format, count(*) FROM audit_event GROUP BY format").fetchall())


def _event(path: Path, seq: int) -> dict[str, object]:
    with raw_sqlite(path) as conn:
        conn.row_factory = None
        row = conn.execute(
            "SELECT entity, entity_id, action, before, after, prev_hash FROM audit_event WHERE seq = ?", (seq,)
        ).fetchone()
    entity, entity_id, action, before, after, prev_hash = row
    return {"entity": entity, "id": entity_id, "action": action, "before": before, "after": after, "prev": prev_hash}


def test_a_ledger_written_before_issue_14_migrates_verifies_and_reprints(old_file: Path) -> None:
    with raw_sqlite(old_file) as conn:
        events = conn.execute("SELECT * FROM audit_event ORDER BY seq").fetchall()
    ledger = _open(old_file)
    try:
        assert ledger.backup_made is not None  # the program's backup before migrating
        assert current_revision(ledger.engine) == head_revision()
        assert _formats(old_file) == {1: len(events)}
        with raw_sqlite(old_file) as conn:  # every old event exactly as it was, the format column added
            assert conn.execute("SELECT * FROM audit_event ORDER BY seq").fetchall() == [(*e, 1, None) for e in events]
        assert _problems(ledger) == []
        with ledger.read() as conn:
            row = month_close.closed(conn, "2026-05")
            reprinted = closing.reprint(conn, "2026-05")
        assert row is not None and hashlib.sha256(reprinted.data).hexdigest() == row["pdf_sha256"]
    finally:
        ledger.close()


def test_format_2_events_on_top_of_format_1_verify_and_replay(mixed: Ledger) -> None:
    path = mixed.path
    formats = _formats(path)
    assert set(formats) == {1, 2} and formats[2] == 4  # two steps, the new hazard and its fix
    assert _problems(mixed) == []
    with mixed.read() as conn:
        for table in ("hazard", "hazard_follow_up"):
            for (record_id,) in conn.exec_driver_sql(f"SELECT id FROM {table}"):
                stored = dict(
                    conn.exec_driver_sql(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).mappings().one()
                )
                assert audit.replay(conn, table, record_id) == stored, (table, record_id)
        row = month_close.closed(conn, "2026-05")
        reprinted = closing.reprint(conn, "2026-05")
    assert row is not None and hashlib.sha256(reprinted.data).hexdigest() == row["pdf_sha256"]
    # the follow-up entries made now have no event of their own: their hazard's step event records them
    with raw_sqlite(path) as conn:
        own = conn.execute("SELECT max(entity_id) FROM audit_event WHERE entity = 'hazard_follow_up'").fetchone()[0]
        newest = conn.execute("SELECT max(id) FROM hazard_follow_up").fetchone()[0]
    assert own == 6 and newest == 10


def test_a_format_2_event_keeps_only_what_replay_cannot_restore(mixed: Ledger) -> None:
    with raw_sqlite(mixed.path) as conn:
        seq = conn.execute("SELECT max(seq) FROM audit_event WHERE entity = 'hazard' AND action = 'create'").fetchone()[
            0
        ]
        step = conn.execute("SELECT max(seq) FROM audit_event WHERE action = 'report_done'").fetchone()[0]
    created = _event(mixed.path, seq)
    after = json.loads(str(created["after"]))
    assert created["prev"] == ""  # the link is the previous event's hash column
    assert not {"id", "uuid", "created_at", "updated_at", "version", "voided", "void_reason"} & set(after)
    assert None not in after.values()
    assert after[FOLLOW_UP]["action"] == "register" and "hazard_id" not in after[FOLLOW_UP]
    assert {"id", "uuid"} <= set(after[FOLLOW_UP])
    event = _event(mixed.path, step)
    before, after = json.loads(str(event["before"])), json.loads(str(event["after"]))
    assert before == {"status": "in_rectification"}  # the NULL old values and version/updated_at left out
    assert set(after) == {"status", "rectified_on", FOLLOW_UP}
    with mixed.read() as conn:
        history = audit_trail.record_history(mixed, "hazard_follow_up", int(after[FOLLOW_UP]["id"]))
        stored = dict(
            conn.exec_driver_sql("SELECT * FROM hazard_follow_up WHERE id = ?", (after[FOLLOW_UP]["id"],))
            .mappings()
            .one()
        )
    assert [v.action for v in history] == ["report_done"] and history[0].row == stored and history[0].changed == ()


@pytest.mark.parametrize("fmt", [1, 2])
def test_a_changed_byte_is_found_in_either_format(mixed: Ledger, fmt: int) -> None:
    with raw_sqlite(mixed.path) as conn:
        seq = conn.execute(
            "SELECT max(seq) FROM audit_event WHERE entity = 'hazard' AND format = ? AND before IS NOT NULL", (fmt,)
        ).fetchone()[0]
    with unprotected(mixed.path) as conn:
        conn.execute("UPDATE audit_event SET actor = 'someone else' WHERE seq = ?", (seq,))
    chain = [p for p in _problems(mixed) if f"audit event #{seq} " in p]
    assert chain and "changed after it was written" in chain[0], chain


def test_a_forged_follow_up_entry_is_named(mixed: Ledger) -> None:
    """The entries recorded inside a hazard's events are compared with their rows like any record."""
    with raw_sqlite(mixed.path) as conn:
        conn.execute("UPDATE hazard_follow_up SET person = '王某' WHERE id = 10")
        conn.execute("UPDATE hazard_follow_up SET hazard_id = 1 WHERE id = 9")
    problems = _problems(mixed)
    assert any("hazard_follow_up #10" in p and "person" in p for p in problems), problems
    assert any("hazard_follow_up #9" in p and "hazard_id" in p for p in problems), problems
    with mixed.read() as conn:  # the writer's look-up through the (forged) parent key finds no record of it
        assert audit.replay(conn, "hazard_follow_up", 9) is None


def test_laundering_a_record_created_in_format_1_is_refused_and_found(mixed: Ledger) -> None:
    """Hazard 2 was created and stepped in format 1, then stepped in format 2: its status forged in the file
    is refused at the next step and named by verify."""
    with raw_sqlite(mixed.path) as conn:
        conn.execute("UPDATE hazard SET status = 'accepted' WHERE id = 2")
    with pytest.raises(TamperedRecordError) as refused:
        hazards.act(mixed, 2, StepInput(A.CLOSE, JUNE_3.date()))
    assert "status" in refused.value.columns
    assert any("hazard #2" in p and "status" in p for p in _problems(mixed))


def test_a_laundered_format_2_change_is_found(mixed: Ledger) -> None:
    """The forged value carried into a format-2 event's ``before`` (chain recomputed): verify names it."""
    with raw_sqlite(mixed.path) as conn:
        seq = conn.execute("SELECT max(seq) FROM audit_event WHERE action = 'report_done'").fetchone()[0]
    with unprotected(mixed.path) as conn:
        conn.execute("UPDATE audit_event SET before = ? WHERE seq = ?", ('{"status":"accepted"}', seq))
        recompute_chain(conn)
    problems = _problems(mixed)
    assert any("never recorded" in p and "status: 'in_rectification' → 'accepted'" in p for p in problems), problems


def test_truncation_below_a_backup_of_the_mixed_chain_is_found(mixed: Ledger) -> None:
    made = backup.create(mixed.path, "manual")
    assert made.verified
    head = made.head_seq
    mixed.engine.dispose()
    with unprotected(mixed.path) as conn:
        truncate(conn, head - 3)  # the newest format-2 events gone, the rows put back as they were
    with mixed.read() as conn:
        assert audit.verify_chain(conn).ok  # consistent in itself
        problems = [p.message for p in integrity.verify(conn, db_path=mixed.path).problems]
    assert any(f"#{head}" in p and "removed" in p for p in problems), problems


def test_an_event_whose_content_is_not_json_is_named_not_a_crash(mixed: Ledger) -> None:
    with raw_sqlite(mixed.path) as conn:
        seq = conn.execute("SELECT max(seq) FROM audit_event WHERE action = 'report_done'").fetchone()[0]
    with unprotected(mixed.path) as conn:
        conn.execute("UPDATE audit_event SET after = 'not json' WHERE seq = ?", (seq,))
        recompute_chain(conn)
    problems = _problems(mixed)
    assert any(f"#{seq} (hazard #2) holds content SafetyWatch never writes" in p for p in problems), problems
    with pytest.raises(TamperedRecordError):  # nothing to rest a change on
        hazards.act(mixed, 2, StepInput(A.ACCEPT, JUNE_3.date(), person="张科长"))


def test_a_follow_up_entry_back_dated_into_the_closed_month_is_found(mixed: Ledger) -> None:
    """The entry rides in its hazard's step event, made after May was closed: dating it in May (row and
    event, chain recomputed) is named like any record added to a closed month."""
    with raw_sqlite(mixed.path) as conn:
        seq, after = conn.execute("SELECT seq, after FROM audit_event WHERE action = 'report_done'").fetchone()
    content = json.loads(after)
    entry = content[FOLLOW_UP]
    entry["on_date"] = "2026-05-25"
    with unprotected(mixed.path) as conn:
        conn.execute("UPDATE hazard_follow_up SET on_date = '2026-05-25' WHERE id = ?", (entry["id"],))
        conn.execute("UPDATE audit_event SET after = ? WHERE seq = ?", (canonical_json(content), seq))
        recompute_chain(conn)
    problems = _problems(mixed)
    assert any(f"hazard_follow_up #{entry['id']}" in p and "2026-05" in p for p in problems), problems


def test_the_documented_recipe_recomputes_an_exported_mixed_chain(
    mixed: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/audit-format.md tells an auditor how to recompute a full export in plain Python: it must work on
    both formats, and fail on a changed cell."""
    recipe = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert recipe is not None
    with mixed.read() as conn:
        manifest = export.export(conn, "audit_events", tmp_path / "audit_events.csv")
        head = audit.chain_head(conn)
    assert manifest.rows == sum(_formats(mixed.path).values())
    monkeypatch.chdir(tmp_path)
    exec(compile(recipe.group(1), "audit-format.md", "exec"), {})
    assert capsys.readouterr().out.strip() == f"chain intact; head {head[1]}"
    lines = (tmp_path / "audit_events.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    step = next(i for i, line in enumerate(lines) if ",report_done," in line)
    assert "李工" in lines[step]
    lines[step] = lines[step].replace("李工", "王工")  # the step's person, inside a format-2 snapshot
    (tmp_path / "audit_events.csv").write_text("".join(lines), encoding="utf-8-sig")
    with pytest.raises(AssertionError):
        exec(compile(recipe.group(1), "audit-format.md", "exec"), {})
