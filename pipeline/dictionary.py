"""The data dictionary (``pipeline/columns.toml``): what every table, column and
code of the outputs means, checked against the schema when loaded.

The datapackage, the workbook's "Giải thích" sheet, the Datasette metadata and
the review site all read it from here, so a description is written once.
Indicator codes are labelled by the catalogue itself (its ``subject``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chitieu.lexicons import load as load_lexicon
from chitieu.pipeline.schema import DATE, INTEGER, NUMERIC, TABLES, output_columns

DICTIONARY_PATH = Path(__file__).with_name("columns.toml")


class DictionaryError(ValueError):
    """columns.toml is missing a description or names a code set that does not exist."""


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    label: str
    description: str
    type: str  # a Frictionless type: string, number, integer, date
    codes: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    label: str
    description: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Dictionary:
    tables: dict[str, Table]
    codes: dict[str, dict[str, str]]

    def column(self, table: str, name: str) -> Column:
        return next(c for c in self.tables[table].columns if c.name == name)

    def code_label(self, column: Column, code: str) -> str:
        """The meaning of ``code`` in ``column``; the code itself when it has none written."""
        return self.codes.get(column.codes or "", {}).get(code, code)


def column_type(name: str) -> str:
    if name in NUMERIC:
        return "number"
    if name in INTEGER:
        return "integer"
    if name in DATE:
        return "date"
    return "string"


def _entry(data: dict, table: str, name: str) -> dict:
    override = data["tables"].get(table, {}).get("columns", {}).get(name)
    entry = override or data.get("columns", {}).get(name)
    if not entry or not entry.get("label") or not entry.get("description"):
        raise DictionaryError(f"{DICTIONARY_PATH.name}: column {name!r} of {table} needs a label and a description")
    return entry


def _indicator_codes() -> dict[str, str]:
    return {entry["code"]: entry.get("subject", entry["code"]) for entry in load_lexicon("indicators")["indicator"]}


@cache
def load_dictionary(path: Path = DICTIONARY_PATH) -> Dictionary:
    """Read and check the dictionary: every column the schema writes is described."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    codes = dict(data.get("codes", {}))
    codes["indicator"] = {**_indicator_codes(), "other": "Chỉ tiêu khác (other, see subject)"}
    tables = {}
    for table in TABLES:
        meta = data["tables"].get(table)
        if not meta or not all(meta.get(key) for key in ("title", "label", "description")):
            raise DictionaryError(f"{path.name}: table {table!r} needs a title, a label and a description")
        columns = []
        for name in output_columns(table):
            entry = _entry(data, table, name)
            if entry.get("codes") and entry["codes"] not in codes:
                raise DictionaryError(f"{path.name}: column {name!r} names unknown codes {entry['codes']!r}")
            columns.append(
                Column(table, name, entry["label"], entry["description"], column_type(name), entry.get("codes"))
            )
        tables[table] = Table(table, meta["title"], meta["label"], meta["description"], tuple(columns))
    return Dictionary(tables, codes)
