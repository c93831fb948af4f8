"""The Excel workbook, for an analyst rather than a program.

Sheets: "Tổng hợp" (documents per status; figures per province × pillar, and
per province × pillar × indicator), one sheet per table, and "Giải thích" (every column and code with
its meaning, from the data dictionary). Each table sheet has a row of Vietnamese
labels above the column names, frozen with filters; money and counts show as
``#,##0``, rates as ``0.0``; documents that failed, were empty, gave no figure or
duplicate another are coloured. Strings are written as strings, never as
formulas or links.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from chitieu.pipeline.dictionary import Dictionary, load_dictionary

SUMMARY_SHEET = "Tổng hợp"
GLOSSARY_SHEET = "Giải thích"
RATE_UNITS = {"percent", "pp", "permille"}
RATE_FORMAT, WHOLE_FORMAT, FRACTION_FORMAT = "0.0", "#,##0", "#,##0.0#"
#: Integer columns shown without a thousands separator (years, offsets, pages).
PLAIN_INTEGERS = {"period_start", "period_end", "char_start", "char_end", "page", "level"}
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH, WIDE_TEXT_WIDTH = 50, 80
WIDE_TEXT = {"sentence", "title", "error", "section_title", "pillar_evidence", "warnings", "source_path"}
HEADER_COLOUR, LABEL_COLOUR = "#1F4E79", "#DDEBF7"
#: Why a document row is coloured, in the order the rules are tried.
ROW_HIGHLIGHTS = [
    ("failed", "#F8CBAD", "không đọc được (status = failed)"),
    ("empty", "#FFE699", "tệp rỗng (status = empty)"),
    ("duplicate", "#D9D2E9", "trùng nội dung với một tệp khác"),
    ("no_figures", "#FFF2CC", "đọc được nhưng không có số liệu nào"),
]


def document_highlight(row: dict[str, Any]) -> str | None:
    """Which of ROW_HIGHLIGHTS applies to a documents row, if any."""
    status = row.get("status")
    if status in ("failed", "empty"):
        return status
    if status == "duplicate" or _present(row.get("duplicate_of")):
        return "duplicate"
    if status == "ok" and not row.get("n_figures"):
        return "no_figures"
    return None


def _present(value: Any) -> bool:
    return not (value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)))


class _Formats:
    """xlsxwriter formats, one per distinct look, made on first use."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.cache: dict[tuple, Format] = {}
        self.header = book.add_format(
            {"bold": True, "font_color": "white", "bg_color": HEADER_COLOUR, "text_wrap": True, "valign": "top"}
        )
        self.label = book.add_format({"italic": True, "font_color": "#404040", "bg_color": LABEL_COLOUR})
        self.title = book.add_format({"bold": True, "font_size": 13})

    def cell(self, num_format: str | None = None, fill: str | None = None) -> Format | None:
        if num_format is None and fill is None:
            return None
        key = (num_format, fill)
        if key not in self.cache:
            properties: dict[str, Any] = {}
            if num_format:
                properties["num_format"] = num_format
            if fill:
                properties["bg_color"] = fill
            self.cache[key] = self.book.add_format(properties)
        return self.cache[key]


def number_format(column: str, value: float, unit: Any) -> str:
    """Rates as 0.0; money, counts and other amounts as #,##0 (with decimals only if they have some)."""
    if column in PLAIN_INTEGERS:
        return "0"
    if unit in RATE_UNITS and column in ("value", "value_max"):
        return RATE_FORMAT
    return WHOLE_FORMAT if float(value).is_integer() else FRACTION_FORMAT


def _write(sheet: Worksheet, row: int, col: int, value: Any, column: str, unit: Any, fill: str | None, formats):
    if not _present(value):
        sheet.write_blank(row, col, None, formats.cell(fill=fill))
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats.cell(DATE_FORMAT, fill))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, formats.cell(number_format(column, value, unit), fill))
    else:
        sheet.write_string(row, col, str(value), formats.cell(fill=fill))


def _fit_widths(sheet: Worksheet, header: list[list[str]], body: Iterable[list[Any]]) -> None:
    widths = [max(len(cell) for cell in cells) for cells in zip(*header, strict=True)]
    for values in body:
        for col, value in enumerate(values):
            if _present(value):
                text = f"{value:,.0f}" if isinstance(value, float) else str(value)
                widths[col] = max(widths[col], len(text))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, MAX_WIDTH) + 2)


def _table_sheet(book, formats: _Formats, dictionary: Dictionary, name: str, frame: pd.DataFrame) -> None:
    sheet = book.add_worksheet(name)
    columns = list(frame.columns)
    labels = [dictionary.column(name, c).label if c in _described(dictionary, name) else c for c in columns]
    sheet.write_row(0, 0, labels, formats.header)
    sheet.write_row(1, 0, columns, formats.label)
    sheet.set_row(0, 30)
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for index, record in enumerate(records, start=2):
        highlight = document_highlight(record) if name == "documents" else None
        fill = dict((key, colour) for key, colour, _ in ROW_HIGHLIGHTS).get(highlight) if highlight else None
        for col, column in enumerate(columns):
            _write(sheet, index, col, record[column], column, record.get("unit"), fill, formats)
    _fit_widths(sheet, [labels, columns], ([r[c] for c in columns] for r in records[:2000]))
    for col, column in enumerate(columns):
        if column in WIDE_TEXT:
            sheet.set_column(col, col, WIDE_TEXT_WIDTH if column == "sentence" else MAX_WIDTH)
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(len(frame), 1) + 1, len(columns) - 1)


def _described(dictionary: Dictionary, table: str) -> set[str]:
    return {c.name for c in dictionary.tables[table].columns}


def _block(sheet: Worksheet, formats: _Formats, top: int, title: str, frame: pd.DataFrame) -> int:
    """Write a titled table at row ``top``; return the first free row after it."""
    sheet.write_string(top, 0, title, formats.title)
    sheet.write_row(top + 1, 0, list(frame.columns), formats.header)
    for offset, values in enumerate(frame.itertuples(index=False, name=None), start=top + 2):
        for col, value in enumerate(values):
            _write(sheet, offset, col, value, "", None, None, formats)
    return top + len(frame) + 3


def summary_frames(tables: dict[str, pd.DataFrame], dictionary: Dictionary) -> dict[str, pd.DataFrame]:
    """The summary's tables: documents per status; figures per province × pillar,
    and per province × pillar × indicator."""
    documents, figures = tables["documents"], tables["indicators"]
    status_column = dictionary.column("documents", "status")
    statuses = documents["status"].fillna("").value_counts().sort_index()
    per_status = pd.DataFrame(
        {
            "Tình trạng": statuses.index,
            "Ý nghĩa": [dictionary.code_label(status_column, s) for s in statuses.index],
            "Số văn bản": statuses.to_numpy(dtype=float),
        }
    )
    keys = ["province", "pillar", "indicator"]
    grouped = (
        figures.assign(**{k: figures[k].fillna("(trống)") for k in keys})
        .groupby(keys)
        .agg(figures=("obs_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    indicator_column = dictionary.column("indicators", "indicator")
    per_indicator = pd.DataFrame(
        {
            "Tỉnh/thành phố": grouped["province"],
            "Trụ cột": grouped["pillar"],
            "Chỉ tiêu": grouped["indicator"],
            "Tên chỉ tiêu": [dictionary.code_label(indicator_column, code) for code in grouped["indicator"]],
            "Số số liệu": grouped["figures"].astype(float),
            "Số văn bản": grouped["documents"].astype(float),
        }
    )
    pillars = [*dictionary.codes["pillar"], "(trống)"]
    coverage = (
        pd.crosstab(figures["province"].fillna("(trống)"), figures["pillar"].fillna("(trống)"))
        .reindex(columns=pillars, fill_value=0)
        .astype(float)
        .rename_axis(index="Tỉnh/thành phố", columns=None)
        .reset_index()
    )
    return {
        "Văn bản theo tình trạng": per_status,
        "Độ phủ: số liệu theo tỉnh × trụ cột": coverage,
        "Số liệu theo tỉnh × trụ cột × chỉ tiêu": per_indicator,
    }


def _summary_sheet(book, formats: _Formats, dictionary: Dictionary, tables: dict[str, pd.DataFrame]) -> None:
    sheet = book.add_worksheet(SUMMARY_SHEET)
    row = 0
    for title, frame in summary_frames(tables, dictionary).items():
        row = _block(sheet, formats, row, title, frame)
    for col, width in enumerate([22, 24, 30, 40, 12, 12]):
        sheet.set_column(col, col, width)


def glossary_frames(dictionary: Dictionary) -> dict[str, pd.DataFrame]:
    columns = pd.DataFrame(
        [
            (table.name, column.name, column.label, column.description, column.codes or "")
            for table in dictionary.tables.values()
            for column in table.columns
        ],
        columns=["Bảng", "Cột", "Nhãn tiếng Việt", "Ý nghĩa", "Bộ mã"],
    )
    codes = pd.DataFrame(
        [(name, code, label) for name, labels in dictionary.codes.items() for code, label in labels.items()],
        columns=["Bộ mã", "Mã", "Ý nghĩa"],
    )
    return {"Các cột": columns, "Các mã": codes}


def _glossary_sheet(book, formats: _Formats, dictionary: Dictionary) -> None:
    sheet = book.add_worksheet(GLOSSARY_SHEET)
    row = 0
    for title, frame in glossary_frames(dictionary).items():
        row = _block(sheet, formats, row, title, frame)
    sheet.write_string(row, 0, "Màu trong bảng documents", formats.title)
    for offset, (_, colour, meaning) in enumerate(ROW_HIGHLIGHTS, start=row + 1):
        sheet.write_string(offset, 0, "", formats.cell(fill=colour))
        sheet.write_string(offset, 1, meaning)
    for col, width in enumerate([14, 20, 24, 90, 16]):
        sheet.set_column(col, col, width)


def write_workbook(tables: dict[str, pd.DataFrame], path: Path, dictionary: Dictionary | None = None) -> None:
    dictionary = dictionary or load_dictionary()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(str(path), options)
    formats = _Formats(book)
    _summary_sheet(book, formats, dictionary, tables)
    for name, frame in tables.items():
        _table_sheet(book, formats, dictionary, name, frame)
    _glossary_sheet(book, formats, dictionary)
    book.close()
