"""The whole pipeline over the bundled corpus, as `make run` does it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from chitieu.pipeline.api import DEFAULT_CORPUS
from chitieu.pipeline.cli import main
from chitieu.pipeline.evaluate import evaluate
from chitieu.pipeline.schema import output_columns

DOC_IDS = [
    "000_7e6247c4615b1efe",
    "001_1882cbb7f17f978a",
    "002_ee319d26f9e3be96",
    "003_2e8e31b5cd063636",
    "004_33f1efe1deb355a4",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outputs")
    result = CliRunner().invoke(main, ["run", str(DEFAULT_CORPUS), "--out", str(folder), "--workers", "2"])
    assert result.exit_code == 0, result.output
    return folder


def table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_every_document_is_processed_and_gold_is_not_an_input(out: Path) -> None:
    documents = table(out, "documents")
    assert list(documents.columns) == output_columns("documents")
    assert documents["doc_id"].tolist() == DOC_IDS
    assert set(documents["status"]) == {"ok"}
    assert list(table(out, "indicators").columns) == output_columns("indicators")
    assert list(table(out, "sections").columns) == output_columns("sections")


def test_every_offset_points_at_the_figure_text_in_the_written_text(out: Path) -> None:
    indicators = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", dtype={"text": str, "sentence": str})
    texts = {doc_id: (out / "text" / f"{doc_id}.txt").read_text(encoding="utf-8") for doc_id in DOC_IDS}
    assert len(indicators) > 0
    for row in indicators.itertuples():
        text = texts[row.doc_id]
        assert text[row.char_start : row.char_end] == row.text
        assert row.text in row.sentence
        assert "\n" not in row.sentence


def test_obs_ids_are_unique_and_stable_across_runs(out: Path, tmp_path: Path) -> None:
    again = CliRunner().invoke(main, ["run", str(DEFAULT_CORPUS), "--out", str(tmp_path), "--workers", "0"])
    assert again.exit_code == 0
    first, second = table(out, "indicators")["obs_id"], table(tmp_path, "indicators")["obs_id"]
    assert first.is_unique
    assert first.tolist() == second.tolist()


def test_documents_without_figures_yield_none(out: Path) -> None:
    indicators = table(out, "indicators")
    assert not indicators["doc_id"].isin(["002_ee319d26f9e3be96", "003_2e8e31b5cd063636"]).any()


def test_quality_against_gold_meets_the_bar(out: Path) -> None:
    """The acceptance bars of the figure, structure and metadata issues."""
    report = evaluate(DEFAULT_CORPUS / "gold", out)
    assert report.f1 >= 0.98, report.misses + report.false_positives
    for name in ("indicator", "pillar", "status", "qualifier"):
        assert report.accuracy(name) >= 0.95, report.attribute_errors
    assert report.accuracy("period") >= 0.90, report.attribute_errors
    assert report.accuracy("value_max") == report.accuracy("denominator") == 1.0, report.attribute_errors
    assert report.section_hits[0] / report.section_hits[1] >= 0.95, report.section_errors
    assert report.document_hits[0] / report.document_hits[1] >= 0.90, report.document_errors
