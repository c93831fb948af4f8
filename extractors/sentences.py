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

from chitieu.lexicons import load

#: Where an over-long sentence may be cut: after a clause mark, else at a space.
CLAUSE_MARK = regex.compile(r"[;,:](?=\s)")
SPACE = regex.compile(r"\s")
#: Where a clause ends inside a sentence: ";", ":", "(", a line break, or "," / "."
#: that is no decimal mark or thousands dot ("42,5"); searched backwards for the last one.
CLAUSE_BREAK = regex.compile(r"[;:\n(]|[,.](?!\d)", regex.REVERSE)


class SentenceSplitter:
    """Sentence spans, none longer than ``max_chars`` (``[sentence]`` in figures.toml):
    a text with no punctuation or line break is cut at clause marks, so every pass
    over a sentence costs the same whatever the input (no quadratic blow-up)."""

    def __init__(self) -> None:
        lexicon = load("figures")["sentence"]
        self.max_chars: int = lexicon["max_chars"]
        abbreviations = "|".join(regex.escape(a) for a in lexicon["abbreviations"])
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
        return [piece for span in spans if (trimmed := _trim(text, *span)) for piece in self._bounded(text, *trimmed)]

    def _bounded(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """``(start, end)`` cut into pieces of at most ``max_chars``, each at the last
        clause mark (else space) of its window; a window with neither is cut hard."""
        pieces = []
        while end - start > self.max_chars:
            window = (start + self.max_chars // 2, start + self.max_chars)
            marks = list(CLAUSE_MARK.finditer(text, *window)) or list(SPACE.finditer(text, *window))
            cut = marks[-1].end() if marks else window[1]
            if trimmed := _trim(text, start, cut):
                pieces.append(trimmed)
            start = cut
        if trimmed := _trim(text, start, end):
            pieces.append(trimmed)
        return pieces


class SentenceIndex:
    """Finds the sentence that holds an offset, by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [start for start, _ in spans]

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._starts, offset) - 1
        return self.spans[i] if i >= 0 else (0, 0)


def clause_start(text: str, sentence_start: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last clause break between
    the start of its sentence and ``pos`` ("Dự toán giao 500 tỷ đồng, | giải ngân đạt")."""
    found = CLAUSE_BREAK.search(text, sentence_start, pos)
    return found.end() if found else sentence_start


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
