"""Pages per second of the two PDF readers on the corpus printed as PDF, and
the peak memory of each: `python -m tests.bench_pdf [copies]`.

The corpus (about 40 pages) is printed ``copies`` times into one PDF; each
reader then extracts every page's lines, as ingest does. Each reader runs in a
fresh process, so that its peak RSS is its own.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chitieu.pipeline.ingest import pdf
from tests.builders import build_pdf, corpus_files, paragraphs


def measure(path: Path, engine: str) -> None:
    """Read every page with ``engine``; print pages, seconds and peak RSS."""
    started = time.perf_counter()
    pages = sum(1 for _ in pdf.READERS[engine](path))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{engine:10}  {pages} pages in {seconds:6.2f} s  {pages / seconds:8.1f} pages/s  peak RSS {peak:.0f} MB")


def main(copies: int = 5) -> None:
    lines = [line for path in corpus_files() for line in paragraphs(path)] * copies
    with tempfile.TemporaryDirectory() as scratch:
        path = build_pdf(Path(scratch) / "corpus.pdf", lines)
        print(f"{path.stat().st_size / 2**20:.1f} MB PDF of the corpus printed {copies} times")
        for engine in ("pdfplumber", "pypdfium2"):
            code = f"import pathlib, tests.bench_pdf as b; b.measure(pathlib.Path({str(path)!r}), {engine!r})"
            subprocess.run([sys.executable, "-c", code], check=True)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
