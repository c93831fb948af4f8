"""Text patterns shared by the stages that read layout (normalise, structure)."""

from __future__ import annotations

import regex

#: Outline numbering that opens a heading or list item: "I.", "IV.", "1.",
#: "4.1.", "4.2" (no dot, followed by a capital), "a)", "đ)", and bullets.
ROMAN_RE = regex.compile(r"^(?P<num>[IVXLC]{1,6})[.\/)]\s*(?=\S)")
ARABIC_RE = regex.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|\))\s+(?=\S)|^(?P<num2>\d{1,2}(?:\.\d{1,2}){1,3})\s+(?=\p{Lu})")
LETTER_RE = regex.compile(r"^(?P<num>[a-zđ])\)\s*(?=\S)")
BULLET_RE = regex.compile(r"^(?P<num>[-+•–])\s+(?=\S)")


def opens_block(line: str) -> bool:
    """True if ``line`` starts a heading, a list item or a bullet."""
    return any(p.match(line) for p in (ROMAN_RE, ARABIC_RE, LETTER_RE, BULLET_RE))


def starts_lower(line: str) -> bool:
    return bool(line) and line[0].islower()
