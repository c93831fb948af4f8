"""Corrections: applied by obs_id, validated, kept in the output so re-runs keep them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from chitieu.pipeline.cli import main
from chitieu.pipeline.corrections import Corrections, CorrectionsError

REPORT = (
    "BÁO CÁO\n"
    "Năm 2023, toàn huyện còn 412 hộ nghèo, chiếm 3,5%.\n"
    "Kinh phí hỗ trợ là 2,5 tỷ đồng; đường dây nóng 1900.\n"
)


def rows() -> dict[str, list[dict]]:
    figure = {"doc_id": "d", "pillar": None, "status": "actual", "corrected": None}
    return {
        "indicators": [{**figure, "obs_id": "a"}, {**figure, "obs_id": "b"}, {**figure, "obs_id": "c"}],
        "documents": [{"doc_id": "d", "n_figures": 3}],
    }


def test_a_figure_marked_wrong_leaves_and_a_fixed_one_says_what_changed() -> None:
    corrections = Corrections.from_data(
        {
            "corrections": [
                {"obs_id": "a", "wrong": True},
                {"obs_id": "b", "set": {"status": "target", "pillar": "inclusive"}},
                {"obs_id": "zz", "wrong": True},
            ]
        }
    )
    tables = rows()
    corrections.apply(tables)
    assert [(r["obs_id"], r["status"], r["pillar"], r["corrected"]) for r in tables["indicators"]] == [
        ("b", "target", "inclusive", "status,pillar"),
        ("c", "actual", None, None),
    ]
    assert tables["documents"][0]["n_figures"] == 2
    assert (corrections.applied["fixed"], corrections.applied["removed"], corrections.not_found) == (1, 1, ["zz"])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"wrong": True}, "needs an obs_id"),
        ({"obs_id": "a", "set": {"status": "done"}}, "'done' is not a status code"),
        ({"obs_id": "a", "set": {"period": "2019-2020"}}, "period must be YYYY or YYYY/YYYY"),
        ({"obs_id": "a", "set": {"value": "12"}}, "value must be a number"),
        ({"obs_id": "a", "set": {"obs_id": "b"}}, "cannot correct obs_id"),
        ({"obs_id": "a", "set": {"status": None}}, "status cannot be emptied"),
        ({"obs_id": "a"}, "marks the figure wrong or sets an attribute"),
    ],
)
def test_a_correction_that_cannot_apply_is_refused_in_plain_words(entry: dict, message: str) -> None:
    with pytest.raises(CorrectionsError, match=message):
        Corrections.from_data([entry])


def test_run_applies_corrections_and_keeps_them_for_the_next_run(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()

    def run(*extra: str):
        result = runner.invoke(main, ["run", str(source), "--out", str(out), "--workers", "0", *extra])
        assert result.exit_code == 0, result.output
        return result, pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)

    _, before = run()
    ids = dict(zip(before["text"], before["obs_id"], strict=True))
    fixes = tmp_path / "fixes.json"
    entries = [{"obs_id": ids["3,5%"], "set": {"status": "estimate"}}, {"obs_id": ids["2,5 tỷ đồng"], "wrong": True}]
    fixes.write_text(json.dumps({"corrections": entries}), encoding="utf-8")
    result, after = run("--corrections", str(fixes))
    assert "corrections: 1 figures fixed, 1 marked wrong and left out" in result.stderr
    assert "2,5 tỷ đồng" not in set(after["text"])
    rate = after.set_index("text").loc["3,5%"]
    assert (rate["status"], rate["corrected"]) == ("estimate", "status")
    _, again = run()
    assert again.equals(after)
    assert (out / "corrections.json").is_file()


def test_a_bad_corrections_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "fixes.json").write_text("{not json", encoding="utf-8")
    args = [
        "run",
        str(tmp_path / "report.txt"),
        "--out",
        str(tmp_path / "out"),
        "--corrections",
        str(tmp_path / "fixes.json"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "is not a JSON corrections file" in result.output
