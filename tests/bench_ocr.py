"""What OCR costs: pages per second of tesseract alone, of chitieu's OCR and of
chitieu end to end, on the same scanned pages. Prints numbers; asserts nothing.

    python -m tests.bench_ocr [SCAN.pdf]

Without an argument a scan of a few pages is built from generated Vietnamese
sentences full of numbers. The pages are rendered once, as ingest renders them
(greyscale, at ``ocr.DPI``), and OCR'd ``ocr.PARALLEL`` at a time, one thread each:

1. tesseract alone: ``pytesseract.image_to_string`` at the same psm;
2. chitieu's OCR (``ocr.ocr_many``): ruled tables found and erased, words with
   their boxes and confidences, orientation checked on pages that read badly,
   numbers repaired;
3. chitieu end to end: the file through every stage (rendering included).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from chitieu.pipeline.ingest import ocr, pdf
from chitieu.pipeline.runner import collect_inputs, run_batch
from tests.builders import build_pdf, build_scanned_pdf

SENTENCES = [
    "Năm {year}, toàn huyện còn {count} hộ nghèo, chiếm tỷ lệ {rate}% tổng số hộ dân cư.",
    "Đã giải quyết việc làm mới cho {count} lao động, đạt {rate}% kế hoạch năm {year}.",
    "Tổng kinh phí hỗ trợ là {money} triệu đồng, trong đó ngân sách tỉnh {share} triệu đồng.",
    "Cấp {count} thẻ bảo hiểm y tế cho người thuộc hộ cận nghèo; tỷ lệ bao phủ đạt {rate}%.",
    "Xây dựng và sửa chữa {small} nhà tình thương, tổng giá trị {money} triệu đồng.",
]


def generated_lines(count: int = 60, seed: int = 7) -> list[str]:
    """Paragraphs of a made-up report, a figure or two in each."""
    rng = random.Random(seed)
    return [
        rng.choice(SENTENCES).format(
            year=rng.randint(2016, 2025),
            count=f"{rng.randint(1_000, 99_999):,}".replace(",", "."),
            small=rng.randint(3, 90),
            rate=f"{rng.uniform(1, 99):.2f}".replace(".", ","),
            money=f"{rng.randint(1_000, 999_999):,}".replace(",", "."),
            share=f"{rng.randint(100, 999):,}",
        )
        for _ in range(count)
    ]


def rendered(path: Path) -> list:
    """Every page of ``path`` as ingest renders a page it OCRs."""
    document = pdf.open_pdf(path)
    try:
        return [page.render(scale=ocr.DPI / 72, grayscale=True).to_pil() for page in document]
    finally:
        document.close()


def tesseract_alone(images: list, language: str = "vie") -> None:
    import pytesseract

    with ThreadPoolExecutor(ocr.PARALLEL) as pool:
        list(pool.map(lambda image: pytesseract.image_to_string(image, lang=language, config=ocr.CONFIG), images))


def timed(what: str, pages: int, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"{what:44} {pages} pages in {seconds:6.1f} s  {pages / seconds:5.2f} pages/s")


def end_to_end(path: Path) -> None:
    (doc,) = run_batch(collect_inputs([path]), cache_dir=None, workers=0).documents
    if doc.status != "ok":
        raise RuntimeError(f"{path.name}: {doc.error}")


def ocr_speed(path: Path) -> int:
    """Time both OCR paths on the rendered pages of ``path``; return the page count."""
    started = time.perf_counter()
    images = rendered(path)
    pages = len(images)
    print(f"{path.name}: {pages} pages rendered at {ocr.DPI} dpi in {time.perf_counter() - started:.1f} s")
    print(f"tesseract {ocr.CONFIG}, {ocr.PARALLEL} pages at a time, one thread each")
    timed("tesseract alone (image_to_string)", pages, lambda: tesseract_alone(images))
    timed("chitieu OCR (ocr.ocr_many)", pages, lambda: ocr.ocr_many(images))
    return pages


def bench(path: Path) -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pages = ocr_speed(path)  # the page images are released before the end-to-end run
    timed("chitieu end to end (every stage)", pages, lambda: end_to_end(path))


def main(arguments: list[str]) -> None:
    if arguments:
        bench(Path(arguments[0]))
        return
    with tempfile.TemporaryDirectory() as scratch:
        text_pdf = build_pdf(Path(scratch) / "report.pdf", generated_lines())
        bench(build_scanned_pdf(Path(scratch) / "scan.pdf", text_pdf, dpi=300))


if __name__ == "__main__":
    main(sys.argv[1:2])
