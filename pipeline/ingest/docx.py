"""Word documents (.docx): paragraphs and tables in the order they appear.

A table row becomes one line with its cells separated by " | ", so that
numbers in neighbouring cells are never read as one number.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from pipeline import limits
from pipeline.errors import InputError
from pipeline.ingest.base import Extracted
from pipeline.ingest.detect import repair_legacy_fonts

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


def _blocks(document) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                cells = {id(cell._tc): cell for cell in row.cells}.values()  # a merged cell comes once
                texts = (" ".join(cell.text.split()) for cell in cells)
                yield CELL_SEPARATOR.join(text for text in texts if text)


def read(path: Path, **_: object) -> Extracted:
    import docx

    _check_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        raise InputError(f"this .docx is not a valid Word document ({type(exc).__name__})") from exc
    blocks = repair_legacy_fonts(list(_blocks(document)))  # typed in .VnTime or VNI-Times
    return Extracted(pages=["\n\n".join(blocks)])  # a blank line: a paragraph ends
