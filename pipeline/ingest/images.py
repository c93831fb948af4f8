"""Photographed or scanned pages as image files (PNG, JPEG, TIFF): all OCR.

A multi-page TIFF is one document with one page per frame.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest import ocr
from chitieu.pipeline.ingest.base import Extracted
from chitieu.pipeline.ingest.layout import line_pitch, with_paragraph_gaps


def read(path: Path, ocr_enabled: bool = True, ocr_language: str = "vie", **_: object) -> Extracted:
    if not ocr_enabled:
        raise InputError("the file is an image of a page and OCR is turned off ([stages.ingest] ocr = false)")
    ocr.require(ocr_language, "an image of a page")
    try:
        with warnings.catch_warnings(), Image.open(path) as image:  # over the pixel limit: refused below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            ocr.check_page_count(getattr(image, "n_frames", 1), "the image has")
            pages = ocr.ocr_many(_frames(image), ocr_language)
    except Image.DecompressionBombError as exc:
        millions = 2 * Image.MAX_IMAGE_PIXELS / 1e6  # Pillow's own refusal
        raise InputError(f"the image is over {millions:.0f} million pixels, too large to OCR") from exc
    except (UnidentifiedImageError, OSError) as exc:
        kind = path.suffix.lstrip(".").upper()
        raise InputError(f"the file is not a readable {kind} image (truncated or corrupt)") from exc
    pitch = line_pitch([page.lines for page in pages])
    texts = [with_paragraph_gaps(page.lines, pitch) for page in pages]
    return Extracted(
        pages=texts,
        paged=True,
        ocr_pages=list(range(1, len(texts) + 1)),
        confidences={
            number: ocr.line_confidences(text, page)
            for number, (text, page) in enumerate(zip(texts, pages, strict=True), 1)
        },
    )


def _frames(image: Image.Image) -> Iterator[Image.Image]:
    """Each frame (page) in turn, checked before it is decoded."""
    for number, frame in enumerate(ImageSequence.Iterator(image), 1):
        ocr.check_pixels(*frame.size, f"page {number} of the image" if number > 1 else "the image")
        yield frame.copy()
