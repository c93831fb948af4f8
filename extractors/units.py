"""The table of units (``lexicons/units.toml``), checked when it is loaded.

Every unit a figure can carry is an entry there: its code, its spellings, its kind
and whether a scale word may stand before it. The finder (``extractors/figures.py``)
builds its patterns from this table, so a new measure or currency is a new entry and
no code changes. A malformed entry stops the load with a message that names it.
"""

from __future__ import annotations

import itertools
import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import regex

from chitieu.lexicons import LEXICON_DIR, LexiconError
from chitieu.pipeline.textutil import squash

KINDS = ("percent", "pp", "permille", "money", "count", "measure", "times", "ratio", "point", "rank")
#: Kinds that need no spelling: a counting word or a fraction decides them.
UNWRITTEN = ("count", "ratio")
QUALIFIERS = ("over", "under", "approx", "at_least", "at_most")
_FIELDS = {
    "code", "kind", "spellings", "symbols", "scaled", "cues", "not_followed_by", "yields_to_noun", "prefixes",
    "ocr_missing_marks",
}  # fmt: skip


@dataclass(frozen=True)
class UnitSpec:
    """One entry of the table."""

    code: str
    kind: str
    spellings: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    scaled: bool = False
    cues: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()
    yields_to_noun: bool = False
    prefixes: tuple[str, ...] = ()
    ocr_missing_marks: bool = False  # in OCR'd text its spellings match with diacritics missing


@dataclass
class UnitTable:
    """All units, the scale words, the signs and the `per` vocabulary."""

    units: list[UnitSpec]
    scale: dict[str, Decimal]
    signs: dict[str, str]  # sign -> qualifier
    per_links: list[str]
    per_words: list[str]
    per_capita: list[str]
    per_capita_per: str
    by_spelling: dict[str, UnitSpec] = field(init=False)  # squashed spelling -> unit
    by_symbol: dict[str, UnitSpec] = field(init=False)  # exact symbol -> unit
    by_prefix: dict[str, UnitSpec] = field(init=False)
    by_unmarked: dict[str, UnitSpec] = field(init=False)  # spelling without diacritics -> unit, for OCR'd text

    def __post_init__(self) -> None:
        self.by_spelling, self.by_symbol, self.by_prefix, self.by_unmarked = {}, {}, {}, {}
        for unit in self.units:
            for index, words in ((self.by_spelling, unit.spellings), (self.by_prefix, unit.prefixes)):
                for word in words:
                    _claim(index, squash(word), unit)
            if unit.ocr_missing_marks:
                for word in unit.spellings:
                    _claim(self.by_unmarked, unmarked(squash(word)), unit)
            for symbol in unit.symbols:
                _claim(self.by_symbol, symbol, unit)

    def of_kind(self, kind: str) -> UnitSpec:
        """The first unit of ``kind`` (the table must hold one)."""
        return next(unit for unit in self.units if unit.kind == kind)

    @classmethod
    def from_file(cls, path: Path | None = None) -> UnitTable:
        """Read and check ``path`` (default ``lexicons/units.toml``)."""
        path = path or LEXICON_DIR / "units.toml"
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        return cls.from_data(data, str(path))

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str = "units.toml") -> UnitTable:
        try:
            units = [_unit(entry, number) for number, entry in enumerate(data["unit"], 1)]
            for kind in UNWRITTEN:
                if not any(unit.kind == kind for unit in units):
                    raise LexiconError(f"no [[unit]] of kind {kind!r}")
            per = data["per"]
            return cls(
                units=units,
                scale={squash(word): Decimal(str(value)) for word, value in data["scale"].items()},
                signs=_signs(data["signs"]),
                per_links=list(per["links"]),
                per_words=list(per["words"]),
                per_capita=list(per["per_capita"]),
                per_capita_per=per["per_capita_per"],
            )
        except KeyError as missing:
            raise LexiconError(f"{source}: missing {missing}") from None
        except LexiconError as error:
            raise LexiconError(f"{source}: {error}") from None


def _unit(entry: dict[str, Any], number: int) -> UnitSpec:
    name = f"[[unit]] #{number} ({entry.get('code', 'no code')!s})"
    if unknown := set(entry) - _FIELDS:
        raise LexiconError(f"{name}: unknown field(s) {', '.join(sorted(unknown))}")
    if not isinstance(entry.get("code"), str) or not entry["code"].strip():
        raise LexiconError(f"{name}: `code` must be a non-empty string")
    if entry.get("kind") not in KINDS:
        raise LexiconError(f"{name}: `kind` is {entry.get('kind')!r}, expected one of {', '.join(KINDS)}")
    lists = {}
    for key in ("spellings", "symbols", "cues", "not_followed_by", "prefixes"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(word, str) and word.strip() for word in value):
            raise LexiconError(f"{name}: `{key}` must be a list of non-empty strings")
        lists[key] = tuple(value)
    for key in ("scaled", "yields_to_noun", "ocr_missing_marks"):
        if not isinstance(entry.get(key, False), bool):
            raise LexiconError(f"{name}: `{key}` must be true or false")
    written = lists["spellings"] or lists["symbols"] or lists["prefixes"]
    if not written and entry["kind"] not in UNWRITTEN:
        raise LexiconError(f"{name}: a unit of kind {entry['kind']!r} needs `spellings`, `symbols` or `prefixes`")
    return UnitSpec(
        entry["code"],
        entry["kind"],
        scaled=entry.get("scaled", False),
        yields_to_noun=entry.get("yields_to_noun", False),
        ocr_missing_marks=entry.get("ocr_missing_marks", False),
        **lists,
    )


def _signs(table: dict[str, list[str]]) -> dict[str, str]:
    signs: dict[str, str] = {}
    for qualifier, marks in table.items():
        if qualifier not in QUALIFIERS:
            raise LexiconError(f"[signs]: {qualifier!r} is no qualifier ({', '.join(QUALIFIERS)})")
        for mark in marks:
            _claim(signs, mark, qualifier)
    return signs


def _claim(index: dict[str, Any], key: str, owner: Any) -> None:
    """Each spelling, symbol or sign belongs to one unit only."""
    if key in index and index[key] != owner:
        first = getattr(index[key], "code", index[key])
        raise LexiconError(f"{key!r} is listed under both {first!r} and {getattr(owner, 'code', owner)!r}")
    index[key] = owner


def unmarked(text: str) -> str:
    """``text`` without its diacritics (tone marks, circumflex, breve, horn); "đ" stays."""
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    )


def _marks_missing(char: str) -> str:
    """A regex for ``char`` or ``char`` with some of its diacritics left off: "ồ" → [oòôồ]."""
    base, *marks = unicodedata.normalize("NFD", char)
    forms = {char}
    for kept in itertools.product((False, True), repeat=len(marks)):
        form = unicodedata.normalize("NFC", base + "".join(m for m, keep in zip(marks, kept, strict=True) if keep))
        if len(form) == 1:
            forms.add(form)
    return f"[{''.join(sorted(forms))}]" if len(forms) > 1 else regex.escape(char)


def missing_marks_alternation(phrases: list[str] | dict[str, Any]) -> str:
    """A regex alternation of ``phrases`` that also matches them with diacritics
    missing, as OCR often reads them ("đông", "đong" for "đồng"), longest first."""
    unique = sorted(set(phrases), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join("".join(map(_marks_missing, part)) for part in phrase.split()) for phrase in unique)
