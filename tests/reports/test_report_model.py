"""The typed report model: a month closed through the services keeps its report as JSON that rebuilds the
same model and the same JSON, and reprints the very PDF of the close; a stored report the program cannot read
is refused with a clear message, never half-printed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.metrics import METRICS, metric
from safetywatch.domain.report_model import MetricFigures, MonthlyReport, ReportLayoutError
from safetywatch.reports import closing, formats, generate, monthly_pdf
from safetywatch.services.core.audit import canonical_json
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import demo
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.reporting import allowances, month_close, tallies

AT = dt.datetime(2026, 6, 3, 16, 40, 27)


@pytest.fixture
def history(tmp_path: Path) -> Ledger:
    """A year of the tiny demo mine up to 10 June 2026: every table of the report has rows."""
    ledger = open_ledger(
        tmp_path / "demo.db", actor="张科长", clock=FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    )
    demo.generate(ledger, scale="tiny", years=1, seed=1)
    return ledger


def test_a_closed_month_round_trips_and_reprints_byte_for_byte(history: Ledger) -> None:
    ledger = history
    closing.close_month(ledger, "2026-04", generated_at=AT - dt.timedelta(days=30))
    month_close.adjust(ledger, "2026-04", "2026-05", "表1 查出隐患", "应为 18 条", "漏登一条")
    allowances.approve(ledger, "2026-05", dt.date(2026, 6, 2))
    row, printed = closing.close_month(ledger, "2026-05", generated_at=AT, analysis="  顶板管理仍是重点 <b>&</b> ")
    with ledger.read() as conn:
        stored = month_close.closed(conn, "2026-05")
        counted = tallies.report(conn, "2026-05")
    assert stored is not None and stored["report_json"] == row["report_json"]

    report = MonthlyReport.from_json(json.loads(stored["report_json"]))
    assert canonical_json(report.to_json()) == stored["report_json"]  # stored JSON → model → the same JSON
    assert report == month_close.stored_report(stored)
    tables = report.tables
    assert all((tables.by_unit, tables.by_workstation, tables.overdue, tables.major_hazards, tables.repeat_offenders))
    assert tables.allowances.approved is not None and tables.allowances.rows and report.trend and report.by_category
    assert [c.subject for c in report.corrections] == ["表1 查出隐患"]
    assert report.same_figures(counted) and report.audit_anchor.seq > 0
    assert (report.organisation, report.generated_at, report.analysis) == (
        "东山煤矿",
        AT.replace(second=0),
        "顶板管理仍是重点 <b>&</b>",
    )

    with ledger.read() as conn:
        again = closing.reprint(conn, "2026-05")
        as_json = generate.monthly_report(conn, "2026-05", fmt="json")
    assert again.data == printed.data == monthly_pdf.render(report).data
    assert hashlib.sha256(again.data).hexdigest() == stored["pdf_sha256"]
    assert json.loads(as_json.data) == json.loads(stored["report_json"])

    # a month closed before reports carried their stamp: organisation and time come from the row's columns
    unstamped = report._replace(organisation=None, generated_at=None).to_json()
    assert "generated_at" not in unstamped and "organisation" not in unstamped
    old_row = dict(stored, report_json=canonical_json(unstamped))
    assert closing.reprint_of(old_row).data == printed.data


def test_a_stored_report_the_program_cannot_read_is_refused_clearly(history: Ledger) -> None:
    closing.close_month(history, "2026-05", generated_at=AT)
    with history.read() as conn:
        row = month_close.closed(conn, "2026-05")
    assert row is not None
    data = json.loads(row["report_json"])
    del data["tables"]["overdue"]
    with pytest.raises(ReportLayoutError, match=r"tables: missing \['overdue'\]"):
        closing.reprint_of(dict(row, report_json=json.dumps(data)))
    data = json.loads(row["report_json"])
    data["summary"]["hazards_found"]["next_year"] = 1
    with pytest.raises(SafetyWatchError, match=r"hazards_found: missing \[\], unknown \['next_year'\]"):
        MonthlyReport.from_json(data)
    data = json.loads(row["report_json"])
    data["tables"]["by_unit"][0]["colour"] = "red"
    with pytest.raises(ReportLayoutError, match=r"by_unit: missing \[\], unknown \[.colour.\]"):
        MonthlyReport.from_json(data)
    data = json.loads(row["report_json"])
    data["period"]["month"]["start"] = "2026-13-01"
    with pytest.raises(ReportLayoutError, match="month: not a date or time: '2026-13-01'"):
        MonthlyReport.from_json(data)
    # the figures themselves are printed as stored: a changed figure gives another PDF, which the hash refuses
    data = json.loads(row["report_json"])
    data["summary"]["hazards_found"]["month"] += 1
    with pytest.raises(SafetyWatchError, match="differs from the report printed at its close"):
        closing.reprint_of(dict(row, report_json=json.dumps(data)))


def test_the_summary_follows_the_declared_metrics(history: Ledger) -> None:
    with history.read() as conn:
        report = tallies.report(conn, "2026-05")
    assert [figures.metric for figures in report.summary] == list(METRICS)
    assert list(report.to_json()["summary"]) == [m.key for m in METRICS]
    rows = formats.csv_rows(report)
    assert [row[0] for row in rows[1:]] == [m.key for m in METRICS]
    assert rows[0] == ["metric", "month", "prev_month", "ytd", "ytd_last_year", "yoy_change", "yoy_percent"]


def test_year_on_year_change_and_stamp() -> None:
    found = MetricFigures(metric("hazards_found"), 5, 4, 120, 100)
    assert found.values() == (5, 4, 120, 100) and found.yoy() == (20, 0.2)
    assert MetricFigures(metric("hazards_found"), 5, 4, 120, 0).yoy() == (120, None)
    assert MetricFigures(metric("family_visits"), None, None, None, None).yoy() == (None, None)
    assert metric("hazards_major").chinese == "其中重大隐患" and metric("hazards_major").short_chinese == "重大隐患"
    assert metric("on_duty_rate").is_rate and not metric("tours").is_rate
