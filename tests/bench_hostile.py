"""The hostile sweep, measured: every hostile input of tests/hostile_inputs.py
with good reports mixed in, run as one batch (two workers under a memory
limit), and one row per input: its status, its reason, the seconds it took and
the peak RSS of the worker while on it. Prints a table; asserts nothing (the
test of the same batch is tests/test_hostile.py).

A file refused before it is opened (not a regular file, a clashing doc_id) costs
nothing and shows "-"; so does the peak of a worker that was killed.

    python -m tests.bench_hostile [--max-memory MB] [--workers N]
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
import unicodedata
from pathlib import Path

from chitieu.pipeline.dataset import mark_duplicates
from chitieu.pipeline.inputs import discover
from chitieu.pipeline.runner import Cost, Limits, run_batch
from tests.hostile_inputs import make_hostile_batch

MB = 2**20


def short(path: Path, box: Path) -> str:
    """The path as the table shows it: relative to the batch, long runs of one
    letter counted, a name not in Unicode's composed form (NFC) marked."""
    name = str(path.relative_to(box)) if path.is_relative_to(box) else str(path)
    name = re.sub(r"(.)\1{9,}", lambda run: f"{run[1]}×{len(run[0])}", name)
    return name if unicodedata.is_normalized("NFC", name) else f"{name} (NFD)"


def row(file: str, status: str, reason: str, cost: Cost | None) -> str:
    seconds = f"{cost.seconds:.2f}" if cost else "-"
    peak = f"{cost.peak_rss / MB:.0f}" if cost and cost.peak_rss is not None else "-"
    return f"| {file} | {status} | {reason} | {seconds} | {peak} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-memory", type=int, default=1024, help="MB per worker (default 1024, as the test)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        batch = make_hostile_batch(Path(scratch))
        found = discover(batch.paths)
        limits = Limits(max_memory=arguments.max_memory * MB)
        started = time.monotonic()
        result = run_batch(found.tasks, None, arguments.workers, limits, config_path=batch.config)
        seconds = time.monotonic() - started
        published = mark_duplicates(result.documents)
        print("| file | status | reason | seconds | peak RSS (MB) |")
        print("|---|---|---|---|---|")
        rows = [
            (short(doc.source_path, batch.box), doc, cost) for doc, cost in zip(published, result.costs, strict=True)
        ]
        for file, doc, cost in sorted(rows, key=lambda item: item[0]):
            print(row(file, doc.status, doc.error.replace(f"{batch.box}/", ""), cost))
        for path in found.hidden:
            print(row(short(path, batch.box), "skipped", "hidden: its name starts with '.'", None))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\n{len(published)} files in {seconds:.1f} s with {arguments.workers} workers under --max-memory ", end="")
    print(f"{arguments.max_memory} MB; the largest worker's peak RSS: {children:.0f} MB")


if __name__ == "__main__":
    main()
