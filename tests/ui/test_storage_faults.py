"""Storage faults while saving a hazard card (reliability.md items 4 and 7): a clear message, the card
keeps what was typed, nothing is written, and the retry after the fault saves exactly once — also when
the first save landed but its acknowledgement was lost (the card's idempotency key)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import event

from safetywatch.domain.i18n import tr
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.ui.hazard_form import HazardFormPage
from tests.ui.test_hazard_form import enter_field, fill_header, hazard_count, save_with, show


def _fill_card(qtbot: QtBot, page: HazardFormPage) -> None:
    fill_header(qtbot, page)
    enter_field(qtbot, "灭火器过期")
    enter_field(qtbot, "QT")
    enter_field(qtbot, "W")
    enter_field(qtbot, "C")  # Tab (or one Enter) takes the suggestion and moves on


@contextmanager
def _on_every_connection(ledger: Ledger, *pragmas: str) -> Iterator[None]:
    def apply(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        for pragma in pragmas:
            dbapi_connection.execute(pragma)

    ledger.engine.dispose()
    event.listen(ledger.engine, "connect", apply)
    try:
        yield
    finally:
        event.remove(ledger.engine, "connect", apply)
        ledger.engine.dispose()


def _assert_kept_and_nothing_saved(page: HazardFormPage, ledger: Ledger, message: str) -> None:
    assert page.status.text() == tr(message)
    assert page.description.toPlainText() == "灭火器过期"
    assert page.finder.text() == "Q001 李四"
    assert hazard_count(ledger) == 0


def test_disk_full_keeps_the_card_and_the_retry_saves_once(qtbot: QtBot, ledger: Ledger) -> None:
    page = HazardFormPage(ledger)
    show(qtbot, page)
    _fill_card(qtbot, page)
    with ledger.read() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
    with _on_every_connection(ledger, f"PRAGMA max_page_count={pages}"):
        save_with(qtbot)
        _assert_kept_and_nothing_saved(
            page, ledger, "The disk is full. Nothing was saved; free some space and try again."
        )
    save_with(qtbot)  # space freed: the same card again
    assert hazard_count(ledger) == 1
    assert page.description.toPlainText() == ""  # saved: the next card starts


def test_busy_database_keeps_the_card_and_the_retry_saves_once(qtbot: QtBot, ledger: Ledger) -> None:
    page = HazardFormPage(ledger)
    show(qtbot, page)
    _fill_card(qtbot, page)
    holder = sqlite3.connect(ledger.path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another program holds the database
        with _on_every_connection(ledger, "PRAGMA busy_timeout=200"):
            save_with(qtbot)
            _assert_kept_and_nothing_saved(
                page,
                ledger,
                "The database is busy (another program is writing). Nothing was saved; try again in a moment.",
            )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    save_with(qtbot)
    assert hazard_count(ledger) == 1


def test_a_save_that_landed_without_acknowledgement_is_not_saved_twice(qtbot: QtBot, ledger: Ledger) -> None:
    page = HazardFormPage(ledger)
    show(qtbot, page)
    _fill_card(qtbot, page)
    data, errors = page.collect()
    assert not errors and data.uuid
    landed = hazards.register(ledger, data)  # committed, but (say) the process stalled before showing it
    save_with(qtbot)  # the clerk saves again
    assert hazard_count(ledger) == 1
    assert landed["number"] in page.status.text()
    data2, _ = page.collect()
    assert data2.uuid != data.uuid  # the next card has its own key
