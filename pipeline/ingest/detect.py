"""Which encoding a text file is in, decided by what reads as Vietnamese.

A file's bytes are tried as Unicode first (BOM, UTF-16 by its NUL bytes,
UTF-8). Bytes that are not UTF-8 are decoded as every legacy charset and the
reading with the most valid Vietnamese syllables wins. Plain UTF-8 is never
re-read as a legacy charset: only pure-ASCII text full of VIQR marks is.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from chitieu.pipeline.errors import InputError
from chitieu.pipeline.ingest import charsets

#: Tried in this order; on a tie the earlier one wins.
LEGACY: dict[str, Callable[[bytes], str]] = {
    "cp1258": charsets.decode_cp1258,
    "tcvn3": charsets.decode_tcvn3,
    "vni": charsets.decode_vni,
}

#: Enough text to tell the charsets apart; scoring more only costs time.
SAMPLE_BYTES = 64 * 1024

#: Real Vietnamese text scores about 0.99; a wrong charset well under this.
GOOD_SCORE = 0.8

#: A Vietnamese syllable with its tone removed (lower case).
SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?"
)
#: Runs of text between spaces, ASCII punctuation and digits: a stray symbol
#: from a wrong charset stays inside its word and spoils it.
WORD = regex.compile(r"[^\s!-@\[-`{-~]+")
VIQR_MARKED = regex.compile(r"[aeiouyAEIOUY][\^(+'`~]")
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def is_syllable(word: str) -> bool:
    parts = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in parts if c in charsets.TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in charsets.TONES))
    return SYLLABLE.fullmatch(bare) is not None


def vietnamese_score(text: str) -> float:
    """Share of the words with a non-ASCII letter that are Vietnamese syllables."""
    words = [w for w in WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    return sum(map(is_syllable, words)) / len(words) if words else 0.0


def looks_like_viqr(text: str) -> bool:
    words = text.split()
    return len(words) >= 5 and sum(1 for w in words if VIQR_MARKED.search(w)) >= 0.15 * len(words)


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or data.count(0) < 0.3 * len(data):
        return None
    odd_nuls = data[1::2].count(0)
    encoding = "utf-16-le" if odd_nuls > data[0::2].count(0) else "utf-16-be"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes) -> Decoded:
    """The text of ``data``, in whichever supported encoding it is."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.removesuffix("-sig"))
            except UnicodeDecodeError as exc:
                raise InputError(f"the text starts with a {encoding} mark but is not valid {encoding}") from exc
    wide = _utf16_without_bom(data)
    if wide is not None:
        return Decoded(wide, "utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_non_utf8(data)
    if text.isascii() and looks_like_viqr(text):
        return Decoded(charsets.decode_viqr(text), "viqr")
    return Decoded(text, "utf-8")


def _font_bytes(text: str) -> bytes | None:
    """The 8-bit codes a legacy font drew, from text extracted as Latin-1 or
    CP1252 letters ("KÕt qu¶" is TCVN3 for "Kết quả"); None if it cannot be."""
    out = bytearray()
    for char in text:
        if ord(char) < 256:
            out.append(ord(char))
        else:
            try:
                out += char.encode("cp1252")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def repair_legacy_fonts(lines: list[str]) -> list[str]:
    """Lines typed in .VnTime or VNI-Times fonts, extracted from a PDF or Word
    file as Latin-1 letters, read in their real charset. Only lines that read
    badly as they are and could be such letters change: a Unicode header on
    the same page stays as it is."""
    suspect = [
        index
        for index, line in enumerate(lines)
        if not line.isascii() and _font_bytes(line) is not None and vietnamese_score(line) < GOOD_SCORE
    ]
    sample = _font_bytes("\n".join(lines[i] for i in suspect)[:SAMPLE_BYTES])
    if not sample:
        return lines
    score, charset = max((vietnamese_score(decode(sample)), name) for name, decode in LEGACY.items())
    if score < GOOD_SCORE:
        return lines
    repaired = list(lines)
    for index in suspect:
        repaired[index] = LEGACY[charset](_font_bytes(lines[index]) or b"")
    return repaired


def _decode_non_utf8(data: bytes) -> Decoded:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if not c.isascii()) - bad
    warning = f"{bad} byte(s) that are not valid UTF-8 were replaced with U+FFFD"
    if good >= 20 * bad:
        return Decoded(text, "utf-8", [warning])
    sample = data[:SAMPLE_BYTES]
    scores = {name: (vietnamese_score(decode(sample)), name) for name, decode in LEGACY.items()}
    score, best = max(scores.values(), key=lambda pair: pair[0])
    as_utf8 = vietnamese_score(text[: len(sample)])
    if as_utf8 >= GOOD_SCORE and as_utf8 > score:  # a short UTF-8 text with a few bad bytes
        return Decoded(text, "utf-8", [warning])
    if score < 0.5:
        raise InputError(
            "the text's encoding is not recognised (not UTF-8, UTF-16, CP1258, TCVN3, VNI or VIQR Vietnamese)"
        )
    return Decoded(LEGACY[best](data), best)
