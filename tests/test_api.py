"""The Python API: one report, many reports, and a run's tables back as DataFrames."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import chitieu
from chitieu.pipeline.inputs import NoInputs
from chitieu.pipeline.safequery import QueryError

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


def test_run_grows_a_dataset_as_the_command_does(tmp_path: Path) -> None:
    first, second, out = tmp_path / "thang-1", tmp_path / "thang-2", tmp_path / "out"
    first.mkdir()
    second.mkdir()
    (first / "xa-a.txt").write_text(REPORT, encoding="utf-8")
    (second / "xa-b.txt").write_text("BÁO CÁO\nNăm 2023, xã đã cấp 215 thẻ BHYT.\n", encoding="utf-8")
    report = chitieu.run([first], out, workers=0, formats=["csv"])
    assert [(d.doc_id, d.status, len(d.figures)) for d in report.batch.documents] == [("xa-a", "ok", 3)]
    report = chitieu.run([second], out, workers=0, formats=["csv"])
    assert [d.doc_id for d in report.batch.documents] == ["xa-b"]
    assert sorted(d.doc_id for d in report.dataset) == ["xa-a", "xa-b"]
    assert chitieu.read_dataset(out)["indicators"]["value"].tolist() == [87, 2.4, 640, 215]
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoInputs, match="no input files found"):
        chitieu.run([tmp_path / "empty"], tmp_path / "other", workers=0)


def test_query_reads_the_database_and_refuses_to_write(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "xa-a.txt").write_text(REPORT, encoding="utf-8")
    chitieu.run([folder], tmp_path / "out", workers=0, formats=["sqlite"])
    database = tmp_path / "out" / "chitieu.sqlite"
    answer = chitieu.query(database, "SELECT unit, COUNT(*) AS n FROM indicators GROUP BY unit")
    assert answer.frame().to_dict("records") == [{"unit": "count", "n": 2}, {"unit": "percent", "n": 1}]
    with pytest.raises(QueryError, match="only reads: ATTACH, VACUUM, writes and settings are refused"):
        chitieu.query(database, f"VACUUM INTO '{tmp_path / 'copy.db'}'")
    assert not (tmp_path / "copy.db").exists()
    with pytest.raises(FileNotFoundError, match=r"no database at .*missing\.sqlite"):
        chitieu.query(tmp_path / "missing.sqlite", "SELECT 1")


def test_evaluate_scores_a_gold_set_it_runs_first(tmp_path: Path) -> None:
    corpus, gold = tmp_path / "corpus", tmp_path / "corpus" / "gold"
    gold.mkdir(parents=True)
    (corpus / "xa-a.txt").write_text(REPORT, encoding="utf-8")
    figure = {"quote": "87 hộ", "value": 87, "unit": "count", "indicator": "poor_households", "period": "2022"}
    missed = {"quote": "12 trường", "value": 12, "unit": "count", "indicator": None, "period": None}
    (gold / "xa-a.figures.jsonl").write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in (figure, missed)) + "\n", encoding="utf-8"
    )
    (gold / "documents.jsonl").write_text(json.dumps({"doc": "xa-a"}) + "\n", encoding="utf-8")
    report = chitieu.evaluate(gold, workers=0)
    assert (report.gold, report.predicted, report.matched) == (2, 3, 1)


def test_run_with_no_path_and_no_bundled_corpus_asks_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chitieu.pipeline.api.DEFAULT_CORPUS", tmp_path / "not-installed")
    with pytest.raises(NoInputs, match="name the files or folders to read"):
        chitieu.run([], tmp_path / "out", workers=0)
