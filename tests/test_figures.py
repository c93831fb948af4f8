"""Figure extraction and enrichment, one rule per row, on sentences written for
this test (none is copied from the corpus), so that the rules are shown to
hold beyond the five bundled documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from chitieu.extractors.enrich import Enrich
from chitieu.extractors.figures import Extract
from chitieu.pipeline.document import Document, Figure, Metadata, Section


@dataclass
class Setting:
    """The document a sentence stands in: a district report of 2024 on 2021-2025 by default."""

    doc_type: str = "bao_cao"
    period: str = "2021/2025"
    issue_date: str = "2024-06-30"
    heading: str = ""  # a section heading put above the sentence


_STAGES: dict[str, Any] = {}


def analyse(text: str, setting: Setting | None = None) -> list[Figure]:
    """Run the extract and enrich stages over ``text`` as a document."""
    setting = setting or Setting()
    if not _STAGES:
        _STAGES.update(extract=Extract(), enrich=Enrich())
    meta = Metadata(doc_type=setting.doc_type, period=setting.period, issue_date=setting.issue_date)
    doc = Document("t", Path("t.txt"), meta=meta)
    if setting.heading:
        doc.text = f"{setting.heading}\n{text}"
        doc.sections = [Section("s1", None, 1, "I", setting.heading, "I", 0, len(doc.text), len(setting.heading))]
    else:
        doc.text = text
    return _STAGES["enrich"](_STAGES["extract"](doc)).figures


@dataclass
class Case:
    rule: str
    text: str
    expected: list[dict[str, Any]]  # per figure, the fields to check
    setting: Setting = field(default_factory=Setting)


PLAN = Setting(doc_type="ke_hoach", period="2021/2025", issue_date="2021-08-10")
OLD_REPORT = Setting(period="2016/2020", issue_date="2020-07-15")

CASES = [
    # --- number formats, scale words, money markers
    Case(
        "thousands dot, count noun",
        "Năm 2023, toàn xã có 1.204 hộ nghèo.",
        [dict(value=1204, unit="count", unit_noun="hộ", indicator="poor_households", period="2023")],
    ),
    Case(
        "full amount in đồng",
        "Tổng kinh phí thực hiện là 3.250.500.000 đồng.",
        [dict(value=3250500000, unit="vnd", indicator="funds_vnd", text="3.250.500.000 đồng")],
    ),
    Case(
        "decimal comma and tỷ",
        "Ngân sách tỉnh đã bố trí 12,5 tỷ đồng cho chương trình.",
        [dict(value=12_500_000_000, unit="vnd")],
    ),
    Case("nghìn", "Mỗi suất quà trị giá 500 nghìn đồng.", [dict(value=500_000, unit="vnd")]),
    Case("tỉ spelling", "Các nhà hảo tâm ủng hộ 2,3 tỉ đồng.", [dict(value=2_300_000_000, unit="vnd")]),
    Case("ngàn spelling", "Kinh phí hỗ trợ là 850 ngàn đồng.", [dict(value=850_000, unit="vnd")]),
    Case("đ glued to the number", "Quỹ vì người nghèo tiếp nhận 150.000.000đ.", [dict(value=150_000_000, unit="vnd")]),
    Case("triệu VNĐ", "Tổng vốn vay ưu đãi đạt 45.600 triệu VNĐ.", [dict(value=45_600_000_000, unit="vnd")]),
    Case("triệu VND", "Dự án được tài trợ 1,2 triệu VND.", [dict(value=1_200_000, unit="vnd")]),
    Case("amount written in parts", "Tổng mức đầu tư là 3 tỷ 450 triệu đồng.", [dict(value=3_450_000_000, unit="vnd")]),
    Case(
        "đồng chí is people, not money",
        "Hội nghị có 12 đồng chí tham dự.",
        [dict(value=12, unit="count", unit_noun="đồng chí")],
    ),
    Case("phần trăm spelled out", "Số xã đạt chuẩn tăng 15 phần trăm.", [dict(value=15, unit="percent")]),
    Case("English decimal point before %", "Tỷ lệ tiêm chủng đầy đủ đạt 98.5%.", [dict(value=98.5, unit="percent")]),
    Case("English decimal point before a scale", "Tổng vốn đầu tư 1.5 tỷ đồng.", [dict(value=1.5e9, unit="vnd")]),
    Case("a section number is no decimal", "Nội dung tại mục 2.3 của kế hoạch.", []),
    Case("bare decimal", "Tỷ lệ sinh con thứ ba trở lên còn 2,0%.", [dict(value=2.0, unit="percent", qualifier="")]),
    # --- ranges, ratios, per-period rates
    Case(
        "percent range, per year",
        "Phấn đấu tỷ lệ hộ nghèo giảm bình quân 1,5 - 2%/năm.",
        [dict(value=1.5, value_max=2.0, unit="percent", indicator="poor_household_rate_change", status="target")],
    ),
    Case(
        "từ … đến … count range",
        "Phấn đấu mỗi năm giải quyết việc làm cho từ 3.000 đến 3.500 lao động.",
        [dict(value=3000, value_max=3500, unit="count", indicator="jobs_created", status="target")],
    ),
    Case(
        "từ … đến … money range",
        "Mỗi công trình được hỗ trợ từ 2 đến 3 tỷ đồng.",
        [dict(value=2e9, value_max=3e9, unit="vnd")],
    ),
    Case(
        "range with a scale on each end",
        "Mỗi dự án được cấp từ 1 tỷ đến 1 tỷ 500 triệu đồng.",
        [dict(value=1e9, value_max=1.5e9, unit="vnd")],
    ),
    Case(
        "ratio of villages",
        "Có 45/52 thôn đạt chuẩn văn hóa.",
        [dict(value=45, denominator=52, unit="count", unit_noun="thôn")],
    ),
    Case(
        "ratio of families",
        "Toàn tỉnh có 230.118/245.600 hộ gia đình đạt danh hiệu gia đình văn hóa.",
        [dict(value=230118, denominator=245600, unit="count", unit_noun="hộ gia đình")],
    ),
    Case(
        "ratio in words",
        "Có 7 trên 10 xã đạt chuẩn nông thôn mới.",
        [dict(value=7, denominator=10, unit="count", qualifier="")],
    ),
    Case(
        "per-period rate keeps its value",
        "Tỷ lệ tăng dân số tự nhiên là 0,95%/năm.",
        [dict(value=0.95, unit="percent", indicator="other")],
    ),
    # --- exclusions
    Case("decision number and date", "Căn cứ Quyết định số 1722/QĐ-TTg ngày 02/9/2016 của Thủ tướng Chính phủ.", []),
    Case("decree number and period", "Thực hiện Nghị định số 07/2021/NĐ-CP về chuẩn nghèo giai đoạn 2021 - 2025.", []),
    Case("circular and day/month", "Theo Thông tư 02/2022/TT-BLĐTBXH, các xã báo cáo trước ngày 15/12 hằng năm.", []),
    Case("phone and e-mail", "Liên hệ điện thoại 0912.345.678 hoặc thư điện tử phongld2020@gmail.com.", []),
    Case("counts about the document", "Kế hoạch gồm 04 nhiệm vụ trọng tâm và 03 nhóm giải pháp.", []),
    Case("ages", "Miễn học phí cho trẻ em dưới 6 tuổi và người từ 80 tuổi trở lên.", []),
    Case("duration", "Sau 3 năm triển khai, mô hình đã được nhân rộng.", []),
    Case("vague amounts", "Thu hút hàng nghìn lượt người tham gia, kinh phí hàng trăm triệu đồng.", []),
    Case("heading number", "2. Kết quả thực hiện năm 2021", []),
    Case("written date", "Ngày 20 tháng 10 năm 2023, huyện tổ chức hội nghị.", []),
    Case("year before a noun", "Năm 2024 người dân tích cực tham gia các phong trào.", []),
    Case(
        "programme number is a name",
        "Triển khai Chương trình 135 tại 24 xã đặc biệt khó khăn.",
        [dict(value=24, unit="count", unit_noun="xã")],
    ),
    Case(
        "a counting word outside the lexicon",
        "Công an huyện lắp đặt 25 camera an ninh.",
        [dict(value=25, unit="count", unit_noun="camera", subject="camera an ninh")],
    ),
    Case("school grade is a name", "Học sinh lớp 9 được tư vấn hướng nghiệp.", []),
    # --- indicators, context
    Case(
        "several figures in one sentence",
        "Trong năm 2022, huyện đã đào tạo nghề cho 640 học viên, giải quyết việc làm cho 1.120 lao động "
        "và đưa 85 người đi làm việc ở nước ngoài.",
        [
            dict(value=640, indicator="vocational_trainees", period="2022"),
            dict(value=1120, indicator="jobs_created"),
            dict(value=85, indicator="workers_abroad"),
        ],
    ),
    Case(
        "rates refer back to their counts",
        "Cuối năm 2021, toàn huyện còn 812 hộ nghèo, chiếm 2,15%; hộ cận nghèo 1.030 hộ, chiếm 2,73%.",
        [
            dict(value=812, indicator="poor_households", period="2021"),
            dict(value=2.15, indicator="poor_household_rate", period="2021"),
            dict(value=1030, indicator="near_poor_households"),
            dict(value=2.73, indicator="near_poor_household_rate"),
        ],
    ),
    Case(
        "a later level of the same rate",
        "Tỷ lệ hộ nghèo đầu năm là 5,6%, cuối năm còn 4,1%.",
        [dict(value=5.6, indicator="poor_household_rate"), dict(value=4.1, indicator="poor_household_rate")],
    ),
    Case(
        "a rate of an uncatalogued count",
        "Có 8/10 xã đạt chuẩn nông thôn mới, chiếm 80%.",
        [dict(value=8, denominator=10), dict(value=80, indicator="other", subject="xã")],
    ),
    Case(
        "a change of a stock is not the stock",
        "Trong năm, số hộ nghèo giảm 312 hộ so với đầu năm.",
        [dict(value=312, indicator="other")],
    ),
    Case(
        "receivers are not the stock",
        "Chi trả trợ cấp Tết cho hộ nghèo trên địa bàn, tổng cộng 3.402 hộ.",
        [dict(value=3402, indicator="other")],
    ),
    Case(
        "receivers right before the number",
        "Tặng quà cho 950 hộ nghèo nhân dịp Tết Nguyên đán.",
        [dict(value=950, indicator="other")],
    ),
    Case(
        "figure split across lines",
        "Số hộ cận nghèo toàn xã là 420 hộ, chiếm tỷ lệ\n6,1%.",
        [dict(value=420, indicator="near_poor_households"), dict(value=6.1, indicator="near_poor_household_rate")],
    ),
    Case("level after giảm còn", "Tỷ lệ hộ nghèo giảm còn 1,9%.", [dict(value=1.9, indicator="poor_household_rate")]),
    Case(
        "combined rate",
        "Tỷ lệ hộ nghèo và cận nghèo của xã là 7,4%.",
        [dict(value=7.4, indicator="poor_near_poor_household_rate")],
    ),
    Case(
        "change of the rate before it",
        "Tỷ lệ hộ nghèo còn 4,1% (bình quân giảm 1,2%/năm).",
        [dict(value=4.1, indicator="poor_household_rate"), dict(value=1.2, indicator="poor_household_rate_change")],
    ),
    Case(
        "vocational rate against trained rate",
        "Tỷ lệ lao động đã qua đào tạo của huyện là 68%, riêng tỷ lệ lao động đã qua đào tạo nghề là 52,5%.",
        [dict(value=68, indicator="trained_labour_rate"), dict(value=52.5, indicator="vocational_trained_labour_rate")],
    ),
    Case(
        "health insurance cards",
        "Bảo hiểm xã hội huyện đã cấp 1.530 thẻ bảo hiểm y tế cho học sinh.",
        [dict(value=1530, unit_noun="thẻ", indicator="health_insurance_cards")],
    ),
    Case(
        "houses after a classifier",
        "Đã bàn giao 37 ngôi nhà đại đoàn kết cho các hộ khó khăn.",
        [dict(value=37, unit_noun="ngôi", indicator="houses_supported", subject="nhà đại đoàn kết")],
    ),
    Case(
        "other with a subject",
        "Có 100% trạm y tế xã có bác sĩ làm việc.",
        [dict(value=100, indicator="other", subject="trạm y tế xã")],
    ),
    Case(
        "a level reached, with a qualifier after the cue",
        "Phấn đấu đến năm 2027 giảm tỷ lệ hộ nghèo xuống dưới 2%.",
        [dict(value=2, indicator="poor_household_rate", qualifier="under", status="target", period="2027")],
    ),
    Case(
        "a change, with a qualifier after the cue",
        "Năm 2023, tỷ lệ hộ nghèo giảm hơn 1,5% so với năm trước.",
        [dict(value=1.5, indicator="poor_household_rate_change", qualifier="over")],
    ),
    # --- qualifiers
    Case("over", "Đã có trên 2.000 người tham gia tập huấn.", [dict(value=2000, qualifier="over")]),
    Case(
        "approx and estimate",
        "Dự kiến khoảng 350 hộ được vay vốn.",
        [dict(value=350, qualifier="approx", status="estimate")],
    ),
    Case("at least", "Tối thiểu 70% xã có điểm bưu điện văn hóa.", [dict(value=70, qualifier="at_least")]),
    Case("at most", "Chi phí không quá 5 triệu đồng mỗi hộ.", [dict(value=5e6, qualifier="at_most")]),
    Case("under", "Tỷ lệ trẻ em suy dinh dưỡng dưới 10%.", [dict(value=10, qualifier="under")]),
    Case("trên dưới is approx", "Mỗi năm đón trên dưới 1.000 lượt khách.", [dict(value=1000, qualifier="approx")]),
    Case(
        "trở lên after the figure",
        "Hỗ trợ các hợp tác xã có từ 50 thành viên trở lên.",
        [dict(value=50, qualifier="at_least")],
    ),
    # --- status and period
    Case(
        "estimate up to a year end: a flow spans the period",
        "Ước đến hết năm 2024, cấp 12.500 thẻ BHYT.",
        [dict(value=12500, status="estimate", period="2021/2024")],
    ),
    Case(
        "target year in the sentence",
        "Mục tiêu đến năm 2030, tỷ lệ lao động qua đào tạo đạt 75%.",
        [dict(value=75, status="target", period="2030")],
    ),
    Case(
        "a year compared with is not the figure's time: the document's period is",
        "Tỷ lệ hộ nghèo giảm 3,2% so với năm 2021.",
        [dict(value=3.2, indicator="poor_household_rate_change", period="2021/2025", status="actual")],
    ),
    Case(
        "since a year",
        "Từ năm 2018 đến nay đã xây dựng 64 nhà đại đoàn kết.",
        [dict(value=64, indicator="houses_supported", period="2018/2020")],
        OLD_REPORT,
    ),
    Case(
        "period of the heading",
        "Toàn huyện tạo việc làm mới cho 2.400 lao động.",
        [dict(value=2400, period="2016/2020")],
        Setting(heading="KẾT QUẢ GIAI ĐOẠN 2016 - 2020"),
    ),
    Case(
        "period of the document",
        "Toàn huyện tạo việc làm mới cho 2.400 lao động.",
        [dict(value=2400, period="2016/2020", status="actual")],
        OLD_REPORT,
    ),
    Case(
        "target in a report has no period of its own",
        "Huyện phấn đấu mỗi năm giảm 1,5% tỷ lệ hộ nghèo.",
        [dict(value=1.5, status="target", period="")],
        OLD_REPORT,
    ),
    Case(
        "targets under an objectives heading",
        "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%.",
        [dict(value=95, status="target")],
        Setting(heading="MỤC TIÊU CỤ THỂ"),
    ),
    Case(
        "a plan's figures are targets",
        "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%.",
        [dict(value=95, status="target", period="2021/2025")],
        PLAN,
    ),
    Case(
        "a plan's review of past years reports results",
        "Năm 2020, tỷ lệ hộ nghèo toàn tỉnh là 4,3%.",
        [dict(value=4.3, status="actual", period="2020")],
        PLAN,
    ),
    Case(
        "a future year makes a target",
        "Đến cuối năm 2026, số hộ nghèo còn 500 hộ.",
        [dict(value=500, status="target", period="2026", indicator="poor_households")],
    ),
    Case(
        "a parenthesis keeps its period to itself",
        "Cuối năm 2023, tỷ lệ hộ cận nghèo (tính theo mức của thời kỳ 2016-2020) còn 6,2%.",
        [dict(value=6.2, period="2023", indicator="near_poor_household_rate")],
    ),
    Case(
        "the nearest year before governs",
        "Năm 2019 có 500 hộ nghèo; năm 2020 còn 450 hộ nghèo.",
        [dict(value=500, period="2019"), dict(value=450, period="2020")],
    ),
    Case(
        "the horizon in a programme's name is no period",
        "Thực hiện Kế hoạch Cộng đồng Văn hóa - Xã hội ASEAN đến năm 2025, huyện còn 610 hộ nghèo.",
        [dict(value=610, period="2021/2025", status="actual")],
    ),
    Case(
        "a closing date gives the year",
        "Tính đến ngày 31/12/2022, tỷ lệ người dân tham gia BHYT đạt 91,2%.",
        [dict(value=91.2, period="2022", indicator="health_insurance_coverage_rate")],
    ),
    Case("forms attached to the document", "Kèm theo 02 phụ lục và 03 biểu mẫu.", []),
    Case(
        "an amount in a foreign currency is named by its clause too",
        "Tổng vốn FDI thu hút năm 2023 đạt 43,5 triệu USD.",
        [dict(value=43.5e6, unit="usd", subject="Tổng vốn FDI thu hút")],
    ),
    Case(
        "a sign is the qualifier, through enrichment too",
        "Tỷ lệ hồ sơ giải quyết đúng hạn ≥ 90%, tiếp nhận > 500 hồ sơ.",
        [
            dict(value=90, qualifier="at_least", indicator="records_on_time_rate"),
            dict(value=500, qualifier="over", indicator="records_received"),
        ],
    ),
    Case(
        "an amount is named by what it is, not by 'kinh phí'",
        "Tổng thu ngân sách huyện năm 2023 đạt 1.250 tỷ đồng.",
        [dict(value=1.25e12, indicator="funds_vnd", subject="Tổng thu ngân sách huyện", period="2023")],
    ),
    # --- the attachment model: each cue's scope (SPEC §3 and the issue on real reports)
    Case(
        "a year right after the figure is its own, over an earlier one",
        "So với năm 2009, mật độ dân số tăng; tỷ lệ hộ nghèo là 8,3% năm 2019.",
        [dict(value=8.3, period="2019")],
    ),
    Case(
        "a year the figure is compared with is no time of it",
        "Dân số toàn tỉnh là 1.250.000 người, tăng 31.000 người so với năm 2009.",
        [dict(value=1_250_000, period="2021/2025"), dict(value=31_000, period="2021/2025")],
    ),
    Case(
        "a term of office is no period",
        "Đại hội nhiệm kỳ 2020 - 2025 có 215 đại biểu tham dự.",
        [dict(value=215, period="2021/2025")],
    ),
    Case(
        "a year carries through its sentence until another overrides it",
        "Năm 2022, toàn huyện có 320 hộ nghèo, chiếm 4,1%; 150 hộ cận nghèo.",
        [dict(value=320, period="2022"), dict(value=4.1, period="2022"), dict(value=150, period="2022")],
    ),
    Case(
        "a list's lead-in gives its items their time and status",
        "Mục tiêu đến năm 2025 như sau:\n- 95% hồ sơ được giải quyết đúng hạn;\n- 100% xã có nhà văn hóa.",
        [dict(value=95, status="target", period="2025"), dict(value=100, status="target", period="2025")],
    ),
    Case(
        "a list ends with the first line that is no item",
        "Mục tiêu đến năm 2025 như sau:\n- 95% hồ sơ đúng hạn.\nHiện nay có 80% hồ sơ đúng hạn.",
        [dict(value=95, status="target"), dict(value=80, status="actual", period="2021/2025")],
    ),
    Case(
        "a share of a plan achieved is a result",
        "Dự toán giao 500 tỷ đồng, giải ngân đạt 42,5% kế hoạch.",
        [dict(value=500e9, status="target"), dict(value=42.5, status="actual")],
    ),
    Case(
        "a share of a plan a target sets is a target",
        "Phấn đấu giải ngân đạt 100% kế hoạch vốn.",
        [dict(value=100, status="target")],
    ),
    Case(
        "a target cue in an earlier phrase leaves a share of the plan a result",
        "Về dự toán, giải ngân bằng 84,5% dự toán.",
        [dict(value=84.5, status="actual")],
    ),
    Case(
        "a target cue anywhere in the share's own phrase makes it a target",
        "Phấn đấu trong năm hoàn thành giải ngân nguồn vốn đầu tư công đạt 100% kế hoạch.",
        [dict(value=100, status="target")],
    ),
    Case(
        "a result said as such overrides the plan named earlier",
        "Theo kế hoạch năm, huyện đã hỗ trợ 45 hộ.",
        [dict(value=45, status="actual")],
    ),
    Case(
        "a budget approved for a coming year is a target",
        "Dự toán chi ngân sách năm 2025 là 3.200 tỷ đồng.",
        [dict(value=3.2e12, status="target", period="2025")],
    ),
    Case(
        "a month of the year gives its year",
        "Trong tháng 9/2024, tiếp nhận 1.020 hồ sơ.",
        [dict(value=1020, period="2024", status="actual")],
    ),
    Case(
        "a date is no period",
        "Ngày 5 tháng 3 năm 2022, huyện trao 120 suất học bổng.",
        [dict(value=120, unit_noun="suất", period="2021/2025")],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_rule(case: Case) -> None:
    figures = analyse(case.text, case.setting)
    assert len(figures) == len(case.expected), [f.text for f in figures]
    for figure, expected in zip(figures, case.expected, strict=True):
        got = {name: getattr(figure, name) for name in expected}
        assert got == {name: _close(got[name], want) for name, want in expected.items()}, figure.text


def _close(got: Any, want: Any) -> Any:
    """``got`` where it equals ``want`` up to float rounding, else ``want`` (so the assert shows it)."""
    if isinstance(want, int | float) and isinstance(got, int | float):
        return got if got == pytest.approx(want) else want
    return want


def test_there_are_enough_rules() -> None:
    assert len(CASES) >= 40


def test_offsets_and_sentence_point_at_the_figure() -> None:
    text = "Mở đầu. Năm 2022, huyện mở 12 lớp tập huấn cho 480 người. Kết thúc."
    figures = analyse(text)
    assert [(f.text, text[f.char_start : f.char_end]) for f in figures] == [("12 lớp", "12 lớp"), ("480 người",) * 2]
    assert {text[f.sentence_start : f.sentence_end] for f in figures} == {
        "Năm 2022, huyện mở 12 lớp tập huấn cho 480 người."
    }


def test_a_text_without_full_stops_is_read_in_bounded_sentences() -> None:
    """A long run of lower-case lines joins into one "sentence"; it is cut at clause
    marks so that no figure's sentence is longer than the cap, and every figure is kept."""
    text = "\n".join(f"hỗ trợ {n} hộ nghèo, cấp {n + 1} thẻ" for n in range(10, 610))
    doc = Extract()(Document("t", Path("t.txt"), text=text))
    cap = Extract().splitter.max_chars
    assert len(doc.figures) == 1200
    assert max(f.sentence_end - f.sentence_start for f in doc.figures) <= cap
    assert [f.value for f in doc.figures[:4]] == [10, 11, 11, 12]
