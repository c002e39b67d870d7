"""Closing a month with its printed report, and reprinting a closed month byte for byte."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.reports import pdf
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import month_close, tallies

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
    row = month_close.record_close(ledger, report, hashlib.sha256(printed.data).hexdigest())
    return row, printed


def reprint(conn: Connection, month: str) -> PdfResult:
    """The closed month's report again, byte-identical to the one printed at its close (checked)."""
    row = month_close.closed(conn, month)
    if row is None:
        raise ValidationError.single("month", tr("{month} is not closed.").format(month=month))
    return reprint_of(row)


def reprint_of(row: dict[str, Any]) -> PdfResult:
    """The report of a close (a ``month_close`` row) printed again, checked against the SHA-256 kept then."""
    printed = pdf.render(month_close.stored_report(row))
    if hashlib.sha256(printed.data).hexdigest() != row["pdf_sha256"]:
        raise SafetyWatchError(
            tr(
                "The reprint of {month} differs from the report printed at its close; check the program version."
            ).format(month=row["month"])
        )
    return printed
