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
