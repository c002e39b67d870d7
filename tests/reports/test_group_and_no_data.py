"""Issue 16's report figures on a hand-built group where every figure is known: a second mine with a unit of
the same name (综采一队) that keeps no shift sheets, the network's share of hazards and 三违, figures without
data (无记录) — in the model, the JSON, the CSV and the PDF parsed back."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest
from pypdf import PdfReader

from safetywatch.domain import metrics
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.report_model import MonthlyReport, ReportLayoutError
from safetywatch.reports import closing, formats, monthly_pdf
from safetywatch.services.core.audit import canonical_json
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards, reference, violations
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.services.reporting import allowances, tallies
from tests.helpers import Refs, card, refs

pytestmark = pytest.mark.pg

AT = dt.datetime(2026, 6, 10, 9, 30)


def _codes(ledger: Ledger, kind: str) -> dict[str, int]:
    with ledger.read() as conn:
        return {c.code: c.id for c in reference.choices(conn, kind)}


def _violation(ledger: Ledger, r: Refs, workstation: int, unit: int, inspector: int | None) -> None:
    codes = {kind: _codes(ledger, kind) for kind in ("employment", "violation_type", "violation_severity")}
    violations.register(
        ledger,
        ViolationInput(
            workstation_id=workstation,
            found_date=dt.date(2026, 5, 8),
            shift_id=r.shifts["1"],
            location="井口",
            offender_name="赵六",
            offender_unit_id=unit,
            employment_id=codes["employment"]["ZS"],
            type_id=codes["violation_type"]["ZH"],
            severity_id=codes["violation_severity"]["YB"],
            description="违章",
            stopped_by_kind="inspector" if inspector else "safety",
            stopped_by_id=inspector,
            stopped_by_name="" if inspector else "安监员",
            found_via_id=_codes(ledger, "violation_found_via")["QJY"],
        ),
    )


@pytest.fixture
def group(ledger: Ledger) -> Ledger:
    """本矿 (M01: U01 综采一队 with Q001 and Q002, U02) keeps shift sheets from May: Q001 on 10 shifts, Q002 on
    none. 西岭矿 (M02: U03, also 综采一队, with Q003) keeps none. May's hazards: one in U01 reported by an
    inspector; in U03 one from a squad (network) and one from an administrative inspection. May's 三违: one in
    U01 stopped by Q001, one in U03 stopped by the safety department."""
    r = refs(ledger)
    mine2 = reference.save(ledger, "org_unit", {"code": "M02", "name": "西岭矿", "level": "mine"})
    unit3 = reference.save(
        ledger, "org_unit", {"code": "U03", "name": "综采一队", "level": "unit", "parent_id": str(mine2["id"])}
    )
    station2 = reference.save(
        ledger, "workstation", {"code": "JK02", "name": "西岭矿主井工作站", "mine_id": str(mine2["id"])}
    )
    reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q003",
            "name": "孙七",
            "unit_id": str(unit3["id"]),
            "workstation_id": str(station2["id"]),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
        },
    )
    for day in range(1, 11):
        duty.save_sheet(
            ledger,
            SheetInput(r.workstation, dt.date(2026, 5, day), r.shifts["2"], (Mark(r.inspectors["Q001"]),)),
        )
    hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 3)))
    for source in ("XFD", "XZJC"):
        hazards.register(
            ledger,
            card(
                r,
                found_date=dt.date(2026, 5, 4),
                unit_id=int(unit3["id"]),
                workstation_id=int(station2["id"]),
                source_id=r.sources[source],
                finder_id=None,
                finder_name="检查组",
            ),
        )
    _violation(ledger, r, r.workstation, r.unit1, r.inspectors["Q001"])
    _violation(ledger, r, int(station2["id"]), int(unit3["id"]), None)
    return ledger


def test_the_group_figures_of_a_known_month(group: Ledger) -> None:
    with group.read() as conn:
        report = tallies.report(conn, "2026-05")
        west = tallies.report(conn, "2026-05", "M02")
    month = {f.metric.key: f.month for f in report.summary}
    # duty: only 本矿's inspectors count (西岭矿 kept no sheet): 21 + 21 due, 10 worked
    assert (month["duty_shifts_scheduled"], month["duty_shifts_on"], month["on_duty_rate"]) == (42, 10, 10 / 42)
    assert (month["hazards_found"], month["hazards_found_network"]) == (3, 2)
    assert (month["violations_stopped"], month["violations_stopped_network"]) == (2, 1)
    west_month = {f.metric.key: f.month for f in west.summary}
    assert [west_month[k] for k in metrics.REGISTERS["duty"]] == [None] * 5  # 无记录, not 0 %
    assert (west_month["hazards_found"], west_month["hazards_found_network"], west_month["inspectors_on_roll"]) == (
        2,
        1,
        1,
    )
    assert (west_month["violations_stopped"], west_month["violations_stopped_network"]) == (1, 0)

    units = [(u.mine, u.code, u.name, u.inspectors, u.on_duty_rate) for u in report.tables.by_unit]
    assert units == [
        ("本矿", "U01", "综采一队", 2, 10 / 42),
        ("本矿", "U02", "掘进二队", 0, None),
        ("西岭矿", "U03", "综采一队", 1, None),  # its mine kept no sheets: no rate
    ]
    subtotals = {row.code: row for row in report.tables.by_mine}
    assert list(subtotals) == ["M01", "M02"]
    m01, m02 = subtotals["M01"], subtotals["M02"]
    assert (m01.mine, m01.inspectors, m01.on_duty_rate, m01.hazards_general, m01.violations_command) == (
        "本矿",
        2,
        10 / 42,
        1,
        1,
    )
    assert (m02.inspectors, m02.on_duty_rate, m02.report_rate, m02.hazards_general) == (1, None, None, 2)
    # a single mine's tables stay as they were: no mine, no subtotals
    assert west.tables.by_mine == () and all(u.mine is None for u in west.tables.by_unit)
    assert "by_mine" not in west.to_json()["tables"] and "mine" not in west.to_json()["tables"]["by_unit"][0]

    # allowances: Q003's month is not computed as "all cancelled" — it is not computed
    sheet = report.tables.allowances
    assert [row.employee_no for row in sheet.rows] == ["Q001", "Q002"] and sheet.without_sheets == 1
    assert west.tables.allowances.rows == () and west.tables.allowances.without_sheets == 1
    with group.read() as conn:
        assert {row.employee_no for row in allowances.compute_month(conn, "2026-05")} == {"Q001", "Q002"}


def _pdf_text(report: MonthlyReport, **layout: bool) -> str:
    data = monthly_pdf.render(report.stamped("鑫源集团", AT), **layout).data
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


def test_pdf_json_and_csv_agree_figure_by_figure(group: Ledger) -> None:
    with group.read() as conn:
        report = tallies.report(conn, "2026-05")
    data = json.loads(formats.as_json(report))
    rows = list(csv.reader(io.StringIO(formats.as_csv(report).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == list(data["summary"])
    for row in rows[1:]:
        figures = data["summary"][row[0]]
        for cell, key in zip(row[1:5], ("month", "prev_month", "ytd", "ytd_last_year"), strict=True):
            assert cell == ("" if figures[key] is None else str(figures[key])), (row[0], key)
        if None in (figures["ytd"], figures["ytd_last_year"]):
            assert row[5:] == ["", ""], row[0]  # no change against no data
    text = _pdf_text(report)
    # April and last year: no hazards, no sheets, no 三违 yet — 无记录 with no change, never 0 or "+3"
    assert "查出隐患（条） 3 无记录 3 无记录 — —" in text
    assert "其中群监网员查出 2 无记录 2 无记录 — —" in text
    assert "其中群监网员制止 1 无记录 1 无记录 — —" in text
    assert "上岗率 23.8% 无记录 23.8% 无记录 — —" in text
    assert "在册群监员（人） 3 3 3 3 +0 +0.0%" in text  # the roll is always known
    assert "表2 分单位明细（按矿）" in text
    assert "本矿 综采一队 2 23.8%" in text and "西岭矿 综采一队 1 — —" in text
    assert "本矿 小计 2 23.8%" in text and "西岭矿 小计 1 — — 0 2" in text
    assert "另有 1 名群监员所在矿本月无上岗登记表（无记录），未计算津贴。" in text
    assert "None" not in text and "null" not in text


def test_a_month_closed_before_issue_16_reprints_as_it_was_printed(group: Ledger) -> None:
    """A report stored before issue 16 lacks the network metrics, 表2's mine and subtotals and the allowance
    note, and printed "—" where 表1 now prints 无记录: it is read and reprinted exactly so."""
    with group.read() as conn:
        report = tallies.report(conn, "2026-05").stamped("鑫源集团", AT)
    stored = report.to_json()
    for key in metrics.BY_KEY:
        if metrics.metric(key).since:
            del stored["summary"][key]
    del stored["tables"]["by_mine"]
    del stored["tables"]["allowances"]["without_sheets"]
    for row in stored["tables"]["by_unit"]:
        del row["mine"]
    old = MonthlyReport.from_json(stored)
    assert canonical_json(old.to_json()) == canonical_json(stored)  # stored JSON → model → the same JSON
    printed_then = monthly_pdf.render(old, no_data_before_16=True)
    row = {"month": "2026-05", "report_json": canonical_json(stored), "pdf_sha256": "0"}
    row["pdf_sha256"] = hashlib.sha256(printed_then.data).hexdigest()
    assert closing.reprint_of(row).data == printed_then.data
    text = _pdf_text(old, no_data_before_16=True)
    assert "查出隐患（条） 3 — 3 — — —" in text and "无记录" not in text and "群监网员" not in text
    assert "表2 分单位明细 " in text and "小计" not in text
    # only a metric added since may be missing: an older one missing is a layout this program cannot read
    del stored["summary"]["hazards_found"]
    with pytest.raises(ReportLayoutError, match=r"summary: missing \['hazards_found'\]"):
        MonthlyReport.from_json(stored)


def test_the_source_class_is_kept_in_the_reference_data(group: Ledger) -> None:
    """The seeded sources say which are the network's; a source's 统计归类 is edited like any reference field
    (the reference page shows it), and the report follows it. A wrong class is refused."""
    with group.read() as conn:
        classes = {row["code"]: row["maps_to"] for row in reference.list_rows(conn, "hazard_source")}
    assert classes == {
        "QJY": "network",
        "XFD": "network",
        "ZGDB": "network",
        "XG": "network",
        "JDZ": "network",
        "XZJC": "inspection",
        "SJJC": "inspection",
    }
    with group.read() as conn:
        row = next(r for r in reference.list_rows(conn, "hazard_source") if r["code"] == "XZJC")
    values = {"code": "XZJC", "name": "行政检查", "maps_to": "network", "valid_from": str(row["valid_from"])}
    with pytest.raises(ValidationError):
        reference.save(group, "hazard_source", {**values, "maps_to": "admin"}, row_id=int(row["id"]), reason="归类")
    reference.save(group, "hazard_source", values, row_id=int(row["id"]), reason="按群监网统计")
    with group.read() as conn:
        assert tallies.report(conn, "2026-05").figures("hazards_found_network").month == 3


def test_network_share_is_unknown_while_no_source_is_classified(group: Ledger) -> None:
    """A database from before issue 16 has sources without 统计归类: the share is 无记录 until they get one."""
    with group.read() as conn:
        rows = list(reference.list_rows(conn, "hazard_source"))
    for row in rows:
        values = {"code": str(row["code"]), "name": str(row["name"]), "valid_from": str(row["valid_from"])}
        reference.save(group, "hazard_source", values, row_id=int(row["id"]), reason="旧库无归类")
    with group.read() as conn:
        report = tallies.report(conn, "2026-05")
    assert report.figures("hazards_found_network").month is None
    assert report.figures("hazards_found").month == 3
    assert report.figures("violations_stopped_network").month == 1  # the stopper is on every 三违
