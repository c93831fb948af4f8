"""Structure stage: the section tree from Vietnamese outline numbering.

The texts are written for these tests, in the shapes real reports take.
"""

from __future__ import annotations

from pathlib import Path

from chitieu.pipeline.document import Document, Section
from chitieu.pipeline.normalise import Normalise
from chitieu.pipeline.structure import Structure
from chitieu.pipeline.textutil import numbering, opens_block

REPORT = """\
BÁO CÁO
Kết quả thực hiện công tác lao động, việc làm năm 2022
Căn cứ Kế hoạch số 45/KH-UBND ngày 10/3/2022 của UBND huyện, Phòng Lao động - Thương binh và Xã hội báo cáo như sau:
I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH
1. Ban hành văn bản
Phòng đã tham mưu ban hành 14 văn bản chỉ đạo.
III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU
TRONG GIAI ĐOẠN 2021 - 2022
1. Công tác giảm nghèo
1.1. Hỗ trợ sinh kế
Đã hỗ trợ 120 con bò giống cho hộ nghèo.
1.2 Hỗ trợ nhà ở
a) Nhà đại đoàn kết
Xây mới 35 căn nhà cho hộ nghèo.
b) Đơn vị thực hiện: Phòng Lao động - Thương binh và Xã hội.
c) Sửa chữa nhà ở cho hộ cận nghèo với tổng kinh phí 420 triệu đồng được huy động từ các nguồn xã hội hóa.
2. Ủy ban nhân dân các xã chủ động bố trí kinh phí đối ứng, lồng ghép các chương trình mục tiêu và báo cáo kết quả.
3. Bảo vệ môi trường nông thôn
- Về thu gom rác thải:
Toàn huyện thu gom 95% rác thải sinh hoạt.
- Trồng mới 12 ha rừng phòng hộ ven sông.
Nơi nhận:
- UBND huyện;
- Lưu VT.
KT. TRƯỞNG PHÒNG
PHÓ TRƯỞNG PHÒNG
Đinh Thị Mai
PHỤ LỤC SỐ LIỆU KÈM THEO BÁO CÁO
1. Bảng tổng hợp hộ nghèo theo xã
"""


def build(text: str) -> Document:
    return Structure()(Document("t", Path("t.txt"), text=text))


def by_path(doc: Document) -> dict[str, Section]:
    return {section.path: section for section in doc.sections}


def test_numbering_schemes_are_recognised() -> None:
    assert numbering("IV. ĐỀ XUẤT").scheme == "roman"
    assert numbering("4.2 Triển khai hoạt động").number == "4.2"
    assert numbering("4.2 Triển khai hoạt động").scheme == "arabic2"
    assert numbering("4.1. Triển khai").number == "4.1"
    assert numbering("đ) Mở rộng giao lưu").number == "đ"
    assert numbering("+ Hòa nhập").scheme == "bullet+"
    assert numbering("PHẦN II. KẾT QUẢ").number == "PHẦN II"
    assert (numbering("II- NHIỆM VỤ").scheme, numbering("II- NHIỆM VỤ").rest) == ("roman", "NHIỆM VỤ")
    assert numbering("3 - Kết quả giảm nghèo").scheme == "arabic1"
    assert (numbering("2/ Công tác đào tạo nghề").number, numbering("b/ Kinh phí").number) == ("2", "b")
    # a figure at the start of a line, a công văn's subject and an abbreviation are no numbering
    assert numbering("1.283 học viên tham gia") is None
    assert numbering("V/v báo cáo kết quả") is None
    assert numbering("CV. số 12") is None
    assert numbering("1 - 2 lớp mỗi năm") is None
    assert numbering("1/2 số hộ được hỗ trợ") is None
    assert opens_block("b) Cơ quan phối hợp") and not opens_block("Mục tiêu chung")


def test_tree_levels_come_from_numbering_schemes() -> None:
    doc = build(REPORT)
    assert [s.path for s in doc.sections] == [
        "I",
        "I > 1",
        "III",
        "III > 1",
        "III > 1 > 1.1",
        "III > 1 > 1.2",
        "III > 1 > 1.2 > a",
        "III > 3",
        "III > 3 > -",
        "PHỤ LỤC SỐ LIỆU KÈM THEO BÁO CÁO",
        "PHỤ LỤC SỐ LIỆU KÈM THEO BÁO CÁO > 1",
    ]
    sections = by_path(doc)
    assert [sections[p].level for p in ("III", "III > 1", "III > 1 > 1.2 > a")] == [1, 2, 4]
    assert sections["III > 1 > 1.2"].parent_id == sections["III > 1"].section_id
    assert sections["III > 1 > 1.2"].number == "1.2"
    assert sections["III > 3 > -"].title == "Về thu gom rác thải"
    assert sections["I"].title == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"


def test_capital_heading_wrapped_over_two_lines_is_one_title() -> None:
    doc = build(REPORT)
    heading = by_path(doc)["III"]
    assert heading.title == "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU TRONG GIAI ĐOẠN 2021 - 2022"
    assert doc.text[heading.char_start : heading.heading_end] == (
        "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU\nTRONG GIAI ĐOẠN 2021 - 2022"
    )


def test_numbered_paragraph_is_not_a_heading() -> None:
    doc = build(REPORT)
    titles = [s.title for s in doc.sections]
    assert not any(t.startswith(("Đơn vị thực hiện", "Sửa chữa nhà ở", "Ủy ban nhân dân các xã")) for t in titles)
    assert not any(t.startswith("Trồng mới") for t in titles)
    # "2. Ủy ban nhân dân các xã …" closes section III > 1: its text belongs to III
    paragraph = doc.text.index("2. Ủy ban nhân dân các xã")
    assert by_path(doc)["III > 1"].char_end == paragraph
    assert doc.section_at(paragraph).path == "III"


def test_spans_end_at_the_next_heading_and_at_the_recipient_list() -> None:
    doc = build(REPORT)
    sections = by_path(doc)
    assert sections["I"].char_end == sections["III"].char_start
    recipients = doc.text.index("Nơi nhận")
    assert sections["III"].char_end == recipients
    assert sections["III > 3 > -"].char_end == doc.text.index("- Trồng mới")
    assert doc.section_at(doc.text.index("120 con bò")).path == "III > 1 > 1.1"
    assert doc.section_at(doc.text.index("35 căn nhà")).title == "Nhà đại đoàn kết"
    assert doc.section_at(recipients) is None
    assert sections["PHỤ LỤC SỐ LIỆU KÈM THEO BÁO CÁO > 1"].char_end == len(doc.text)


def test_signature_and_letterhead_capitals_are_not_headings() -> None:
    titles = {s.title for s in build(REPORT).sections}
    assert not titles & {"BÁO CÁO", "KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"}


def test_capital_title_under_a_merged_letterhead_is_not_a_section() -> None:
    doc = build(
        "UBND HUYỆN ĐAKRÔNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc Số: 88/BC-UBND Đakrông, ngày 09 tháng 12 năm 2022\n"
        "BÁO CÁO\nKẾT QUẢ THỰC HIỆN ĐỀ ÁN 161\nNĂM 2022\nKính gửi: Ủy ban nhân dân tỉnh.\n"
        "Thực hiện chỉ đạo của tỉnh, Ủy ban nhân dân huyện báo cáo như sau:\nI. KẾT QUẢ\nNội dung.\n"
    )
    assert [(s.path, s.title) for s in doc.sections] == [("I", "KẾT QUẢ")]


def test_numbering_gap_and_missing_parent_level() -> None:
    doc = build(
        "II. NHIỆM VỤ\n4.1. Triển khai các hoạt động xây dựng cộng đồng gắn kết\nNội dung.\n"
        "4.2 Triển khai các hoạt động xây dựng cộng đồng hòa nhập\nNội dung.\nV. KINH PHÍ\nNgân sách huyện.\n"
    )
    assert [(s.path, s.level) for s in doc.sections] == [("II", 1), ("II > 4.1", 2), ("II > 4.2", 2), ("V", 1)]


def test_list_of_paragraphs_stays_paragraphs_even_when_the_last_has_a_body() -> None:
    doc = build(
        "1. Mục đích\n"
        "a) Quán triệt đầy đủ các mục tiêu của Kế hoạch đến cán bộ, công chức và người dân trên địa bàn.\n"
        "b) Nâng cao hiệu quả phối hợp giữa các cơ quan, đơn vị trong quá trình triển khai thực hiện.\n"
        "Giao Văn phòng theo dõi, đôn đốc.\n"
    )
    assert [s.title for s in doc.sections] == ["Mục đích"]


def test_markdown_noise_and_inconsistent_levels_after_normalise() -> None:
    raw = (
        "## KẾ HOẠCH\n\n**Thực hiện chương trình giảm nghèo**\n\n"
        "# I. MỤC TIÊU\n\n#### 1. Mục tiêu chung\n\nGiảm tỷ lệ hộ nghèo bình quân 1,5%/năm.\n\n"
        "### 2. Mục tiêu cụ thể\n\nĐào tạo nghề cho 300 lao động nông thôn.\n\n"
        "## II. GIẢI PHÁP\n\nHuy động nguồn lực xã hội hóa.\n"
    )
    doc = Normalise()(Document("t", Path("t.md"), raw_pages=[raw]))
    doc = Structure()(doc)
    assert [(s.path, s.title, s.level) for s in doc.sections] == [
        ("I", "MỤC TIÊU", 1),
        ("I > 1", "Mục tiêu chung", 2),
        ("I > 2", "Mục tiêu cụ thể", 2),
        ("II", "GIẢI PHÁP", 1),
    ]


def test_mixed_case_heading_wrapped_by_a_pdf_is_one_section_after_normalise() -> None:
    raw = (
        "II. KẾT QUẢ THỰC HIỆN\n"
        "1. Triển khai các hoạt động xây dựng cộng đồng gắn kết và mang lại lợi ích cho\nngười dân\n\n"
        "Năm 2019, toàn huyện đã tiếp nhận và giải quyết 12.450 hồ sơ thủ tục hành chính qua\n"
        "bộ phận một cửa, đạt tỷ lệ đúng hạn 98,6%.\n\n"
        "2. Triển khai các hoạt động xây dựng cộng đồng tiến bộ, hòa nhập,\nbình đẳng\n\n"
        "Trong năm đã giải quyết việc làm cho 1.250 lao động, trong đó xuất khẩu lao động 86\n"
        "người; tỷ lệ hộ nghèo giảm còn 3,2%.\n\n"
        "III. ĐỀ XUẤT, KIẾN NGHỊ\n"
    )
    doc = Structure()(Normalise()(Document("t", Path("t.pdf"), raw_pages=[raw])))
    assert [(s.path, s.title) for s in doc.sections] == [
        ("II", "KẾT QUẢ THỰC HIỆN"),
        ("II > 1", "Triển khai các hoạt động xây dựng cộng đồng gắn kết và mang lại lợi ích cho người dân"),
        ("II > 2", "Triển khai các hoạt động xây dựng cộng đồng tiến bộ, hòa nhập, bình đẳng"),
        ("III", "ĐỀ XUẤT, KIẾN NGHỊ"),
    ]
    assert doc.section_at(doc.text.index("1.250 lao động")).path == "II > 2"


def test_number_alone_on_its_line_takes_the_next_line_as_title() -> None:
    doc = build(
        "II.\nKẾT QUẢ THỰC HIỆN\n1.\nCông tác giảm nghèo\nToàn huyện có 812 hộ nghèo.\n"
        "2.\nCông tác đào tạo nghề\nĐào tạo nghề cho 350 lao động nông thôn.\n"
    )
    assert [(s.path, s.title) for s in doc.sections] == [
        ("II", "KẾT QUẢ THỰC HIỆN"),
        ("II > 1", "Công tác giảm nghèo"),
        ("II > 2", "Công tác đào tạo nghề"),
    ]
    first = doc.sections[1]
    assert doc.text[first.char_start : first.heading_end] == "1.\nCông tác giảm nghèo"
    assert numbering("1.").rest == "" and numbering("1.283") is None
