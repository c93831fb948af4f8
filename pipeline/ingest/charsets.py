"""Legacy Vietnamese encodings: TCVN3 (TCVN 5712), VNI Windows, VIQR, CP1258.

Reports typed in the 1990s–2010s fonts (.VnTime, VNI-Times) or sent through
ASCII-only mail (VIQR) still circulate. Python has only CP1258, so the other
three are tables here. Each has a decoder (what ingest uses) and an encoder
(what the tests use to rebuild the corpus in that encoding); a character an
encoding cannot hold is written as its nearest ASCII stand-in.
"""

from __future__ import annotations

import unicodedata

import regex

#: Tone marks (combining), in the order sắc, huyền, hỏi, ngã, nặng.
TONES = "\u0301\u0300\u0309\u0303\u0323"

#: Stand-ins for punctuation outside every legacy charset.
ASCII_STAND_INS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "₂": "2"})


def split_tone(char: str) -> tuple[str, str]:
    """("ế") -> ("ê", "\u0301"): the letter without its tone, and the tone."""
    parts = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in parts if c in TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
    return base, tone


# --- TCVN3 / TCVN 5712:1993 (VN1, a superset of the "ABC" VN3 fonts) ----------

_TCVN_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x80-0x9f
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xa0-0xbf
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"  # 0xc0-0xdf
    "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"  # 0xe0-0xff
)
_TCVN_LOW = {0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự",
             0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ"}  # fmt: skip
TCVN3_DECODE = {**{i: chr(i) for i in range(128)}, **_TCVN_LOW, **{0x80 + i: c for i, c in enumerate(_TCVN_HIGH)}}
_TCVN_ENCODE = {c: i for i, c in TCVN3_DECODE.items() if not ("\u0300" <= c <= "\u0323")}


def decode_tcvn3(data: bytes) -> str:
    return unicodedata.normalize("NFC", "".join(TCVN3_DECODE[b] for b in data))


def encode_tcvn3(text: str) -> bytes:
    out = bytearray()
    for char in unicodedata.normalize("NFC", text.translate(ASCII_STAND_INS)):
        if char in _TCVN_ENCODE:
            out.append(_TCVN_ENCODE[char])
        else:
            out += _ascii(char).encode("ascii")
    return bytes(out)


# --- VNI Windows (VNI-Times fonts): a base letter followed by mark letters ----

#: Vowel -> its VNI spelling without tone, then the five tone suffixes.
_VNI_PLAIN_TONES = ("ù", "ø", "û", "õ", "ï")
_VNI_VOWELS = {
    "a": ("a", _VNI_PLAIN_TONES),
    "â": ("a", ("aâ", "aá", "aà", "aå", "aã", "aä")),
    "ă": ("a", ("aê", "aé", "aè", "aú", "aü", "aë")),
    "e": ("e", _VNI_PLAIN_TONES),
    "ê": ("e", ("eâ", "eá", "eà", "eå", "eã", "eä")),
    "o": ("o", _VNI_PLAIN_TONES),
    "ô": ("o", ("oâ", "oá", "oà", "oå", "oã", "oä")),
    "ơ": ("ô", _VNI_PLAIN_TONES),
    "u": ("u", _VNI_PLAIN_TONES),
    "ư": ("ö", _VNI_PLAIN_TONES),
    "y": ("y", ("y", "yù", "yø", "yû", "yõ", "î")),
    "i": ("i", ("i", "í", "ì", "æ", "ó", "ò")),
}


def _vni_table() -> dict[str, str]:
    """Unicode letter (NFC, both cases) -> VNI spelling."""
    table = {"đ": "ñ", "Đ": "Ñ"}
    for vowel, (base, spellings) in _VNI_VOWELS.items():
        if len(spellings) == 5:  # plain vowel: base + tone suffix
            spellings = (base, *(base + tone for tone in spellings))
        for tone, spelling in zip(("", *TONES), spellings, strict=True):
            letter = unicodedata.normalize("NFC", vowel + tone)
            table[letter] = spelling
            table[letter.upper()] = spelling.upper()
    return table


_VNI_ENCODE = _vni_table()
_VNI_DECODE = {v: k for k, v in _VNI_ENCODE.items() if v != k}
# Mark letters typed in the other case than their vowel ("Aù") read the same.
_VNI_DECODE.update(
    {v[0] + v[1:].swapcase(): k for k, v in _VNI_ENCODE.items() if len(v) == 2 and v[0].isalpha() and v != k}
)
_VNI_PATTERN = regex.compile("|".join(regex.escape(s) for s in sorted(_VNI_DECODE, key=len, reverse=True)))


def vni_to_unicode(text: str) -> str:
    """VNI spellings (as the Latin-1 letters the font draws over) -> Unicode."""
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text)


def decode_vni(data: bytes) -> str:
    return vni_to_unicode(data.decode("latin-1"))


def encode_vni(text: str) -> bytes:
    text = unicodedata.normalize("NFC", text.translate(ASCII_STAND_INS))
    return "".join(_VNI_ENCODE.get(c, c if c.isascii() else _ascii(c)) for c in text).encode("latin-1")


# --- CP1258: Windows Vietnamese, tones often as combining marks ---------------


def decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def encode_cp1258(text: str) -> bytes:
    out = bytearray()
    for char in unicodedata.normalize("NFC", text.translate(ASCII_STAND_INS)):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, tone = split_tone(char)
            try:
                out += (base + tone).encode("cp1258")
            except UnicodeEncodeError:
                out += _ascii(char).encode("ascii")
    return bytes(out)


# --- VIQR (RFC 1456): ASCII marks after the vowel, "dd" for đ ------------------

_VIQR_MODIFIERS = {"\u0302": "^", "\u0306": "(", "\u031b": "+"}
_VIQR_TONES = dict(zip(TONES, "'`?~.", strict=True))
_VIQR_MARKS = "^(+'`?~."
_VIQR_VOWEL = r"[aeiouyAEIOUY]"
#: A vowel, its modifier, its tone. Where the writer escaped literal marks
#: ("sau\\."), every other mark is a tone; otherwise a "." or "?" is a tone only
#: before a letter or before a space and a lower-case word.
_VIQR_LETTER = rf"(?P<v>{_VIQR_VOWEL})(?P<m>[\^(+])?"
_VIQR_STRICT = regex.compile(_VIQR_LETTER + r"(?P<t>['`~.?])?")
_VIQR_LOOSE = regex.compile(_VIQR_LETTER + r"(?P<t>['`~]|[.?](?=\p{L}|[ ]\p{Ll}))?")
_VIQR_DD = regex.compile(r"(?<!\p{Ll})DD|\bD[d-]|\bd[d-]")  # "QDD" is QĐ, "address" is not


_VIQR_VALID = {"^": "aeo", "(": "a", "+": "ou"}
_VIQR_COMBINING = {v: k for k, v in (_VIQR_MODIFIERS | _VIQR_TONES).items()}


def _viqr_letter(match: regex.Match) -> str:
    vowel, modifier, tone = match.group("v", "m", "t")
    if modifier and vowel.lower() not in _VIQR_VALID[modifier]:
        return match.group()  # not a Vietnamese letter: leave it as written
    marks = _VIQR_COMBINING.get(modifier or "", "") + _VIQR_COMBINING.get(tone or "", "")
    return unicodedata.normalize("NFC", vowel + marks)


def decode_viqr(text: str) -> str:
    """VIQR -> Unicode. ``\\`` before a mark keeps it as punctuation."""
    syllable = _VIQR_STRICT if regex.search(r"\\[.?]", text) else _VIQR_LOOSE
    pieces = regex.split(r"(\\[" + regex.escape(_VIQR_MARKS) + r"])", text)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(piece[1])
            continue
        piece = _VIQR_DD.sub(lambda m: "Đ" if m.group()[0] == "D" else "đ", piece)
        out.append(syllable.sub(_viqr_letter, piece))
    return "".join(out)


def encode_viqr(text: str) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text.translate(ASCII_STAND_INS)):
        if out and char in _VIQR_MARKS and out[-1][-1:] in "aeiouyAEIOUY^(+'`?~.":
            out.append("\\" + char)  # literal punctuation after a vowel
        elif char in "đĐ":
            out.append("dd" if char == "đ" else "DD")
        elif char.isascii():
            out.append(char)
        else:
            parts = unicodedata.normalize("NFD", char)
            marks = "".join(_VIQR_MODIFIERS.get(c, "") for c in parts)
            marks += "".join(_VIQR_TONES.get(c, "") for c in parts)
            out.append(parts[0] + marks if parts[0].isascii() else _ascii(char))
    return "".join(out)


def _ascii(char: str) -> str:
    """The nearest ASCII for a character an encoding cannot hold."""
    return unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?"
