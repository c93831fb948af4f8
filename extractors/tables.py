"""Table stage: the figures of table cells, read with their headers.

A number in a table means what its column header and its row label say: the
unit and scale come from the column header ("Kinh phí (triệu đồng)", "%"), a
unit column, the row label or the table's caption ("ĐVT: triệu đồng"); the
status and period from the column header ("Kế hoạch 2018" is a 2018 target,
"Ước TH" an estimate), else from the row label ("Kế hoạch được giao", "Năm
2023"), each on its own: a header that names only a year leaves the status to
the row; the subject from the row label, after its group row. Row numbers,
codes, years and labels are no figures. Unit phrases are read by the prose
``FigureFinder`` itself ("1 " + the phrase), so a unit it learns is a unit here
too. Each figure is marked ``source = "table"``; its status and period stay
empty where neither header nor row label names one, and the enrich stage then
reads them from the cell's own words, the table's caption, the headings and the
document, in that order.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from chitieu.extractors.figures import FigureFinder, Quantity
from chitieu.extractors.numbers import DOT_DECIMAL, RATIO, YEAR, is_number, parse_decimal
from chitieu.extractors.phrases import alternation, tagged_alternation, word_regex
from chitieu.extractors.timing import PeriodReader, report_year
from chitieu.lexicons import load
from chitieu.pipeline.document import Document, Figure, Table
from chitieu.pipeline.periods import find_periods
from chitieu.pipeline.registry import stage
from chitieu.pipeline.tablerows import Cell, caption_lines, rows
from chitieu.pipeline.textutil import squash

#: Numbering that opens a row label: "1.", "2.1.", "a)", "I.", "-", "+".
LABEL_NUMBER = regex.compile(r"^(?:(?:\d+\.)*\d+\.?|[IVXLC]+\.|[a-zđ]\)|[-+*•])\s+", regex.IGNORECASE)
#: "IV", "B": the top level of a table's outline.
ROMAN_OR_LETTER = regex.compile(r"[IVXLC]+|[A-ZĐ]")
#: A trailing parenthesis in a label or header: "(triệu đồng)", "(%)".
PARENTHESIS = regex.compile(r"\(([^()]*)\)")
#: A cell that holds no value: empty, a dash, "x".
NO_VALUE = regex.compile(r"[-–—x/.\s]*", regex.IGNORECASE)
#: "2016 - 2020", "2016-2020": a span of years in a header.
YEAR_SPAN = regex.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?!\d)")
YEARS = regex.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,])")
#: Words left after a unit phrase other than an alternative ("Cơ quan, đơn vị"): no plain unit.
LETTER_AFTER = regex.compile(r"[^,;\p{L}]*\p{L}")
WORD = regex.compile(r"\p{L}+")


@dataclass(frozen=True)
class UnitOf:
    """What a header says a bare number counts: unit, scale and counting word."""

    unit: str
    scale: Decimal = Decimal(1)
    noun: str = ""


@dataclass
class Column:
    """What a column's header says about its cells."""

    header: str = ""
    path: str = ""  # the header rows' cells, top to bottom, joined by " > "
    role: str = "value"  # value | skip | unit | label | rank | point
    unit: UnitOf | None = None
    status: str = ""
    period: str = ""


@dataclass
class Context:
    """A row's reading: its label (after its group row's) and its own unit."""

    label: str = ""
    unit: UnitOf | None = None
    unit_words: str = ""  # a unit cell the finder cannot read ("Nhiệm vụ"): kept as the counting word
    coded: bool = False  # a unit cell that is a legend ("Có = 1; Không = 0"): the values are codes
    groups: list[str] = field(default_factory=list)
    status: str = ""  # what the label (else a group row's) names: "Kế hoạch được giao" a target
    period: str = ""  # "Năm 2023"; a year it is compared with is none ("so với năm 2015")


def _validated(lex: dict) -> dict:
    """The lexicon, checked once at load: every cue list present and a list of strings."""
    wanted = {
        "columns": ("skip", "unit", "rank", "point", "compare", "percent"),
        "status": ("target", "estimate", "actual"),
        "caption": ("unit",),
        "labels": ("percent", "count"),
    }
    for section, keys in wanted.items():
        for key in keys:
            words = lex.get(section, {}).get(key)
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise ValueError(f"lexicons/tables.toml: [{section}] {key} must be a list of words")
    tail = lex["status"].get("label_tail_words")
    if not isinstance(tail, int) or isinstance(tail, bool) or tail < 0:
        raise ValueError("lexicons/tables.toml: [status] label_tail_words must be a whole number of words")
    return lex


class HeaderReader:
    """Reads units, statuses, periods and column roles from header text."""

    def __init__(self, finder: FigureFinder) -> None:
        lex = _validated(load("tables"))
        self.finder = finder
        columns = lex["columns"]
        pattern, self._role_of = tagged_alternation(
            {key: columns[key] for key in ("rank", "point", "compare", "percent")}
        )
        self._role = word_regex(pattern)
        self._skip = word_regex("|".join(regex.escape(w) for w in columns["skip"]))
        self._unit_headers = {squash(w) for w in columns["unit"]}
        statuses = {key: lex["status"][key] for key in ("target", "estimate", "actual")}
        pattern, self._status_of = tagged_alternation(statuses)
        self._status_name = regex.compile(rf"^[\W\d_]*(?P<cue>{pattern})(?!\w)", regex.IGNORECASE)
        self.label_tail_words: int = lex["status"]["label_tail_words"]
        comparison = alternation(load("status")["period"]["comparison"])
        self._compared = regex.compile(
            rf"(?<!\w)(?:{comparison})\s*(?:(?:năm|giai\s+đoạn|thời\s+kỳ)\s+)?$", regex.IGNORECASE
        )
        cue = "|".join(regex.escape(w) for w in lex["caption"]["unit"])
        self._caption = regex.compile(rf"(?<!\w)(?:{cue})\s*:\s*(?P<unit>[^()\n|;]+)", regex.IGNORECASE)
        pattern, self._label_unit = tagged_alternation(lex["labels"])
        self._label = regex.compile(rf"^(?:{pattern})(?!\w)", regex.IGNORECASE)

    def unit(self, phrase: str) -> UnitOf | None:
        """The unit a phrase names ("triệu đồng", "%", "1.000 ha", "Nghìn người"),
        read as the figure finder reads "1 " + the phrase; None if it names none."""
        phrase = " ".join(phrase.split()).strip(" .:")
        if not phrase:
            return None
        probe = phrase.lower() if phrase[:1].isdigit() else "1 " + phrase.lower()
        found = self.finder.find(probe)
        if not found or found[0].start != 0 or LETTER_AFTER.match(probe, found[0].end):
            return None
        quantity = found[0]
        scale = Decimal(str(quantity.value))
        if quantity.value_max is not None or quantity.denominator is not None or not is_power_of_ten(scale):
            return None  # "(02 TTHC)" counts something; "1.000 ha" is a scale
        return UnitOf(quantity.unit, scale, quantity.unit_noun)

    def caption_unit(self, text: str) -> UnitOf | None:
        """ "Đơn vị tính: triệu đồng" anywhere in ``text``."""
        match = self._caption.search(text)
        return self.unit(match["unit"]) if match else None

    def named_unit(self, text: str) -> UnitOf | None:
        """A unit in a header or label: after "ĐVT:", in a parenthesis, or the whole text."""
        if unit := self.caption_unit(text):
            return unit
        for inside in reversed(PARENTHESIS.findall(text)):
            if unit := self.unit(inside):
                return unit
        return None

    def status_named(self, name: str, *, tail: int | None = None) -> str:
        """The status a header or row label names, or "": the name opens with a
        status cue once its numbering, time phrases and parentheses are set aside
        ("Kế hoạch 2018", "Năm 2024 / Ước TH"). A cue inside a name names what is
        measured ("Tỷ lệ hồ sơ thực hiện trực tuyến"), no status. ``tail``: how many
        words may follow the cue; a row label "Kế hoạch được giao" names a status,
        "Thực hiện rà soát thủ tục hành chính" is a task."""
        rest = PARENTHESIS.sub(" ", LABEL_NUMBER.sub("", name.strip()))
        for mention in reversed(find_periods(rest)):
            rest = rest[: mention.start] + " " + rest[mention.end :]
        rest = YEARS.sub(" ", rest)
        match = self._status_name.match(rest)
        if match is None or (tail is not None and len(WORD.findall(rest, match.end())) > tail):
            return ""
        return self._status_of[squash(match["cue"].lower())]

    def period(self, header: str, *, compare: bool = False) -> str:
        """ "Kế hoạch 2018" -> "2018", "Giai đoạn 2016 - 2020" -> "2016/2020". A year
        the cells are compared with is not their period ("Tăng so với năm 2023");
        a comparison column's own year is the first it names ("So sánh 2024/2023")."""
        bases = [
            m.span()
            for m in (*YEAR_SPAN.finditer(header), *YEARS.finditer(header))
            if self._compared.search(header, 0, m.start())
        ]

        def own(pattern: regex.Pattern[str]) -> list[regex.Match[str]]:
            return [m for m in pattern.finditer(header) if not any(a <= m.start() < b for a, b in bases)]

        if spans := own(YEAR_SPAN):
            return f"{spans[0][1]}/{spans[0][2]}"
        years = [m.group() for m in own(YEARS)]
        years = sorted(set(years[:1] if compare else years))
        if len(years) == 1:
            return years[0]
        return f"{years[0]}/{years[-1]}" if years else ""

    def column(self, parts: list[str]) -> Column:
        """A column from its header rows' cells, top to bottom; where rows disagree
        on its role, unit, status or period, the lowest (the most specific) decides."""
        header = " ".join(parts)
        column = Column(header=header, path=" > ".join(parts))
        if any(squash(part.lower()).strip(" .:()") in self._unit_headers for part in parts):
            column.role = "unit"
            return column
        if any(self._skip.match(part) and not self.status_named(part) for part in parts):
            column.role = "skip"
            return column
        # the lowest header row is the most specific: "Tỷ lệ (%)" under "Tổng điểm (22 điểm)"
        match = next((found for part in reversed(parts) if (found := self._role.search(part))), None)
        role = self._role_of[squash(match.group().lower())] if match else ""
        column.period = next(
            (period for part in reversed(parts) if (period := self.period(part, compare=role == "compare"))), ""
        )
        if role in ("rank", "point"):
            column.role = role
            return column
        if role:
            column.unit = UnitOf("percent")
            if role == "compare":  # "So sánh với dự toán (%)" compares results; it is no target
                column.status = "actual"
                return column
        column.unit = next((unit for part in reversed(parts) if (unit := self.named_unit(part))), column.unit)
        for part in reversed(parts if column.unit is None else []):
            if (whole := self.unit(part)) and (whole.unit != "count" or whole.scale > 1):
                column.unit = whole  # a header cell that is only a unit: "Triệu đồng", "%", "Nghìn người"
                break
        column.status = next((status for part in reversed(parts) if (status := self.status_named(part))), "")
        return column

    def label_unit(self, label: str, noun: str = "") -> UnitOf | None:
        """ "Tỷ lệ ..." is a percentage, "Số ..." a count (of ``noun``), when nothing else says."""
        match = self._label.match(LABEL_NUMBER.sub("", label))
        if match is None:
            return None
        unit = self._label_unit[squash(match.group().lower())]
        return UnitOf(unit, noun=squash(noun.lower()) if unit == "count" else "")


def outline_level(number: str) -> int | None:
    """How deep a row number sits in a table's outline: "I", "A" 1; "3." 2;
    "3.1." 3; a dash or plus bullet below any number; None when unnumbered."""
    number = number.strip().rstrip(".)")
    if not number:
        return None
    if ROMAN_OR_LETTER.fullmatch(number):
        return 1
    if regex.fullmatch(r"\d+(?:\.\d+)*", number):
        return 2 + number.count(".")
    return 9 if number in ("-", "+", "*", "•") else None


def _closes(level: int | None, group_level: int | None) -> bool:
    """Whether a row at ``level`` ends the group at ``group_level``: a row
    numbered as high as the group's own number. An unnumbered row or group
    closes nothing this way (an unnumbered group row replaces the one before)."""
    return level is not None and group_level is not None and level <= group_level


def is_power_of_ten(number: Decimal) -> bool:
    return number > 0 and number.normalize().as_tuple().digits == (1,)


def subject_of(label: str) -> str:
    """A row label as a subject: its numbering and unit parenthesis removed."""
    label = LABEL_NUMBER.sub("", label.strip())
    return " ".join(PARENTHESIS.sub("", label).split()).strip(" :;,.-")


def _column_headers(header_rows: list[list[str]], width: int) -> list[list[str]]:
    """Each column's header rows, top to bottom. A cell merged over several
    columns ("Năm 2018" above "KH | TH") names each column under it."""
    grid = [row + [""] * (width - len(row)) for row in header_rows]
    for upper, lower in itertools.pairwise(grid):
        for index in range(1, width):
            if not upper[index] and upper[index - 1] and lower[index]:
                upper[index] = upper[index - 1]
    headers = []
    for index in range(width):
        parts: list[str] = []
        for row in grid:
            if row[index] and row[index] not in parts:
                parts.append(row[index])
        headers.append(parts)
    return headers


class TableReader:
    """The figures of one table."""

    def __init__(self, headers: HeaderReader) -> None:
        self.headers = headers
        self.finder = headers.finder
        self.periods = PeriodReader()

    def figures(self, doc: Document, table: Table) -> list[Figure]:
        grid = rows(doc.text, table)
        width = max(map(len, grid))
        head = [[c.text for c in row] for row in grid[: table.header_rows]]
        columns = [self.headers.column(h) for h in _column_headers(head, width)]
        body = grid[table.header_rows :]
        self._assign_label_column(columns, body)
        caption = self._caption_unit(doc, table, head)
        figures: list[Figure] = []
        groups: list[tuple[int | None, str]] = []  # the group rows above, outermost first, with their level
        for row in body:
            context = self._row_context(row, columns)
            level = outline_level(self._numbering(row, columns, context.label))
            while groups and _closes(level, groups[-1][0]):
                groups.pop()
            context.groups = [label for _, label in groups]
            self._row_time(doc, context)
            found = [
                f
                for cell, column in zip(row, columns, strict=False)
                for f in self._cell(doc, cell, column, context, caption)
            ]
            if not found and context.label and not self._has_values(row, columns):
                while level is None and groups and groups[-1][0] is None:
                    groups.pop()
                groups.append((level, context.label))  # a group row: its label heads the rows below
                continue
            figures += found
        return figures

    def _assign_label_column(self, columns: list[Column], body: list[list[Cell]]) -> None:
        """The label column: the first value column whose cells are mostly words.
        A unit column before any label is the label ("Đơn vị" naming agencies):
        a row says what it is before it says its unit."""
        for index, column in enumerate(columns):
            if column.role == "unit":
                column.role = "label"
                return
            if column.role != "value" or column.unit is not None:
                continue
            texts = [row[index].text for row in body if index < len(row) and row[index].text]
            worded = sum(1 for t in texts if regex.search(r"\p{L}{2,}", t) and not t[:1].isdigit())
            if texts and worded >= len(texts) / 2:
                column.role = "label"
                return

    def _row_time(self, doc: Document, context: Context) -> None:
        """The status and period the row's label names, else its group rows', the
        innermost first: "Kế hoạch được giao", "Năm 2023" (a year it is compared
        with is none, as in prose)."""
        labels = [label for label in (context.label, *reversed(context.groups)) if label]
        tail = self.headers.label_tail_words
        context.status = next((s for label in labels if (s := self.headers.status_named(label, tail=tail))), "")
        times = (self.periods.times(LABEL_NUMBER.sub("", label)) for label in labels)
        context.period = next((found[-1].resolve(report_year(doc)) for found in times if found), "")

    def _caption_unit(self, doc: Document, table: Table, head: list[list[str]]) -> UnitOf | None:
        """ "ĐVT: …" in the two lines above the table, or in its header rows."""
        before = caption_lines(doc.text, table)
        for text in [*(" ".join(row) for row in head), *reversed(before)]:
            if unit := self.headers.caption_unit(text):
                return unit
        return None

    @staticmethod
    def _numbering(row: list[Cell], columns: list[Column], label: str) -> str:
        """The row's number: in a row-number column before its label, else opening its label."""
        for cell, column in zip(row, columns, strict=False):
            if column.role == "label":
                break
            if column.role == "skip" and cell.text:
                return cell.text
        match = LABEL_NUMBER.match(label)
        return match.group().strip() if match else ""

    def _row_context(self, row: list[Cell], columns: list[Column]) -> Context:
        context = Context()
        for cell, column in zip(row, columns, strict=False):
            if column.role == "label" and cell.text and not context.label:
                context.label = cell.text
            elif column.role == "unit" and cell.text:
                context.coded = "=" in cell.text
                context.unit = self.headers.unit(cell.text)
                context.unit_words = "" if context.unit else cell.text
        if context.label and context.unit is None and not context.unit_words:
            context.unit = self.headers.named_unit(context.label)
        return context

    def _has_values(self, row: list[Cell], columns: list[Column]) -> bool:
        return any(
            c.text and not NO_VALUE.fullmatch(c.text)
            for c, col in zip(row, columns, strict=False)
            if col.role in ("value", "rank", "point")
        )

    def _cell(
        self, doc: Document, cell: Cell, column: Column, context: Context, caption: UnitOf | None
    ) -> list[Figure]:
        if column.role in ("skip", "unit", "label") or not cell.text or NO_VALUE.fullmatch(cell.text):
            return []
        written = [q for q in self.finder.find(cell.text) if q.unit]
        if written:  # the cell says its unit itself: "1.946 hộ", "4,97%"
            return [self._figure(doc, cell, q, column, context) for q in written]
        quantity = self._bare(cell.text, column, context, caption)
        return [self._figure(doc, cell, quantity, column, context)] if quantity else []

    def _bare(self, raw: str, column: Column, context: Context, caption: UnitOf | None) -> Quantity | None:
        """A number alone in its cell, with the unit its headers give it."""
        if column.role in ("rank", "point"):
            unit: UnitOf | None = UnitOf(column.role)
        elif context.coded:
            return None  # "Có = 1; Không = 0": a code, not a quantity
        else:
            label_unit = self.headers.label_unit(context.label, context.unit_words)
            unit = column.unit or context.unit or (None if context.unit_words else caption) or label_unit
        if unit is None:
            return None
        if ratio := RATIO.fullmatch(raw):
            part, whole = (float(parse_decimal(ratio[key]) * unit.scale) for key in ("part", "whole"))
            return Quantity(0, len(raw), part, unit.unit, None, whole, unit.noun)
        if DOT_DECIMAL.fullmatch(raw) and unit.unit in ("percent", "point"):
            number = Decimal(raw)
        elif is_number(raw) and not (unit.unit == "count" and YEAR.fullmatch(raw)):  # a year, not a count
            number = parse_decimal(raw)
        else:
            return None
        return Quantity(0, len(raw), float(number * unit.scale), unit.unit, None, None, unit.noun)

    @staticmethod
    def _figure(doc: Document, cell: Cell, q: Quantity, column: Column, context: Context) -> Figure:
        start = cell.start + q.start
        line_start = doc.text.rfind("\n", 0, start) + 1
        line_end = doc.text.find("\n", start)
        line_end = len(doc.text) if line_end < 0 else line_end
        label = " > ".join([*context.groups, context.label]) if context.label else " > ".join(context.groups)
        return Figure(
            text=doc.text[start : cell.start + q.end],
            char_start=start,
            char_end=cell.start + q.end,
            value=q.value,
            unit=q.unit,
            value_max=q.value_max,
            denominator=q.denominator,
            unit_noun=q.unit_noun,
            status=column.status or context.status,
            period=column.period or context.period,
            subject=subject_of(context.label or (context.groups[-1] if context.groups else "")),
            sentence_start=line_start,
            sentence_end=line_end,
            source="table",
            row_label=label,
            column_label=column.path,
        )


@stage("tables")
class Tables:
    def __init__(self) -> None:
        # a table on a page read by OCR is read by the finder for OCR'd text
        self.readers = {ocr: TableReader(HeaderReader(FigureFinder(ocr=ocr))) for ocr in (False, True)}

    def __call__(self, doc: Document) -> Document:
        for table in doc.tables:
            doc.figures += self.readers[doc.read_by_ocr(table.char_start)].figures(doc, table)
        doc.figures.sort(key=lambda f: (f.char_start, f.char_end))
        return doc
