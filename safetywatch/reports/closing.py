"""Closing a month with its printed report, and reprinting a closed month byte for byte."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection

from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.reports import pdf
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import anchor_log
from safetywatch.services.reporting import annual, month_close, tallies, year_close

if TYPE_CHECKING:
    from safetywatch.reports.monthly_pdf import PdfResult


def close_month(
    ledger: Ledger,
    month: str,
    *,
    organisation: str | None = None,
    generated_at: dt.datetime | None = None,
    analysis: str = "",
) -> tuple[dict[str, Any], PdfResult]:
    """Print the month's report and close the month with it (the close refuses if the figures moved).

    The officer's written analysis is kept inside the stored report, so the reprint carries it too."""
    ledger.require(Permission.CLOSE_MONTHS)
    with ledger.read() as conn:
        report = tallies.report(conn, month)
        name = organisation or tallies.organisation_name(conn, None)
    report = report.with_analysis(analysis).stamped(name, generated_at or dt.datetime.now())
    printed = pdf.render(report)
    digest = hashlib.sha256(printed.data).hexdigest()
    row = month_close.record_close(ledger, report, digest)
    # the head printed on the report, kept outside the database too: verify compares the chain with it
    anchor_log.record_close(
        ledger.path, month=month, pdf_sha256=digest, head=report.audit_anchor, at=ledger.clock.now_utc()
    )
    return row, printed


def reprint(conn: Connection, month: str) -> PdfResult:
    """The closed month's report again, byte-identical to the one printed at its close (checked)."""
    row = month_close.closed(conn, month)
    if row is None:
        raise ValidationError.single("month", tr("{month} is not closed.").format(month=month))
    return reprint_of(row)


def reprint_of(row: dict[str, Any]) -> PdfResult:
    """The report of a close (a ``month_close`` row) printed again, checked against the SHA-256 kept then.

    A month closed by an earlier version is printed as that version printed it: the SHA-256 kept at the
    close tells which (:data:`EARLIER_LAYOUTS`, newest first)."""
    report = month_close.stored_report(row)
    printed = pdf.render(report)
    for layout in EARLIER_LAYOUTS:
        if hashlib.sha256(printed.data).hexdigest() == row["pdf_sha256"]:
            return printed
        printed = pdf.render(report, **layout._asdict())
    if hashlib.sha256(printed.data).hexdigest() != row["pdf_sha256"]:
        raise SafetyWatchError(
            tr(
                "The reprint of {month} differs from the report printed at its close; check the program version."
            ).format(month=row["month"])
        )
    return printed


class Layout(NamedTuple):
    """How a version printed a report (the arguments of ``pdf.render`` of the same names)."""

    no_data_before_16: bool
    cells_before_14: bool
    footer_before_13: bool


#: How earlier versions printed a report, newest first: before issue 16 a figure of 表1 without data printed
#: "—" (not 无记录); before issue 14 every table text was a Paragraph too; before issue 13 the footer also
#: printed the chain head as ``#seq hash…``.
EARLIER_LAYOUTS = (
    Layout(no_data_before_16=True, cells_before_14=False, footer_before_13=False),
    Layout(no_data_before_16=True, cells_before_14=True, footer_before_13=False),
    Layout(no_data_before_16=True, cells_before_14=True, footer_before_13=True),
)


# --- the annual summary (issue 16) -------------------------------------------------------------------------


def close_year(
    ledger: Ledger, year: int, *, organisation: str | None = None, generated_at: dt.datetime | None = None
) -> tuple[dict[str, Any], PdfResult]:
    """Print the whole database's annual summary of *year* and close the year with it: refused (clearly) while
    one of its statistic months is open, or when the figures moved while it was printed."""
    ledger.require(Permission.CLOSE_MONTHS)
    with ledger.read() as conn:
        year_close.check_closable(conn, year)
        report = annual.report(conn, year)
        name = organisation or tallies.organisation_name(conn, None)
    report = report.stamped(name, generated_at or dt.datetime.now())
    printed = pdf.render_annual(report)
    digest = hashlib.sha256(printed.data).hexdigest()
    return year_close.record_close(ledger, report, digest), printed


def reprint_year(conn: Connection, year: int) -> PdfResult:
    """The closed year's summary again, byte-identical to the one printed at its close (checked)."""
    row = year_close.closed(conn, year)
    if row is None:
        raise ValidationError.single("year", tr("{year} is not closed.").format(year=year))
    return reprint_year_of(row)


def reprint_year_of(row: dict[str, Any]) -> PdfResult:
    """The summary of a year close (a ``year_close`` row) printed again, checked against its SHA-256."""
    printed = pdf.render_annual(year_close.stored_report(row))
    if hashlib.sha256(printed.data).hexdigest() != row["pdf_sha256"]:
        raise SafetyWatchError(
            tr(
                "The reprint of {year} differs from the summary printed at its close; check the program version."
            ).format(year=row["year"])
        )
    return printed
