import pytest

from chitieu.pipeline.ingest.numbers import repair_numbers


@pytest.mark.parametrize(
    ("ocr_text", "repaired"),
    [
        ("tỷ lệ 4, l 2% năm", "tỷ lệ 4,12% năm"),
        ("có 293. 132 người", "có 293.132 người"),
        ("đạt l5O hộ", "đạt 150 hộ"),
        ("mã 2O2l", "mã 2021"),
        ("1.2OO.5OO đồng", "1.200.500 đồng"),
        ("giảm 3, 5 %", "giảm 3,5 %"),
        # Left alone: words, lists of small numbers, an ordinary number.
        ("lo lắng Ong Ilo", "lo lắng Ong Ilo"),
        ("các xã 4, 12 và 15", "các xã 4, 12 và 15"),
        ("năm 2024 có 17 xã", "năm 2024 có 17 xã"),
    ],
)
def test_repair_numbers(ocr_text, repaired):
    assert repair_numbers(ocr_text) == repaired
