"""Structure stage: the section tree from Vietnamese outline numbering.

Levels come from the numbering schemes themselves, not from Markdown ``#`` or
indentation, which real documents use inconsistently: a scheme seen again
closes the open section of that scheme (a sibling) and everything under it; a
scheme not open yet nests under the innermost open section. So gaps (I → III)
and missing levels ("4.1" without "4") need no special case.

A numbered line is a heading only if it reads like one: a paragraph that merely
starts with "3." or "b)" (long, several sentences, "label: value", or with no
body of its own before the next sibling) closes its open siblings but opens no
section, so that its text belongs to the parent.

Where ingest saw the typography (PDF text layers, not pages read by OCR; DOCX), a line set apart from
the body (bold, larger, a heading style) is weighed too: a numbered line set
apart is a heading even when longer than plain text would allow; a short line
set apart between paragraphs, without a number, is a heading nested in the open
section; and in a document whose headings of one numbering scheme are set
apart, a line of that scheme that is not is a numbered paragraph (a list item
in the body), however short.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from chitieu.lexicons import load
from chitieu.pipeline.document import Document, Section
from chitieu.pipeline.registry import stage
from chitieu.pipeline.tablerows import is_row
from chitieu.pipeline.textutil import Numbering, is_caps, numbering

#: A sentence break inside a line ("… xong. Tiếp theo"), not after an abbreviation ("TP. Huế").
SENTENCE_BREAK = regex.compile(r"(?<!\b\p{Lu}\p{L}{0,2})[.;!?]\s+\S")
#: "Cơ quan thực hiện: Sở Y tế": a label and its value, not a heading.
INNER_COLON = regex.compile(r":\s*\S")
SENTENCE_END = (".", ";", "?", "!", "…")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def lines_of(text: str) -> list[Line]:
    """The non-empty lines of ``text`` with their offsets (one paragraph per line)."""
    out, start = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(start + lead, start + lead + len(stripped), stripped))
        start += len(raw) + 1
    return out


class Layout:
    """The layout cues of ``lexicons/structure.toml``."""

    def __init__(self) -> None:
        cues = load("structure")
        self.max_heading = cues["max_heading_chars"]
        self.short_heading = cues["short_heading_chars"]
        self.max_bullet = cues["max_bullet_heading_chars"]
        self.max_caps_heading = cues["max_caps_heading_chars"]
        self.max_caps_continuation = cues["max_caps_continuation_chars"]
        self.body_paragraph = cues["body_paragraph_chars"]
        self.tail_words = tuple(cues["tail_words"])
        self.signature_prefixes = tuple(cues["signature_prefixes"])
        self.signature_roles = {role.upper() for role in cues["signature_roles"]}
        self.letterhead = tuple(word.upper() for word in cues["letterhead_words"])
        emphasis = cues["emphasis"]
        self.max_emphasised_share = emphasis["max_emphasised_share"]
        self.emphasised_line = emphasis["emphasised_line_share"]
        self.max_emphasised_heading = emphasis["max_emphasised_heading_chars"]
        self.max_emphasised_unnumbered = emphasis["max_emphasised_unnumbered_chars"]
        self.scheme_emphasised = emphasis["scheme_emphasised_share"]
        self.min_scheme_headings = emphasis["min_scheme_headings"]
        self.body_openers = tuple(load("documents")["head"]["body_openers"])

    def is_tail(self, text: str) -> bool:
        return text.startswith(self.tail_words)

    def is_signature(self, text: str) -> bool:
        return text.startswith(self.signature_prefixes) or text.upper().rstrip(" .") in self.signature_roles

    def is_caps_line(self, text: str) -> bool:
        """A capital line that may be (part of) a heading: not a signature or letterhead line."""
        upper = text.upper()
        return (
            is_caps(text)
            and numbering(text) is None
            and not self.is_signature(text)
            and not any(word in upper for word in self.letterhead)
        )

    def opens_body(self, text: str) -> bool:
        """True for the first line of the body ("Thực hiện …", "Căn cứ …", a long paragraph)."""
        return text.startswith(self.body_openers) or (len(text) >= self.body_paragraph and not is_caps(text))

    def is_caps_heading(self, text: str) -> bool:
        return self.is_caps_line(text) and len(text) <= self.max_caps_heading and len(text.split()) >= 3


class Emphasis:
    """The spans of a document's text set apart typographically, as evidence
    about headings. Where most of the text is set apart (a document printed in
    bold), they tell nothing and are dropped."""

    def __init__(self, spans: list[tuple[int, int]], text_length: int, max_share: float):
        spans = sorted(spans)
        self.spans = spans if sum(b - a for a, b in spans) <= max_share * text_length else []
        self.starts = [a for a, _ in self.spans]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def covered(self, start: int, end: int) -> int:
        """How many characters of [start, end) are set apart."""
        total = 0
        for a, b in self.spans[max(bisect.bisect_right(self.starts, start) - 1, 0) :]:
            if a >= end:
                break
            total += max(0, min(b, end) - max(a, start))
        return total

    def share(self, lines: list[Line]) -> float:
        """The share of the lines' characters set apart."""
        length = sum(line.end - line.start for line in lines)
        return sum(self.covered(line.start, line.end) for line in lines) / length if length else 0.0


def clean_title(title: str) -> str:
    return title.strip().rstrip(" .:;,").strip()


@dataclass
class _Open:
    section: Section
    scheme: str


class TreeBuilder:
    """Builds the sections of one document, line by line. ``emphasised_schemes``
    are the numbering schemes whose headings are set apart in this document."""

    def __init__(self, doc: Document, layout: Layout, emphasised_schemes: frozenset[str] = frozenset()):
        self.doc = doc
        self.layout = layout
        self.emphasis = Emphasis(doc.emphasis, len(doc.text), layout.max_emphasised_share)
        self.emphasised_schemes = emphasised_schemes
        #: Each numbered heading's scheme, and whether it is set apart.
        self.heading_emphasis: list[tuple[str, bool]] = []
        self.stack: list[_Open] = []
        self.sections: list[Section] = []
        #: Schemes already seen numbering paragraphs in the current section: a list of
        #: paragraphs ("a) …. b) …. c) ….") stays one, even where its last item has a body.
        self.paragraph_schemes: set[str] = set()

    def schemes_above(self, scheme: str) -> list[str]:
        """Schemes of the open sections that a new ``scheme`` section would sit under."""
        schemes = [entry.scheme for entry in self.stack]
        return schemes[: schemes.index(scheme)] if scheme in schemes else schemes

    def close_from(self, index: int, offset: int) -> None:
        for entry in self.stack[index:]:
            entry.section.char_end = offset
        del self.stack[index:]

    def close_scheme(self, scheme: str, offset: int) -> None:
        """Close the open section numbered with ``scheme`` and all below it."""
        schemes = [entry.scheme for entry in self.stack]
        if scheme in schemes:
            self.close_from(schemes.index(scheme), offset)

    def open(self, scheme: str, number: str, title: str, start: int, heading_end: int) -> None:
        self.close_scheme(scheme, start)
        parent = self.stack[-1].section if self.stack else None
        label = number or title
        section = Section(
            section_id=f"s{len(self.sections) + 1}",
            parent_id=parent.section_id if parent else None,
            level=len(self.stack) + 1,
            number=number,
            title=clean_title(title),
            path=f"{parent.path} > {label}" if parent else label,
            char_start=start,
            char_end=len(self.doc.text),
            heading_end=heading_end,
        )
        self.sections.append(section)
        self.stack.append(_Open(section, scheme))
        self.paragraph_schemes = set()

    def has_body(self, scheme: str, following: Line | None) -> bool:
        """True if the line after a numbered line is its body, not its sibling or an uncle."""
        if following is None or self.layout.is_tail(following.text):
            return False
        nxt = numbering(following.text)
        if nxt is None:
            return True
        return nxt.scheme != scheme and nxt.scheme not in self.schemes_above(scheme)

    def is_emphasised(self, lines: list[Line]) -> bool:
        return bool(self.emphasis) and self.emphasis.share(lines) >= self.layout.emphasised_line

    def emphasised_schemes_found(self) -> frozenset[str]:
        """The schemes most of whose headings, and enough of them, are set apart."""
        found = set()
        for scheme in {scheme for scheme, _ in self.heading_emphasis}:
            marks = [emphasised for seen, emphasised in self.heading_emphasis if seen == scheme]
            share = sum(marks) / len(marks)
            if sum(marks) >= self.layout.min_scheme_headings and share >= self.layout.scheme_emphasised:
                found.add(scheme)
        return frozenset(found)

    def typography_read_at(self, offset: int) -> bool:
        """True where ingest read the typography: a document that has it, off the
        pages read by OCR (which carry no fonts, so a plain line there says nothing)."""
        return bool(self.emphasis) and not self.doc.read_by_ocr(offset)

    def weighs_typography(self, num: Numbering, title: str, line: Line) -> bool:
        """Typography is evidence about numbered lines of prose (not bullets, not
        a table row's own numbering) where it was read."""
        return self.typography_read_at(line.start) and not num.scheme.startswith("bullet") and not is_row(title)

    def is_list_item(self, num: Numbering, title: str, line: Line, emphasised: bool) -> bool:
        """A line not set apart, numbered in a scheme whose headings are: an item
        of a list in the body text, which closes no section."""
        return not emphasised and num.scheme in self.emphasised_schemes and self.weighs_typography(num, title, line)

    def is_heading(self, num: Numbering, title: str, line: Line, following: Line | None, emphasised: bool) -> bool:
        """A line set apart is a heading unless far too long or several sentences;
        otherwise the text decides."""
        if emphasised and self.weighs_typography(num, title, line):
            fits = 0 < len(title) <= self.layout.max_emphasised_heading
            return fits and not SENTENCE_BREAK.search(title)
        return self.reads_as_heading(num, title, following)

    def is_unnumbered_heading(self, lines: list[Line], at: int) -> bool:
        """A short mixed-case line set apart, not ending a sentence or leading
        into a list (":"), between lines that are not set apart."""
        line = lines[at]
        if not 0 < at < len(lines) - 1 or len(line.text) > self.layout.max_emphasised_unnumbered:
            return False
        if line.text.endswith((*SENTENCE_END, ":")) or is_caps(line.text) or self.layout.is_signature(line.text):
            return False
        following = lines[at + 1]
        return (
            self.is_emphasised([line])
            and not self.is_emphasised([lines[at - 1]])
            and not self.is_emphasised([following])
            and not self.layout.is_tail(following.text)
        )

    def reads_as_heading(self, num: Numbering, title: str, following: Line | None) -> bool:
        """The verdict of the text alone: length, sentences, what follows."""
        if not title or len(title) > self.layout.max_heading:
            return False
        if is_caps(title):
            return not num.scheme.startswith("bullet") or self.has_body(num.scheme, following)
        if SENTENCE_BREAK.search(title) or INNER_COLON.search(title):
            return False
        ends_sentence = title.endswith(SENTENCE_END)
        if num.scheme in self.paragraph_schemes and (ends_sentence or len(title) > self.layout.short_heading):
            return False
        if num.scheme.startswith("bullet"):
            short = len(title) <= self.layout.max_bullet
            return short and not ends_sentence and self.has_body(num.scheme, following)
        if len(title) <= self.layout.short_heading and not ends_sentence:
            return True
        return self.has_body(num.scheme, following) and not title.endswith((";", "?", "!"))

    def heading_lines(self, lines: list[Line], first: int, num: Numbering | None) -> list[Line]:
        """The lines a heading is written on: its own; the next, when a number stands
        alone ("1." / "Công tác giảm nghèo"); and the capital lines that carry on a
        capital title the PDF wrapped over two lines."""
        heading = [lines[first]]
        title = num.rest if num else lines[first].text
        if num is not None and not title and first + 1 < len(lines) and numbering(lines[first + 1].text) is None:
            heading.append(lines[first + 1])
            title = lines[first + 1].text
        if is_caps(title):
            for line in lines[first + len(heading) :]:
                if len(line.text) > self.layout.max_caps_continuation or not self.layout.is_caps_line(line.text):
                    break
                heading.append(line)
        return heading

    def build(self) -> list[Section]:
        lines = lines_of(self.doc.text)
        body_started = in_tail = False
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if self.layout.is_tail(line.text):
                self.close_from(0, line.start)
                in_tail = True
                continue
            num = numbering(line.text)
            caps_heading = num is None and body_started and self.layout.is_caps_heading(line.text)
            if in_tail and not caps_heading:
                continue
            if num is None and not caps_heading:
                if body_started and self.is_unnumbered_heading(lines, index - 1):
                    self.open("emphasis", "", line.text, line.start, line.end)
                body_started = body_started or self.layout.opens_body(line.text)
                continue
            in_tail = False
            heading = self.heading_lines(lines, index - 1, num)
            title = " ".join([num.rest if num else line.text, *(more.text for more in heading[1:])]).strip()
            index += len(heading) - 1
            following = lines[index] if index < len(lines) else None
            emphasised = self.is_emphasised(heading)
            if num is None:
                self.close_from(0, line.start)
                self.open("caps", "", title, line.start, heading[-1].end)
            elif self.is_list_item(num, title, line, emphasised):
                pass  # body text of the open section
            elif self.is_heading(num, title, line, following, emphasised):
                if self.weighs_typography(num, title, line):
                    self.heading_emphasis.append((num.scheme, emphasised))
                self.open(num.scheme, num.number, title, line.start, heading[-1].end)
            else:
                self.close_scheme(num.scheme, line.start)
                self.paragraph_schemes.add(num.scheme)
            body_started = True
        self.close_from(0, len(self.doc.text))
        return self.sections


@stage("structure")
class Structure:
    def __init__(self) -> None:
        self.layout = Layout()

    def __call__(self, doc: Document) -> Document:
        builder = TreeBuilder(doc, self.layout)
        doc.sections = builder.build()
        if schemes := builder.emphasised_schemes_found():  # a second reading, weighing what the first found
            doc.sections = TreeBuilder(doc, self.layout, schemes).build()
        return doc
