"""When a figure holds and whether it is a result, an estimate or a target.

Both read the words before the figure in its own sentence (status: in its own
";"-clause), then the headings above it, then the document: the order a reader
uses (SPEC §3).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from chitieu.extractors.phrases import alternation, squash, word_regex
from chitieu.extractors.sentences import clause_start
from chitieu.lexicons import load
from chitieu.pipeline.document import Document, Section
from chitieu.pipeline.periods import PeriodMention, find_periods

#: "tính đến ngày 31/12/2022": a date that ends what the figure counts, read as its year.
DATE_END = regex.compile(
    r"(?:tính\s+)?đến\s+(?:hết\s+)?ngày\s+\d{1,2}/\d{1,2}/(?P<year>(?:19|20)\d{2})", regex.IGNORECASE
)
#: "Cộng đồng Văn hóa - Xã hội ASEAN | đến năm 2025": the horizon in the name of a
#: plan or programme (a capitalised word, not the first of the sentence), not the
#: time of the figure.
NAME_BEFORE = regex.compile(r"[\p{L}\d]\s+\p{Lu}[\p{L}\d]*\s+$")
YEAR_IN = regex.compile(r"(?:19|20)\d{2}")
DIGIT = regex.compile(r"\d")


@dataclass
class Clause:
    """Where a figure stands: its sentence text (for a table figure, its cell) and
    its offsets inside it; what its table says of it (its column header, else its
    row label: ``table_status``, ``table_period``), which ranks below its own words;
    and the lead-in of the list the sentence is an item of ("Kết quả năm 2024 như
    sau:") or the caption above its table, which ranks below its table."""

    sentence: str
    start: int  # figure start, relative to the sentence
    end: int  # figure end, relative to the sentence
    lead: str = ""
    table_status: str = ""
    table_period: str = ""

    @property
    def before(self) -> str:
        """The clause up to the figure: from the last ";" before it."""
        head = self.sentence[: self.start]
        return head[head.rfind(";") + 1 :]

    @property
    def phrase_before(self) -> str:
        """The words before the figure in its own phrase: from the last "," (or ":",
        "(", ";") before it."""
        return self.sentence[clause_start(self.sentence, 0, self.start) : self.start]

    def paren_group(self, offset: int) -> int | None:
        """Start of the parenthesis that holds ``offset``, or None outside any."""
        depth_start: list[int] = []
        for i, char in enumerate(self.sentence[:offset]):
            if char == "(":
                depth_start.append(i)
            elif char == ")" and depth_start:
                depth_start.pop()
        return depth_start[-1] if depth_start else None


def _first_digit(text: str, start: int) -> int:
    """Where the year of a time phrase starts: "kỳ 2020 - 2025" is read from "2020",
    so that "nhiệm kỳ" before it is seen whole."""
    match = DIGIT.search(text, start)
    return match.start() if match else start


def report_year(doc: Document) -> int | None:
    """The year the report speaks from: its issue date, else the end of its period."""
    if doc.meta.issue_year:
        return doc.meta.issue_year
    for text in (doc.meta.issue_date, doc.meta.period.split("/")[-1]):
        if match := YEAR_IN.search(text or ""):
            return int(match.group())
    return None


def _period_bounds(period: str) -> tuple[int, int] | None:
    years = [int(y) for y in YEAR_IN.findall(period or "")]
    return (years[0], years[-1]) if years else None


class PeriodReader:
    """The period of a figure: its own time, else the time its table names, else the
    time its list's lead-in or its table's caption carries, else its headings, else
    the document (SPEC §3).

    A time phrase is the figure's own when it stands right after it ("8,3% năm 2019")
    or is the last one before it in its sentence. A year the figure is compared with
    ("so với năm 2009"), a term of office ("nhiệm kỳ 2020 - 2025") and the horizon in
    a programme's name are no time of the figure; the role of each cue is declared in
    ``lexicons/status.toml``."""

    def __init__(self) -> None:
        cues = load("status")["period"]
        self._comparison = regex.compile(rf"(?<!\w)(?:{alternation(cues['comparison'])})\s*$", regex.IGNORECASE)
        self._not_time = regex.compile(rf"(?<!\w)(?:{alternation(cues['not_time'])})\s*$", regex.IGNORECASE)
        self._end_point = regex.compile(rf"(?<!\w)(?:{alternation(cues['end_point'])})\s*$", regex.IGNORECASE)
        self._right_after = regex.compile(rf"^[\s(]*(?:(?:{alternation(cues['right_after'])})\s+)?$", regex.IGNORECASE)
        policy = load("status")["status"]
        self._report_types = set(policy["report_doc_types"])

    def heading_period(self, doc: Document, section: Section | None) -> str:
        """The period named by the nearest heading above (section, then ancestors)."""
        while section is not None:
            for mention in self.times(section.title):
                if mention.kind in ("span", "since") or mention.cue in ("năm", "tháng", "quý"):
                    return mention.resolve(report_year(doc))
            section = doc.section_by_id(section.parent_id)
        return ""

    def read(self, doc: Document, clause: Clause, section: Section | None, *, flow: bool, target: bool) -> str:
        """``flow``: the figure accumulates over time (a count of things done, a
        change, a rate per year) rather than being a level at one moment."""
        enclosing = self.heading_period(doc, section)
        if not (target and doc.meta.doc_type in self._report_types):
            enclosing = enclosing or doc.meta.period
        found = self._own_mention(clause)
        if found is None and clause.table_period:
            return clause.table_period
        found = found or self._lead_mention(clause)
        if found is None:
            return enclosing
        mention, head = found
        year = report_year(doc)
        if mention.kind == "year" and flow and (mention.cue.startswith("đến") or self._end_point.search(head)):
            bounds = _period_bounds(enclosing)
            if bounds and bounds[0] < mention.first:
                return f"{bounds[0]}/{mention.first}"
        return mention.resolve(year)

    def times(self, text: str, clause: Clause | None = None) -> list[PeriodMention]:
        """The time phrases of ``text`` that can be a figure's time, in order."""
        dates = [
            PeriodMention(m.start(), m.end(), int(m["year"]), int(m["year"]), "year", "đến ngày")
            for m in DATE_END.finditer(text)
        ]
        own_group = clause.paren_group(clause.start) if clause else None
        return [
            m
            for m in sorted(find_periods(text) + dates, key=lambda m: m.start)
            if not (m.cue.startswith("đến") and NAME_BEFORE.search(text[: m.start]))
            and not self._comparison.search(text, max(0, m.start - 40), m.start)
            and not self._not_time.search(text, max(0, m.start - 30), _first_digit(text, m.start))
            and (clause is None or clause.paren_group(m.start) in (None, own_group))
        ]

    def _own_mention(self, clause: Clause) -> tuple[PeriodMention, str] | None:
        """The time phrase of the figure's own sentence that governs it, with the
        words before it: one right after it, else the nearest one before it, else
        the first one after it before the next comma."""
        usable = self.times(clause.sentence, clause)
        sentence = clause.sentence
        after = [m for m in usable if m.start >= clause.end]
        if after and self._right_after.match(sentence[clause.end : after[0].start]):
            return after[0], sentence[: after[0].start]
        before = [m for m in usable if m.end <= clause.start]
        if before:
            return before[-1], sentence[: before[-1].start]
        tail_end = sentence.find(",", clause.end)
        tail_end = len(sentence) if tail_end < 0 else tail_end
        if after and after[0].start < tail_end:
            return after[0], sentence[: after[0].start]
        return None

    def _lead_mention(self, clause: Clause) -> tuple[PeriodMention, str] | None:
        """The last time phrase of the lead-in, with the words before it."""
        lead = self.times(clause.lead)
        return (lead[-1], clause.lead[: lead[-1].start]) if lead else None


class StatusReader:
    """actual / estimate / target from cue words, time, headings and the kind of document."""

    def __init__(self) -> None:
        lex = load("status")["status"]
        words, self._tag_of = {}, {}
        for tag in ("actual", "estimate", "target"):
            for word in lex[tag]:
                self._tag_of[squash(word)] = tag
                words[word] = tag
        self._cue = word_regex(alternation(words))
        self._not_cue = word_regex(alternation(lex["not_cues"]))
        self._heading = regex.compile(rf"^\W*(?:{alternation(lex['target_headings'])})(?!\w)", regex.IGNORECASE)
        self._target_types = set(lex["target_doc_types"])
        self._achievement = regex.compile(rf"\s*(?:{alternation(lex['achievement_after'])})(?!\w)", regex.IGNORECASE)

    def cue(self, text: str) -> str | None:
        """The status named by the last cue in ``text``, if any."""
        blocked = [m.span() for m in self._not_cue.finditer(text)]
        found = None
        for match in self._cue.finditer(text):
            if not any(a <= match.start() < b for a, b in blocked):
                found = self._tag_of[squash(match.group())]
        return found

    def read(self, doc: Document, clause: Clause, section: Section | None, period: str) -> str:
        """A share of a plan or a budget achieved ("đạt 42,5% kế hoạch") is a result,
        unless a target cue stands in its own phrase ("phấn đấu đạt 100% kế hoạch").
        Else a cue decides: the last one before the figure in its clause, else what
        its table names, else its list's lead-in or its table's caption. Else the
        time: a period after the report is a target, one over before it a result (a
        plan's review of past years). Else the headings and the kind of document: a
        plan's figures are targets, a report's results."""
        near = self.cue(clause.phrase_before)
        if self._achievement.match(clause.sentence, clause.end) and near in (None, "actual"):
            return "actual"
        if status := self.cue(clause.before) or clause.table_status or self.cue(clause.lead):
            return status
        year, bounds = report_year(doc), _period_bounds(period)
        if year is not None and bounds is not None and (bounds[0] > year or bounds[1] < year):
            return "target" if bounds[0] > year else "actual"
        if self._under_target_heading(doc, section) or doc.meta.doc_type in self._target_types:
            return "target"
        return "actual"

    def _under_target_heading(self, doc: Document, section: Section | None) -> bool:
        while section is not None:
            if self._heading.search(section.title):
                return True
            section = doc.section_by_id(section.parent_id)
        return False
