"""The one object that flows through every stage.

Each stage reads the fields earlier stages filled and fills its own; no stage
talks to another except through this object. Offsets (``char_start``/``char_end``)
always index ``Document.text``, the normalised text that is written beside the
tables so that every offset can be checked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any


@dataclass
class Page:
    """A page of a paged input, as a span of the normalised text."""

    number: int
    char_start: int
    char_end: int
    ocr: bool = False


@dataclass
class Section:
    """A numbered heading and the text it governs (heading included)."""

    section_id: str
    parent_id: str | None
    level: int
    number: str
    title: str
    path: str
    char_start: int
    char_end: int
    heading_end: int
    pillar: str | None = None
    pillar_evidence: str = ""


@dataclass
class Table:
    """A table as rendered into the normalised text: one line per row, cells
    joined by " | " (see ``chitieu.pipeline.tablerows``). ``header_rows`` leading rows
    name the columns; the table stage owns every figure inside the span."""

    char_start: int
    char_end: int
    header_rows: int = 0


@dataclass
class Figure:
    """One quantity the document reports: one row of ``indicators``."""

    text: str
    char_start: int
    char_end: int
    value: float
    unit: str
    value_max: float | None = None
    denominator: float | None = None
    unit_noun: str = ""
    per: str = ""  # what the value is divided by: "năm" in "2,72%/năm"
    qualifier: str = ""
    status: str = "actual"
    period: str = ""
    indicator: str = "other"
    subject: str = ""
    #: The sentence it stands in (a table row, for a cell), as offsets into the text: the
    #: sentence itself is cut out only when the tables are written, not copied per figure.
    sentence_start: int = 0
    sentence_end: int = 0
    pillar: str | None = None
    section_id: str | None = None
    page: int | None = None
    obs_id: str = ""
    source: str = "text"  # "table": read from a table cell; its attributes come from the headers
    row_label: str = ""  # for a table figure: its row label, after its group row's ("Giáo dục > Số trường")
    column_label: str = ""  # for a table figure: its column's header rows, top to bottom ("Năm 2024 > Tỷ lệ (%)")
    ocr_confidence: int | None = None  # lowest tesseract confidence (0-100) of the words of text; None if not OCR'd


@dataclass
class Metadata:
    """What ``documents.csv`` says about a document besides its file."""

    doc_type: str = "other"
    doc_number: str = ""
    issuer: str = ""
    province: str = ""
    district: str = ""
    issue_date: str = ""
    issue_year: int | None = None  # also known for a draft whose date line leaves the day blank
    period: str = ""
    signer: str = ""
    title: str = ""


@dataclass
class Document:
    doc_id: str
    source_path: Path
    sha256: str = ""
    format: str = ""
    raw_pages: list[str] = field(default_factory=list)
    raw_emphasis: list[list[tuple[int, int]]] = field(default_factory=list)  # spans per raw page, from ingest
    ocr_pages: set[int] = field(default_factory=set)
    #: The confidence of each character OCR read, per line of each OCR'd raw page (see chitieu.pipeline.confidence).
    ocr_confidences: dict[int, list[list[int | None] | None]] = field(default_factory=dict)
    paged: bool = False
    text: str = ""
    pages: list[Page] = field(default_factory=list)
    meta: Metadata = field(default_factory=Metadata)
    sections: list[Section] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # spans, set by the extract stage
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    #: Spans of the text set apart typographically (bold, larger, a heading style): heading evidence.
    emphasis: list[tuple[int, int]] = field(default_factory=list)
    status: str = "ok"
    error: str = ""
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None for unpaged inputs."""
        if not self.paged:
            return None
        for page in self.pages:
            if page.char_start <= offset < page.char_end:
                return page.number
        return self.pages[-1].number if self.pages else None

    def read_by_ocr(self, offset: int) -> bool:
        """True if ``offset`` lies on a page read by OCR."""
        return any(page.ocr and page.char_start <= offset < page.char_end for page in self.pages)

    def section_at(self, offset: int) -> Section | None:
        """Innermost section whose span holds ``offset``."""
        best = None
        for section in self.sections:
            inside = section.char_start <= offset < section.char_end
            if inside and (best is None or section.level >= best.level):
                best = section
        return best

    def table_at(self, offset: int) -> Table | None:
        """The table whose span holds ``offset``, if any."""
        return next((t for t in self.tables if t.char_start <= offset < t.char_end), None)

    def sentence_of(self, figure: Figure) -> str:
        """The sentence (or table row) ``figure`` stands in."""
        return self.text[figure.sentence_start : figure.sentence_end]

    def section_by_id(self, section_id: str | None) -> Section | None:
        for section in self.sections:
            if section.section_id == section_id:
                return section
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form used by the run cache."""
        data = asdict(self)
        data["source_path"] = str(self.source_path)
        data["ocr_pages"] = sorted(self.ocr_pages)
        data.pop("raw_pages")
        data.pop("raw_emphasis")
        data.pop("ocr_confidences")
        data.pop("sentences")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        data = dict(data)
        data["source_path"] = Path(data["source_path"])
        data["ocr_pages"] = set(data.get("ocr_pages", []))
        data["pages"] = [Page(**p) for p in data.get("pages", [])]
        data["meta"] = Metadata(**data.get("meta", {}))
        data["sections"] = [Section(**s) for s in data.get("sections", [])]
        figure_fields = {f.name for f in fields(Figure)}  # a dataset written by an older version may hold more
        data["figures"] = [
            Figure(**{k: v for k, v in f.items() if k in figure_fields}) for f in data.get("figures", [])
        ]
        data["tables"] = [Table(**t) for t in data.get("tables", [])]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
