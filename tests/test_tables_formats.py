"""The same report with tables, saved by LibreOffice as PDF and as Word 97
.doc, and scanned: the same figures as its DOCX, cell for cell."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from chitieu.pipeline.ingest import ocr
from tests.builders import build_docx_blocks, build_scanned_pdf, convert
from tests.scoring import overlap
from tests.test_tables import BLOCKS, EXPECTED, INDICATORS, run_to_tables, table_figures, write_text

#: antiword reads a table of more than six columns in a .doc written by
#: LibreOffice as a run of cells, not as a table; the .doc keeps six.
NARROW = [[row[:6] for row in block] if block is INDICATORS else block for block in BLOCKS]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report as DOCX, and as LibreOffice saves it as PDF and as .doc."""
    folder = tmp_path_factory.mktemp("office")
    docx = build_docx_blocks(folder / "report.docx", BLOCKS)
    narrow = build_docx_blocks(folder / "narrow.docx", NARROW)
    return {"docx": docx, "pdf": convert(docx, "pdf", folder), "doc": convert(narrow, "doc", folder)}


def unit_values(path: Path) -> Counter:
    return Counter((f.unit, round(f.value, 6)) for f in run_to_tables(path).figures)


def test_pdf_saved_by_libreoffice_gives_the_cells_figures_exactly(saved: dict[str, Path]) -> None:
    assert table_figures(run_to_tables(saved["pdf"])) == EXPECTED


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
def test_a_word_97_doc_gives_the_cells_figures_exactly(saved: dict[str, Path], tmp_path: Path) -> None:
    expected = table_figures(run_to_tables(write_text(tmp_path / "narrow.txt", NARROW)))
    assert len(expected) == len(EXPECTED) - 3  # all but the three "So sánh (%)" cells
    assert table_figures(run_to_tables(saved["doc"])) == expected


def test_pdf_and_docx_agree(saved: dict[str, Path]) -> None:
    assert overlap(unit_values(saved["pdf"]), unit_values(saved["docx"])) >= 0.97


@pytest.mark.skipif(ocr.missing("vie") is not None, reason="tesseract with Vietnamese is not installed")
def test_a_scan_gives_its_cells_figures_and_agrees_with_its_docx(saved: dict[str, Path], tmp_path: Path) -> None:
    """Every cell's value and unit; the attributes exactly where OCR reads the
    header and label words right (it glues "Ước TH" and "Tỷ lệ hộ" here)."""
    doc = run_to_tables(build_scanned_pdf(tmp_path / "scan.pdf", saved["pdf"], dpi=300))
    found = table_figures(doc)
    assert sorted(f[:2] for f in found) == sorted(e[:2] for e in EXPECTED)
    legible = [e for e in EXPECTED if e[4] != "estimate" and "Tỷ lệ" not in e[6]]
    assert len(legible) == 17 and all(e in found for e in legible)
    scanned = Counter((f.unit, round(f.value, 6)) for f in doc.figures)
    assert overlap(scanned, unit_values(saved["docx"])) >= 0.90
