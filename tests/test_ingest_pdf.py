"""PDF with a text layer, read by pdfplumber and by the pypdfium2 fast path:
the corpus documents laid out as PDF give the text and the figures of their
text originals, with pages filled and running headers and footers gone."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from chitieu.pipeline.ingest import pdf
from chitieu.pipeline.ingest.charsets import encode_tcvn3, encode_vni
from chitieu.pipeline.ingest.layout import strip_running_lines, with_paragraph_gaps
from chitieu.pipeline.runner import collect_inputs, run_batch
from tests.builders import HEADER, build_pdf, corpus_files, paragraphs
from tests.scoring import Scored, config_with, score_kind

ENGINES = ["pdfplumber", "pypdfium2"]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    for path in corpus_files():
        build_pdf(folder / f"{path.stem}.pdf", paragraphs(path))
    return folder


@pytest.fixture(scope="module")
def scored(pdfs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scored]:
    root = tmp_path_factory.mktemp("pdf-runs")
    return {
        engine: score_kind(pdfs, root / engine, config_with(root / f"{engine}.toml", pdf_engine=engine))
        for engine in ENGINES
    }


def test_both_readers_give_the_same_lines_so_the_fast_one_is_chosen(pdfs: Path) -> None:
    for path in sorted(pdfs.glob("*.pdf")):
        slow, fast = list(pdf.plumber_pages(path)), list(pdf.pdfium_pages(path))
        assert len(slow) == len(fast)
        assert all(pdf._same_text(a, b) for (a, _), (b, _) in zip(slow, fast, strict=True))
        assert pdf.choose_engine(path) == "pypdfium2"


def test_the_fast_reader_verdict_is_taken_once_per_pdf_producer(pdfs: Path, monkeypatch) -> None:
    compared: list[str] = []
    real = pdf.plumber_pages

    def counting(path: Path):
        compared.append(path.name)
        return real(path)

    monkeypatch.setattr(pdf, "_ENGINE_BY_PRODUCER", {})
    monkeypatch.setattr(pdf, "plumber_pages", counting)
    paths = sorted(pdfs.glob("*.pdf"))
    assert [pdf.choose_engine(path) for path in paths] == ["pypdfium2"] * len(paths)
    assert compared == [paths[0].name]  # all made by ReportLab: compared once
    monkeypatch.setattr(pdf, "producer", lambda path: "Microsoft® Word 2016")
    pdf._ENGINE_BY_PRODUCER["Microsoft® Word 2016"] = "pdfplumber"
    assert pdf.choose_engine(paths[0]) == "pdfplumber"
    monkeypatch.setattr(pdf, "producer", lambda path: "")
    pdf.choose_engine(paths[1])
    pdf.choose_engine(paths[1])
    assert compared == [paths[0].name, paths[1].name, paths[1].name]  # no producer: always compared


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_reads_as_the_text_original_word_for_word(scored: dict[str, Scored], engine: str) -> None:
    """Same paragraphs: wrapped lines re-joined, nothing glued or split, and
    the header and "Trang N/M" footer of every page gone."""
    originals = {doc.doc_id: doc for doc in run_batch(collect_inputs(corpus_files()), None, workers=0).documents}
    for doc in scored[engine].documents:
        assert doc.status == "ok", doc.error
        assert doc.text == originals[doc.doc_id].text
        assert HEADER not in doc.text and "Trang " not in doc.text


@pytest.mark.parametrize("engine", ENGINES)
def test_every_figure_has_the_page_it_is_printed_on(scored: dict[str, Scored], pdfs: Path, engine: str) -> None:
    for doc in scored[engine].documents:
        document = pypdfium2.PdfDocument(str(pdfs / f"{doc.doc_id}.pdf"))
        pages = ["".join(page.get_textpage().get_text_range().split()) for page in document]
        assert [p.number for p in doc.pages] == list(range(1, len(pages) + 1))
        for figure in doc.figures:
            number = "".join(figure.text.split()[0])  # the number as printed: "6.527", "17,09%"
            assert figure.page is not None
            assert number in pages[figure.page - 1], (figure.text, figure.page)
        document.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_gives_the_figures_of_the_text_original(scored: dict[str, Scored], engine: str) -> None:
    result = scored[engine]
    agreement, f1 = result.agreement_with_original(), result.report.f1
    assert agreement >= 0.95, result.summary()
    assert f1 >= 0.95, result.summary()


def test_running_headers_footers_and_page_numbers_are_removed() -> None:
    pages = [
        ["UBND TỈNH QUẢNG NAM", "Số hộ nghèo giảm còn", "1.358 hộ.", "- 1 -"],
        ["UBND TỈNH QUẢNG NAM", "Tỷ lệ hộ nghèo", "3,47%.", "- 2 -"],
        ["UBND TỈNH QUẢNG NAM", "Kinh phí 15 tỷ đồng năm", "2020", "Trang 3/3"],
    ]
    assert strip_running_lines(pages) == [
        ["Số hộ nghèo giảm còn", "1.358 hộ."],
        ["Tỷ lệ hộ nghèo", "3,47%."],
        ["Kinh phí 15 tỷ đồng năm", "2020"],
    ]


def test_a_wide_gap_between_lines_is_a_paragraph_break() -> None:
    lines = [("Dòng một của đoạn", 100.0), ("tiếp theo.", 117.0), ("Đoạn mới", 143.0), ("tiếp.", 160.0)]
    assert with_paragraph_gaps(lines, 17.0) == "Dòng một của đoạn\ntiếp theo.\n\nĐoạn mới\ntiếp."


def test_a_text_layer_without_letters_or_unicode_map_is_told_from_text() -> None:
    assert pdf.text_layer([("(cid:12)(cid:15)(cid:3)" * 10, 0.0)]) == "garbage"
    assert pdf.text_layer([("Ÿ¤¥ ÞßÐ ÆØÅ ¿¡¬ ±µ¶ ÷ÿ× ŒŠŽ", 0.0)] * 3) == "garbage"
    assert pdf.text_layer([("12", 0.0)]) == "none"
    assert pdf.text_layer([("Kết quả điều tra rà soát hộ nghèo, hộ cận nghèo", 0.0)]) == "text"


def test_a_page_of_a_few_numbers_and_no_image_keeps_its_text_layer(tmp_path: Path) -> None:
    extracted = pdf.read(build_pdf(tmp_path / "numbers.pdf", ["1.358", "3,47%", "2020"], running=False))
    assert extracted.ocr_pages == []
    assert extracted.pages[0].split() == ["1.358", "3,47%", "2020"]


@pytest.mark.parametrize("encode", [encode_tcvn3, encode_vni], ids=["tcvn3", "vni"])
def test_a_pdf_set_in_a_legacy_vietnamese_font_reads_as_unicode(tmp_path: Path, encode) -> None:
    """Text from a .VnTime or VNI-Times PDF extracts as Latin-1 letters ("KÕt qu¶")."""
    lines = [line for line in paragraphs(corpus_files()[1]) if "6.527 hộ nghèo" in line or "nhà tình nghĩa" in line]
    drawn = [encode(line).decode("latin-1") for line in lines]
    assert all(c >= " " and not "\x7f" <= c < "\xa0" for line in drawn for c in line)  # all drawable
    extracted = pdf.read(build_pdf(tmp_path / "legacy.pdf", drawn))
    assert extracted.ocr_pages == []
    assert " ".join(extracted.pages).replace(HEADER, "").split() == " ".join(lines).split()
