"""Size sweep: seconds and peak RSS of `chitieu run` on one text file of
0.1 to 10 MB, as paragraphs and as one line with no line break or full stop
(the shape that makes a text pass quadratic). Time and memory should grow
linearly with size. Prints a table; asserts nothing (timing is not a test).
CPU seconds (user + system, of the run and its worker) are given beside wall
seconds: on a shared machine they are the steadier measure.

    python -m tests.bench_sizes [--sizes 0.1 0.3 1 3 10] [--shapes paragraphs "one line"]
                                [--timeout S] [--max-memory MB]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
#: Sentences written for the benchmark, each with a few figures.
SENTENCES = [
    "Năm {year}, xã {n} đã hỗ trợ {k} hộ nghèo với tổng kinh phí {x},{y} triệu đồng",
    "Tỷ lệ hộ nghèo của xã {n} giảm còn {y},{x}%, vượt {k} chỉ tiêu đề ra",
    "Đã cấp {k} thẻ bảo hiểm y tế cho người thuộc hộ cận nghèo tại thôn {n}",
]
SHAPES = {"paragraphs": ".\n", "one line": "; "}


def text_of(size: int, separator: str) -> str:
    """About ``size`` bytes of report sentences joined by ``separator``."""
    parts, total, index = ["BÁO CÁO"], 0, 0
    while total < size:
        sentence = SENTENCES[index % len(SENTENCES)].format(
            year=2016 + index % 5, n=index % 97 + 1, k=index % 900 + 10, x=index % 9 + 1, y=index % 70 + 1
        )
        parts.append(sentence)
        total += len(sentence.encode()) + len(separator)
        index += 1
    return separator.join(parts) + "\n"


def measure(path: Path, out: Path, timeout: float, max_memory: int) -> tuple[str, float, float, float]:
    """Status (and reason), wall seconds, CPU seconds and peak RSS (MB) of the run and its worker."""
    command = [sys.executable, "-c", "from chitieu.pipeline.cli import main; main()", "run", str(path)]
    options = ["--out", str(out), "--workers", "1", "--no-cache", "--rebuild", "--format", "csv"]
    limits = ["--timeout", str(timeout), "--max-memory", str(max_memory)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, *options, *limits], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    row = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False).iloc[0]
    status = row["status"] if row["status"] == "ok" else f"{row['status']}: {row['error']}"
    cpu = usage.ru_utime + usage.ru_stime
    return f"{status} ({row['n_figures']} figures)", seconds, cpu, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.3, 1, 3, 10], help="MB")
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES), help="text shapes")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per file (default 1800)")
    parser.add_argument("--max-memory", type=int, default=4096, help="MB per worker (default 4096)")
    arguments = parser.parse_args()
    header = f"{'seconds':>8} {'s/MB':>6} {'CPU s':>8} {'CPU s/MB':>8} {'peak RSS MB':>11}"
    print(f"{'shape':<11} {'MB':>5} {header}  status")
    with tempfile.TemporaryDirectory() as scratch:
        for shape in arguments.shapes:
            failed = False
            for megabytes in arguments.sizes:
                if failed:
                    print(f"{shape:<11} {megabytes:>5g} {'':>44}  skipped: a smaller size failed")
                    continue
                path = Path(scratch) / "report.txt"
                path.write_text(text_of(int(megabytes * 2**20), SHAPES[shape]), encoding="utf-8")
                status, seconds, cpu, peak = measure(
                    path, Path(scratch) / "out", arguments.timeout, arguments.max_memory
                )
                failed = not status.startswith("ok")
                times = f"{seconds:>8.1f} {seconds / megabytes:>6.1f} {cpu:>8.1f} {cpu / megabytes:>8.1f}"
                print(f"{shape:<11} {megabytes:>5g} {times} {peak:>11.0f}  {status}", flush=True)


if __name__ == "__main__":
    main()
