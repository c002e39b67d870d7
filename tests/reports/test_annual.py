"""The annual summary (年报) on a hand-built 2025 where every figure is known: 表1 is the year counted as a
whole (the December report's 本年累计), the months and the no-data rule, the lists; JSON, CSV and PDF agree;
a year closes only with all its months closed and then reprints byte for byte; the command line."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pypdf
import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.report_model import AnnualReport, ReportLayoutError
from safetywatch.reports import closing, formats, generate
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, tours, violations
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.services.reporting import annual, tallies, year_close
from tests.helpers import Refs, card, refs
from tests.services.test_tallies import _codes
from tests.test_cli import run_cli

pytestmark = pytest.mark.pg

AT = dt.datetime(2026, 1, 5, 9, 30)
TODAY = dt.date(2026, 6, 10)  # the tests' clock


def _violation(ledger: Ledger, r: Refs, day: dt.date, name: str, serious: bool = False) -> None:
    violations.register(
        ledger,
        ViolationInput(
            workstation_id=r.workstation,
            found_date=day,
            shift_id=r.shifts["1"],
            location="井口",
            offender_name=name,
            offender_unit_id=r.unit1,
            employment_id=_codes(ledger, "employment")["ZS"],
            type_id=_codes(ledger, "violation_type")["ZH"],
            severity_id=_codes(ledger, "violation_severity")["YZ" if serious else "YB"],
            description="违章",
            stopped_by_kind="inspector",
            stopped_by_id=r.inspectors["Q001"],
            stopped_by_name="",
            found_via_id=_codes(ledger, "violation_found_via")["QJY"],
        ),
    )


@pytest.fixture
def year_2025(ledger: Ledger) -> Ledger:
    """2025: the first records are of March. Hazards: 3 March (one major), 1 July. 三违: 张三 twice (March,
    August; once serious), 李四 once. One tour in May with two problems (on site, open). 2026: one hazard in
    February. No shift sheets at all."""
    r = refs(ledger)
    hazards.register(
        ledger, card(r, found_date=dt.date(2025, 3, 3), level_id=r.levels["A"], rectify_person="王工", measures="停产")
    )
    hazards.register(ledger, card(r, found_date=dt.date(2025, 3, 4)))
    hazards.register(ledger, card(r, found_date=dt.date(2025, 3, 5), fixed_on_site=True))
    hazards.register(ledger, card(r, found_date=dt.date(2025, 7, 1)))
    hazards.register(ledger, card(r, found_date=dt.date(2026, 2, 2)))
    _violation(ledger, r, dt.date(2025, 3, 10), "张三", serious=True)
    _violation(ledger, r, dt.date(2025, 8, 10), "张三")
    _violation(ledger, r, dt.date(2025, 9, 10), "李四")
    tours.record_tour(
        ledger,
        TourInput(dt.date(2025, 5, 10), "矿工会", "主井", 12),
        [ProblemInput("漏雨", r.unit1, "labour", "on_site"), ProblemInput("班中餐", r.unit1, "labour", "open")],
    )
    return ledger


def test_the_year_is_counted_as_a_whole_with_its_months_and_no_data(year_2025: Ledger) -> None:
    with year_2025.read() as conn:
        report = annual.report(conn, 2025, today=TODAY)
        december = tallies.report(conn, "2025-12")
    assert report.period.through == "2025-12" and report.period.whole_year
    assert (report.period.this_year.span, report.period.last_year.span) == (
        ("2025-01-01", "2025-12-31"),
        ("2024-01-01", "2024-12-31"),
    )
    # every figure of 表1 is the December report's year to date and its same period last year
    for figures in report.summary:
        monthly = december.figures(figures.metric.key)
        assert (figures.this_year, figures.last_year) == (monthly.ytd, monthly.ytd_last_year), figures.metric.key
    found = report.figures("hazards_found")
    assert (found.this_year, found.last_year, found.yoy()) == (4, None, (None, None))  # 2024: 无记录, no change
    assert report.figures("hazards_major").this_year == 1
    assert report.figures("violations_stopped").this_year == 3
    assert report.figures("tour_problems_found").this_year == 2
    assert report.figures("on_duty_rate").this_year is None  # no shift sheet: no data, not 0 %
    by_month = {
        row.label: dict(zip((m.key for m in report.metrics), row.figures, strict=True)) for row in report.months
    }
    assert list(by_month) == [f"2025-{n:02d}" for n in range(1, 13)]
    assert [by_month[f"2025-{n:02d}"]["hazards_found"] for n in range(1, 13)] == [
        None,
        None,
        3,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
    ]
    assert report.by_mine == ()  # one mine: no per-mine table
    assert [h.found_date for h in report.major_hazards] == ["2025-03-03"]
    (offender,) = report.repeat_offenders
    assert (offender.offender_name, offender.count, offender.serious) == ("张三", 2, 1)
    (tour,) = report.tours
    assert (tour.on_date, tour.reps, tour.problems, tour.solved_on_site) == ("2025-05-10", 12, 2, 1)
    assert (tour.solved_afterwards, tour.due_unsolved, tour.open) == (0, 0, 1)


def test_the_running_year_counts_to_todays_month_against_the_same_part_of_last_year(year_2025: Ledger) -> None:
    with year_2025.read() as conn:
        report = annual.report(conn, 2026, today=TODAY)
        june = tallies.report(conn, "2026-06")
        with pytest.raises(ValidationError, match="2027"):
            annual.report(conn, 2027, today=TODAY)
        with pytest.raises(ValidationError, match="before the first record"):
            annual.report(conn, 2023, today=TODAY)
    assert report.period.through == "2026-06" and not report.period.whole_year and len(report.months) == 6
    assert report.figures("hazards_found") == report.figures("hazards_found")._replace(this_year=1, last_year=3)
    for figures in report.summary:
        monthly = june.figures(figures.metric.key)
        assert (figures.this_year, figures.last_year) == (monthly.ytd, monthly.ytd_last_year)


def test_json_csv_and_pdf_agree(year_2025: Ledger) -> None:
    with year_2025.read() as conn:
        made = {
            fmt: generate.annual_report(conn, 2025, None, fmt, generated_at=AT, today=TODAY) for fmt in generate.FORMATS
        }
    report = made["json"].report
    data = json.loads(made["json"].data)
    assert AnnualReport.from_json(data) == report and data["summary"]["hazards_found"] == {
        "this_year": 4,
        "last_year": None,
    }
    rows = list(csv.reader(io.StringIO(made["csv"].data.decode("utf-8-sig"))))
    assert rows == [["" if c is None else str(c) for c in row] for row in formats.annual_csv_rows(report)]
    assert rows[0][:5] == list(formats.ANNUAL_CSV_HEADER) and rows[0][5:] == [f"2025-{n:02d}" for n in range(1, 13)]
    assert ["hazards_found", "4", "", "", "", "", "", "3", "0", "0", "0", "1", "0", "0", "0", "0", "0"] in rows
    pages = pypdf.PdfReader(io.BytesIO(made["pdf"].data)).pages
    text = " ".join(" ".join(page.extract_text() or "" for page in pages).split())
    assert "群众安全监督网工作年报 2025年" in text and "表1 全年综合情况" in text and "表2 分月情况" in text
    assert "查出隐患（条） 4 无记录 — —" in text  # the year, no data last year, no change against it
    assert "张三" in text and "主井" in text and "审计链锚点" in text
    assert made["pdf"].report.generated_at == AT and made["pdf"].pages >= 1


def test_a_stored_summary_that_is_not_annual_is_refused(year_2025: Ledger) -> None:
    with year_2025.read() as conn:
        data = annual.report(conn, 2025).to_json()
    with pytest.raises(ReportLayoutError, match="kind"):
        AnnualReport.from_json({**data, "kind": "monthly"})
    del data["summary"]["hazards_found"]
    with pytest.raises(ReportLayoutError, match="hazards_found"):
        AnnualReport.from_json(data)


def _close_months(ledger: Ledger, year: int, months: range) -> None:
    for number in months:
        closing.close_month(ledger, f"{year}-{number:02d}", organisation="东山煤矿", generated_at=AT)


def test_a_year_with_an_open_month_is_not_closed(year_2025: Ledger) -> None:
    _close_months(year_2025, 2025, range(1, 12))
    with pytest.raises(ValidationError, match=r"1 of its statistic months are still open \(2025-12\)"):
        closing.close_year(year_2025, 2025, organisation="东山煤矿", generated_at=AT)
    with year_2025.read() as conn:
        assert year_close.closed(conn, 2025) is None


def test_a_closed_year_reprints_byte_identically_after_later_work(year_2025: Ledger) -> None:
    _close_months(year_2025, 2025, range(1, 13))
    row, printed = closing.close_year(year_2025, 2025, organisation="东山煤矿", generated_at=AT)
    assert row["pdf_sha256"] == hashlib.sha256(printed.data).hexdigest()
    with pytest.raises(ValidationError, match="already closed"):
        closing.close_year(year_2025, 2025, organisation="东山煤矿", generated_at=AT)
    hazards.register(year_2025, card(refs(year_2025), found_date=dt.date(2026, 6, 1)))  # later work
    with year_2025.read() as conn:
        assert closing.reprint_year(conn, 2025).data == printed.data
        again = generate.annual_report(conn, 2025, None, "pdf", today=TODAY)
        stored = generate.annual_report(conn, 2025, None, "json", today=TODAY)
    assert again.data == printed.data and again.closed is not None
    assert json.loads(stored.data)["generated_at"] == "2026-01-05T09:30"
    tampered = dict(row, pdf_sha256="0" * 64)
    with pytest.raises(Exception, match="differs"):
        closing.reprint_year_of(tampered)


def test_the_command_line_writes_the_summary_and_closes_a_year(year_2025: Ledger, tmp_path: Path) -> None:
    _close_months(year_2025, 2025, range(1, 12))
    year_2025.close()
    db = str(year_2025.target)  # a file, or the server address
    out = tmp_path / "annual.json"
    result = run_cli("report", "--db", db, "--year", "2025", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["hazards_found"]["this_year"] == 4
    pdf = tmp_path / "annual.pdf"
    assert run_cli("report", "--db", db, "--year", "2025", "--out", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    bad = run_cli("report", "--db", db, "--year", "25", "--out", str(out))
    assert bad.returncode == 2 and "YYYY" in bad.stderr
    both = run_cli("report", "--db", db, "--year", "2025", "--month", "2025-05", "--out", str(out))
    assert both.returncode == 2
    closed = tmp_path / "closed.pdf"
    refused = run_cli("close-year", "--db", db, "--year", "2025", "--out", str(closed), "--operator", "张科长")
    assert refused.returncode == 1 and "2025-12" in refused.stderr and not closed.exists()


def test_the_tours_list_splits_problems_as_table_1_does(year_2025: Ledger) -> None:
    """Solved afterwards is not 'given a deadline': the list's outcomes are 表1's, as of the year's last day."""
    r = refs(year_2025)
    tours.record_tour(
        year_2025,
        TourInput(dt.date(2025, 9, 1), "矿工会", "副井", 8),
        [
            ProblemInput("风门", r.unit1, "safety", "later", deadline=dt.date(2025, 9, 20)),  # due, never solved
            ProblemInput("照明", r.unit1, "safety", "later", deadline=dt.date(2025, 9, 20)),
            ProblemInput("台阶", r.unit1, "safety", "later", deadline=dt.date(2026, 3, 1)),  # not due yet
        ],
    )
    with year_2025.read() as conn:
        problem = conn.exec_driver_sql("SELECT id FROM tour_problem WHERE description = '照明'").scalar_one()
    tours.mark_solved(year_2025, int(problem), dt.date(2025, 10, 2), "机电队李工")
    with year_2025.read() as conn:
        report = annual.report(conn, 2025)
    listed = report.tours[-1]
    assert (listed.problems, listed.solved_on_site, listed.solved_afterwards, listed.due_unsolved, listed.open) == (
        3,
        0,
        1,
        1,
        1,
    )
    for field, metric in (
        ("solved_on_site", "tour_solved_on_site"),
        ("solved_afterwards", "tour_solved_afterwards"),
        ("due_unsolved", "tour_due_unsolved"),
        ("open", "tour_open"),
        ("problems", "tour_problems_found"),
    ):
        assert sum(getattr(t, field) for t in report.tours) == report.figures(metric).this_year, field
