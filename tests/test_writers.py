"""Writers: every table, every format, contract column order, atomic writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline import writers
from pipeline.document import Document, Figure, Metadata, Section
from pipeline.schema import DOCUMENT_COLUMNS, INDICATOR_COLUMNS, SECTION_COLUMNS

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
            sentence=TEXT.splitlines()[1],
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
    writers.write_all([report(), failed_file()], tmp_path)
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
        assert list(frame.columns) == columns


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


def test_parquet_has_typed_columns(out: Path) -> None:
    frame = pd.read_parquet(out / "indicators.parquet")
    assert list(frame.columns) == INDICATOR_COLUMNS
    assert frame["value"].tolist() == [14_556_240_000.0, 2310.0]
    assert frame["char_start"].tolist() == [TEXT.index("14.556"), TEXT.index("2.310")]


def test_excel_workbook_has_a_sheet_per_table_with_frozen_filtered_header(out: Path) -> None:
    book = load_workbook(out / "chitieu.xlsx", read_only=False)
    assert book.sheetnames == ["indicators", "documents", "sections"]
    sheet = book["indicators"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(INDICATOR_COLUMNS))}3"
    assert [cell.value for cell in sheet[1]] == INDICATOR_COLUMNS


def test_sqlite_database_holds_the_three_tables(out: Path) -> None:
    with sqlite3.connect(out / "chitieu.sqlite") as db:
        count = db.execute("SELECT COUNT(*) FROM indicators WHERE unit = 'vnd'").fetchone()[0]
        statuses = db.execute("SELECT status FROM documents ORDER BY doc_id").fetchall()
    assert count == 1
    assert statuses == [("failed",), ("ok",)]


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
