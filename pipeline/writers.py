"""Write stage: the three tables as CSV, Parquet, one Excel workbook and one
SQLite database, plus each document's normalised text.

Every file is written to a temporary name in the output folder and renamed
into place, so an interrupted run never leaves a half-written table.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from pipeline.document import Document
from pipeline.schema import (
    INTEGER,
    NUMERIC,
    TABLES,
    document_row,
    indicator_rows,
    section_rows,
)


def build_tables(documents: Iterable[Document]) -> dict[str, pd.DataFrame]:
    """The three tables of SPEC §4 as typed DataFrames, columns in contract order."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for doc in documents:
        rows["documents"].append(document_row(doc))
        rows["indicators"].extend(indicator_rows(doc))
        rows["sections"].extend(section_rows(doc))
    tables = {}
    for name, columns in TABLES.items():
        frame = pd.DataFrame(rows[name], columns=columns)
        for column in columns:
            if column in NUMERIC:
                frame[column] = frame[column].astype("Float64")
            elif column in INTEGER:
                frame[column] = frame[column].astype("Int64")
            else:
                frame[column] = frame[column].fillna("").astype(str)
        tables[name] = frame
    return tables


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path):
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.
    The file gets the permissions of any new file (the umask's), not mkstemp's 0600,
    and a short temporary name, so that a name near the length limit still fits."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    os.close(handle)
    os.chmod(temporary, 0o666 & ~_umask())
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


#: A text cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula, with a ' put in
    front (OWASP's advice), so they show as the text they are. Number columns
    are left as they are: -5 stays a number."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            text = frame[column]
            risky = text.str.startswith(FORMULA_STARTS, na=False)
            frame[column] = text.where(~risky, "'" + text.astype(str))
    return frame


def write_csv(tables: dict[str, pd.DataFrame], out: Path) -> None:
    for name, frame in tables.items():
        with atomic_path(out / f"{name}.csv") as path:
            # UTF-8 with BOM so that Excel shows Vietnamese; %.15g keeps
            # 45843045000 as written instead of 45843045000.0.
            neutralise_formulas(frame).to_csv(path, index=False, encoding="utf-8-sig", float_format="%.15g")


def write_parquet(tables: dict[str, pd.DataFrame], out: Path) -> None:
    for name, frame in tables.items():
        with atomic_path(out / f"{name}.parquet") as path:
            frame.to_parquet(path, index=False, engine="pyarrow")


#: Every text cell is written as a string, never as a formula or a link.
NO_FORMULAS = {"strings_to_formulas": False, "strings_to_urls": False}


def write_excel(tables: dict[str, pd.DataFrame], out: Path) -> None:
    with (
        atomic_path(out / "chitieu.xlsx") as path,
        pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": NO_FORMULAS}) as writer,
    ):
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)


def write_sqlite(tables: dict[str, pd.DataFrame], out: Path) -> None:
    with atomic_path(out / "chitieu.sqlite") as path:
        with sqlite3.connect(path) as connection:
            for name, frame in tables.items():
                frame.to_sql(name, connection, index=False)
            connection.execute("CREATE INDEX idx_indicators_doc ON indicators(doc_id)")
            connection.execute("CREATE INDEX idx_indicators_indicator ON indicators(indicator)")
            connection.execute("CREATE INDEX idx_sections_doc ON sections(doc_id)")
        connection.close()


def write_texts(documents: Iterable[Document], out: Path) -> None:
    for doc in documents:
        if doc.status != "ok":
            continue
        with atomic_path(out / "text" / f"{doc.doc_id}.txt") as path:
            path.write_text(doc.text, encoding="utf-8")


WRITERS: dict[str, Callable[[dict[str, pd.DataFrame], Path], None]] = {
    "csv": write_csv,
    "parquet": write_parquet,
    "xlsx": write_excel,
    "sqlite": write_sqlite,
}


def write_all(documents: list[Document], out: Path, formats: Iterable[str] = WRITERS) -> dict[str, pd.DataFrame]:
    """Write every table in every format, and the texts; return the tables."""
    tables = build_tables(documents)
    for name in formats:
        WRITERS[name](tables, out)
    write_texts(documents, out)
    return tables
