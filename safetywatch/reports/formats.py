"""A monthly report as JSON or CSV bytes: the machine-readable twins of the PDF.

The JSON is the report model's own form (``MonthlyReport.to_json``, layout in docs/report-metrics.md). The
CSV is 表1 for a spreadsheet: one row per metric in the declared order, UTF-8 with a BOM (Excel and WPS then
read it as UTF-8) and CRLF line ends.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from safetywatch.domain.periods import PERIOD_KEYS
from safetywatch.domain.report_model import AnnualReport, MonthlyReport

CSV_HEADER = ("metric", *PERIOD_KEYS, "yoy_change", "yoy_percent")


#: The mark of a report made from a database that failed the check before printing (PDF, CSV).
UNVERIFIED_MARK = "未通过校验"


def as_json(report: MonthlyReport | AnnualReport, unverified: Sequence[str] = ()) -> bytes:
    """The report's JSON; from a database that failed its check, with ``"verified": false`` and the problems."""
    data = report.to_json()
    if unverified:
        data = {"verified": False, "problems": list(unverified), **data}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_rows(report: MonthlyReport) -> list[list[Any]]:
    """表1 as rows: metric key, this month, previous month, year to date, same period last year, 同比增减 and
    同比 as a fraction (empty where last year is 0 or a figure is missing)."""
    rows: list[list[Any]] = [list(CSV_HEADER)]
    for figures in report.summary:
        rows.append([figures.metric.key, *figures.values(), *figures.yoy()])
    return rows


def as_csv(report: MonthlyReport | AnnualReport, unverified: Sequence[str] = ()) -> bytes:
    """表1 as CSV; from a database that failed its check, a first row says so before the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if unverified:
        writer.writerow([UNVERIFIED_MARK, *unverified])
    writer.writerows(annual_csv_rows(report) if isinstance(report, AnnualReport) else csv_rows(report))
    return buffer.getvalue().encode("utf-8-sig")


#: The annual CSV's first columns; one column per statistic month counted follows ('YYYY-MM').
ANNUAL_CSV_HEADER = ("metric", "this_year", "last_year", "yoy_change", "yoy_percent")


def annual_csv_rows(report: AnnualReport) -> list[list[Any]]:
    """The annual 表1 with the month-by-month figures beside it: one row per metric — its key, the year, the
    same part of last year, 同比增减 and 同比 as a fraction (empty where last year is 0 or a figure is
    missing), then the metric in each statistic month. Empty cells: no data (无记录)."""
    rows: list[list[Any]] = [[*ANNUAL_CSV_HEADER, *(row.label for row in report.months)]]
    for index, figures in enumerate(report.summary):
        months = [row.figures[index] for row in report.months]
        rows.append([figures.metric.key, figures.this_year, figures.last_year, *figures.yoy(), *months])
    return rows
