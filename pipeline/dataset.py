"""The output folder as a dataset that grows, written by one run at a time and
published all at once.

A run adds the files it read to the documents already in ``--out``, replacing
those it read again, and publishes the whole set as a new *generation*: a
folder holding every table, the workbook, the database and the texts. One
atomic rename of the link ``.chitieu/current`` makes it the current one, so a
reader (or a run killed with -9 half-way) sees either all of the previous
generation or all of the new. The names analysts open, ``--out/indicators.csv``
and the rest, are links through ``.chitieu/current``::

    indicators.csv ... text        -> .chitieu/current/<name>
    .chitieu/lock                  held (flock) by the run writing
    .chitieu/current               -> generations/<id>
    .chitieu/generations/<id>/     one complete set, plus .dataset.jsonl: its documents
    .cache/                        results by file content, for re-runs
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from chitieu.pipeline.corrections import Corrections
from chitieu.pipeline.document import Document
from chitieu.pipeline.writers import WRITERS, write_all

STATE = ".chitieu"
#: In each generation: every document of the dataset, without its text (which is in text/).
DATASET_FILE = ".dataset.jsonl"


class OutputError(Exception):
    """``--out`` cannot be used: unwritable, or another run is writing into it."""


def _key(doc_id: str) -> str:
    return unicodedata.normalize("NFC", doc_id).casefold()


def merge(previous: Iterable[Document], new: Iterable[Document], prune: bool = False) -> list[Document]:
    """The dataset after a run: the documents it read replace those of the same
    doc_id, in place; the others stay, unless ``prune`` and their file is gone."""
    incoming = {_key(doc.doc_id): doc for doc in new}
    merged = []
    for doc in previous:
        key = _key(doc.doc_id)
        if key in incoming:
            merged.append(incoming.pop(key))
        elif not (prune and not os.path.lexists(doc.source_path)):
            merged.append(doc)
    return merged + list(incoming.values())


def mark_duplicates(documents: Iterable[Document]) -> list[Document]:
    """The documents as published: a file with the same content as one before
    it has ``status=duplicate``, says which, and brings no figures or sections,
    so that nothing is counted twice."""
    first: dict[str, Document] = {}
    published = []
    for doc in documents:
        original = first.setdefault(doc.sha256, doc) if doc.status == "ok" and doc.sha256 else doc
        if original is not doc:
            reason = f"the same content as {original.doc_id} ({original.source_path}); its figures are counted there"
            doc = replace(doc, status="duplicate", error=reason, figures=[], sections=[])
        published.append(doc)
    return published


class OutputFolder:
    """``--out``: its lock, its generations, and the links to the current one."""

    def __init__(self, out: Path):
        self.out = Path(out).absolute()
        self.state = self.out / STATE
        self.current = self.state / "current"
        self.generations = self.state / "generations"

    @contextlib.contextmanager
    def locked(self) -> Iterator[OutputFolder]:
        """Hold the folder for this run: refuse, in words, if it cannot be written
        or another run holds it. The lock goes with the process, however it ends."""
        try:
            self.generations.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.state / "lock", os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise OutputError(f"cannot write into {self.out}: {exc.strerror or exc}") from exc
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip() or "?"
                raise OutputError(
                    f"another chitieu run (process {holder}) is writing into {self.out}; "
                    "wait for it to finish, or give another --out"
                ) from None
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, str(os.getpid()).encode(), 0)
            self._remove_leftovers()
            yield self
        finally:
            os.close(descriptor)

    def _remove_leftovers(self) -> None:
        """What an interrupted run left: generations never published, half-made
        links, temporary files of the cache."""
        current = os.path.realpath(self.current)
        for generation in self.generations.iterdir():
            if os.path.realpath(generation) != current:
                shutil.rmtree(generation, ignore_errors=True)
        for leftover in [*self.state.glob("current.*"), *(self.out / ".cache").glob("*.tmp")]:
            leftover.unlink(missing_ok=True)

    def load(self) -> list[Document]:
        """The documents of the current generation, texts included; none before a first run."""
        try:
            lines = (self.current / DATASET_FILE).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        documents = [Document.from_dict(json.loads(line)) for line in lines]
        for doc in documents:
            if doc.status == "ok":
                with contextlib.suppress(OSError):
                    doc.text = (self.current / "text" / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
        return documents

    def publish(
        self, documents: list[Document], formats: Iterable[str] = WRITERS, corrections: Corrections | None = None
    ) -> list[Document]:
        """Write ``documents`` as a new generation and make it current; return
        them as published (duplicates marked)."""
        generation = self.generations / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        generation.mkdir()
        published = mark_duplicates(documents)
        write_all(published, generation, formats, corrections)
        with open(generation / DATASET_FILE, "w", encoding="utf-8") as handle:
            for doc in documents:
                handle.write(json.dumps({**doc.to_dict(), "text": ""}, ensure_ascii=False) + "\n")
        names = sorted(name for name in os.listdir(generation) if not name.startswith("."))
        for name in names:
            self._link(name)
        self._replace_link(self.current, f"generations/{generation.name}")
        self._remove_links_to_nothing()
        self._remove_leftovers()
        return published

    def _link(self, name: str) -> None:
        """``--out/name`` as a link through the current generation (made once)."""
        path, target = self.out / name, f"{STATE}/current/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            return
        if path.is_dir() and not path.is_symlink():  # a real folder, from before generations
            shutil.rmtree(path)
        self._replace_link(path, target)

    def _replace_link(self, path: Path, target: str) -> None:
        temporary = self.state / f"current.{os.getpid()}"
        temporary.unlink(missing_ok=True)
        os.symlink(target, temporary)
        os.replace(temporary, path)

    def _remove_links_to_nothing(self) -> None:
        """Links to a format this run did not write."""
        for path in self.out.iterdir():
            if path.is_symlink() and os.readlink(path).startswith(f"{STATE}/current/") and not path.exists():
                path.unlink()
