"""Scoring against gold, exactly as SPEC §5 says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chitieu.pipeline.cli import main
from chitieu.pipeline.document import Document, Figure, Metadata, Section
from chitieu.pipeline.evaluate import NoGoldFigures, evaluate, format_report
from chitieu.pipeline.writers import write_all

SENTENCES = [
    "Toàn huyện có 100% xã đạt chuẩn.",
    "Tỷ lệ hộ nghèo còn 4,2%, đạt 100% kế hoạch.",
    "Đã hỗ trợ 300 triệu đồng.",
]


def figure(doc: Document, sentence: str, text: str, value: float, unit: str, **attributes) -> Figure:
    """A figure of ``sentence``, which joins the document's text if it is not there yet."""
    if sentence not in doc.text:
        doc.text += sentence + "\n"
    first = doc.text.index(sentence)
    start = first + sentence.index(text)
    end = first + len(sentence)
    return Figure(text, start, start + len(text), value, unit, sentence_start=first, sentence_end=end, **attributes)


def gold_line(doc: str, quote: str, value: float, unit: str, **attributes) -> str:
    base = {
        "doc": doc,
        "quote": quote,
        "value": value,
        "unit": unit,
        "indicator": "other",
        "pillar": None,
        "status": "actual",
        "qualifier": None,
        "period": None,
    }
    return json.dumps({**base, **attributes}, ensure_ascii=False)


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "d1.figures.jsonl").write_text(
        "\n".join(
            [
                gold_line("d1", "đạt 100% kế hoạch", 100, "percent", pillar="inclusive"),
                gold_line(
                    "d1",
                    "còn 4,2%",
                    4.2,
                    "percent",
                    indicator=["poor_household_rate", "other"],
                    pillar="inclusive",
                    period="2020",
                ),
                gold_line("d1", "1.500 hộ", 1500, "count"),
            ]
        ),
        encoding="utf-8",
    )
    (folder / "sections.jsonl").write_text(
        json.dumps(
            {"doc": "d1", "title_prefix": "Xây dựng cộng đồng hòa nhập", "occurrence": 1, "pillar": "inclusive"},
            ensure_ascii=False,
        )
        + "\n"
        + json.dumps({"doc": "d1", "title_prefix": "Kinh phí", "occurrence": 1, "pillar": None}, ensure_ascii=False),
        encoding="utf-8",
    )
    (folder / "documents.jsonl").write_text(
        json.dumps(
            {"doc": "d1", "doc_type": "bao_cao", "province": "Quảng Trị", "district": None, "period": "2016/2020"},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def prediction(tmp_path: Path) -> Path:
    doc = Document("d1", Path("d1.txt"), sha256="0" * 64)
    doc.meta = Metadata(doc_type="bao_cao", province="Quảng Trị", district="Cam Lộ", period="2016/2020")
    doc.sections = [
        Section("s1", None, 1, "1", "Xây dựng  cộng đồng hòa nhập", "1", 0, 10, 5, "inclusive"),
        Section("s2", None, 1, "2", "KINH PHÍ", "2", 10, 20, 15, "dynamic"),
    ]
    doc.figures = [
        figure(doc, SENTENCES[0], "100%", 100, "percent"),
        figure(
            doc,
            SENTENCES[1],
            "4,2%",
            4.2,
            "percent",
            indicator="poor_household_rate",
            pillar="inclusive",
            period="2019",
        ),
        figure(doc, SENTENCES[1], "100%", 100, "percent", pillar="inclusive"),
        figure(doc, SENTENCES[2], "300 triệu đồng", 300e6, "vnd", indicator="funds_vnd"),
    ]
    out = tmp_path / "pred"
    write_all([doc], out, ["csv"])
    return out


def test_precision_recall_f1_count_one_to_one_matches(gold: Path, prediction: Path) -> None:
    report = evaluate(gold, prediction)
    assert (report.gold, report.predicted, report.matched) == (3, 4, 2)
    assert report.precision == pytest.approx(0.5)
    assert report.recall == pytest.approx(2 / 3)
    assert report.f1 == pytest.approx(4 / 7)


def test_equal_values_are_paired_by_the_quote_so_attributes_are_judged_fairly(gold: Path, prediction: Path) -> None:
    report = evaluate(gold, prediction)
    # The 100% "đạt 100% kế hoạch" is the second 100% in the text, with pillar inclusive.
    assert report.attribute_hits["pillar"] == [2, 2]
    assert report.attribute_hits["indicator"] == [2, 2]  # a list in gold accepts any of its codes
    # SPEC §5: the 100%'s period is null in gold, left open, so not scored; a null qualifier means none
    assert report.attribute_hits["period"] == [0, 1]
    assert report.attribute_hits["qualifier"] == [2, 2]
    assert report.attribute_errors == ["d1  'còn 4,2%'  period: gold '2020', got '2019'"]


def test_misses_and_false_positives_are_listed(gold: Path, prediction: Path) -> None:
    report = evaluate(gold, prediction)
    assert report.misses == ["d1  '1.500 hộ'  1500 count"]
    assert [fp.split("  ")[1] for fp in report.false_positives] == ["'100%'", "'300 triệu đồng'"]


def test_sections_and_document_fields(gold: Path, prediction: Path) -> None:
    report = evaluate(gold, prediction)
    assert report.section_hits == [1, 2]
    assert report.section_errors == ["d1  'Kinh phí' #1: gold None, got 'dynamic'"]
    assert report.document_hits == [3, 4]
    assert report.document_errors == ["d1  district: gold None, got 'Cam Lộ'"]


def test_report_ends_with_the_summary(gold: Path, prediction: Path) -> None:
    lines = format_report(evaluate(gold, prediction)).splitlines()
    assert lines[-5].startswith("figures    precision 0.500  recall 0.667  F1 0.571")
    assert lines[-1] == "documents  field accuracy 0.750 (3/4)"


def test_per_is_scored_with_null_meaning_none(gold: Path, prediction: Path) -> None:
    report = evaluate(gold, prediction)
    assert report.attribute_hits["per"] == [2, 2]  # gold has no per, the rows have none either


def test_each_document_type_is_scored_on_its_own(gold: Path, prediction: Path, tmp_path: Path) -> None:
    with open(gold / "documents.jsonl", "a", encoding="utf-8") as handle:
        handle.write("\n" + json.dumps({"doc": "d2", "doc_type": "ke_hoach"}))
    (gold / "d2.figures.jsonl").write_text(gold_line("d2", "50 hộ", 50, "count") + "\n", encoding="utf-8")
    doc = Document("d2", Path("d2.txt"), sha256="1" * 64)
    doc.figures = [figure(doc, "Hỗ trợ 50 hộ.", "50 hộ", 50, "count")]
    both = tmp_path / "both"
    first = Document("d1", Path("d1.txt"), sha256="0" * 64)
    write_all([first, doc], both, ["csv"])
    report = evaluate(gold, both)
    assert sorted(report.by_doc_type) == ["bao_cao", "ke_hoach"]
    assert (report.by_doc_type["ke_hoach"].gold, report.by_doc_type["ke_hoach"].matched) == (1, 1)
    assert (report.by_doc_type["bao_cao"].gold, report.by_doc_type["bao_cao"].matched) == (3, 0)
    assert "  ke_hoach    F1 1.000  (gold 1, predicted 1)" in format_report(report)


def test_a_run_without_gold_figures_is_refused_rather_than_scored_perfect(tmp_path: Path, prediction: Path) -> None:
    empty_gold = tmp_path / "no-gold"
    empty_gold.mkdir()
    with pytest.raises(NoGoldFigures, match="has gold figures in"):
        evaluate(empty_gold, prediction)
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(empty_gold), "--pred", str(prediction)])
    assert result.exit_code == 1
    assert "Error: none of the 1 documents in" in result.output and "precision" not in result.output


def test_figures_in_table_cells_and_in_prose_are_scored_apart(gold: Path, tmp_path: Path) -> None:
    """A pair stands where its row's sentence does (a table row: cells joined by
    " | "), a miss where its quote does, a false positive where its sentence does."""
    with open(gold / "d1.figures.jsonl", "a", encoding="utf-8") as handle:
        handle.write("\n" + gold_line("d1", "Số hộ nghèo | 1.200", 1200, "count", status="target"))
        handle.write("\n" + gold_line("d1", "Số hộ cận nghèo | 640", 640, "count"))
    row = "Số hộ nghèo | 1.200 | 1.180"
    doc = Document("d1", Path("d1.txt"), sha256="0" * 64)
    doc.figures = [
        figure(doc, SENTENCES[1], "4,2%", 4.2, "percent"),
        figure(doc, row, "1.200", 1200, "count", status="actual"),
        figure(doc, row, "1.180", 1180, "count"),
    ]
    out = tmp_path / "places"
    write_all([doc], out, ["csv"])
    report = evaluate(gold, out)
    tables, prose = report.by_place["tables"], report.by_place["prose"]
    assert (tables.gold, tables.predicted, tables.matched) == (2, 2, 1)
    assert (prose.gold, prose.predicted, prose.matched) == (3, 1, 1)
    assert tables.attribute_hits["status"] == [0, 1]
    assert format_report(report).splitlines()[-2:] == [
        "  tables      F1 0.500  (gold 2, predicted 2)  indicator 1.00  pillar 1.00  status 0.00  qualifier 1.00"
        "  period 1.00  per 1.00",
        "  prose       F1 0.500  (gold 3, predicted 1)  indicator 1.00  pillar 0.00  status 1.00  qualifier 1.00"
        "  period 0.00  per 1.00",
    ]


def test_a_part_without_gold_is_said_to_be_unscored_not_perfect(gold: Path, prediction: Path) -> None:
    (gold / "sections.jsonl").unlink()
    lines = format_report(evaluate(gold, prediction)).splitlines()
    assert "sections   pillar accuracy not scored (no gold)" in lines
    assert "documents  field accuracy 0.750 (3/4)" in lines
