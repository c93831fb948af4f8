"""``chitieu serve OUT``: a run's database in Datasette, for researchers to browse,
facet, search and query, with the data dictionary as its metadata.

Datasette reads the keys the database declares, so a figure links to its
document and its section; ``indicators_fts`` gives full-text search over the
sentences. It listens on 127.0.0.1 only: the data stays on this machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from chitieu.pipeline.database import FTS_TABLE, code_table
from chitieu.pipeline.dictionary import Dictionary, load_dictionary

DATABASE = "chitieu.sqlite"
METADATA = "datasette-metadata.json"
HOST = "127.0.0.1"
FACETS = {
    "indicators": ["province", "pillar", "indicator", "status", "period"],
    "documents": ["status", "doc_type", "province"],
    "sections": ["pillar", "level"],
}
#: What Datasette shows for a linked row: short enough to keep the table readable.
LABEL_COLUMNS = {"indicators": "text", "documents": "doc_id", "sections": "title"}


def _description(dictionary: Dictionary, table: str, name: str) -> str:
    column = dictionary.column(table, name)
    text = f"{column.label}: {column.description}"
    if column.codes:
        text += " " + "; ".join(f"{code} = {label}" for code, label in dictionary.codes[column.codes].items())
    return text


def datasette_metadata(dictionary: Dictionary | None = None) -> dict:
    """Titles, column descriptions with their codes' meanings, facets and search."""
    dictionary = dictionary or load_dictionary()
    tables = {}
    for name, table in dictionary.tables.items():
        tables[name] = {
            "title": f"{table.title} ({table.label})",
            "description": table.description,
            "columns": {c.name: _description(dictionary, name, c.name) for c in table.columns},
            "facets": FACETS[name],
            "label_column": LABEL_COLUMNS[name],
        }
    for codes in dictionary.codes:
        tables[code_table(codes)] = {
            "title": f"Codes: {codes}",
            "description": f"Every code of {codes} with its meaning; columns holding these codes link here.",
            "label_column": "label",
        }
    tables["indicators"] |= {"fts_table": FTS_TABLE, "fts_pk": "rowid"}
    tables[FTS_TABLE] = {"hidden": True}
    return {
        "title": "chitieu",
        "description": "Figures reported by Vietnamese government reports on Decision 161/QĐ-TTg, one row per figure.",
        "databases": {Path(DATABASE).stem: {"tables": tables}},
    }


def datasette_command(out: Path, port: int) -> list[str]:
    """The command that serves ``out``'s database; writes its metadata into ``out``."""
    database = out / DATABASE
    if not database.is_file():
        raise FileNotFoundError(f"no database at {database}: run `chitieu run --out {out}` first")
    metadata = out / METADATA
    metadata.write_text(json.dumps(datasette_metadata(), ensure_ascii=False, indent=2), encoding="utf-8")
    return [
        sys.executable, "-m", "datasette", "serve", str(database),
        "--metadata", str(metadata), "--host", HOST, "--port", str(port),
        "--setting", "default_page_size", "50", "--setting", "facet_time_limit_ms", "500",
    ]  # fmt: skip


def serve(out: Path, port: int = 8001, open_browser: bool = False) -> int:
    """Run Datasette until interrupted; return its exit code."""
    command = datasette_command(out, port)
    if open_browser:
        command.append("--open")
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
