"""The shapes of Vietnamese numbers, read exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chitieu.extractors.numbers import RATIO, TOKEN, format_number, is_number, parse_decimal, parse_number


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("7", Decimal(7)),
        ("05", Decimal(5)),
        ("1.283", Decimal(1283)),
        ("45.843.045.000", Decimal(45843045000)),
        ("14.556,24", Decimal("14556.24")),
        ("2,0", Decimal("2.0")),
        ("0,95", Decimal("0.95")),
        ("1000", Decimal(1000)),
    ],
)
def test_well_formed_numbers(token: str, value: Decimal) -> None:
    assert is_number(token)
    assert parse_decimal(token) == value


@pytest.mark.parametrize("token", ["0962.332.858", "1.2", "4.2", "12.34.567", "26/1/2016", "1,2,3", "0243.826.4222"])
def test_other_shapes_are_not_numbers(token: str) -> None:
    assert not is_number(token)
    with pytest.raises(ValueError):
        parse_decimal(token)


def test_scale_multiplies_exactly() -> None:
    assert parse_number("105,2", 10**9) == 105_200_000_000
    assert parse_number("14.556,24", 10**6) == 14_556_240_000


def test_tokens_take_the_whole_written_number() -> None:
    text = "có 17.587/20.487 gia đình, 1.946 hộ, ngày 26/1/2016, mã A12"
    assert [m.group() for m in TOKEN.finditer(text)] == ["17.587/20.487", "1.946", "26/1/2016"]
    assert RATIO.fullmatch("17.587/20.487")["whole"] == "20.487"


def test_format_writes_the_vietnamese_way() -> None:
    assert format_number(Decimal("1234567.891"), 2) == "1.234.567,89"
    assert format_number(Decimal(12), 0) == "12"
