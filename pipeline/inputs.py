"""Which files a run reads and what each is called.

``doc_id`` is a file's path relative to the folder given, without extension.
Each doc_id names one document in the dataset and one text file,
``text/<doc_id>.txt``, so two files must not share one, even up to letter case
or Unicode form (file systems that ignore either would merge them), and a text
file must not stand where another document's folder goes. The file that
comes second (or is new to the dataset) gets a failed row naming the first.

Nothing here opens a file: a FIFO or a device named on the command line must
not block the run, so only regular files are read, and every other path (a
dangling or looping symbolic link, a pipe, a device, a socket) gets a row with
the reason. Hidden files and folders (a name starting with ".") inside a folder
are skipped, as are those a folder's ``.chitieuignore`` lists.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

IGNORE_FILE = ".chitieuignore"
#: Longest file name (bytes) on the usual file systems.
NAME_MAX = 255
#: What a path that is not a regular file is, in words.
KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class NoInputs(ValueError):
    """The paths given name no file to read: one does not exist, or none holds an input."""


@dataclass(frozen=True)
class Task:
    path: Path
    doc_id: str
    sha256: str = ""
    refused: str = ""  # why the file gets a failed row without being opened


@dataclass
class Discovery:
    tasks: list[Task] = field(default_factory=list)
    hidden: list[Path] = field(default_factory=list)  # skipped by the rule above


def _ignored(relative: str, patterns: list[str]) -> bool:
    parts = relative.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts[:-1]):
            return True
    return False


def _ignore_patterns(folder: Path) -> list[str]:
    ignore = folder / IGNORE_FILE
    if not ignore.is_file():
        return []
    lines = ignore.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def refusal(path: Path) -> str:
    """Why ``path`` is not read, or "" for a regular file (or a link to one)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "the file is a symbolic link that loops (too many levels of symbolic links)"
        if os.path.islink(path):
            return f"the file is a symbolic link to {os.readlink(path)}, which does not exist"
        return f"the file cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "the path is a symbolic link to a folder; links to folders are not followed (give the folder itself)"
    if not stat.S_ISREG(mode):
        kind = KINDS.get(stat.S_IFMT(mode), "not a file")
        return f"the path is {kind}, not a regular file"
    return ""


def _walk(folder: Path, root: Path, patterns: list[str], excluded: set[Path], found: Discovery) -> list[Path]:
    """Files under ``folder`` in name order, without following links to folders."""
    files: list[Path] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        if entry.name == IGNORE_FILE:
            continue
        if entry.name.startswith("."):
            found.hidden.append(path)
        elif _ignored(path.relative_to(root).as_posix(), patterns):
            continue
        elif entry.is_dir(follow_symlinks=False):
            if path.resolve() not in excluded:
                files += _walk(path, root, patterns, excluded, found)
        else:
            files.append(path)
    return files


def _key(name: str) -> str:
    """What a file system that ignores case or Unicode form sees of a name."""
    return unicodedata.normalize("NFC", name).casefold()


def _parents(doc_id: str) -> list[str]:
    parts = doc_id.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


class DocIds:
    """The doc_ids given out so far, and the text paths they claim."""

    def __init__(self) -> None:
        self.files: dict[str, Path] = {}  # key of "<doc_id>.txt" -> its source
        self.folders: dict[str, Path] = {}  # key of each folder a text file needs -> a source under it

    @staticmethod
    def _other(table: dict[str, Path], key: str, path: Path) -> Path | None:
        """Who else holds ``key``: not ``path`` itself (a re-run), nor a source
        that is gone (a document of an earlier run whose file moved)."""
        holder = table.get(key)
        return holder if holder is not None and holder != path and os.path.lexists(holder) else None

    def claim(self, doc_id: str, path: Path) -> str:
        """Give ``doc_id`` to ``path``; or say, in words, why it cannot have it."""
        size = len(os.fsencode(f"{doc_id.rsplit('/', 1)[-1]}.txt"))
        if size > NAME_MAX:
            return (
                f"the file name is too long: its text would be written as a {size}-byte file name, "
                f"over the {NAME_MAX}-byte limit of file systems; shorten the name"
            )
        own = _key(f"{doc_id}.txt")
        folders = [_key(p) for p in _parents(doc_id)]
        if other := self._other(self.files, own, path):
            return f"its doc_id '{doc_id}' is already used by {other}; rename one of the two files"
        if other := self._other(self.folders, own, path):
            return f"its text file text/{doc_id}.txt would stand where the folder of {other}'s text goes"
        for folder in folders:
            if other := self._other(self.files, folder, path):
                return f"its text needs the folder text/{folder}, where the text file of {other} goes"
        self.files[own] = path
        for folder in folders:
            self.folders[folder] = path
        return ""


def doc_id_of(relative: str) -> str:
    name = relative.rsplit("/", 1)[-1]
    return relative.rsplit(".", 1)[0] if "." in name.lstrip(".") else relative


def discover(paths: Iterable[Path], exclude: Iterable[Path] = (), taken: DocIds | None = None) -> Discovery:
    """Every file under ``paths`` with its doc_id, refused ones included.

    ``exclude``: folders never read (the output folder). ``taken``: doc_ids the
    dataset already holds for other files.
    """
    found = Discovery()
    excluded = {Path(p).resolve() for p in exclude}
    ids = taken or DocIds()
    for given in paths:
        given = Path(given).absolute()
        if given.is_dir():
            files = _walk(given, given, _ignore_patterns(given), excluded, found)
            named = [(path, path.relative_to(given).as_posix()) for path in files]
        elif os.path.lexists(given):
            named = [(given, given.name)]
        else:
            raise FileNotFoundError(f"no such file or folder: {given}")
        for path, relative in named:
            doc_id = doc_id_of(relative)
            clash = ids.claim(doc_id, path)
            # a clashing file's row is named by its path: no doc_id given out is absolute
            found.tasks.append(Task(path, str(path) if clash else doc_id, "", refusal(path) or clash))
    return found


def collect_inputs(paths: list[Path], exclude: Iterable[Path] = ()) -> list[Task]:
    """The tasks of :func:`discover`, for callers that need no more."""
    return discover(paths, exclude).tasks
