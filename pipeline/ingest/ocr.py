"""OCR of page images with tesseract and its Vietnamese data.

Tesseract is a system program, not a Python package: a machine without it (or
without ``vie``) gets one plain sentence saying what to install, never a
traceback. It is checked once per process. Pages are read as lines with their
baselines, so that paragraph gaps are kept as they are for a text layer.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import shutil
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import regex
from PIL import Image

from chitieu.pipeline import limits
from chitieu.pipeline.confidence import Confidences, carry, joined
from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest.detect import GOOD_SCORE, vietnamese_score
from chitieu.pipeline.ingest.layout import Lines, kept_lines
from chitieu.pipeline.ingest.numbers import repair_numbers
from chitieu.pipeline.ingest.ruling import Grid, find_grids
from chitieu.pipeline.tablerows import CELL_SEPARATOR, render_table

INSTALL_HINT = (
    "install tesseract with its Vietnamese data (apt-get install tesseract-ocr tesseract-ocr-vie, "
    "or run scripts/install-system-deps.sh)"
)
#: Scans are OCR'd at this resolution: tesseract reads 10-12 pt text best near 300 dpi.
DPI = 300
#: "Single column of text of variable sizes": reports are one column; faster than full layout analysis.
CONFIG = "--psm 4"
#: What OCR makes of a table rule's remains: bars, dashes, underscores.
RULE_NOISE = regex.compile(r"[|_\-—–=~.,:;'\"`]+")
#: tesseract's orientation confidence above which a page is turned.
MIN_ORIENTATION_CONFIDENCE = 5.0
#: Pages OCR'd at once (tesseract runs as a separate process per page).
PARALLEL = 2
#: Pillow refuses to open an image of more than twice this many pixels (and
#: warns above it): set here deliberately rather than left to Pillow's default.
Image.MAX_IMAGE_PIXELS = limits.Limits().max_pixels

log = logging.getLogger(__name__)


@functools.cache
def missing(language: str) -> str | None:
    """Why OCR in ``language`` cannot run here, or None if it can."""
    if shutil.which("tesseract") is None:
        return f"tesseract is not installed; {INSTALL_HINT}"
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except pytesseract.TesseractError as exc:
        return f"tesseract does not run ({exc}); {INSTALL_HINT}"
    if any(lang not in languages for lang in language.split("+")):
        return f"tesseract has no '{language}' language data; {INSTALL_HINT}"
    return None


def require(language: str, what: str) -> None:
    reason = missing(language)
    if reason:
        raise InputError(f"{what} needs OCR, but {reason}")


def check_pixels(width: float, height: float, what: str) -> None:
    """Refuse a page image too large to OCR before it is decoded or rendered."""
    cap = limits.active().max_pixels
    if width * height > cap:
        raise InputError(
            f"{what} is {width:,.0f} × {height:,.0f} pixels ({width * height / 1e6:,.0f} million), "
            f"over the limit of {cap / 1e6:.0f} million pixels for OCR"
        )


def check_page_count(count: int, what: str) -> None:
    cap = limits.active().max_pages
    if count > cap:
        raise InputError(f"{what} {count} pages to OCR, over the --max-pages limit of {cap}")


@functools.cache
def _tesseract_dies_with_worker() -> None:
    """Start every tesseract with a request to die with the worker that runs it,
    so that a worker killed for its time limit or with its run leaves no OCR running."""
    import pytesseract.pytesseract as engine

    options = engine.subprocess_args
    limits.die_with_parent()  # loads libc now, not in the forked child

    def subprocess_args(*args, **kwargs):
        return {**options(*args, **kwargs), "preexec_fn": limits.die_with_parent}

    engine.subprocess_args = subprocess_args


@dataclass
class OcrPage:
    """A page as OCR read it: its lines, and the confidence of each character of each line."""

    lines: Lines
    confidences: list[Confidences]

    def text(self) -> str:
        return " ".join(text for text, _ in self.lines)


def ocr_lines(image: Image.Image, language: str = "vie", scale: float = 1.0) -> OcrPage:
    """The lines of one page image (see ``_read_page``). A page that reads
    badly may be turned sideways (a landscape table printed on a portrait
    page): tesseract's orientation detection is asked then, and only then."""
    page = _read_page(image, language, scale)
    if vietnamese_score(page.text()) >= GOOD_SCORE:
        return page
    turn = _rotation(image)
    return _read_page(image.rotate(-turn, expand=True), language, scale) if turn else page


def read_words(words: list[tuple[str, float]]) -> tuple[str, Confidences]:
    """Words OCR read on one line or in one cell, with their confidences: the
    line they make, its numbers repaired, and the confidence of each character
    (a repaired number keeps those of the words it came from)."""
    text, confidences = joined([(word, [round(float(conf))] * len(word)) for word, conf in words], " ")
    repaired = repair_numbers(text)
    return repaired, carry(text, repaired, confidences)


def line_confidences(text: str, page: OcrPage) -> list[Confidences | None]:
    """The confidences of each line of ``text``, a page's text made from
    ``page.lines`` with blank lines put in and running headers, footers and
    page numbers taken out (see ``kept_lines``); None for a line OCR did not read."""
    lines = text.split("\n")
    return [None if index is None else page.confidences[index] for index in kept_lines(lines, page.lines)]


def _rotation(image: Image.Image) -> int:
    """Degrees clockwise that set the page upright, by tesseract's orientation detection (0 if unsure)."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(image, config="--psm 0", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # too little text to tell, or no osd data
        return 0
    return int(found["rotate"]) if found["orientation_conf"] >= MIN_ORIENTATION_CONFIDENCE else 0


def _read_page(image: Image.Image, language: str, scale: float) -> OcrPage:
    """The lines of one page image, each with its baseline (pixels × ``scale``):
    the median bottom of its words, which diacritics and descenders move less
    than the line's box. A ruled table's rules are erased before OCR and its
    words put in their cells: one line per table row, " | " between cells."""
    import pytesseract

    _tesseract_dies_with_worker()
    grids, cleaned = find_grids(np.asarray(image.convert("L")))
    data = pytesseract.image_to_data(Image.fromarray(cleaned), lang=language, config=CONFIG, output_type="dict")
    words: dict[tuple[int, int, int], list[tuple[str, float, int]]] = defaultdict(list)
    cells: dict[tuple[int, int, int], list[tuple[str, float]]] = defaultdict(list)
    for index, word in enumerate(data["text"]):
        if not word.strip():
            continue
        left, top, width, height = (data[key][index] for key in ("left", "top", "width", "height"))
        confidence = data["conf"][index]
        place = next(
            (
                (number, *cell)
                for number, grid in enumerate(grids)
                if (cell := grid.cell_of(left + width / 2, top + height / 2))
            ),
            None,
        )
        if place is not None:
            if not RULE_NOISE.fullmatch(word):
                cells[place].append((word, confidence))
            continue
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        words[key].append((word, confidence, top + height))
    lines: Lines = []
    confidences: list[Confidences] = []
    for line in words.values():
        text, read = read_words([(word, conf) for word, conf, _ in line])
        lines.append((text, statistics.median(bottom for _, _, bottom in line) * scale))
        confidences.append(read)
    for number, grid in enumerate(grids):  # each table goes before the first line below its top
        table = _table_lines(grid, {key[1:]: found for key, found in cells.items() if key[0] == number}, scale)
        at = next((i for i, (_, y) in enumerate(lines) if y is not None and y > grid.rows[0] * scale), len(lines))
        lines[at:at] = [line for line, _ in table]
        confidences[at:at] = [read for _, read in table]
    return OcrPage(lines, confidences)


def _table_lines(
    grid: Grid, cells: dict[tuple[int, int], list[tuple[str, float]]], scale: float
) -> list[tuple[tuple[str, float], Confidences]]:
    """The rows of a ruled table as lines (" | " between cells, at the baseline
    of the row's bottom rule), with the confidences of their characters."""
    found = []
    for row, bottom in enumerate(grid.rows[1:]):
        read = [read_words(cells.get((row, col), [])) for col in range(len(grid.columns) - 1)]
        text, confidences = joined(read, CELL_SEPARATOR)
        for line in render_table([[cell for cell, _ in read]]):
            found.append(((line, bottom * scale), carry(text, line, confidences)))
    return found


def ocr_many(images: Iterable[Image.Image], language: str = "vie", scale: float = 1.0) -> list[OcrPage]:
    """OCR pages side by side, taking only as many images from ``images`` as
    run at once (a 500-frame TIFF is never all in memory). Each tesseract is kept
    to one thread: its own OpenMP threads fight over the cores and make it
    several times slower."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    started = time.perf_counter()
    pages: list[OcrPage] = []
    iterator = iter(images)
    with ThreadPoolExecutor(PARALLEL) as pool:
        while batch := list(itertools.islice(iterator, PARALLEL)):
            pages += pool.map(lambda image: ocr_lines(image, language, scale), batch)
    if pages:
        log.info("OCR: %d page(s), %.1f s/page", len(pages), (time.perf_counter() - started) / len(pages))
    return pages
