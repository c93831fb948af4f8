"""Normalise stage: one clean NFC text per document, with page spans.

Real inputs arrive as NFD Unicode, with look-alike characters (``Ð`` U+00D0 for
``Đ``), Markdown markup, and lines hard-wrapped by PDF extraction with blank
lines between them. This stage produces the text every later offset refers to:
NFC, one paragraph per line, markup removed, wrapped lines re-joined with a
single space (never gluing or splitting a word or number), and each table row
on a line of its own, recorded as a table span. The spans ingest marked as set
apart typographically are carried over line by line: a raw line wholly inside
one becomes a span of the normalised text.
"""

from __future__ import annotations

import itertools
import statistics
import unicodedata
from collections.abc import Iterator

import regex

from chitieu.lexicons import load
from chitieu.pipeline.document import Document, Page
from chitieu.pipeline.errors import EmptyDocument
from chitieu.pipeline.registry import stage
from chitieu.pipeline.tablerows import find_tables, is_row
from chitieu.pipeline.textutil import opens_block, starts_lower

#: Characters that are never meant in Vietnamese text, and what they stand for.
CHAR_FIXES = str.maketrans(
    {
        "\u00d0": "Đ",  # Latin capital eth, a common stand-in for Đ
        "\u00f0": "đ",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\u00ad": None,
        "\f": "\n",
        "\v": "\n",
    }
)

MARKDOWN_HEADING = regex.compile(r"^\s{0,3}#{1,6}\s+")
MARKDOWN_EMPHASIS = regex.compile(r"(?<!\w)(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")
STRAY_EMPHASIS = regex.compile(r"^\*{2,3}|\*{2,3}$")
SPACES = regex.compile(r"[ ]{2,}")
TERMINAL = (".", ";", ":", "!", "?")
WRAPPED_DASHES = ("- ", "– ")


def clean_line(line: str) -> str:
    """NFC, look-alike fixes, Markdown removed, spaces folded."""
    line = unicodedata.normalize("NFC", line.translate(CHAR_FIXES))
    line = MARKDOWN_HEADING.sub("", line)
    for _ in range(3):  # nested emphasis such as ***x*** or **_x_**
        stripped = MARKDOWN_EMPHASIS.sub(r"\2", line)
        if stripped == line:
            break
        line = stripped
    line = STRAY_EMPHASIS.sub("", line.strip())
    return SPACES.sub(" ", line).strip()


class Reflow:
    """Decides, line by line, whether a line break is a wrap or a paragraph end."""

    def __init__(self, block_start_words: list[str]):
        self.block_start_words = tuple(block_start_words)

    def is_block_start(self, line: str) -> bool:
        return opens_block(line) or line.startswith(self.block_start_words)

    def wrap_width(self, lines: list[str]) -> int | None:
        """The width a hard-wrapped text was wrapped at, or None if it was not."""
        lengths = [len(line) for line in lines if line]
        if len(lengths) < 8:
            return None
        width = int(statistics.quantiles(lengths, n=10)[8])
        near_width = sum(1 for n in lengths if n >= 0.8 * width)
        if width > 160 or near_width < 0.3 * len(lengths):
            return None
        return width

    def joins(self, prev: str, line: str, width: int | None) -> bool:
        if self.is_block_start(line):
            return False
        if starts_lower(line) or (line[0].isdigit() and not prev.endswith(TERMINAL)):
            return True  # a sentence goes on: "… chiếm tỷ lệ" / "3,47% …"
        if width is None:
            return False
        return len(prev) >= 0.6 * width and not prev.endswith(TERMINAL)

    def continues_block(self, prev: str, line: str, width: int | None) -> bool:
        """Inside a block of lines with no blank line between them, a line goes
        on the paragraph unless it opens a new one, or the line before it ended
        short of the wrap width. A dash after a full line is a wrapped "Văn hóa
        - Xã hội", not a bullet."""
        if width is None:
            return self.joins(prev, line, None)
        full = len(prev) >= 0.8 * width and not prev.endswith(TERMINAL)
        if full and line.startswith(WRAPPED_DASHES):
            return True
        if self.is_block_start(line):
            return False
        ended_short = len(prev) < 0.6 * width
        return not ended_short or starts_lower(line) or line[0].isdigit()

    @staticmethod
    def blank_lines_mark_paragraphs(lines: list[tuple[int, str]]) -> bool:
        """True when blank lines stand between some lines only (a PDF reader's
        paragraph gaps), not between nearly all of them (double-spaced text)."""
        texts = [text for _, text in lines]
        after_blank = sum(1 for before, text in itertools.pairwise(texts) if text and not before)
        filled = sum(1 for text in texts if text)
        return filled >= 8 and after_blank < 0.6 * filled

    def paragraphs(self, lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
        width = self.wrap_width([text for _, text in lines])
        explicit = self.blank_lines_mark_paragraphs(lines)
        paragraphs: list[list[tuple[int, str]]] = []
        blank = False
        for page, text in lines:
            if not text:
                blank = True
                continue
            if paragraphs and self._goes_on(paragraphs[-1][-1], (page, text), blank, explicit, width):
                paragraphs[-1].append((page, text))
            else:
                paragraphs.append([(page, text)])
            blank = False
        return paragraphs

    def _goes_on(
        self, prev: tuple[int, str], line: tuple[int, str], blank: bool, explicit: bool, width: int | None
    ) -> bool:
        if is_row(prev[1]) or is_row(line[1]):  # a table row is a line of its own
            return False
        if explicit and prev[0] == line[0]:  # across a page break, the gap says nothing
            if blank:  # a gap ends the paragraph, unless the sentence plainly goes on
                return self.joins(prev[1], line[1], None)
            return self.continues_block(prev[1], line[1], width)
        return self.joins(prev[1], line[1], width)


LINE_BREAK = regex.compile(r"\r\n|\r|\n")
Span = tuple[int, int]


def raw_lines(page: str, marked: list[Span]) -> Iterator[tuple[str, bool]]:
    """The page's lines, each with whether a marked span holds all its text."""
    start = 0
    for found in itertools.chain(LINE_BREAK.finditer(page), [None]):
        end = found.start() if found else len(page)
        line = page[start:end]
        first, last = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        yield line, first < last and any(a <= first and last <= b for a, b in marked)
        start = found.end() if found else end


def normalise_pages(
    pages: list[str], reflow: Reflow | None, emphasis: list[list[Span]] | None = None
) -> tuple[str, list[Page], list[Span]]:
    """Join the pages into one normalised text; return it, each page's span and
    the spans of ``emphasis`` (per page, spans of its raw text) carried over."""
    emphasis = emphasis or [[] for _ in pages]
    marked_lines = [
        (number, clean_line(line), marked)
        for number, (page, spans) in enumerate(zip(pages, emphasis, strict=True), 1)
        for line, marked in raw_lines(page, spans)
    ]
    lines = [(number, text) for number, text, _ in marked_lines]
    marks = iter([marked for _, text, marked in marked_lines if text])  # paragraphs keep every filled line, in order
    paragraphs = reflow.paragraphs(lines) if reflow else [[line] for line in lines if line[1]]
    parts: list[str] = []
    starts: dict[int, int] = {}
    marked_spans: list[Span] = []
    position = 0
    for paragraph in paragraphs:
        for index, (page, text) in enumerate(paragraph):
            if index:
                parts.append(" ")
                position += 1
            starts.setdefault(page, position)
            if next(marks):
                if index and marked_spans and marked_spans[-1][1] == position - 1:  # a wrapped line goes on
                    marked_spans[-1] = (marked_spans[-1][0], position + len(text))
                else:
                    marked_spans.append((position, position + len(text)))
            parts.append(text)
            position += len(text)
        parts.append("\n")
        position += 1
    text = "".join(parts)
    spans = []
    for number in range(1, len(pages) + 1):
        start = starts.get(number, spans[-1].char_end if spans else 0)
        later = [starts[n] for n in range(number + 1, len(pages) + 1) if n in starts]
        spans.append(Page(number, start, later[0] if later else len(text)))
    return text, spans, marked_spans


@stage("normalise")
class Normalise:
    def __init__(self, reflow: bool = True):
        words = load("layout")["block_start_words"]
        self.reflow = Reflow(words) if reflow else None

    def __call__(self, doc: Document) -> Document:
        doc.text, doc.pages, doc.emphasis = normalise_pages(doc.raw_pages, self.reflow, doc.raw_emphasis)
        doc.tables = find_tables(doc.text)
        for page in doc.pages:
            page.ocr = page.number in doc.ocr_pages
        if not doc.text.strip():
            raise EmptyDocument("the file holds no text")
        return doc
