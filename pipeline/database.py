"""The SQLite database: typed columns, primary and foreign keys, and full-text
search on each figure's sentence, so that Datasette links figures to their
documents and sections and searches them (``chitieu serve``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd

from pipeline.dictionary import column_type
from pipeline.schema import FOREIGN_KEYS, PRIMARY_KEYS, UNIQUE

#: Referenced tables first, so every row's keys exist when it is inserted.
TABLE_ORDER = ["documents", "sections", "indicators"]
SQL_TYPES = {"number": "REAL", "integer": "INTEGER", "date": "DATE", "string": "TEXT"}
#: The full-text index over indicators (FTS5, external content).
FTS_TABLE = "indicators_fts"
FTS_COLUMNS = ["sentence", "text", "subject"]
INDEXES = {"indicators": ["doc_id", "indicator", "province", "pillar"], "sections": ["doc_id"]}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _names(columns: list[str]) -> str:
    return ", ".join(_quote(c) for c in columns)


def create_table_sql(table: str, columns: list[str]) -> str:
    lines = [f"{_quote(c)} {SQL_TYPES[column_type(c)]}" for c in columns]
    lines.append(f"PRIMARY KEY ({_names(PRIMARY_KEYS[table])})")
    lines += [f"UNIQUE ({_quote(c)})" for c in UNIQUE.get(table, [])]
    lines += [
        f"FOREIGN KEY ({_names(own)}) REFERENCES {_quote(other)} ({_names(theirs)})"
        for own, other, theirs in FOREIGN_KEYS[table]
    ]
    return f"CREATE TABLE {_quote(table)} (\n  " + ",\n  ".join(lines) + "\n)"


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def write_database(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Create the database at ``path``. Two inputs with the same content give the
    same figures (same ``obs_id``): the database keeps each key once."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("PRAGMA foreign_keys = ON")
            for table in TABLE_ORDER:
                frame = tables[table].drop_duplicates(subset=PRIMARY_KEYS[table])
                columns = list(frame.columns)
                connection.execute(create_table_sql(table, columns))
                placeholders = ", ".join("?" for _ in columns)
                connection.executemany(
                    f"INSERT INTO {_quote(table)} ({_names(columns)}) VALUES ({placeholders})",
                    ([_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)),
                )
                for column in INDEXES.get(table, []):
                    connection.execute(
                        f"CREATE INDEX {_quote(f'idx_{table}_{column}')} ON {_quote(table)} ({_quote(column)})"
                    )
            connection.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_names(FTS_COLUMNS)}, content=[indicators])"
            )
            connection.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    finally:
        connection.close()
