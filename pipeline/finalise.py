"""Finalise stage: provenance every row needs whatever extracted it.

Assigns each figure its page, its innermost section, a stable ``obs_id``
(a hash of the file's content and the figure's offsets: the same input gives
the same id on every run, on every machine) and, for a figure read by OCR, the
lowest confidence of the words it was read from; orders figures by position.
Figures read by OCR with a confidence under ``ocr_low_confidence`` (set in
``pipeline/pipeline.toml``) are named in a warning of their document, to be
checked against the page by eye.
"""

from __future__ import annotations

import hashlib

from chitieu.pipeline.confidence import low_confidence_warning, lowest, text_confidences
from chitieu.pipeline.document import Document
from chitieu.pipeline.registry import stage


def observation_id(sha256: str, char_start: int, char_end: int) -> str:
    return hashlib.sha1(f"{sha256}:{char_start}:{char_end}".encode()).hexdigest()[:16]


@stage("finalise")
class Finalise:
    def __init__(self, ocr_low_confidence: int) -> None:
        self.ocr_low_confidence = ocr_low_confidence

    def __call__(self, doc: Document) -> Document:
        doc.figures.sort(key=lambda f: (f.char_start, f.char_end))
        confidences = text_confidences(doc) if doc.ocr_confidences else []
        for figure in doc.figures:
            if confidences:
                figure.ocr_confidence = lowest(confidences[figure.char_start : figure.char_end])
            if figure.page is None:
                figure.page = doc.page_at(figure.char_start)
            if figure.section_id is None:
                section = doc.section_at(figure.char_start)
                figure.section_id = section.section_id if section else None
            figure.obs_id = observation_id(doc.sha256, figure.char_start, figure.char_end)
        doubtful = [
            f.page for f in doc.figures if f.ocr_confidence is not None and f.ocr_confidence < self.ocr_low_confidence
        ]
        if doubtful:
            doc.warnings.append(low_confidence_warning(doubtful, self.ocr_low_confidence))
        return doc
