"""Builds the test inputs from the corpus documents themselves: PDF with a text
layer, scanned PDF, page images, DOCX and every supported text encoding.

Nothing binary is committed: each builder writes into a folder the test gives
it. The PDFs are laid out like the real reports: hard-wrapped lines, a running
header and a "Trang N/M" footer on every page, that ingest must remove.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path

from PIL import Image

from chitieu.lexicons import load
from chitieu.pipeline.document import Document, Metadata
from chitieu.pipeline.ingest import charsets
from chitieu.pipeline.normalise import Reflow, normalise_pages

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD = CORPUS / "gold"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSerif.ttf"
BOLD_FONT = FONT_DIR / "DejaVuSerif-Bold.ttf"
HEADER = "UBND HUYỆN — Báo cáo thực hiện Đề án 161"
REFLOW = Reflow(load("layout")["block_start_words"])


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def paragraphs(path: Path) -> list[str]:
    """The document's paragraphs as normalise reads them from the text original,
    without Markdown markup: what a word processor would show."""
    return normalise_pages([path.read_text(encoding="utf-8-sig")], REFLOW)[0].splitlines()


#: A document as paragraphs (str) and tables (rows of cell texts), in reading order.
Blocks = list[str | list[list[str]]]


def through_tables(blocks: Blocks, *, doc_type: str = "bao_cao", issue_date: str = "2024-12-15") -> Document:
    """The blocks as a report of 2024 (tables rendered one row a line), through the
    extract, tables and enrich stages."""
    from chitieu.extractors.enrich import Enrich
    from chitieu.extractors.figures import Extract
    from chitieu.extractors.tables import Tables
    from chitieu.pipeline.tablerows import find_tables, render_table

    lines = [line for block in blocks for line in ([block] if isinstance(block, str) else render_table(block))]
    doc = Document("t", Path("t.txt"), meta=Metadata(doc_type=doc_type, period="2024", issue_date=issue_date))
    doc.text = "\n".join(lines)
    doc.tables = find_tables(doc.text)
    return Enrich()(Tables()(Extract()(doc)))


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, font in (("DejaVuSerif", FONT), ("DejaVuSerif-Bold", BOLD_FONT)):
        if not font.is_file():
            raise FileNotFoundError(f"{font} is missing: run scripts/install-system-deps.sh (fonts-dejavu-core)")
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font)))


def build_pdf(
    path: Path, lines: list[str], font_size: float = 12, running: bool = True, bold: Collection[int] = ()
) -> Path:
    """A text-layer PDF: A4, hard-wrapped lines, and (if ``running``) a header
    and a footer; the paragraphs whose indexes are in ``bold`` set in bold."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    _register_font()
    width, height = A4
    margin, leading = 72, font_size * 1.45
    wrapped: list[tuple[str, str] | None] = []  # (font, text); None: a paragraph break
    for index, line in enumerate(lines):
        font = "DejaVuSerif-Bold" if index in bold else "DejaVuSerif"
        wrapped += [*((font, text) for text in simpleSplit(line, font, font_size, width - 2 * margin)), None]
    per_page = int((height - 2 * margin) // leading)
    pages = [wrapped[i : i + per_page] for i in range(0, len(wrapped), per_page)]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, page in enumerate(pages, 1):
        if running:
            pdf.setFont("DejaVuSerif", 9)
            pdf.drawCentredString(width / 2, height - 40, HEADER)
            pdf.drawCentredString(width / 2, 30, f"Trang {number}/{len(pages)}")
        y = height - margin
        for line in page:
            if line:
                pdf.setFont(line[0], font_size)
                pdf.drawString(margin, y, line[1])
            y -= leading if line else leading / 2
        pdf.showPage()
    pdf.save()
    return path


def build_table_pdf(path: Path, blocks: Blocks, font_size: float = 10) -> Path:
    """A text-layer PDF of paragraphs and ruled tables (every cell boxed), as a
    word processor prints them; a table too long for its page goes on over the next."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_font()
    text = ParagraphStyle("text", fontName="DejaVuSerif", fontSize=font_size, leading=font_size * 1.4)
    flow: list = []
    for block in blocks:
        if isinstance(block, str):
            flow += [Paragraph(block, text), Spacer(0, font_size / 2)]
            continue
        cells = [[Paragraph(cell, text) for cell in row] for row in block]
        style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        flow += [Table(cells, style=style, repeatRows=1), Spacer(0, font_size)]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path


def build_docx_blocks(path: Path, blocks: Blocks) -> Path:
    """A Word document of paragraphs and tables (table style "Table Grid": ruled)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        grid = document.add_table(rows=len(block), cols=len(block[0]))
        grid.style = "Table Grid"
        for row, values in zip(grid.rows, block, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    document.save(str(path))
    return path


def convert(path: Path, to: str, folder: Path) -> Path:
    """``path`` converted by LibreOffice headless (``to``: "pdf", "doc"…) into ``folder``."""
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise FileNotFoundError("LibreOffice is missing: run scripts/install-system-deps.sh (libreoffice-writer-nogui)")
    profile = folder / ".office-profile"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{path.stem}.{to}"


def noise_jpeg(path: Path, megabytes: float) -> Path:
    """A greyscale JPEG of random pixels (it does not compress) of about ``megabytes``."""
    side = int((megabytes * 2**20) ** 0.5)
    Image.frombytes("L", (side, side), os.urandom(side * side)).save(path, "JPEG", quality=95)
    return path


def build_big_pdf(path: Path, text_pdf: Path, megabytes: float, photos: int = 4) -> Path:
    """``text_pdf`` with a high-resolution photo on each of its first pages (as
    scanned stamps or pictures make real reports heavy), ``megabytes`` in all."""
    import pypdfium2

    photo = noise_jpeg(path.with_suffix(".jpg"), megabytes / photos)
    document = pypdfium2.PdfDocument(str(text_pdf))
    try:
        for number in range(min(photos, len(document))):
            page = document[number]
            image = pypdfium2.PdfImage.new(document)
            image.load_jpeg(str(photo), inline=False)
            image.set_matrix(pypdfium2.PdfMatrix().scale(60, 60).translate(480, 40))
            page.insert_obj(image)
            page.gen_content()
        document.save(str(path))
    finally:
        document.close()
    photo.unlink()
    return path


def render_pages(pdf_path: Path, dpi: int = 200) -> list:
    """Each page of ``pdf_path`` as a greyscale image, as a scanner would give it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]
    finally:
        document.close()


def build_scanned_pdf(path: Path, text_pdf: Path, dpi: int = 200) -> Path:
    """A PDF of page images only (no text layer), made from ``text_pdf``."""
    images = render_pages(text_pdf, dpi)
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def build_mixed_pdf(path: Path, text_pdf: Path, scanned_pdf: Path, scanned: set[int]) -> Path:
    """``text_pdf`` with the given 1-based pages taken from ``scanned_pdf`` instead."""
    import pypdfium2

    text, scan, mixed = (
        pypdfium2.PdfDocument(str(text_pdf)),
        pypdfium2.PdfDocument(str(scanned_pdf)),
        pypdfium2.PdfDocument.new(),
    )
    try:
        for number in range(1, len(text) + 1):
            mixed.import_pages(scan if number in scanned else text, [number - 1])
        mixed.save(str(path))
    finally:
        for document in (text, scan, mixed):
            document.close()
    return path


def build_docx(
    path: Path,
    lines: list[str],
    table: list[list[str]] | None = None,
    bold: Collection[int] = (),
    headings: Collection[int] = (),
) -> Path:
    """A Word document: one paragraph per line, and a table after the first
    line; the lines whose indexes are in ``bold`` typed in bold, those in
    ``headings`` in the style "Heading 2"."""
    import docx

    document = docx.Document()
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph(style="Heading 2" if index in headings else None)
        paragraph.add_run(line).bold = True if index in bold else None
        if index == 0 and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row, values in zip(grid.rows, table, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    document.save(str(path))
    return path


#: Encoding name -> how to write a text in it.
ENCODERS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: text.encode("utf-8-sig"),
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-16-le-no-bom": lambda text: text.encode("utf-16-le"),
    "nfd": lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
    "cp1258": charsets.encode_cp1258,
    "tcvn3": charsets.encode_tcvn3,
    "vni": charsets.encode_vni,
    "viqr": lambda text: charsets.encode_viqr(text).encode("ascii"),
}


def build_encoded(path: Path, source: Path, encoding: str) -> Path:
    path.write_bytes(ENCODERS[encoding](source.read_text(encoding="utf-8-sig")))
    return path


def add_footnote(path: Path, paragraph: int, note: str) -> Path:
    """Give the ``paragraph``-th paragraph of a Word document built here a
    footnote (python-docx writes none): the footnotes part, its relationship and
    content type, and the reference run."""
    import re
    import zipfile

    main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = {name: parts.pop(name).decode("utf-8") for name in ("word/_rels/document.xml.rels", "[Content_Types].xml")}
    body = parts.pop("word/document.xml").decode("utf-8")
    xml["word/footnotes.xml"] = (
        f'<w:footnotes xmlns:w="{main}">'
        '<w:footnote w:id="-1" w:type="separator"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    xml["word/_rels/document.xml.rels"] = xml["word/_rels/document.xml.rels"].replace(
        "</Relationships>", f'<Relationship Id="rIdNote" Type="{rel_type}" Target="footnotes.xml"/></Relationships>'
    )
    xml["[Content_Types].xml"] = xml["[Content_Types].xml"].replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    cut = [m.end() for m in re.finditer(r"</w:r>(?=</w:p>)", body)][paragraph]
    xml["word/document.xml"] = body[:cut] + '<w:r><w:footnoteReference w:id="1"/></w:r>' + body[cut:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in [*parts.items(), *xml.items()]:
            package.writestr(name, data)
    return path
