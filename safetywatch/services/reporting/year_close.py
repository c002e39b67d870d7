"""Closing a statistic year with its annual summary (年报) as printed (issue 16).

A year is *closed* when its summary is closed explicitly (``safetywatch close-year``, the report page's
button), which is allowed only once all its twelve statistic months are closed: their records are locked
by then, so the summary counted at the close is final. The summary is kept as printed — canonical JSON
with the stamp, and the PDF's SHA-256 — like a month close (``month_close``), so a reprint gives the same
bytes whatever happens later.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.report_model import AnnualReport
from safetywatch.services.core import sql
from safetywatch.services.core.audit import canonical_json
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import annual


def closed(conn: Connection, year: int) -> dict[str, Any] | None:
    """The ``year_close`` row of *year*, or None while the year is open."""
    return sql.first_dict(conn, "SELECT * FROM year_close WHERE year = ? AND voided = 0", (str(year),))


def open_months(conn: Connection, year: int) -> list[str]:
    """The statistic months of *year* not closed yet ('YYYY-MM'), in order."""
    shut = {
        str(r[0])
        for r in sql.execute(conn, "SELECT month FROM month_close WHERE voided = 0 AND month LIKE ?", (f"{year}-%",))
    }
    return [month for month in (f"{year}-{n:02d}" for n in range(1, 13)) if month not in shut]


def check_closable(conn: Connection, year: int) -> None:
    """Refuse a year that is closed already or has a month still open (named, with what to do)."""
    annual.check_year(year)
    if closed(conn, year):
        raise ValidationError.single("year", tr("{year} is already closed.").format(year=year))
    still_open = open_months(conn, year)
    if still_open:
        raise ValidationError.single(
            "year",
            tr(
                "{year} cannot be closed: {count} of its statistic months are still open ({months}). "
                "Close every month of the year first."
            ).format(year=year, count=len(still_open), months=", ".join(still_open)),
        )


def record_close(ledger: Ledger, report: AnnualReport, pdf_sha256: str) -> dict[str, Any]:
    """Store the close of the summary's year with the summary as printed (stamped, the whole database's).
    Refused if the year is closed, has an open month, or its figures changed since it was counted."""
    year, organisation, generated_at = report.period.year, report.organisation, report.generated_at
    if organisation is None or generated_at is None or report.scope.code is not None:
        raise ValueError("a year is closed with the whole database's summary as printed (stamped)")
    if not report.period.whole_year:
        raise ValueError("a year is closed with the summary of the whole year")
    with ledger.write() as w:
        check_closable(w.conn, year)
        if not annual.report(w.conn, year).same_figures(report):
            raise ValidationError.single(
                "year",
                tr("Records of {year} changed while the summary was printed; print it again.").format(year=year),
            )
        return w.insert(
            m.YEAR_CLOSE,
            {
                "year": str(year),
                "closed_by": w.actor,
                "generated_at": generated_at.strftime("%Y-%m-%dT%H:%M"),
                "report_json": canonical_json(report.to_json()),
                "organisation": organisation,
                "pdf_sha256": pdf_sha256,
            },
        )


def stored_report(row: dict[str, Any]) -> AnnualReport:
    """The summary kept by a year close (a ``year_close`` row), stamped as it was printed."""
    report = AnnualReport.from_json(json.loads(row["report_json"]))
    if report.generated_at is None or report.organisation is None:
        report = report.stamped(row["organisation"], dt.datetime.fromisoformat(row["generated_at"]))
    return report
