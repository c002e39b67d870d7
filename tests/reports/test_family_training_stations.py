"""Issue 16 §3 in the monthly report: family work by kind with participants and by mine, inspector training,
stations set up and restored — the same figures in the JSON, the CSV and the PDF, and per mine at group scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pypdf
import pytest

from safetywatch.domain.metrics import REGISTERS
from safetywatch.reports import generate
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import family, reference, training
from safetywatch.services.kinds.family import FamilyInput
from safetywatch.services.kinds.training import TrainingInput
from tests.helpers import refs

pytestmark = pytest.mark.pg

KEYS = (*REGISTERS["family"], *REGISTERS["training"], *REGISTERS["workstation"])


def _may(ledger: Ledger) -> dict[str, int]:
    """A May with a second mine (M02, with its own unit and inspector): every figure known by hand."""
    r = refs(ledger)
    group = reference.save(ledger, "org_unit", {"code": "G01", "name": "集团", "level": "group"})
    with ledger.read() as conn:  # M01 goes under the group
        row = conn.exec_driver_sql("SELECT * FROM org_unit WHERE id = ?", (r.mine,)).one()._mapping
    values = {k: str(row[k] or "") for k in ("code", "name", "level", "active_from", "active_to")}
    reference.save(ledger, "org_unit", {**values, "parent_id": str(group["id"])}, row_id=r.mine, reason="归集团")
    m02 = reference.save(
        ledger, "org_unit", {"code": "M02", "name": "二矿", "level": "mine", "parent_id": str(group["id"])}
    )
    u21 = reference.save(
        ledger, "org_unit", {"code": "U21", "name": "二矿综采队", "level": "unit", "parent_id": str(m02["id"])}
    )
    reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q201",
            "name": "赵云",
            "unit_id": str(u21["id"]),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2024-01-01",
        },
    )
    day = dt.date(2026, 5, 12)
    family.record(
        ledger, FamilyInput(day, "home_visit", "刘大姐", "张三", "worry", "情绪低落", participants=2, mine_id=r.mine)
    )
    family.record(ledger, FamilyInput(day, "conflict", "陈大姐", participants=4, mine_id=r.mine))
    family.record(ledger, FamilyInput(day, "pithead", "女工委", participants=30, mine_id=m02["id"]))
    gone = family.record(ledger, FamilyInput(day, "forum", "女工委", participants=50, mine_id=m02["id"]))
    family.void(ledger, gone["id"], "重复录入")
    # a group session attended by both mines' inspectors, and one of M02's own
    training.record(ledger, TrainingInput(day, "三违识别", 3, "王工", group["id"], "Q001 Q002 Q201"))
    training.record(ledger, TrainingInput(dt.date(2026, 5, 20), "自救器", 2, "救护队", m02["id"], "Q201"))
    station = reference.save(
        ledger,
        "workstation",
        {"code": "JK21", "name": "二矿主井", "mine_id": str(m02["id"]), "opened_on": "2026-05-03"},
    )
    reference.close_workstation(ledger, r.workstation, dt.date(2026, 4, 1), "井口改造")
    reference.reopen_workstation(ledger, r.workstation, dt.date(2026, 5, 18), "改造完成")
    assert station["id"]
    return {
        "family_visits": 1,
        "family_visits_violation": 0,
        "family_visits_worry": 1,
        "family_conflicts": 1,
        "family_forums": 0,
        "family_pithead": 1,
        "family_participants": 36,
        "training_sessions": 2,
        "training_hours": 5,
        "training_person_times": 4,
        "training_inspectors": 3,
        "workstations_new": 1,
        "workstations_restored": 1,
    }


def test_json_csv_and_pdf_carry_the_same_figures(ledger: Ledger) -> None:
    expected = _may(ledger)
    with ledger.read() as conn:
        as_json = json.loads(generate.monthly_report(conn, "2026-05", fmt="json").data)
        as_csv = generate.monthly_report(conn, "2026-05", fmt="csv").data.decode("utf-8-sig")
        as_pdf = generate.monthly_report(conn, "2026-05", fmt="pdf", generated_at=dt.datetime(2026, 6, 2, 9, 0))
    assert {k: as_json["summary"][k]["month"] for k in KEYS} == expected
    rows = {row[0]: row for row in csv.reader(io.StringIO(as_csv))}
    assert {k: int(rows[k][1]) for k in KEYS} == expected
    # 表1's cells, as the PDF's text gives them: a label, then 本月 (and the other columns) below it
    cells = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(as_pdf.data)).pages).splitlines()
    printed = {
        f.metric.key: cells[cells.index(f.metric.chinese) + 1] for f in as_pdf.report.summary if f.metric.key in KEYS
    }
    assert printed == {k: str(v) for k, v in expected.items()}


def test_each_mine_counts_its_own_and_the_group_adds_them_up(ledger: Ledger) -> None:
    _may(ledger)
    with ledger.read() as conn:
        scopes = {
            code: json.loads(generate.monthly_report(conn, "2026-05", code, fmt="json").data)["summary"]
            for code in ("M01", "M02", "G01", "U21")
        }
    month = {code: {k: s[k]["month"] for k in KEYS} for code, s in scopes.items()}
    assert (month["M01"]["family_visits"], month["M01"]["family_conflicts"], month["M01"]["family_pithead"]) == (
        1,
        1,
        0,
    )
    assert (month["M02"]["family_pithead"], month["M02"]["family_participants"]) == (1, 30)
    # the group's session counts where it was organised; its attendances where the inspectors are
    assert (month["M01"]["training_sessions"], month["M01"]["training_person_times"]) == (0, 2)
    assert (
        month["M02"]["training_sessions"],
        month["M02"]["training_hours"],
        month["M02"]["training_person_times"],
    ) == (1, 2, 2)
    assert month["M02"]["training_inspectors"] == 1
    assert (month["M01"]["workstations_restored"], month["M02"]["workstations_new"]) == (1, 1)
    assert month["G01"] == {
        k: month["M01"][k] + month["M02"][k]
        for k in KEYS
        if k not in ("training_sessions", "training_hours", "training_inspectors")
    } | {"training_sessions": 2, "training_hours": 5, "training_inspectors": 3}
    assert month["U21"]["family_visits"] is None and month["U21"]["workstations_new"] is None  # below a mine
    assert month["U21"]["training_person_times"] == 2
