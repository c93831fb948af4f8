"""The review view: figures as spaCy spans with their attributes, drawn by displaCy."""

from __future__ import annotations

from pathlib import Path

from extractors.review import SPANS_KEY, render, to_spacy
from pipeline.document import Document
from tests.test_figures import Setting, analyse


def _document(text: str) -> Document:
    doc = Document("t", Path("t.txt"))
    doc.text = text
    doc.figures = analyse(text, Setting())
    return doc


def test_each_figure_is_a_span_with_its_attributes() -> None:
    text = "Năm 2023, xã còn 96 hộ nghèo, chiếm 3,1%; kinh phí hỗ trợ 1,5 tỷ đồng."
    sdoc = to_spacy(_document(text))
    spans = sdoc.spans[SPANS_KEY]
    assert [(s.text, s.label_) for s in spans] == [
        ("96 hộ", "poor_households"),
        ("3,1%", "poor_household_rate"),
        ("1,5 tỷ đồng", "funds_vnd"),
    ]
    assert [(s._.value, s._.unit, s._.period) for s in spans] == [
        (96, "count", "2023"),
        (3.1, "percent", "2023"),
        (1_500_000_000, "vnd", "2023"),
    ]


def test_render_labels_the_figures() -> None:
    html = render(_document("Toàn huyện có 1.204 hộ nghèo."))
    assert "poor_households" in html and "1.204" in html
