"""Ingest stage: turn a file of any supported format into raw page texts.

Each format is one module with a ``read(path, **settings) -> Extracted``
function; this stage only picks the reader by file type and records what it
returned on the document.
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.errors import InputError
from pipeline.ingest.base import Extracted
from pipeline.ingest import text
from pipeline.registry import stage

READERS = {
    ".txt": ("txt", text.read),
    ".md": ("md", text.read),
    ".markdown": ("md", text.read),
}


@stage("ingest")
class Ingest:
    def __init__(self, **settings):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        suffix = doc.source_path.suffix.lower()
        if suffix not in READERS:
            kinds = ", ".join(sorted(READERS))
            raise InputError(f"unsupported file type '{suffix or '(none)'}'; chitieu reads {kinds}")
        doc.format, reader = READERS[suffix]
        extracted: Extracted = reader(doc.source_path)
        doc.raw_pages = extracted.pages
        doc.paged = extracted.paged
        doc.ocr_pages = set(extracted.ocr_pages)
        doc.warnings.extend(extracted.warnings)
        return doc
