"""Hostile and unlucky inputs, as an attacker or an unlucky analyst would
bring them: every one gets its row and a reason in words, memory stays under
the limit, nothing is written outside --out, nothing is injected into a
spreadsheet, and no process outlives the run, however the run ends.

Every input is made by a small generator (tests/hostile_inputs.py); nothing large is committed.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chitieu.pipeline.cli import main
from chitieu.pipeline.document import Document, Figure
from chitieu.pipeline.writers import neutralise_formulas, write_all
from tests.hostile_inputs import FORMULA_NAME, FORMULA_SENTENCE, GOOD, make_hostile_batch, report
from tests.scoring import agreement, config_with, original_figures

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT_MB = 1024


# --- running chitieu as a separate process, watched --------------------------


@dataclass
class Run:
    """``chitieu`` started in its own process, tagged in its environment so
    that its workers and their children can be found afterwards."""

    process: subprocess.Popen
    tag: str
    stdout: Path
    stderr: Path

    def finish(self, timeout: float = 120) -> tuple[int, str, str, float]:
        """Exit code, output, errors and the peak RSS (MB) of the run and every
        process it waited for (its workers, their OCR)."""
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"chitieu still running after {timeout} s")
            time.sleep(0.05)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        stdout, stderr = (self.stdout.read_text(encoding="utf-8"), self.stderr.read_text(encoding="utf-8"))
        self.stdout.unlink()
        self.stderr.unlink()
        return self.process.returncode, stdout, stderr, usage.ru_maxrss / 1024

    def processes(self) -> list[int]:
        """Live processes carrying this run's tag, the run itself included."""
        marker = f"CHITIEU_TEST_TAG={self.tag}".encode()
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                environ = Path(f"/proc/{entry}/environ").read_bytes().split(b"\0")
                state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if marker in environ and state != "Z":
                found.append(int(entry))
        return found

    def wait_until(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "timed out waiting"
            assert self.process.poll() is None, self.stderr.read_text(encoding="utf-8")
            time.sleep(0.05)


def start(*args: str, cwd: Path, script: str = "", env: dict[str, str] | None = None) -> Run:
    """``chitieu ARGS`` in a new process; ``script`` runs first (to break it on purpose)."""
    tag = uuid.uuid4().hex
    stdout, stderr = (Path(tempfile.mkstemp(prefix="chitieu-test-")[1]) for _ in range(2))
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "CHITIEU_TEST_TAG": tag, **(env or {})}
    code = f"{script}\nfrom chitieu.pipeline.cli import main\nmain()"
    with open(stdout, "w") as out, open(stderr, "w") as err:
        process = subprocess.Popen(
            [sys.executable, "-c", code, *args], stdout=out, stderr=err, env=environment, cwd=cwd
        )
    return Run(process, tag, stdout, stderr)


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def wait_gone(run: Run, timeout: float = 10) -> list[int]:
    """The run's processes still alive after ``timeout`` seconds (none, we hope)."""
    deadline = time.monotonic() + timeout
    while run.processes() and time.monotonic() < deadline:
        time.sleep(0.1)
    return run.processes()


def table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


# --- the sweep ----------------------------------------------------------------


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory):
    """One batch of every hostile input, with good reports mixed in,
    through ``chitieu run`` under a 1 GB memory limit."""
    batch = make_hostile_batch(tmp_path_factory.mktemp("sweep"))
    out = batch.box / "out"
    before = snapshot(batch.box)
    options = ["--out", str(out), "--workers", "2", "--max-memory", str(MEMORY_LIMIT_MB), "--config", str(batch.config)]
    started = time.monotonic()
    run = start("run", *batch.paths, *options, cwd=batch.box / "cwd")
    code, stdout, stderr, peak = run.finish()
    seconds = time.monotonic() - started
    print(f"\nhostile sweep: {seconds:.1f} s, peak RSS {peak:.0f} MB\n{stderr}{stdout}")
    return {
        "inputs": batch.inputs,
        "extra": batch.extra,
        "out": out,
        "code": code,
        "stdout": stdout,
        "stderr": stderr,
        "peak": peak,
        "before": before,
        "after": snapshot(batch.box),
        "left": wait_gone(run),
    }


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` but the output, with its size and mtime, links not followed."""
    seen = {}
    for base, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if Path(base, name) != folder / "out"]
        for name in files + folders:
            status = os.lstat(Path(base, name))
            seen[str(Path(base, name).relative_to(folder))] = (status.st_size, status.st_mtime_ns)
    return seen


def expected_rows(inputs: Path, extra: Path) -> dict[str, tuple[str, str]]:
    """doc_id -> (status, the reason, or the start of it). A file refused for its
    doc_id is named by its path, which no other doc_id can be."""
    nfd = inputs / "ba\u0301.txt"
    return {
        GOOD[0]: ("ok", ""),
        GOOD[1]: ("ok", ""),
        "copy": ("duplicate", f"the same content as {GOOD[0]} ({inputs / GOOD[0]}.txt)"),
        "bomb": ("failed", "the DOCX expands to 300 MB, over the 256 MB limit"),
        "huge": ("failed", "the image is over 160 million pixels, too large to OCR"),
        "frames": ("failed", "the image has 300 pages to OCR, over the --max-pages limit of 200"),
        "poster": ("failed", "page 1 at 300 dpi is 40,000 × 40,000 pixels (1,600 million), over the limit of 80"),
        "pipe": ("failed", "the path is a named pipe (FIFO), not a regular file"),
        "named_pipe": ("failed", "the path is a named pipe (FIFO), not a regular file"),
        "zero": ("failed", "the path is a character device, not a regular file"),
        "dangling": ("failed", "the file is a symbolic link to nowhere.txt, which does not exist"),
        "loop": ("failed", "the file is a symbolic link that loops (too many levels of symbolic links)"),
        "a" * 242: ("ok", ""),
        str(inputs / ("x" * 252 + ".md")): ("failed", "the file name is too long: its text would be written as a 256"),
        "report": ("ok", ""),
        str(inputs / "report.txt" / "inner.txt"): (
            "failed",
            f"its text needs the folder text/report.txt, where the text file of {inputs / 'report.md'} goes",
        ),
        "Bao": ("ok", ""),
        str(inputs / "bao.txt"): ("failed", f"its doc_id 'bao' is already used by {inputs / 'Bao.txt'}"),
        "ba\u0301": ("ok", ""),
        str(inputs / "bá.txt"): ("failed", f"its doc_id 'bá' is already used by {nfd}"),
        f"'{FORMULA_NAME}": ("ok", ""),  # as the CSV shows it: not a formula
        "formula": ("ok", ""),
        "crash": ("failed", "the reader crashed while processing this file (exit code 3)"),
        "hog": ("failed", "the file needs more memory than the --max-memory limit of 1.0 GB (misbehave stage)"),
        "baocao": ("ok", ""),
        str(extra / "b" / "baocao.txt"): (
            "failed",
            f"its doc_id 'baocao' is already used by {extra / 'a' / 'baocao.txt'}",
        ),
    }


@pytest.mark.slow
def test_every_hostile_file_gets_a_row_and_a_reason(sweep) -> None:
    documents = table(sweep["out"], "documents").set_index("doc_id")
    expected = expected_rows(sweep["inputs"], sweep["extra"])
    assert sorted(documents.index) == sorted(expected)
    for doc_id, (status, reason) in expected.items():
        row = documents.loc[doc_id]
        assert (row["status"], row["error"][: len(reason)]) == (status, reason), doc_id
    assert sweep["code"] == 1
    assert "26 files (9 ok, 0 empty, 16 failed, 1 duplicate; 0 unchanged since last run)" in sweep["stdout"]
    assert "skipped 1 hidden file(s) or folder(s) (names starting with '.')" in sweep["stderr"]
    assert "Traceback" not in sweep["stderr"]


@pytest.mark.slow
def test_the_good_files_keep_their_figures_and_duplicates_are_not_counted(sweep) -> None:
    indicators = table(sweep["out"], "indicators")
    found = {doc_id: Counter() for doc_id in GOOD}
    for row in indicators.itertuples():
        if row.doc_id in found:
            found[row.doc_id][(row.unit, round(float(row.value), 6))] += 1
    assert found[GOOD[0]] == original_figures()[GOOD[0]]
    assert agreement(found[GOOD[1]], original_figures()[GOOD[1]]) >= 0.95
    assert "copy" not in set(indicators["doc_id"])
    assert (sweep["out"] / "text" / ("a" * 242 + ".txt")).read_text(encoding="utf-8").strip().endswith("còn 2,5%.")


@pytest.mark.slow
def test_memory_stays_under_the_limit_nothing_is_written_outside_out_and_no_process_is_left(sweep) -> None:
    assert sweep["peak"] < MEMORY_LIMIT_MB, sweep["peak"]
    assert sweep["after"] == sweep["before"]
    assert sweep["left"] == []


@pytest.mark.slow
def test_no_cell_becomes_a_formula_in_the_workbook_or_the_csv(sweep) -> None:
    book = load_workbook(sweep["out"] / "chitieu.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {cell.value for cell in cells if str(cell.value).startswith("=")} == {
        FORMULA_NAME,
        FORMULA_SENTENCE,
    }
    indicators = table(sweep["out"], "indicators").set_index("doc_id")
    assert indicators.loc[f"'{FORMULA_NAME}", "value"] == "10.5"
    assert indicators.loc["formula", "sentence"].startswith("'=HYPERLINK(")
    assert FORMULA_NAME not in set(table(sweep["out"], "documents")["doc_id"])
    assert f"'{FORMULA_NAME}" in set(table(sweep["out"], "documents")["doc_id"])


def test_csv_neutralising_touches_text_cells_only() -> None:
    frame = pd.DataFrame({"text": ["=1+2", "+84", "-3 hộ", "@x", "\tx", "\rx", "ok", ""], "value": [-3.0] * 8})
    frame["value"] = frame["value"].astype("Float64")
    cleaned = neutralise_formulas(frame)
    assert cleaned["text"].tolist() == ["'=1+2", "'+84", "'-3 hộ", "'@x", "'\tx", "'\rx", "ok", ""]
    assert cleaned["value"].tolist() == [-3.0] * 8


# --- the output folder -----------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_out_inside_the_input_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(report(4), encoding="utf-8")
    for _ in range(2):
        result = invoke("run", str(tmp_path), "--out", str(tmp_path / "outputs"), "--workers", "0")
        assert result.exit_code == 0, result.output
        assert "1 files (1 ok, 0 empty, 0 failed" in result.output
    assert table(tmp_path / "outputs", "documents")["doc_id"].tolist() == ["report"]


def test_an_unwritable_out_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(report(4), encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = invoke("run", str(tmp_path / "report.txt"), "--out", str(tmp_path / "file" / "out"), "--workers", "0")
    assert result.exit_code == 2
    assert f"cannot write into {tmp_path / 'file' / 'out'}: Not a directory" in result.output
    assert "files (" not in result.output


def test_outputs_are_readable_by_the_group_as_the_umask_says(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(report(4), encoding="utf-8")
    previous = os.umask(0o027)
    try:
        invoke("run", str(tmp_path / "report.txt"), "--out", str(tmp_path / "out"), "--workers", "0")
    finally:
        os.umask(previous)
    for name in ("documents.csv", "indicators.parquet", "chitieu.xlsx", "chitieu.sqlite", "text/report.txt"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o640, name


def test_the_dataset_grows_flags_duplicates_replaces_changed_files_and_prunes(tmp_path: Path) -> None:
    march, april, out = tmp_path / "march", tmp_path / "april", tmp_path / "out"
    for folder, names in ((march, ["ha-noi", "hue"]), (april, ["da-nang", "resent"])):
        folder.mkdir()
        for rate, name in enumerate(names, 4 if folder == march else 6):
            (folder / f"{name}.txt").write_text(report(rate), encoding="utf-8")
    (april / "resent.txt").write_text(report(4), encoding="utf-8")  # ha-noi's report, sent again
    invoke("run", str(march), "--out", str(out), "--workers", "0")
    second = invoke("run", str(april), "--out", str(out), "--workers", "0")
    assert "the dataset in" in second.output and "holds 4 documents and 3 figures" in second.output
    documents = table(out, "documents").set_index("doc_id")
    assert documents["status"].to_dict() == {"ha-noi": "ok", "hue": "ok", "da-nang": "ok", "resent": "duplicate"}
    assert documents.loc["resent", "error"].startswith("the same content as ha-noi")
    assert sorted(table(out, "indicators")["doc_id"]) == ["da-nang", "ha-noi", "hue"]

    (march / "hue.txt").write_text(report(8), encoding="utf-8")
    invoke("run", str(march / "hue.txt"), "--out", str(out), "--workers", "0")
    values = table(out, "indicators").set_index("doc_id")["value"].to_dict()
    assert values == {"ha-noi": "4.5", "hue": "8.5", "da-nang": "6.5"}
    assert (out / "text" / "hue.txt").read_text(encoding="utf-8").strip().endswith("8,5%.")

    (march / "ha-noi.txt").unlink()
    invoke("run", str(april), "--out", str(out), "--workers", "0", "--prune")
    documents = table(out, "documents").set_index("doc_id")
    assert documents["status"].to_dict() == {"hue": "ok", "da-nang": "ok", "resent": "ok"}
    invoke("run", str(april), "--out", str(out), "--workers", "0", "--rebuild")
    assert sorted(table(out, "documents")["doc_id"]) == ["da-nang", "resent"]


def test_a_file_of_another_folder_with_a_doc_id_in_the_dataset_fails_in_words(tmp_path: Path) -> None:
    for folder, rate in (("a", 4), ("b", 5)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "baocao.txt").write_text(report(rate), encoding="utf-8")
        result = invoke("run", str(tmp_path / folder), "--out", str(tmp_path / "out"), "--workers", "0")
    assert result.exit_code == 1
    documents = table(tmp_path / "out", "documents").set_index("doc_id")
    clash = documents.loc[str(tmp_path / "b" / "baocao.txt")]
    assert clash["error"] == f"its doc_id 'baocao' is already used by {tmp_path / 'a' / 'baocao.txt'}; " + (
        "rename one of the two files"
    )
    assert documents.loc["baocao", "source_path"] == str(tmp_path / "a" / "baocao.txt")


def test_clashing_and_over_long_names_get_a_failed_row_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    refused = ["b/baocao.txt", "in/report.txt/inner.txt", "in/" + "x" * 252 + ".md"]
    for rate, name in enumerate(["a/baocao.txt", "in/report.md", *refused], 4):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(report(rate), encoding="utf-8")
    folders = [str(tmp_path / folder) for folder in ("a", "b", "in")]
    result = invoke("run", *folders, "--out", str(tmp_path / "out"), "--workers", "0")
    assert result.exit_code == 1
    documents = table(tmp_path / "out", "documents").set_index("doc_id")["status"].to_dict()
    failed = {str(tmp_path / name): "failed" for name in refused}
    assert documents == {"baocao": "ok", "report": "ok", **failed}
    assert (tmp_path / "out" / "text" / "baocao.txt").read_text(encoding="utf-8").endswith("còn 4,5%.\n")


def hanging_run(tmp_path: Path, out: Path, *files: str, script: str = "", env: dict | None = None) -> Run:
    """A run whose worker is busy on a file that never finishes."""
    folder = tmp_path / f"in-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    for name in files:
        (folder / name).write_text(report(4), encoding="utf-8")
    config = config_with(tmp_path / "pipeline.toml", first=("tests.stages_for_tests", "misbehave"))
    args = ["run", str(folder), "--out", str(out), "--workers", "1", "--timeout", "60", "--config", str(config)]
    run = start(*args, cwd=tmp_path, script=script, env=env)
    run.wait_until(lambda: len(run.processes()) >= 2)  # the worker is up
    return run


@pytest.mark.slow
def test_a_second_run_into_the_same_out_is_refused_while_the_first_writes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = hanging_run(tmp_path, out, "hang.txt")
    try:
        (tmp_path / "other.txt").write_text(report(5), encoding="utf-8")
        second = start("run", str(tmp_path / "other.txt"), "--out", str(out), "--workers", "0", cwd=tmp_path)
        code, _, stderr, _ = second.finish()
        assert code == 2
        assert f"another chitieu run (process {first.process.pid}) is writing into {out}" in stderr
    finally:
        first.process.terminate()
        first.finish()
    assert wait_gone(first) == []


@pytest.mark.slow
def test_kill_9_while_writing_leaves_the_previous_tables_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "a.txt").write_text(report(4), encoding="utf-8")
    (tmp_path / "b.txt").write_text(report(5), encoding="utf-8")
    assert invoke("run", str(tmp_path / "a.txt"), "--out", str(out), "--workers", "0").exit_code == 0
    dies_after_the_workbook = (
        "import os, signal, chitieu.pipeline.writers as w\n"
        "write = w.WRITERS['xlsx']\n"
        "def dying(tables, out):\n"
        "    write(tables, out)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "w.WRITERS['xlsx'] = dying"
    )
    run = start(
        "run", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(out), "--workers", "0",
        cwd=tmp_path, script=dies_after_the_workbook,
    )  # fmt: skip
    assert run.finish()[0] == -signal.SIGKILL
    assert table(out, "documents")["doc_id"].tolist() == ["a"]
    assert pd.read_parquet(out / "documents.parquet")["doc_id"].tolist() == ["a"]
    assert [row[0].value for row in load_workbook(out / "chitieu.xlsx")["documents"].iter_rows(min_row=3)] == ["a"]
    with sqlite3.connect(out / "chitieu.sqlite") as database:
        assert database.execute("SELECT doc_id FROM documents").fetchall() == [("a",)]
    assert not (out / "text" / "b.txt").exists()

    assert invoke("run", str(tmp_path / "b.txt"), "--out", str(out), "--workers", "0").exit_code == 0
    assert table(out, "documents")["doc_id"].tolist() == ["a", "b"]
    assert len(list((out / ".chitieu" / "generations").iterdir())) == 1  # the dead run's is gone
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp")]


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_and_their_ocr_die_with_the_run(tmp_path: Path, how: signal.Signals) -> None:
    fake = tmp_path / "tesseract"
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && exec echo "tesseract 5.3.0"\nexec sleep 60\n', encoding="utf-8")
    fake.chmod(0o755)
    run = hanging_run(tmp_path, tmp_path / "out", "ocr.txt", env={"FAKE_TESSERACT": str(fake)})
    run.wait_until(lambda: "sleep" in [command(pid) for pid in run.processes()])
    run.process.send_signal(how)
    run.finish()
    assert wait_gone(run) == []


@pytest.mark.slow
def test_ctrl_c_stops_the_run_with_exit_code_130_and_publishes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "a.txt").write_text(report(4), encoding="utf-8")
    invoke("run", str(tmp_path / "a.txt"), "--out", str(out), "--workers", "0")
    run = hanging_run(tmp_path, out, "b.txt", "hang.txt")
    run.process.send_signal(signal.SIGINT)
    code, _, stderr, _ = run.finish(timeout=20)
    assert code == 130
    assert f"interrupted: nothing was published; {out} holds the previous run's tables" in stderr
    assert wait_gone(run) == []
    assert table(out, "documents")["doc_id"].tolist() == ["a"]


# --- chitieu query ---------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A run's database in a folder whose name holds the URI's '#' and '?'."""
    doc = Document("report", tmp_path / "report.txt", sha256="ab" * 32, format="txt", text="còn 4,5%")
    doc.figures = [Figure("4,5%", 4, 8, 4.5, "percent", obs_id="f1")]
    folder = tmp_path / "run #1?mode=rwc"
    write_all([doc], folder, ["sqlite"])
    return folder / "chitieu.sqlite"


def test_query_opens_a_path_with_hash_and_question_mark_read_only(database: Path, tmp_path: Path) -> None:
    result = invoke("query", "SELECT doc_id, value FROM indicators", "--db", str(database), "--format", "csv")
    assert result.output == "doc_id,value\nreport,4.5\n"
    refused = invoke("query", "DELETE FROM indicators", "--db", str(database))
    assert refused.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run #1?mode=rwc"]


@pytest.mark.parametrize(
    "sql",
    [
        "ATTACH DATABASE '{elsewhere}' AS x",
        "VACUUM INTO '{elsewhere}'",
        "PRAGMA user_version = 7",
        "CREATE TEMP TABLE t AS SELECT 1",
    ],
)
def test_query_refuses_to_write_anywhere(database: Path, tmp_path: Path, sql: str) -> None:
    elsewhere = tmp_path / "copy.sqlite"
    result = invoke("query", sql.format(elsewhere=elsewhere), "--db", str(database))
    assert result.exit_code == 1
    assert "chitieu query only reads: ATTACH, VACUUM, writes and settings are refused" in result.output
    assert not elsewhere.exists()


def test_query_prints_a_clean_table_and_says_when_there_are_no_rows(database: Path) -> None:
    table_output = invoke("query", "SELECT doc_id, value FROM indicators", "--db", str(database)).output
    assert table_output.split() == ["doc_id", "value", "report", "4.5"]
    empty = invoke("query", "SELECT doc_id FROM indicators WHERE value > 100", "--db", str(database)).output
    assert empty == "doc_id\n(no rows)\n"


def test_query_stops_at_the_row_limit(database: Path) -> None:
    sql = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n"
    result = CliRunner().invoke(main, ["query", sql, "--db", str(database), "--max-rows", "3", "--format", "csv"])
    assert result.stdout == "x\n1\n2\n3\n"
    assert "only the first 3 rows are shown (--max-rows)" in result.stderr


ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) FROM n"


def test_query_stops_at_its_time_limit(database: Path, tmp_path: Path) -> None:
    run = start("query", ENDLESS, "--db", str(database), "--timeout", "1", cwd=tmp_path)
    code, _, stderr, _ = run.finish(timeout=30)
    assert code == 1
    assert "the query failed: the query took longer than the time limit of 1 s" in stderr


@pytest.mark.slow
def test_ctrl_c_stops_a_query(database: Path, tmp_path: Path) -> None:
    run = start("query", ENDLESS, "--db", str(database), cwd=tmp_path)
    run.wait_until(lambda: database in open_files(run.process.pid))  # started, however loaded the machine
    time.sleep(0.5)
    run.process.send_signal(signal.SIGINT)
    assert run.finish(timeout=20)[0] == 130


def open_files(pid: int) -> list[Path]:
    folder = Path(f"/proc/{pid}/fd")
    found = []
    for entry in folder.iterdir() if folder.exists() else []:
        try:
            found.append(Path(os.readlink(entry)))
        except OSError:
            continue
    return found


def test_only_regular_files_are_opened_even_when_named(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    result = invoke("run", str(tmp_path / "pipe.txt"), "/dev/zero", "--out", str(tmp_path / "out"), "--workers", "0")
    assert result.exit_code == 1
    documents = table(tmp_path / "out", "documents").set_index("doc_id")["error"].to_dict()
    assert documents == {
        "pipe": "the path is a named pipe (FIFO), not a regular file",
        "zero": "the path is a character device, not a regular file",
    }


def test_the_lock_is_released_when_the_run_ends(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(report(4), encoding="utf-8")
    invoke("run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--workers", "0")
    with open(tmp_path / "out" / ".chitieu" / "lock", "rb+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held


# --- chitieu review -----------------------------------------------------------


def test_review_builds_its_site_in_a_process_under_the_memory_limit(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "report.txt").write_text(report(4), encoding="utf-8")
    invoke("run", str(tmp_path / "report.txt"), "--out", str(tmp_path / "out"), "--workers", "0")
    built = invoke("review", str(tmp_path / "out"), "--max-memory", "4096")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "review" / "index.html").is_file()

    def greedy(out: Path, tables: dict) -> Path:
        return Path(str(b"x" * 5 * 2**30))  # 5 GB, over the 4 GB limit

    monkeypatch.setattr("chitieu.pipeline.review_site.build_site", greedy)
    refused = invoke("review", str(tmp_path / "out"), "--max-memory", "4096")
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: the review site was not built: it needs more memory than the --max-memory limit of 4.0 GB\n"
    )
