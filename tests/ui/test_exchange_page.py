"""The 数据交换 page offscreen on real databases: a standalone ledger made the office, stations registered
and listed, a real station bundle read through the page, a damaged one refused in red with nothing written,
held changes side by side, and the station's side (its bundle written, the office's reply read)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from safetywatch import i18n
from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import bundle_file, bundles, stations
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.ui.exchange_page import ALREADY_HELD, APPLIED, REFUSED, ExchangePage, _read_each
from safetywatch.ui.station_dialogs import StationDialog
from safetywatch.ui.worker import wait_for_jobs
from tests.exchange.stations_setup import add_workstation
from tests.helpers import card, count_rows, refs


def _workstation(ledger: Ledger) -> str:
    with ledger.read() as conn:
        return str(conn.exec_driver_sql("SELECT code FROM workstation WHERE voided = 0 ORDER BY code").scalar())


@dataclass
class Pair:
    office: Ledger
    station: Ledger
    enrol_code: str


def _office_and_station(office: Ledger, tmp_path: Path, clock: FixedClock) -> Pair:
    stations.make_office(office)
    new = stations.add_station(office, "ST01", "一号井口站", [_workstation(office)])
    enrolment = stations.write_enrolment(office, "ST01", tmp_path / "enrol")
    station = stations.enrol(enrolment, tmp_path / "station.db", new.enrol_code, clock=clock)
    return Pair(office, station, new.enrol_code)


@pytest.fixture
def pair(ledger: Ledger, tmp_path: Path, clock: FixedClock) -> Iterator[Pair]:
    made = _office_and_station(ledger, tmp_path, clock)
    yield made
    made.station.close()


def _page(qtbot: QtBot, ledger: Ledger) -> ExchangePage:
    page = ExchangePage(ledger)
    qtbot.addWidget(page)
    page.resize(1024 - 190, 768 - 60)  # the main window's share of a 1024×768 screen
    return page


def _station_bundle(station: Ledger, out: Path, **changes: Any) -> tuple[Path, str]:
    """A hazard registered at the station, and its bundle for the office; the hazard's uuid."""
    hazard = hazards.register(station, card(refs(station), **changes))
    out.mkdir(exist_ok=True)
    return bundles.write_station_bundle(station, out), str(hazard["uuid"])


def _hazard_uuids(ledger: Ledger) -> set[str]:
    with ledger.read() as conn:
        return {str(r[0]) for r in conn.exec_driver_sql("SELECT uuid FROM hazard")}


def test_a_standalone_ledger_can_be_made_the_office(qtbot: QtBot, ledger: Ledger, monkeypatch: Any) -> None:
    page = _page(qtbot, ledger)
    assert page.role == stations.STANDALONE
    assert page.panels.currentIndex() == 0 and "安全科" in page.make_office_button.text()
    asked: list[str] = []

    def yes(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    page.make_office_button.click()
    assert asked  # confirmed first
    assert wait_for_jobs()
    with ledger.read() as conn:
        assert stations.identity(conn).role == stations.OFFICE
    assert page.role == stations.OFFICE and page.panels.currentIndex() == 1
    assert not page.status.is_error and "安全科" in page.status.text()


def test_declining_the_confirmation_leaves_the_ledger_standalone(
    qtbot: QtBot, ledger: Ledger, monkeypatch: Any
) -> None:
    page = _page(qtbot, ledger)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    page.make_office_button.click()
    assert wait_for_jobs()
    with ledger.read() as conn:
        assert stations.identity(conn).role == stations.STANDALONE
    assert page.panels.currentIndex() == 0


def test_the_office_lists_a_station_registered_through_the_dialog(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> None:
    stations.make_office(ledger)
    page = _page(qtbot, ledger)
    assert page.stations_table.rowCount() == 0 and not page.write_reply_button.isEnabled()
    dialog = StationDialog(ledger, page)
    qtbot.addWidget(dialog)
    dialog.register()  # nothing filled in: every field says what is missing, nothing registered
    assert dialog.code_error.text() and dialog.name_error.text() and dialog.workstations_error.text()
    assert count_rows(ledger, "exchange_station") == 0
    dialog.code.setText("ST01")
    dialog.name.setText("一号井口站")
    next(iter(dialog.checks.values())).setChecked(True)
    dialog.register()
    assert dialog.new_station is not None and dialog.result() == StationDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: page.stations_table.rowCount() == 1)  # the change hub refreshed the list
    assert page.stations_table.item(0, 0).text() == "ST01"
    assert page.stations_table.item(0, 1).text() == "一号井口站"
    assert page.write_reply_button.isEnabled()

    page.write_enrolment(dialog.new_station, tmp_path)
    assert wait_for_jobs()
    written = tmp_path / "enrol-ST01.swbundle"
    assert written.exists() and str(written) in page.status.text()
    shown = page.enrolment_dialog
    assert shown is not None and shown.code_label.text() == dialog.new_station.enrol_code
    with ledger.read() as conn:
        key = stations.signing_key(conn)
    assert key is not None
    assert shown.fingerprint_label.text() == bundle_file.key_fingerprint(key[1])
    station = stations.enrol(written, tmp_path / "station.db", dialog.new_station.enrol_code)  # it works
    station.close()


def test_reading_a_station_bundle_through_the_page(qtbot: QtBot, pair: Pair, tmp_path: Path) -> None:
    bundle, uuid = _station_bundle(pair.station, tmp_path / "stick")
    page = _page(qtbot, pair.office)
    assert uuid not in _hazard_uuids(pair.office)
    page.read_bundles([bundle])
    assert page.busy and not page.read_bundles_button.isEnabled() and page.busy_bar.isVisibleTo(page)
    assert page.cancel_button.isVisibleTo(page) and page.cancel_button.isEnabled()
    assert wait_for_jobs()
    assert not page.busy and page.read_bundles_button.isEnabled() and not page.cancel_button.isVisibleTo(page)
    assert [r.outcome for r in page.last_results] == [APPLIED]
    assert page.results.count() == 1 and bundle.name in page.results.item(0).text()
    assert not page.status.is_error
    assert uuid in _hazard_uuids(pair.office)
    assert page.stations_table.item(0, 3).text().startswith("第 ")  # its last event, now held at the office
    assert page.stations_table.item(0, 6).text() == "已收到"

    page.read_bundles([bundle.parent])  # the same bundle again, as a folder: nothing changes
    assert wait_for_jobs()
    assert [r.outcome for r in page.last_results] == [ALREADY_HELD]

    (tmp_path / "recovery").mkdir()
    page.write_recovery_to("ST01", tmp_path / "recovery")  # for a station restored from an older backup
    assert wait_for_jobs()
    assert not page.status.is_error and len(list((tmp_path / "recovery").glob("office_recovery-ST01_*"))) == 1


def test_a_damaged_bundle_is_refused_in_red_and_changes_nothing(qtbot: QtBot, pair: Pair, tmp_path: Path) -> None:
    bundle, uuid = _station_bundle(pair.station, tmp_path / "stick")
    damaged = tmp_path / "damaged.swbundle"
    shutil.copy(bundle, damaged)
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    page = _page(qtbot, pair.office)
    events_before = count_rows(pair.office, "audit_event")
    page.read_bundles([damaged])
    assert wait_for_jobs()
    assert [r.outcome for r in page.last_results] == [REFUSED]
    assert page.status.is_error and "damaged.swbundle" in page.status.text()
    assert "Traceback" not in page.status.text()
    assert count_rows(pair.office, "audit_event") == events_before
    assert count_rows(pair.office, "station_event") == 0
    assert uuid not in _hazard_uuids(pair.office)

    empty = tmp_path / "empty-stick"
    empty.mkdir()
    page.read_bundles([empty])  # a folder without bundles: said, nothing started
    assert page.status.is_error and not page.busy


def _held_change(pair: Pair, tmp_path: Path) -> None:
    """A hazard the office amended after it arrived, then amended differently at the station: held."""
    bundle, uuid = _station_bundle(pair.station, tmp_path / "stick1", description="井口风门关闭不严")
    bundles.read_station_bundle(pair.office, bundle)
    bundles.read_reply(pair.station, bundles.write_reply(pair.office, "ST01", tmp_path))
    for ledger, text in ((pair.office, "安全科改：风门损坏"), (pair.station, "井口改：风门变形")):
        with ledger.read() as conn:
            hazard_id = int(conn.exec_driver_sql("SELECT id FROM hazard WHERE uuid = ?", (uuid,)).scalar_one())
            data = hazards.input_of(hazards.get(conn, hazard_id))
        data.description = text
        hazards.amend(ledger, hazard_id, data, "描述写错了")
    (tmp_path / "stick2").mkdir()
    report = bundles.read_station_bundle(pair.office, bundles.write_station_bundle(pair.station, tmp_path / "stick2"))
    assert report.applied.held


def test_held_changes_side_by_side(qtbot: QtBot, pair: Pair, tmp_path: Path) -> None:
    _held_change(pair, tmp_path)
    page = _page(qtbot, pair.office)
    assert page.held_table.rowCount() == 1 and page.office_tabs.tabText(1) == "暂存的改动（1）"
    assert page.stations_table.item(0, 5).text() == "1"
    # the office's amendment took the hazard over before the station's arrived
    assert page.held_table.item(0, 2).text() == "隐患" and page.held_table.item(0, 4).text() == "已由安全科接管"
    assert page.held_table.item(0, 1).text().startswith("第 ")  # the station's event number, no "#"
    cells = {
        page.held_detail.item(r, 0).text(): [page.held_detail.item(r, c).text() for c in (1, 2, 3)]
        for r in range(page.held_detail.rowCount())
    }
    assert cells["隐患内容"] == ["井口风门关闭不严", "井口改：风门变形", "安全科改：风门损坏"]
    assert page.keep_office_button.isEnabled() and page.take_station_button.isEnabled()


def test_a_held_change_is_resolved_with_a_reason(
    qtbot: QtBot, pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _held_change(pair, tmp_path)
    page = _page(qtbot, pair.office)
    monkeypatch.setattr("safetywatch.ui.exchange_page.ask_reason", lambda *_args: None)  # cancelled
    page.take_station_button.click()
    wait_for_jobs()
    assert page.held_table.rowCount() == 1
    monkeypatch.setattr("safetywatch.ui.exchange_page.ask_reason", lambda *_args: "井口站的描述更准确")
    page.take_station_button.click()
    wait_for_jobs()
    qtbot.waitUntil(lambda: not page.busy)
    page.refresh()
    wait_for_jobs()
    assert page.held_table.rowCount() == 0 and page.office_tabs.tabText(1) == "暂存的改动（0）"
    assert page.status.text().startswith("已处理")
    with pair.office.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM hazard WHERE description = '井口改：风门变形'").scalar() == 1
    assert not page.keep_office_button.isEnabled()


def test_the_station_writes_its_bundle_and_reads_the_reply(qtbot: QtBot, pair: Pair, tmp_path: Path) -> None:
    hazards.register(pair.station, card(refs(pair.station)))
    page = _page(qtbot, pair.station)
    assert page.role == stations.STATION and page.panels.currentIndex() == 2
    with pair.office.read() as conn:
        key = stations.signing_key(conn)
    assert key is not None
    assert bundle_file.key_fingerprint(key[1]) in page.station_info.text()
    assert "ST01" in page.station_info.text() and "尚未确认" in page.station_info.text()
    stick = tmp_path / "stick"
    stick.mkdir()
    page.write_bundle_to(stick)
    assert wait_for_jobs()
    written = list(stick.glob("*.swbundle"))
    assert len(written) == 1 and not page.status.is_error and written[0].name in page.last_exchange.text()
    report = bundles.read_station_bundle(pair.office, written[0])
    reply = bundles.write_reply(pair.office, "ST01", tmp_path)
    page.read_reply(reply)
    assert wait_for_jobs()
    assert not page.status.is_error
    assert f"#{report.last_seq}" in page.last_exchange.text()
    assert f"#{report.last_seq}" in page.station_info.text()

    page.read_reply(written[0])  # its own bundle is not a reply: refused in red
    assert wait_for_jobs()
    assert page.status.is_error

    recovery = bundles.write_recovery(pair.office, "ST01", tmp_path / "recovery")
    page.read_reply(recovery)  # the office's recovery bundle goes through the same button
    assert wait_for_jobs()
    assert not page.status.is_error and "取回本站自己的事件 0 个" in page.last_exchange.text()


def test_the_page_is_in_the_main_window(qtbot: QtBot, ledger: Ledger) -> None:
    from safetywatch.ui.main_window import MainWindow

    window = MainWindow(ledger)
    qtbot.addWidget(window)
    assert window.exchange_page in window.pages()
    window.show_page(window.exchange_page)
    assert window.stack.currentWidget() is window.exchange_page


def test_every_button_takes_tab_and_has_a_mnemonic(qtbot: QtBot, pair: Pair, ledger: Ledger) -> None:
    for database in (pair.office, pair.station):
        page = _page(qtbot, database)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow)
        panel = page.panels.currentWidget()
        buttons = [b for b in panel.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]
        assert len(buttons) >= 2
        for button in buttons:
            assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.text()
            assert "(&" in button.text(), button.text()  # 写回执(&W)…
        reached = set()
        page.setFocus()
        for _ in range(30):
            widget = QApplication.focusWidget()
            if widget is not None:
                reached.add(widget)
            qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_Tab)
        assert set(buttons) <= reached


def test_bundles_left_after_a_cancel_are_not_read(qtbot: QtBot, pair: Pair, tmp_path: Path) -> None:
    bundle, uuid = _station_bundle(pair.station, tmp_path / "stick")
    page = _page(qtbot, pair.office)
    page._cancel.set()  # as if 取消读入 was pressed before the worker began
    results = _read_each(pair.office, [bundle], page.progressed.emit, page._cancel.is_set)
    assert [r.outcome for r in results] == [REFUSED] and "已取消" in results[0].message
    assert uuid not in _hazard_uuids(pair.office)


def test_held_changes_are_said_in_the_reader_s_language(qtbot: QtBot, pair: Pair, tmp_path: Path) -> None:
    _held_change(pair, tmp_path)  # imported while the program speaks Chinese
    with pair.office.read() as conn:
        stored = str(conn.exec_driver_sql("SELECT message FROM held_change").scalar_one())
    taken_on = json.loads(stored)["params"]["date"]
    # no language kept: the cause and its parameters (the office's amendment took the hazard over)
    assert json.loads(stored) == {"key": "transferred", "params": {"date": taken_on, "reason": "描述写错了"}}
    page = _page(qtbot, pair.office)
    why = page.held_table.item(0, 5).text()
    assert why == f"安全科已于 {taken_on} 接管此记录（描述写错了）；群监站在读取回执之前修改了它。"
    assert page.held_table.item(0, 5).toolTip() == why
    i18n.install("en")  # another officer reads it in English
    page.refresh()
    assert page.held_table.item(0, 5).text() == (
        f"The office took this record over on {taken_on} (描述写错了); the station changed it before it read the reply."
    )
    assert page.held_table.item(0, 4).text() == "taken over by the office"
    assert page.held_table.item(0, 2).text() == "Hazard records"


def test_a_held_change_stored_before_as_a_sentence_is_shown_as_stored(qtbot: QtBot, pair: Pair, tmp_path: Path) -> None:
    _held_change(pair, tmp_path)
    with pair.office.write() as w:  # a row written by the version that stored the sentence itself
        w.db.execute("UPDATE held_change SET message = ?", ("安全科的记录在群监站修改前已变动（description）。",))
    page = _page(qtbot, pair.office)
    assert page.held_table.item(0, 5).text() == "安全科的记录在群监站修改前已变动（description）。"


def _cancel_on_first_progress(page: ExchangePage) -> None:
    """As if 取消 were pressed as soon as the job reports progress (on the worker thread, so deterministic)."""
    page.progressed.connect(lambda *_: page._cancel.set(), Qt.ConnectionType.DirectConnection)


def test_writing_the_station_bundle_shows_progress_and_a_cancel_writes_nothing(
    qtbot: QtBot, pair: Pair, tmp_path: Path
) -> None:
    hazards.register(pair.station, card(refs(pair.station)))
    page = _page(qtbot, pair.station)
    stick = tmp_path / "stick"
    stick.mkdir()
    events = count_rows(pair.station, "audit_event")
    seen: list[tuple[int, int]] = []
    page.progressed.connect(lambda done, total: seen.append((done, total)), Qt.ConnectionType.DirectConnection)
    _cancel_on_first_progress(page)
    page.write_bundle_to(stick)
    assert page.busy and page.cancel_button.isVisibleTo(page) and not page.write_bundle_button.isEnabled()
    assert wait_for_jobs()
    assert list(stick.iterdir()) == [] and count_rows(pair.station, "audit_event") == events  # no file, no event
    assert not page.status.is_error and "已取消" in page.status.text() and not page.cancel_button.isVisibleTo(page)
    assert seen and page.write_bundle_button.isEnabled()

    page.progressed.disconnect()
    page.progressed.connect(page._on_progress)
    page.progressed.connect(lambda done, total: seen.append((done, total)), Qt.ConnectionType.DirectConnection)
    seen.clear()
    page.write_bundle_to(stick)  # not cancelled: written, progress to the end
    assert wait_for_jobs()
    assert len(list(stick.glob("*.swbundle"))) == 1 and not page.status.is_error
    assert seen[-1] == (1000, 1000) and count_rows(pair.station, "audit_event") == events + 1


def test_the_office_writes_every_station_s_reply_into_a_folder(
    qtbot: QtBot, pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle, _uuid = _station_bundle(pair.station, tmp_path / "stick")
    bundles.read_station_bundle(pair.office, bundle)
    add_workstation(pair.office, "JK02")
    stations.add_station(pair.office, "ST02", "二号井口站", ["JK02"])
    page = _page(qtbot, pair.office)
    assert page.stations_table.rowCount() == 2 and page.reply_all_action.isEnabled()
    replies = tmp_path / "replies"
    replies.mkdir()
    monkeypatch.setattr(page, "choose_folder", lambda _title: replies)
    page.reply_all_action.trigger()
    assert wait_for_jobs()
    assert sorted(p.name.split("_")[1] for p in replies.iterdir()) == ["to-ST01", "to-ST02"]
    assert not page.status.is_error and str(replies) in page.status.text()

    cancelled = tmp_path / "cancelled"
    cancelled.mkdir()
    _cancel_on_first_progress(page)
    page.write_all_replies_to(cancelled)
    assert wait_for_jobs()
    assert list(cancelled.iterdir()) == [] and "已取消" in page.status.text() and not page.status.is_error
    page.write_recovery_to("ST01", cancelled)  # the recovery bundle too
    assert wait_for_jobs()
    assert list(cancelled.iterdir()) == [] and "已取消" in page.status.text()
