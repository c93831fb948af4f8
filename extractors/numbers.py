"""Vietnamese number formats: "." groups thousands, "," is the decimal mark.

Values are computed with ``Decimal`` so that "14.556,24 triệu" is exactly
14 556 240 000 and not a float rounding of it.
"""

from __future__ import annotations

from decimal import Decimal

import regex

#: A run of digits and separators as the text writes it ("1.283", "17.587/20.487",
#: "26/1/2016"); its shape decides what it is. Never glued to a word before it.
TOKEN = regex.compile(r"(?<![\w.,/])\d(?:[\d.,/]*\d)?")
#: A well-formed Vietnamese number: grouped thousands (no leading zero) or plain digits.
NUMBER = regex.compile(r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?")
#: "17.587/20.487": a part and its whole.
RATIO = regex.compile(rf"(?P<part>{NUMBER.pattern})/(?P<whole>{NUMBER.pattern})")
#: "98.5" with an English decimal point: never a thousands group (that has three
#: digits), so read as a decimal where a unit makes a fraction plausible ("98.5%").
DOT_DECIMAL = regex.compile(r"\d+\.\d{1,2}")
#: A plain four-digit year ("2025"): a time, not a quantity, unless a unit says otherwise.
YEAR = regex.compile(r"(?:19|20)\d{2}")


def is_number(token: str) -> bool:
    return NUMBER.fullmatch(token) is not None


def parse_decimal(token: str) -> Decimal:
    """The exact value of a well-formed number token ("14.556,24" -> 14556.24)."""
    if not is_number(token):
        raise ValueError(f"not a Vietnamese number: {token!r}")
    return Decimal(token.replace(".", "").replace(",", "."))


def parse_number(token: str, scale: Decimal | float | int = 1) -> float:
    """``token`` times ``scale`` as a float ("105,2", 10**9 -> 105200000000.0)."""
    return float(parse_decimal(token) * Decimal(scale))


def format_number(value: Decimal, decimals: int = 0) -> str:
    """Write ``value`` the Vietnamese way ("1.234.567,89"); used to test the parser."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
