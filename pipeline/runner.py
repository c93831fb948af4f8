"""Batch runner: finds the inputs, sends each file through the pipeline, and
collects exactly one Document per file, failed ones included.

It only orchestrates. Files run in worker processes that the runner watches:
a file that hangs past the time limit, or crashes its reader, costs that file
only; the worker is replaced and the batch goes on. Results are cached by the
file's content and the code's fingerprint, so a re-run skips unchanged files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import signal
import stat
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path

from chitieu.pipeline import limits as limiting
from chitieu.pipeline.document import Document
from chitieu.pipeline.errors import EmptyDocument, InputError, StageTimeout
from chitieu.pipeline.inputs import Task, collect_inputs
from chitieu.pipeline.limits import Limits, exit_status, human_size
from chitieu.pipeline.registry import Pipeline, build_pipeline, load_config

__all__ = ["BatchResult", "Cost", "Limits", "Task", "collect_inputs", "process", "run_batch"]

log = logging.getLogger("chitieu")

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def sha256_file(path: Path) -> str:
    """The file's hash. Opened without blocking and checked to be a regular
    file, so that a path swapped for a FIFO since it was found cannot hang the run."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path} is not a regular file")
        digest = hashlib.sha256()
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_fingerprint(config_path: Path | None = None) -> str:
    """Hash of everything that decides a result: code, lexicons, configuration."""
    digest = hashlib.sha256(config_path.read_bytes() if config_path else b"")
    for folder in ("pipeline", "extractors", "lexicons"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".toml", ".tsv", ".json", ".txt"} and path.is_file():
                digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def time_limit(seconds: float):
    """Raise StageTimeout in this (main) thread after ``seconds``."""

    def expire(signum, frame):
        raise StageTimeout(f"processing took longer than the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def failed(task: Task, reason: str, status: str = "failed") -> Document:
    doc = Document(task.doc_id, task.path, sha256=task.sha256, status=status, error=reason)
    doc.format = task.path.suffix.lower().lstrip(".")
    return doc


def process(task: Task, pipeline: Pipeline, limits: Limits) -> Document:
    """Run one file through every stage; any failure becomes the document's status."""
    size = task.path.stat().st_size
    if size == 0:
        return failed(task, "the file is empty (0 bytes)", status="empty")
    if size > limits.max_size:
        mb, limit = size / 2**20, limits.max_size / 2**20
        return failed(task, f"the file is {mb:.0f} MB, above the --max-size limit of {limit:.0f} MB")
    doc = Document(task.doc_id, task.path, sha256=task.sha256)
    doc.format = task.path.suffix.lower().lstrip(".")
    current = "start"
    try:
        with time_limit(limits.timeout), limiting.applied(limits):
            for name, component in pipeline:
                current = name
                doc = component(doc)
    except EmptyDocument as exc:
        doc = failed(task, str(exc), status="empty")
    except InputError as exc:
        doc = failed(task, str(exc))
    except MemoryError:
        limit = human_size(limits.max_memory)
        doc = failed(task, f"the file needs more memory than the --max-memory limit of {limit} ({current} stage)")
    except Exception as exc:  # one document's bug must not stop the batch
        log.debug("%s failed in %s:\n%s", task.path, current, traceback.format_exc())
        doc = failed(task, f"internal error in the {current} stage: {type(exc).__name__}: {exc}")
    doc.raw_pages, doc.raw_emphasis, doc.ocr_confidences = [], [], {}
    return doc


@dataclass(frozen=True)
class Cost:
    """What one file took: wall seconds, and the peak RSS (bytes) of the worker
    while on it, counted from its RSS when the file began (None when unknown:
    the worker was killed, or the file ran in the calling process)."""

    seconds: float
    peak_rss: int | None


def measured(task: Task, pipeline: Pipeline, limits: Limits) -> tuple[Document, Cost]:
    """``process`` in a worker, with its cost."""
    limiting.reset_peak_memory()
    started = time.monotonic()
    doc = process(task, pipeline, limits)
    cost = Cost(time.monotonic() - started, limiting.peak_memory())
    log.debug("%s: %.1f s, peak RSS %s", task.path, cost.seconds, human_size(cost.peak_rss))
    return doc, cost


class Cache:
    """One JSON file per document under ``<out>/.cache``, valid while the file's
    content and the code's fingerprint are unchanged."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint

    def _path(self, doc_id: str) -> Path:
        return self.folder / (hashlib.sha1(doc_id.encode()).hexdigest() + ".json")

    def get(self, task: Task) -> Document | None:
        path = self._path(task.doc_id)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("key") != f"{task.sha256}:{self.fingerprint}":
            return None
        doc = Document.from_dict(entry["doc"])
        doc.source_path = task.path
        return doc

    def put(self, doc: Document) -> None:
        if doc.status == "failed":
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {"key": f"{doc.sha256}:{self.fingerprint}", "doc": doc.to_dict()}
        temporary = self._path(doc.doc_id).with_suffix(".tmp")
        temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        temporary.replace(self._path(doc.doc_id))


# --- worker processes -------------------------------------------------------

_PIPELINE: Pipeline | None = None


def _worker_main(connection: Connection, limits: Limits, parent: int) -> None:
    limiting.become_orphan_proof(parent)  # a killed run takes its workers with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    limiting.cap_memory(limits.max_memory)
    assert _PIPELINE is not None
    while True:
        task = connection.recv()
        if task is None:
            return
        connection.send(measured(task, _PIPELINE, limits))


class _Worker:
    def __init__(self, limits: Limits):
        context = multiprocessing.get_context("fork")  # inherits the built pipeline
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, limits, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.index = -1
        self.started = 0.0
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with suppress(OSError):
                self.connection.send(None)
        self.process.join(timeout=5)
        self.connection.close()


def _run_in_workers(tasks: list[Task], workers: int, limits: Limits) -> Iterator[tuple[int, Document, Cost]]:
    """Yield (index, document, cost) as workers finish; replace any worker that hangs or dies."""
    pending = deque(enumerate(tasks))
    pool = [_Worker(limits) for _ in range(min(workers, len(tasks)))]
    try:
        while pending or any(w.task for w in pool):
            for worker in pool:
                if worker.task is None and pending:
                    worker.index, worker.task = pending.popleft()
                    worker.started = time.monotonic()
                    worker.deadline = worker.started + limits.timeout + limits.grace
                    worker.connection.send(worker.task)
            busy = [w for w in pool if w.task is not None]
            soonest = min(w.deadline for w in busy) - time.monotonic()
            ready = wait([w.connection for w in busy], timeout=max(soonest, 0))
            for position, worker in enumerate(pool):
                if worker.task is None:
                    continue
                if worker.connection in ready:
                    try:
                        yield worker.index, *worker.connection.recv()
                        worker.task = None
                        continue
                    except (EOFError, OSError):
                        worker.process.join(timeout=5)  # reap it, so its exit code is known
                        status = exit_status(worker.process.exitcode)
                        reason = f"the reader crashed while processing this file ({status})"
                elif time.monotonic() > worker.deadline:
                    reason = f"processing took longer than the time limit of {limits.timeout:g} s"
                else:
                    continue
                yield worker.index, failed(worker.task, reason), Cost(time.monotonic() - worker.started, None)
                worker.stop(kill=True)
                pool[position] = _Worker(limits)
    finally:
        for worker in pool:
            worker.stop(kill=worker.task is not None)


# --- the batch ---------------------------------------------------------------


@dataclass
class BatchResult:
    documents: list[Document]
    cached: int
    seconds: float
    #: The cost of each document, in the same order; None for a file refused
    #: before it was read or taken from the cache.
    costs: list[Cost | None] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def n_figures(self) -> int:
        return sum(len(d.figures) for d in self.documents)


def run_batch(
    tasks: list[Task],
    cache_dir: Path | None,
    workers: int = 1,
    limits: Limits | None = None,
    config_path: Path | None = None,
    progress: Callable[[int, str], None] = lambda n, name: None,
) -> BatchResult:
    """Process every task; return one document per task, in input order.

    ``workers=0`` runs in this process (no crash isolation): for debugging.
    """
    global _PIPELINE
    started = time.monotonic()
    limits = limits or Limits()
    tasks = list(tasks)
    cache = Cache(cache_dir, code_fingerprint(config_path)) if cache_dir else None
    results: list[Document | None] = [None] * len(tasks)
    costs: list[Cost | None] = [None] * len(tasks)
    todo: list[int] = []
    cached = 0
    for index, task in enumerate(tasks):
        if task.refused:
            results[index] = failed(task, task.refused)
            progress(1, task.path.name)
            continue
        try:
            tasks[index] = task = replace(task, sha256=sha256_file(task.path))
        except OSError as exc:
            results[index] = failed(task, f"the file cannot be read: {exc.strerror or exc}")
            progress(1, task.path.name)
            continue
        hit = cache.get(task) if cache else None
        if hit is not None:
            results[index] = hit
            cached += 1
            progress(1, task.path.name)
        else:
            todo.append(index)
    if todo:
        _PIPELINE = build_pipeline(load_config(config_path))
        if workers <= 0:
            finished = ((i, *_in_this_process(tasks[i], _PIPELINE, limits)) for i in todo)
        else:
            mapped = _run_in_workers([tasks[i] for i in todo], workers, limits)
            finished = ((todo[k], doc, cost) for k, doc, cost in mapped)
        for index, doc, cost in finished:
            results[index], costs[index] = doc, cost
            if cache:
                cache.put(doc)
            progress(1, tasks[index].path.name)
    documents = [doc for doc in results if doc is not None]
    return BatchResult(documents, cached, time.monotonic() - started, costs)


def _in_this_process(task: Task, pipeline: Pipeline, limits: Limits) -> tuple[Document, Cost]:
    """``process`` without a worker: timed, but the peak RSS is the caller's, so not given."""
    started = time.monotonic()
    doc = process(task, pipeline, limits)
    return doc, Cost(time.monotonic() - started, None)


def progress_bar(total: int) -> tuple[Callable[[int, str], None], Callable[[], None]]:
    """A tqdm bar on a terminal, naming the file just done; nothing when output is piped or in CI."""
    from tqdm import tqdm

    bar = tqdm(total=total, unit="file", disable=not sys.stderr.isatty(), leave=False)

    def advance(n: int, name: str) -> None:
        bar.set_postfix_str(name, refresh=False)
        bar.update(n)

    return advance, bar.close
