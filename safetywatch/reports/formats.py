"""A monthly report (``tallies.summary``) as JSON or CSV bytes: the machine-readable twins of the PDF."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from safetywatch.services.reporting import tallies


def as_json(report: dict[str, Any]) -> bytes:
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def as_csv(report: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(tallies.csv_rows(report))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel/WPS read UTF-8
