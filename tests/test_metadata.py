"""Metadata stage: what the head of a document says about it, and where its issuer sits.

The letterheads are written for these tests, in the shapes real documents take
(two columns run together, a công văn's "V/v" subject, no letterhead at all).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document, Metadata
from pipeline.metadata import MetadataStage
from pipeline.structure import Structure


@pytest.fixture(scope="module")
def stage() -> MetadataStage:
    return MetadataStage()


def meta(stage: MetadataStage, text: str) -> Metadata:
    return stage(Structure()(Document("t", Path("t.txt"), text=text))).meta


DISTRICT_REPORT = """\
UỶ BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN CAM LỘ Độc lập - Tự do - Hạnh phúc
Số: 215/BC-UBND Cam Lộ, ngày 8 tháng 12 năm 2021
BÁO CÁO
Kết quả thực hiện Kế hoạch Cộng đồng Văn hóa - Xã hội ASEAN năm 2021
Thực hiện Công văn số 2210/SLĐTBXH-VL ngày 02/11/2021 của Sở Lao động - Thương binh và Xã hội tỉnh Quảng Trị, \
Ủy ban nhân dân huyện báo cáo như sau:
I. KẾT QUẢ THỰC HIỆN
Hỗ trợ 40 hộ nghèo ở xã Cam Tuyền; phối hợp với huyện Gio Linh tổ chức 2 phiên giao dịch việc làm.
Nơi nhận:
- UBND tỉnh Quảng Bình;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Hữu Thắng
"""


def test_district_report_with_two_column_letterhead(stage) -> None:
    m = meta(stage, DISTRICT_REPORT)
    assert m.doc_type == "bao_cao"
    assert m.doc_number == "215/BC-UBND"
    assert m.issuer == "UỶ BAN NHÂN DÂN HUYỆN CAM LỘ"
    assert (m.province, m.district) == ("Quảng Trị", "Cam Lộ")
    assert m.issue_date == "2021-12-08"
    assert m.title == "Kết quả thực hiện Kế hoạch Cộng đồng Văn hóa - Xã hội ASEAN năm 2021"
    assert m.period == "2021"
    assert m.signer == "Nguyễn Hữu Thắng"


def test_provincial_plan_names_no_district_and_reads_its_span(stage) -> None:
    m = meta(
        stage,
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC KẠN Độc lập - Tự do - Hạnh phúc\n"
        "Số: 1180/KH-UBND Bắc Kạn, ngày 3 tháng 4 năm 2022\nKẾ HOẠCH\n"
        "Thực hiện Đề án 161 trên địa bàn tỉnh giai đoạn 2021 - 2025\n"
        "Căn cứ Quyết định số 161/QĐ-TTg, UBND tỉnh ban hành Kế hoạch như sau:\n"
        "I. MỤC TIÊU\nPhát triển du lịch cộng đồng tại huyện Ba Bể và huyện Pác Nặm.\n",
    )
    assert (m.doc_type, m.doc_number, m.issue_date) == ("ke_hoach", "1180/KH-UBND", "2022-04-03")
    assert (m.province, m.district) == ("Bắc Kạn", "")
    assert m.period == "2021/2025"


def test_cong_van_of_a_department_with_its_subject_as_title(stage) -> None:
    m = meta(
        stage,
        "UBND TỈNH LONG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 845/SLĐTBXH-BTXH\nV/v báo cáo kết quả thực hiện\nĐề án 161 năm 2023\n"
        "Long An, ngày 14 tháng 11 năm 2023\nKính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố.\n"
        "Thực hiện Quyết định số 12/QĐ-UBND của UBND tỉnh Tây Ninh về phối hợp vùng biên giới, "
        "Sở đề nghị các địa phương báo cáo kết quả.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrương Văn Lộc\n",
    )
    assert (m.doc_type, m.doc_number) == ("cong_van", "845/SLĐTBXH-BTXH")
    assert m.issuer == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert (m.province, m.district) == ("Long An", "")
    assert m.title == "báo cáo kết quả thực hiện Đề án 161 năm 2023"
    assert m.period == "2023"
    assert m.signer == "Trương Văn Lộc"


def test_ministry_letter_has_no_province(stage) -> None:
    m = meta(
        stage,
        "BỘ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 3021/BYT-HTQT\n"
        "V/v tổng kết công tác phòng chống dịch\nHà Nội, ngày 30 tháng 6 năm 2023\n"
        "Kính gửi: Sở Y tế các tỉnh, thành phố.\n"
        "Đề nghị Sở Y tế tỉnh Lào Cai và tỉnh Hà Giang báo cáo trước ngày 15/7/2023.\n",
    )
    assert (m.doc_type, m.province, m.district) == ("cong_van", "", "")
    assert m.issue_date == "2023-06-30"
    assert m.issuer == "BỘ Y TẾ"


def test_report_without_letterhead_finds_its_district_in_the_text(stage) -> None:
    m = meta(
        stage,
        "BÁO CÁO\nSơ kết thực hiện Đề án xây dựng Cộng đồng ASEAN đến năm 2025\n"
        "Căn cứ Kế hoạch số 88/KH-UBND ngày 2/3/2017 của UBND tỉnh, giai đoạn 2016 - 2020, "
        "Ủy ban nhân dân Huyện báo cáo như sau:\n"
        "I. KẾT QUẢ\nChương trình giảm nghèo huyện Tân Hồng đạt kết quả tốt; đoàn công tác huyện Tân Hồng "
        "đã làm việc với thành phố Cần Thơ.\n",
    )
    assert (m.province, m.district) == ("Đồng Tháp", "Tân Hồng")
    assert m.issuer == "Ủy ban nhân dân huyện Tân Hồng"
    assert m.period == "2016/2020"  # "đến năm 2025" in the title is a horizon, not the period
    assert m.issue_date == ""


def test_town_that_shares_its_name_with_a_district(stage) -> None:
    m = meta(
        stage,
        "BÁO CÁO\nTình hình thực hiện chính sách an sinh xã hội\n"
        "Thực hiện chỉ đạo của tỉnh Hà Tĩnh, UBND thị xã Kỳ Anh báo cáo như sau:\nI. KẾT QUẢ\nNội dung.\n",
    )
    assert (m.province, m.district) == ("Hà Tĩnh", "Kỳ Anh")
    assert m.issuer == "Ủy ban nhân dân thị xã Kỳ Anh"


def test_plan_with_only_a_horizon_has_no_period(stage) -> None:
    m = meta(
        stage,
        "KẾ HOẠCH\nPhát triển nguồn nhân lực tỉnh Ninh Bình đến năm 2030\n"
        "Thực hiện Nghị quyết số 06-NQ/TU ngày 12 tháng 5 năm 2021, Ủy ban nhân dân tỉnh ban hành "
        "Kế hoạch đến năm 2030 như sau:\nI. MỤC TIÊU\nNội dung.\n",
    )
    assert (m.doc_type, m.province, m.period) == ("ke_hoach", "Ninh Bình", "")


def test_doc_type_from_the_number_when_there_is_no_type_line(stage) -> None:
    m = meta(stage, "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 77/QĐ-UBND\nCà Mau, ngày 5 tháng 1 năm 2024\nCăn cứ Luật.\n")
    assert (m.doc_type, m.doc_number, m.province, m.issue_date) == ("quyet_dinh", "77/QĐ-UBND", "Cà Mau", "2024-01-05")


def test_place_of_the_date_line_when_the_letterhead_names_none(stage) -> None:
    m = meta(
        stage,
        "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 12/BC-STNMT Tây Ninh, ngày 2 tháng 3 năm 2020\nBÁO CÁO\nCông tác bảo vệ môi trường năm 2019\n"
        "Thực hiện chỉ đạo, Sở báo cáo như sau:\nI. KẾT QUẢ\nPhối hợp với tỉnh Bình Phước xử lý 3 điểm ô nhiễm.\n",
    )
    assert (m.doc_type, m.doc_number, m.issue_date) == ("bao_cao", "12/BC-STNMT", "2020-03-02")
    assert (m.province, m.district, m.period) == ("Tây Ninh", "", "2019")
