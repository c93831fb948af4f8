"""Ingest stage: turn a file of any supported format into raw page texts.

Each format is one module with a ``read(path, **settings) -> Extracted``
function; this stage only picks the reader by file type and records what it
returned on the document.
"""

from __future__ import annotations

from chitieu.pipeline.document import Document
from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest import doc, docx, images, pdf, sheets, text
from chitieu.pipeline.ingest.base import Extracted
from chitieu.pipeline.registry import stage

READERS = {
    ".txt": ("txt", text.read),
    ".md": ("md", text.read),
    ".markdown": ("md", text.read),
    ".pdf": ("pdf", pdf.read),
    ".docx": ("docx", docx.read),
    ".doc": ("doc", doc.read),
    ".xlsx": ("xlsx", sheets.read),
    ".xls": ("xls", sheets.read),
    ".png": ("image", images.read),
    ".jpg": ("image", images.read),
    ".jpeg": ("image", images.read),
    ".tif": ("image", images.read),
    ".tiff": ("image", images.read),
}
#: Formats people send that chitieu does not read, and what to do instead.
ADVICE = {
    ".rtf": "save it as .docx or PDF",
    ".odt": "save it as .docx or PDF",
    ".ods": "save it as .xlsx",
}


@stage("ingest")
class Ingest:
    def __init__(self, ocr: bool = True, ocr_language: str = "vie", pdf_engine: str = "auto", pdf_tables: bool = True):
        self.settings = {"ocr_enabled": ocr, "ocr_language": ocr_language, "engine": pdf_engine, "tables": pdf_tables}

    def __call__(self, doc: Document) -> Document:
        suffix = doc.source_path.suffix.lower()
        if suffix not in READERS:
            kinds = ", ".join(sorted(READERS))
            advice = f" ({ADVICE[suffix]})" if suffix in ADVICE else ""
            raise InputError(f"unsupported file type '{suffix or '(none)'}'{advice}; chitieu reads {kinds}")
        doc.format, reader = READERS[suffix]
        extracted: Extracted = reader(doc.source_path, **self.settings)
        doc.raw_pages = extracted.pages
        doc.raw_emphasis = extracted.emphasis
        doc.paged = extracted.paged
        doc.ocr_pages = set(extracted.ocr_pages)
        doc.ocr_confidences = extracted.confidences
        doc.warnings.extend(extracted.warnings)
        return doc
