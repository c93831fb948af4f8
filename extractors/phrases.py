"""Word lists from ``lexicons/`` turned into regular expressions, once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import regex

from chitieu.pipeline.textutil import alternation, squash

__all__ = ["alternation", "squash", "tagged_alternation", "word_regex"]


def tagged_alternation(groups: Mapping[str, Iterable[str]]) -> tuple[str, dict[str, str]]:
    """One alternation over several word lists, and the list each word came from.

    The longest word wins wherever it starts, whichever list it belongs to.
    """
    tag_of: dict[str, str] = {}
    for tag, words in groups.items():
        for word in words:
            tag_of.setdefault(squash(word), tag)
    return alternation(w for words in groups.values() for w in words), tag_of


def word_regex(pattern: str, flags: int = regex.IGNORECASE) -> regex.Pattern[str]:
    """``pattern`` as whole words: not inside a longer word on either side."""
    return regex.compile(rf"(?<!\w)(?:{pattern})(?!\w)", flags)
