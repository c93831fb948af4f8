"""The indicator and subject of table figures, read from the row label and the
column's headers: whichever names a catalogue measure names it; where both do,
the one that also names the cell's unit, else the more specific term. Tables are
written for these tests."""

from __future__ import annotations

from pathlib import Path

import chitieu
from chitieu.pipeline.document import Figure
from tests.builders import Blocks, build_docx_blocks, through_tables

#: Rows of bodies, measures in the column headers, a score column under a header naming points.
BY_BODY = [
    ["TT", "Cơ quan", "Tổng số hồ sơ tiếp nhận (hồ sơ)", "Tỷ lệ giải quyết đúng hạn (%)", "Điểm"],
    ["1", "Sở Tài nguyên", "2.418", "96,5", "17,5"],
    ["2", "Huyện Lạc Dương", "1.307", "99,2", "19"],
]
#: (value, unit, indicator, subject) of each cell of BY_BODY: the body stays the subject of a score.
BY_BODY_READ = [
    (2418.0, "count", "records_received", "hồ sơ tiếp nhận"),
    (96.5, "percent", "records_on_time_rate", "tỷ lệ hồ sơ giải quyết đúng hạn"),
    (17.5, "point", "other", "Sở Tài nguyên"),
    (1307.0, "count", "records_received", "hồ sơ tiếp nhận"),
    (99.2, "percent", "records_on_time_rate", "tỷ lệ hồ sơ giải quyết đúng hạn"),
    (19.0, "point", "other", "Lạc Dương"),
]


def read(figures: list[Figure]) -> list[tuple]:
    return [(round(f.value, 6), f.unit, f.indicator, f.subject) for f in figures if f.source == "table"]


def table_figures(blocks: Blocks) -> list[tuple]:
    return read(through_tables(blocks).figures)


def test_rows_of_bodies_take_the_measure_their_column_header_names() -> None:
    assert table_figures(["Kết quả giải quyết thủ tục hành chính năm 2024:", BY_BODY]) == BY_BODY_READ


def test_a_docx_table_of_bodies_takes_its_column_headers(tmp_path: Path) -> None:
    path = build_docx_blocks(
        tmp_path / "report.docx",
        ["BÁO CÁO", "Kết quả giải quyết thủ tục hành chính năm 2024", BY_BODY],
    )
    assert read(chitieu.process(path).figures) == BY_BODY_READ


def test_every_cell_of_a_row_takes_the_measure_its_label_names() -> None:
    """Headers naming a status and a year name no measure: the row label does, for every column."""
    rows = [
        ["Chỉ tiêu", "Kế hoạch 2024", "Thực hiện 2024"],
        ["Tỷ lệ hộ cận nghèo (%)", "3,2", "3,05"],
        ["Số thẻ BHYT đã cấp (thẻ)", "15.000", "14.210"],
    ]
    assert table_figures(["Kết quả:", rows]) == [
        (3.2, "percent", "near_poor_household_rate", "tỷ lệ hộ cận nghèo"),
        (3.05, "percent", "near_poor_household_rate", "tỷ lệ hộ cận nghèo"),
        (15000.0, "count", "health_insurance_cards", "Số thẻ BHYT"),
        (14210.0, "count", "health_insurance_cards", "Số thẻ BHYT"),
    ]


def test_the_label_that_names_the_cells_unit_names_the_measure() -> None:
    """The row names a count of records filed online, the column a rate: a percentage
    is the column's rate, though the row's term is longer."""
    rows = [["Nội dung", "Tỷ lệ đúng hạn (%)"], ["Hồ sơ nộp trực tuyến", "97,4"]]
    assert table_figures(["Kết quả:", rows]) == [
        (97.4, "percent", "records_on_time_rate", "tỷ lệ hồ sơ giải quyết đúng hạn")
    ]


def test_a_header_naming_another_unit_names_no_measure_of_a_percentage() -> None:
    """ "Mức độ hài lòng (tối đa 10 điểm)" heads a score: it names the score under
    it, not the plain "Tỷ lệ (%)" beside the score."""
    rows = [
        ["Đơn vị", "Mức độ hài lòng (tối đa 10 điểm)", "Mức độ hài lòng (tối đa 10 điểm)"],
        ["Đơn vị", "Tỷ lệ (%)", "Điểm"],
        ["Xã Đạ Nhim", "72,5", "7,25"],
    ]
    assert table_figures(["Kết quả chấm điểm:", rows]) == [
        (72.5, "percent", "other", "Xã Đạ Nhim"),
        (7.25, "point", "sipas", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"),
    ]


def test_a_group_row_names_the_measure_of_the_places_below_it() -> None:
    rows = [
        ["STT", "Địa bàn", "Năm 2024 (%)"],
        ["I", "Tỷ lệ hộ nghèo", ""],
        ["1", "Xã Tà Nung", "4,1"],
        ["2", "Xã Tà Hine", "6,3"],
    ]
    assert table_figures(["Kết quả giảm nghèo:", rows]) == [
        (4.1, "percent", "poor_household_rate", "tỷ lệ hộ nghèo"),
        (6.3, "percent", "poor_household_rate", "tỷ lệ hộ nghèo"),
    ]


def test_a_share_of_services_with_online_records_is_no_share_of_records_filed_online() -> None:
    rows = [
        ["Chỉ tiêu", "ĐVT", "Kết quả"],
        ["Tỷ lệ dịch vụ công có phát sinh hồ sơ nộp trực tuyến", "%", "81,7"],
        ["Tỷ lệ hồ sơ nộp trực tuyến", "%", "64,2"],
    ]
    assert [row[:3] for row in table_figures(["Kết quả:", rows])] == [
        (81.7, "percent", "other"),
        (64.2, "percent", "online_records_rate"),
    ]


def test_a_second_word_column_nearer_the_cell_names_the_measure_of_every_cell() -> None:
    """A group column, then the measure, then the body: every value cell of the row
    takes the measure, and complaints handled on time are no records handled on time."""
    rows = [
        ["STT", "Nhóm tiêu chí", "Chỉ số", "Cơ quan", "Kế hoạch (%)", "Thực hiện (%)"],
        ["1", "Cải cách thủ tục", "Tỷ lệ hồ sơ giải quyết trước hạn", "Sở Công Thương", "90", "93,4"],
        ["2", "Cải cách thủ tục", "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", "Sở Công Thương", "95", "100"],
    ]
    assert [row[:3] for row in table_figures(["Kết quả thực hiện:", rows])] == [
        (90.0, "percent", "records_on_time_rate"),
        (93.4, "percent", "records_on_time_rate"),
        (95.0, "percent", "other"),
        (100.0, "percent", "other"),
    ]
