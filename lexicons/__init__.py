"""Word lists and catalogues as data files (TOML), loaded by the stages.

Adding a word, a pillar cue or an indicator means editing a file here, not code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).parent


@cache
def load(name: str) -> dict[str, Any]:
    """Parse ``lexicons/<name>.toml`` once per process."""
    with open(LEXICON_DIR / f"{name}.toml", "rb") as handle:
        return tomllib.load(handle)


class LexiconError(ValueError):
    """A lexicon file holds an entry that cannot be used; the message names it."""


def word_list(name: str, *keys: str) -> tuple[str, ...]:
    """The list at ``keys`` of ``lexicons/<name>.toml`` ("structure", "emphasis",
    "bold_font_words"), checked to be a non-empty list of non-empty strings."""
    entry: Any = load(name)
    for key in keys:
        entry = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(entry, list) or not entry or not all(isinstance(word, str) and word.strip() for word in entry):
        raise LexiconError(f"{name}.toml: `{'.'.join(keys)}` must be a non-empty list of non-empty strings")
    return tuple(entry)
