"""chitieu as a Python library: the command line is a thin layer over this.

>>> import chitieu
>>> doc = chitieu.process("Năm 2023, toàn huyện còn 412 hộ nghèo, chiếm 3,5%.")
>>> [(f.value, f.unit, f.indicator) for f in doc.figures]
[(412.0, 'count', 'poor_households'), (3.5, 'percent', 'poor_household_rate')]
>>> docs = list(chitieu.pipe(["reports/"], workers=2))
>>> tables = chitieu.read_dataset("outputs")      # {"indicators": DataFrame, ...}
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import pandas as pd

from chitieu.pipeline.corrections import Corrections
from chitieu.pipeline.document import Document
from chitieu.pipeline.ingest import ADVICE, READERS
from chitieu.pipeline.limits import call_capped
from chitieu.pipeline.registry import Pipeline, build_pipeline, load_config
from chitieu.pipeline.runner import Limits, Task, collect_inputs, run_batch, sha256_file
from chitieu.pipeline.runner import process as process_task
from chitieu.pipeline.schema import TABLES
from chitieu.pipeline.typed import typed_frame
from chitieu.pipeline.writers import WRITERS, write_all

PathLike = str | Path
#: A string longer than this, or holding a line break, is text, never a path.
MAX_PATH_LENGTH = 4096


@cache
def _pipeline(config: Path | None) -> Pipeline:
    return build_pipeline(load_config(config))


def _is_path(source: PathLike) -> bool:
    """A Path, an existing file, or one line ending in a file extension chitieu
    knows ("report.pdf"): a mistyped path is an error, not a text to read."""
    if isinstance(source, Path):
        return True
    if len(source) >= MAX_PATH_LENGTH or "\n" in source:
        return False
    path = Path(source)
    return path.is_file() or path.suffix.lower() in READERS.keys() | ADVICE.keys()


def process(source: PathLike, *, doc_id: str | None = None, config: Path | None = None) -> Document:
    """One report through every stage: a path to a file, or the report's text.

    A file that cannot be read comes back with ``status`` "failed" or "empty" and
    the reason in ``error``, as in a batch."""
    pipeline = _pipeline(config)
    if _is_path(source):
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        return process_task(Task(path, doc_id or path.stem, sha256_file(path)), pipeline, Limits())
    with tempfile.TemporaryDirectory(prefix="chitieu-") as scratch:
        path = Path(scratch) / "text.txt"
        path.write_text(source, encoding="utf-8")
        doc = process_task(Task(path, doc_id or "text", sha256_file(path)), pipeline, Limits())
    doc.source_path = Path("<text>")
    return doc


def pipe(
    paths: Iterable[PathLike],
    *,
    workers: int = 1,
    cache_dir: Path | None = None,
    limits: Limits | None = None,
    config: Path | None = None,
) -> Iterator[Document]:
    """Every file under ``paths`` (files or folders, recursively), one Document each,
    in input order, failed ones included. Workers are processes; 0 runs here."""
    tasks = collect_inputs([Path(p) for p in paths])
    result = run_batch(tasks, cache_dir=cache_dir, workers=workers, limits=limits or Limits(), config_path=config)
    yield from result.documents


def write_dataset(
    documents: list[Document],
    out: PathLike,
    *,
    formats: Iterable[str] = WRITERS,
    corrections: Corrections | None = None,
) -> dict[str, pd.DataFrame]:
    """Write the tables, the workbook, the database, the data dictionary and the texts."""
    return write_all(documents, Path(out), formats, corrections)


def review_site(out: PathLike, *, max_memory: int | None = None) -> Path:
    """Build the static review site of a run's outputs (``out/review``); return its index page.
    With ``max_memory`` (bytes) it is built in a child process under that memory
    limit, as a run's workers are (``limits.OverMemory`` when it needs more)."""
    if max_memory is not None:
        return call_capped(review_site, out, max_memory=max_memory)
    from chitieu.pipeline.review_site import build_site

    return build_site(Path(out), read_dataset(out))


def serve_dataset(out: PathLike, *, port: int = 8001, open_browser: bool = False) -> int:
    """Serve a run's database with Datasette on 127.0.0.1 until interrupted."""
    from chitieu.pipeline.serve import serve

    return serve(Path(out), port, open_browser)


def read_dataset(out: PathLike) -> dict[str, pd.DataFrame]:
    """A run's tables as typed DataFrames, from Parquet where written, else from CSV."""
    out = Path(out)
    tables = {}
    for name in TABLES:
        parquet, csv = out / f"{name}.parquet", out / f"{name}.csv"
        if parquet.is_file():
            tables[name] = pd.read_parquet(parquet)
        elif csv.is_file():
            rows = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False).to_dict("records")
            tables[name] = typed_frame(name, rows)
        else:
            raise FileNotFoundError(f"no {name} table in {out}: run `chitieu run --out {out}` first")
    return tables
