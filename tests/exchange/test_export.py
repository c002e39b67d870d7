"""Export: every kind's query runs, CSV bytes (BOM, CRLF, RFC 4180), the formula guard re-read with the csv
module, XLSX read back with openpyxl, filters, the manifest and its verification, atomic writes and cancel."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.exchange import export
from safetywatch.exchange.columns import FORMULA_TRIGGERS, KINDS, data_dictionary, header_row
from safetywatch.services.core import audit
from tests.exchange.conftest import HOSTILE, Source

DOCS = Path(__file__).resolve().parents[2] / "docs" / "csv-format.md"


def _export(source: Source, kind: str, out: Path, **kwargs: object) -> export.Manifest:
    """An export with the machine keys (what these tests read by name) unless *headers* says otherwise."""
    kwargs.setdefault("headers", "keys")
    with source.ledger.read() as conn:
        return export.export(conn, kind, out, **kwargs)  # type: ignore[arg-type]


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def _unguard(cell: str) -> str:
    return cell[1:] if re.match("'+[" + re.escape("".join(FORMULA_TRIGGERS)) + "]", cell) else cell


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_exports_its_documented_header(source: Source, tmp_path: Path, kind: str) -> None:
    manifest = _export(source, kind, tmp_path / f"{kind}.csv")
    rows = _read(tmp_path / f"{kind}.csv")
    assert rows[0] == list(KINDS[kind].names)
    assert len(rows) - 1 == manifest.rows
    assert all(len(row) == len(rows[0]) for row in rows)
    # the count (progress total; cheaper FROM for the big kinds) agrees with the rows, filtered or not
    june = export.Filters(dt.date(2026, 6, 1), dt.date(2026, 6, 30)) if KINDS[kind].event_date else export.Filters()
    with source.ledger.read() as conn:
        assert export.count(conn, KINDS[kind], export.Filters()) == manifest.rows
        filtered = export.export(conn, kind, tmp_path / "june.csv", filters=june).rows
        assert export.count(conn, KINDS[kind], june) == filtered


def test_csv_bytes_bom_crlf_and_rfc4180_quoting(source: Source, tmp_path: Path) -> None:
    _export(source, "hazards", tmp_path / "h.csv")
    data = (tmp_path / "h.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfnumber,uuid,")
    assert data.count(b"\r\n") >= 10
    assert b"\r\n" not in data.replace(b"\r\n", b"")  # no bare CR; newlines inside cells are quoted \n
    text = data.decode("utf-8-sig")
    assert '"say ""hi"", then, leave"' in text  # quotes doubled, the cell quoted for its commas
    assert '"第一行\n第二行,\n""第三行"""' in text


@pytest.mark.parametrize("headers", ["keys", "labels"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_csv_bytes_are_those_of_the_utf8_sig_writer(source: Source, tmp_path: Path, kind: str, headers: str) -> None:
    """The BOM is written by hand (issue 14, for speed): the bytes stay exactly those of a csv.writer on a
    ``utf-8-sig`` file fed the rows of the same SELECT, as exports were written before."""
    manifest = _export(source, kind, tmp_path / "ours.csv", headers=headers)
    statement, params = export.query(KINDS[kind], export.Filters(), headers)
    with source.ledger.read() as conn:
        rows = conn.exec_driver_sql(statement, params).all()
    with (tmp_path / "reference.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header_row(KINDS[kind], headers))
        writer.writerows(tuple(row) for row in rows)
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "reference.csv").read_bytes()
    assert manifest.rows == len(rows)
    assert manifest.sha256 == export.file_digest(tmp_path / "reference.csv")[0]


def test_formula_guard_and_round_trip_through_the_csv_module(source: Source, tmp_path: Path) -> None:
    _export(source, "hazards", tmp_path / "h.csv")
    rows = _read(tmp_path / "h.csv")
    header = rows[0]
    descriptions = [row[header.index("description")] for row in rows[1:]]
    by_text = {text: next(d for d in descriptions if _unguard(d) == text) for text in HOSTILE.values()}
    assert by_text[HOSTILE["formula"]] == "'" + HOSTILE["formula"]
    assert by_text[HOSTILE["plus"]] == "'+1"
    assert by_text[HOSTILE["minus"]] == "'-2+3"
    assert by_text[HOSTILE["at"]] == "'@SUM(A1)"
    assert by_text[HOSTILE["apostrophe_formula"]] == "''=1+1"  # reversible: one ' added, one removed
    assert by_text[HOSTILE["apostrophes"]] == "''abc"  # no trigger after the apostrophes: unchanged
    assert by_text[HOSTILE["chinese"]] == HOSTILE["chinese"]
    for row in rows[1:]:  # no cell of the file starts a formula
        for cell in row:
            assert cell[:1] not in FORMULA_TRIGGERS, cell
    # the 三违 stopper typed as "@王五", a name column (not only long texts)
    violations = _export(source, "violations", tmp_path / "v.csv")
    assert violations.rows == 2
    assert "'@王五" in {row[KINDS["violations"].names.index("stopped_by_name")] for row in _read(tmp_path / "v.csv")}


def test_void_records_are_included_with_flag_and_reason(source: Source, tmp_path: Path) -> None:
    _export(source, "violations", tmp_path / "v.csv")
    rows = _read(tmp_path / "v.csv")
    names = rows[0]
    voided = [r for r in rows[1:] if r[names.index("voided")] == "1"]
    assert [r[names.index("void_reason")] for r in voided] == ["录错了"]
    _export(source, "hazards", tmp_path / "h.csv")
    hrows = _read(tmp_path / "h.csv")
    h = hrows[0]
    assert {(r[h.index("status")], r[h.index("void_reason")]) for r in hrows[1:] if r[h.index("voided")] == "1"} == {
        ("voided", "重复登记")
    }


def test_xlsx_keeps_text_as_text(source: Source, tmp_path: Path) -> None:
    import openpyxl

    manifest = _export(source, "hazards", tmp_path / "h.xlsx", fmt="xlsx")
    book = openpyxl.load_workbook(tmp_path / "h.xlsx")
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    assert header == list(KINDS["hazards"].names)
    assert len(rows) - 1 == manifest.rows
    description = header.index("description")
    cells = {row[description].value: row[description] for row in rows[1:]}
    guarded = cells["'" + HOSTILE["formula"]]
    assert guarded.data_type == "s"  # a string cell, not a formula
    assert cells[HOSTILE["chinese"]].data_type == "s"
    assert all(c.data_type != "f" for row in rows for c in row)
    version = rows[1][header.index("version")]
    assert version.data_type == "n" and isinstance(version.value, int)


def test_filters_by_event_date_and_modified_time(source: Source, tmp_path: Path) -> None:
    may = _export(
        source, "hazards", tmp_path / "may.csv", filters=export.Filters(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    )
    assert may.rows == len(HOSTILE)
    rows = _read(tmp_path / "may.csv")
    found = rows[0].index("found_date")
    assert all("2026-05-01" <= r[found] <= "2026-05-31" for r in rows[1:])
    late = export.Filters(modified_since=dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    assert _export(source, "hazards", tmp_path / "mod.csv", filters=late).rows == len(HOSTILE) + 1
    nothing = export.Filters(modified_until=dt.datetime(2026, 6, 10, tzinfo=dt.UTC))
    assert _export(source, "hazards", tmp_path / "none.csv", filters=nothing).rows == 0
    with pytest.raises(ValidationError, match="no event date"):
        _export(source, "inspectors", tmp_path / "x.csv", filters=export.Filters(date_from=dt.date(2026, 1, 1)))
    with pytest.raises(ValidationError):
        _export(source, "hazards", tmp_path / "x.csv", filters=export.Filters(dt.date(2026, 6, 1), dt.date(2026, 5, 1)))
    assert not (tmp_path / "x.csv").exists()


def test_manifest_records_file_filters_rows_and_chain_head(source: Source, tmp_path: Path) -> None:
    filters = export.Filters(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    manifest = _export(source, "hazards", tmp_path / "h.csv", filters=filters)
    data = json.loads((tmp_path / "h.csv.manifest.json").read_text(encoding="utf-8"))
    with source.ledger.read() as conn:
        seq, digest = audit.chain_head(conn)
    assert data["kind"] == "hazards" and data["file"] == "h.csv" and data["rows"] == manifest.rows
    assert data["filters"]["event_date_from"] == "2026-05-01" and data["filters"]["event_date_to"] == "2026-05-31"
    assert data["audit_chain_head"] == {"seq": seq, "hash": digest}
    assert data["software"]["version"]
    assert data["sha256"] == export.file_digest(tmp_path / "h.csv")[0]
    assert export.verify_manifest(tmp_path / "h.csv.manifest.json").ok


def test_verify_catches_a_tampered_file_and_a_rewritten_chain(source: Source, tmp_path: Path) -> None:
    _export(source, "hazards", tmp_path / "h.csv")
    manifest = tmp_path / "h.csv.manifest.json"
    data = (tmp_path / "h.csv").read_bytes()
    (tmp_path / "h.csv").write_bytes(data.replace("赵六".encode(), "赵七".encode(), 1))
    check = export.verify_manifest(manifest)
    assert not check.ok and any("SHA-256" in p for p in check.problems)
    (tmp_path / "h.csv").write_bytes(data)
    # the same chain position with another hash: the chain was recomputed after the export
    fake = json.loads(manifest.read_text(encoding="utf-8"))
    fake["audit_chain_head"]["hash"] = "f" * 64
    manifest.write_text(json.dumps(fake), encoding="utf-8")
    with source.ledger.read() as conn:
        assert export.verify_manifest(manifest).ok  # the file itself is intact
        problems = export.verify_manifest(manifest, conn).problems
    assert problems and "rewritten" in problems[0]
    (tmp_path / "h.csv").unlink()
    assert "missing" in export.verify_manifest(manifest).problems[0]


def test_cancelled_export_leaves_nothing(source: Source, tmp_path: Path) -> None:
    out = tmp_path / "h.csv"
    out.write_text("the previous export", encoding="utf-8")
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(export.ExportCancelledError):
        _export(source, "audit_events", out, cancelled=cancelled)
    assert out.read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.csv"]  # no temporary file left


def test_unwritable_target_is_a_clear_error(source: Source, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(SafetyWatchError, match="Nothing was exported"):
        _export(source, "hazards", blocker / "h.csv")


def test_progress_reports_rows(source: Source, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    manifest = _export(source, "audit_events", tmp_path / "a.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, manifest.rows) and seen[-1] == (manifest.rows, manifest.rows)


def test_data_dictionary_documents_every_column() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start, end = "<!-- generated: columns -->", "<!-- end generated -->"
    assert text[text.index(start) + len(start) : text.index(end)].strip() == data_dictionary().strip(), (
        "docs/csv-format.md is out of date: paste exchange.columns.data_dictionary() between its markers"
    )


def test_columns_are_only_appended() -> None:
    """released_columns.json holds the column lists as released. Columns are only ever appended: a new
    column goes at the end of its kind (and into that file); nothing may be removed, renamed or reordered."""
    released = json.loads((Path(__file__).parent / "released_columns.json").read_text(encoding="utf-8"))
    assert set(released) <= set(KINDS), "a kind was removed"
    for kind, names in released.items():
        assert list(KINDS[kind].names[: len(names)]) == names, f"{kind}: columns may only be appended at the end"


def test_chinese_headers_and_labels_with_their_manifest(source: Source, tmp_path: Path) -> None:
    """By default an export carries the Chinese headers and the labels of fixed values; the manifest says so
    and verify --manifest checks that header. The audit events keep their keys (the hash chain's input)."""
    manifest = _export(source, "hazards", tmp_path / "h.csv", headers=None)
    rows = _read(tmp_path / "h.csv")
    assert manifest.headers == "labels" and rows[0] == [c.header for c in KINDS["hazards"].columns]
    status = [row[rows[0].index("状态")] for row in rows[1:]]
    assert "已销号" in status and "已作废" in status and "closed" not in status
    assert json.loads(export.manifest_path(tmp_path / "h.csv").read_text(encoding="utf-8"))["headers"] == "labels"
    assert export.verify_manifest(export.manifest_path(tmp_path / "h.csv")).ok
    audit_manifest = _export(source, "audit_events", tmp_path / "a.csv", headers=None)
    assert audit_manifest.headers == "keys" and _read(tmp_path / "a.csv")[0][0] == "seq"
    with pytest.raises(ValidationError):
        _export(source, "hazards", tmp_path / "x.csv", headers="english")
