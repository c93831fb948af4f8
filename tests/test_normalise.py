"""Normalise stage: NFC, look-alike fixes, Markdown removed, wrapped lines re-joined."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from chitieu.pipeline.document import Document
from chitieu.pipeline.normalise import Normalise, clean_line, normalise_pages


def normalised(*pages: str) -> Document:
    doc = Document("d", Path("d.pdf"), raw_pages=list(pages), paged=len(pages) > 1)
    return Normalise()(doc)


def test_decomposed_unicode_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Tỷ lệ hộ nghèo giảm còn 3,1%")
    assert clean_line(nfd) == "Tỷ lệ hộ nghèo giảm còn 3,1%"
    assert unicodedata.is_normalized("NFC", clean_line(nfd))


def test_look_alike_characters_and_invisible_ones_are_fixed() -> None:
    assert clean_line("Quyết định số 12/QÐ-UBND\u00a0ngày 3/4/2018\u200b") == "Quyết định số 12/QĐ-UBND ngày 3/4/2018"


def test_markdown_headings_and_emphasis_are_removed() -> None:
    assert clean_line("### **2. Triển khai hoạt động xây dựng cộng đồng năng động**") == (
        "2. Triển khai hoạt động xây dựng cộng đồng năng động"
    )
    assert clean_line("#### ***4.3. Cộng đồng bền vững***") == "4.3. Cộng đồng bền vững"
    assert (
        clean_line("gửi về Bộ **trước ngày 10/12/2023** để tổng hợp") == "gửi về Bộ trước ngày 10/12/2023 để tổng hợp"
    )


WRAPPED = """\
II. KẾT QUẢ THỰC HIỆN.

1. Công tác giảm nghèo và chăm lo cho các đối tượng chính sách trên

địa bàn huyện:

Theo kết quả rà soát cuối năm 2021, toàn huyện có 3.214 hộ nghèo, chiếm tỷ lệ

8,41%, hộ cận nghèo 1.905 hộ chiếm tỷ lệ 4,98%; đã vận động xây dựng mới 36

căn nhà đại đoàn kết cho hộ nghèo ở các xã Tân Thành, Phú Thuận và Long Khánh

với tổng kinh phí 1.620 triệu đồng.

2. Công tác đào tạo nghề:

- Mở 12 lớp dạy nghề cho lao động nông thôn với 356 học viên tham gia, tập trung vào

nghề may công nghiệp, sửa chữa máy nông nghiệp và chế biến thủy sản tại địa phương.
"""


def test_hard_wrapped_lines_are_rejoined_into_paragraphs_with_one_space() -> None:
    doc = normalised(WRAPPED)
    assert doc.text.splitlines() == [
        "II. KẾT QUẢ THỰC HIỆN.",
        "1. Công tác giảm nghèo và chăm lo cho các đối tượng chính sách trên địa bàn huyện:",
        "Theo kết quả rà soát cuối năm 2021, toàn huyện có 3.214 hộ nghèo, chiếm tỷ lệ 8,41%, hộ cận nghèo"
        " 1.905 hộ chiếm tỷ lệ 4,98%; đã vận động xây dựng mới 36 căn nhà đại đoàn kết cho hộ nghèo ở các xã"
        " Tân Thành, Phú Thuận và Long Khánh với tổng kinh phí 1.620 triệu đồng.",
        "2. Công tác đào tạo nghề:",
        "- Mở 12 lớp dạy nghề cho lao động nông thôn với 356 học viên tham gia, tập trung vào nghề may công"
        " nghiệp, sửa chữa máy nông nghiệp và chế biến thủy sản tại địa phương.",
    ]


def test_a_line_opening_with_a_number_that_is_not_a_heading_is_joined() -> None:
    raw = "toàn tỉnh còn\n1.946 hộ nghèo, giảm 0,8% so với năm trước."
    text, _, _ = normalise_pages([raw], reflow=Normalise().reflow)
    assert text == "toàn tỉnh còn 1.946 hộ nghèo, giảm 0,8% so với năm trước.\n"


def test_paragraphs_of_unwrapped_text_stay_apart() -> None:
    doc = normalised("Kính gửi: Sở Lao động - Thương binh và Xã hội\n\nCăn cứ Kế hoạch số 15/KH-UBND\n\nI. MỤC TIÊU\n")
    assert doc.text == "Kính gửi: Sở Lao động - Thương binh và Xã hội\nCăn cứ Kế hoạch số 15/KH-UBND\nI. MỤC TIÊU\n"


def test_page_spans_follow_the_text_and_a_paragraph_may_cross_a_page() -> None:
    doc = normalised("I. KẾT QUẢ\nĐã cấp 2.450 thẻ bảo hiểm y tế cho\n", "người nghèo.\n2. Tồn tại\n")
    assert doc.text == "I. KẾT QUẢ\nĐã cấp 2.450 thẻ bảo hiểm y tế cho người nghèo.\n2. Tồn tại\n"
    first, second = doc.pages
    assert (first.number, first.char_start, second.number) == (1, 0, 2)
    assert doc.text[second.char_start :].startswith("người nghèo.")
    assert doc.page_at(doc.text.index("2.450")) == 1
    assert doc.page_at(doc.text.index("Tồn tại")) == 2
