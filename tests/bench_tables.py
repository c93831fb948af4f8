"""Tables: the same document in two formats gives the same figures, and what
reading tables costs. Prints numbers; asserts nothing (timing is not a test).

    python -m tests.bench_tables [A B [C D ...]]

1. Agreement of (unit, value) multisets, |A ∩ B| / max(|A|, |B|), and their
   F1, between the two files of each pair given (one report as PDF and as
   DOCX, say).
2. Pages per second of a text PDF full of ruled tables through ingest with the
   table finder, and through the PDF reader alone (pypdfium2).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from chitieu.pipeline.ingest import pdf
from chitieu.pipeline.runner import collect_inputs, run_batch
from tests.builders import build_table_pdf
from tests.scoring import agreement, figures_of, overlap

TABLE = [
    ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2024", "Thực hiện 2024", "So sánh (%)"],
    *[[str(i), f"Số hộ được hỗ trợ nhóm {i}", "Hộ", f"{100 + i}", f"{90 + i}", f"{88 + i},5"] for i in range(1, 25)],
]


def pair_agreement(first: Path, second: Path) -> None:
    figures = []
    for path in (first, second):
        started = time.perf_counter()
        (doc,) = run_batch(collect_inputs([path]), cache_dir=None, workers=0).documents
        figures.append(figures_of([doc])[doc.doc_id])
        print(
            f"{path.name}: {doc.status} {doc.error} {len(doc.figures)} figures in {time.perf_counter() - started:.1f} s"
        )
    print(f"  agreement |A∩B|/max(|A|,|B|) {overlap(*figures):.3f}, F1 {agreement(*figures):.3f}")


def pages_per_second(path: Path, read) -> tuple[int, float]:
    started = time.perf_counter()
    pages = read(path)
    return pages, pages / (time.perf_counter() - started)


def table_speed(copies: int = 40) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = build_table_pdf(Path(scratch) / "tables.pdf", ["Bảng tổng hợp kết quả", TABLE] * copies)
        alone = pages_per_second(path, lambda p: sum(1 for _ in pdf.pdfium_pages(p)))
        tables = pages_per_second(path, lambda p: len(pdf.read(p, engine="pypdfium2").pages))
        print(f"text PDF with ruled tables, {alone[0]} pages: reader alone (pypdfium2) {alone[1]:.0f} pages/s, ")
        print(f"  with the table finder {tables[1]:.1f} pages/s")


if __name__ == "__main__":
    paths = [Path(arg) for arg in sys.argv[1:]]
    for first, second in zip(paths[::2], paths[1::2], strict=True):
        pair_agreement(first, second)
    table_speed()
