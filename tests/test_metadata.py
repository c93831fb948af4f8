"""Metadata stage: what the head of a document says about it, and where its issuer sits.

The letterheads are written for these tests, in the shapes real documents take
(two columns run together, a công văn's "V/v" subject, no letterhead at all).
Each case lists the fields it is about and their exact values.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.pipeline.document import Document
from chitieu.pipeline.metadata import MetadataStage
from chitieu.pipeline.structure import Structure

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

PROVINCIAL_PLAN = """\
ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BẮC KẠN Độc lập - Tự do - Hạnh phúc
Số: 1180/KH-UBND Bắc Kạn, ngày 3 tháng 4 năm 2022
KẾ HOẠCH
Thực hiện Đề án 161 trên địa bàn tỉnh giai đoạn 2021 - 2025
Căn cứ Quyết định số 161/QĐ-TTg, UBND tỉnh ban hành Kế hoạch như sau:
I. MỤC TIÊU
Phát triển du lịch cộng đồng tại huyện Ba Bể và huyện Pác Nặm.
"""

DEPARTMENT_LETTER = """\
UBND TỈNH LONG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI
Độc lập - Tự do - Hạnh phúc
Số: 845/SLĐTBXH-BTXH
V/v báo cáo kết quả thực hiện
Đề án 161 năm 2023
Long An, ngày 14 tháng 11 năm 2023
Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố.
Thực hiện Quyết định số 12/QĐ-UBND của UBND tỉnh Tây Ninh về phối hợp vùng biên giới, Sở đề nghị báo cáo kết quả.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Trương Văn Lộc
"""

MINISTRY_LETTER = """\
BỘ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 3021/BYT-HTQT
V/v tổng kết công tác phòng chống dịch
Hà Nội, ngày 30 tháng 6 năm 2023
Kính gửi: Sở Y tế các tỉnh, thành phố.
Đề nghị Sở Y tế tỉnh Lào Cai và tỉnh Hà Giang báo cáo trước ngày 15/7/2023.
"""

NO_LETTERHEAD = """\
BÁO CÁO
Sơ kết thực hiện Đề án xây dựng Cộng đồng ASEAN đến năm 2025
Thực hiện Kế hoạch do UBND tỉnh ban hành năm 2017, Phòng Lao động tham mưu UBND tỉnh triển khai các nhiệm vụ.
Căn cứ Kế hoạch số 88/KH-UBND ngày 2/3/2017 của UBND tỉnh, giai đoạn 2016 - 2020, Ủy ban nhân dân Huyện báo cáo:
I. KẾT QUẢ
Chương trình giảm nghèo huyện Tân Hồng đạt kết quả tốt; huyện Tân Hồng đã làm việc với thành phố Cần Thơ.
"""

TOWN_REPORT = """\
BÁO CÁO
Tình hình thực hiện chính sách an sinh xã hội
Thực hiện chỉ đạo của tỉnh Hà Tĩnh, UBND thị xã Kỳ Anh báo cáo như sau:
I. KẾT QUẢ
Nội dung.
"""

HORIZON_PLAN = """\
KẾ HOẠCH
Phát triển nguồn nhân lực tỉnh Ninh Bình đến năm 2030
Thực hiện Nghị quyết số 06-NQ/TU ngày 12 tháng 5 năm 2021, Ủy ban nhân dân tỉnh ban hành Kế hoạch đến năm 2030:
I. MỤC TIÊU
Nội dung.
"""

DECISION = """\
ỦY BAN NHÂN DÂN
TỈNH CÀ MAU
Số: 77/QĐ-UBND
Cà Mau, ngày 5 tháng 1 năm 2024
Căn cứ Luật Tổ chức chính quyền địa phương.
"""

DATE_LINE_PLACE = """\
SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 12/BC-STNMT Tây Ninh, ngày 2 tháng 3 năm 2020
BÁO CÁO
Công tác bảo vệ môi trường năm 2019
Thực hiện chỉ đạo, Sở báo cáo như sau:
I. KẾT QUẢ
Phối hợp với tỉnh Bình Phước xử lý 3 điểm ô nhiễm.
"""

CAPITAL_TITLE = """\
BÁO CÁO
TỔNG KẾT 10 NĂM THỰC HIỆN ĐỀ ÁN 161
GIAI ĐOẠN 2016 - 2025
Kính gửi: Ủy ban nhân dân tỉnh Kon Tum.
Ủy ban nhân dân huyện Đắk Hà báo cáo như sau:
"""

MIXED_CASE_TYPE = """\
Kế hoạch tuyên truyền về Cộng đồng ASEAN năm 2022
Căn cứ chương trình công tác, UBND thành phố Vĩnh Yên ban hành kế hoạch như sau:
"""

CITIES = """\
BÁO CÁO
Kết quả giảm nghèo năm 2023
Thực hiện Kế hoạch của tỉnh, UBND thành phố Hà Tĩnh báo cáo như sau:
I. KẾT QUẢ
Phối hợp với thành phố Cần Thơ trao đổi kinh nghiệm giảm nghèo.
"""

CITY_PROVINCE = """\
KẾ HOẠCH
Thực hiện Đề án 161 năm 2024
Căn cứ chỉ đạo của Chính phủ, Ủy ban nhân dân thành phố Cần Thơ ban hành Kế hoạch như sau:
I. MỤC TIÊU
Nội dung.
"""

RESOLUTION = """\
HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH PHÚ YÊN Độc lập - Tự do - Hạnh phúc
Số: 41/NQ-HĐND Phú Yên, ngày 10 tháng 12 năm 2023
NGHỊ QUYẾT
Về dự toán thu, chi ngân sách địa phương năm 2024
Căn cứ Luật Ngân sách nhà nước, Hội đồng nhân dân tỉnh quyết nghị:
"""

DIRECTIVE = """\
ỦY BAN NHÂN DÂN
TỈNH SƠN LA
Số: 09/CT-UBND Sơn La, ngày 4 tháng 3 năm 2024
Về tăng cường công tác giảm nghèo bền vững
Thời gian qua, công tác giảm nghèo trên địa bàn tỉnh đạt kết quả tích cực.
"""

NOTICE = """\
ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH GIA LAI Độc lập - Tự do - Hạnh phúc
Số: 88/TB-UBND Gia Lai, ngày 20 tháng 5 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về giải ngân vốn đầu tư công
Ngày 15 tháng 5 năm 2024, Chủ tịch UBND tỉnh chủ trì buổi làm việc.
"""

SUBMISSION_MONTHLY = """\
SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 150/TTr-SNV Bến Tre, ngày 28 tháng 8 năm 2025
TỜ TRÌNH
Về kết quả thực hiện Chương trình chuyển đổi số giai đoạn 2021 - 2025 tháng 8 năm 2025
Kính gửi: Ủy ban nhân dân tỉnh.
"""

MONTHLY_REPORT = """\
BAN CHỈ ĐẠO CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 31/BC-BCĐ Trà Vinh, ngày 30 tháng 4 năm 2025
BÁO CÁO
Kết quả triển khai Đề án phát triển dữ liệu dân cư giai đoạn 2022 - 2025, tầm nhìn đến năm 2030 tháng 4/2025
Thực hiện chỉ đạo, Ban Chỉ đạo báo cáo như sau:
"""

DRAFT_REPORT = """\
SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số:      /BC-SNV Điện Biên, ngày      tháng 11 năm 2025
BÁO CÁO
Kết quả kiểm tra công tác văn thư, lưu trữ
Thực hiện chỉ đạo của UBND tỉnh, Sở Nội vụ báo cáo như sau:
"""

SUMMARY = """\
TÓM TẮT KẾT QUẢ CÔNG TÁC GIẢM NGHÈO
NĂM 2024 VÀ NHIỆM VỤ NĂM 2025
I. KẾT QUẢ
Toàn tỉnh giảm 1.200 hộ nghèo.
"""

CASES = {
    "district report, two-column letterhead, decoy province in the recipient list": (
        DISTRICT_REPORT,
        {
            "doc_type": "bao_cao",
            "doc_number": "215/BC-UBND",
            "issuer": "UỶ BAN NHÂN DÂN HUYỆN CAM LỘ",
            "province": "Quảng Trị",
            "district": "Cam Lộ",
            "issue_date": "2021-12-08",
            "title": "Kết quả thực hiện Kế hoạch Cộng đồng Văn hóa - Xã hội ASEAN năm 2021",
            "period": "2021",
            "signer": "Nguyễn Hữu Thắng",
        },
    ),
    "provincial plan: no district, however many it mentions; its span is the period": (
        PROVINCIAL_PLAN,
        {
            "doc_type": "ke_hoach",
            "doc_number": "1180/KH-UBND",
            "issue_date": "2022-04-03",
            "province": "Bắc Kạn",
            "district": "",
            "period": "2021/2025",
        },
    ),
    "công văn of a department: subject over two lines is the title; another province referred to": (
        DEPARTMENT_LETTER,
        {
            "doc_type": "cong_van",
            "doc_number": "845/SLĐTBXH-BTXH",
            "issuer": "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
            "province": "Long An",
            "district": "",
            "title": "báo cáo kết quả thực hiện Đề án 161 năm 2023",
            "period": "2023",
            "signer": "Trương Văn Lộc",
        },
    ),
    "ministry letter: no province, not even Hà Nội of its date line": (
        MINISTRY_LETTER,
        {"doc_type": "cong_van", "issuer": "BỘ Y TẾ", "province": "", "district": "", "issue_date": "2023-06-30"},
    ),
    "no letterhead: 'Ủy ban nhân dân Huyện' and the district the text names; 'đến năm' is a horizon": (
        NO_LETTERHEAD,
        {
            "province": "Đồng Tháp",
            "district": "Tân Hồng",
            "issuer": "Ủy ban nhân dân huyện Tân Hồng",
            "period": "2016/2020",
            "issue_date": "",
        },
    ),
    "a town that shares its name with a district": (
        TOWN_REPORT,
        {"province": "Hà Tĩnh", "district": "Kỳ Anh", "issuer": "Ủy ban nhân dân thị xã Kỳ Anh"},
    ),
    "a plan with only a horizon has no period; a date's year is no period": (
        HORIZON_PLAN,
        {"doc_type": "ke_hoach", "province": "Ninh Bình", "period": ""},
    ),
    "doc type from the number's code when there is no type line": (
        DECISION,
        {"doc_type": "quyet_dinh", "doc_number": "77/QĐ-UBND", "province": "Cà Mau", "issue_date": "2024-01-05"},
    ),
    "the date line's place when the letterhead names none": (
        DATE_LINE_PLACE,
        {
            "doc_type": "bao_cao",
            "doc_number": "12/BC-STNMT",
            "issue_date": "2020-03-02",
            "province": "Tây Ninh",
            "district": "",
            "period": "2019",
        },
    ),
    "a capital title over two lines; a district spelled the other way (Đắk/Đăk)": (
        CAPITAL_TITLE,
        {
            "doc_type": "bao_cao",
            "title": "TỔNG KẾT 10 NĂM THỰC HIỆN ĐỀ ÁN 161 GIAI ĐOẠN 2016 - 2025",
            "period": "2016/2025",
            "province": "Kon Tum",
            "district": "Đăk Hà",
        },
    ),
    "type and title on one mixed-case line; a city that is a district": (
        MIXED_CASE_TYPE,
        {
            "doc_type": "ke_hoach",
            "title": "tuyên truyền về Cộng đồng ASEAN năm 2022",
            "period": "2022",
            "province": "Vĩnh Phúc",
            "district": "Vĩnh Yên",
        },
    ),
    "a district-level city named like its province": (
        CITIES,
        {"province": "Hà Tĩnh", "district": "Hà Tĩnh", "issuer": "Ủy ban nhân dân thành phố Hà Tĩnh"},
    ),
    "a city that is a province": (
        CITY_PROVINCE,
        {"province": "Cần Thơ", "district": "", "issuer": "Ủy ban nhân dân thành phố Cần Thơ", "period": "2024"},
    ),
    "a draft: blank number and day keep its type and year; a report naming no period speaks of its year": (
        DRAFT_REPORT,
        {"doc_type": "bao_cao", "doc_number": "", "issue_date": "", "issue_year": 2025, "period": "2025"},
    ),
    "no type line, no letterhead: the capital lines it opens with are its title and give its period": (
        SUMMARY,
        {"title": "TÓM TẮT KẾT QUẢ CÔNG TÁC GIẢM NGHÈO NĂM 2024 VÀ NHIỆM VỤ NĂM 2025", "period": "2024"},
    ),
    "a resolution: its type line, its number's code, a budget year in its title": (
        RESOLUTION,
        {"doc_type": "nghi_quyet", "doc_number": "41/NQ-HĐND", "province": "Phú Yên", "period": "2024"},
    ),
    "a directive known by its number's code alone": (
        DIRECTIVE,
        {"doc_type": "chi_thi", "doc_number": "09/CT-UBND", "province": "Sơn La"},
    ),
    "a notice of a leader's conclusions": (
        NOTICE,
        {"doc_type": "thong_bao", "doc_number": "88/TB-UBND", "province": "Gia Lai"},
    ),
    "a submission about one month: the month's year, not its programme's span": (
        SUBMISSION_MONTHLY,
        {"doc_type": "to_trinh", "period": "2025"},
    ),
    "a monthly report written 'tháng 4/2025': the month's year, not the programme's span or horizon": (
        MONTHLY_REPORT,
        {"doc_type": "bao_cao", "period": "2025"},
    ),
}


@pytest.fixture(scope="module")
def stage() -> MetadataStage:
    return MetadataStage()


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_metadata(stage: MetadataStage, text: str, expected: dict[str, str]) -> None:
    meta = stage(Structure()(Document("t", Path("t.txt"), text=text))).meta
    assert {name: getattr(meta, name) for name in expected} == expected
