"""Word 97–2003 documents (.doc), which many offices still send, through antiword.

antiword writes DocBook XML (``-x db``), in which a table keeps its cells, so a
.doc is read like a .docx: paragraphs and tables (one row a line, " | "
between cells) in reading order. antiword is a system program: where it is
missing, the file fails with one sentence saying what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest.base import Extracted
from chitieu.pipeline.ingest.detect import repair_legacy_fonts
from chitieu.pipeline.tablerows import render_table

INSTALL_HINT = "install antiword (apt-get install antiword, or run scripts/install-system-deps.sh)"
#: DocBook elements that hold a paragraph's text.
TEXT_ELEMENTS = {"para", "simpara", "title"}
TABLE_ELEMENTS = {"informaltable", "table"}
#: Seconds antiword may take on one file.
TIMEOUT = 120


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _blocks(element: ET.Element) -> Iterator[str]:
    for child in element:
        if child.tag == "bookinfo":
            continue
        if child.tag in TABLE_ELEMENTS:
            grid = [[_text(entry) for entry in row.iter("entry")] for row in child.iter("row")]
            if max(map(len, grid), default=0) < 2:  # a one-column table is a framed paragraph
                yield from (cell for row in grid for cell in row if cell)
            else:
                yield from render_table(grid)
        elif child.tag in TEXT_ELEMENTS and not any(t.tag in TABLE_ELEMENTS for t in child.iter()):
            if text := _text(child):
                yield text
        else:
            yield from _blocks(child)


def read(path: Path, **_: object) -> Extracted:
    program = shutil.which("antiword")
    if program is None:
        raise InputError(f"reading a Word 97 .doc needs antiword, which is not installed; {INSTALL_HINT}")
    try:
        done = subprocess.run([program, "-x", "db", str(path)], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"antiword took longer than {TIMEOUT} s on this .doc; save it as .docx or PDF") from exc
    reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0 or not done.stdout.strip():
        why = reason[-1].replace(str(path), "the file") if reason else "no output"
        raise InputError(f"this .doc is not a Word 97 document antiword can read ({why}); save it as .docx or PDF")
    try:
        root = ET.fromstring(done.stdout)
    except ET.ParseError as exc:
        raise InputError("antiword's reading of this .doc is not well-formed; save it as .docx or PDF") from exc
    blocks = repair_legacy_fonts(list(_blocks(root)))  # typed in .VnTime or VNI-Times
    return Extracted(pages=["\n\n".join(blocks)], encoding="antiword")
