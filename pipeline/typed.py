"""Rows become typed tables: one rule for every writer, so CSV, Parquet, the
workbook and the database agree on what a value is.

A missing value is NULL in every column (text too, never ''); ``issue_date`` is
a date; ``period`` gains ``period_start`` and ``period_end`` as integers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import regex

from chitieu.pipeline.schema import DATE, INTEGER, NUMERIC, output_columns

PERIOD = regex.compile(r"(?P<start>\d{4})(?:/(?P<end>\d{4}))?")


def period_bounds(period: Any) -> tuple[int | None, int | None]:
    """'2019' → (2019, 2019); '2016/2020' → (2016, 2020); anything else → (None, None)."""
    match = PERIOD.fullmatch(period) if isinstance(period, str) else None
    if match is None:
        return None, None
    start = int(match["start"])
    return start, int(match["end"] or start)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _blank_to_none(value: Any) -> Any:
    """None for every spelling of nothing: None, NaN, NA, '' or blanks."""
    if isinstance(value, str):
        return value if value.strip() else None
    return None if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)) else value


def typed_frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """``rows`` as a DataFrame with every output column of ``table``, typed."""
    columns = output_columns(table)
    frame = pd.DataFrame(rows, columns=columns)
    if "period_start" in columns:
        bounds = [period_bounds(p) for p in frame["period"]]
        frame["period_start"] = [start for start, _ in bounds]
        frame["period_end"] = [end for _, end in bounds]
    for column in columns:
        values = [_blank_to_none(v) for v in frame[column]]
        if column in NUMERIC:
            frame[column] = pd.array(values, dtype="Float64")
        elif column in INTEGER:
            frame[column] = pd.array(values, dtype="Int64")
        elif column in DATE:
            frame[column] = pd.Series([_date(v) for v in values], index=frame.index, dtype=object)
        else:
            frame[column] = pd.array([None if v is None else str(v) for v in values], dtype="string")
    return frame
