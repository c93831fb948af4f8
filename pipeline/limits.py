"""What one file may cost: size, time, memory, pages and pixels, and how
workers and their children are tied to the run that started them.

The limits are a backstop. Readers check the cheap ones before they decode
anything (the pixels of an image, the expanded size of a DOCX, the pages a PDF
would render for OCR), so a hostile file fails with a reason in plain words;
the memory limit on each worker catches whatever gets past them.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import re
import resource
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

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


def reset_peak_memory() -> None:
    """Start this process's peak RSS afresh from its current RSS, so that
    ``peak_memory`` measures what comes next (Linux: ``/proc/self/clear_refs``).
    Elsewhere a no-op: the peak then counts from the process's start."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def peak_memory() -> int:
    """This process's peak RSS in bytes since ``reset_peak_memory`` (or its start)."""
    try:
        with open("/proc/self/status") as status:
            found = re.search(r"^VmHWM:\s+(\d+) kB", status.read(), re.MULTILINE)
        if found:
            return int(found.group(1)) * 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def exit_status(code: int | None) -> str:
    """How a process that did not answer ended, in words."""
    if code is not None and code < 0:
        return f"killed by {signal.Signals(-code).name}; a process out of memory under --max-memory can end so"
    return f"exit code {code}"


class OverMemory(MemoryError):
    """Work run under ``call_capped`` needed more memory than its limit."""


def call_capped(function: Callable[..., T], *args: Any, max_memory: int) -> T:
    """``function(*args)`` in a child process whose address space is capped at
    ``max_memory`` bytes, as a worker's is: an allocation beyond it fails there,
    not on the machine. The child dies with this process; its result, or the
    exception it raised, comes back by pipe. Raises OverMemory when the child
    ran out of memory or died without an answer (the kernel kills some
    programs that cannot allocate)."""
    context = multiprocessing.get_context("fork")  # the child needs no re-import, nor pickled arguments
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_capped_child, args=(sender, function, args, max_memory, os.getpid()), daemon=True)
    child.start()
    sender.close()
    try:
        outcome, value = receiver.recv()
    except EOFError:
        child.join()
        raise OverMemory(f"it stopped without an answer ({exit_status(child.exitcode)})") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "memory":
        raise OverMemory(f"it needs more memory than the --max-memory limit of {human_size(max_memory)}")
    if outcome == "error":
        raise value
    return value


def _capped_child(sender: Connection, function: Callable, args: tuple, max_memory: int, parent: int) -> None:
    become_orphan_proof(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    cap_memory(max_memory)
    try:
        answer: tuple[str, Any] = ("ok", function(*args))
    except MemoryError:
        answer = ("memory", None)
    except Exception as exc:  # raised again in the parent
        answer = ("error", exc)
    try:
        sender.send(answer)
    except MemoryError:
        sender.send(("memory", None))
    except Exception as exc:  # an answer or an exception that cannot be pickled
        sender.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


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
