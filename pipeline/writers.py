"""Write stage: the three tables as CSV, Parquet, one Excel workbook and one
SQLite database, plus each document's normalised text.

Every file is written to a temporary name in the output folder and renamed
into place, so an interrupted run never leaves a half-written table.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from chitieu.pipeline.corrections import Corrections
from chitieu.pipeline.database import write_database
from chitieu.pipeline.datapackage import DATAPACKAGE, datapackage_json
from chitieu.pipeline.document import Document
from chitieu.pipeline.schema import TABLES, document_row, indicator_rows, section_rows
from chitieu.pipeline.typed import typed_frame
from chitieu.pipeline.workbook import write_workbook


def build_tables(documents: Iterable[Document], corrections: Corrections | None = None) -> dict[str, pd.DataFrame]:
    """The three tables of SPEC §4 as typed DataFrames, contract columns first and
    in order, with an analyst's corrections applied."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for doc in documents:
        rows["documents"].append(document_row(doc))
        rows["indicators"].extend(indicator_rows(doc))
        rows["sections"].extend(section_rows(doc))
    if corrections is not None:
        corrections.apply(rows)
    return {name: typed_frame(name, rows[name]) for name in TABLES}


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
            risky = text.map(lambda cell: isinstance(cell, str) and cell.startswith(FORMULA_STARTS)).astype(bool)
            if risky.any():
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


def write_excel(tables: dict[str, pd.DataFrame], out: Path) -> None:
    with atomic_path(out / "chitieu.xlsx") as path:
        write_workbook(tables, path)


def write_sqlite(tables: dict[str, pd.DataFrame], out: Path) -> None:
    with atomic_path(out / "chitieu.sqlite") as path:
        write_database(tables, path)


def write_datapackage(tables: dict[str, pd.DataFrame], out: Path) -> None:
    with atomic_path(out / DATAPACKAGE) as path:
        path.write_text(datapackage_json(tables), encoding="utf-8")


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


def write_all(
    documents: list[Document],
    out: Path,
    formats: Iterable[str] = WRITERS,
    corrections: Corrections | None = None,
) -> dict[str, pd.DataFrame]:
    """Write every table in every format, the data dictionary and the texts; return the tables."""
    tables = build_tables(documents, corrections)
    formats = list(formats)
    for name in formats:
        WRITERS[name](tables, out)
    if "csv" in formats:
        write_datapackage(tables, out)
    write_texts(documents, out)
    return tables
