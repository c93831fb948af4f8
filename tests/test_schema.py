"""The columns of the output tables, as SPEC §4 fixes them."""

from __future__ import annotations

from pathlib import Path

import regex

from chitieu.pipeline.schema import output_columns

SPEC = Path(__file__).parents[1] / "SPEC.md"

#: Every column of ``indicators`` as of 2026-11-23, in order. A new column goes
#: after these (SPEC §4: "new columns only ever go after the existing ones");
#: add it here when it is added.
INDICATOR_COLUMNS = [
    "obs_id", "doc_id", "province", "district", "doc_type", "pillar", "section_path", "section_title",
    "indicator", "subject", "value", "value_max", "denominator", "unit", "unit_noun", "qualifier", "status",
    "period", "text", "sentence", "char_start", "char_end", "page", "per",
    "section_key", "period_start", "period_end", "corrected", "ocr_confidence",
]  # fmt: skip


def spec_indicator_columns() -> list[str]:
    """The columns SPEC §4's table lists for ``indicators.csv``, in its order."""
    section = SPEC.read_text(encoding="utf-8").split("## 4.", 1)[1].split("`documents.csv`", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return [name for cell in rows for name in regex.findall(r"`(\w+)`", cell)]


def test_the_columns_of_spec_4_come_first_in_its_order() -> None:
    spec = spec_indicator_columns()
    assert spec[:3] == ["obs_id", "doc_id", "province"] and spec[-1] == "per"  # the table was read
    assert output_columns("indicators")[: len(spec)] == spec


def test_the_columns_written_before_keep_their_places() -> None:
    assert output_columns("indicators")[: len(INDICATOR_COLUMNS)] == INDICATOR_COLUMNS
