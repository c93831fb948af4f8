"""Extract stage: find figures (value, unit, text, offsets) in the normalised text."""

from __future__ import annotations

import regex

from pipeline.document import Document, Figure
from pipeline.registry import stage

PERCENT = regex.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s?%")


@stage("extract")
class Extract:
    def __call__(self, doc: Document) -> Document:
        for match in PERCENT.finditer(doc.text):
            value = float(match.group(1).replace(".", "").replace(",", "."))
            doc.figures.append(Figure(match.group(0), match.start(), match.end(), value, "percent"))
        return doc
