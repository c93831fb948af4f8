"""Tag stage and PillarScorer: pillars from headings, and from what a text is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.pipeline.document import Document, Figure
from chitieu.pipeline.structure import Structure
from chitieu.pipeline.tagging import PillarScorer, Tag

PLAN = """\
I. NỘI DUNG THỰC HIỆN
1. Xây dựng cộng đồng tiến bộ, hòa nhập, bình đẳng
a) Nội dung hoạt động
Hỗ trợ 50 suất quà cho người cao tuổi neo đơn.
2. Phát triển cộng đồng tự lực tự cường
Diễn tập phòng chống thiên tai tại 8 xã ven biển.
3. Chương trình giảm nghèo bền vững
Năm 2023 toàn tỉnh giảm 1.200 hộ nghèo.
4. Huy động nguồn lực
Xây dựng 14 nhà tình nghĩa cho gia đình người có công.
Kinh phí thực hiện chương trình năm 2023 đạt 2,4 tỷ đồng.
Đã tổ chức 3 hội nghị triển khai.
"""


@pytest.fixture(scope="module")
def scorer() -> PillarScorer:
    return PillarScorer()


def tagged(text: str) -> Document:
    return Tag()(Structure()(Document("t", Path("t.txt"), text=text)))


def test_heading_that_names_a_pillar_gives_it_to_its_subtree() -> None:
    sections = {s.path: s for s in tagged(PLAN).sections}
    assert sections["I > 1"].pillar == "inclusive"
    assert sections["I > 1"].pillar_evidence == "heading: cộng đồng tiến bộ, hòa nhập, bình đẳng"
    assert sections["I > 1 > a"].pillar == "inclusive"
    assert sections["I > 1 > a"].pillar_evidence == "heading: cộng đồng tiến bộ, hòa nhập, bình đẳng"
    assert sections["I > 2"].pillar == "resilient"  # "tự lực tự cường" without a comma


def test_sections_without_a_pillar_heading_have_none() -> None:
    sections = {s.path: s for s in tagged(PLAN).sections}
    assert sections["I"].pillar is None
    assert sections["I > 3"].pillar is None  # "giảm nghèo bền vững" is not the sustainable pillar
    assert sections["I > 4"].pillar is None
    assert sections["I > 4"].pillar_evidence == ""


@pytest.mark.parametrize(
    ("title", "pillar"),
    [
        ("Triển khai các hoạt động xây dựng cộng đồng gắn kết và mang lại lợi ích cho người dân", "engaging"),
        ("Xây dựng Cộng đồng Văn hóa - Xã hội ASEAN năng động", "dynamic"),
        ("CỘNG ĐỒNG BỀN VỮNG", "sustainable"),
        ("Hoà nhập", "inclusive"),  # old tone placement, heading that is the pillar's name
        ("Về tự lực, tự cường", "resilient"),
        ("Cộng đồng hòa nhập, bền vững và năng động", None),  # names three: no single pillar
        ("Bảo vệ môi trường bền vững", None),
        ("Gắn kết giáo dục nghề nghiệp với doanh nghiệp", None),  # a verb, not the pillar's name
        ("Hòa nhập (an sinh xã hội, giảm nghèo)", "inclusive"),
    ],
)
def test_heading_forms(title: str, pillar: str | None) -> None:
    doc = tagged(f"1. {title}\nNội dung cụ thể của phần này.\n")
    assert doc.sections[0].pillar == pillar


@pytest.mark.parametrize(
    ("sentence", "pillar", "evidence"),
    [
        ("Năm 2023 toàn huyện còn 812 hộ nghèo, chiếm 4,1%.", "inclusive", "hộ nghèo"),
        ("Cấp 2.350 thẻ bảo hiểm y tế cho người dân tộc thiểu số.", "inclusive", "bảo hiểm y tế, dân tộc thiểu số"),
        ("Tỷ lệ chất thải rắn được thu gom, xử lý đạt 92%.", "sustainable", "chất thải"),
        ("Trồng mới 45 ha rừng và 3.000 cây xanh.", "sustainable", "rừng, cây xanh"),
        ("Di dời 65 hộ dân ra khỏi vùng sạt lở do thiên tai.", "resilient", "sạt lở, thiên tai"),
        ("Có 9/11 xã được công nhận không có ma túy.", "resilient", "ma túy"),
        (
            "Tiếp nhận 4.120 hồ sơ qua bộ phận một cửa, 86% dịch vụ công trực tuyến.",
            "engaging",
            "hồ sơ, một cửa, dịch vụ công trực tuyến",
        ),
        ("Đón 215.000 lượt khách du lịch, tổ chức 6 giải thể thao.", "dynamic", "du lịch, thể thao"),
        ("Cộng đồng Văn hóa - Xã hội ASEAN được tuyên truyền tại 12 xã.", None, ""),
        ("Đã tổ chức 3 hội nghị.", None, ""),
    ],
)
def test_scorer_reads_what_a_sentence_is_about(scorer, sentence: str, pillar: str | None, evidence: str) -> None:
    assert scorer.score(sentence) == (pillar, evidence)


def test_scorer_gives_none_on_a_tie(scorer) -> None:
    assert scorer.score("Hỗ trợ hộ nghèo trồng rừng.") == (None, "")


def test_figure_pillar_section_then_sentence_then_paragraph(scorer) -> None:
    doc = tagged(PLAN)

    def figure(text: str, sentence: str) -> Figure:
        first, start = doc.text.index(sentence), doc.text.index(text)
        return Figure(text, start, start + len(text), 0, "", sentence_start=first, sentence_end=first + len(sentence))

    in_section = figure("50 suất quà", "Hỗ trợ 50 suất quà cho người cao tuổi neo đơn.")
    assert scorer.figure_pillar(doc, in_section) == ("inclusive", "heading: cộng đồng tiến bộ, hòa nhập, bình đẳng")
    by_sentence = figure("14 nhà tình nghĩa", "Xây dựng 14 nhà tình nghĩa cho gia đình người có công.")
    assert scorer.figure_pillar(doc, by_sentence) == ("inclusive", "nhà tình nghĩa, người có công")
    nothing = figure("3 hội nghị", "Đã tổ chức 3 hội nghị triển khai.")
    assert scorer.figure_pillar(doc, nothing) == (None, "")
    in_poverty_section = figure("1.200 hộ nghèo", "Năm 2023 toàn tỉnh giảm 1.200 hộ nghèo.")
    assert scorer.figure_pillar(doc, in_poverty_section) == ("inclusive", "hộ nghèo")


def test_figure_pillar_falls_back_to_its_paragraph(scorer) -> None:
    doc = tagged("1. Kết quả\nVề chăm lo cho người nghèo: kinh phí 2,4 tỷ đồng. Đạt 100% kế hoạch.\n")
    start = doc.text.index("100%")
    sentence = "Đạt 100% kế hoạch."
    first = doc.text.index(sentence)
    fig = Figure("100%", start, start + 4, 100, "percent", sentence_start=first, sentence_end=first + len(sentence))
    assert scorer.figure_pillar(doc, fig) == ("inclusive", "người nghèo")
