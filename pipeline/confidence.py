"""How sure OCR was of each figure: tesseract's word confidences, carried
character by character from the words it read to the normalised text.

Each character OCR read carries the confidence (0-100) of its word; what OCR
did not read (the space it put between two words, the bars between table
cells, every character of a text layer, DOCX or text file) carries None. The
edits made on the way (numbers repaired, Unicode composed, spaces folded) carry
each character's confidence with it, so a figure's confidence is the lowest
over the characters of its text: that of the least sure word it was read from.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from chitieu.pipeline.document import Document
from chitieu.pipeline.normalise import clean_line

#: The confidence of each character of a text, None where OCR read nothing.
Confidences = list[int | None]


def lowest(confidences: Confidences) -> int | None:
    """The lowest confidence in ``confidences``; None if none was read by OCR."""
    return min((c for c in confidences if c is not None), default=None)


def carry(old: str, new: str, confidences: Confidences) -> Confidences:
    """The confidences of ``new``, an edit of ``old``: a kept character keeps its
    own, a replaced run ("l" → "1", a decomposed letter composed) takes the lowest
    of what it replaced, an inserted character has none."""
    if old == new:
        return list(confidences)
    carried: Confidences = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            carried += confidences[i1:i2]
        elif tag == "replace":
            carried += [lowest(confidences[i1:i2])] * (j2 - j1)
        elif tag == "insert":
            carried += [None] * (j2 - j1)
    return carried


def joined(parts: list[tuple[str, Confidences]], separator: str) -> tuple[str, Confidences]:
    """Texts joined by ``separator`` (which OCR did not read), with their confidences."""
    text, confidences = "", []
    for index, (part, part_confidences) in enumerate(parts):
        if index:
            text += separator
            confidences += [None] * len(separator)
        text += part
        confidences += part_confidences
    return text, confidences


def text_confidences(doc: Document) -> Confidences:
    """The confidence of each character of ``doc.text``. Normalise puts every
    non-blank line of a page, cleaned, into the text in order from the page's
    start (joined to the line before by a space or a line break), so each OCR'd
    line is found right after the one before it. Ingest gives one entry per
    line of the raw page, so the counts must agree."""
    found: Confidences = [None] * len(doc.text)
    for number, lines in doc.ocr_confidences.items():
        cursor = doc.pages[number - 1].char_start
        for line, confidences in zip(doc.raw_pages[number - 1].split("\n"), lines, strict=True):
            cleaned = clean_line(line)
            at = doc.text.find(cleaned, cursor) if cleaned else -1
            if at < 0:
                continue
            if confidences:
                found[at : at + len(cleaned)] = carry(line, cleaned, confidences)
            cursor = at + len(cleaned)
    return found


def low_confidence_warning(pages: list[int | None], threshold: int) -> str:
    """The document's warning for figures read by OCR with a confidence under ``threshold``, on ``pages``."""
    count = len(pages)
    on = sorted({page for page in pages if page is not None})
    where = f" (page{'s' if len(on) > 1 else ''} {', '.join(map(str, on))})" if on else ""
    figures, them = ("figure", "it") if count == 1 else ("figures", "them")
    return (
        f"{count} {figures} read by OCR with confidence under {threshold}{where}: "
        f"check {them} against the page (ocr_confidence column)"
    )
