"""Enrich stage: indicator, subject, qualifier, status, period and pillar of each figure.

Everything is read from the figure's own sentence first (the words before it back
to the previous figure, the words after it up to punctuation), then from the
headings above it, then from the document, as SPEC §3 orders it. A table
figure's status and period are read from its own cell, then from what its table
stage found in its column header and row label, then from the caption above the
table, then from the headings and the document; its indicator from its row or
its column's headers, whichever names the measure (rows of bodies under "Tỷ lệ
giải quyết đúng hạn (%)").
"""

from __future__ import annotations

import regex
from underthesea import word_tokenize

from chitieu.extractors.figures import FigureFinder, default_units
from chitieu.extractors.indicators import Catalogue, Context, Indicator
from chitieu.extractors.phrases import squash, tagged_alternation
from chitieu.extractors.tables import HeaderReader
from chitieu.extractors.timing import Clause, PeriodReader, StatusReader
from chitieu.lexicons import load
from chitieu.pipeline.document import Document, Figure
from chitieu.pipeline.registry import stage
from chitieu.pipeline.tablerows import Cell, caption_lines, cells
from chitieu.pipeline.tagging import PillarScorer

#: Where the words after a figure stop being about it.
AFTER_STOP = regex.compile(r"[,;:.()!?\n]")
#: A word of a noun phrase: letters only (no number, no punctuation).
WORDLIKE = regex.compile(r"\p{L}+(?:\s+\p{L}+)*")
#: Where a rate is named: "tỷ lệ" before the number.
RATE_NAME = regex.compile(r"(?<!\w)tỷ\s+lệ(?!\w)", regex.IGNORECASE)
#: A list item: "- ", "+ ", "• ", "a) ", "2) ".
LIST_ITEM = regex.compile(r"^\s*(?:[-–+•*]|[\p{Ll}\d]{1,2}\))\s")
#: The number (and range) a figure's text opens with.
LEADING_NUMBER = regex.compile(r"^[\d.,/%\s\-–—]+(?:(?:đến|tới)\s+[\d.,]+\s*)?")


def list_leads(doc: Document) -> dict[int, str]:
    """The lead-in of each list item: a sentence that ends with ":" leads the sentence
    after it and every item marked as such ("- ", "+ ", "a) ") that follows, so that
    "Kết quả năm 2024 như sau:" gives its items their time and status."""
    leads: dict[int, str] = {}
    lead = ""
    for index, (start, end) in enumerate(doc.sentences):
        sentence = doc.text[start:end]
        follows_lead = index > 0 and doc.text[doc.sentences[index - 1][1] - 1] == ":"
        if lead and (follows_lead or LIST_ITEM.match(sentence)):
            leads[start] = lead
        else:
            lead = ""
        if sentence.endswith(":"):
            lead = sentence
    return leads


class Qualifiers:
    """over / under / approx / at_least / at_most from the words around a figure.

    One alternation per side, longest phrase first, so "trên dưới" (approx) is
    read whole and never as "dưới" (under)."""

    def __init__(self) -> None:
        lex = load("figures")["qualifier"]
        before, self._before_tag = tagged_alternation(lex["before"])
        after, self._after_tag = tagged_alternation(lex["after"])
        self._before = regex.compile(rf"(?<!\w)(?P<word>{before})\s+(?:từ\s+)?$", regex.IGNORECASE)
        self._after = regex.compile(rf"^\s*(?P<word>{after})(?!\w)", regex.IGNORECASE)

    def read(self, before: str, after: str) -> str:
        if match := self._before.search(before):
            return self._before_tag[squash(match["word"])]
        if match := self._after.search(after):
            return self._after_tag[squash(match["word"])]
        return ""


class Subjects:
    """The short noun phrase a figure measures, cut with underthesea's word segmentation."""

    def __init__(self) -> None:
        lex = load("figures")
        self._stop = {squash(w) for w in lex["subject"]["stop"]}
        self._max = lex["subject"]["max_words"]
        self._classifiers = {squash(w) for w in lex["count"]["classifiers"]}
        self._money = {unit.code for unit in default_units().units if unit.kind == "money"}

    def read(self, figure: Figure, after: str, before: str) -> str:
        """The phrase after the number: the counting word and what qualifies it
        ("học viên", "nhà tình thương" after the classifier "căn"), else the
        opening words of the clause before the figure. An amount of money has no
        counting word: it is named by the clause before it ("Tổng thu ngân sách")."""
        if figure.unit in self._money:
            return self._named_before(before)
        tail = LEADING_NUMBER.sub("", after)
        noun = figure.unit_noun
        if noun and squash(tail[: len(noun)]) == noun:
            rest = self._phrase(tail[len(noun) :], lead=noun in self._classifiers)
            words = rest if noun in self._classifiers else [tail[: len(noun)], *rest]
        else:
            words = self._phrase(tail)
        return " ".join(words[: self._max]) or self._named_before(before)

    def _named_before(self, before: str) -> str:
        """ "tỷ lệ người dân tham gia BHYT đạt 91%": the rate named before the number,
        else the opening words of the clause."""
        rate = next(reversed(list(RATE_NAME.finditer(before))), None)
        words = [rate.group(), *self._phrase(before[rate.end() :], lead=False)] if rate else self._phrase(before)
        return " ".join(words[: self._max])

    def _phrase(self, text: str, *, lead: bool = True) -> list[str]:
        """Words up to the first stop word; ``lead``: leading stop words are skipped."""
        words: list[str] = []
        for word in word_tokenize(text[:80]):
            if squash(word) in self._stop or not WORDLIKE.fullmatch(word):
                if words or not lead:
                    break
                continue
            words.append(word)
        return words


def _cell_at(doc: Document, figure: Figure) -> Cell:
    """The table cell a table figure was read from (its own words, should no cell hold it:
    one odd figure must not fail its document)."""
    row = cells(doc.text, figure.sentence_start, figure.sentence_end)
    own = Cell(figure.text, figure.char_start, figure.char_end)
    return next((c for c in row if c.start <= figure.char_start < c.end), own)


@stage("enrich")
class Enrich:
    def __init__(self) -> None:
        self.catalogue = Catalogue()
        self.qualifiers = Qualifiers()
        self.subjects = Subjects()
        self.periods = PeriodReader()
        self.status = StatusReader()
        self.pillars = PillarScorer()
        self.headers = HeaderReader(FigureFinder())

    def __call__(self, doc: Document) -> Document:
        previous: Figure | None = None
        leads = list_leads(doc)
        for figure in sorted(doc.figures, key=lambda f: f.char_start):
            same_sentence = previous is not None and previous.sentence_start == figure.sentence_start
            self._enrich(doc, figure, previous if same_sentence else None, leads.get(figure.sentence_start, ""))
            previous = figure
        return doc

    def _enrich(self, doc: Document, figure: Figure, previous: Figure | None, lead: str) -> None:
        text = doc.text
        left = previous.char_end if previous else figure.sentence_start
        before = text[left : figure.char_start]
        stop = AFTER_STOP.search(text, figure.char_end, figure.sentence_end)
        after = text[figure.char_start : stop.start() if stop else figure.sentence_end]
        clause = Clause(
            text[figure.sentence_start : figure.sentence_end],
            figure.char_start - figure.sentence_start,
            figure.char_end - figure.sentence_start,
            lead,
        )
        section = doc.section_at(figure.char_start)

        context = Context(before, after, previous)
        if figure.source == "table":
            cell = _cell_at(doc, figure)
            after = after[: cell.end - figure.char_start]  # the other cells of its row say nothing of it
            entry, named_by = self._cell_indicator(doc, figure, cell, previous, after)
            figure.indicator = entry.code if entry else "other"
            figure.subject = self._subject(figure, entry, after, named_by or clause.before)
        else:
            entry = self.catalogue.classify(figure, context)
            figure.indicator = entry.code if entry else "other"
            if entry is None and previous is not None and self.catalogue.refers_back(context):
                figure.subject = previous.subject  # "8/10 xã đạt chuẩn, chiếm 80%"
            else:
                figure.subject = self._subject(figure, entry, after, clause.before)
        # a sign the finder read ("≥ 90%") is the qualifier; else the words around the figure
        figure.qualifier = figure.qualifier or self.qualifiers.read(
            clause.before, text[figure.char_end : figure.sentence_end]
        )
        # a level at a moment (a rate, a stock) or an accumulation (counts, money, "%/năm")
        flow = (entry.kind == "flow") if entry else figure.unit != "percent" or "/" in figure.text
        # status and period depend on each other: a future year makes a target, and a
        # target in a report does not take the report's own period
        timing = self._cell_clause(doc, figure) if figure.source == "table" else clause
        period = self.periods.read(doc, timing, section, flow=flow, target=False)
        figure.status = self.status.read(doc, timing, section, period)
        if figure.status == "target":
            period = self.periods.read(doc, timing, section, flow=flow, target=True)
        figure.period = period
        figure.pillar, _ = self.pillars.figure_pillar(doc, figure)
        figure.section_id = section.section_id if section else None

    def _cell_indicator(
        self, doc: Document, figure: Figure, cell: Cell, previous: Figure | None, after: str
    ) -> tuple[Indicator | None, str]:
        """A table cell measures what its row (its label, the other word cells
        before it, its group rows) or its column's headers name: each is read by
        the catalogue as the clause before the cell's own words. Where both name
        an indicator, the one whose labels also name the cell's unit ("Tỷ lệ …
        (%)", "Số hộ …") names the measure, else the more specific (the longer
        term), else the row. A label or header that names another unit speaks of
        other cells ("Tổng điểm (22 điểm)" over "Tỷ lệ (%)") and is passed over.
        Returns the entry and, when a header names it, the lowest header: the
        words its subject is read from instead of the row's."""
        inner = previous if previous is not None and previous.char_end > cell.start else None
        own = doc.text[inner.char_end if inner else cell.start : figure.char_start]
        readings = []
        for order, parts in enumerate((self._row_parts(doc, figure, cell), self._header_parts(figure))):
            parts = [(label, text) for label, text in parts if self._unit_named(label) in (None, figure.unit)]
            path = " > ".join(text for _, text in parts)
            entry, specificity = self.catalogue.match(figure, Context(f"{path} | {own}", after, inner))
            names_unit = specificity > 0 and any(self._unit_named(label) == figure.unit for label, _ in parts)
            subject = parts[-1][0] if parts and order else ""  # a row is read as a clause, as before
            readings.append(((specificity > 0, names_unit, specificity, -order), entry, subject))
        _, entry, subject = max(readings, key=lambda reading: reading[0])
        return entry, subject

    def _row_parts(self, doc: Document, figure: Figure, cell: Cell) -> list[tuple[str, str]]:
        """(label, text read) of a row, outermost first: its group rows, then its own
        label with the row's text before the cell (a second word column, "Chỉ số",
        may name the measure). The group rows only when the label names no measure
        itself ("Huyện A" under "Tỷ lệ hộ nghèo (%)"); under a label that does
        ("Số TTHC …", "Tỷ lệ … (%)") the group is a topic."""
        *groups, label = figure.row_label.split(" > ")
        own = (label, doc.text[figure.sentence_start : cell.start])
        return [own] if self._unit_named(label) else [*((group, group) for group in groups), own]

    @staticmethod
    def _header_parts(figure: Figure) -> list[tuple[str, str]]:
        """(header, text read) of a cell's column, top to bottom."""
        return [(part, part) for part in figure.column_label.split(" > ") if part]

    def _unit_named(self, text: str) -> str | None:
        """The unit a label or header names: "Tỷ lệ (%)", "Số hộ", "(triệu đồng)", "Tổng
        điểm (tối đa 20 điểm)"; None if it names none."""
        column = self.headers.column([text])
        if column.role in ("rank", "point"):
            return column.role
        named = column.unit or self.headers.label_unit(text)
        return named.unit if named else None

    @staticmethod
    def _cell_clause(doc: Document, figure: Figure) -> Clause:
        """Where a table figure's time and status are read: its own cell (not the
        other cells of its row), with what its table stage found in its header and
        row label, and the caption above its table as lead-in."""
        cell = _cell_at(doc, figure)
        table = doc.table_at(figure.char_start)
        return Clause(
            cell.text,
            figure.char_start - cell.start,
            figure.char_end - cell.start,
            lead=" ".join(caption_lines(doc.text, table)) if table else "",
            table_status=figure.status,
            table_period=figure.period,
        )

    def _subject(self, figure: Figure, entry: Indicator | None, after: str, before: str) -> str:
        """Counts say what they count; a rate is named by its indicator. An amount of
        money is named by what it is (the clause before it: "Tổng thu ngân sách"),
        since "kinh phí" says nothing; the catalogue's word is the last resort."""
        if entry is not None and figure.unit != "count" and not entry.default:
            return entry.subject
        subject = self.subjects.read(figure, after, before)
        bare = len(subject.split()) <= len(figure.unit_noun.split())
        return entry.subject if entry is not None and bare else subject
