"""Units, `per`, signs and what is no figure (SPEC §3), one rule per row.

Every sentence is written for this test, none is copied from a real document.
Each expected figure is checked on value, unit, per, qualifier, denominator and
value_max (empty unless the row says otherwise), and on unit_noun and text where
the row names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from chitieu.extractors.figures import Extract, FigureFinder, Quantity
from chitieu.extractors.units import UnitTable
from chitieu.lexicons import LEXICON_DIR, LexiconError
from chitieu.pipeline.document import Document
from chitieu.pipeline.schema import INDICATOR_COLUMNS, indicator_rows

FINDER = FigureFinder()
#: What an expected figure is, unless its row says otherwise.
DEFAULTS: dict[str, Any] = {"per": "", "qualifier": "", "denominator": None, "value_max": None}


@dataclass
class Case:
    rule: str
    text: str
    expected: list[dict[str, Any]]


def figure(value: float, unit: str, **fields: Any) -> dict[str, Any]:
    return {**DEFAULTS, "value": value, "unit": unit, **fields}


def described(quantity: Quantity, text: str, fields: dict[str, Any]) -> dict[str, Any]:
    got = {name: getattr(quantity, name) for name in fields if name != "text"}
    if "text" in fields:
        got["text"] = text[quantity.start : quantity.end]
    return got


def _check(case: Case) -> None:
    found = FINDER.find(case.text)
    assert len(found) == len(case.expected), [case.text[q.start : q.end] for q in found]
    for quantity, expected in zip(found, case.expected, strict=True):
        got = described(quantity, case.text, expected)
        assert got == {k: pytest.approx(v) if isinstance(v, float) else v for k, v in expected.items()}


UNITS = [
    Case("percent", "Tỷ lệ che phủ rừng đạt 54,3%.", [figure(54.3, "percent", text="54,3%")]),
    Case("percent spelled out", "Doanh thu du lịch tăng 12 phần trăm.", [figure(12, "percent")]),
    Case(
        "percentage points",
        "Tỷ lệ lao động có việc làm tăng 3,6 điểm phần trăm so với cùng kỳ.",
        [figure(3.6, "pp", text="3,6 điểm phần trăm")],
    ),
    Case("percentage points with a sign", "Tỷ lệ thất nghiệp giảm 1,2 điểm % trong năm.", [figure(1.2, "pp")]),
    Case("per mille sign", "Tỷ suất sinh thô là 14,2‰.", [figure(14.2, "permille")]),
    Case("per mille spelled out", "Tỷ suất chết của trẻ dưới một tuổi là 9 phần nghìn.", [figure(9, "permille")]),
    Case(
        "triệu tỷ",
        "Tổng vốn huy động của nền kinh tế đạt 2,35 triệu tỷ đồng.",
        [figure(2.35e15, "vnd", text="2,35 triệu tỷ đồng")],
    ),
    Case("nghìn tỷ", "Quy mô kinh tế của vùng đạt 412,8 nghìn tỷ đồng.", [figure(412.8e12, "vnd")]),
    Case("ngàn tỷ", "Dự án có tổng vốn 7,5 ngàn tỷ VNĐ.", [figure(7.5e12, "vnd")]),
    Case("USD with a scale", "Kim ngạch nhập khẩu đạt 2,8 tỷ USD.", [figure(2.8e9, "usd", text="2,8 tỷ USD")]),
    Case("USD alone", "Thu nhập bình quân lao động là 3.150 USD.", [figure(3150, "usd")]),
    Case("đô la Mỹ", "Tổ chức quốc tế tài trợ 120 nghìn đô la Mỹ.", [figure(120_000, "usd")]),
    Case("EUR", "Dự án được viện trợ 1,5 triệu EUR.", [figure(1.5e6, "eur")]),
    Case("euro spelled out", "Khoản vay ưu đãi là 40 triệu euro.", [figure(40e6, "eur")]),
    Case("ha", "Toàn huyện trồng mới 340 ha rừng.", [figure(340, "ha", unit_noun="ha")]),
    Case("nghìn hecta", "Diện tích gieo trồng đạt 12 nghìn hecta.", [figure(12_000, "ha", unit_noun="hecta")]),
    Case("héc-ta", "Mô hình được nhân rộng trên 2,5 héc-ta.", [figure(2.5, "ha", unit_noun="héc-ta", qualifier="")]),
    Case("ha glued to the number", "Khu tái định cư rộng 7ha.", [figure(7, "ha", text="7ha")]),
    Case("km²", "Huyện có diện tích tự nhiên 1.520 km².", [figure(1520, "km2", unit_noun="km²")]),
    Case("km2", "Vùng lõi của vườn quốc gia rộng 86 km2.", [figure(86, "km2", unit_noun="km2")]),
    Case("m2", "Nhà văn hóa mới có 850 m2 sàn.", [figure(850, "m2")]),
    Case("m²", "Mỗi phòng học rộng 54 m².", [figure(54, "m2", unit_noun="m²")]),
    Case("km", "Đã nâng cấp 14,6 km đường giao thông nông thôn.", [figure(14.6, "km", unit_noun="km")]),
    Case("m", "Tuyến kè dài 320 m đã hoàn thành.", [figure(320, "m", unit_noun="m")]),
    Case("mét", "Nạo vét 450 mét kênh mương.", [figure(450, "m", unit_noun="mét")]),
    Case("m3", "Nhà máy cấp 2.400 m3 nước sạch.", [figure(2400, "m3")]),
    Case("m³", "Hồ chứa được 1,2 triệu m³.", [figure(1.2e6, "m3", unit_noun="m³")]),
    Case("nghìn tấn", "Sản lượng lúa đạt 61 nghìn tấn.", [figure(61_000, "tonne", unit_noun="tấn")]),
    Case("kg", "Hội phụ nữ thu gom 850 kg rác thải nhựa.", [figure(850, "kg")]),
    Case("gam", "Lực lượng chức năng thu giữ 35,5 gam ma túy.", [figure(35.5, "g", unit_noun="gam")]),
    Case("g glued", "Mỗi suất ăn bổ sung 200g sữa.", [figure(200, "g", unit_noun="g")]),
    Case("lít", "Hỗ trợ ngư dân 500 lít dầu.", [figure(500, "litre", unit_noun="lít")]),
    Case("kWh", "Hệ thống điện mặt trời tạo ra 1,2 triệu kWh.", [figure(1.2e6, "kwh")]),
    Case("MW", "Nhà máy điện gió có công suất 50 MW.", [figure(50, "mw", unit_noun="MW")]),
    Case("gấp … lần", "Thu nhập của hộ tham gia mô hình gấp 2,4 lần.", [figure(2.4, "times", text="2,4 lần")]),
    Case("tăng … lần", "Số doanh nghiệp thành lập mới tăng 1,3 lần.", [figure(1.3, "times")]),
    Case("a qualifier between cue and multiple", "Năng suất cao gấp hơn 3 lần.", [figure(3, "times")]),
    Case("fraction of an area", "Lũ quét làm hư hại khoảng 2/3 diện tích lúa.", [figure(2, "ratio", denominator=3)]),
    Case("fraction of a number", "Có 1/4 số thành viên vắng mặt.", [figure(1, "ratio", denominator=4, text="1/4")]),
    Case("index score", "Chỉ số hài lòng của người dân đạt 82,4 điểm.", [figure(82.4, "point", text="82,4 điểm")]),
    Case(
        "rank of a whole",
        "Tỉnh xếp thứ 7/63 tỉnh, thành phố về chỉ số cải cách.",
        [figure(7, "rank", denominator=63, unit_noun="tỉnh")],
    ),
    Case("rank alone", "Năm nay huyện đứng thứ 12 trong khu vực.", [figure(12, "rank")]),
    Case("ranks lost", "Chỉ số năng lực cạnh tranh tụt 4 bậc.", [figure(4, "rank", text="4 bậc")]),
    Case("ranks gained", "Chỉ số chuyển đổi số tăng 5 bậc.", [figure(5, "rank")]),
    # the same words elsewhere are ordinary counting words
    Case("lần without a cue counts", "Đoàn đã tổ chức 3 lần kiểm tra.", [figure(3, "count", unit_noun="lần")]),
    Case("điểm before a noun counts places", "Xã lập 4 điểm tiêm chủng.", [figure(4, "count", unit_noun="điểm")]),
    Case("bậc without a cue is no rank", "Có 40 bậc thang.", [figure(40, "count", unit_noun="bậc")]),
    Case("5G is no gram", "Mạng 5G phủ sóng toàn huyện.", []),
]

PER = [
    Case("% per year", "Tỷ lệ hộ nghèo giảm 1,8%/năm.", [figure(1.8, "percent", per="năm", text="1,8%/năm")]),
    Case("spaced slash", "Dân số tăng 1,1 % / năm.", [figure(1.1, "percent", per="năm")]),
    Case("money per household", "Mỗi hộ được hỗ trợ 20 triệu đồng/hộ.", [figure(20e6, "vnd", per="hộ")]),
    Case("people per area", "Mật độ dân số là 310 người/km2.", [figure(310, "count", unit_noun="người", per="km2")]),
    Case("money per person per year", "Thu nhập đạt 48 triệu đồng/người/năm.", [figure(48e6, "vnd", per="người/năm")]),
    Case(
        "money per trainee per course",
        "Mức hỗ trợ học nghề là 3,5 triệu đồng/người/khóa học.",
        [figure(3.5e6, "vnd", per="người/khóa học")],
    ),
    Case("people per household", "Quy mô hộ bình quân là 3,8 người/hộ.", [figure(3.8, "count", per="hộ")]),
    Case(
        "per one of a thing, written out",
        "Phí gửi xe là 45.000 đồng/01 tháng.",
        [figure(45000, "vnd", per="tháng", text="45.000 đồng/01 tháng")],
    ),
    Case("mỗi", "Người cao tuổi được trợ cấp 2 triệu đồng mỗi tháng.", [figure(2e6, "vnd", per="tháng")]),
    Case("một", "Mức chi là 500 nghìn đồng một người.", [figure(500_000, "vnd", per="người")]),
    Case("trên", "Mật độ ở khu trung tâm là 1.200 người trên km2.", [figure(1200, "count", per="km2")]),
    Case("measure per measure", "Năng suất lúa đạt 6,2 tấn/ha.", [figure(6.2, "tonne", per="ha")]),
    Case(
        "per capita wording",
        "Thu nhập bình quân đầu người đạt 95,3 triệu đồng.",
        [figure(95.3e6, "vnd", per="người")],
    ),
    Case("a total has no per", "Tổng kinh phí thực hiện là 3 tỷ đồng.", [figure(3e9, "vnd", per="")]),
    Case("trên before a place is no per", "Có 25 hộ trên địa bàn xã.", [figure(25, "count", per="")]),
    Case(
        "a ratio of two counted things",
        "Tỷ số giới tính khi sinh là 112 nam/100 nữ.",
        [figure(112, "count", unit_noun="nam", denominator=100, per="")],
    ),
]

SIGNS = [
    Case("≥", "Tỷ lệ hồ sơ đúng hạn ≥ 95%.", [figure(95, "percent", qualifier="at_least")]),
    Case("≥ glued", "Thanh toán trực tuyến ≥85%.", [figure(85, "percent", qualifier="at_least")]),
    Case(">=", "Tỷ lệ số hóa >= 80%.", [figure(80, "percent", qualifier="at_least")]),
    Case(">", "Mỗi xã có > 1.000 hộ.", [figure(1000, "count", qualifier="over")]),
    Case("≤", "Chi phí mỗi hồ sơ ≤ 2 triệu đồng.", [figure(2e6, "vnd", qualifier="at_most")]),
    Case("<=", "Số người mỗi nhóm <= 10 người.", [figure(10, "count", qualifier="at_most")]),
    Case("<", "Tỷ lệ hồ sơ trễ hạn < 3%.", [figure(3, "percent", qualifier="under")]),
    Case("no sign", "Tỷ lệ hồ sơ đúng hạn là 97%.", [figure(97, "percent", qualifier="")]),
]

COUNTED_ADMINISTRATION = [
    Case("a procedure abbreviation", "Năm nay công bố mới 215 TTHC.", [figure(215, "count", unit_noun="tthc")]),
    Case(
        "legal documents with a capital",
        "HĐND ban hành 18 Nghị quyết QPPL.",
        [figure(18, "count", unit_noun="nghị quyết")],
    ),
    Case(
        "decrees and circulars",
        "Chính phủ ban hành 5 Nghị định và 3 Thông tư hướng dẫn.",
        [figure(5, "count", unit_noun="nghị định"), figure(3, "count", unit_noun="thông tư")],
    ),
    Case(
        "bodies with a capital",
        "Toàn tỉnh có 96 Trung tâm Phục vụ hành chính công.",
        [figure(96, "count", unit_noun="trung tâm")],
    ),
    Case(
        "a number restating what its clause names",
        "Tổng số hồ sơ đã số hóa là 8.412.",
        [figure(8412, "count", unit_noun="hồ sơ")],
    ),
    Case(
        "a number restating what its sentence names, however long the sentence",
        "Tổng số hồ sơ tiếp nhận qua Trung tâm Phục vụ hành chính công, bộ phận một cửa cấp xã và "
        "Cổng dịch vụ công trực tuyến trong sáu tháng đầu năm nay, kể cả phần chuyển từ kỳ trước sang, là 12.480.",
        [figure(12480, "count", unit_noun="hồ sơ")],
    ),
    Case(
        "a total names its noun, listed or not, however far before the number",
        "Tổng số camera giám sát được lắp đặt trong năm là 46.",
        [figure(46, "count", unit_noun="camera")],
    ),
    Case(
        "a named count may be shaped like a year",
        "Tổng số học viên đang quản lý: 1998.",
        [figure(1998, "count", unit_noun="học viên")],
    ),
    Case(
        "a restated number before the parenthesis that breaks it down",
        "Số hộ được hỗ trợ là 1.250 (trong đó 300 hộ nghèo).",
        [figure(1250, "count", unit_noun="hộ"), figure(300, "count", unit_noun="hộ")],
    ),
    Case(
        "a carried counting word does not make a year a count",
        "Huyện cấp 520 thẻ, đợt gần nhất là 2019.",
        [figure(520, "count", unit_noun="thẻ")],
    ),
    Case(
        "the counting word carries through the sentence",
        "Cấp 520 thẻ; trong đó cấp mới là 120, cấp lại: 400.",
        [
            figure(520, "count", unit_noun="thẻ"),
            figure(120, "count", unit_noun="thẻ"),
            figure(400, "count", unit_noun="thẻ"),
        ],
    ),
    Case(
        "and into the items that count those who …",
        "Toàn huyện có 120 người nghiện. Trong đó:\n- Số đang cai nghiện tại cơ sở: 45.\n- Số chưa cai nghiện: 75.",
        [
            figure(120, "count", unit_noun="người"),
            figure(45, "count", unit_noun="người"),
            figure(75, "count", unit_noun="người"),
        ],
    ),
    Case(
        "but not into a sentence about something else",
        "Toàn huyện có 120 người nghiện.\nSố liệu cập nhật lần cuối: 15.",
        [figure(120, "count", unit_noun="người")],
    ),
    Case(
        "but not into the next sentence", "Cấp 520 thẻ. Điểm bình quân là 8.", [figure(520, "count", unit_noun="thẻ")]
    ),
]


NOT_FIGURES = [
    Case("term of office", "Đại hội Hội Nông dân nhiệm kỳ 2026 - 2031 đã bầu ban chấp hành.", []),
    Case("a period as a range before a verb", "Trong 5 năm 2021-2025 phải hoàn thành kế hoạch.", []),
    Case("targets of the document", "Nghị quyết đề ra 12 chỉ tiêu chủ yếu.", []),
    Case("a slogan", "Cán bộ bảo đảm yêu cầu 6 rõ trong công việc.", []),
    Case("a slogan in quotes", "Huyện thực hiện phương châm “4 tại chỗ” khi có thiên tai.", []),
    Case("tasks of the document", "Kế hoạch giao 04 nhiệm vụ trọng tâm.", []),
    Case(
        "tasks done out of those given",
        "Huyện đã hoàn thành 17/20 nhiệm vụ được giao.",
        [figure(17, "count", denominator=20, unit_noun="nhiệm vụ")],
    ),
    Case("round the clock", "Đường dây nóng trực 24/24 giờ.", []),
    Case("a threshold and its score", "Tỷ lệ dưới 90% thì đạt 0 điểm.", []),
    Case("a condition", "Nếu tỷ lệ đạt từ 70% trở lên thì được 2 điểm.", []),
    Case("a deduction", "Mỗi hồ sơ trễ hạn bị trừ 0,5 điểm.", []),
    Case("a scoring rule", "Mỗi tiêu chí đạt yêu cầu được tính 1 điểm.", []),
    Case("a rule wrapped over two lines", "Nếu tỷ lệ hồ sơ đúng hạn dưới 90%\nthì đạt 0 điểm.", []),
    Case(
        "a rule leaves the clause before it alone",
        "Năm nay xã đạt 92%; nếu dưới 90% thì đạt 0 điểm.",
        [figure(92, "percent")],
    ),
    Case("an example", "Ví dụ: đơn vị có 40 hồ sơ, trong đó 38 hồ sơ đúng hạn.", []),
    Case(
        "an example in parentheses",
        "Toàn tỉnh có 25 xã (ví dụ: xã C có 12 thôn) đạt chuẩn.",
        [figure(25, "count", unit_noun="xã")],
    ),
    Case(
        "a footnote marker", "Tỷ lệ người dân hài lòng đạt 37%2 so với kỳ trước.", [figure(37, "percent", text="37%")]
    ),
    Case("a street address", "Trụ sở đặt tại số 45 đường Nguyễn Du.", []),
    Case("a route's number", "Xe buýt tuyến 5 chạy qua trung tâm.", []),
    Case("a route's number opening a sentence", "Tuyến 5 đi qua xã.", []),
    Case(
        "a label word that ends a compound word labels nothing",
        "Cổng dịch vụ công trực tuyến 1.250 hồ sơ được tiếp nhận.",
        [figure(1250, "count", unit_noun="hồ sơ")],
    ),
    Case(
        "another label word ending a compound word",
        "Đã phân loại 120 hồ sơ.",
        [figure(120, "count", unit_noun="hồ sơ")],
    ),
    Case("a school's name", "Trường Mầm non Hoa Sen số 3 tuyển sinh lớp mới.", []),
    Case("a factory's name", "Công ty thuộc Nhà máy Z 176 sản xuất thiết bị.", []),
    Case("a village's number, then its count", "Thôn 4 có 86 hộ.", [figure(86, "count", unit_noun="hộ")]),
    Case("a policy's name", "Tỉnh áp dụng chính sách “0 đồng” đối với lệ phí.", []),
    Case("levels of a model", "Mô hình chính quyền địa phương 02 cấp vận hành ổn định.", []),
    Case("kinds enumerated", "Hồ sơ gồm 03 loại giấy tờ và nộp theo 2 hình thức.", []),
    Case(
        "the bounds of a class",
        "Số đơn vị tự bảo đảm từ 30% - dưới 70% chi thường xuyên là 58 đơn vị.",
        [figure(58, "count", unit_noun="đơn vị")],
    ),
    Case("a scoring band", "Từ 80 đến dưới 90 điểm: xếp loại Tốt.", []),
    Case("a band with one bound", "Dưới 60 điểm xếp loại Không đạt.", []),
    Case("a band's bound and its qualifier after", "Từ 95 điểm trở lên được xếp loại Xuất sắc.", []),
    Case(
        "a class reached is a result",
        "Năm nay xã đạt trên 95 điểm xếp loại Xuất sắc.",
        [figure(95, "point")],
    ),
    Case("points a criterion offers", "Tiêu chí cải cách thể chế tối đa 12 điểm.", []),
    Case(
        "points after the maximum, through the sentence",
        "Theo thang điểm 100, tiêu chí công khai 20 điểm, tiêu chí số hóa 15 điểm.",
        [],
    ),
    Case("a criterion's share of the scale", "- Mức độ số hóa: 15/100 điểm.", []),
    Case(
        "a share of the scale earned",
        "Huyện đạt 72,5/100 điểm.",
        [figure(72.5, "point", denominator=100)],
    ),
    Case(
        "points earned after the maximum",
        "Điểm tối đa là 100 điểm; năm nay huyện đạt 86,5 điểm.",
        [figure(86.5, "point")],
    ),
]


@pytest.mark.parametrize("case", UNITS, ids=[c.rule for c in UNITS])
def test_units(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", PER, ids=[c.rule for c in PER])
def test_per(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", SIGNS, ids=[c.rule for c in SIGNS])
def test_signs(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", COUNTED_ADMINISTRATION, ids=[c.rule for c in COUNTED_ADMINISTRATION])
def test_administration_counts(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", NOT_FIGURES, ids=[c.rule for c in NOT_FIGURES])
def test_not_figures(case: Case) -> None:
    _check(case)


def test_every_unit_of_the_table_is_tested() -> None:
    tested = {f["unit"] for case in UNITS + PER + SIGNS for f in case.expected}
    assert {unit.code for unit in FINDER.units.units} <= tested


def test_the_extract_stage_carries_per_and_the_sign() -> None:
    doc = Document("t", Path("t.txt"), text="Hỗ trợ ≥ 15 triệu đồng/hộ.")
    [found] = Extract()(doc).figures
    assert (found.value, found.unit, found.per, found.qualifier) == (15e6, "vnd", "hộ", "at_least")
    [row] = indicator_rows(doc)
    assert row["per"] == "hộ"


def test_per_is_the_column_after_page() -> None:
    assert INDICATOR_COLUMNS.index("per") == INDICATOR_COLUMNS.index("page") + 1


# --- the table is data: a new unit is an entry, and a bad entry is named


def _table_with(tmp_path: Path, entry: str) -> UnitTable:
    path = tmp_path / "units.toml"
    path.write_text((LEXICON_DIR / "units.toml").read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    return UnitTable.from_file(path)


NEW_UNITS = {
    "measure": ('[[unit]]\ncode = "acre"\nkind = "measure"\nspellings = ["mẫu Anh"]\nscaled = true\n', "acre"),
    "currency": ('[[unit]]\ncode = "jpy"\nkind = "money"\nspellings = ["yên Nhật"]\nscaled = true\n', "jpy"),
}


@pytest.mark.parametrize(
    ("entry", "text", "value", "guessed"),
    [
        ("measure", "Trang trại rộng 40 mẫu Anh.", 40, "mẫu"),
        ("currency", "Dự án được tài trợ 2 tỷ yên Nhật.", 2e9, "yên nhật"),
    ],
)
def test_a_new_unit_is_one_entry(tmp_path: Path, entry: str, text: str, value: float, guessed: str) -> None:
    """Without the entry, the word after the number can only be guessed as a counting word."""
    toml, code = NEW_UNITS[entry]
    assert [(q.unit, q.value, q.unit_noun) for q in FINDER.find(text)] == [("count", pytest.approx(value), guessed)]
    [found] = FigureFinder(_table_with(tmp_path, toml)).find(text)
    assert (found.value, found.unit) == (pytest.approx(value), code)


@pytest.mark.parametrize(
    ("text", "ocr", "expected"),
    [
        ("Đã giải ngân 13.427 triệu đông, đạt 8,4%.", True, [("vnd", 13.427e9), ("percent", 8.4)]),
        ("Mức hỗ trợ 250 đong mỗi hộ.", True, [("vnd", 250.0)]),
        ("Hỗ trợ 5 TRIỆU ĐÔNG cho mỗi hộ.", True, [("vnd", 5e6)]),
        # On a text layer "đông" is not "đồng", nor a counting word: what was meant cannot be told.
        ("Đã giải ngân 13.427 triệu đông, đạt 8,4%.", False, [("percent", 8.4)]),
        # Another word, not "đồng" with a mark missing; and "đồng chí" stays people.
        ("Thay thế 120 động cơ cũ.", True, [("count", 120.0)]),
        ("Có 12 đông chí dự họp.", True, [("count", 12.0)]),
    ],
)
def test_in_ocr_text_a_unit_matches_with_diacritics_missing(text: str, ocr: bool, expected: list) -> None:
    found = FigureFinder(ocr=ocr).find(text)
    assert [(q.unit, q.value) for q in found] == expected


def test_which_units_match_with_missing_diacritics_is_data(tmp_path: Path) -> None:
    toml = '[[unit]]\ncode = "jpy"\nkind = "money"\nspellings = ["yên Nhật"]\nscaled = true\nocr_missing_marks = true\n'
    table = _table_with(tmp_path, toml)
    text = "Dự án được tài trợ 2 tỷ yen Nhat."
    assert [(q.unit, q.value) for q in FigureFinder(table, ocr=True).find(text)] == [("jpy", 2e9)]
    assert FigureFinder(table).find(text) == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('[[unit]]\ncode = "bad"\nkind = "weight"\nspellings = ["x"]\n', "(bad): `kind` is 'weight'"),
        ('[[unit]]\ncode = "bare"\nkind = "measure"\n', "(bare): a unit of kind 'measure' needs"),
        ('[[unit]]\ncode = "twice"\nkind = "measure"\nspellings = ["tấn"]\n', "'tấn' is listed under both"),
        ('[[unit]]\ncode = "odd"\nkind = "measure"\nspelling = ["x"]\n', "(odd): unknown field(s) spelling"),
        ('[[unit]]\ncode = "flag"\nkind = "measure"\nspellings = ["x"]\nscaled = "yes"\n', "(flag): `scaled`"),
        (
            '[[unit]]\ncode = "loose"\nkind = "measure"\nspellings = ["x"]\nocr_missing_marks = 1\n',
            "(loose): `ocr_missing_marks` must be true or false",
        ),
    ],
)
def test_a_bad_entry_is_named(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(LexiconError, match=re.escape(message)):
        _table_with(tmp_path, entry)


def test_a_missing_table_is_named() -> None:
    with pytest.raises(LexiconError, match="missing 'per'"):
        UnitTable.from_data({"unit": [{"code": "count", "kind": "count"}, {"code": "ratio", "kind": "ratio"}]})
