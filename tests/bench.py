"""End-to-end benchmark: text-layer PDF pages per second through every stage, on
one core, and peak memory. Prints numbers; asserts nothing (timing is not a test).

    python -m tests.bench [--copies N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pypdfium2

from chitieu.pipeline.runner import collect_inputs, run_batch
from tests.builders import build_pdf, corpus_files, paragraphs


def build_batch(folder: Path, copies: int) -> int:
    """``copies`` PDFs of each corpus document; return the number of pages."""
    pages = 0
    for source in corpus_files():
        first = build_pdf(folder / f"{source.stem}-0.pdf", paragraphs(source))
        pages += len(pypdfium2.PdfDocument(str(first))) * copies
        for copy in range(1, copies):
            shutil.copy(first, folder / f"{source.stem}-{copy}.pdf")
    return pages


def timed_run(folder: Path) -> tuple[float, int]:
    """Seconds to run the folder in this process (one core), and figures found."""
    tasks = collect_inputs([folder])
    started = time.perf_counter()
    result = run_batch(tasks, cache_dir=None, workers=0)
    seconds = time.perf_counter() - started
    assert result.count("ok") == len(tasks), [d.error for d in result.documents if d.status != "ok"]
    return seconds, result.n_figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8, help="copies of each corpus document (default 8)")
    copies = parser.parse_args().copies
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        pages = build_batch(folder, copies)
        timed_run(folder)  # warm-up: imports, models, lexicons
        seconds, figures = timed_run(folder)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"text-layer PDF, all stages, one core: {pages} pages in {seconds:.2f} s = {pages / seconds:.0f} pages/s")
    print(f"figures found: {figures} ({figures // copies} per copy of the corpus)")
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
