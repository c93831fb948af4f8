"""OCR of page images with tesseract and its Vietnamese data.

Tesseract is a system program, not a Python package: a machine without it (or
without ``vie``) gets one plain sentence saying what to install, never a
traceback. It is checked once per process.
"""

from __future__ import annotations

import functools
import shutil

from PIL import Image

from pipeline.errors import InputError

INSTALL_HINT = (
    "install tesseract with its Vietnamese data (apt-get install tesseract-ocr tesseract-ocr-vie, "
    "or run scripts/install-system-deps.sh)"
)
#: Scans are OCR'd at this resolution: tesseract reads 10-12 pt text best near 300 dpi.
DPI = 300


@functools.cache
def missing(language: str) -> str | None:
    """Why OCR in ``language`` cannot run here, or None if it can."""
    if shutil.which("tesseract") is None:
        return f"tesseract is not installed; {INSTALL_HINT}"
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except pytesseract.TesseractError as exc:
        return f"tesseract does not run ({exc}); {INSTALL_HINT}"
    if any(lang not in languages for lang in language.split("+")):
        return f"tesseract has no '{language}' language data; {INSTALL_HINT}"
    return None


def require(language: str, what: str) -> None:
    reason = missing(language)
    if reason:
        raise InputError(f"{what} needs OCR, but {reason}")


def ocr_image(image: Image.Image, language: str = "vie") -> str:
    """The text of one page image, lines separated by newlines."""
    import pytesseract

    image = image.convert("L")
    return pytesseract.image_to_string(image, lang=language, config="--psm 6")
