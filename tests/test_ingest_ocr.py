"""Scanned pages: no text layer, so tesseract reads them, page by page. The
corpus documents printed and scanned give the figures of their text originals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest import images, ocr, pdf
from tests.builders import build_mixed_pdf, build_pdf, build_scanned_pdf, corpus_files, paragraphs, render_pages
from tests.scoring import Scored, agreement, figures_of, original_figures, run_folder, score_kind

pytestmark = pytest.mark.slow
#: The documents with gold figures: OCR costs seconds a page, so only these are scanned.
SCANNED = [corpus_files()[0], corpus_files()[1]]
REPORT_001 = corpus_files()[1]


@pytest.fixture(scope="module")
def text_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("text-pdf")
    for path in SCANNED:
        build_pdf(folder / f"{path.stem}.pdf", paragraphs(path))
    return folder


@pytest.fixture(scope="module")
def scanned(text_pdfs: Path, tmp_path_factory: pytest.TempPathFactory) -> Scored:
    folder = tmp_path_factory.mktemp("scanned")
    for path in SCANNED:
        build_scanned_pdf(folder / f"{path.stem}.pdf", text_pdfs / f"{path.stem}.pdf")
    return score_kind(folder, tmp_path_factory.mktemp("scanned-out"))


def test_scanned_pdfs_give_the_figures_of_the_text_originals(scanned: Scored) -> None:
    agreement, f1 = scanned.agreement_with_original(), scanned.report.f1
    assert agreement >= 0.90, scanned.summary()
    assert f1 >= 0.90, scanned.summary()


def test_every_scanned_page_is_ocrd_and_figures_keep_their_pages(scanned: Scored) -> None:
    for doc in scanned.documents:
        assert doc.status == "ok", doc.error
        assert doc.ocr_pages == {page.number for page in doc.pages}
        assert all(page.ocr for page in doc.pages)
        assert all(figure.page is not None for figure in doc.figures)


def test_ocr_is_decided_per_page(text_pdfs: Path, tmp_path: Path) -> None:
    text_pdf = text_pdfs / f"{REPORT_001.stem}.pdf"
    scan = build_scanned_pdf(tmp_path / "scan.pdf", text_pdf)
    folder = tmp_path / "mixed"
    folder.mkdir()
    build_mixed_pdf(folder / f"{REPORT_001.stem}.pdf", text_pdf, scan, scanned={3})
    [doc] = run_folder(folder, tmp_path / "out")
    assert doc.ocr_pages == {3}
    assert agreement(figures_of([doc])[doc.doc_id], original_figures()[REPORT_001.stem]) >= 0.95


@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_an_image_of_a_page_is_read_by_ocr(text_pdfs: Path, tmp_path: Path, suffix: str) -> None:
    page = render_pages(text_pdfs / f"{REPORT_001.stem}.pdf", dpi=200)[0]
    path = tmp_path / f"page{suffix}"
    page.save(path)
    extracted = images.read(path)
    assert extracted.paged and extracted.ocr_pages == [1]
    text = " ".join(extracted.pages[0].split())
    assert "Kính gửi: Sở Lao động - Thương binh và Xã hội." in text


def test_without_tesseract_a_scan_fails_with_what_to_install(
    text_pdfs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = build_scanned_pdf(tmp_path / "scan.pdf", text_pdfs / f"{REPORT_001.stem}.pdf")
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    ocr.missing.cache_clear()
    try:
        expected = (
            "the PDF is scanned (no text layer) and needs OCR, but tesseract is not installed; install tesseract "
            "with its Vietnamese data (apt-get install tesseract-ocr tesseract-ocr-vie, "
            "or run scripts/install-system-deps.sh)"
        )
        with pytest.raises(InputError, match=re.escape(expected)):
            pdf.read(scan)
        with pytest.raises(InputError, match=re.escape("an image of a page needs OCR, but tesseract is not installed")):
            images.read(scan.with_suffix(".png"))
    finally:
        ocr.missing.cache_clear()


def test_without_vietnamese_data_the_reason_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    ocr.missing.cache_clear()
    try:
        assert ocr.missing("vie").startswith("tesseract has no 'vie' language data; install tesseract")
    finally:
        ocr.missing.cache_clear()
