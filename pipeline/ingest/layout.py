"""Running headers, footers and page numbers: text on every page that belongs
to no paragraph, and would otherwise be glued into the sentence that runs
across the page break ("... chiếm tỷ lệ Trang 3/10 17,09%")."""

from __future__ import annotations

from collections import Counter

import regex

#: "3", "- 3 -", "Trang 3", "Trang 3/10", "3/10", "Page 3 of 10".
PAGE_NUMBER = regex.compile(r"(?i)^[\s\-–—]*(?:trang|page)?\s*\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?[\s\-–—]*$")
DIGITS = regex.compile(r"\d+")
#: How many lines at each end of a page may be a header or footer.
EDGE = 3


def _key(line: str) -> str:
    return DIGITS.sub("#", " ".join(line.split()))


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers, and lines repeated at the edge of most pages, from
    each page's lines."""
    edges = [_edge(lines) for lines in pages]
    counts = Counter(key for lines, edge in zip(pages, edges, strict=False) for key in {_key(lines[i]) for i in edge})
    threshold = max(2, len(pages) / 2)
    repeated = {key for key, n in counts.items() if n >= threshold}
    return [
        [
            line
            for i, line in enumerate(lines)
            if i not in edge or not (PAGE_NUMBER.match(line) or _key(line) in repeated)
        ]
        for lines, edge in zip(pages, edges, strict=False)
    ]


def _edge(lines: list[str]) -> set[int]:
    """Indexes of the first and last ``EDGE`` non-blank lines."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    return set(content[:EDGE] + content[-EDGE:])
