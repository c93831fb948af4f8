"""Sentence spans of the normalised text (one paragraph per line).

A sentence ends at a line break or at ".", "!", "?" followed by a space and a
capital, a digit or an opening mark, unless the dot closes an abbreviation
("TP. Huế") or sits inside a number ("1.283"). A line that starts in lower case,
with "%" or with a number and its unit ("3,47%", "1.358 hộ") continues the
sentence of the line before: PDF extraction sometimes leaves a figure split
across lines or pages. A heading ("2. Kết quả", "4.2 Triển khai") does not.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from lexicons import load


class SentenceSplitter:
    def __init__(self) -> None:
        abbreviations = "|".join(regex.escape(a) for a in load("figures")["sentence"]["abbreviations"])
        self._break = regex.compile(
            rf"(?<!\b(?:{abbreviations})|(?:^|\n)[\dIVXLC]{{1,4}}(?:\.\d{{1,2}})*)"  # "TP.", "2.", "4.1."
            rf"(?:\./\.|[.!?…])(?=\s+[\p{{Lu}}\d\"“(\-–+•])"
            rf"|\n(?!\p{{Ll}}(?!\))|%|\d[\d.,/]*\s*(?:%|\p{{Ll}}))"  # not before "a)": a list item
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every non-blank sentence, in order, without outer spaces."""
        spans: list[tuple[int, int]] = []
        start = 0
        for match in self._break.finditer(text):
            end = match.end() if match.group() != "\n" else match.start()
            spans.append((start, end))
            start = match.end()
        spans.append((start, len(text)))
        return [trimmed for span in spans if (trimmed := _trim(text, *span))]


class SentenceIndex:
    """Finds the sentence that holds an offset, by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [start for start, _ in spans]

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._starts, offset) - 1
        return self.spans[i] if i >= 0 else (0, 0)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
