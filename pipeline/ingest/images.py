"""Photographed or scanned pages as image files (PNG, JPEG, TIFF): all OCR.

A multi-page TIFF is one document with one page per frame.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.errors import InputError
from pipeline.ingest import ocr
from pipeline.ingest.base import Extracted
from pipeline.ingest.layout import line_pitch, with_paragraph_gaps


def read(path: Path, ocr_enabled: bool = True, ocr_language: str = "vie", **_: object) -> Extracted:
    if not ocr_enabled:
        raise InputError("the file is an image of a page and OCR is turned off ([stages.ingest] ocr = false)")
    ocr.require(ocr_language, "an image of a page")
    try:
        with Image.open(path) as image:
            pages = ocr.ocr_many((frame.copy() for frame in ImageSequence.Iterator(image)), ocr_language)
    except (UnidentifiedImageError, OSError) as exc:
        kind = path.suffix.lstrip(".").upper()
        raise InputError(f"the file is not a readable {kind} image (truncated or corrupt)") from exc
    pitch = line_pitch(pages)
    texts = [with_paragraph_gaps(lines, pitch) for lines in pages]
    return Extracted(pages=texts, paged=True, ocr_pages=list(range(1, len(texts) + 1)))
