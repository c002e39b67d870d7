"""One monthly report in any format, for the command line and the report page alike.

A closed month is reported as it was closed: its stored report, and for the PDF the very bytes printed at
the close (checked against the SHA-256 kept then). An open month is counted now; its PDF is stamped with
the organisation and the time of printing.

A report from a database that failed the check before printing (``services.maintenance.printing_check``)
is made only when asked for explicitly, and says so: "未通过校验" on every page of the PDF (a closed
month's too, which is then not the byte-identical reprint), ``"verified": false`` and the problems in the
JSON, a first row in the CSV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.i18n import tr
from safetywatch.domain.report_model import AnnualReport, MonthlyReport
from safetywatch.reports import closing, formats, pdf
from safetywatch.services.reporting import annual, month_close, report_months, tallies, year_close

FORMATS = ("pdf", "json", "csv")

#: progress(step, steps, what): called before each step of the generation.
Progress = Callable[[int, int, str], None]


@dataclass
class GeneratedReport:
    month: str
    scope_code: str | None
    format: str
    data: bytes
    report: MonthlyReport  # as printed (stamped) for a PDF or a closed month
    closed: dict[str, Any] | None = None  # the month_close row when the month is closed
    pages: int = 0  # PDF only
    warnings: list[str] = field(default_factory=list)


def monthly_report(
    conn: Connection,
    month: str,
    scope_code: str | None = None,
    fmt: str = "pdf",
    *,
    analysis: str = "",
    generated_at: dt.datetime | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    unverified: Sequence[str] = (),
) -> GeneratedReport:
    """The report of *month* for the scope (None: the whole database) as *fmt* bytes.

    With *today*, a month that has not begun or is before the database's first record is refused
    (``report_months.check_reportable``). *unverified* are the problems the check before printing found:
    the report is then marked as unverified in every format.
    """
    if fmt not in FORMATS:
        raise ValueError(fmt)
    steps = 2 if fmt == "pdf" else 1

    def step(number: int, what: str) -> None:
        if progress is not None:
            progress(number, steps, what)

    step(0, tr("Counting the month's records…"))
    if today is not None:
        report_months.check_reportable(conn, month, today)
    closed = None if scope_code else month_close.closed(conn, month)
    report = month_close.stored_report(closed) if closed else tallies.report(conn, month, scope_code)
    if not closed:
        report = report.with_analysis(analysis)
    problems = list(unverified)
    if fmt == "json":
        return GeneratedReport(month, scope_code, fmt, formats.as_json(report, problems), report, closed)
    if fmt == "csv":
        return GeneratedReport(month, scope_code, fmt, formats.as_csv(report, problems), report, closed)
    step(1, tr("Laying out the PDF…"))
    if closed and not problems:
        printed = closing.reprint_of(closed)
    elif closed:  # the stored report, marked: not the reprint of what was signed at the close
        printed = pdf.render(report, problems)
    else:
        report = report.stamped(tallies.organisation_name(conn, scope_code), generated_at or dt.datetime.now())
        printed = pdf.render(report, problems)
    return GeneratedReport(month, scope_code, fmt, printed.data, report, closed, printed.pages, printed.warnings)


# --- the annual summary (issue 16) -------------------------------------------------------------------------


@dataclass
class GeneratedAnnualReport:
    year: int
    scope_code: str | None
    format: str
    data: bytes
    report: AnnualReport  # as printed (stamped) for a PDF or a closed year
    closed: dict[str, Any] | None = None  # the year_close row when the year is closed
    pages: int = 0  # PDF only
    warnings: list[str] = field(default_factory=list)


def annual_report(
    conn: Connection,
    year: int,
    scope_code: str | None = None,
    fmt: str = "pdf",
    *,
    generated_at: dt.datetime | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    unverified: Sequence[str] = (),
) -> GeneratedAnnualReport:
    """The annual summary of *year* for the scope (None: the whole database) as *fmt* bytes: a closed year as
    it was closed (its PDF byte for byte), an open one counted now — through today's statistic month with
    *today*, which also refuses a year not begun or before the first record. *unverified*: as for
    :func:`monthly_report`."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    steps = 2 if fmt == "pdf" else 1

    def step(number: int, what: str) -> None:
        if progress is not None:
            progress(number, steps, what)

    step(0, tr("Counting the year's records…"))
    closed = None if scope_code else year_close.closed(conn, year)
    report = year_close.stored_report(closed) if closed else annual.report(conn, year, scope_code, today)
    problems = list(unverified)
    if fmt in ("json", "csv"):
        data = (formats.as_json if fmt == "json" else formats.as_csv)(report, problems)
        return GeneratedAnnualReport(year, scope_code, fmt, data, report, closed)
    step(1, tr("Laying out the PDF…"))
    if closed and not problems:
        printed = closing.reprint_year_of(closed)
    else:
        if not closed:
            report = report.stamped(tallies.organisation_name(conn, scope_code), generated_at or dt.datetime.now())
        printed = pdf.render_annual(report, problems)
    return GeneratedAnnualReport(year, scope_code, fmt, printed.data, report, closed, printed.pages, printed.warnings)
