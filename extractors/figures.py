"""Extract stage: find figures (value, unit, per, text, offsets) in the normalised text.

A figure is a number token of a well-formed shape followed by what it measures: a
unit from the table in ``lexicons/units.toml`` ("%", "đồng", "tỷ USD", "hecta",
"điểm phần trăm", "gấp … lần" …, with or without scale words), or a counting word
from ``lexicons/figures.toml``; then what it is divided by ("/hộ", "mỗi năm": the
``per`` column). Everything else a number can be (a date, a year, a period or a term
of office, a document or phone number, a heading number, an age, a duration, a count
about the document itself, a footnote marker, part of a name or an address, a number
in a rule, a threshold or an example) is ruled out by its shape or by the words
around it, so the same rules hold for reports this code has never seen.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, cached_property, lru_cache

import regex
from underthesea import word_tokenize

from chitieu.extractors.numbers import DOT_DECIMAL, NUMBER, RATIO, TOKEN, YEAR, is_number, parse_decimal
from chitieu.extractors.phrases import alternation, squash, tagged_alternation
from chitieu.extractors.sentences import SentenceIndex, SentenceSplitter, clause_start
from chitieu.extractors.units import UnitSpec, UnitTable, missing_marks_alternation, unmarked
from chitieu.lexicons import load, word_list
from chitieu.pipeline.document import Document, Figure
from chitieu.pipeline.registry import stage

#: E-mail addresses and web links: digits inside them are never figures.
ADDRESS = regex.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+", regex.IGNORECASE)
#: What every address holds, found with ``str.find`` (lower-cased text).
ADDRESS_HINTS = ("@", "http://", "https://", "www.")
#: The non-blank run an e-mail address starts with, before its "@".
ADDRESS_LEFT = regex.compile(r"\S+$")
#: "481/KH-UBND", "05-CT/TW": a number glued to letters is part of an identifier.
IDENTIFIER_TAIL = regex.compile(r"[/\-]\p{L}")
#: "1." or "a)" opening a line: heading and list numbering.
HEADING_TAIL = regex.compile(r"[.)]")
#: How far after a figure its "/người" or "/100 nữ" may reach. Bounded, because
#: a pattern that must find a "/" makes the regex module look for one through the
#: rest of the text first: in a long text with none, each figure would cost O(n).
PER_REACH = 80
#: After a spelling: it ended on a sign ("%", "‰") or no letter follows ("5 ha", not "5 hai").
WORD_END = r"(?:(?<!\w)|(?!\w))"
#: Between a number and a unit written after it: spaces, at most one line break (a
#: wrapped line), never a blank line ("17,1 / 20\n\nĐIỂM THÀNH PHẦN" is a table and a heading).
GAP = r"[ \t]*(?:\n[ \t]*)?"
#: Quotes around a figure make it a name or a slogan ("thu phí “0 đồng”", "“3 không”").
OPEN_QUOTE = "“\"«'‘"
CLOSE_QUOTE = "”\"»'’"
#: A capitalised word inside a line (not opening a sentence) right before the number,
#: maybe with a linking word between: "Nhà máy Z 131", "Mẫu số 02".
NAME_BEFORE = regex.compile(r"[\p{L}\d,)][ \t]+\p{Lu}\p{L}*(?:[ \t]+(?P<link>\p{Ll}+))?[ \t]+$")
CAPITAL_NEXT = regex.compile(r"[ \t]+\p{Lu}")
#: The words before a one-syllable label word ("tuyến", "loại") that the segmenter sees
#: to tell whether it ends a compound word ("trực tuyến", "phân loại").
COMPOUND_CONTEXT = regex.compile(r"(?:\p{L}+[ \t]+){1,2}$")
#: Characters of context the segmenter sees to cut the first word after a number: its
#: neighbours decide it, and a shorter input is segmented faster.
UNLISTED_WINDOW = 24
#: Kinds whose value is a share, read with an English decimal point too ("98.5%").
SHARES = {"percent", "pp", "permille"}
#: Kinds that can be per person when the clause says "bình quân đầu người".
PER_CAPITA_KINDS = {"money", "measure", "count"}


@cache
def default_units() -> UnitTable:
    return UnitTable.from_file()


#: What may follow a bare restated number: punctuation, a parenthesis opening its
#: breakdown ("là 2.372 (trong đó …)") or the end of its line.
BARE_END = regex.compile(r"\s*(?:[,;.()\]|]|$)", regex.MULTILINE)


@dataclass
class Unit:
    """What follows a number: its unit, the counting word, the scale, where it ends."""

    unit: str
    end: int
    scale: Decimal = Decimal(1)
    noun: str = ""
    extra: Decimal = Decimal(0)  # the smaller parts of "3 tỷ 500 triệu đồng"
    kind: str = "count"
    guessed: bool = False  # a counting word the lexicon does not list

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
    per: str = ""
    qualifier: str = ""


class FigureFinder:
    """Finds every figure in a text; built once, from the lexicons.

    ``units``: the table of units, by default ``lexicons/units.toml``. ``ocr``:
    the text was read by OCR, which often misses a diacritic ("đông" for "đồng"):
    the spellings of units marked ``ocr_missing_marks`` match without them too."""

    def __init__(self, units: UnitTable | None = None, ocr: bool = False) -> None:
        lex = load("figures")
        table = self.units = units or default_units()
        self.splitter = SentenceSplitter()
        ignore = regex.IGNORECASE
        scale_run = rf"(?:{alternation(table.scale)})(?:\s+(?:{alternation(table.scale)}))*"
        self._scale_run = regex.compile(rf"\s*(?P<scale>{scale_run})(?!\w)", ignore)
        self._parts = regex.compile(rf"(?:\s+{NUMBER.pattern}\s*(?:{scale_run})(?!\w))+", ignore)
        self._part = regex.compile(rf"(?P<number>{NUMBER.pattern})\s*(?P<scale>{scale_run})", ignore)
        spelled = alternation(table.by_spelling)
        loose = missing_marks_alternation(
            [word for unit in table.units if unit.ocr_missing_marks for word in unit.spellings]
        )
        self._missing_marks = regex.compile(rf"(?:{loose}){WORD_END}", ignore) if loose else None
        if ocr and loose:
            spelled = f"{spelled}|{loose}"
        symbols = "|".join(regex.escape(s) for s in sorted(table.by_symbol, key=lambda s: (-len(s), s))) or "(?!)"
        self._written = regex.compile(rf"{GAP}(?:(?P<word>{spelled})|(?-i:(?P<symbol>{symbols}))){WORD_END}", ignore)
        qualifiers = alternation(w for words in lex["qualifier"]["before"].values() for w in words)
        openers = alternation(word_list("figures", "range", "openers"))
        self._cued = {
            u.code: regex.compile(
                rf"(?<!\w)(?:{alternation(u.cues)})\s+(?:(?:{qualifiers})\s+)?(?:(?:{openers})\s+)?$", ignore
            )
            for u in table.units
            if u.cues
        }
        self._not_after = {
            u.code: regex.compile(rf"\s+(?:{alternation(u.not_followed_by)})(?!\w)", ignore)
            for u in table.units
            if u.not_followed_by
        }
        prefixes = alternation(table.by_prefix)
        self._prefix = regex.compile(rf"(?<!\w)(?P<prefix>{prefixes})\s+$", ignore) if prefixes else None
        measures = [w for u in table.units if u.kind == "measure" for w in (*u.spellings, *u.symbols)]
        per_word = rf"(?P<word>{alternation(table.per_words + measures)}){WORD_END}"
        # "đồng/01 tháng" is "đồng/tháng": one of the thing divided by is no denominator
        self._per_slash = regex.compile(rf"\s*/\s*(?:0*1[ \t]+)?{per_word}", ignore)
        self._per_link = regex.compile(rf"\s+(?:{alternation(table.per_links)})\s+{per_word}", ignore)
        self._per_capita = regex.compile(rf"(?<!\w)(?:{alternation(table.per_capita)})(?!\w)", ignore)
        self._denominator = regex.compile(rf"\s*/\s*(?P<number>{NUMBER.pattern})(?![\d.,/])")
        self._sign = regex.compile(rf"(?P<sign>{alternation(table.signs)})\s*$")
        self._ratio_code = table.of_kind("ratio").code
        self._kind_of = {u.code: u.kind for u in table.units}
        self._count_code = table.of_kind("count").code

        words, self._tag_of = tagged_alternation(
            {
                "classifier": lex["count"]["classifiers"],
                "noun": lex["count"]["nouns"],
                "exclude": lex["exclude"]["after"],
                "duration": lex["exclude"]["durations"],
            }
        )
        self._count = regex.compile(rf"\s+(?P<word>{words})(?!\w)", ignore)
        self._lower_word = regex.compile(r"[ \t]+(?=\p{Ll})")
        self._next_words = regex.compile(r"[ \t]+(?P<one>\p{Ll}\p{L}*)(?:[ \t]+(?P<two>\p{L}+))?")
        self._not_nouns = {squash(w) for w in lex["count"]["not_nouns"] + lex["subject"]["stop"]}
        self._noun = regex.compile(rf"\s+(?:{alternation(lex['count']['nouns'])})(?!\w)", ignore)
        self._ratio_words = regex.compile(
            rf"(?P<part>{NUMBER.pattern})\s+(?:{alternation(lex['ratio']['words'])})\s+(?P<whole>{NUMBER.pattern})(?![\d.,/])",
            ignore,
        )
        self._whole = regex.compile(rf"\s+(?:{alternation(lex['ratio']['wholes'])})(?!\w)", ignore)
        self._range = regex.compile(rf"\s*(?:{alternation(lex['range']['separators'])})\s*", ignore)
        barred = alternation(lex["exclude"]["before"] + lex["exclude"]["vague"])
        self._barred_before = regex.compile(rf"(?<!\w)(?P<word>{barred})\s*$", ignore)
        self._name_links = {squash(w) for w in lex["exclude"]["name_links"]}
        self._address_nouns = {squash(w) for w in lex["exclude"]["address_nouns"]}
        rules = alternation(w.lower() for w in lex["exclude"]["rule_markers"])
        examples = alternation(w.lower() for w in lex["exclude"]["example_openers"])
        self._ruled_words = regex.compile(rf"(?<!\w)(?:(?P<rule>{rules})|(?P<example>{examples}))(?!\w)")
        copulas = lex["restated"]["copulas"]
        words, marks = [c for c in copulas if c[0].isalpha()], [c for c in copulas if not c[0].isalpha()]
        self._copula = regex.compile(rf"(?:(?<!\w)(?:{alternation(words)})|(?:{alternation(marks)}))\s*$", ignore)
        counted_nouns = alternation(lex["count"]["nouns"])
        elliptic = alternation(lex["restated"]["elliptic"])
        self._elliptic = regex.compile(
            rf"[-+*•\s]*(?:{alternation(lex['restated']['number_of'])})\s+(?:{elliptic})(?!\w)", ignore
        )
        self._total = regex.compile(rf"(?<!\w)(?:{alternation(lex['restated']['totals'])})(?=[ \t]+\p{{Ll}})", ignore)
        self._number_of = regex.compile(
            rf"(?<!\w)(?:{alternation(lex['restated']['number_of'])})\s+(?P<noun>{counted_nouns})(?!\w)", ignore
        )
        scheme = lex["scheme"]
        self._maximum = regex.compile(rf"(?<!\w)(?:{alternation(scheme['maximum'])})(?!\w)", ignore)
        self._result = regex.compile(rf"(?<!\w)(?:{alternation(scheme['results'])})(?!\w)", ignore)
        self._bound_before = regex.compile(rf"(?<!\w)(?:{qualifiers}|{openers})\s+(?:(?:{openers})\s+)?$", ignore)
        after = alternation(w for words in lex["qualifier"]["after"].values() for w in words)
        self._class_after = regex.compile(
            rf"[\s:]*(?:(?:{after})[\s:]+)?(?:{alternation(scheme['classes'])})(?!\w)", ignore
        )
        separators = alternation(w.lower() for w in lex["range"]["separators"])
        links = alternation(w.lower() for w in lex["exclude"]["band_links"])
        # "từ 70% - dưới 100%", "từ 90 đến dưới 100 điểm": the bounds of a class, not two results
        self._band = regex.compile(rf"(?<![\w.,])\d[\d.,]*[^\d\n;]{{0,16}}?(?:{separators})\s*(?:{links})\s+\d[\d.,]*")

    def find(self, text: str, sentences: list[tuple[int, int]] | None = None) -> list[Quantity]:
        """Every figure of ``text``, in order, each with its offsets. ``sentences``: the
        sentence spans of ``text`` if already split (the extract stage's ``doc.sentences``)."""
        index = SentenceIndex(self.splitter.spans(text) if sentences is None else sentences)
        starts, ends = self._ruled_out(text, index)
        found: list[Quantity] = []
        resume = 0
        for token in TOKEN.finditer(text):
            start = token.start()
            if start < resume:
                continue
            if found and start == found[-1].end:  # "24%1": a footnote marker glued to a figure
                continue
            if (i := bisect_right(starts, start) - 1) >= 0 and start < ends[i]:
                continue
            sentence_start = index.at(start)[0]
            quantity = self._read(text, token) or self._restated(
                text, token, sentence_start, found[-1] if found else None
            )
            if quantity is None:
                continue
            resume = quantity.end
            if not self._offered(text, quantity, sentence_start):
                found.append(self._per_capita_said(text, quantity, sentence_start))
        return found

    def _restated(
        self, text: str, token: regex.Match[str], sentence_start: int, previous: Quantity | None
    ) -> Quantity | None:
        """A bare number after "là" or ":" counts what its sentence names ("Tổng số TTHC
        là 2.372", "Tổng số nhiệm vụ được giao là 123") or, failing that, what the count
        before it in its sentence counts ("tiếp nhận 195.197 hồ sơ; đúng hạn là 193.457"):
        the counting word carries until something overrides it, also into a sentence that
        counts "those who …" ("Tổng số người nghiện: 1.974. - Số đang cai nghiện: 1.109").
        Named so, even a number shaped like a year is a count ("Tổng số người nghiện: 1974")."""
        start, raw = token.start(), token.group()
        if not is_number(raw) or not self._copula.search(text, max(0, start - 8), start):
            return None
        if not BARE_END.match(text, token.end()) or self._is_label(text, start, token.end()):
            return None
        noun = self._named_count(text, sentence_start, start)
        if noun is None and previous is not None and self._carries(text, previous, sentence_start):
            noun = None if YEAR.fullmatch(raw) else previous.unit_noun
        if noun is None:
            return None
        value = float(parse_decimal(raw))
        return Quantity(start, token.end(), value, self._count_code, None, None, noun)

    def _carries(self, text: str, previous: Quantity, sentence_start: int) -> bool:
        """The count before carries its counting word: it stands in the same sentence, or
        the sentence counts "those who …" ("- Số đang cai nghiện: 45")."""
        said = previous.end > sentence_start or self._elliptic.match(text, sentence_start) is not None
        return said and previous.unit == self._count_code

    def _named_count(self, text: str, start: int, end: int) -> str | None:
        """The noun of the last "số <counting word>" between ``start`` and ``end``, or of
        the last total ("tổng số") before whatever noun it names; None if neither."""
        listed, total = _last(self._number_of, text, start, end), _last(self._total, text, start, end)
        if total is not None and (listed is None or total.start() > listed.start()):
            unlisted = self._unlisted_noun(text, total.end(), Decimal(1))
            return unlisted.noun if unlisted else None
        return squash(listed["noun"]) if listed else None

    def _ruled_out(self, text: str, sentences: SentenceIndex) -> tuple[list[int], list[int]]:
        """Spans where no number is a figure: web and e-mail addresses, the bounds of a
        class ("từ 70% - dưới 100%"), the clauses of rules and thresholds ("dưới 95%
        thì đạt 0 điểm": the ";"-clause of its sentence) and examples ("Ví dụ: …"),
        as sorted starts and their ends (merged). Searched on the lower-cased text
        with case-sensitive patterns: one pass, several times faster than ignoring case."""
        lowered = _lower(text)
        spans = _web_addresses(text, lowered) + [band.span() for band in self._band.finditer(lowered)]
        for marker in self._ruled_words.finditer(lowered):
            if marker["rule"]:
                spans.append(_rule_clause(text, sentences.at(marker.start()), marker.start(), marker.end()))
                continue
            line_end = text.find("\n", marker.end())
            line_end = len(text) if line_end < 0 else line_end
            line_start = text.rfind("\n", 0, marker.start()) + 1
            inside = text.rfind("(", line_start, marker.start()) > text.rfind(")", line_start, marker.start())
            close = text.find(")", marker.end(), line_end) if inside else -1
            spans.append((marker.start(), close if close >= 0 else line_end))
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(spans):
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        return starts, ends

    def _read(self, text: str, token: regex.Match[str]) -> Quantity | None:
        """The figure that starts at ``token``, or None if it is no figure."""
        start, end, raw = token.start(), token.end(), token.group()
        if (ranked := self._prefixed(text, token)) is not None:
            return ranked
        if self._is_label(text, start, end):
            return None
        ratio, ratio_end = RATIO.fullmatch(raw), end
        if ratio is None and (ratio := self._ratio_words.match(text, start)):
            ratio_end = ratio.end()
        if ratio:
            return self._part_of_whole(text, start, ratio_end, ratio)
        if DOT_DECIMAL.fullmatch(raw):
            unit = self._unit(text, end, start)
            if unit is None or not (unit.kind in SHARES or unit.scale > 1):
                return None
            return self._quantity(text, start, unit, unit.value(Decimal(raw)))
        if not is_number(raw):
            return None
        first = parse_decimal(raw)
        unit = self._unit(text, end, start)
        if unit is None and (bare := self._scale_run.match(text, end)):
            # "từ 1 tỷ đến 1 tỷ 200 triệu đồng": a scale word now, the unit after the range
            unit = Unit("", bare.end(), self._scale(bare["scale"]))
        span = self._range_end(text, start, unit.end if unit else end, first, unit)
        if span is not None:
            low, high, unit = span
        elif unit is None or not unit.unit:
            return None
        if unit.unit == self._count_code and YEAR.fullmatch(raw):  # "2011-2015 phải", "2025 người dân"
            return None
        if unit.guessed and self._in_name(text, start, unit):
            return None
        if _quoted(text, start, unit.end):
            return None
        if span is not None:
            return self._quantity(text, start, unit, low, value_max=high)
        return self._quantity(text, start, unit, unit.value(first))

    def _part_of_whole(self, text: str, start: int, end: int, ratio: regex.Match[str]) -> Quantity | None:
        """ "45/52 thôn" counts 45 of 52; "1/3 diện tích", before a word naming a whole, is a ratio.
        A part of a whole reports progress, so even a word that elsewhere counts the
        document's own parts counts here ("hoàn thành 13/19 nhiệm vụ")."""
        part, whole = parse_decimal(ratio["part"]), parse_decimal(ratio["whole"])
        if self._whole.match(text, end):
            if part >= whole:
                return None
            return self._quantity(text, start, Unit(self._ratio_code, end, kind="ratio"), float(part), float(whole))
        unit = self._unit(text, end, start) or self._counted(text, end, Decimal(1), of_whole=True)
        if unit is None or unit.kind == "money":
            return None
        return self._quantity(text, start, unit, float(part * unit.scale), float(whole * unit.scale))

    def _prefixed(self, text: str, token: regex.Match[str]) -> Quantity | None:
        """A unit written before the number: "xếp thứ 10/63 tỉnh" is rank 10 of 63."""
        if self._prefix is None:
            return None
        start = token.start()
        match = self._prefix.search(text, max(0, start - 30), start)
        if match is None:
            return None
        spec = self.units.by_prefix[squash(match["prefix"])]
        raw = token.group()
        if ratio := RATIO.fullmatch(raw):
            value, whole = float(parse_decimal(ratio["part"])), float(parse_decimal(ratio["whole"]))
        elif is_number(raw):
            value, whole = float(parse_decimal(raw)), None
        else:
            return None
        counted = self._counted(text, token.end(), Decimal(1))  # "xếp thứ 10/63 tỉnh"
        end, noun = (counted.end, counted.noun) if counted else (token.end(), "")
        return self._quantity(text, start, Unit(spec.code, end, noun=noun, kind=spec.kind), value, whole)

    def _quantity(
        self,
        text: str,
        start: int,
        unit: Unit,
        value: float,
        denominator: float | None = None,
        *,
        value_max: float | None = None,
    ) -> Quantity:
        """The figure with what it is divided by (``per``) and the sign before it."""
        end, per = unit.end, []
        while match := self._per_slash.match(text, end, end + PER_REACH):  # "41 triệu đồng/người/năm"
            per.append(" ".join(match["word"].split()))
            end = match.end()
        if not per and (match := self._per_link.match(text, end)):  # "5 triệu đồng mỗi hộ"
            per.append(" ".join(match["word"].split()))
            end = match.end()
        if not per and denominator is None and (match := self._denominator.match(text, end, end + PER_REACH)):
            denominator = float(parse_decimal(match["number"]))  # "99,1 nam/100 nữ"
            counted = self._counted(text, match.end(), Decimal(1))
            end = counted.end if counted else match.end()
        sign = self._sign.search(text, max(0, start - 4), start)
        return Quantity(
            start,
            end,
            value,
            unit.unit,
            value_max,
            denominator,
            unit.noun,
            "/".join(per),
            self.units.signs[sign["sign"]] if sign else "",
        )

    def _offered(self, text: str, quantity: Quantity, sentence_start: int) -> bool:
        """Points a marking scheme offers, not points earned (a criterion, SPEC §3): points
        after a word naming the scale's maximum in their sentence ("tối đa 18 điểm",
        "thang điểm …: 61,5 điểm", "tối đa 6 điểm, … 6 điểm"), a criterion's share of the
        whole scale ("Công khai, minh bạch: 18/100 điểm"), or a bound followed by the class
        it gives ("dưới 50 điểm xếp loại Yếu") — unless a result word stands between
        ("Điểm tối đa là 100; tỉnh đạt 85 điểm", "Kết quả tự đánh giá: 60,5/61,5 điểm")."""
        points = self._kind_of.get(quantity.unit) == "point"
        maximum = _last(self._maximum, text, sentence_start, quantity.start) if points else None
        if maximum is not None:
            since = maximum.end()
        elif points and quantity.denominator is not None:
            since = sentence_start
        elif self._bound_before.search(text, sentence_start, quantity.start) and self._class_after.match(
            text, quantity.end
        ):
            since = clause_start(text, sentence_start, quantity.start)
        else:
            return False
        return self._result.search(text, since, quantity.start) is None

    def _per_capita_said(self, text: str, quantity: Quantity, sentence_start: int) -> Quantity:
        """ "thu nhập bình quân đầu người đạt 41 triệu đồng": per person, said in the
        figure's own clause (since the last clause break of its sentence)."""
        if quantity.per or self._kind_of.get(quantity.unit) not in PER_CAPITA_KINDS:
            return quantity
        if self._per_capita.search(text, clause_start(text, sentence_start, quantity.start), quantity.start) is None:
            return quantity
        return replace(quantity, per=self.units.per_capita_per)

    def _in_name(self, text: str, start: int, unit: Unit) -> bool:
        """ "Sư đoàn 320 đóng quân", "36 đường Lê Lợi": a number inside a name or an address."""
        name = NAME_BEFORE.search(text, max(0, start - 40), start)
        if name and (name["link"] is None or squash(name["link"]) in self._name_links):
            return True
        return unit.noun in self._address_nouns and CAPITAL_NEXT.match(text, unit.end) is not None

    def _is_label(self, text: str, start: int, end: int) -> bool:
        """A date, a period, an identifier, a heading number or a vague amount."""
        if IDENTIFIER_TAIL.match(text, end):
            return True
        line_start = start == 0 or text[start - 1] == "\n"
        if line_start and HEADING_TAIL.match(text, end):
            return True
        barred = self._barred_before.search(text, max(0, start - 24), start)  # the longest phrase: leftmost
        return barred is not None and not ends_compound(text, barred.start("word"), barred.end("word"))

    def _range_end(
        self, text: str, start: int, pos: int, first: Decimal, unit: Unit | None
    ) -> tuple[float, float, Unit] | None:
        """Both ends of "2,0 - 2,5%", "từ 2 đến 3 tỷ đồng", "2% - 3%", if a range follows.

        A bare first end takes the unit and scale of the second ("2 đến 3 tỷ"); a
        first end with only a scale word (``unit.unit == ""``) keeps its own scale."""
        sep = self._range.match(text, pos)
        if sep is None:
            return None
        token = TOKEN.match(text, sep.end())
        if token is None or not is_number(token.group()):
            return None
        last_unit = self._unit(text, token.end(), start)
        if last_unit is None or (unit is not None and unit.unit not in ("", last_unit.unit)):
            return None
        low = unit.value(first) if unit else float(first * last_unit.scale)
        high = last_unit.value(parse_decimal(token.group()))
        return (low, high, last_unit) if high > low else None

    def _unit(self, text: str, pos: int, start: int) -> Unit | None:
        """What follows the number that ends at ``pos``; ``start`` is where the figure
        starts (a cue such as "gấp" stands before it)."""
        scale, at = Decimal(1), pos
        if match := self._scale_run.match(text, pos):
            scale, at = self._scale(match["scale"]), match.end()
            if parts := self._parts.match(text, at):  # "3 tỷ 500 triệu đồng"
                extra = sum(
                    (parse_decimal(p["number"]) * self._scale(p["scale"]) for p in self._part.finditer(parts.group())),
                    Decimal(0),
                )
                if (unit := self._written_unit(text, parts.end(), start, scale)) is not None:
                    return replace(unit, extra=extra)
        return self._written_unit(text, at, start, scale) or self._counted(text, at, scale)

    def _written_unit(self, text: str, pos: int, start: int, scale: Decimal) -> Unit | None:
        """A unit of the table written at ``pos``, if its conditions hold there."""
        match = self._written.match(text, pos)
        if match is None:
            return None
        symbol = match["symbol"]
        spec = self.units.by_symbol[symbol] if symbol else self._spelled(squash(match["word"]))
        if not self._applies(spec, text, start, match.end(), scale):
            return None
        written = match["symbol"] or match["word"]
        noun = " ".join(written.split()) if spec.kind == "measure" else ""
        return Unit(spec.code, match.end(), scale, noun, kind=spec.kind)

    def _spelled(self, word: str) -> UnitSpec:
        """The unit written ``word``, or (in OCR'd text) written so but for missing diacritics."""
        return self.units.by_spelling.get(word) or self.units.by_unmarked[unmarked(word)]

    def _applies(self, spec: UnitSpec, text: str, start: int, end: int, scale: Decimal) -> bool:
        if scale > 1 and not spec.scaled:
            return False
        if spec.cues and not self._cued[spec.code].search(text, max(0, start - 40), start):
            return False
        if spec.not_followed_by and self._not_after[spec.code].match(text, end):
            return False
        return not (spec.yields_to_noun and self._noun_follows(text, end))

    def _noun_follows(self, text: str, pos: int) -> bool:
        """A lower-case word that is no function word follows: "điểm trường", not "điểm so với"."""
        match = self._next_words.match(text, pos)
        if match is None:
            return False
        one = squash(match["one"])
        two = f"{one} {squash(match['two'])}" if match["two"] else one
        return one not in self._not_nouns and two not in self._not_nouns

    def _counted(self, text: str, pos: int, scale: Decimal, *, of_whole: bool = False) -> Unit | None:
        """A counting word at ``pos``: listed (a classifier may take the noun after it)
        or, failing that, guessed; never a duration. ``of_whole``: the number is a part
        of a whole, where the words excluded as the document's own parts count too."""
        match = self._count.match(text, pos)
        if match is None:
            return self._unlisted_noun(text, pos, scale)
        tag = self._tag_of.get(squash(match["word"]))
        if tag == "duration" or (tag == "exclude" and not of_whole):
            return None
        end = match.end()
        if tag == "classifier" and (noun := self._noun.match(text, end)):
            end = noun.end()
        return Unit(self._count_code, end, scale, squash(match["word"]))

    def _unlisted_noun(self, text: str, pos: int, scale: Decimal) -> Unit | None:
        """A counting word the lexicon does not list: the first word (as underthesea
        segments it) of a lower-case phrase that is not a function word, nor a unit
        with a diacritic missing ("13 triệu đông"): where the finder does not read
        those as the unit (a text layer), what was meant cannot be told."""
        space = self._lower_word.match(text, pos)
        if space is None:
            return None
        start = space.end()
        words = word_tokenize(text[start : start + UNLISTED_WINDOW])
        if not words or squash(words[0]) in self._not_nouns or not words[0][0].islower():
            return None
        first = words[0]
        end = start + len(first)
        if text[start:end] != first:  # the segmenter normalised spacing: not a plain word
            return None
        if self._missing_marks and (unit := self._missing_marks.match(text, start)) and unit.end() >= end:
            return None
        return Unit(self._count_code, end, scale, squash(first), guessed=True)

    def _scale(self, words: str | None) -> Decimal:
        """The product of a run of scale words: "nghìn tỷ" is 10¹²."""
        value = Decimal(1)
        for word in (words or "").split():
            value *= self.units.scale[squash(word)]
        return value


def ends_compound(text: str, start: int, end: int) -> bool:
    """Whether the one-syllable word ``text[start:end]`` is the last syllable of a
    compound word, as underthesea segments it with the words before it: "trực tuyến",
    "phân loại". A label word ("tuyến 5", "loại 2") labels only as a word of its own."""
    if any(c.isspace() for c in text[start:end]):
        return False
    context = COMPOUND_CONTEXT.search(text, max(0, start - 30), start)
    return context is not None and " " in _segmented(text[context.start() : end])[-1]


@lru_cache(maxsize=4096)
def _segmented(phrase: str) -> list[str]:
    """underthesea's words of a short phrase; the same phrases recur through a report."""
    return word_tokenize(phrase) or [""]


def _lower(text: str) -> str:
    """``text`` in lower case, offset for offset (a letter whose lower case is longer stays)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def _web_addresses(text: str, lowered: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses and web links, found from their "@", "://" or "www."."""
    spans = []
    for hint in ADDRESS_HINTS:
        at = lowered.find(hint)
        while at >= 0:
            start = at
            if hint == "@" and (left := ADDRESS_LEFT.search(text, max(0, at - 100), at)):
                start = left.start()
            if match := ADDRESS.match(text, start):
                spans.append(match.span())
            at = lowered.find(hint, at + 1)
    return spans


def _last(pattern: regex.Pattern[str], text: str, start: int, end: int) -> regex.Match[str] | None:
    """The last match of ``pattern`` in ``text[start:end]``."""
    return next(reversed(list(pattern.finditer(text, start, end))), None)


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in OPEN_QUOTE and text[end] in CLOSE_QUOTE


def _rule_clause(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The span a rule's marker at ``start``–``end`` reaches: its clause, the part of
    its sentence between semicolons ("Năm nay đạt 92%; | nếu dưới 90% thì đạt 0 điểm")."""
    sentence_start, sentence_end = sentence[0], max(sentence[1], end)
    left = text.rfind(";", sentence_start, start)
    right = text.find(";", end, sentence_end)
    return (sentence_start if left < 0 else left + 1), (sentence_end if right < 0 else right)


@stage("extract")
class Extract:
    def __init__(self) -> None:
        self.finder = FigureFinder()
        self.splitter = SentenceSplitter()

    @cached_property
    def ocr_finder(self) -> FigureFinder:
        """The finder for OCR'd text, built when the first scanned page comes."""
        return FigureFinder(ocr=True)

    def quantities(self, doc: Document) -> list[Quantity]:
        """The figures of the text; those on pages read by OCR by the finder for OCR'd text."""
        if not doc.ocr_pages:
            return self.finder.find(doc.text, doc.sentences)
        found = [q for q in self.ocr_finder.find(doc.text, doc.sentences) if doc.read_by_ocr(q.start)]
        if any(not page.ocr for page in doc.pages):  # a mixed PDF: its text-layer pages as they are
            found += [q for q in self.finder.find(doc.text, doc.sentences) if not doc.read_by_ocr(q.start)]
        return sorted(found, key=lambda q: (q.start, q.end))

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        doc.sentences = self.splitter.spans(text)
        sentences = SentenceIndex(doc.sentences)
        for q in self.quantities(doc):
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
                    per=q.per,
                    qualifier=q.qualifier,
                    sentence_start=s_start,
                    sentence_end=s_end,
                )
            )
        return doc
