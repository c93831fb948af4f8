"""Spreadsheets sent as report appendices (.xlsx, and .xls through xlrd) as tables.

Each sheet becomes its name as a heading, the title lines above its table
(rows with one filled cell: "BIỂU TỔNG HỢP…", "Đơn vị tính: triệu đồng") as
paragraphs, then the table one row a line with " | " between cells. Numbers
are written back the Vietnamese way ("1.946", "3,47", a percent-formatted cell
as "3,47%"), so that the table stage reads them as it reads any other table.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from chitieu.extractors.numbers import format_number
from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest.base import Extracted
from chitieu.pipeline.tablerows import render_table

#: A sheet as its rows of cell texts.
Rows = list[list[str]]


def cell_text(value: object, percent: bool = False) -> str:
    """A cell's value as a report would print it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | float):
        number = Decimal(str(value)) * (100 if percent else 1)
        decimals = max(0, -number.normalize().as_tuple().exponent)
        return format_number(number, min(int(decimals), 6)) + ("%" if percent else "")
    return " ".join(str(value).split())


def sheet_blocks(title: str, rows: Iterable[list[str]]) -> Iterator[str]:
    """A sheet's heading, its title lines, then its table."""
    grid = [row for row in rows if any(row)]
    width = max((max(i for i, text in enumerate(row) if text) + 1 for row in grid), default=0)
    grid = [row[:width] + [""] * (width - len(row)) for row in grid]
    yield title
    first = next((i for i, row in enumerate(grid) if sum(1 for text in row if text) >= 2), len(grid))
    yield from (" ".join(text for text in row if text) for row in grid[:first])
    yield from render_table(grid[first:])


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, Rows]]:
    import openpyxl

    if not zipfile.is_zipfile(path):
        raise InputError("this .xlsx is not an Excel workbook (it is not a ZIP package; is it an old .xls?)")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, lxml errors…
        raise InputError(f"this .xlsx is not a valid Excel workbook ({type(exc).__name__})") from exc
    try:
        for sheet in book.worksheets:
            rows = [
                [cell_text(c.value, "%" in (getattr(c, "number_format", "") or "")) for c in row]
                for row in sheet.iter_rows()
            ]
            yield sheet.title, rows
    finally:
        book.close()


def _xls_sheets(path: Path) -> Iterator[tuple[str, Rows]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=False)
    except xlrd.XLRDError as exc:
        raise InputError(f"this .xls is not an Excel 97 workbook xlrd can read ({exc})") from exc
    for sheet in book.sheets():
        rows = []
        for index in range(sheet.nrows):
            values = sheet.row_values(index)
            types = sheet.row_types(index)
            rows.append(
                [
                    cell_text(xlrd.xldate_as_datetime(v, book.datemode) if t == xlrd.XL_CELL_DATE else v)
                    for v, t in zip(values, types, strict=True)
                ]
            )
        yield sheet.name, rows


def read(path: Path, **_: object) -> Extracted:
    sheets = _xls_sheets(path) if path.suffix.lower() == ".xls" else _xlsx_sheets(path)
    blocks = [block for title, rows in sheets for block in sheet_blocks(title, rows)]
    return Extracted(pages=["\n\n".join(blocks)])
