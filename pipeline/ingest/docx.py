"""Word documents (.docx): paragraphs and tables in the order they appear.

A table row becomes one line with its cells separated by " | " (see
``chitieu.pipeline.tablerows``), one cell per grid column: a merged cell's text stands
in its first column and row only, the columns it covers are empty, so that
columns stay aligned and no value is read twice. A footnote follows the
paragraph or table that cites it, as a PDF prints it at the foot of that page;
endnotes follow the body. A paragraph in a
heading style, or whose runs are all bold, is marked as set apart from the body
text, as a bold line of a PDF is.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

from chitieu.lexicons import word_list
from chitieu.pipeline import limits
from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest.base import Extracted
from chitieu.pipeline.ingest.detect import repair_legacy_fonts
from chitieu.pipeline.tablerows import render_table

CELL_SEPARATOR = " | "
#: A member this large that compressed this well is a ZIP bomb, not a report:
#: Word's XML deflates about 10:1.
BOMB_SIZE, BOMB_RATIO = 16 * limits.MB, 200


def _check_expansion(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a package that would expand past the limit, before inflating it.
    The sizes are those the ZIP declares; zipfile never inflates a member past
    its declared size."""
    limit = limits.active().max_unpacked
    total = sum(member.file_size for member in members)
    if total > limit:
        raise InputError(f"the DOCX expands to {limits.human_size(total)}, over the {limits.human_size(limit)} limit")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > BOMB_SIZE and ratio > BOMB_RATIO:
            raise InputError(
                f"the DOCX member {member.filename} is compressed {ratio:.0f}:1, a sign of a ZIP bomb, not of a report"
            )


WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Relationship types of the parts that hold notes.
NOTE_PARTS = ("/footnotes", "/endnotes")


def _check_package(path: Path) -> None:
    """Say what the file is when it is not a Word document."""
    if not zipfile.is_zipfile(path):
        raise InputError("this .docx is not a Word document (it is not a ZIP package; is it an old .doc?)")
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError("this .docx is not a valid Word document (truncated or corrupt ZIP)") from exc
    if "word/document.xml" not in {member.filename for member in members}:
        raise InputError("this .docx is not a Word document (it is a ZIP without word/document.xml)")
    _check_expansion(members)


def _grid(table) -> list[list[str]]:
    """The table's text, one cell per grid column; a cell merged across
    columns or rows (python-docx repeats it) keeps its text only where it starts."""
    grid: list[list[str]] = []
    above: list = []
    for row in table.rows:
        tcs = [cell._tc for cell in row.cells]
        grid.append(
            [
                "" if (i and tc is tcs[i - 1]) or (i < len(above) and tc is above[i]) else " ".join(cell.text.split())
                for i, (tc, cell) in enumerate(zip(tcs, row.cells, strict=True))
            ]
        )
        above = tcs
    return grid


def _style_bold(style) -> bool | None:
    """Whether a style, or the nearest style it is based on that says, sets bold."""
    while style is not None:
        if style.font.bold is not None:
            return style.font.bold
        style = style.base_style
    return None


@functools.cache
def heading_styles() -> tuple[str, ...]:
    """How the names of paragraph styles that make a heading start, lower-cased
    (``heading_style_prefixes`` in ``[emphasis]`` of ``lexicons/structure.toml``)."""
    return tuple(prefix.lower() for prefix in word_list("structure", "emphasis", "heading_style_prefixes"))


def _is_set_apart(paragraph) -> bool:
    """A heading style, or every run with text bold (set on the run, its
    character style or the paragraph's style)."""
    style = paragraph.style
    if style is not None and (style.name or "").lower().startswith(heading_styles()):
        return True
    runs = [run for run in paragraph.runs if run.text.strip()]
    paragraph_bold = _style_bold(style)

    def bold(run) -> bool:
        return next((b for b in (run.bold, _style_bold(run.style), paragraph_bold) if b is not None), False)

    return bool(runs) and all(map(bold, runs))


def _blocks(document) -> Iterator[tuple[tuple[str, bool], object]]:
    """Each block's text and whether it is set apart (table rows never are), with
    the XML element of its paragraph or table."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield (block.text, _is_set_apart(block)), block._p
        elif isinstance(block, Table):
            grid = _grid(block)
            # a one-column table is a framed paragraph
            rows = [cell for row in grid for cell in row if cell] if max(map(len, grid), default=0) < 2 else None
            lines = rows if rows is not None else list(render_table(grid))
            for i, line in enumerate(lines):  # the table's notes follow its last row
                yield (line, False), block._tbl if i == len(lines) - 1 else None


def _notes(document) -> dict[str, list[str]]:
    """The paragraphs of each footnote and endnote by kind and id ("footnote 3");
    the separator notes Word keeps with ids -1 and 0 are left out."""
    notes: dict[str, list[str]] = {}
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(NOTE_PARTS):
            continue
        kind = rel.reltype.rsplit("/", 1)[-1].removesuffix("s")
        for note in ET.fromstring(rel.target_part.blob):
            if int(note.get(f"{WORD_NS}id", "0")) <= 0:
                continue
            texts = ("".join(t.text or "" for t in p.iter(f"{WORD_NS}t")) for p in note.iter(f"{WORD_NS}p"))
            notes[f"{kind} {note.get(f'{WORD_NS}id')}"] = [" ".join(text.split()) for text in texts if text.strip()]
    return notes


def _cited(element) -> list[str]:
    """The notes a paragraph or table cites, in order ("footnote 3")."""
    return [
        f"{name} {reference.get(f'{WORD_NS}id')}"
        for name in ("footnote", "endnote")
        for reference in element.iter(f"{WORD_NS}{name}Reference")
    ]


def _with_notes(document) -> Iterator[tuple[str, bool]]:
    """The body's blocks, each footnote right after the block that cites it (as a
    PDF prints it at the foot of that page, in the same section), the endnotes and
    any note cited nowhere at the end. Notes are never set apart."""
    notes = _notes(document)
    for (text, set_apart), element in _blocks(document):
        yield text, set_apart
        for key in _cited(element) if element is not None else []:
            if key.startswith("footnote"):
                yield from ((note, False) for note in notes.pop(key, []))
    for paragraphs in notes.values():
        yield from ((note, False) for note in paragraphs)


def read(path: Path, **_: object) -> Extracted:
    import docx

    _check_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        raise InputError(f"this .docx is not a valid Word document ({type(exc).__name__})") from exc
    body = list(_with_notes(document))
    blocks = repair_legacy_fonts([text for text, _ in body])  # typed in .VnTime or VNI-Times
    emphasis, start = [], 0
    for text, (_, set_apart) in zip(blocks, body, strict=True):
        if set_apart:
            emphasis.append((start, start + len(text)))
        start += len(text) + 2
    return Extracted(pages=["\n\n".join(blocks)], emphasis=[emphasis])  # a blank line: a paragraph ends
