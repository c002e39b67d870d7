"""One monthly report in any format, for the command line and the report page alike.

A closed month is reported as it was closed: its stored figures, and for the PDF the very bytes printed at
the close (checked against the SHA-256 kept then). An open month is counted now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.i18n import tr
from safetywatch.reports import closing, formats, monthly_pdf
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
    report: dict[str, Any]
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
    if closed:
        report = month_close.stored_report(closed)
    else:
        report = tallies.summary(conn, month, scope_code)
        if analysis.strip():
            report["analysis"] = analysis.strip()
    if fmt == "json":
        return GeneratedReport(month, scope_code, fmt, formats.as_json(report), report, closed)
    if fmt == "csv":
        return GeneratedReport(month, scope_code, fmt, formats.as_csv(report), report, closed)
    step(1, tr("Laying out the PDF…"))
    if closed:
        pdf = closing.reprint(conn, month)
    else:
        pdf = monthly_pdf.render(
            report,
            organisation=tallies.organisation_name(conn, scope_code),
            generated_at=generated_at or dt.datetime.now(),
            analysis=report.get("analysis", ""),
        )
    return GeneratedReport(month, scope_code, fmt, pdf.data, report, closed, pdf.pages, pdf.warnings)

