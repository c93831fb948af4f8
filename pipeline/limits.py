"""What one file may cost: size, time, memory, pages and pixels, and how
workers and their children are tied to the run that started them.

The limits are a backstop. Readers check the cheap ones before they decode
anything (the pixels of an image, the expanded size of a DOCX, the pages a PDF
would render for OCR), so a hostile file fails with a reason in plain words;
the memory limit on each worker catches whatever gets past them.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

MB = 2**20
GB = 2**30
#: ``prctl`` option: the signal the kernel sends a process when its parent dies.
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Limits:
    max_size: int = 200 * MB  # bytes of one input file
    timeout: float = 300.0  # seconds for one file
    grace: float = 15.0  # after the in-worker alarm, how long before the worker is killed
    #: Address space of each worker (and of the OCR it starts). A worker with its
    #: models loaded maps about 300 MB; two workers at 4 GB fit a 24 GB machine
    #: with room for the rest.
    max_memory: int = 4 * GB
    max_pages: int = 200  # pages (or image frames) rendered and OCR'd for one file
    max_pixels: int = 80_000_000  # of one page image: A3 at 600 dpi is 70 million
    max_unpacked: int = 256 * MB  # what a DOCX may expand to


_ACTIVE = Limits()


def active() -> Limits:
    """The limits of the file being processed in this process."""
    return _ACTIVE


@contextmanager
def applied(limits: Limits) -> Iterator[Limits]:
    global _ACTIVE
    previous, _ACTIVE = _ACTIVE, limits
    try:
        yield limits
    finally:
        _ACTIVE = previous


def human_size(size: float) -> str:
    """``1.0 GB``, ``256 MB``: sizes as a person reads them in a reason."""
    if size >= GB:
        return f"{size / GB:.1f} GB"
    return f"{size / MB:.0f} MB"


def cap_memory(limit: int) -> None:
    """Cap this process's address space (and its children's): an allocation
    beyond it fails with MemoryError instead of swapping the machine to death."""
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies, whatever kills
    the parent (kill -9 included). Linux only; elsewhere a no-op. Safe to use as
    a ``preexec_fn``."""
    if sys.platform.startswith("linux"):
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def become_orphan_proof(parent_pid: int) -> None:
    """For a worker just forked: die with the parent, and exit at once if the
    parent is already gone (it died before the request was made)."""
    die_with_parent()
    if os.getppid() != parent_pid:
        os._exit(1)


_LIBC: ctypes.CDLL | None = None


def _libc() -> ctypes.CDLL:
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)
    return _LIBC
