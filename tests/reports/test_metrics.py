"""The metrics as declared once (``domain.metrics``): docs/report-metrics.md lists them with the same keys,
labels and kinds in the same order, and the bundled font draws every label the screens and the PDF show."""

from __future__ import annotations

from pathlib import Path

from safetywatch.domain.metrics import METRICS
from safetywatch.reports.monthly_pdf import _font_glyphs

DOC = Path(__file__).resolve().parents[2] / "docs" / "report-metrics.md"


def metric_table(text: str) -> list[tuple[str, str, str, str]]:
    """(key, 表1 label, English label, kind) of every row of the table under "## Metrics"."""
    section = text.split("\n## Metrics\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    out = []
    for row in rows:
        key, chinese, english, kind, _definition = (cell.strip() for cell in row.strip().strip("|").split("|"))
        out.append((key.strip("`"), chinese, english, kind))
    return out


def test_the_document_lists_the_declared_metrics() -> None:
    declared = [(m.key, m.chinese, m.english, m.kind.value) for m in METRICS]
    assert metric_table(DOC.read_text(encoding="utf-8")) == declared


def test_a_drifted_document_is_caught() -> None:
    text = DOC.read_text(encoding="utf-8").replace("| 查出隐患（条） |", "| 发现隐患 |", 1)
    assert metric_table(text) != [(m.key, m.chinese, m.english, m.kind.value) for m in METRICS]


def test_the_bundled_font_draws_every_metric_label() -> None:
    """The labels are shown outside the translation catalogue (whose characters another test checks)."""
    glyphs = _font_glyphs()
    labels = [text for m in METRICS for text in (m.chinese, m.english)]
    assert not sorted({c for text in labels for c in text if ord(c) not in glyphs})
