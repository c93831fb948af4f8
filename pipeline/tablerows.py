"""Tables as text: one line per row, cells joined by " | ".

Every reader renders the tables it finds this way (DOCX, PDF, spreadsheets),
and plain-text inputs carry them so already, so one mechanism serves them all:
normalise finds runs of such lines and records them as ``Table`` spans, the
extract stage leaves those spans alone, and the table stage reads them cell by
cell. An empty cell stays an empty cell ("a | | b"), so columns stay aligned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from chitieu.extractors.numbers import TOKEN, YEAR
from chitieu.pipeline.document import Table

CELL_SEPARATOR = " | "
#: A bar standing alone between cells (not glued to a word, as in "a|b").
SEPARATOR = regex.compile(r"(?<!\S)\|(?!\S)")
#: "1", "(2)", "A", "3=1+2": a column's number in a row that numbers the columns.
COLUMN_NUMBER = regex.compile(r"\(?(?:\d{1,2}|[A-Z])\)?(?:\s*=\s*[\d()+\-x*/ ]+)?")
#: Rows at most at the top of a table that may name its columns.
MAX_HEADER_ROWS = 4


@dataclass(frozen=True)
class Cell:
    """A cell's text (trimmed) and its offsets in the normalised text."""

    text: str
    start: int
    end: int


def render_row(cells: Iterable[str | None]) -> str:
    """One table row as one line; a cell's own line breaks become spaces."""
    return CELL_SEPARATOR.join(" ".join((cell or "").split()) for cell in cells)


def render_table(rows: Iterable[Iterable[str | None]]) -> list[str]:
    """The lines of a table: rows without any text are left out."""
    lines = [render_row(row) for row in rows]
    return [line for line in lines if line.replace("|", "").strip()]


def filled_columns(grid: list[list[str | None]]) -> list[list[str | None]]:
    """The grid without its columns that are empty in every row (a table
    finder's ruling that frames a paragraph leaves such columns)."""
    width = max(map(len, grid), default=0)
    keep = [i for i in range(width) if any(i < len(row) and (row[i] or "").strip() for row in grid)]
    return [[row[i] if i < len(row) else None for i in keep] for row in grid]


def is_row(line: str) -> bool:
    return "|" in line and SEPARATOR.search(line) is not None


def cells(text: str, start: int, end: int) -> list[Cell]:
    """The cells of the row line ``text[start:end]``."""
    bounds = [start, *(p for m in SEPARATOR.finditer(text, start, end) for p in m.span()), end]
    found = []
    for left, right in zip(bounds[::2], bounds[1::2], strict=True):
        raw = text[left:right]
        lead = len(raw) - len(raw.lstrip())
        found.append(Cell(raw.strip(), left + lead, left + lead + len(raw.strip())))
    return found


def rows(text: str, table: Table) -> list[list[Cell]]:
    """The table's rows, each a list of cells with their offsets."""
    found, position = [], table.char_start
    for line in text[table.char_start : table.char_end].split("\n"):
        if line:
            found.append(cells(text, position, position + len(line)))
        position += len(line) + 1
    return found


def caption_lines(text: str, table: Table, count: int = 2) -> list[str]:
    """The last ``count`` lines above the table, nearest last: its caption
    ("Bảng 2. Thu ngân sách năm 2024", "ĐVT: triệu đồng") and the lead-in before it.
    Read backwards from the table, so the cost does not grow with the text before it."""
    end = table.char_start
    while end > 0 and text[end - 1] == "\n":
        end -= 1
    lines: list[str] = []
    while len(lines) < count:
        newline = text.rfind("\n", 0, end)
        lines.append(text[newline + 1 : end])
        if newline < 0:
            break
        end = newline
    return lines[::-1]


def _has_value(row: list[str]) -> bool:
    """A data row: a cell after the first opens with a digit and is not a year."""
    return any(c[:1].isdigit() and not YEAR.fullmatch(c) and TOKEN.match(c) for c in row[1:])


def _numbers_columns(row: list[str]) -> bool:
    """ "(1) | (2) | (3)": a row that numbers the columns, part of the header."""
    filled = [c for c in row if c]
    return len(filled) >= 2 and all(COLUMN_NUMBER.fullmatch(c) for c in filled)


def header_rows(table_rows: list[list[str]]) -> int:
    """How many leading rows name the columns: those before the first data row
    or group row ("I | Giảm nghèo", text in its first two cells only); a row
    that numbers the columns counts as header."""
    for index, row in enumerate(table_rows[: MAX_HEADER_ROWS + 1]):
        if _numbers_columns(row):
            continue
        if _has_value(row) or (index and len(row) > 2 and not any(row[2:])):
            return index
    return 0


def find_tables(text: str) -> list[Table]:
    """Every run of consecutive row lines in ``text``, as a table."""
    tables: list[Table] = []
    position, run_start, run_end = 0, None, 0
    for line in [*text.split("\n"), ""]:
        if is_row(line):
            if run_start is None:
                run_start = position
            run_end = position + len(line)
        elif run_start is not None:
            tables.append(Table(run_start, run_end))
            run_start = None
        position += len(line) + 1
    for table in tables:
        table.header_rows = header_rows([[c.text for c in row] for row in rows(text, table)])
    return tables
