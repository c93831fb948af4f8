"""Read-only SQL on a run's database, with limits.

The database is opened read-only by URI (its path escaped, so that a ``#`` or
``?`` in it cannot drop ``mode=ro``), and an authorizer allows reading only:
no ATTACH (which VACUUM INTO uses to write a copy anywhere), no writes, no
pragma that sets anything. A progress handler stops a query past its time limit
or on Ctrl-C, and at most ``max_rows`` rows are fetched.
"""

from __future__ import annotations

import signal
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

#: What a query may do: read tables, call functions, recurse, and ask these pragmas.
ALLOWED_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
READ_PRAGMAS = {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "foreign_key_list"}
#: SQLite virtual-machine steps between two checks of the clock.
CHECK_EVERY = 10_000
#: Memory SQLite itself may take for one query.
HEAP_LIMIT = 512 * 2**20


class QueryError(Exception):
    """The query was refused or stopped; the message says why."""


@dataclass
class Answer:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool  # more rows than max_rows

    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame with the query's column names."""
        return pd.DataFrame(self.rows, columns=self.columns)


def _authorize(action: int, arg1: str | None, arg2: str | None, database: str | None, source: str | None) -> int:
    if action in ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and arg1 in READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def connect_read_only(database: Path) -> sqlite3.Connection:
    uri = f"file:{urllib.parse.quote(str(Path(database).absolute()))}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    connection.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT}")
    connection.set_authorizer(_authorize)
    return connection


@contextmanager
def _stoppable(connection: sqlite3.Connection, seconds: float) -> Iterator[list[str]]:
    """Stop the query past ``seconds`` or on Ctrl-C; yields the reason, once stopped."""
    deadline = time.monotonic() + seconds
    stopped: list[str] = []

    def interrupt(signum, frame) -> None:
        stopped.append("interrupted")

    def check() -> int:
        if not stopped and time.monotonic() > deadline:
            stopped.append(f"the query took longer than the time limit of {seconds:g} s")
        return 1 if stopped else 0

    previous = signal.signal(signal.SIGINT, interrupt)
    connection.set_progress_handler(check, CHECK_EVERY)
    try:
        yield stopped
    finally:
        connection.set_progress_handler(None, 0)
        signal.signal(signal.SIGINT, previous)


def _plain(error: sqlite3.Error) -> str:
    if "not authorized" in str(error) or "authorization denied" in str(error):
        return "chitieu query only reads: ATTACH, VACUUM, writes and settings are refused"
    return str(error)


def run_query(database: Path, sql: str, seconds: float = 30.0, max_rows: int = 10_000) -> Answer:
    """The first ``max_rows`` rows of ``sql``. Raises QueryError with the reason
    it was refused or stopped, and KeyboardInterrupt on Ctrl-C."""
    connection = connect_read_only(database)
    try:
        with _stoppable(connection, seconds) as stopped:
            try:
                cursor = connection.execute(sql)
                rows = cursor.fetchmany(max_rows + 1)
            except sqlite3.Error as exc:
                if stopped == ["interrupted"]:
                    raise KeyboardInterrupt from exc
                raise QueryError(stopped[0] if stopped else _plain(exc)) from exc
        columns = [column[0] for column in cursor.description or []]
        return Answer(columns, rows[:max_rows], len(rows) > max_rows)
    finally:
        connection.close()
