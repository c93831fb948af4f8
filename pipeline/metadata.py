"""Metadata stage: type, number, issuer, place, date, period, signer, title.

Everything but the place and the period is read from the head of the document
(letterhead, number, place-and-date line, type line and title, or a công văn's
"V/v" subject) and from its signature block. The place is that of the body that
issues the document, not of every place the text mentions: its letterhead, the
way it speaks of itself ("UBND huyện Hướng Hóa báo cáo …"), the place of its
date line, and only then the places the text names most at the body's level.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from chitieu.lexicons import load
from chitieu.pipeline.document import Document, Metadata
from chitieu.pipeline.gazetteer import Gazetteer, gazetteer
from chitieu.pipeline.periods import PeriodMention, find_periods
from chitieu.pipeline.registry import stage
from chitieu.pipeline.structure import Layout, Line, lines_of
from chitieu.pipeline.textutil import alternation, fold, is_caps, numbering

HEAD_LINES = 30
#: A line this long is a body paragraph, unless it is the title.
LONG_LINE = 300
#: Place names are never longer than this.
NAME_CHARS = 60
#: "Số: 215/BC-UBND"; a draft leaves the number blank ("Số:   /BC-UBND") but keeps its code.
NUMBER_RE = regex.compile(r"(?<!\w)Số\s*[:.]?\s*(?P<num>(?:[\w.]*\d[\w.]*)?/[\w./&-]*\w)")
#: "Cam Lộ, ngày 8 tháng 12 năm 2021"; a draft leaves the day or the month blank.
DATE_RE = regex.compile(
    r"(?<!\w)(?P<place>\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,4})\s*,\s*"
    r"ngày\s+(?P<d>\d{1,2})?\s*tháng\s+(?P<m>\d{1,2})?\s*năm\s+(?P<y>\d{4})"
)
NAME_RE = regex.compile(r"^\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,4}$")


def one_line_title(title: str) -> str:
    """One line, without a closing quote that opens nowhere (a PDF leftover)."""
    title = " ".join(title.split())
    if title.endswith(("”", '"')) and title.count("“") + title.count('"') < 2:
        title = title[:-1].rstrip()
    return title


@dataclass
class Head:
    """The lines above the body: letterhead, number, date, type line, title."""

    lines: list[Line]
    letterhead: list[str]
    doc_type: str
    title: str


class HeadReader:
    """Reads the head of a document with the cues of ``lexicons/documents.toml``."""

    def __init__(self, cues: dict) -> None:
        self.type_names = [(name, code) for code, t in cues["doc_types"].items() for name in t["names"]]
        self.type_names.sort(key=lambda pair: len(pair[0]), reverse=True)
        self.type_codes = {fold(c): code for code, t in cues["doc_types"].items() for c in t["codes"]}
        head = cues["head"]
        self.subject_prefix = tuple(head["subject_prefix"])
        self.openers = tuple(head["body_openers"])
        self.motto = regex.compile(alternation(head["national_motto"]), regex.IGNORECASE)
        self.bodies = tuple(head["bodies"])

    def type_line(self, text: str) -> tuple[str, str] | None:
        """(doc_type, rest of the line) if ``text`` is a type line such as "BÁO CÁO"."""
        for name, code in self.type_names:
            if text.startswith(name) and not text[len(name) : len(name) + 1].isalpha():
                return code, text[len(name) :].strip()
        return None

    def subject(self, text: str) -> str | None:
        """A công văn's subject ("V/v báo cáo …" → "báo cáo …"), or None."""
        for prefix in self.subject_prefix:
            if text.startswith(prefix):
                return text[len(prefix) :].strip(" :")
        return None

    def read(self, lines: list[Line]) -> Head:
        """The head: every line up to the first line of the body, read as it goes.

        ``state`` is "title" right after a type line (the next line is the title,
        whatever it starts with), "more" while a capital title may go on over
        capital lines, "subject" while a "V/v" subject goes on.
        """
        head: list[Line] = []
        doc_type, title, state = "", [], ""
        for line in lines[:HEAD_LINES]:
            text = line.text
            found = None if doc_type else self.type_line(text)
            subject = None if title else self.subject(text)
            if found:
                doc_type, rest = found
                title, state = ([rest], "more") if rest else ([], "title")
            elif state == "title":
                title, state = [text], "more"
            elif state == "more" and is_caps(title[-1]) and is_caps(text) and numbering(text) is None:
                title.append(text)
            elif subject is not None:
                title, state, doc_type = [subject], "subject", doc_type or "cong_van"
            elif state == "subject" and not (DATE_RE.search(text) or is_caps(text) or self.opens_body(text)):
                title.append(text)
            elif self.opens_body(text):
                break
            else:
                state = ""
            head.append(line)
        if not doc_type:
            doc_type, title = self.mixed_case_type(head) or ("", title)
        if not title:
            title = self.caps_title(head)
        letterhead = self.letterhead([line.text for line in head])
        return Head(head, letterhead, doc_type, one_line_title(" ".join(t for t in title if t)))

    def opens_body(self, text: str) -> bool:
        return text.startswith(self.openers) or numbering(text) is not None or len(text) > LONG_LINE

    def caps_title(self, head: list[Line]) -> list[str]:
        """A document with no type line and no letterhead ("TÓM TẮT BÁO CÁO … NĂM 2025")
        is titled by the capital lines it opens with."""
        title: list[str] = []
        for line in head:
            if not is_caps(line.text) or numbering(line.text) is not None or self.bodies_start(line.text):
                break
            title.append(line.text)
        return title

    def bodies_start(self, text: str) -> bool:
        """Whether ``text`` opens the name of an issuing body or the national motto (a letterhead line)."""
        return text.startswith(self.bodies) or self.motto.search(text) is not None

    def mixed_case_type(self, head: list[Line]) -> tuple[str, list[str]] | None:
        """("bao_cao", [title]) for a head line such as "Báo cáo kết quả năm 2023"."""
        for line in head:
            folded = fold(line.text)
            for name, code in self.type_names:
                if not is_caps(line.text) and folded.startswith(fold(name) + " "):
                    return code, [line.text[len(name) :].strip()]
        return None

    def letterhead(self, texts: list[str]) -> list[str]:
        """The issuing units of the letterhead, parent first ("UBND TỈNH X", "SỞ Y")."""
        units: list[str] = []
        for text in texts:
            text = self.motto.split(text)[0].strip(" -–")
            if not text or not is_caps(text) or self.type_line(text) or NUMBER_RE.search(text):
                continue
            if text.startswith(self.bodies) or not units:
                units.append(text)
            else:
                units[-1] += " " + text
        return units

    def doc_type_of_number(self, number: str) -> str:
        """The type a number's code gives ("12/KH-UBND" → ke_hoach); a công văn's has none."""
        for part in regex.split(r"[/-]", number)[1:]:
            code = self.type_codes.get(fold(part))
            if code:
                return code
        return "cong_van"


class PlaceReader:
    """Finds the places of the reporting body with the gazetteer."""

    def __init__(self, places: Gazetteer, cues: dict, words: dict) -> None:
        self.places = places
        self.unit_kinds: dict[str, list[str]] = {}
        for kind, unit_words in words.items():
            for word in unit_words:
                self.unit_kinds.setdefault(fold(word), []).append(kind)
        units = alternation(list(self.unit_kinds))
        self.mention = regex.compile(rf"(?<!\w)(?P<unit>(?i:{units}))\s+(?=\p{{Lu}})")
        head = cues["head"]
        self.central = tuple(fold(b) for b in head["central_bodies"])
        # "của UBND tỉnh ban hành", "tham mưu UBND tỉnh ban hành": another body, not the issuer
        others = "".join(rf"(?<!\b{regex.escape(word)}\s)" for word in head["other_body_words"])
        self.self_ref = regex.compile(
            rf"{others}(?:{alternation(head['committee'])})\s+(?P<unit>(?i:{units}))(?P<rest>(?:\s+\p{{Lu}}\p{{Ll}}*){{0,4}})"
            rf"\s+(?:xin\s+|đã\s+)?(?:{alternation(head['self_verbs'])})"
        )

    def name_after(self, text: str, kinds: list[str]) -> tuple[str, str] | None:
        """(kind, name) of the unit named at the start of ``text``, trying ``kinds`` in order."""
        words = [w.strip(',.;:()“”"') for w in text.split()[: self.places.max_words + 1]]
        for kind in kinds:
            found = self.places.longest(words, kind)
            if found:
                return ("province" if kind == "city" else kind), found
        return None

    def kinds_of(self, unit: str) -> list[str]:
        """The levels a unit word may name ("thành phố": a province or a district)."""
        return self.unit_kinds[fold(" ".join(unit.split()))]

    def mentions(self, text: str) -> list[tuple[str, str]]:
        """Every (kind, name) the text names after a unit word ("huyện Hướng Hóa")."""
        found = []
        for match in self.mention.finditer(text):
            hit = self.name_after(text[match.end() : match.end() + NAME_CHARS], self.kinds_of(match["unit"]))
            if hit:
                found.append(hit)
        return found

    def self_reference(self, text: str) -> tuple[str, str, str]:
        """(level, name or "", unit word) of the body that speaks of itself, or ("", "", "")."""
        for match in self.self_ref.finditer(text):
            unit = " ".join(match["unit"].lower().split())
            kinds = self.kinds_of(unit)
            hit = self.name_after(match["rest"], kinds) if match["rest"].strip() else None
            if hit:
                return *hit, unit
            return ("province" if {"province", "city"} & set(kinds) else "district"), "", unit
        return "", "", ""

    def locate(self, head: Head, date_place: str, opening: str, body: str) -> tuple[str, str]:
        """(province, district) of the reporting body."""
        named = [hit for unit in head.letterhead for hit in self.mentions(unit)]
        if head.letterhead and fold(head.letterhead[-1]).startswith(self.central) and not named:
            return "", ""
        level, name, _ = self.self_reference(opening) if opening else ("", "", "")
        if not level:
            level, name, _ = self.self_reference(body)
        if named and not name:
            level, name = named[-1]
        counts = Counter(self.mentions(body))
        provinces = Counter({n: c for (k, n), c in counts.items() if k == "province"})
        if level == "district":
            district = name or self.choose(date_place, "district", counts, provinces)
            candidates = self.places.provinces_of(district)
            ranked = [p for p, _ in provinces.most_common() if p in candidates]
            province = ranked[0] if ranked else (min(candidates) if len(candidates) == 1 else "")
            return province, district
        province = name if level == "province" and name else self.choose(date_place, "province", counts, provinces)
        return province, ""

    def choose(self, date_place: str, kind: str, counts: Counter, provinces: Counter) -> str:
        """The date line's place if it names a unit of ``kind``, else the most named one."""
        hit = self.name_after(date_place, [kind]) if date_place else None
        if hit:
            return hit[1]
        ranked = [n for (k, n), _ in counts.most_common() if k == kind]
        if ranked:
            return ranked[0]
        return provinces.most_common(1)[0][0] if kind == "province" and provinces else ""


class DocumentPeriodReader:
    """The period a document covers, from its title, opening and top headings.

    A month or quarter named in the title ("tháng 4/2025") is what a periodic report
    covers, before any span of the programme it reports on."""

    def __init__(self, cues: dict) -> None:
        self.horizon = {" ".join(c.split()) for c in cues["horizon_cues"]}
        self.opening_cues = {" ".join(c.split()) for c in cues["opening_cues"]}
        self.within_year = {" ".join(c.split()) for c in cues["within_year_cues"]}
        self.issue_year_types = set(cues["issue_year_types"])

    def read(self, title: str, opening: str, headings: list[str], report_year: int | None, doc_type: str) -> str:
        def spans(text: str) -> list[PeriodMention]:
            return [m for m in find_periods(text) if m.kind != "year"]

        def singles(text: str, allowed) -> list[PeriodMention]:
            return [m for m in find_periods(text) if m.kind == "year" and allowed(m.cue)]

        order = [
            singles(title, lambda cue: cue in self.within_year),
            spans(title),
            singles(title, lambda cue: cue not in self.horizon),
            spans(opening),
            [m for heading in headings for m in spans(heading)],
            singles(opening, lambda cue: cue in self.opening_cues),
        ]
        for found in order:
            if found:
                return found[0].resolve(report_year)
        if report_year and doc_type in self.issue_year_types:
            return str(report_year)  # a report that names no period speaks of the year it is written in
        return ""


def find_signer(lines: list[Line], layout: Layout) -> str:
    """The name under the first signature block ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Phạm Văn A")."""
    for index, line in enumerate(lines):
        if not layout.is_signature(line.text):
            continue
        for after in lines[index + 1 : index + 5]:
            if NAME_RE.match(after.text) and not is_caps(after.text):
                return after.text
    return ""


@stage("metadata")
class MetadataStage:
    def __init__(self) -> None:
        cues = load("documents")
        self.head = HeadReader(cues)
        self.places = PlaceReader(gazetteer(), cues, load("places")["unit_words"])
        self.period = DocumentPeriodReader(cues["period"])
        self.layout = Layout()

    def __call__(self, doc: Document) -> Document:
        lines = lines_of(doc.text)
        head = self.head.read(lines)
        head_text = "\n".join(line.text for line in head.lines)
        first_section = doc.sections[0].char_start if doc.sections else len(doc.text)
        head_end = head.lines[-1].end if head.lines else 0
        tail = next((line.start for line in lines if self.layout.is_tail(line.text)), len(doc.text))
        opening = doc.text[head_end:first_section]
        number = NUMBER_RE.search(head_text)
        date = DATE_RE.search(head_text)
        meta = Metadata(
            doc_type=head.doc_type or (self.head.doc_type_of_number(number["num"]) if number else "other"),
            doc_number=number["num"] if number and number["num"][0].isdigit() else "",
            issuer=head.letterhead[-1] if head.letterhead else "",
            title=head.title,
            signer=find_signer(lines, self.layout),
        )
        if date:
            meta.issue_year = int(date["y"])
        if date and date["d"] and date["m"]:
            meta.issue_date = f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}"
        meta.province, meta.district = self.places.locate(head, date["place"] if date else "", opening, doc.text[:tail])
        if not meta.issuer:
            meta.issuer = self.issuer_from(opening or doc.text[:tail], meta)
        headings = [s.title for s in doc.sections if s.level == 1]
        meta.period = self.period.read(meta.title, opening, headings, meta.issue_year, meta.doc_type)
        doc.meta = meta
        return doc

    def issuer_from(self, text: str, meta: Metadata) -> str:
        """The issuer as the body names itself ("Ủy ban nhân dân huyện X") when it has no letterhead."""
        level, _, unit = self.places.self_reference(text)
        name = meta.district if level == "district" else meta.province
        return f"Ủy ban nhân dân {unit} {name}" if level and name else ""
