"""Any value, written the Vietnamese way, is read back exactly."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from chitieu.extractors.figures import FigureFinder
from chitieu.extractors.numbers import format_number, parse_decimal

FINDER = FigureFinder()
SCALES = {"": 1, "nghìn ": 10**3, "ngàn ": 10**3, "triệu ": 10**6, "tỷ ": 10**9, "tỉ ": 10**9}
MONEY = ["đồng", "VNĐ", "VND", "đ"]
COUNTED = ["hộ", "người", "lượt", "học viên", "thẻ", "căn nhà"]

decimals = st.integers(min_value=0, max_value=3)
values = st.tuples(st.integers(min_value=0, max_value=10**12), decimals).map(
    lambda p: (Decimal(p[0]).scaleb(-p[1]), p[1])
)


@given(values)
def test_format_then_parse_is_exact(written: tuple[Decimal, int]) -> None:
    value, places = written
    assert parse_decimal(format_number(value, places)) == value


@given(values, st.sampled_from(sorted(SCALES)), st.sampled_from(MONEY))
def test_amounts_of_money_are_read_exactly(written: tuple[Decimal, int], scale: str, marker: str) -> None:
    value, places = written
    text = f"Tổng kinh phí hỗ trợ là {format_number(value, places)} {scale}{marker} trong năm."
    [found] = FINDER.find(text)
    assert found.unit == "vnd"
    assert found.value == float(value * SCALES[scale])


@given(values, st.sampled_from(COUNTED))
def test_percentages_and_counts_are_read_exactly(written: tuple[Decimal, int], noun: str) -> None:
    value, places = written
    number = format_number(value, places)
    [rate, count] = FINDER.find(f"Tỷ lệ đạt {number}%, với {number} {noun} tham gia.")
    assert (rate.unit, rate.value) == ("percent", float(value))
    assert (count.unit, count.value) == ("count", float(value))


@given(values, values)
def test_ranges_and_ratios_keep_both_ends(low: tuple[Decimal, int], high: tuple[Decimal, int]) -> None:
    (a, a_places), (b, b_places) = sorted([low, high])
    first, second = format_number(a, a_places), format_number(b, b_places)
    found = FINDER.find(f"Giảm từ {first} - {second}% mỗi năm.")
    if a < b:
        assert [(f.value, f.value_max) for f in found] == [(float(a), float(b))]
    part, whole = a.to_integral_value(), b.to_integral_value()
    [ratio] = FINDER.find(f"Có {format_number(part)}/{format_number(whole)} xã đạt chuẩn.")
    assert (ratio.value, ratio.denominator) == (float(part), float(whole))
