"""One report in any format for CLI and GUI alike: open months counted now, closed months as closed."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pypdf
import pytest

from safetywatch.reports import closing, formats, generate
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.reporting import tallies
from tests.helpers import card, refs

pytestmark = pytest.mark.pg

AT = dt.datetime(2026, 6, 2, 9, 30)


def _may_hazard(ledger: Ledger) -> None:
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 5, 20), description="瓦斯浓度<0.8% & A"))


def test_every_format_carries_the_same_figures(ledger: Ledger) -> None:
    _may_hazard(ledger)
    steps: list[tuple[int, int, str]] = []
    with ledger.read() as conn:
        counted = tallies.report(conn, "2026-05")
        as_json = generate.monthly_report(conn, "2026-05", fmt="json")
        as_csv = generate.monthly_report(conn, "2026-05", fmt="csv")
        as_pdf = generate.monthly_report(
            conn,
            "2026-05",
            fmt="pdf",
            analysis="  顶板管理仍是重点  ",
            generated_at=AT,
            progress=lambda *a: steps.append(a),
        )
    assert json.loads(as_json.data) == counted.to_json() and as_json.closed is None
    assert as_json.report == counted  # no stamp: a JSON of the month as counted
    rows = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    assert rows == [[str(c) if c is not None else "" for c in row] for row in formats.csv_rows(counted)]
    assert as_csv.data.startswith(b"\xef\xbb\xbf")
    assert [s[:2] for s in steps] == [(0, 2), (1, 2)]  # counting, then layout
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(as_pdf.data)).pages)
    assert "顶板管理仍是重点" in text and as_pdf.pages == len(pypdf.PdfReader(io.BytesIO(as_pdf.data)).pages)
    assert as_pdf.report.analysis == "顶板管理仍是重点"
    assert (as_pdf.report.organisation, as_pdf.report.generated_at) == ("本矿", AT)  # the report as printed


def test_a_closed_month_gives_the_bytes_and_analysis_of_its_close(ledger: Ledger) -> None:
    _may_hazard(ledger)
    row, pdf = closing.close_month(ledger, "2026-05", organisation="东山煤矿", generated_at=AT, analysis="通风系统整改")
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 3)))  # later work changes nothing
    with ledger.read() as conn:
        again = generate.monthly_report(conn, "2026-05", analysis="另写的分析被忽略")
        stored = generate.monthly_report(conn, "2026-05", fmt="json")
        scoped = generate.monthly_report(conn, "2026-05", "U01", fmt="json")
    assert again.data == pdf.data and hashlib.sha256(again.data).hexdigest() == row["pdf_sha256"]
    assert again.closed is not None and again.report.analysis == "通风系统整改"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(again.data)).pages)
    assert "通风系统整改" in text and "另写的分析被忽略" not in text
    assert json.loads(stored.data)["analysis"] == "通风系统整改" and stored.closed is not None
    assert scoped.closed is None  # a unit's report is counted now: only the whole month is closed
