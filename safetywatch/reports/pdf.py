"""The PDF of a monthly report, with ReportLab loaded only when one is made.

ReportLab takes ~110 ms to import. The JSON and CSV reports and the program's start (the report page
imports the report modules) would pay that for nothing, so :mod:`~safetywatch.reports.monthly_pdf`, which
imports it, is imported here on the first PDF — the one place that does so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from safetywatch.domain.report_model import AnnualReport, MonthlyReport

if TYPE_CHECKING:
    from safetywatch.reports.monthly_pdf import PdfResult


def render(
    report: MonthlyReport,
    unverified: Sequence[str] = (),
    *,
    footer_before_13: bool = False,
    cells_before_14: bool = False,
    no_data_before_16: bool = False,
) -> PdfResult:
    """The PDF of a stamped report (``MonthlyReport.stamped``); *unverified*: the problems of a database that
    failed the check before printing, marked on every page. For the reprint of a month an earlier version
    closed: *footer_before_13* prints the chain head as versions before issue 13 did (``#seq hash…``),
    *cells_before_14* the table cells as versions before issue 14 did (every text a Paragraph),
    *no_data_before_16* a figure without data as versions before issue 16 did ("—", not 无记录)."""
    from safetywatch.reports import monthly_pdf  # ReportLab: see the module's docstring

    return monthly_pdf.render(
        report,
        unverified,
        footer_before_13=footer_before_13,
        cells_before_14=cells_before_14,
        no_data_before_16=no_data_before_16,
    )


def render_annual(report: AnnualReport, unverified: Sequence[str] = ()) -> PdfResult:
    """The PDF of a stamped annual summary (``AnnualReport.stamped``); *unverified* as for :func:`render`."""
    from safetywatch.reports import annual_pdf  # ReportLab: see the module's docstring

    return annual_pdf.render(report, unverified)
