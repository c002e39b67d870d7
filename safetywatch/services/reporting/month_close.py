"""Closing (locking) a statistic month after its report was printed, and corrections of closed months.

A closed month keeps the report as printed (its canonical JSON with the stamp — organisation and
generation time, also kept in their own columns — and the PDF's SHA-256), so a reprint gives the same bytes
whatever happens later. Records dated in a closed month can
no longer be created, amended or voided (``Writer`` asks :func:`closed_month_of` — the closed loop of an
older hazard goes on, its steps are dated now); a correction is entered as a :class:`ReportAdjustment`
with a reason and is listed in a later month's report.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.periods import month_bounds, month_period, statistic_month
from safetywatch.domain.report_model import MonthlyReport
from safetywatch.domain.validation import reason_problem, text_problem
from safetywatch.services.core import sql
from safetywatch.services.core.audit import canonical_json
from safetywatch.services.core.fields import FieldKind, FieldSpec
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import tallies


def closed(conn: Connection, month: str) -> dict[str, Any] | None:
    return sql.first_dict(conn, "SELECT * FROM month_close WHERE month = ? AND voided = 0", (month,))


def closed_month_of(conn: Connection, day: Any, cutoff: int | None = None) -> str | None:
    """The closed month a business date falls in, or None."""
    if not day:
        return None
    text = day.isoformat() if isinstance(day, dt.date) else str(day)
    month = statistic_month(text, tallies.cutoff_day(conn) if cutoff is None else cutoff)
    return month if sql.first(conn, "SELECT 1 FROM month_close WHERE month = ? AND voided = 0", (month,)) else None


def record_close(ledger: Ledger, report: MonthlyReport, pdf_sha256: str) -> dict[str, Any]:
    """Store the close of the report's month with the report as printed (stamped). Refused if the month has
    not ended, is closed already, or its figures changed since the report was made (print again)."""
    month, organisation, generated_at = report.month, report.organisation, report.generated_at
    if organisation is None or generated_at is None or report.scope.code is not None:
        raise ValueError("a month is closed with the whole database's report as printed (stamped)")
    month_bounds(month)
    with ledger.write() as w:
        period = month_period(month, tallies.cutoff_day(w.conn))
        if period.end >= ledger.clock.today():
            raise ValidationError.single("month", tr("{month} has not ended yet.").format(month=month))
        if closed(w.conn, month):
            raise ValidationError.single("month", tr("{month} is already closed.").format(month=month))
        if not tallies.report(w.conn, month).same_figures(report):
            raise ValidationError.single(
                "month",
                tr("Records of {month} changed while the report was printed; print it again.").format(month=month),
            )
        return w.insert(
            m.MONTH_CLOSE,
            {
                "month": month,
                "closed_by": w.actor,
                "generated_at": generated_at.strftime("%Y-%m-%dT%H:%M"),
                "report_json": canonical_json(report.to_json()),
                "organisation": organisation,
                "pdf_sha256": pdf_sha256,
            },
        )


def stored_report(row: dict[str, Any]) -> MonthlyReport:
    """The report kept by a close (a ``month_close`` row), stamped as it was printed."""
    report = MonthlyReport.from_json(json.loads(row["report_json"]))
    if report.generated_at is None:  # closed before reports carried their stamp: it is in the row's columns
        report = report.stamped(row["organisation"], dt.datetime.fromisoformat(row["generated_at"]))
    return report


#: What a correction of a closed month asks for (the open months after it are offered when it is entered).
CORRECTION_FIELDS = (
    FieldSpec("subject", "Subject", required=True, hint="e.g. 表1 hazards found"),
    FieldSpec("correction", "Correction", FieldKind.LONG_TEXT, required=True, lines=2),
    FieldSpec("reason", "Reason", FieldKind.LONG_TEXT, required=True, lines=2),
    FieldSpec("month", "Shown in the report of", FieldKind.CHOICE, required=True),
)


def adjust(ledger: Ledger, for_month: str, month: str, subject: str, correction: str, reason: str) -> dict[str, Any]:
    """A correction of a closed month, shown in the report of *month* (an open month after it)."""
    errors = []
    for name, value, limit in (("subject", subject, 200), ("correction", correction, 4000)):
        problem = text_problem(value.strip(), multiline=True, max_length=limit) if value.strip() else tr("Required.")
        if problem:
            errors.append((name, problem))
    problem = reason_problem(reason)
    if problem:
        errors.append(("reason", problem))
    if errors:
        name, message = errors[0]
        raise ValidationError.single(name, message)
    month_bounds(for_month)
    month_bounds(month)
    with ledger.write() as w:
        if not closed(w.conn, for_month):
            raise ValidationError.single(
                "for_month", tr("{month} is not closed: correct the records themselves.").format(month=for_month)
            )
        if month <= for_month or closed(w.conn, month):
            raise ValidationError.single(
                "month", tr("Enter it in an open month after {month}.").format(month=for_month)
            )
        return w.insert(
            m.REPORT_ADJUSTMENT,
            {
                "month": month,
                "for_month": for_month,
                "subject": subject.strip(),
                "correction": correction.strip(),
                "reason": reason.strip(),
            },
        )


def adjustments(conn: Connection, month: str) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT for_month, subject, correction, reason, created_at FROM report_adjustment "
        "WHERE month = ? AND voided = 0 ORDER BY id",
        (month,),
    )
