"""Closing a month: the printed report is kept and reprints byte for byte; the month's records freeze;
corrections are entered for a later month and appear in its report."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pypdf
import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.domain.report_model import Correction
from safetywatch.reports import closing, monthly_pdf
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.maintenance import anchor_log
from safetywatch.services.queries.hazard_query import HazardFilter, count
from safetywatch.services.reporting import month_close, tallies
from tests.helpers import card, count_rows, refs

pytestmark = pytest.mark.pg

AT = dt.datetime(2026, 6, 2, 9, 30)


@pytest.fixture
def may_closed(ledger: Ledger) -> tuple[Ledger, dict[str, object]]:
    r = refs(ledger)
    hazard = hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 20)))
    duty.save_sheet(
        ledger, SheetInput(r.workstation, dt.date(2026, 5, 20), r.shifts["1"], (Mark(r.inspectors["Q001"]),))
    )
    row, pdf = closing.close_month(ledger, "2026-05", organisation="东山煤矿", generated_at=AT)
    assert row["pdf_sha256"] == hashlib.sha256(pdf.data).hexdigest()
    return ledger, hazard


def test_a_closed_month_reprints_byte_identically_even_after_later_work(
    may_closed: tuple[Ledger, dict[str, object]],
) -> None:
    ledger, hazard = may_closed
    with ledger.read() as conn:
        first = closing.reprint(conn, "2026-05")
    # later work: the May hazard's loop goes on in June, a June hazard is found
    hazards.act(ledger, int(hazard["id"]), hazards.StepInput(HazardAction.ISSUE_NOTICE, dt.date(2026, 6, 3)))
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 4)))
    with ledger.read() as conn:
        again = closing.reprint(conn, "2026-05")
        row = month_close.closed(conn, "2026-05")
    assert again.data == first.data and row is not None
    assert hashlib.sha256(again.data).hexdigest() == row["pdf_sha256"]


def test_a_month_closed_by_an_earlier_version_reprints_with_its_footer(
    may_closed: tuple[Ledger, dict[str, object]],
) -> None:
    """Versions before issue 13 printed the chain head as ``#seq hash…``; the SHA-256 kept at the close is of
    that PDF, so its reprint uses that footer, byte for byte."""
    ledger, _hazard = may_closed
    with ledger.read() as conn:
        row = month_close.closed(conn, "2026-05")
    assert row is not None
    earlier = monthly_pdf.render(month_close.stored_report(row), footer_before_13=True)
    closed_before_13 = dict(row, pdf_sha256=hashlib.sha256(earlier.data).hexdigest())
    assert closing.reprint_of(closed_before_13).data == earlier.data
    assert closing.reprint_of(row).data != earlier.data  # a month closed now reprints with the typeable head


def test_a_close_logs_the_head_printed_on_its_report_beside_the_backups(
    may_closed: tuple[Ledger, dict[str, object]],
) -> None:
    ledger, _hazard = may_closed
    with ledger.read() as conn:
        row = month_close.closed(conn, "2026-05")
    assert row is not None
    anchor = month_close.stored_report(row).audit_anchor
    (entry,) = anchor_log.entries(ledger.path)
    assert (entry.kind, entry.subject, entry.sha256) == ("month-close", "2026-05", row["pdf_sha256"])
    assert (entry.head_seq, entry.head_hash) == (anchor.seq, anchor.hash)


def test_records_of_a_closed_month_are_frozen(may_closed: tuple[Ledger, dict[str, object]]) -> None:
    ledger, hazard = may_closed
    r = refs(ledger)
    events = count_rows(ledger, "audit_event")
    with pytest.raises(ValidationError, match="2026-05 is closed"):
        hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 25)))
    with pytest.raises(ValidationError, match="2026-05 is closed"):
        hazards.amend(ledger, int(hazard["id"]), hazards.input_of(dict(hazard, location="改了")), "地点写错")
    with pytest.raises(ValidationError, match="2026-05 is closed"):
        duty.save_sheet(
            ledger,
            SheetInput(r.workstation, dt.date(2026, 5, 20), r.shifts["1"], (Mark(r.inspectors["Q002"]),)),
            reason="补登",
        )
    with pytest.raises(ValidationError, match="closed"):
        hazards.act(ledger, int(hazard["id"]), hazards.StepInput(HazardAction.ISSUE_NOTICE, dt.date(2026, 5, 31)))
    assert count_rows(ledger, "audit_event") == events
    with ledger.read() as conn:
        assert count(conn, HazardFilter()) == 1


def test_closing_is_refused_twice_and_before_the_month_ends(may_closed: tuple[Ledger, dict[str, object]]) -> None:
    ledger, _hazard = may_closed
    with pytest.raises(ValidationError, match="already closed"):
        closing.close_month(ledger, "2026-05", generated_at=AT)
    with pytest.raises(ValidationError, match="not ended"):
        closing.close_month(ledger, "2026-06", generated_at=AT)
    with ledger.read() as conn, pytest.raises(ValidationError, match="not closed"):
        closing.reprint(conn, "2026-04")


def test_a_correction_shows_in_the_next_report(may_closed: tuple[Ledger, dict[str, object]]) -> None:
    ledger, hazard = may_closed
    with pytest.raises(ValidationError, match="open month after"):
        month_close.adjust(ledger, "2026-05", "2026-05", str(hazard["number"]), "地点应为1202工作面", "卡片看错")
    with pytest.raises(ValidationError):
        month_close.adjust(ledger, "2026-05", "2026-06", str(hazard["number"]), "地点应为1202工作面", "  ")
    month_close.adjust(ledger, "2026-05", "2026-06", str(hazard["number"]), "地点应为1202工作面", "卡片看错")
    with ledger.read() as conn:
        report = tallies.report(conn, "2026-06")
    assert report.corrections == (Correction("2026-05", str(hazard["number"]), "地点应为1202工作面", "卡片看错"),)
    assert report.to_json()["tables"]["adjustments"] == [
        {"for_month": "2026-05", "subject": hazard["number"], "correction": "地点应为1202工作面", "reason": "卡片看错"}
    ]
    printed = monthly_pdf.render(report.stamped("矿", AT)).data
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(printed)).pages)
    assert "更正事项" in text and "地点应为1202工作面" in text


#: A report closed by the version before issue 14 (a mine-year demo's November, its lists cut short) and the
#: SHA-256 of the PDF that version printed for it: every table text was a Paragraph then.
CLOSED_BEFORE_14 = Path(__file__).parent / "data" / "closed_before_14.json"
PRINTED_BEFORE_14 = "49e1713982b3d49b913aae673efa2e743c057cb256c7cb7d6ff7f5b2458216c7"


def test_a_month_closed_before_issue_14_reprints_byte_for_byte() -> None:
    report_json = CLOSED_BEFORE_14.read_text(encoding="utf-8")
    row = {"month": "2026-11", "report_json": report_json, "pdf_sha256": PRINTED_BEFORE_14}
    reprinted = closing.reprint_of(row)
    assert hashlib.sha256(reprinted.data).hexdigest() == PRINTED_BEFORE_14
    now = monthly_pdf.render(month_close.stored_report(row))  # this version draws plain cells: other bytes
    assert now.data != reprinted.data and now.pages == reprinted.pages == 3
