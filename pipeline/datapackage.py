"""The data dictionary inside every output: a Frictionless Data Package
(``datapackage.json``) describing each CSV table, its columns, types and keys,
so the folder explains itself and ``frictionless validate`` can check it."""

from __future__ import annotations

import json

import pandas as pd

from chitieu.pipeline.dictionary import Dictionary, load_dictionary
from chitieu.pipeline.schema import FOREIGN_KEYS, PRIMARY_KEYS

DATAPACKAGE = "datapackage.json"


def _field(dictionary: Dictionary, table: str, name: str) -> dict:
    column = dictionary.column(table, name)
    description = column.description
    if column.codes:
        meanings = "; ".join(f"{code} = {label}" for code, label in dictionary.codes[column.codes].items())
        description = f"{description} Codes: {meanings}."
    return {"name": name, "title": column.label, "type": column.type, "description": description}


def datapackage(tables: dict[str, pd.DataFrame], dictionary: Dictionary | None = None) -> dict:
    dictionary = dictionary or load_dictionary()
    resources = []
    for name, frame in tables.items():
        table = dictionary.tables[name]
        schema = {
            "fields": [_field(dictionary, name, column) for column in frame.columns],
            "missingValues": [""],
            "primaryKey": PRIMARY_KEYS[name],
            "foreignKeys": [
                {"fields": own, "reference": {"resource": other, "fields": theirs}}
                for own, other, theirs in FOREIGN_KEYS[name]
            ],
        }
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "title": f"{table.title} ({table.label})",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": schema,
            }
        )
    return {
        "name": "chitieu",
        "title": "chitieu: figures reported by Vietnamese government reports on Decision 161/QĐ-TTg",
        "description": "Tables written by `chitieu run`; columns are described here and in SPEC.md §4.",
        "resources": resources,
    }


def datapackage_json(tables: dict[str, pd.DataFrame]) -> str:
    return json.dumps(datapackage(tables), ensure_ascii=False, indent=2) + "\n"
