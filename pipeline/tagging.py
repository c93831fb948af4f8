"""Tag stage: one of the five ASCC pillars for every section.

A section whose heading names a pillar ("… xây dựng cộng đồng hòa nhập") takes
it, and its subsections inherit it (SPEC §2). Other sections have no pillar of
their own. ``PillarScorer`` also scores free text (a figure's sentence or
paragraph) against the pillar vocabulary, for figures outside pillar sections.
"""

from __future__ import annotations

from collections import defaultdict

import regex

from chitieu.lexicons import load
from chitieu.pipeline.document import Document, Figure, Section
from chitieu.pipeline.registry import stage
from chitieu.pipeline.textutil import alternation, fold

#: Weight of a pillar named the way headings name it ("cộng đồng bền vững") inside free text.
NAMED_WEIGHT = 3
#: How far, in characters, a figure's paragraph reaches either side of it when
#: the paragraph decides its pillar. A text with no line break is one paragraph;
#: reading all of it for every figure would make tagging quadratic in its size.
PARAGRAPH_REACH = 1000


def _alternation(terms: list[str]) -> str:
    """The shared alternation over terms folded the way texts are before matching."""
    return alternation(fold(term) for term in terms)


class PillarNames:
    """Finds where a text names a pillar the way headings do."""

    def __init__(self, lexicon: dict) -> None:
        self.form_pillar = {fold(form): code for code, p in lexicon["pillars"].items() for form in p["heading_forms"]}
        forms = _alternation(list(self.form_pillar))
        anchors = _alternation(lexicon["heading_anchors"])
        fillers = _alternation(lexicon["heading_fillers"])
        joiner = r"(?:\s*,\s*|\s+và\s+|\s+)"
        listed = rf"(?:{forms})(?:{joiner}(?:{forms}))*"
        # after an anchor ("cộng đồng hòa nhập"), or alone as a label ("Hòa nhập", "Hòa nhập (…)"),
        # not as the verb that opens a heading ("Gắn kết giáo dục với doanh nghiệp")
        self.named = regex.compile(
            rf"(?<!\w)(?:{anchors})(?:\s+(?:{fillers}))*\s+(?P<list>{listed})(?!\w)"
            rf"|^\s*(?P<list>{listed})\s*(?=$|[(:,.;–-])"
        )
        self.form = regex.compile(rf"(?<!\w)(?:{forms})(?!\w)")

    def find(self, text: str) -> tuple[str | None, str]:
        """(pillar, phrase) if ``text`` names exactly one pillar, else (None, "")."""
        folded = fold(text)
        found: dict[str, str] = {}
        for match in self.named.finditer(folded):
            for form in self.form.findall(match["list"]):
                found.setdefault(self.form_pillar[" ".join(form.split())], match.group().strip())
        if len(found) != 1:
            return None, ""
        ((code, phrase),) = found.items()
        return code, phrase


class PillarScorer:
    """Scores a piece of text against the pillar lexicons."""

    def __init__(self) -> None:
        lexicon = load("pillars")
        self.names = PillarNames(lexicon)
        self.term_pillar: dict[str, str | None] = {fold(t): None for t in lexicon["neutral"]}
        for code, pillar in lexicon["pillars"].items():
            for term in pillar["keywords"]:
                self.term_pillar.setdefault(fold(term), code)
        self.terms = regex.compile(rf"(?<!\w)(?:{_alternation(list(self.term_pillar))})(?!\w)")

    def score(self, text: str) -> tuple[str | None, str]:
        """Return (pillar code or None, the words that decided).

        Each vocabulary term found scores its number of words for its pillar
        (terms never overlap: the longest wins, and neutral phrases such as
        "Cộng đồng Văn hóa - Xã hội ASEAN" score nothing). A pillar named as in a
        heading scores more. A tie, or nothing found, gives None.
        """
        scores: dict[str, float] = defaultdict(float)
        evidence: dict[str, list[str]] = defaultdict(list)
        named, phrase = self.names.find(text)
        if named:
            scores[named] += NAMED_WEIGHT
            evidence[named].append(phrase)
        for match in self.terms.finditer(fold(text)):
            term = " ".join(match.group().split())
            code = self.term_pillar.get(term)
            if code is None:
                continue
            scores[code] += len(term.split())
            if term not in evidence[code]:
                evidence[code].append(term)
        if not scores:
            return None, ""
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None, ""
        best = ranked[0][0]
        return best, ", ".join(evidence[best])

    def figure_pillar(self, doc: Document, figure: Figure) -> tuple[str | None, str]:
        """A figure's pillar (SPEC §2): its section's if that has one, else what the
        nearest text around it is about: its sentence, its paragraph (its line of
        ``doc.text``, at most ``PARAGRAPH_REACH`` either side), the headings above
        it from the innermost out, and last the document's title (a report on
        administrative reform is about that)."""
        section = doc.section_at(figure.char_start)
        if section is not None and section.pillar:
            return section.pillar, section.pillar_evidence
        low = max(0, figure.char_start - PARAGRAPH_REACH)
        high = min(len(doc.text), figure.char_end + PARAGRAPH_REACH)
        start = doc.text.rfind("\n", low, figure.char_start) + 1 or low
        end = doc.text.find("\n", figure.char_end, high)
        contexts = [doc.sentence_of(figure), doc.text[start : end if end >= 0 else high]]
        while section is not None:
            contexts.append(section.title)
            section = doc.section_by_id(section.parent_id)
        contexts.append(doc.meta.title)
        for context in contexts:
            pillar, evidence = self.score(context)
            if pillar:
                return pillar, evidence
        return None, ""


@stage("tag")
class Tag:
    def __init__(self) -> None:
        self.names = PillarNames(load("pillars"))

    def __call__(self, doc: Document) -> Document:
        by_id: dict[str, Section] = {}
        for section in doc.sections:  # document order: parents come before children
            by_id[section.section_id] = section
            pillar, phrase = self.names.find(section.title)
            parent = by_id.get(section.parent_id or "")
            if pillar:
                section.pillar, section.pillar_evidence = pillar, f"heading: {phrase}"
            elif parent is not None and parent.pillar:
                section.pillar, section.pillar_evidence = parent.pillar, parent.pillar_evidence
        return doc
