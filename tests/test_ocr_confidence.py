"""Text read by OCR: how sure OCR was of each figure (tesseract's word
confidences carried to the figures read from those words, the low ones named in
the document's warnings), and unit words read with a diacritic missing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from chitieu.pipeline.confidence import carry, low_confidence_warning, lowest
from chitieu.pipeline.document import Document
from chitieu.pipeline.ingest.ocr import OcrPage, line_confidences, read_words
from chitieu.pipeline.registry import build_pipeline
from chitieu.pipeline.runner import collect_inputs, run_batch
from tests.builders import build_pdf, build_scanned_pdf

#: Words as tesseract might read a line, with made-up confidences: "4, l 2%" is "4,12%" split and misread.
WORDS = [("Năm", 96.4), ("2024", 91), ("có", 88), ("4,", 75), ("l", 40), ("2%", 83), ("hộ", 90.6)]


def span(text: str, part: str) -> slice:
    start = text.index(part)
    return slice(start, start + len(part))


def test_a_repaired_number_keeps_the_lowest_confidence_of_the_words_it_came_from() -> None:
    text, confidences = read_words(WORDS)
    assert text == "Năm 2024 có 4,12% hộ"
    assert len(confidences) == len(text)
    assert lowest(confidences[span(text, "4,12%")]) == 40
    assert lowest(confidences[span(text, "4,12% hộ")]) == 40
    assert lowest(confidences[span(text, "hộ")]) == 91
    assert lowest(confidences[span(text, "Năm")]) == 96
    assert lowest(confidences[span(text, "2024")]) == 91
    assert confidences[text.index(" ")] is None  # the space OCR put between two words


def test_confidences_follow_an_edit_character_by_character() -> None:
    assert carry("ab  c", "ab c", [1, 2, None, None, 3]) == [1, 2, None, 3]
    decomposed = unicodedata.normalize("NFD", "hộ")  # "h", "o", two combining marks
    assert carry(decomposed, "hộ", [7, 8, 5, 9]) == [7, 5]
    assert carry("xy", "x-y", [4, 6]) == [4, None, 6]
    assert lowest([None, None]) is None


def test_each_line_of_a_page_finds_the_confidences_of_the_line_ocr_read() -> None:
    page = OcrPage(
        lines=[("UBND HUYỆN", 10.0), ("Có 12 hộ", 30.0), ("Trang 1", 50.0), ("Có 12 hộ", 70.0)],
        confidences=[[90] * 10, [80] * 8, [70] * 7, [60] * 8],
    )
    # The header and the page number were taken out, a blank line put in between the paragraphs.
    text = "Có 12 hộ\n\nCó 12 hộ"
    assert line_confidences(text, page) == [[80] * 8, None, [60] * 8]


def test_a_line_edited_after_ocr_is_logged_and_the_lines_after_it_still_match(
    caplog: pytest.LogCaptureFixture,
) -> None:
    page = OcrPage(
        lines=[("Có 12 hộ", 10.0), ("Có 7 xã - 2 -", 30.0), ("Có 5 thôn", 50.0)],
        confidences=[[80] * 8, [70] * 13, [60] * 9],
    )
    text = "Có 12 hộ\nCó 7 xã\nCó 5 thôn"  # an inline page number cut from the second line
    assert line_confidences(text, page) == [[80] * 8, None, [60] * 9]
    assert [record.getMessage() for record in caplog.records] == [
        "a kept line no longer matches any line read from the page: 'Có 7 xã'"
    ]


def test_the_warning_counts_the_figures_and_names_their_pages() -> None:
    assert low_confidence_warning([2, 2, 5], 60) == (
        "3 figures read by OCR with confidence under 60 (pages 2, 5): "
        "check them against the page (ocr_confidence column)"
    )
    assert low_confidence_warning([3], 45) == (
        "1 figure read by OCR with confidence under 45 (page 3): check it against the page (ocr_confidence column)"
    )


def ocr_read_document() -> Document:
    """Two pages as ingest gives them: page 1 from a text layer, page 2 read by OCR
    (its second line wrapped, so normalise joins it to the first)."""
    doc = Document("scan", Path("scan.pdf"), sha256="ef" * 32, format="pdf", paged=True)
    lines = ["Năm 2024, toàn xã còn 27 hộ nghèo, chiếm tỷ lệ", "4,12% số hộ; đã cấp  350 thẻ BHYT."]
    doc.raw_pages = ["Năm 2023, toàn xã có 31 hộ nghèo.", "\n".join(lines)]
    doc.ocr_pages = {2}
    first = (
        [91] * len("Năm 2024, toàn xã còn ") + [70] * len("27") + [52] * len(" hộ") + [93] * len(" nghèo, chiếm tỷ lệ")
    )
    second = [88] * len("4,12% số hộ; đã cấp") + [None, None] + [42] * len("350") + [97] * len(" thẻ BHYT.")
    doc.ocr_confidences = {2: [first, second]}
    return doc


def after_ingest(doc: Document) -> Document:
    """``doc`` through every stage after ingest, whose work the test did."""
    for name, component in build_pipeline():
        if name != "ingest":
            doc = component(doc)
    return doc


def test_figures_read_by_ocr_get_their_confidence_and_the_low_ones_a_warning() -> None:
    doc = after_ingest(ocr_read_document())
    confidence = {figure.text: figure.ocr_confidence for figure in doc.figures}
    assert confidence == {"31 hộ": None, "27 hộ": 52, "4,12%": 88, "350 thẻ": 42}
    assert doc.warnings == [
        "2 figures read by OCR with confidence under 60 (page 2): check them against the page (ocr_confidence column)"
    ]


def test_a_unit_word_missing_a_diacritic_is_read_on_ocr_pages_only() -> None:
    doc = Document("mixed", Path("mixed.pdf"), sha256="12" * 32, format="pdf", paged=True)
    sentence = "Năm 2024, xã đã chi 350 triệu đông cho các hộ nghèo."
    doc.raw_pages, doc.ocr_pages = [sentence, sentence], {2}
    doc = after_ingest(doc)
    assert [(f.page, f.unit, f.value) for f in doc.figures] == [(2, "vnd", 350e6)]


#: The lowest confidence a figure of a clean generated scan may have.
CLEAN_SCAN_FLOOR = 90


@pytest.mark.slow
def test_a_scanned_figure_has_a_confidence_and_a_text_file_figure_none(tmp_path: Path) -> None:
    lines = ["Năm 2024, toàn huyện còn 412 hộ nghèo, chiếm tỷ lệ 3,5% tổng số hộ."]
    folder = tmp_path / "in"
    folder.mkdir()
    text_pdf = build_pdf(tmp_path / "report.pdf", lines, running=False)
    build_scanned_pdf(folder / "scan.pdf", text_pdf, dpi=300)
    (folder / "typed.txt").write_text(lines[0], encoding="utf-8")
    scan, typed = run_batch(collect_inputs([folder]), cache_dir=None, workers=0).documents
    assert [f.text for f in scan.figures] == ["412 hộ", "3,5%"], scan.text
    # A clean 300-dpi scan of printed text: tesseract 5 gives both figures 96 here;
    # the floor leaves room for other versions and catches confidences lost on the way (0 or None).
    assert all(isinstance(f.ocr_confidence, int) and f.ocr_confidence >= CLEAN_SCAN_FLOOR for f in scan.figures)
    assert [f.ocr_confidence for f in typed.figures] == [None, None]
