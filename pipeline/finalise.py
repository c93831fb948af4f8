"""Finalise stage: provenance every row needs whatever extracted it.

Assigns each figure its page, its innermost section and a stable ``obs_id``
(a hash of the file's content and the figure's offsets: the same input gives
the same id on every run, on every machine), and orders figures by position.
"""

from __future__ import annotations

import hashlib

from chitieu.pipeline.document import Document
from chitieu.pipeline.registry import stage


def observation_id(sha256: str, char_start: int, char_end: int) -> str:
    return hashlib.sha1(f"{sha256}:{char_start}:{char_end}".encode()).hexdigest()[:16]


@stage("finalise")
class Finalise:
    def __call__(self, doc: Document) -> Document:
        doc.figures.sort(key=lambda f: (f.char_start, f.char_end))
        for figure in doc.figures:
            if figure.page is None:
                figure.page = doc.page_at(figure.char_start)
            if figure.section_id is None:
                section = doc.section_at(figure.char_start)
                figure.section_id = section.section_id if section else None
            figure.obs_id = observation_id(doc.sha256, figure.char_start, figure.char_end)
        return doc
