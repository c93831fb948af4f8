"""Writers: every table, every format, contract column order, atomic writes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from chitieu.pipeline import writers
from chitieu.pipeline.document import Document, Figure, Metadata, Section
from chitieu.pipeline.schema import DOCUMENT_COLUMNS, EXTRA_COLUMNS, INDICATOR_COLUMNS, SECTION_COLUMNS, output_columns

TEXT = "II. KẾT QUẢ\nĐã hỗ trợ 14.556,24 triệu đồng cho 2.310 hộ.\n"


def report() -> Document:
    doc = Document("quang-tri/cam-lo", Path("in/quang-tri/cam-lo.txt"), sha256="ab" * 32, format="txt")
    doc.text = TEXT
    doc.meta = Metadata(
        doc_type="bao_cao",
        province="Quảng Trị",
        district="Cam Lộ",
        period="2016/2020",
        issue_date="2020-06-30",
        title="Báo cáo\nsơ kết",
    )
    doc.sections = [Section("s1", None, 1, "II", "KẾT QUẢ", "II", 0, len(TEXT), 11, "inclusive", "hộ; hỗ trợ")]
    start = TEXT.index("14.556")
    doc.figures = [
        Figure(
            "14.556,24 triệu đồng",
            start,
            start + 20,
            14_556_240_000.0,
            "vnd",
            indicator="funds_vnd",
            status="actual",
            period="2016/2020",
            sentence_start=TEXT.index("Đã hỗ trợ"),
            sentence_end=TEXT.index("hộ.\n") + 3,
            section_id="s1",
            pillar="inclusive",
            obs_id="f1",
        ),
        Figure(
            "2.310 hộ",
            TEXT.index("2.310"),
            TEXT.index("2.310") + 8,
            2310.0,
            "count",
            unit_noun="hộ",
            denominator=2500.0,
            section_id="s1",
            obs_id="f2",
        ),
    ]
    return doc


def failed_file() -> Document:
    return Document(
        "broken",
        Path("in/broken.pdf"),
        sha256="cd" * 32,
        format="pdf",
        status="failed",
        error="the file is not a valid PDF (truncated or corrupt)",
    )


@pytest.fixture
def out(tmp_path: Path) -> Path:
    doc = report()
    doc.figures[1].unit = "xyz"  # a unit the data dictionary does not know yet
    writers.write_all([doc, failed_file()], tmp_path)
    return tmp_path


def test_csv_has_bom_and_contract_columns_in_order(out: Path) -> None:
    raw = (out / "indicators.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    for name, columns in (
        ("indicators", INDICATOR_COLUMNS),
        ("documents", DOCUMENT_COLUMNS),
        ("sections", SECTION_COLUMNS),
    ):
        frame = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert list(frame.columns) == columns + EXTRA_COLUMNS[name]


def test_csv_values_are_written_as_numbers_without_float_noise(out: Path) -> None:
    frame = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    first, second = frame.to_dict("records")
    assert (first["value"], first["unit"], first["page"], first["section_path"]) == ("14556240000", "vnd", "", "II")
    assert (second["value"], second["denominator"], second["value_max"]) == ("2310", "2500", "")
    assert first["province"] == "Quảng Trị"


def test_documents_table_keeps_failed_files_with_their_reason(out: Path) -> None:
    frame = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    rows = frame.set_index("doc_id").to_dict("index")
    assert rows["broken"]["status"] == "failed"
    assert rows["broken"]["error"] == "the file is not a valid PDF (truncated or corrupt)"
    assert rows["broken"]["n_figures"] == "0"
    assert (rows["quang-tri/cam-lo"]["n_figures"], rows["quang-tri/cam-lo"]["title"]) == ("2", "Báo cáo sơ kết")


def test_parquet_has_typed_columns_and_null_for_every_missing_value(out: Path) -> None:
    frame = pd.read_parquet(out / "indicators.parquet")
    assert list(frame.columns) == output_columns("indicators")
    assert frame["value"].tolist() == [14_556_240_000.0, 2310.0]
    assert frame["char_start"].tolist() == [TEXT.index("14.556"), TEXT.index("2.310")]
    second = frame.iloc[1]
    assert [pd.isna(second[c]) for c in ("pillar", "qualifier", "period", "page", "period_start")] == [True] * 5
    assert (frame["period_start"][0], frame["period_end"][0]) == (2016, 2020)
    documents = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert documents.loc["quang-tri/cam-lo", "issue_date"] == dt.date(2020, 6, 30)
    assert pd.isna(documents.loc["broken", "doc_type"]) and pd.isna(documents.loc["broken", "issue_date"])


def test_sqlite_database_holds_the_three_tables(out: Path) -> None:
    with sqlite3.connect(out / "chitieu.sqlite") as db:
        count = db.execute("SELECT COUNT(*) FROM indicators WHERE unit = 'vnd'").fetchone()[0]
        statuses = db.execute("SELECT status FROM documents ORDER BY doc_id").fetchall()
    assert count == 1
    assert statuses == [("failed",), ("ok",)]


def test_sqlite_tables_have_keys_nulls_and_full_text_search(out: Path) -> None:
    with sqlite3.connect(out / "chitieu.sqlite") as db:
        keys = {t: [r[5] for r in db.execute(f"PRAGMA table_info({t})")] for t in ("indicators", "sections")}
        links = db.execute("PRAGMA foreign_key_list(indicators)").fetchall()
        missing = db.execute("SELECT typeof(qualifier), typeof(page) FROM indicators WHERE obs_id = 'f2'").fetchone()
        dates = db.execute("SELECT issue_date, period_start, period_end FROM documents WHERE status = 'ok'").fetchone()
        found = db.execute(
            "SELECT obs_id FROM indicators WHERE rowid IN "
            "(SELECT rowid FROM indicators_fts WHERE indicators_fts MATCH 'triệu')"
        )
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        labels = db.execute("SELECT code, label FROM code_pillar WHERE code = 'inclusive'").fetchall()
        unknown_unit = db.execute("SELECT code, label FROM code_unit WHERE code IN ('vnd', 'xyz')").fetchall()
        assert [row[0] for row in found] == ["f1"]
    assert keys["indicators"][0] == 1 and sum(keys["indicators"]) == 1
    assert [k for k in keys["sections"] if k] == [1, 2]
    assert sorted((row[2], row[3], row[4]) for row in links) == [
        ("code_doc_type", "doc_type", "code"),
        ("code_indicator", "indicator", "code"),
        ("code_pillar", "pillar", "code"),
        ("code_qualifier", "qualifier", "code"),
        ("code_status", "status", "code"),
        ("code_unit", "unit", "code"),
        ("documents", "doc_id", "doc_id"),
        ("sections", "section_key", "section_key"),
    ]
    assert missing == ("null", "null")
    assert labels == [("inclusive", "Tiến bộ, hòa nhập, bình đẳng (inclusive)")]
    assert unknown_unit == [("vnd", "Đồng Việt Nam (VND)"), ("xyz", "xyz")]
    assert dates == ("2020-06-30", 2016, 2020)


def test_workbook_reads_for_an_analyst(out: Path) -> None:
    book = load_workbook(out / "chitieu.xlsx")
    assert book.sheetnames == ["Tổng hợp", "indicators", "documents", "sections", "Giải thích"]
    sheet = book["indicators"]
    columns = [cell.value for cell in sheet[2]]
    assert columns == output_columns("indicators")
    labels = dict(zip(columns, (cell.value for cell in sheet[1]), strict=True))
    assert (labels["value"], labels["province"], labels["pillar"]) == ("Giá trị", "Tỉnh/thành phố", "Trụ cột")
    last = sheet.cell(2, len(columns)).column_letter
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A3", f"A2:{last}4")
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("1F4E79")
    value = columns.index("value") + 1
    money, count = sheet.cell(3, value), sheet.cell(4, value)
    assert (money.value, money.number_format, count.number_format) == (14_556_240_000, "#,##0", "#,##0")
    width = sheet.column_dimensions[sheet.cell(1, columns.index("section_title") + 1).column_letter].width
    assert 12 <= width <= 52
    assert sheet.column_dimensions[sheet.cell(1, columns.index("sentence") + 1).column_letter].width >= 60


def test_workbook_colours_failed_documents_and_explains_every_column_and_code(out: Path) -> None:
    book = load_workbook(out / "chitieu.xlsx")
    documents = book["documents"]
    fills = {row[0].value: row[0].fill.fgColor.rgb for row in documents.iter_rows(min_row=3)}
    assert fills["broken"].endswith("F8CBAD") and fills["quang-tri/cam-lo"] == "00000000"
    glossary = [[cell.value for cell in row] for row in book["Giải thích"].iter_rows()]
    assert glossary[2][:3] == ["indicators", "obs_id", "Mã số liệu"]
    described = {(row[0], row[1]) for row in glossary}
    assert all(("documents", column) in described for column in output_columns("documents"))
    assert ["pillar", "inclusive", "Tiến bộ, hòa nhập, bình đẳng (inclusive)"] in [row[:3] for row in glossary]
    summary = [[cell.value for cell in row] for row in book["Tổng hợp"].iter_rows()]
    assert ["failed", "Không đọc được (could not be read; see error)", 1] in [row[:3] for row in summary]
    assert ["Quảng Trị", "inclusive", "funds_vnd", "kinh phí", 1, 1] in [row[:6] for row in summary]
    header = summary.index(
        ["Tỉnh/thành phố", "engaging", "inclusive", "sustainable", "resilient", "dynamic", "(trống)"]
    )
    assert summary[header + 1] == ["Quảng Trị", 0, 1, 0, 0, 0, 1]
    assert ["Quảng Trị", "(trống)", "other", "Chỉ tiêu khác (other, see subject)", 1, 1] in [r[:6] for r in summary]


def test_strings_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    doc = report()
    doc.meta.title = '=HYPERLINK("http://example.org")'
    writers.write_all([doc], tmp_path, ["xlsx"])
    sheet = load_workbook(tmp_path / "chitieu.xlsx")["documents"]
    title = sheet.cell(3, output_columns("documents").index("title") + 1)
    assert (title.value, title.data_type) == ('=HYPERLINK("http://example.org")', "s")


def test_normalised_text_is_written_so_offsets_can_be_checked(out: Path) -> None:
    text = (out / "text" / "quang-tri" / "cam-lo.txt").read_text(encoding="utf-8")
    frame = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", dtype={"text": str})
    for row in frame.itertuples():
        assert text[row.char_start : row.char_end] == row.text
    assert not (out / "text" / "broken.txt").exists()


def test_interrupted_write_leaves_the_previous_table_whole(out: Path, monkeypatch) -> None:
    before = (out / "indicators.csv").read_bytes()

    def interrupted(self, path, **kwargs):
        Path(path).write_text("obs_id,doc", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writers.write_all([report()], out, ["csv"])
    assert (out / "indicators.csv").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".indicators")]
