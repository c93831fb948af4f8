"""Text patterns shared by the stages that read layout (normalise, structure).

Vietnamese outlines number their headings with Roman numerals ("I.", "IV."),
Arabic numbers ("1.", "4.1.", "4.2" without a dot), letters ("a)", "đ)"),
parts ("PHẦN I", "Phần thứ hai") and bullets ("-", "+").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

#: A valid Roman numeral from 1 to 89 (so that "CV." or "LĐ." are not numbers).
_ROMAN = r"(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})"

#: "I- KẾT QUẢ", "2 - Nội dung": a dash after a number, then a capital.
_DASH = r"\s*[-–]\s+(?=\p{Lu})"
#: Outline numbering that opens a heading or list item. A number may also stand
#: alone on its line ("II.", "1.", "a)"), its title on the next, as PDFs leave it.
ROMAN_RE = regex.compile(rf"^(?P<num>{_ROMAN})(?:[.)]\s*(?=\S)|/(?![vV]\b)\s*(?=\S)|{_DASH}|[.)]$)")
ARABIC_RE = regex.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[.)/]\s+(?=\S)|^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\s+(?=\p{Lu})"
    rf"|^(?P<num>\d{{1,2}}){_DASH}|^(?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})[.)]$"
)
LETTER_RE = regex.compile(r"^(?P<num>[a-zđ])(?:\)(?:\s*(?=\S)|$)|/\s+(?=\S))|^(?P<num>[a-hđ])\.\s+(?=\p{Lu})")
PART_RE = regex.compile(
    rf"^(?P<num>(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+(?:(?:THỨ|thứ)\s+\w+|{_ROMAN}|\d{{1,2}}))\b[.:]?\s*(?=\S)"
)
BULLET_RE = regex.compile(r"^(?P<num>[-+•–*])\s+(?=\S)")

#: Scheme names, in the order they are tried.
SCHEMES = (("part", PART_RE), ("roman", ROMAN_RE), ("arabic", ARABIC_RE), ("letter", LETTER_RE), ("bullet", BULLET_RE))


@dataclass(frozen=True)
class Numbering:
    """The outline number that opens a line, and the text after it."""

    scheme: str  # "part", "roman", "arabic1".."arabic4", "letter", "bullet-", "bullet+", ...
    number: str  # "II", "4.2", "a", "-", "Phần I"
    rest: str  # the line after the number


def numbering(line: str) -> Numbering | None:
    """The numbering that opens ``line``, or None for an unnumbered line."""
    for name, pattern in SCHEMES:
        match = pattern.match(line)
        if not match:
            continue
        number = match["num"]
        if name == "arabic":
            name = f"arabic{number.count('.') + 1}"
        elif name == "bullet":
            name = f"bullet{number}"
        return Numbering(name, number, line[match.end() :].strip())
    return None


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of ``phrases`` (from a lexicon), longest first so that
    "trên dưới" wins over "trên", any whitespace between their words."""
    unique = sorted(set(phrases), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(regex.escape(part) for part in phrase.split()) for phrase in unique)


def squash(text: str) -> str:
    """Lower case, single spaces: the key under which a matched phrase is looked up."""
    return " ".join(text.lower().split())


def opens_block(line: str) -> bool:
    """True if ``line`` starts a heading, a list item or a bullet."""
    return numbering(line) is not None


def starts_lower(line: str) -> bool:
    return bool(line) and line[0].islower()


def is_caps(text: str) -> bool:
    """True if every letter of ``text`` is a capital (and it has some letters)."""
    return len(text) >= 2 and text.isupper()


#: Tone marks placed the old way ("hoà", "tuỳ") and the way NFC text usually has them.
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE_RE = regex.compile(r"(?<![qQ])(?:" + "|".join(_OLD_TONES) + r")(?!\p{L})")


def fold(text: str) -> str:
    """Lower case with one tone placement, so that lexicon words match every spelling."""
    text = text.lower()
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group()], text)
