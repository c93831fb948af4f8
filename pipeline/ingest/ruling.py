"""Ruled tables on a page image: the rows and columns their lines draw.

A scanned table is a grid of long straight dark runs: horizontal rules at
least a fraction of the page wide, vertical rules running down several text
lines. Both are found with running sums over a binarised image (numpy only),
grouped into tables by where the vertical rules run, and erased from the image
so that OCR reads the cells' text rather than the rules. OCR's words are then
put in the cell their centre falls in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Darker than this (0-255) is ink.
INK = 160
#: A horizontal rule is at least this share of the page wide; a vertical one this share of it high.
MIN_WIDTH = 0.12
MIN_HEIGHT = 0.025
#: Rules closer than this many pixels are one rule (a thick or doubled line).
MERGE = 6


@dataclass
class Grid:
    """One ruled table: the y of its horizontal rules, the x of its vertical ones."""

    rows: list[float]
    columns: list[float]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.columns[0], self.rows[0], self.columns[-1], self.rows[-1]

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell holding the point, or None outside the table."""
        row = int(np.searchsorted(self.rows, y)) - 1
        column = int(np.searchsorted(self.columns, x)) - 1
        if 0 <= row < len(self.rows) - 1 and 0 <= column < len(self.columns) - 1:
            return row, column
        return None


def _rule_mask(ink: np.ndarray, length: int) -> np.ndarray:
    """Every pixel of a run of ink at least ``length`` long along axis 1."""
    width = ink.shape[1]
    if width < length:
        return np.zeros_like(ink)
    sums = np.pad(np.cumsum(ink, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    starts = (sums[:, length:] - sums[:, :-length]) == length  # a full run starts here
    counts = np.pad(np.cumsum(starts, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    pixel = np.arange(width)
    high = np.minimum(pixel + 1, starts.shape[1])
    low = np.clip(pixel - length + 1, 0, starts.shape[1])
    return (counts[:, high] - counts[:, low]) > 0


def _group(positions: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive positions (closer than ``MERGE``) as (first, last) spans."""
    spans: list[tuple[int, int]] = []
    for position in positions.tolist():
        if spans and position - spans[-1][1] <= MERGE:
            spans[-1] = (spans[-1][0], position)
        else:
            spans.append((position, position))
    return spans


def find_grids(gray: np.ndarray) -> tuple[list[Grid], np.ndarray]:
    """The ruled tables of a greyscale page, and the page with their rules erased."""
    ink = gray < INK
    height, width = ink.shape
    horizontal = _rule_mask(ink, max(20, int(width * MIN_WIDTH)))
    if not horizontal.any():  # no rule across the page: no table, and no need to look down it
        return [], gray
    vertical = _rule_mask(np.ascontiguousarray(ink.T), max(20, int(height * MIN_HEIGHT))).T
    grids = []
    for top, bottom in _group(np.flatnonzero(vertical.any(axis=1))):
        band = vertical[top : bottom + 1]
        columns = [(a + b) / 2 for a, b in _group(np.flatnonzero(band.any(axis=0)))]
        in_band = horizontal[max(0, top - MERGE) : bottom + MERGE + 1]
        rows = [max(0, top - MERGE) + (a + b) / 2 for a, b in _group(np.flatnonzero(in_band.any(axis=1)))]
        if len(columns) >= 3 and len(rows) >= 3:
            grids.append(Grid(rows, columns))
    cleaned = gray.copy()
    cleaned[horizontal | vertical] = 255
    return grids, cleaned
