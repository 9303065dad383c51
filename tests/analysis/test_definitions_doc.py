"""docs/metrics.md states each figure's definition exactly as the app and the report do."""

from pathlib import Path

from vsm_desktop.analysis.definitions import DEFINITIONS

METRICS_DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"


def test_metrics_doc_holds_every_definition_word_for_word():
    text = METRICS_DOC.read_text(encoding="utf-8")
    for label, definition in DEFINITIONS.values():
        assert f"## {label}\n\n{definition}\n" in text, label
