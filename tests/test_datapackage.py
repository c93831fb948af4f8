"""The data dictionary travels with the data: datapackage.json, checked by Frictionless."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chitieu.pipeline import dictionary
from chitieu.pipeline.schema import output_columns
from chitieu.pipeline.serve import datasette_metadata
from chitieu.pipeline.writers import write_all
from tests.test_writers import failed_file, report


def test_frictionless_validates_an_output(tmp_path: Path) -> None:
    write_all([report(), failed_file()], tmp_path, ["csv"])
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(frictionless), "validate", "--json", str(tmp_path / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    report_json = json.loads(result.stdout)
    assert report_json["valid"], json.dumps(report_json["tasks"], indent=1)[:3000]
    assert [task["name"] for task in report_json["tasks"]] == ["indicators", "documents", "sections"]


def test_every_column_is_described_with_its_type_and_keys(tmp_path: Path) -> None:
    write_all([report()], tmp_path, ["csv"])
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    for name, resource in resources.items():
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == output_columns(name)
        assert all(f["description"] and f["title"] for f in fields)
    types = {f["name"]: f["type"] for f in resources["documents"]["schema"]["fields"]}
    assert (types["issue_date"], types["n_figures"], types["title"]) == ("date", "integer", "string")
    pillar = next(f for f in resources["indicators"]["schema"]["fields"] if f["name"] == "pillar")
    assert "inclusive = Tiến bộ, hòa nhập, bình đẳng (inclusive)" in pillar["description"]
    assert resources["sections"]["schema"]["primaryKey"] == ["doc_id", "section_id"]


def test_an_undescribed_column_stops_the_dictionary_from_loading(tmp_path: Path, monkeypatch) -> None:
    text = dictionary.DICTIONARY_PATH.read_text(encoding="utf-8")
    broken = tmp_path / "columns.toml"
    broken.write_text(text.replace("[columns.sentence]", "[columns.sentence_unused]"), encoding="utf-8")
    with pytest.raises(dictionary.DictionaryError, match="column 'sentence' of indicators needs a label"):
        dictionary.load_dictionary(broken)


def test_datasette_metadata_gives_titles_descriptions_facets_and_search() -> None:
    tables = datasette_metadata()["databases"]["chitieu"]["tables"]
    indicators = tables["indicators"]
    assert indicators["facets"] == ["province", "pillar", "indicator", "status", "period"]
    assert indicators["fts_table"] == "indicators_fts"
    assert indicators["columns"]["status"].startswith("Trạng thái: Whether the figure is a result")
    assert "target = Mục tiêu" in indicators["columns"]["status"]
    assert tables["indicators_fts"] == {"hidden": True}
