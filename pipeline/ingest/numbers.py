"""Repair of numbers broken by OCR, applied only to OCR'd text.

Tesseract reads the digit one as ``l``/``I`` and zero as ``O``/``o`` and puts
spaces after the separators of a grouped number ("293. 132", "4, l 2%"). The
rules below are a table of (pattern, replacement) applied in order, so that a
new mistake is one row, not new code.
"""

from __future__ import annotations

import re

_DIGIT_LIKE = "[\\dlIOo]"
#: (pattern, replacement), applied in this order.
REPAIRS: list[tuple[re.Pattern[str], str]] = [
    # A space after a separator, before a 3-digit group or a percentage: "293. 132", "4, 12%".
    (re.compile(r"(?<=\d[.,]) +(?=\d{3}(?!\d)|[\dlI](?: ?[\dlI])*\s?%)"), ""),
    # Spaces between single digits of a percentage: "1 2%" -> "12%".
    (re.compile(r"(?<=[\d.,])(?:(?<=\d) |(?<=[.,]))?([\dlI]) (?=[\dlI]\s?%)"), r"\1"),
]
_NUMBER_TOKEN = re.compile(rf"(?<![^\W\d_]){_DIGIT_LIKE}*\d{_DIGIT_LIKE}*(?:[.,]{_DIGIT_LIKE}+)*(?![^\W\d_])")
_ONE_ZERO = str.maketrans("lIOo", "1100")


def _fix_letters(match: re.Match[str]) -> str:
    token = match.group()
    return token.translate(_ONE_ZERO) if any(c.isdigit() for c in token) else token


def repair_numbers(text: str) -> str:
    """``text`` with numbers split or misread by OCR put back together."""
    for pattern, replacement in REPAIRS:
        text = pattern.sub(replacement, text)
    return _NUMBER_TOKEN.sub(_fix_letters, text)
