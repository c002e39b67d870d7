"""Closing a month with its printed report, and reprinting a closed month byte for byte."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.reports import monthly_pdf
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import month_close, tallies


def close_month(
    ledger: Ledger,
    month: str,
    *,
    organisation: str | None = None,
    generated_at: dt.datetime | None = None,
    analysis: str = "",
) -> tuple[dict[str, Any], monthly_pdf.PdfResult]:
    """Print the month's report and close the month with it (the close refuses if the figures moved).

    The officer's written analysis is kept inside the stored report, so the reprint carries it too."""
    ledger.require(Permission.CLOSE_MONTHS)
    at = (generated_at or dt.datetime.now()).replace(second=0, microsecond=0)
    with ledger.read() as conn:
        report = tallies.summary(conn, month)
        name = organisation or tallies.organisation_name(conn, None)
    if analysis.strip():
        report["analysis"] = analysis.strip()
    pdf = monthly_pdf.render(report, organisation=name, generated_at=at, analysis=report.get("analysis", ""))
    row = month_close.record_close(ledger, month, report, name, at, hashlib.sha256(pdf.data).hexdigest())
    return row, pdf


def reprint(conn: Connection, month: str) -> monthly_pdf.PdfResult:
    """The closed month's report again, byte-identical to the one printed at the close (checked)."""
    row = month_close.closed(conn, month)
    if row is None:
        raise ValidationError.single("month", tr("{month} is not closed.").format(month=month))
    at = dt.datetime.fromisoformat(row["generated_at"])
    report = month_close.stored_report(row)
    pdf = monthly_pdf.render(
        report, organisation=row["organisation"], generated_at=at, analysis=report.get("analysis", "")
    )
    if hashlib.sha256(pdf.data).hexdigest() != row["pdf_sha256"]:
        raise SafetyWatchError(
            tr(
                "The reprint of {month} differs from the report printed at its close; check the program version."
            ).format(month=month)
        )
    return pdf
