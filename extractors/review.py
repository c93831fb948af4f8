"""Figures as a spaCy ``Doc``, for review with displaCy.

Extraction itself runs on compiled regular expressions (fast, no tokeniser);
spaCy earns its place here, where a reviewer wants the figures highlighted in
their text with every attribute at hand. It is imported only when a review is
asked for, so it costs nothing on the hot path.

    chitieu review report.pdf --out review.html
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from typing import TYPE_CHECKING

from pipeline.document import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPANS_KEY = "figures"
#: Figure fields exposed on each span as ``span._.<name>``.
ATTRIBUTES = [
    "value",
    "unit",
    "value_max",
    "denominator",
    "unit_noun",
    "per",
    "qualifier",
    "status",
    "period",
    "subject",
]


@cache
def _nlp() -> Language:
    import spacy
    from spacy.tokens import Span

    for name in ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    return spacy.blank("xx")  # Vietnamese needs pyvi; a figure needs only character offsets


def to_spacy(doc: Document) -> Doc:
    """The document's text with one span per figure, labelled with its indicator."""
    sdoc = _nlp().make_doc(doc.text)
    spans = []
    for figure in doc.figures:
        span = sdoc.char_span(figure.char_start, figure.char_end, label=figure.indicator, alignment_mode="expand")
        if span is None:
            continue
        values = asdict(figure)
        for name in ATTRIBUTES:
            span._.set(name, values[name])
        spans.append(span)
    sdoc.spans[SPANS_KEY] = spans
    return sdoc


def render(doc: Document) -> str:
    """An HTML page with every figure highlighted and labelled by displaCy."""
    from spacy import displacy

    return displacy.render(to_spacy(doc), style="span", options={"spans_key": SPANS_KEY}, page=True)
