"""PDF: the text layer page by page, OCR for pages that have none.

pdfplumber is the reference reader; pypdfium2 reads the same text layer about
fifty times faster. With ``engine="auto"`` the first pages of the first PDF of
each producer are read both ways, and pypdfium2 takes over for that producer
only if it gives the same text there. A page whose
text layer is missing or garbage (symbols from a broken font map) is OCR'd.
Pages are read one at a time and released, so memory does not grow with the
page count. Ruled tables are read as cells by pdfplumber's table finder, on the
pages that draw enough lines to hold one (pdfium counts them cheaply), and
rendered one row a line with " | " between cells (see ``chitieu.pipeline.tablerows``).
Both readers also say which lines are set apart from the body text, bold or
larger (see ``layout.Typography``): structure weighs it when telling headings.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest import ocr
from chitieu.pipeline.ingest.base import Extracted
from chitieu.pipeline.ingest.detect import GOOD_SCORE, repair_legacy_fonts, vietnamese_score
from chitieu.pipeline.ingest.layout import (
    Lines,
    LineStyle,
    line_pitch,
    spans_of_lines,
    strip_running_lines,
    typography,
    with_paragraph_gaps,
)
from chitieu.pipeline.tablerows import filled_columns, render_table

ENGINES = ("auto", "pdfplumber", "pypdfium2")
#: Pages compared between the two readers before trusting the fast one.
PROBE_PAGES = 2
#: A text layer with fewer letters than this is treated as no text layer.
MIN_LETTERS = 20
#: A page drawing fewer paths than this holds no ruled table (a rule under a title is common).
MIN_RULES = 6

#: A page's lines and the style of each (None: no letters, or not known).
StyledLines = tuple[Lines, list[LineStyle | None]]


def open_pdf(path: Path) -> pypdfium2.PdfDocument:
    """Open with pdfium, turning its error codes into reasons an analyst can act on."""
    try:
        return pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError("the PDF is password-protected; save an unprotected copy and try again") from exc
        with open(path, "rb") as handle:
            has_header = b"%PDF-" in handle.read(1024)
        if not has_header:
            raise InputError("the file is not a PDF (it has no PDF header), although it is named .pdf") from exc
        raise InputError("the file is not a valid PDF (truncated or corrupt)") from exc


#: Bytes enough for a font's name.
FONT_NAME_BYTES = 128


def _pdfium_style(textpage: pypdfium2.PdfTextPage, first: int, last: int, name: ctypes.Array) -> LineStyle:
    """A line's style from its first letter, and its last when the first is
    bold: asking pdfium about every letter would cost more than reading the page."""

    def font(index: int) -> str:
        pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, FONT_NAME_BYTES, None)
        return name.value.decode("utf-8", "replace")

    fonts = (font(first),)
    if typography().is_bold(fonts[0]) and last != first:
        fonts += (font(last),)
    return LineStyle(fonts, pdfium_c.FPDFText_GetFontSize(textpage.raw, first), last - first + 1)


def _pdfium_lines(textpage: pypdfium2.PdfTextPage) -> StyledLines:
    """pdfium's lines (it ends each with CR LF), the baseline of each line's
    first letter, and the style of each."""
    lines: Lines = []
    styles: list[LineStyle | None] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(FONT_NAME_BYTES)
    start = 0
    for text in textpage.get_text_range().split("\r\n"):
        stripped = text.rstrip()
        first = len(text) - len(text.lstrip()) if stripped else None
        found = first is not None and pdfium_c.FPDFText_GetCharOrigin(textpage.raw, start + first, x, y)
        lines.append((text, -y.value if found else None))
        styles.append(_pdfium_style(textpage, start + first, start + len(stripped) - 1, name) if found else None)
        start += len(text) + 2
    return lines, styles


def pdfium_pages(path: Path) -> Iterator[StyledLines]:
    document = open_pdf(path)
    try:
        for page in document:
            textpage = page.get_textpage()
            yield _pdfium_lines(textpage)
            textpage.close()
            page.close()
    finally:
        document.close()


def _plumber_lines(lines: list[dict]) -> StyledLines:
    """pdfplumber's lines (extracted with their chars), their bottoms, and
    their styles, from their first and last letters as pdfium's (so both readers agree)."""
    styles: list[LineStyle | None] = []
    for line in lines:
        letters = [char for char in line["chars"] if not char["text"].isspace()]
        fonts = (letters[0]["fontname"], letters[-1]["fontname"]) if letters else ()  # as pdfium asks
        styles.append(LineStyle(fonts, letters[0]["size"], len(letters)) if letters else None)
    return [(line["text"], line["bottom"]) for line in lines], styles


def plumber_pages(path: Path) -> Iterator[StyledLines]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    open_pdf(path).close()  # same error messages as the fast path
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font quirks it works around are not news
    try:
        with pdfplumber.open(path) as document:
            for page in document.pages:
                yield _plumber_lines(page.extract_text_lines(return_chars=True))
                page.close()
    except PDFSyntaxError as exc:
        raise InputError("the file is not a valid PDF (truncated or corrupt)") from exc


READERS: dict[str, Callable[[Path], Iterator[StyledLines]]] = {"pdfplumber": plumber_pages, "pypdfium2": pdfium_pages}


def _same_text(a: Lines, b: Lines) -> bool:
    """Same lines, whatever their order (pdfium keeps drawing order) and spacing."""

    def squashed(lines: Lines) -> list[str]:
        return sorted(flat for text, _ in lines if (flat := "".join(text.split())))

    return squashed(a) == squashed(b)


#: The engine chosen for each PDF producer seen by this process. PDFs made by
#: the same program (a word processor's export, a scanner's software) lay out
#: text alike, so one comparison per producer stands for the rest: a batch pays
#: pdfplumber's price once per producer, not once per file.
_ENGINE_BY_PRODUCER: dict[str, str] = {}


def producer(path: Path) -> str:
    """The program that wrote the PDF, from its metadata ("" when unstated)."""
    document = open_pdf(path)
    try:
        meta = document.get_metadata_dict()
    finally:
        document.close()
    return " / ".join(meta.get(key, "").strip() for key in ("Producer", "Creator")).strip(" /")


def choose_engine(path: Path) -> str:
    """pypdfium2 if it reads the first pages exactly as pdfplumber does, for
    the first PDF of each producer; later PDFs of that producer take the same
    choice. A PDF that names no producer is always compared."""
    key = producer(path)
    if key in _ENGINE_BY_PRODUCER:
        return _ENGINE_BY_PRODUCER[key]
    engine = "pypdfium2"
    with contextlib.closing(plumber_pages(path)) as slow, contextlib.closing(pdfium_pages(path)) as fast:
        for _, a, b in zip(range(PROBE_PAGES), slow, fast, strict=False):
            if not _same_text(a[0], b[0]):
                engine = "pdfplumber"
                break
    if key:
        _ENGINE_BY_PRODUCER[key] = engine
    return engine


def from_legacy_fonts(lines: Lines) -> Lines:
    texts = repair_legacy_fonts([text for text, _ in lines])
    return [(text, y) for text, (_, y) in zip(texts, lines, strict=True)]


def text_layer(lines: Lines) -> str:
    """ "text", "garbage" (symbols that read as no language: a font without a
    Unicode map) or "none" (too few letters to be a page of text)."""
    text = "\n".join(line for line, _ in lines)
    if "(cid:" in text:
        return "garbage"
    if sum(1 for c in text if c.isalpha()) < MIN_LETTERS:
        return "none"
    return "text" if text.isascii() or vietnamese_score(text) >= GOOD_SCORE else "garbage"


def needing_ocr(path: Path, pages: list[Lines]) -> list[int]:
    """1-based pages to OCR: those whose text layer is garbage, and those with
    almost no text that hold an image (a scan). A page of a few numbers and no
    image keeps its text layer."""
    layers = {number: text_layer(lines) for number, lines in enumerate(pages, 1)}
    sparse = [number for number, layer in layers.items() if layer == "none"]
    if not sparse:
        return [number for number, layer in layers.items() if layer == "garbage"]
    document = open_pdf(path)
    try:
        scans = {n for n in sparse if next(document[n - 1].get_objects([pdfium_c.FPDF_PAGEOBJ_IMAGE]), None)}
    finally:
        document.close()
    return [number for number, layer in layers.items() if layer == "garbage" or number in scans]


def check_ocr_budget(path: Path, numbers: list[int]) -> None:
    """Refuse, before rendering anything, a PDF with more pages to OCR than
    --max-pages or a page too large to render (a 9 600-pt page at 300 dpi is
    1.6 billion pixels)."""
    ocr.check_page_count(len(numbers), "the PDF has")
    document = open_pdf(path)
    try:
        for number in numbers:
            width, height = (side * ocr.DPI / 72 for side in document[number - 1].get_size())
            ocr.check_pixels(width, height, f"page {number} at {ocr.DPI} dpi")
    finally:
        document.close()


def ruled_pages(path: Path) -> list[int]:
    """0-based pages drawing enough lines and boxes to hold a ruled table."""
    document = open_pdf(path)
    try:
        return [
            index
            for index, page in enumerate(document)
            if len(list(itertools.islice(page.get_objects([pdfium_c.FPDF_PAGEOBJ_PATH]), MIN_RULES))) == MIN_RULES
        ]
    finally:
        document.close()


def _with_tables(page, tables: list) -> StyledLines | None:
    """The page's lines, those inside a table replaced by the table's rows;
    None if the page holds no table. Rulings around paragraphs make "tables"
    of one filled column, or of rows of one filled cell: they stay text."""
    grids = [(table, filled_columns(table.extract())) for table in tables]
    grids = [(table, grid) for table, grid in grids if is_grid(grid)]
    if not grids:
        return None
    boxes = [table.bbox for table, _ in grids]

    def inside(line: dict) -> bool:
        x, y = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
        return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    prose, styles = _plumber_lines([line for line in page.extract_text_lines(return_chars=True) if not inside(line)])
    lines = [(text, y, style) for (text, y), style in zip(prose, styles, strict=True)]
    for table, grid in grids:
        for row, cells in zip(table.rows, grid, strict=True):
            lines += [(text, row.bbox[3], None) for text in render_table([cells])]
    lines.sort(key=lambda line: line[1])
    return [(text, y) for text, y, _ in lines], [style for _, _, style in lines]


def is_grid(grid: list[list[str | None]]) -> bool:
    """Rows of cells: two rows or more, and most rows with two filled cells or more."""
    rows_of_cells = sum(1 for row in grid if sum(1 for cell in row if cell and cell.strip()) >= 2)
    return len(grid) >= 2 and rows_of_cells >= len(grid) / 2


def table_pages(path: Path, numbers: list[int]) -> dict[int, StyledLines]:
    """The lines of each given 0-based page that holds a ruled table, its
    tables as rows; pages without one are left out."""
    import pdfplumber

    found: dict[int, Lines] = {}
    with pdfplumber.open(path) as document:
        for number in numbers:
            page = document.pages[number]
            lines = _with_tables(page, page.find_tables())
            if lines is not None:
                found[number] = lines
            page.close()
    return found


def ocr_pages(path: Path, pages: list[Lines], numbers: list[int], language: str) -> dict[int, ocr.OcrPage]:
    """Replace the given 1-based pages by their OCR, a few pages at a time so
    that only those few page images are in memory at once; return what OCR read
    on each, with its confidences."""
    read: dict[int, ocr.OcrPage] = {}
    document = open_pdf(path)
    try:
        for start in range(0, len(numbers), ocr.PARALLEL):
            batch = numbers[start : start + ocr.PARALLEL]
            images = [document[n - 1].render(scale=ocr.DPI / 72, grayscale=True).to_pil() for n in batch]
            for number, page in zip(batch, ocr.ocr_many(images, language, scale=72 / ocr.DPI), strict=True):
                pages[number - 1] = page.lines
                read[number] = page
    finally:
        document.close()
    return read


def _why_not_ocr(ocr_enabled: bool, language: str) -> str | None:
    return ocr.missing(language) if ocr_enabled else "OCR is turned off ([stages.ingest] ocr = false)"


def read(
    path: Path,
    ocr_enabled: bool = True,
    ocr_language: str = "vie",
    engine: str = "auto",
    tables: bool = True,
    **_: object,
) -> Extracted:
    if engine not in ENGINES:
        raise ValueError(f"pdf engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "auto":
        engine = choose_engine(path)
    read_pages = list(READERS[engine](path))
    if not read_pages:
        raise InputError("the PDF has no pages")
    if tables:
        for number, styled_lines in table_pages(path, ruled_pages(path)).items():
            read_pages[number] = styled_lines
    pages = [from_legacy_fonts(lines) for lines, _ in read_pages]
    styles = [page_styles for _, page_styles in read_pages]
    scanned = needing_ocr(path, pages)
    check_ocr_budget(path, scanned)
    warnings = []
    reason = _why_not_ocr(ocr_enabled, ocr_language) if scanned else None
    if reason and len(scanned) == len(pages):
        raise InputError(f"the PDF is scanned (no text layer) and needs OCR, but {reason}")
    if reason:
        warnings.append(f"pages {', '.join(map(str, scanned))} have no usable text layer and were not OCR'd: {reason}")
        scanned = []
    ocr_read = ocr_pages(path, pages, scanned, ocr_language)
    for number in scanned:
        styles[number - 1] = [None] * len(pages[number - 1])
    pitch = line_pitch(pages)
    cleaned = strip_running_lines([with_paragraph_gaps(lines, pitch).split("\n") for lines in pages])
    texts = ["\n".join(lines) for lines in cleaned]
    return Extracted(
        pages=texts,
        emphasis=[spans_of_lines(*page) for page in zip(cleaned, pages, typography().set_apart(styles), strict=True)],
        paged=True,
        ocr_pages=scanned,
        warnings=warnings,
        encoding=engine,
        confidences={number: ocr.line_confidences(texts[number - 1], page) for number, page in ocr_read.items()},
    )
