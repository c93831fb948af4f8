"""The SQLite database: typed columns, primary and foreign keys, and full-text
search on each figure's sentence, so that Datasette links figures to their
documents and sections and searches them (``chitieu serve``).

Each set of codes (pillar, status, indicator…) is also a small table, ``code_<set>``
(code, label), that the coded columns reference: Datasette then shows a code with
its meaning. It holds every code of the data dictionary and any other code the
data uses (labelled with itself), so the keys always hold."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd

from chitieu.pipeline.dictionary import Dictionary, column_type, load_dictionary
from chitieu.pipeline.schema import FOREIGN_KEYS, PRIMARY_KEYS, UNIQUE

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


def code_table(codes: str) -> str:
    return f"code_{codes}"


def coded_columns(dictionary: Dictionary, table: str, columns: list[str]) -> dict[str, str]:
    """Column → its code set, for the columns of ``table`` that hold codes."""
    described = {c.name: c.codes for c in dictionary.tables[table].columns}
    return {c: described[c] for c in columns if described.get(c)}


def create_table_sql(table: str, columns: list[str], codes: dict[str, str] | None = None) -> str:
    lines = [f"{_quote(c)} {SQL_TYPES[column_type(c)]}" for c in columns]
    lines.append(f"PRIMARY KEY ({_names(PRIMARY_KEYS[table])})")
    lines += [f"UNIQUE ({_quote(c)})" for c in UNIQUE.get(table, [])]
    references = FOREIGN_KEYS[table] + [([c], code_table(s), ["code"]) for c, s in (codes or {}).items()]
    lines += [
        f"FOREIGN KEY ({_names(own)}) REFERENCES {_quote(other)} ({_names(theirs)})"
        for own, other, theirs in references
    ]
    return f"CREATE TABLE {_quote(table)} (\n  " + ",\n  ".join(lines) + "\n)"


def _write_code_tables(
    connection: sqlite3.Connection, dictionary: Dictionary, tables: dict[str, pd.DataFrame]
) -> dict[str, dict[str, str]]:
    """One (code, label) table per code set; return each table's coded columns."""
    coded = {name: coded_columns(dictionary, name, list(frame.columns)) for name, frame in tables.items()}
    used: dict[str, set[str]] = {}
    for name, columns in coded.items():
        for column, codes in columns.items():
            used.setdefault(codes, set()).update(tables[name][column].dropna())
    for codes, present in used.items():
        labels = dictionary.codes[codes] | {code: code for code in sorted(present - set(dictionary.codes[codes]))}
        connection.execute(f"CREATE TABLE {_quote(code_table(codes))} (code TEXT PRIMARY KEY, label TEXT)")
        connection.executemany(f"INSERT INTO {_quote(code_table(codes))} VALUES (?, ?)", labels.items())
    return coded


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def write_database(tables: dict[str, pd.DataFrame], path: Path, dictionary: Dictionary | None = None) -> None:
    """Create the database at ``path``. Two inputs with the same content give the
    same figures (same ``obs_id``): the database keeps each key once."""
    dictionary = dictionary or load_dictionary()
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("PRAGMA foreign_keys = ON")
            coded = _write_code_tables(connection, dictionary, tables)
            for table in TABLE_ORDER:
                frame = tables[table].drop_duplicates(subset=PRIMARY_KEYS[table])
                columns = list(frame.columns)
                connection.execute(create_table_sql(table, columns, coded[table]))
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
