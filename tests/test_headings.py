"""Headings weighed with typography: lines set bold, larger or in a heading
style, as PDF and DOCX show them, tell headings from numbered list items.

The texts are written for these tests, in the shapes real reports take.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu import lexicons
from chitieu.lexicons import LexiconError
from chitieu.pipeline.document import Document
from chitieu.pipeline.ingest import Ingest, pdf
from chitieu.pipeline.ingest.layout import LineStyle, Typography
from chitieu.pipeline.normalise import Normalise, normalise_pages
from chitieu.pipeline.structure import Structure
from tests.builders import build_docx, build_pdf

#: A numbered heading longer than any plain-text heading may be (max_heading_chars).
LONG_TITLE = (
    "Triển khai đồng bộ các giải pháp đào tạo nghề, giải quyết việc làm, hỗ trợ vay vốn tạo sinh kế, "
    "chuyển dịch cơ cấu lao động nông thôn gắn với phát triển hợp tác xã kiểu mới, làng nghề truyền thống, "
    "du lịch cộng đồng và đưa người lao động đi làm việc ở nước ngoài theo hợp đồng"
)
REPORT = [
    "BÁO CÁO",
    "Kết quả thực hiện chương trình việc làm năm 2024",
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/02/2024 của Ủy ban nhân dân huyện về giải quyết việc làm, "
    "Phòng Lao động - Thương binh và Xã hội báo cáo kết quả thực hiện trên địa bàn huyện như sau:",
    "I. KẾT QUẢ THỰC HIỆN",
    f"1. {LONG_TITLE}",
    "Trong năm, toàn huyện đã đào tạo nghề cho 1.240 lao động nông thôn, trong đó 610 lao động nữ; "
    "các xã phối hợp với doanh nghiệp trên địa bàn thực hiện các việc sau:",
    "1. Tổ chức 14 phiên giao dịch việc làm",
    "2. Mở 35 lớp dạy nghề ngắn hạn; hỗ trợ 1.050 học viên.",
    "Tỷ lệ lao động qua đào tạo đạt 68,5%, vượt 1,5% so với kế hoạch năm và tăng 2,1% so với năm trước, "
    "nhờ các lớp dạy nghề được mở ngay tại thôn, buôn.",
    "2. Hỗ trợ người lao động đi làm việc ở nước ngoài",
    "Đã có 86 lao động xuất cảnh làm việc theo hợp đồng, tăng 12 người so với năm trước; thu nhập bình "
    "quân của người lao động đạt 25 triệu đồng/tháng.",
    "3. Cho vay giải quyết việc làm",
    "Ngân hàng Chính sách xã hội huyện đã giải ngân 18,6 tỷ đồng cho 412 hộ vay vốn tạo việc làm, "
    "thu hút thêm 530 lao động vào làm việc tại các cơ sở sản xuất.",
    "II. PHƯƠNG HƯỚNG NĂM 2025",
    "1. Mục tiêu",
    "Phấn đấu giải quyết việc làm mới cho 2.500 lao động trong năm tới, đưa tỷ lệ lao động qua đào tạo "
    "lên 70% và tỷ lệ thất nghiệp ở khu vực thành thị xuống dưới 3%.",
    "Nhiệm vụ trọng tâm",
    "Tiếp tục mở rộng các lớp đào tạo nghề gắn với nhu cầu của doanh nghiệp trên địa bàn, chú trọng "
    "lao động là người dân tộc thiểu số và lao động nữ ở các xã vùng sâu.",
]
#: The lines set apart: the title block, every heading, and the unnumbered "Nhiệm vụ trọng tâm".
SET_APART = {0, 1, 3, 4, 9, 11, 13, 14, 16}
WITH_TYPOGRAPHY = [
    ("I", "KẾT QUẢ THỰC HIỆN"),
    ("I > 1", LONG_TITLE),
    ("I > 2", "Hỗ trợ người lao động đi làm việc ở nước ngoài"),
    ("I > 3", "Cho vay giải quyết việc làm"),
    ("II", "PHƯƠNG HƯỚNG NĂM 2025"),
    ("II > 1", "Mục tiêu"),
    ("II > 1 > Nhiệm vụ trọng tâm", "Nhiệm vụ trọng tâm"),
]
#: What the text alone says: the long heading is a paragraph, the list item a heading.
TEXT_ONLY = [
    ("I", "KẾT QUẢ THỰC HIỆN"),
    ("I > 1", "Tổ chức 14 phiên giao dịch việc làm"),
    ("I > 2", "Hỗ trợ người lao động đi làm việc ở nước ngoài"),
    ("I > 3", "Cho vay giải quyết việc làm"),
    ("II", "PHƯƠNG HƯỚNG NĂM 2025"),
    ("II > 1", "Mục tiêu"),
]


def tree(doc: Document) -> list[tuple[str, str]]:
    return [(section.path, section.title) for section in doc.sections]


def read(path: Path, **settings: object) -> Document:
    doc = Ingest(**settings)(Document(path.stem, path))
    return Structure()(Normalise()(doc))


def page_marks(lines: list[str], set_apart: set[int]) -> tuple[str, list[tuple[int, int]]]:
    """The lines as one raw page, and the spans of the ``set_apart`` lines as ingest marks them."""
    starts = [sum(len(line) + 1 for line in lines[:index]) for index in range(len(lines))]
    return "\n".join(lines), [(starts[i], starts[i] + len(lines[i])) for i in sorted(set_apart)]


def marked(lines: list[str], set_apart: set[int]) -> Document:
    """The lines as one page, with ``set_apart`` lines marked as ingest marks them."""
    page, spans = page_marks(lines, set_apart)
    return Structure()(Normalise()(Document("t", Path("t.pdf"), raw_pages=[page], raw_emphasis=[spans])))


def assert_list_items_in_first_heading(doc: Document) -> None:
    for item in ("14 phiên giao dịch", "35 lớp dạy nghề", "68,5%"):
        assert doc.section_at(doc.text.index(item)).path == "I > 1"


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
def test_bold_lines_of_a_pdf_decide_headings_with_either_reader(tmp_path: Path, engine: str) -> None:
    path = build_pdf(tmp_path / "viec-lam.pdf", REPORT, bold=SET_APART)
    doc = read(path, pdf_engine=engine, pdf_tables=False, ocr=False)
    assert tree(doc) == WITH_TYPOGRAPHY
    assert_list_items_in_first_heading(doc)
    heading = doc.text.index(LONG_TITLE[:40]) - len("1. ")
    assert (heading, heading + len("1. ") + len(LONG_TITLE)) in doc.emphasis  # its wrapped lines, one span


def test_the_same_pdf_without_bold_is_read_from_its_text_alone(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "viec-lam.pdf", REPORT)
    doc = read(path, pdf_engine="pypdfium2", pdf_tables=False, ocr=False)
    assert doc.emphasis == []
    assert tree(doc) == TEXT_ONLY


def test_both_pdf_readers_set_apart_the_same_lines(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "viec-lam.pdf", REPORT, bold=SET_APART, running=False)
    slow, fast = pdf.plumber_pages(path), pdf.pdfium_pages(path)
    (slow_lines, slow_styles), (fast_lines, fast_styles) = next(slow), next(fast)
    typography = Typography()
    [slow_marks], [fast_marks] = typography.set_apart([slow_styles]), typography.set_apart([fast_styles])
    assert [slow_lines[i][0].strip() for i in sorted(slow_marks)] == [
        fast_lines[i][0].strip() for i in sorted(fast_marks)
    ]
    assert [slow_lines[i][0] for i in sorted(slow_marks)][:2] == ["BÁO CÁO", REPORT[1]]


def test_bold_runs_and_heading_styles_of_a_docx_decide_headings(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "viec-lam.docx", REPORT, bold=SET_APART - {3, 13}, headings={3, 13})
    doc = read(path)
    assert tree(doc) == WITH_TYPOGRAPHY
    assert_list_items_in_first_heading(doc)


@pytest.mark.parametrize("prefixes", [[], ["heading", ""], "heading", None])
def test_heading_style_prefixes_that_cannot_be_used_are_refused(
    monkeypatch: pytest.MonkeyPatch, prefixes: object
) -> None:
    emphasis = {} if prefixes is None else {"heading_style_prefixes": prefixes}
    monkeypatch.setattr(lexicons, "load", lambda name: {"emphasis": emphasis})
    with pytest.raises(LexiconError, match=r"structure.toml: `emphasis.heading_style_prefixes` must be a non-empty"):
        lexicons.word_list("structure", "emphasis", "heading_style_prefixes")


def test_a_numbered_line_set_apart_is_a_heading_however_long() -> None:
    lines = [
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/02/2024 của Ủy ban nhân dân huyện, Phòng báo cáo như sau:",
        f"1. {LONG_TITLE}",
        "Toàn huyện đã đào tạo nghề cho 1.240 lao động nông thôn, trong đó 610 lao động nữ, vượt kế hoạch năm; "
        "các lớp dạy nghề được mở ngay tại thôn, buôn, gắn với nhu cầu tuyển dụng của các doanh nghiệp.",
    ]
    assert tree(marked(lines, set())) == []
    assert tree(marked(lines, {1})) == [("1", LONG_TITLE)]


LISTS = [
    "Căn cứ Kế hoạch số 12/KH-UBND, Phòng Văn hóa - Xã hội báo cáo như sau:",
    "1. Giáo dục",
    "Các trường đã thực hiện:",
    "1. Sửa chữa 12 phòng học",
    "2. Y tế",
    "Trạm y tế các xã khám cho 4.300 lượt người.",
    "3. Văn hóa",
    "Toàn huyện có 52 thôn đạt danh hiệu văn hóa.",
    "4. Thể thao",
    "Tổ chức 6 giải thể thao cấp huyện.",
]


def test_a_plain_line_of_a_scheme_whose_headings_are_set_apart_is_a_list_item() -> None:
    doc = marked(LISTS, {1, 4, 6, 8})
    assert tree(doc) == [("1", "Giáo dục"), ("2", "Y tế"), ("3", "Văn hóa"), ("4", "Thể thao")]
    assert doc.section_at(doc.text.index("12 phòng học")).path == "1"


#: Eight topics for the text page and two for the scanned page of a mixed PDF: enough bold
#: headings (min_scheme_headings, scheme_emphasised_share even counting the scanned ones) for
#: the scheme to count as set apart.
TEXT_TOPICS = ["Giáo dục", "Y tế", "Văn hóa", "Thể thao", "Thông tin", "Du lịch", "Dân số", "Dân tộc"]
SCANNED_TOPICS = ["Lao động", "Giảm nghèo"]


def test_plain_headings_on_a_page_read_by_ocr_stay_headings() -> None:
    """A page read by OCR carries no fonts: its plain numbered lines are not
    list items of a scheme whose headings are bold on the text pages."""
    lines = ["Căn cứ Kế hoạch số 7/KH-UBND, Phòng Văn hóa - Xã hội báo cáo như sau:", "I. KẾT QUẢ"]
    for number, topic in enumerate(TEXT_TOPICS, 1):
        lines += [f"{number}. {topic}", f"Trong năm đã tổ chức {number + 10} hoạt động."]
    text_page, spans = page_marks(lines, {1, *range(2, len(lines), 2)})
    scanned_page = "\n".join(
        f"{number}. {topic}\nTrong năm đã tổ chức {number + 10} hoạt động."
        for number, topic in enumerate(SCANNED_TOPICS, len(TEXT_TOPICS) + 1)
    )
    doc = Document("t", Path("t.pdf"), raw_pages=[text_page, scanned_page], raw_emphasis=[spans, []], ocr_pages={2})
    doc = Structure()(Normalise()(doc))
    topics = TEXT_TOPICS + SCANNED_TOPICS
    assert tree(doc) == [("I", "KẾT QUẢ"), *((f"I > {n}", topic) for n, topic in enumerate(topics, 1))]
    assert doc.section_at(doc.text.index("tổ chức 20 hoạt động")).path == "I > 10"


def test_where_few_headings_of_a_scheme_are_set_apart_the_text_decides() -> None:
    by_text = [("1", "Giáo dục"), ("1", "Sửa chữa 12 phòng học"), ("2", "Y tế"), ("3", "Văn hóa"), ("4", "Thể thao")]
    assert tree(marked(LISTS, set())) == by_text
    assert tree(marked(LISTS, {1, 4})) == by_text


def test_a_short_line_set_apart_between_paragraphs_nests_in_the_open_section() -> None:
    lines = [
        "Căn cứ Kế hoạch số 12/KH-UBND, Phòng báo cáo như sau:",
        "1. Giáo dục",
        "Các trường đã sửa chữa 12 phòng học.",
        "Kết quả phổ cập",
        "Toàn huyện đạt chuẩn phổ cập giáo dục mầm non cho trẻ 5 tuổi.",
        "Đề nghị cấp trên hỗ trợ:",
        "Kinh phí sửa chữa trường học.",
    ]
    doc = marked(lines, {1, 3, 5})
    assert tree(doc) == [("1", "Giáo dục"), ("1 > Kết quả phổ cập", "Kết quả phổ cập")]
    assert doc.section_at(doc.text.index("mầm non")).path == "1 > Kết quả phổ cập"


def test_a_document_set_all_apart_is_read_from_its_text() -> None:
    lines = REPORT[2:]
    assert tree(marked(lines, set(range(len(lines))))) == tree(marked(lines, set()))


def test_marks_follow_lines_through_normalisation() -> None:
    page = "Ghi chú\n\n**1. Công tác  giảm nghèo**\ncủa huyện\n\nToàn huyện còn 412 hộ nghèo."
    start = page.index("**1.")
    text, _, spans = normalise_pages([page], Normalise().reflow, [[(start, page.index("\n\nToàn"))]])
    assert [text[a:b] for a, b in spans] == ["1. Công tác giảm nghèo của huyện"]


def test_lines_set_bold_or_larger_than_the_body() -> None:
    typography = Typography()
    body, bold, large = (
        LineStyle(("Times",), 14.04, 60),
        LineStyle(("Times,Bold",) * 2, 14.0, 20),
        LineStyle(("ABCDEF+Times",), 16.0, 20),
    )
    mixed = LineStyle(("TimesNewRomanPS-BoldMT", "TimesNewRomanPSMT"), 14.0, 30)
    assert typography.set_apart([[body, bold, None], [large, mixed, body]]) == [{1}, {0}]
    assert typography.is_bold("BCDFEE+TimesNewRomanPS-BoldMT") and not typography.is_bold("BoldFace+Times")
