"""Page layout that survives text extraction: paragraph gaps, and running
headers, footers and page numbers. The latter are text on every page that
belongs to no paragraph, and would otherwise be glued into the sentence that
runs across the page break ("... chiếm tỷ lệ Trang 3/10 17,09%")."""

from __future__ import annotations

import functools
import itertools
import logging
import statistics
from collections import Counter
from typing import NamedTuple

import regex

from chitieu.lexicons import load, word_list
from chitieu.pipeline.tablerows import is_row

#: "3", "- 3 -", "Trang 3", "Trang 3/10", "3/10", "Page 3 of 10"; not a year such as "2020".
PAGE_NUMBER = regex.compile(
    r"(?i)^[\s\-–—]*(?:(?:trang|page)\s*\d{1,4}|\d{1,3})(?:\s*(?:/|of|trên)\s*\d{1,4})?[\s\-–—]*$"
)
DIGITS = regex.compile(r"\d+")
#: How many lines at each end of a page may be a header or footer.
EDGE = 3

log = logging.getLogger(__name__)


def _key(line: str) -> str:
    return DIGITS.sub("#", " ".join(line.split()))


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers, and lines repeated at the edge of most pages, from
    each page's lines. Table rows stay: a table's header repeated on every page
    is no running header."""
    edges = [_edge(lines) for lines in pages]
    counts = Counter(key for lines, edge in zip(pages, edges, strict=False) for key in {_key(lines[i]) for i in edge})
    threshold = max(2, len(pages) / 2)
    repeated = {key for key, n in counts.items() if n >= threshold}
    return [
        [
            line
            for i, line in enumerate(lines)
            if i not in edge or is_row(line) or not (PAGE_NUMBER.match(line) or _key(line) in repeated)
        ]
        for lines, edge in zip(pages, edges, strict=False)
    ]


def _edge(lines: list[str]) -> set[int]:
    """Indexes of the first and last ``EDGE`` non-blank lines."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    return set(content[:EDGE] + content[-EDGE:])


#: A vertical gap this many times the usual line pitch separates paragraphs.
PARAGRAPH_GAP = 1.4

#: A page as its lines: (text, baseline y growing downwards, None if unknown).
Lines = list[tuple[str, float | None]]


def line_pitch(pages: list[Lines]) -> float:
    """The usual distance between the baselines of consecutive lines. It is the
    smallest common step, not the median: where most paragraphs are one line
    long, the median step is the paragraph gap itself."""
    steps = []
    for lines in pages:
        ys = [y for _, y in lines if y is not None]
        steps += [b - a for a, b in itertools.pairwise(ys) if b > a]
    if not steps:
        return 0.0
    median = statistics.median(steps)
    return min(step for step in steps if step >= 0.6 * median)


def with_paragraph_gaps(lines: Lines, pitch: float) -> str:
    """The page's text, with a blank line where the gap above a line is wider
    than the usual pitch (normalise reads it as a paragraph end)."""
    out: list[str] = []
    previous = None
    for text, y in lines:
        if previous is not None and y is not None and pitch and not 0 < y - previous <= PARAGRAPH_GAP * pitch:
            out.append("")
        out.append(text)
        previous = y if y is not None else previous
    return "\n".join(out)


#: Characters [start, end) of a text.
Span = tuple[int, int]


class LineStyle(NamedTuple):
    """How a line is set, from its ends: the fonts of its first and last
    letters, the size of the first, and how many characters the line has (its
    weight in the body size)."""

    fonts: tuple[str, ...]
    size: float
    letters: int


class Typography:
    """Tells the lines set apart from the body text: bold (by font name, which
    both PDF readers see alike) or larger than the body size, the size most of
    the document's letters are set in. Cues in ``[emphasis]`` of ``lexicons/structure.toml``."""

    def __init__(self) -> None:
        self.bold_words = tuple(word.lower() for word in word_list("structure", "emphasis", "bold_font_words"))
        self.larger_than_body = float(load("structure")["emphasis"]["larger_than_body"])

    def is_bold(self, font: str) -> bool:
        name = font.rpartition("+")[2].lower()  # "BCDFEE+TimesNewRomanPS-BoldMT": a subset's tag first
        return any(word in name for word in self.bold_words)

    def set_apart(self, pages: list[list[LineStyle | None]]) -> list[set[int]]:
        """For each page, the indexes of its lines (None: a line without letters)
        set bold or larger than the body. The body size is the document's: a page
        of footnotes or of a table has more small letters than text."""
        by_size: Counter[float] = Counter()
        for style in itertools.chain.from_iterable(pages):
            if style:
                by_size[round(style.size * 2) / 2] += style.letters  # 14.04 and 14.0 are one size
        body = by_size.most_common(1)[0][0] if by_size else 0.0
        return [
            {
                index
                for index, style in enumerate(styles)
                if style and (all(map(self.is_bold, style.fonts)) or style.size >= self.larger_than_body * body)
            }
            for styles in pages
        ]


@functools.cache
def typography() -> Typography:
    return Typography()


def kept_lines(page: list[str], lines: Lines) -> list[int | None]:
    """For each line of ``page``, the index in ``lines`` of the line it was kept
    from; None for a blank line put in. ``page`` holds the texts of ``lines`` in
    their order, with blank lines added and running lines dropped, so each is
    matched to the next line of ``lines`` with the same text. A line found
    nowhere after the last match was edited on the way, which no step should do:
    it is logged and left unmatched, and the lines after it are still matched."""
    found: list[int | None] = []
    cursor = 0
    for text in page:
        index = next((i for i in range(cursor, len(lines)) if lines[i][0] == text), None) if text else None
        if index is not None:
            cursor = index + 1
        elif text:
            log.warning("a kept line no longer matches any line read from the page: %r", text)
        found.append(index)
    return found


def spans_of_lines(page: list[str], lines: Lines, marked: set[int]) -> list[Span]:
    """Spans, in the page text ``"\n".join(page)``, of the ``marked`` lines of
    ``lines`` (see ``kept_lines``)."""
    spans: list[Span] = []
    position = 0
    for text, index in zip(page, kept_lines(page, lines), strict=True):
        if index in marked:
            spans.append((position, position + len(text)))
        position += len(text) + 1
    return spans
