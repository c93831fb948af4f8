"""Word documents (.docx): paragraphs and tables in the order they appear.

A table row becomes one line with its cells separated by " | ", so that
numbers in neighbouring cells are never read as one number.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.base import Extracted
from pipeline.ingest.detect import repair_legacy_fonts

CELL_SEPARATOR = " | "


def _check_package(path: Path) -> None:
    """Say what the file is when it is not a Word document."""
    if not zipfile.is_zipfile(path):
        raise InputError("this .docx is not a Word document (it is not a ZIP package; is it an old .doc?)")
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError("this .docx is not a valid Word document (truncated or corrupt ZIP)") from exc
    if "word/document.xml" not in names:
        raise InputError("this .docx is not a Word document (it is a ZIP without word/document.xml)")


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
