"""Tables: a report's tables, written for these tests, give the same figures
from text, DOCX, text PDF and spreadsheet, each with the unit its headers
give it, the status and period of its column and the subject of its row."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.extractors.figures import FigureFinder
from chitieu.extractors.tables import HeaderReader
from chitieu.pipeline.document import Document, Figure
from chitieu.pipeline.registry import build_pipeline, load_config
from chitieu.pipeline.tablerows import find_tables, header_rows, render_table
from tests.builders import Blocks, build_docx_blocks, build_table_pdf

INDICATORS = [
    ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2020", "Ước TH 2020", "Thực hiện 2019", "So sánh (%)"],
    ["I", "Giảm nghèo", "", "", "", "", ""],
    ["1", "Số hộ nghèo", "Hộ", "1.200", "1.180", "1.425", "82,8"],
    ["2", "Tỷ lệ hộ nghèo", "%", "3,5", "3,42", "4,15", ""],
    ["II", "Bảo hiểm y tế", "", "", "", "", ""],
    ["3", "Số thẻ bảo hiểm y tế đã cấp", "Thẻ", "24.000", "24.310", "22.964", "105,9"],
    ["4", "Kinh phí mua thẻ cho người nghèo", "Triệu đồng", "15.600", "15.802,5", "14.926", "105,9"],
    ["5", "Đã khảo sát mức độ hài lòng", "Có = 1; Không = 0", "1", "1", "0", ""],
]
SCORES = [
    ["STT", "Lĩnh vực đánh giá", "Điểm", "Xếp hạng"],
    ["1", "Công tác chỉ đạo điều hành", "9,49/9,5", "12/63"],
    ["2", "Cải cách thể chế", "7,25/8", "25/63"],
]
BUDGET = [
    ["Nội dung", "Dự toán 2019", "Quyết toán 2019"],
    ["Chi đầu tư phát triển", "125.300", "118.742"],
    ["Chi thường xuyên", "310.450", "305.611,5"],
]
PROSE = "Năm 2020 toàn huyện giải quyết việc làm mới cho 1.250 lao động."
BLOCKS: Blocks = [
    "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU AN SINH XÃ HỘI",
    PROSE,
    "Bảng 1. Các chỉ tiêu chủ yếu",
    INDICATORS,
    "Bảng 2. Chỉ số cải cách hành chính",
    SCORES,
    "Bảng 3. Chi ngân sách huyện. Đơn vị tính: triệu đồng",
    BUDGET,
    "Các chỉ tiêu cơ bản đạt kế hoạch đề ra.",
]

#: (value, unit, unit_noun, denominator, status, period, row_label) of every table figure.
EXPECTED = sorted(
    [
        (1200.0, "count", "hộ", None, "target", "2020", "Giảm nghèo > Số hộ nghèo"),
        (1180.0, "count", "hộ", None, "estimate", "2020", "Giảm nghèo > Số hộ nghèo"),
        (1425.0, "count", "hộ", None, "actual", "2019", "Giảm nghèo > Số hộ nghèo"),
        (82.8, "percent", "", None, "actual", "", "Giảm nghèo > Số hộ nghèo"),
        (3.5, "percent", "", None, "target", "2020", "Giảm nghèo > Tỷ lệ hộ nghèo"),
        (3.42, "percent", "", None, "estimate", "2020", "Giảm nghèo > Tỷ lệ hộ nghèo"),
        (4.15, "percent", "", None, "actual", "2019", "Giảm nghèo > Tỷ lệ hộ nghèo"),
        (24000.0, "count", "thẻ", None, "target", "2020", "Bảo hiểm y tế > Số thẻ bảo hiểm y tế đã cấp"),
        (24310.0, "count", "thẻ", None, "estimate", "2020", "Bảo hiểm y tế > Số thẻ bảo hiểm y tế đã cấp"),
        (22964.0, "count", "thẻ", None, "actual", "2019", "Bảo hiểm y tế > Số thẻ bảo hiểm y tế đã cấp"),
        (105.9, "percent", "", None, "actual", "", "Bảo hiểm y tế > Số thẻ bảo hiểm y tế đã cấp"),
        (15_600_000_000.0, "vnd", "", None, "target", "2020", "Bảo hiểm y tế > Kinh phí mua thẻ cho người nghèo"),
        (15_802_500_000.0, "vnd", "", None, "estimate", "2020", "Bảo hiểm y tế > Kinh phí mua thẻ cho người nghèo"),
        (14_926_000_000.0, "vnd", "", None, "actual", "2019", "Bảo hiểm y tế > Kinh phí mua thẻ cho người nghèo"),
        (105.9, "percent", "", None, "actual", "", "Bảo hiểm y tế > Kinh phí mua thẻ cho người nghèo"),
        (9.49, "point", "", 9.5, "", "", "Công tác chỉ đạo điều hành"),
        (12.0, "rank", "", 63.0, "", "", "Công tác chỉ đạo điều hành"),
        (7.25, "point", "", 8.0, "", "", "Cải cách thể chế"),
        (25.0, "rank", "", 63.0, "", "", "Cải cách thể chế"),
        (125_300_000_000.0, "vnd", "", None, "target", "2019", "Chi đầu tư phát triển"),
        (118_742_000_000.0, "vnd", "", None, "actual", "2019", "Chi đầu tư phát triển"),
        (310_450_000_000.0, "vnd", "", None, "target", "2019", "Chi thường xuyên"),
        (305_611_500_000.0, "vnd", "", None, "actual", "2019", "Chi thường xuyên"),
    ],
    key=repr,
)


def run_to_tables(path: Path) -> Document:
    """The document through every stage up to the table stage (enrich is the
    lead's; what the table stage sets is what these tests hold it to)."""
    config = load_config()
    stages = config["pipeline"]["stages"]
    config["pipeline"]["stages"] = stages[: stages.index("tables") + 1]
    doc = Document(doc_id=path.stem, source_path=path)
    for _, stage in build_pipeline(config):
        doc = stage(doc)
    return doc


def table_figures(doc: Document) -> list[tuple]:
    return sorted(
        (
            (round(f.value, 6), f.unit, f.unit_noun, f.denominator, f.status, f.period, f.row_label)
            for f in doc.figures
            if f.source == "table"
        ),
        key=repr,
    )


def write_text(path: Path, blocks: Blocks) -> Path:
    lines = [line for block in blocks for line in ([block] if isinstance(block, str) else render_table(block))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sheet_value(text: str) -> object:
    """A cell as a spreadsheet holds it: a number where the text is one."""
    try:
        number = float(text.replace(".", "").replace(",", "."))
    except ValueError:
        return text or None
    return int(number) if number.is_integer() else number


def write_xlsx(path: Path, blocks: Blocks) -> Path:
    """One sheet per table, the paragraphs before it as title rows above it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    titles: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            titles.append(block)
            continue
        sheet = book.create_sheet(f"Biểu {len(book.worksheets) + 1}")
        for title in titles:
            sheet.append([title])
        for row in block:
            sheet.append([_sheet_value(cell) for cell in row])
        titles = []
    book.save(path)
    return path


BUILDERS = {
    "txt": lambda folder: write_text(folder / "report.txt", BLOCKS),
    "docx": lambda folder: build_docx_blocks(folder / "report.docx", BLOCKS),
    "pdf": lambda folder: build_table_pdf(folder / "report.pdf", BLOCKS),
    "xlsx": lambda folder: write_xlsx(folder / "report.xlsx", BLOCKS),
}


@pytest.mark.parametrize("kind", BUILDERS)
def test_cells_take_unit_status_and_period_from_their_headers(tmp_path: Path, kind: str) -> None:
    doc = run_to_tables(BUILDERS[kind](tmp_path))
    assert table_figures(doc) == EXPECTED


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_table_cells_are_read_once_and_prose_around_them_as_before(tmp_path: Path, kind: str) -> None:
    doc = run_to_tables(BUILDERS[kind](tmp_path))
    assert len(doc.tables) == 3
    prose = [f for f in doc.figures if f.source == "text"]
    assert [(f.text, f.value) for f in prose] == [("1.250 lao động", 1250.0)]
    for figure in doc.figures:
        assert doc.text[figure.char_start : figure.char_end] == figure.text
        assert (doc.table_at(figure.char_start) is not None) == (figure.source == "table")


def test_a_table_figure_keeps_its_cell_and_row_as_provenance(tmp_path: Path) -> None:
    doc = run_to_tables(BUILDERS["txt"](tmp_path))
    figure = next(f for f in doc.figures if f.value == 1180.0)
    row = "1 | Số hộ nghèo | Hộ | 1.200 | 1.180 | 1.425 | 82,8"
    assert (figure.text, figure.subject, doc.sentence_of(figure)) == ("1.180", "Số hộ nghèo", row)


def test_a_header_merged_over_two_columns_names_both(tmp_path: Path) -> None:
    """ "Năm 2018" over "Kế hoạch | Thực hiện", "Chỉ tiêu" over both header rows (DOCX merged cells)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Kết quả đào tạo nghề")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Chỉ tiêu"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Năm 2018"
    for column, text in enumerate(["", "Kế hoạch", "Thực hiện"]):
        if text:
            table.cell(1, column).text = text
    for column, text in enumerate(["Lao động được đào tạo nghề (người)", "2.500", "2.630"]):
        table.cell(2, column).text = text
    path = tmp_path / "merged.docx"
    document.save(str(path))
    doc = run_to_tables(path)
    assert doc.text.splitlines()[1:4] == [
        "Chỉ tiêu | Năm 2018 |",
        "| Kế hoạch | Thực hiện",
        "Lao động được đào tạo nghề (người) | 2.500 | 2.630",
    ]
    assert table_figures(doc) == [
        (2500.0, "count", "người", None, "target", "2018", "Lao động được đào tạo nghề (người)"),
        (2630.0, "count", "người", None, "actual", "2018", "Lao động được đào tạo nghề (người)"),
    ]


def test_row_numbers_column_numbers_and_years_are_no_figures(tmp_path: Path) -> None:
    rows = [
        ["TT", "Đơn vị", "Năm 2019", "Năm 2020"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["1", "Xã Hòa Bình (hộ)", "312", "287"],
        ["2", "Xã Tân Lập (hộ)", "2020", "198"],
    ]
    doc = run_to_tables(write_text(tmp_path / "t.txt", ["Số hộ cận nghèo theo xã", rows]))
    assert doc.tables[0].header_rows == 2
    assert [(f.value, f.period) for f in doc.figures] == [(312.0, "2019"), (287.0, "2020"), (198.0, "2020")]


def test_a_table_without_any_unit_gives_no_figures_from_bare_numbers(tmp_path: Path) -> None:
    rows = [["Mã", "Tên đơn vị", "Ghi chú"], ["101", "Phòng Lao động", "12"], ["102", "Phòng Y tế", "7"]]
    doc = run_to_tables(write_text(tmp_path / "t.txt", ["Danh mục đơn vị", rows]))
    assert doc.figures == []


@pytest.mark.parametrize(
    ("phrase", "unit", "scale", "noun"),
    [
        ("triệu đồng", "vnd", 1_000_000, ""),
        ("%", "percent", 1, ""),
        ("1.000 ha", "ha", 1000, "ha"),
        ("Nghìn người", "count", 1000, "người"),
        ("Hộ", "count", 1, "hộ"),
    ],
)
def test_a_header_unit_is_read_as_the_figure_finder_reads_it(phrase: str, unit: str, scale: int, noun: str) -> None:
    found = HeaderReader(FigureFinder()).unit(phrase)
    assert (found.unit, found.scale, found.noun) == (unit, scale, noun)


@pytest.mark.parametrize("phrase", ["Có = 1; Không = 0", "02 hồ sơ"])
def test_what_is_no_unit_reads_as_none(phrase: str) -> None:
    assert HeaderReader(FigureFinder()).unit(phrase) is None


@pytest.mark.parametrize(
    ("header", "unit", "status"),
    [(["Kế hoạch"], None, "target"), (["Chỉ tiêu"], None, ""), (["Năm 2020", "Tỷ đồng"], "vnd", "")],
)
def test_a_column_header_is_a_unit_only_when_it_names_one(header: list[str], unit: str | None, status: str) -> None:
    column = HeaderReader(FigureFinder()).column(header)
    assert (column.unit.unit if column.unit else None, column.status) == (unit, status)


@pytest.mark.parametrize(
    ("header", "period"),
    [("Kế hoạch 2018", "2018"), ("Giai đoạn 2016 - 2020", "2016/2020"), ("Quý I/2019", "2019"), ("Ước TH", "")],
)
def test_a_column_header_gives_the_period(header: str, period: str) -> None:
    assert HeaderReader(FigureFinder()).period(header) == period


def test_rows_of_cells_in_text_are_tables_and_their_header_is_marked() -> None:
    text = "Mở đầu.\nChỉ tiêu | 2019 | 2020\nHộ nghèo | 1.946 | 1.358\nKết thúc.\n"
    (table,) = find_tables(text)
    assert text[table.char_start : table.char_end] == "Chỉ tiêu | 2019 | 2020\nHộ nghèo | 1.946 | 1.358"
    assert table.header_rows == 1
    assert header_rows([["Hộ nghèo", "1.946"]]) == 0


def test_a_figure_from_a_table_survives_the_run_cache() -> None:
    doc = Document(doc_id="x", source_path=Path("x.txt"), figures=[Figure("1", 0, 1, 1.0, "count", source="table")])
    doc.tables = find_tables("a | b\nc | 1\n")
    again = Document.from_dict(doc.to_dict())
    assert (again.tables, again.figures[0].source) == (doc.tables, "table")


def test_stacked_headers_the_lowest_names_the_unit(tmp_path: Path) -> None:
    """A score group over a rate and its points: the rate column is a percentage."""
    rows = [
        ["STT", "Đơn vị", "Tổng điểm (20 điểm)", "Tổng điểm (20 điểm)"],
        ["STT", "Đơn vị", "Tỷ lệ (%)", "Điểm đánh giá"],
        ["1", "Phòng Tư pháp", "95,5", "19,1"],
    ]
    doc = run_to_tables(write_text(tmp_path / "t.txt", ["Kết quả đánh giá", rows]))
    assert [(f.value, f.unit) for f in doc.figures] == [(95.5, "percent"), (19.1, "point")]


def test_a_group_row_heads_the_rows_numbered_below_it_only(tmp_path: Path) -> None:
    rows = [
        ["TT", "Nội dung", "Đơn vị tính", "Kết quả"],
        ["1.", "Tập huấn", "", ""],
        ["1.1.", "Số lớp tập huấn", "Lớp", "12"],
        ["1.2.", "Số học viên", "Người", "640"],
        ["2.", "Số xã đạt chuẩn nông thôn mới", "Xã", "9"],
    ]
    doc = run_to_tables(write_text(tmp_path / "t.txt", ["Kết quả năm 2021", rows]))
    assert [(f.value, f.unit_noun, f.row_label) for f in doc.figures] == [
        (12.0, "lớp", "Tập huấn > Số lớp tập huấn"),
        (640.0, "người", "Tập huấn > Số học viên"),
        (9.0, "xã", "Số xã đạt chuẩn nông thôn mới"),
    ]


def test_a_comparison_with_the_plan_is_a_result_and_a_percentage(tmp_path: Path) -> None:
    rows = [
        ["Chỉ tiêu", "Dự toán năm 2022", "Thực hiện quý I/2022", "So sánh thực hiện với", ""],
        ["", "", "", "Dự toán", "Cùng kỳ"],
        ["Thu ngân sách (tỷ đồng)", "1.250", "310,4", "24,8", "103,5"],
    ]
    doc = run_to_tables(write_text(tmp_path / "t.txt", ["Thu ngân sách", rows]))
    assert [(f.value, f.unit, f.status, f.period) for f in doc.figures] == [
        (1_250_000_000_000.0, "vnd", "target", "2022"),
        (310_400_000_000.0, "vnd", "actual", "2022"),
        (24.8, "percent", "actual", ""),
        (103.5, "percent", "actual", ""),
    ]
