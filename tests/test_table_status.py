"""Status and period of table figures, by precedence between their evidence: the
cell's own words, then a column header or a row label that names a status or a
year, then the table's caption and the prose above it, then the headings and
the document. Tables and captions are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import chitieu
from chitieu.extractors.figures import FigureFinder
from chitieu.extractors.tables import HeaderReader
from tests.builders import Blocks, build_docx_blocks, through_tables

HEADERS = HeaderReader(FigureFinder())
#: A lead-in that says something else than the headers: a target, and another year.
LEAD_IN = "Các chỉ tiêu phấn đấu đến năm 2025 như sau:"
BY_STATUS_AND_YEAR = [
    ["Chỉ tiêu", "Kế hoạch 2024", "Ước TH 2024", "Thực hiện 2023"],
    ["Số lao động được tạo việc làm (người)", "1.500", "1.620", "1.380"],
    ["Tỷ lệ hộ nghèo (%)", "2,8", "2,65", "3,1"],
]
#: What each cell's figure is: (value, unit, status, period).
BY_HEADER = [
    (1500.0, "count", "target", "2024"),
    (1620.0, "count", "estimate", "2024"),
    (1380.0, "count", "actual", "2023"),
    (2.8, "percent", "target", "2024"),
    (2.65, "percent", "estimate", "2024"),
    (3.1, "percent", "actual", "2023"),
]


def table_figures(blocks: Blocks, *, doc_type: str = "bao_cao", issue_date: str = "2024-12-15") -> list[tuple]:
    """(value, unit, status, period) of every table figure once the blocks went
    through the extract, tables and enrich stages as a report's text."""
    doc = through_tables(blocks, doc_type=doc_type, issue_date=issue_date)
    return [(round(f.value, 6), f.unit, f.status, f.period) for f in doc.figures if f.source == "table"]


def test_headers_naming_a_status_and_a_year_beat_the_lead_in() -> None:
    assert table_figures([LEAD_IN, BY_STATUS_AND_YEAR]) == BY_HEADER


def test_a_docx_table_under_a_lead_in_takes_its_headers(tmp_path: Path) -> None:
    path = build_docx_blocks(
        tmp_path / "report.docx",
        ["BÁO CÁO", "Kết quả thực hiện các chỉ tiêu an sinh xã hội", LEAD_IN, BY_STATUS_AND_YEAR],
    )
    doc = chitieu.process(path)
    figures = [(round(f.value, 6), f.unit, f.status, f.period) for f in doc.figures if f.source == "table"]
    assert figures == BY_HEADER


def test_a_header_naming_only_a_year_leaves_the_status_to_the_caption() -> None:
    """Past years would make results; the caption says the numbers are estimates."""
    rows = [["Xã", "Năm 2022", "Năm 2023"], ["Xã Tân Lập (hộ)", "120", "135"]]
    assert table_figures(["Số hộ cận nghèo ước tính của các xã:", rows]) == [
        (120.0, "count", "estimate", "2022"),
        (135.0, "count", "estimate", "2023"),
    ]


def test_a_header_naming_only_a_status_leaves_the_period_to_the_caption() -> None:
    rows = [["Nội dung", "Dự toán", "Giải ngân"], ["Ngân sách tỉnh (triệu đồng)", "8.000", "6.400"]]
    assert table_figures(["Vốn chương trình giảm nghèo năm 2023:", rows]) == [
        (8_000_000_000.0, "vnd", "target", "2023"),
        (6_400_000_000.0, "vnd", "actual", "2023"),
    ]


def test_under_a_header_that_names_no_status_the_row_label_decides() -> None:
    """ "Số liệu" heads the values whatever they are; a label that compares with a
    year gives no period."""
    rows = [
        ["Nội dung", "Số liệu"],
        ["Kế hoạch được giao", "12.000"],
        ["Đã giải ngân", "9.500"],
        ["Tỷ lệ giải ngân so với năm 2022 (%)", "79,2"],
    ]
    caption = "Kinh phí chương trình năm 2023 (ĐVT: triệu đồng):"
    assert table_figures([caption, rows]) == [
        (12_000_000_000.0, "vnd", "target", "2023"),
        (9_500_000_000.0, "vnd", "actual", "2023"),
        (79.2, "percent", "actual", "2023"),
    ]


def test_a_comparison_column_is_a_result_of_its_own_year() -> None:
    rows = [
        ["Chỉ tiêu", "Thực hiện 2024", "So sánh 2024/2023 (%)", "Tăng so với năm 2022 (%)"],
        ["Thẻ bảo hiểm y tế đã cấp (thẻ)", "24.310", "105,9", "112,4"],
    ]
    assert table_figures(["Kết quả cấp thẻ:", rows]) == [
        (24310.0, "count", "actual", "2024"),
        (105.9, "percent", "actual", "2024"),
        (112.4, "percent", "actual", "2024"),
    ]


def test_in_a_plan_a_task_row_and_the_words_of_other_cells_say_no_status() -> None:
    """A label opening with "Thực hiện" is a task, and its "đã" belongs to it, not
    to the figure in the next cell: the plan's figures are targets."""
    rows = [
        ["TT", "Nhiệm vụ", "Kết quả cần đạt"],
        ["1", "Thực hiện số hóa hồ sơ, kể cả hồ sơ đã lưu trữ", "100% hồ sơ được số hóa"],
    ]
    assert table_figures(["Nhiệm vụ cụ thể:", rows], doc_type="ke_hoach", issue_date="2024-01-10") == [
        (100.0, "percent", "target", "2024"),
    ]


def test_the_cell_own_words_come_first() -> None:
    rows = [["Chỉ tiêu", "Thực hiện 2023"], ["Số hộ tái nghèo", "12 hộ"], ["Số hộ thoát nghèo", "ước 210 hộ"]]
    assert table_figures(["Kết quả giảm nghèo:", rows]) == [
        (12.0, "count", "actual", "2023"),
        (210.0, "count", "estimate", "2023"),
    ]


@pytest.mark.parametrize(
    ("name", "tail", "status"),
    [
        ("Kế hoạch 2024", None, "target"),
        ("Năm 2024 / Ước TH", None, "estimate"),
        ("Thực hiện 6 tháng đầu năm 2024", None, "actual"),
        ("Tỷ lệ hồ sơ giao dịch trực tuyến (%)", None, ""),
        ("Tỷ lệ thực hiện (%)", None, ""),
        ("Kết quả", None, ""),
        ("1.2. Kế hoạch được giao", 2, "target"),
        ("Thực hiện rà soát thủ tục hành chính", 2, ""),
    ],
)
def test_a_name_states_a_status_when_it_opens_with_one(name: str, tail: int | None, status: str) -> None:
    assert HEADERS.status_named(name, tail=tail) == status


@pytest.mark.parametrize(
    ("header", "compare", "period"),
    [
        ("Ước TH 2024 so với TH 2023", True, "2024"),
        ("So sánh 2024/2023", True, "2024"),
        ("So sánh với cùng kỳ năm 2023", True, ""),
        ("So với giai đoạn 2016 - 2020", True, ""),
        ("Năm học 2023/2024", False, "2023/2024"),
    ],
)
def test_a_year_the_column_is_compared_with_is_no_period(header: str, compare: bool, period: str) -> None:
    assert HEADERS.period(header, compare=compare) == period


def test_the_scale_and_method_of_a_marking_scheme_are_no_figures() -> None:
    scheme = [
        ["STT", "Tiêu chí thi đua", "Điểm chuẩn", "Hướng dẫn chấm điểm"],
        ["1", "Tỷ lệ hộ được tuyên truyền về chi trả không dùng tiền mặt", "20", "Mỗi hộ xác nhận chấm 0,4 điểm"],
        ["2", "Tỷ lệ người hưởng trợ cấp có tài khoản", "40", "Điểm bằng tỷ lệ nhân 40"],
    ]
    scored = [
        ["Tiêu chí", "Điểm tối đa", "Điểm đạt được"],
        ["Công khai thủ tục hành chính (điểm)", "10", "8,5"],
        ["Giải quyết hồ sơ đúng hạn (điểm)", "15", "14,25"],
    ]
    assert table_figures(["Bảng chấm điểm thi đua:", scheme]) == []
    assert table_figures(["Kết quả tự chấm điểm năm 2024:", scored]) == [
        (8.5, "point", "actual", "2024"),
        (14.25, "point", "actual", "2024"),
    ]
