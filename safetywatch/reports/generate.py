"""One monthly report in any format, for the command line and the report page alike.

A closed month is reported as it was closed: its stored report, and for the PDF the very bytes printed at
the close (checked against the SHA-256 kept then). An open month is counted now; its PDF is stamped with
the organisation and the time of printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.i18n import tr
from safetywatch.domain.report_model import MonthlyReport
from safetywatch.reports import closing, formats, pdf
from safetywatch.services.reporting import month_close, tallies

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
) -> GeneratedReport:
    """The report of *month* for the scope (None: the whole database) as *fmt* bytes."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    steps = 2 if fmt == "pdf" else 1

    def step(number: int, what: str) -> None:
        if progress is not None:
            progress(number, steps, what)

    step(0, tr("Counting the month's records…"))
    closed = None if scope_code else month_close.closed(conn, month)
    report = month_close.stored_report(closed) if closed else tallies.report(conn, month, scope_code)
    if not closed:
        report = report.with_analysis(analysis)
    if fmt == "json":
        return GeneratedReport(month, scope_code, fmt, formats.as_json(report), report, closed)
    if fmt == "csv":
        return GeneratedReport(month, scope_code, fmt, formats.as_csv(report), report, closed)
    step(1, tr("Laying out the PDF…"))
    if closed:
        printed = closing.reprint_of(closed)
    else:
        report = report.stamped(tallies.organisation_name(conn, scope_code), generated_at or dt.datetime.now())
        printed = pdf.render(report)
    return GeneratedReport(month, scope_code, fmt, printed.data, report, closed, printed.pages, printed.warnings)
