"""The indicator catalogue (``lexicons/indicators.toml``) applied to one figure.

A figure takes the indicator whose term stands nearest to it in its clause.
A rate with no term of its own refers back: "1.946 hộ, chiếm tỷ lệ 4,97%" is the
rate of whatever the count before it counts, and "giảm 2,72%/năm" right after a
rate is that rate's change. A term right after a giving word ("chi trả tiền điện
cho hộ nghèo") names receivers, not a stock, and is passed over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from chitieu.extractors.phrases import alternation, word_regex
from chitieu.lexicons import load
from chitieu.pipeline.document import Figure


@dataclass
class Indicator:
    code: str
    unit: str | list[str]
    subject: str = ""
    kind: str = "flow"
    terms: list[str] = field(default_factory=list)
    nouns: list[str] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)
    excludes_receivers: bool = False
    rate_of: str = ""
    change_of: str = ""
    default: bool = False

    def __post_init__(self) -> None:
        self.units = [self.unit] if isinstance(self.unit, str) else list(self.unit)
        if self.kind not in ("stock", "flow"):
            raise ValueError(f"indicator {self.code!r}: kind must be 'stock' or 'flow', not {self.kind!r}")
        self.pattern = word_regex(alternation(self.terms)) if self.terms else None
        self.excluded = word_regex(alternation(self.excludes)) if self.excludes else None

    def accepts(self, figure: Figure) -> bool:
        return figure.unit in self.units and (not self.nouns or figure.unit_noun in self.nouns)


@dataclass
class Context:
    """The words a figure's indicator is read from, all inside its sentence."""

    before: str  # back to the previous figure of the sentence (or its start)
    after: str  # the figure's own text and on, up to punctuation or the next figure
    previous: Figure | None  # the figure before it in the same sentence


class Catalogue:
    def __init__(self) -> None:
        lex = load("indicators")
        self.entries = [Indicator(**entry) for entry in lex["indicator"]]
        self.by_code = {entry.code: entry for entry in self.entries}
        self._recipient = regex.compile(rf"(?<!\w)(?:{alternation(lex['recipient_cues'])})\s+$", regex.IGNORECASE)
        self._rate_cue = word_regex(alternation(lex["rate_cues"]))
        # A qualifier may stand between the cue and the number: "xuống dưới 3,5%", "giảm hơn 2%".
        qualifiers = [word for words in load("figures")["qualifier"]["before"].values() for word in words]
        then = rf"\s+(?:(?:{alternation(qualifiers)})\s+)?"
        self._change_cue = regex.compile(
            rf"(?<!\w)(?:{alternation(lex['change_cues'])}){then}(?:từ\s+)?$", regex.IGNORECASE
        )
        self._level_cue = regex.compile(rf"(?<!\w)(?:{alternation(lex['level_cues'])}){then}$", regex.IGNORECASE)

    def classify(self, figure: Figure, context: Context) -> Indicator | None:
        """The catalogue entry for ``figure``, or None for ``other``."""
        return self.match(figure, context)[0]

    def match(self, figure: Figure, context: Context) -> tuple[Indicator | None, int]:
        """The catalogue entry for ``figure`` (None for ``other``) and how specific
        the words that named it are: the length of its term, 0 when no term named
        it (a default entry, a rate taken from the figure before it)."""
        hit = self._nearest_hit(figure, context)
        named = hit[1] if hit else None
        if figure.unit == "percent":
            named = self._percent(named, figure, context)
        elif named is not None and named.kind == "stock" and self._is_change(figure, context):
            return None, 0  # "số hộ nghèo giảm 300 hộ": by how much a stock moved, not the stock
        if named is not None:
            return named, hit[0] if hit and named is hit[1] else 0
        return next((e for e in self.entries if e.default and figure.unit in e.units), None), 0

    def refers_back(self, context: Context) -> bool:
        """A rate of the count before it: "1.946 hộ, chiếm tỷ lệ 4,97%"."""
        return context.previous is not None and self._rate_cue.search(context.before) is not None

    def _percent(self, named: Indicator | None, figure: Figure, context: Context) -> Indicator | None:
        """Rates with no term of their own take one from the figure before them."""
        previous = self.by_code.get(context.previous.indicator) if context.previous else None
        level = self._level_cue.search(context.before) is not None
        if named is None and previous is not None:
            if self.refers_back(context):
                named = self._derived("rate_of", previous.code)
            elif "percent" in previous.units and level:  # "đầu năm là 5,67%, cuối năm còn 4,12%"
                named = previous
        if self._is_change(figure, context):
            base = named or previous
            return (self._derived("change_of", base.code) if base else None) or named
        if named is not None and named.change_of and level:  # "giảm còn 2,87%" is a level
            return self.by_code.get(named.change_of, named)
        return named

    def _nearest_hit(self, figure: Figure, context: Context) -> tuple[int, Indicator] | None:
        """(term length, entry) of the term nearest the figure, the longest on a tie."""
        best: tuple[int, int, Indicator] | None = None
        for entry in self.entries:
            if entry.pattern is None or not entry.accepts(figure) or self._excluded(entry, context):
                continue
            for distance, length in self._term_hits(entry, context):
                if best is None or (distance, -length) < (best[0], -best[1]):
                    best = (distance, length, entry)
        return (best[1], best[2]) if best else None

    @staticmethod
    def _excluded(entry: Indicator, context: Context) -> bool:
        """The clause says the figure counts something else than the entry's subject:
        services that had records filed online are no share of records filed online."""
        return entry.excluded is not None and any(entry.excluded.search(t) for t in (context.before, context.after))

    def _term_hits(self, entry: Indicator, context: Context) -> list[tuple[int, int]]:
        """(distance to the figure, length) of each usable term of ``entry``."""
        hits = []
        for match in entry.pattern.finditer(context.before):
            if entry.excludes_receivers and self._recipient.search(context.before[: match.start()]):
                continue
            hits.append((len(context.before) - match.end(), match.end() - match.start()))
        recipient_figure = self._recipient.search(context.before)
        if not (entry.excludes_receivers and recipient_figure):
            hits += [(m.start(), m.end() - m.start()) for m in entry.pattern.finditer(context.after)]
        return hits

    def _is_change(self, figure: Figure, context: Context) -> bool:
        """ "giảm 12,92%", "2,72%/năm" (a rate per period), "giảm 300 hộ"."""
        per_period = figure.unit == "percent" and "/" in figure.text
        return per_period or self._change_cue.search(context.before) is not None

    def _derived(self, relation: str, code: str) -> Indicator | None:
        return next((e for e in self.entries if getattr(e, relation) == code and code), None)
