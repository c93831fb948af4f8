"""chitieu as a Python library: the command line is a thin layer over this.

>>> import chitieu
>>> doc = chitieu.process("Năm 2023, toàn huyện còn 412 hộ nghèo, chiếm 3,5%.")
>>> [(f.value, f.unit, f.indicator) for f in doc.figures]
[(412.0, 'count', 'poor_households'), (3.5, 'percent', 'poor_household_rate')]
>>> docs = list(chitieu.pipe(["reports/"], workers=2))
>>> report = chitieu.run(["reports/"], "outputs")  # as `chitieu run`: the dataset grows
>>> tables = chitieu.read_dataset("outputs")      # {"indicators": DataFrame, ...}

Each verb of the command line calls one function here: ``run``, ``evaluate``,
``review_site``, ``serve_dataset`` and ``query``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from chitieu.pipeline.corrections import Corrections, corrections_for_run
from chitieu.pipeline.dataset import OutputFolder, merge
from chitieu.pipeline.document import Document
from chitieu.pipeline.evaluate import Report
from chitieu.pipeline.evaluate import evaluate as score
from chitieu.pipeline.ingest import ADVICE, READERS
from chitieu.pipeline.inputs import DocIds, NoInputs, discover
from chitieu.pipeline.limits import call_capped
from chitieu.pipeline.registry import Pipeline, build_pipeline, load_config
from chitieu.pipeline.runner import BatchResult, Limits, Task, collect_inputs, progress_bar, run_batch, sha256_file
from chitieu.pipeline.runner import process as process_task
from chitieu.pipeline.safequery import Answer, run_query
from chitieu.pipeline.schema import TABLES
from chitieu.pipeline.typed import typed_frame
from chitieu.pipeline.writers import WRITERS, write_all

PathLike = str | Path
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: What `run` reads when given no path: the seed documents that ship with chitieu.
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
#: The annotated sets `evaluate` scores: each folder holds its documents and a gold/ folder.
GOLD_SETS = {"seeds": DEFAULT_CORPUS, "dev": DEFAULT_CORPUS / "dev"}
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


@dataclass
class RunReport:
    """What :func:`run` did."""

    batch: BatchResult  # this run's files, one document each, in input order
    dataset: list[Document]  # every document the dataset in ``out`` holds now
    hidden: int  # hidden files and folders skipped
    corrections: Corrections | None  # the corrections applied, if any

    @property
    def documents(self) -> list[Document]:
        """This run's files as the dataset holds them now: corrections applied, duplicates marked."""
        published = {doc.doc_id: doc for doc in self.dataset}
        return [published.get(doc.doc_id, doc) for doc in self.batch.documents]


def run(
    paths: Iterable[PathLike] = (),
    out: PathLike = "outputs",
    *,
    workers: int = 1,
    limits: Limits | None = None,
    formats: Iterable[str] = WRITERS,
    cache: bool = True,
    rebuild: bool = False,
    prune: bool = False,
    corrections: PathLike | None = None,
    config: Path | None = None,
    progress: bool = False,
) -> RunReport:
    """Add the reports under ``paths`` (default: the bundled corpus) to the dataset in ``out``.

    A file already in the dataset and unchanged is not read again; ``rebuild``
    starts over; ``prune`` drops documents whose file is gone. ``corrections``
    (a file exported by the review site) is kept in ``out`` and applied on every
    later run. The tables are published together at the end, under a lock on ``out``.

    Raises OutputError when ``out`` cannot be written or another run holds it,
    CorrectionsError for an unreadable corrections file, NoInputs when a path
    does not exist or none holds an input file, KeyboardInterrupt with nothing published.
    """
    folder = OutputFolder(Path(out))
    with folder.locked():
        applied = corrections_for_run(folder.out, Path(corrections) if corrections else None)
        previous = [] if rebuild else folder.load()
        taken = DocIds()
        for doc in previous:
            taken.claim(doc.doc_id, doc.source_path)
        given = [Path(p) for p in paths]
        if not given and not DEFAULT_CORPUS.is_dir():
            raise NoInputs("name the files or folders to read (the bundled corpus is not installed here)")
        try:
            found = discover(given or [DEFAULT_CORPUS], exclude=[folder.out], taken=taken)
        except FileNotFoundError as exc:
            raise NoInputs(str(exc)) from exc
        if not found.tasks:
            raise NoInputs("no input files found")
        advance, close = progress_bar(len(found.tasks)) if progress else (lambda n, name: None, lambda: None)
        try:
            batch = run_batch(
                found.tasks,
                cache_dir=folder.out / ".cache" if cache else None,
                workers=workers,
                limits=limits or Limits(),
                config_path=config,
                progress=advance,
            )
        finally:
            close()
        dataset = folder.publish(merge(previous, batch.documents, prune), list(formats), applied)
    return RunReport(batch, dataset, len(found.hidden), applied)


def bundled_gold_sets() -> dict[str, Path]:
    """The gold folders that ship with chitieu, by name ("seeds", "dev")."""
    return {name: folder / "gold" for name, folder in GOLD_SETS.items() if (folder / "gold").is_dir()}


def evaluate(gold: PathLike, pred: PathLike | None = None, *, workers: int | None = None) -> Report:
    """Score a run's tables in ``pred`` against the gold annotations in ``gold`` (SPEC §5).

    With no ``pred``, the documents of the folder that holds ``gold`` are run
    first, into a temporary folder. Raises NoGoldFigures when no gold figure
    belongs to a document of the run."""
    gold = Path(gold)
    if pred is not None:
        return score(gold, Path(pred))
    with tempfile.TemporaryDirectory(prefix="chitieu-evaluate-") as scratch:
        workers = min(os.cpu_count() or 1, 2) if workers is None else workers
        batch = run_batch(collect_inputs([gold.parent]), cache_dir=None, workers=workers)
        write_all(batch.documents, Path(scratch), ["csv"])
        return score(gold, Path(scratch))


def query(database: PathLike, sql: str, *, seconds: float = 30.0, max_rows: int = 10_000) -> Answer:
    """Run ``sql`` on a run's database, read-only: ATTACH, VACUUM, writes and
    pragmas that set anything are refused (QueryError), and the query is stopped
    after ``seconds``. ``Answer.frame()`` gives the rows as a DataFrame."""
    if not Path(database).is_file():
        raise FileNotFoundError(f"no database at {database}: run `chitieu run` first")
    return run_query(Path(database), sql, seconds=seconds, max_rows=max_rows)


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
