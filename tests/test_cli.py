"""The command line: help that explains, plain errors, honest exit codes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from chitieu.pipeline.cli import main

REPORT = "BÁO CÁO\nNăm 2023, toàn huyện đã cấp 1.250 thẻ BHYT cho người nghèo.\n"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_help_documents_the_commands_and_the_outputs() -> None:
    top = invoke("--help")
    assert top.exit_code == 0
    assert "run" in top.output and "evaluate" in top.output
    run_help = invoke("run", "--help").output
    for words in ("indicators.csv", "documents.csv", "chitieu.sqlite", "--max-size", "--timeout", "Exit code"):
        assert words in run_help


def test_missing_input_is_a_usage_error_with_exit_code_2(tmp_path: Path) -> None:
    result = invoke("run", str(tmp_path / "absent"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_a_failed_file_is_reported_and_sets_exit_code_1(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "report.txt").write_text(REPORT, encoding="utf-8")
    (inputs / "notes.xyz").write_text("?", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("run", str(inputs), "--out", str(out), "--workers", "1")
    assert result.exit_code == 1
    assert "2 files (1 ok, 0 empty, 1 failed; 0 unchanged since last run)" in result.output
    documents = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    rows = documents.set_index("doc_id").to_dict("index")
    assert rows["notes"]["status"] == "failed"
    assert rows["notes"]["error"].startswith("unsupported file type '.xyz'")
    assert rows["report"]["status"] == "ok"


def test_all_good_files_exit_0_and_a_rerun_skips_them(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    first = invoke("run", str(tmp_path / "report.txt"), "--out", str(out), "--workers", "0")
    second = invoke("run", str(tmp_path / "report.txt"), "--out", str(out), "--workers", "0")
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert "1 unchanged since last run" in second.output
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        "chitieu.sqlite", "chitieu.xlsx", "datapackage.json", "documents.csv", "documents.parquet",
        "indicators.csv", "indicators.parquet", "sections.csv", "sections.parquet",
    ]  # fmt: skip


def test_a_file_read_with_a_caveat_says_so_in_documents_and_on_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_bytes(REPORT.encode("utf-8").replace("thẻ".encode(), b"th\xff\xfe"))
    out = tmp_path / "out"
    result = invoke("run", str(tmp_path / "report.txt"), "--out", str(out), "--workers", "0")
    assert result.exit_code == 0
    message = "2 byte(s) that are not valid UTF-8 were replaced with U+FFFD"
    assert f"warning: {tmp_path / 'report.txt'}: {message}" in result.stderr
    documents = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert documents["warnings"].tolist() == [message]


def test_review_builds_a_site_from_the_outputs_and_escapes_the_text(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT + "<script>alert('x')</script> & 3 hộ <b>\n", encoding="utf-8")
    out = tmp_path / "out"
    invoke("run", str(tmp_path / "report.txt"), "--out", str(out), "--workers", "0")
    result = invoke("review", str(out))
    assert result.exit_code == 0
    index = out / "review" / "index.html"
    assert result.output == f"review site: {index.resolve().as_uri()}\n"
    page = next((out / "review" / "docs").glob("report-*.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; " in page
    assert 'class="fig p-inclusive"' in page and ">1.250 thẻ</mark>" in page
    assert 'data-attr="indicator" data-original="health_insurance_cards"' in page
    missing = invoke("review", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2


def test_query_answers_sql_on_the_run_and_refuses_to_change_it(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    invoke("run", str(tmp_path / "report.txt"), "--out", str(tmp_path / "out"), "--workers", "0")
    database = str(tmp_path / "out" / "chitieu.sqlite")
    sql = "SELECT indicator, value, period FROM indicators"
    result = invoke("query", sql, "--db", database, "--format", "csv")
    assert result.output == "indicator,value,period\nhealth_insurance_cards,1250,2023\n"
    refused = invoke("query", "DELETE FROM indicators", "--db", database)
    assert refused.exit_code == 1
    assert "the query failed: chitieu query only reads" in refused.output
    missing = invoke("query", sql, "--db", str(tmp_path / "none.sqlite"))
    assert missing.exit_code == 2
