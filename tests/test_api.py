"""The Python API: one report, many reports, and a run's tables back as DataFrames."""

from __future__ import annotations

from pathlib import Path

import pytest

import chitieu

REPORT = "BÁO CÁO\nNăm 2022, toàn xã còn 87 hộ nghèo, chiếm 2,4%; đã cấp 640 thẻ BHYT.\n"


def test_process_takes_a_report_as_text_or_as_a_file(tmp_path: Path) -> None:
    from_text = chitieu.process(REPORT)
    assert from_text.status == "ok" and from_text.source_path == Path("<text>")
    assert [(f.text, f.value, f.unit, f.indicator, f.period) for f in from_text.figures] == [
        ("87 hộ", 87, "count", "poor_households", "2022"),
        ("2,4%", 2.4, "percent", "poor_household_rate", "2022"),
        ("640 thẻ", 640, "count", "health_insurance_cards", "2022"),
    ]
    path = tmp_path / "xa-a.txt"
    path.write_text(REPORT, encoding="utf-8")
    from_file = chitieu.process(path)
    assert from_file.doc_id == "xa-a"
    assert [f.obs_id for f in from_file.figures] == [f.obs_id for f in from_text.figures]


def test_a_file_that_cannot_be_read_comes_back_failed_not_raised(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"not a pdf")
    doc = chitieu.process(tmp_path / "scan.pdf")
    assert doc.status == "failed" and "PDF" in doc.error


def test_a_mistyped_path_is_an_error_not_a_text_to_read(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no such file: .*bao-cao\.pdf"):
        chitieu.process(str(tmp_path / "bao-cao.pdf"))


def test_pipe_then_write_then_read_gives_typed_tables(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "b.txt").write_text("", encoding="utf-8")
    documents = list(chitieu.pipe([folder], workers=0))
    assert [(d.doc_id, d.status) for d in documents] == [("a", "ok"), ("b", "empty")]
    chitieu.write_dataset(documents, tmp_path / "out", formats=["csv"])
    tables = chitieu.read_dataset(tmp_path / "out")
    figures = tables["indicators"]
    assert figures["value"].tolist() == [87, 2.4, 640]
    assert str(figures["value"].dtype) == "Float64" and figures["period_start"].tolist() == [2022] * 3
    assert tables["documents"]["doc_type"].isna().tolist() == [False, True]
