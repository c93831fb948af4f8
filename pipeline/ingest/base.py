"""What every format reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Extracted:
    pages: list[str]
    paged: bool = False
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str = ""
    #: Per page, the spans of its text set apart typographically (bold,
    #: larger than the body, a heading style); empty where the format has none.
    emphasis: list[list[tuple[int, int]]] = field(default_factory=list)
    #: For each OCR'd page (1-based), the confidence of each character of each of
    #: its lines (None for a line OCR did not read): see chitieu.pipeline.confidence.
    confidences: dict[int, list[list[int | None] | None]] = field(default_factory=dict)
