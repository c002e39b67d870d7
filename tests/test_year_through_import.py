"""A whole year brought in through ``safetywatch import`` only, every kind, and its annual summary (issue 16).

A mine's year is generated (``safetywatch demo``), every importable kind is exported to a file (Chinese headers,
as an auditor or a clerk would keep the registers in Excel/WPS), and those files are imported one by one into a
new database through the command line. The annual summary of the new database must give every figure of the
year that the original gives, in its JSON, its CSV and its PDF.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pypdf
import pytest

from safetywatch.domain.metrics import BY_KEY
from safetywatch.exchange.columns import IMPORTABLE
from tests.test_cli import run_cli

pytestmark = pytest.mark.slow

YEAR = "2025"


def _cli_ok(*args: str) -> str:
    done = run_cli(*args)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


@pytest.fixture(scope="module")
def year_moved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("year")
    source, target, files = folder / "source.db", folder / "target.db", folder / "files"
    files.mkdir()
    _cli_ok("demo", "--db", str(source), "--scale", "mine", "--years", "1", "--until", f"{YEAR}-12-31", "--no-accounts")
    for kind in IMPORTABLE:
        _cli_ok("export", "--db", str(source), "--what", kind, "--out", str(files / f"{kind}.csv"))
    first = True
    for kind in IMPORTABLE:  # reference data first, then the registers, as the import order says
        new = ["--new"] if first else []
        _cli_ok("import", "--db", str(target), *new, "--what", kind, str(files / f"{kind}.csv"), "--operator", "张三")
        first = False
    return source, target, folder


def _annual(db: Path, folder: Path, fmt: str) -> Path:
    out = folder / f"{db.stem}-{YEAR}.{fmt}"
    _cli_ok("report", "--db", str(db), "--year", YEAR, "--format", fmt, "--out", str(out))
    return out


def _this_year(path: Path) -> dict[str, object]:
    report = json.loads(path.read_text(encoding="utf-8"))
    return {metric: row["this_year"] for metric, row in report["summary"].items()}


def test_every_figure_of_the_year_comes_back_through_the_import(year_moved: tuple[Path, Path, Path]) -> None:
    source, target, folder = year_moved
    original = _this_year(_annual(source, folder, "json"))
    imported = _this_year(_annual(target, folder, "json"))
    assert set(imported) == set(original)
    assert {k: (original[k], imported[k]) for k in original if original[k] != imported[k]} == {}
    # the year is not empty: each register brought something in
    for metric in (
        "hazards_found",
        "violations_stopped",
        "suggestions_made",
        "squad_activities",
        "tours",
        "training_sessions",
    ):
        assert isinstance(original[metric], int) and original[metric] > 0, metric
    assert original["duty_shifts_on"] and original["on_duty_rate"]


def test_the_imported_year_s_csv_and_pdf_say_what_its_json_says(year_moved: tuple[Path, Path, Path]) -> None:
    _, target, folder = year_moved
    figures = _this_year(_annual(target, folder, "json"))
    with _annual(target, folder, "csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = {row["metric"]: row["this_year"] for row in csv.DictReader(stream) if row.get("metric") in figures}
    for key, value in figures.items():
        shown = rows[key]
        if value is None:
            assert shown == "", key
        elif BY_KEY[key].is_rate:
            assert float(shown) == pytest.approx(float(str(value))), key
        else:
            assert int(shown) == value, key
    pages = pypdf.PdfReader(io.BytesIO(_annual(target, folder, "pdf").read_bytes())).pages
    text = " ".join(" ".join(page.extract_text() or "" for page in pages).split())
    for key in ("hazards_found", "violations_stopped", "suggestions_made", "tours", "training_sessions"):
        value = figures[key]
        assert f"{BY_KEY[key].label(chinese=True)} {value}" in text, key
