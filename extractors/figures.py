"""Extract stage: find figures (value, unit, text, offsets) in the normalised text.

A figure is a number token of a well-formed shape followed by what it counts:
"%", a money marker (with or without a scale word), or a counting word from
``lexicons/figures.toml``. Everything else a number can be (a date, a year, a
period, a document or phone number, a heading number, an age, a duration, a
count about the document itself) is ruled out by its shape or by the words
around it, so the same rules hold for reports this code has never seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex
from underthesea import word_tokenize

from extractors.numbers import DOT_DECIMAL, NUMBER, RATIO, TOKEN, YEAR, is_number, parse_decimal
from extractors.phrases import alternation, squash, tagged_alternation
from extractors.sentences import SentenceIndex, SentenceSplitter
from lexicons import load
from pipeline.document import Document, Figure
from pipeline.registry import stage

#: E-mail addresses and web links: digits inside them are never figures.
ADDRESS = regex.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+", regex.IGNORECASE)
#: "481/KH-UBND", "05-CT/TW": a number glued to letters is part of an identifier.
IDENTIFIER_TAIL = regex.compile(r"[/\-]\p{L}")
#: "1." or "a)" opening a line: heading and list numbering.
HEADING_TAIL = regex.compile(r"[.)]")


@dataclass
class Unit:
    """What follows a number: its unit, the counting word, the scale, where it ends."""

    unit: str
    end: int
    scale: Decimal = Decimal(1)
    noun: str = ""
    extra: Decimal = Decimal(0)  # the smaller parts of "3 tỷ 500 triệu đồng"

    def value(self, number: Decimal) -> float:
        return float(number * self.scale + self.extra)


@dataclass
class Quantity:
    start: int
    end: int
    value: float
    unit: str
    value_max: float | None = None
    denominator: float | None = None
    unit_noun: str = ""


class FigureFinder:
    """Finds every figure in a text; built once, from the lexicon."""

    def __init__(self) -> None:
        lex = load("figures")
        scales = alternation(lex["scale"])
        self._scale_of = {squash(word): Decimal(str(value)) for word, value in lex["scale"].items()}
        per_period = alternation(lex["percent"]["per_period"])
        self._percent = regex.compile(
            rf"\s*(?:{alternation(lex['percent']['markers'])})(?:\s*/\s*(?:{per_period})(?!\w))?", regex.IGNORECASE
        )
        not_money = alternation(lex["money"]["not_money"])
        self._money = regex.compile(
            rf"\s*(?:(?P<scale>{scales})(?P<parts>(?:\s+{NUMBER.pattern}\s*(?:{scales}))*)\s*)?"
            rf"(?:{alternation(lex['money']['markers'])})(?!\w)(?!\s+(?:{not_money})(?!\w))",
            regex.IGNORECASE,
        )
        self._part = regex.compile(rf"(?P<number>{NUMBER.pattern})\s*(?P<scale>{scales})", regex.IGNORECASE)
        self._scaled = regex.compile(rf"\s*(?P<scale>{scales})(?!\w)", regex.IGNORECASE)
        words, self._tag_of = tagged_alternation(
            {
                "classifier": lex["count"]["classifiers"],
                "noun": lex["count"]["nouns"],
                "exclude": lex["exclude"]["after"],
            }
        )
        self._count = regex.compile(rf"\s+(?P<word>{words})(?!\w)", regex.IGNORECASE)
        self._lower_word = regex.compile(r"[ \t]+(?=\p{Ll})")
        self._not_nouns = {squash(w) for w in lex["count"]["not_nouns"] + lex["subject"]["stop"]}
        self._noun = regex.compile(rf"\s+(?:{alternation(lex['count']['nouns'])})(?!\w)", regex.IGNORECASE)
        self._ratio_words = regex.compile(
            rf"(?P<part>{NUMBER.pattern})\s+(?:{alternation(lex['ratio']['words'])})\s+(?P<whole>{NUMBER.pattern})(?![\d.,/])",
            regex.IGNORECASE,
        )
        self._range = regex.compile(rf"\s*(?:{alternation(lex['range']['separators'])})\s*", regex.IGNORECASE)
        barred = alternation(lex["exclude"]["before"] + lex["exclude"]["vague"])
        self._barred_before = regex.compile(rf"(?<!\w)(?:{barred})\s*$", regex.IGNORECASE)

    def find(self, text: str) -> list[Quantity]:
        addresses = [m.span() for m in ADDRESS.finditer(text)]
        found: list[Quantity] = []
        resume = 0
        for token in TOKEN.finditer(text):
            if token.start() < resume or any(a <= token.start() < b for a, b in addresses):
                continue
            quantity = self._read(text, token)
            if quantity is not None:
                found.append(quantity)
                resume = quantity.end
        return found

    def _read(self, text: str, token: regex.Match[str]) -> Quantity | None:
        """The figure that starts at ``token``, or None if it is no figure."""
        start, end, raw = token.start(), token.end(), token.group()
        if self._is_label(text, start, end):
            return None
        ratio, ratio_end = RATIO.fullmatch(raw), end
        if ratio is None and (ratio := self._ratio_words.match(text, start)):
            ratio_end = ratio.end()
        if ratio:
            unit = self._unit(text, ratio_end)
            if unit is None or unit.unit == "vnd":
                return None
            value = parse_decimal(ratio["part"]) * unit.scale
            whole = parse_decimal(ratio["whole"]) * unit.scale
            return Quantity(start, unit.end, float(value), unit.unit, None, float(whole), unit.noun)
        if DOT_DECIMAL.fullmatch(raw):
            unit = self._unit(text, end)
            if unit is None or not (unit.unit == "percent" or unit.scale > 1):
                return None
            return Quantity(start, unit.end, unit.value(Decimal(raw)), unit.unit, None, None, unit.noun)
        if not is_number(raw):
            return None
        first = parse_decimal(raw)
        unit = self._unit(text, end)
        if unit is None and (bare := self._scaled.match(text, end)):
            # "từ 1 tỷ đến 1 tỷ 200 triệu đồng": a scale word now, the unit after the range
            unit = Unit("", bare.end(), self._scale(bare["scale"]))
        span = self._range_end(text, unit.end if unit else end, first, unit)
        if span is not None:
            low, high, unit = span
            return Quantity(start, unit.end, low, unit.unit, high, None, unit.noun)
        if unit is None or not unit.unit or (unit.unit == "count" and YEAR.fullmatch(raw)):
            return None
        return Quantity(start, unit.end, unit.value(first), unit.unit, None, None, unit.noun)

    def _is_label(self, text: str, start: int, end: int) -> bool:
        """A date, a period, an identifier, a heading number or a vague amount."""
        if IDENTIFIER_TAIL.match(text, end):
            return True
        line_start = start == 0 or text[start - 1] == "\n"
        if line_start and HEADING_TAIL.match(text, end):
            return True
        return self._barred_before.search(text, max(0, start - 24), start) is not None

    def _range_end(self, text: str, pos: int, first: Decimal, unit: Unit | None) -> tuple[float, float, Unit] | None:
        """Both ends of "2,0 - 2,5%", "từ 2 đến 3 tỷ đồng", "2% - 3%", if a range follows.

        A bare first end takes the unit and scale of the second ("2 đến 3 tỷ"); a
        first end with only a scale word (``unit.unit == ""``) keeps its own scale."""
        sep = self._range.match(text, pos)
        if sep is None:
            return None
        token = TOKEN.match(text, sep.end())
        if token is None or not is_number(token.group()):
            return None
        last_unit = self._unit(text, token.end())
        if last_unit is None or (unit is not None and unit.unit not in ("", last_unit.unit)):
            return None
        low = unit.value(first) if unit else float(first * last_unit.scale)
        high = last_unit.value(parse_decimal(token.group()))
        return (low, high, last_unit) if high > low else None

    def _unit(self, text: str, pos: int) -> Unit | None:
        if match := self._percent.match(text, pos):
            return Unit("percent", match.end())
        if match := self._money.match(text, pos):
            parts = self._part.finditer(match["parts"] or "")
            extra = sum((parse_decimal(p["number"]) * self._scale(p["scale"]) for p in parts), Decimal(0))
            return Unit("vnd", match.end(), self._scale(match["scale"]), extra=extra)
        scale = Decimal(1)
        if match := self._scaled.match(text, pos):
            scale, pos = self._scale(match["scale"]), match.end()
        match = self._count.match(text, pos)
        if match is None:
            return self._unlisted_noun(text, pos, scale)
        tag = self._tag_of.get(squash(match["word"]))
        if tag == "exclude":
            return None
        end = match.end()
        if tag == "classifier" and (noun := self._noun.match(text, end)):
            end = noun.end()
        return Unit("count", end, scale, squash(match["word"]))

    def _unlisted_noun(self, text: str, pos: int, scale: Decimal) -> Unit | None:
        """A counting word the lexicon does not list: the first word (as underthesea
        segments it) of a lower-case phrase that is not a function word."""
        space = self._lower_word.match(text, pos)
        if space is None:
            return None
        start = space.end()
        words = word_tokenize(text[start : start + 40])
        if not words or squash(words[0]) in self._not_nouns or not words[0][0].islower():
            return None
        first = words[0]
        end = start + len(first)
        if text[start:end] != first:  # the segmenter normalised spacing: not a plain word
            return None
        return Unit("count", end, scale, squash(first))

    def _scale(self, word: str | None) -> Decimal:
        return self._scale_of[squash(word)] if word else Decimal(1)


@stage("extract")
class Extract:
    def __init__(self) -> None:
        self.finder = FigureFinder()
        self.splitter = SentenceSplitter()

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        sentences = SentenceIndex(self.splitter.spans(text))
        for q in self.finder.find(text):
            if doc.table_at(q.start) is not None:  # the table stage reads cells with their headers
                continue
            s_start, s_end = sentences.at(q.start)
            s_end = max(s_end, q.end)
            doc.figures.append(
                Figure(
                    text=text[q.start : q.end],
                    char_start=q.start,
                    char_end=q.end,
                    value=q.value,
                    unit=q.unit,
                    value_max=q.value_max,
                    denominator=q.denominator,
                    unit_noun=q.unit_noun,
                    sentence=text[s_start:s_end].replace("\n", " "),
                    sentence_start=s_start,
                    sentence_end=s_end,
                )
            )
        return doc
