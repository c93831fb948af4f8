"""Time phrases, shared by the document's period and each figure's period."""

from __future__ import annotations

import pytest

from chitieu.pipeline.periods import find_periods


@pytest.mark.parametrize(
    ("text", "report_year", "expected"),
    [
        ("Kết quả giai đoạn 2011 - 2015 của tỉnh", 2016, [("span", "", "2011/2015")]),
        ("từ năm 2019 đến năm 2021, huyện đã", None, [("span", "", "2019/2021")]),
        ("Từ năm 2018 đến nay đã hỗ trợ", 2023, [("since", "", "2018/2023")]),
        ("đến hết năm 2022, toàn tỉnh còn", None, [("year", "đến hết năm", "2022")]),
        ("Đầu năm 2021 và cuối năm 2023", None, [("year", "đầu năm", "2021"), ("year", "cuối năm", "2023")]),
        ("Công văn ngày 14 tháng 7 năm 2022 của Sở", 2023, []),  # the year of a date
        ("trong thời kỳ 2021–2030, tỉnh", None, [("span", "", "2021/2030")]),
        ("Kế hoạch 2025 - 2021 sai thứ tự", None, []),  # a span runs forwards
        ("Trong tháng 9/2024, tiếp nhận", None, [("year", "tháng", "2024")]),  # a month of one year
        ("kết quả quý II năm 2023 của huyện", None, [("year", "quý", "2023")]),
        ("ký ngày 5 tháng 9 năm 2024 tại", None, []),  # a date's month is no period
    ],
)
def test_time_phrases_and_how_they_resolve(text: str, report_year: int | None, expected: list) -> None:
    assert [(m.kind, m.cue, m.resolve(report_year)) for m in find_periods(text)] == expected
