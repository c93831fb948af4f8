"""The batch runner: inputs, isolation of bad files, time limits and the cache."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import regex

from chitieu.pipeline.registry import build_pipeline, load_config
from chitieu.pipeline.runner import Limits, Task, collect_inputs, run_batch
from tests.scoring import config_with

REPORT = "BÁO CÁO\nTỷ lệ hộ nghèo toàn huyện còn 4,5%.\n"


def write(path: Path, text: str = REPORT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def misbehaving_config(tmp_path: Path) -> Path:
    """The default pipeline with a stage that crashes or hangs on cue, before ingest."""
    return config_with(tmp_path / "pipeline.toml", first=("tests.stages_for_tests", "misbehave"))


def test_a_stage_setting_missing_from_the_config_is_named(tmp_path: Path) -> None:
    config = load_config()
    del config["stages"]["finalise"]
    with pytest.raises(ValueError, match=r"\[stages.finalise\] of the pipeline config: .*'ocr_low_confidence'"):
        build_pipeline(config)


def test_doc_ids_are_paths_relative_to_the_folder_without_extension(tmp_path: Path) -> None:
    write(tmp_path / "in" / "b.txt")
    write(tmp_path / "in" / "quang-tri" / "huong-hoa.md")
    write(tmp_path / "in" / ".hidden.txt")
    write(tmp_path / "in" / "gold" / "a.figures.jsonl", "{}")
    write(tmp_path / "in" / ".chitieuignore", "# gold annotations\ngold/\n")
    lone = write(tmp_path / "elsewhere" / "lone.txt")
    tasks = collect_inputs([tmp_path / "in", lone])
    assert [t.doc_id for t in tasks] == ["b", "quang-tri/huong-hoa", "lone"]


def test_a_doc_id_clash_fails_the_second_file_naming_the_first(tmp_path: Path) -> None:
    """Same stem in two formats, a case-only or Unicode-form-only difference,
    a file where another's text folder goes, an over-long name."""
    for name in ["a.md", "a.txt", "Bao.txt", "bao.txt", "bá.txt", "ba\u0301.txt", "r.md", "r.txt/x.txt"]:
        write(tmp_path / name)
    write(tmp_path / ("d" * 252 + ".md"))
    tasks = {t.path.relative_to(tmp_path).as_posix(): t for t in collect_inputs([tmp_path])}
    assert tasks["a.md"].doc_id == "a" and not tasks["a.md"].refused
    assert tasks["a.txt"].doc_id == str(tmp_path / "a.txt")
    assert (
        tasks["a.txt"].refused == f"its doc_id 'a' is already used by {tmp_path / 'a.md'}; rename one of the two files"
    )
    assert tasks["bao.txt"].refused.endswith(f"is already used by {tmp_path / 'Bao.txt'}; rename one of the two files")
    nfd = tmp_path / "ba\u0301.txt"  # sorts first
    assert tasks["bá.txt"].refused == f"its doc_id 'bá' is already used by {nfd}; rename one of the two files"
    assert tasks["r.txt/x.txt"].refused == (
        f"its text needs the folder text/r.txt, where the text file of {tmp_path / 'r.md'} goes"
    )
    assert tasks["d" * 252 + ".md"].refused == (
        "the file name is too long: its text would be written as a 256-byte file name, "
        "over the 255-byte limit of file systems; shorten the name"
    )
    assert len({t.doc_id for t in tasks.values()}) == len(tasks)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        collect_inputs([tmp_path / "nope"])


def test_crash_hang_and_bug_cost_only_their_own_file(tmp_path: Path, misbehaving_config: Path) -> None:
    names = ["good.txt", "crash.txt", "hang.txt", "stuck.txt", "bug.txt", "after.txt"]
    tasks = [Task(write(tmp_path / name), name[:-4]) for name in names]
    started = time.monotonic()
    result = run_batch(
        tasks, cache_dir=None, workers=2, limits=Limits(timeout=1, grace=1), config_path=misbehaving_config
    )
    assert time.monotonic() - started < 20
    by_id = {d.doc_id: d for d in result.documents}
    assert [d.doc_id for d in result.documents] == [n[:-4] for n in names]
    assert (by_id["good"].status, by_id["after"].status) == ("ok", "ok")
    assert by_id["crash"].status == "failed"
    assert by_id["crash"].error == "the reader crashed while processing this file (exit code 3)"
    assert by_id["hang"].error == "processing took longer than the time limit of 1 s"
    assert by_id["stuck"].error == "processing took longer than the time limit of 1 s"
    assert by_id["bug"].error == "internal error in the misbehave stage: KeyError: 'no such thing'"
    assert len(by_id["crash"].sha256) == 64


def test_each_file_gets_its_seconds_and_the_peak_memory_of_its_worker(tmp_path: Path, misbehaving_config: Path) -> None:
    names = ["good.txt", "hog.txt", "after.txt"]
    tasks = [Task(write(tmp_path / name), name[:-4]) for name in names] + [Task(tmp_path, "refused", refused="no")]
    mapped = int(regex.search(r"VmSize:\s+(\d+) kB", Path("/proc/self/status").read_text())[1]) * 1024
    limits = Limits(max_memory=mapped + 768 * 2**20)  # workers are forks of this process: room for 768 MB more
    result = run_batch(tasks, cache_dir=None, workers=1, limits=limits, config_path=misbehaving_config)
    good, hog, after, refused = result.costs
    assert result.documents[1].error.startswith("the file needs more memory than the --max-memory limit")
    assert hog.peak_rss - max(good.peak_rss, after.peak_rss) > 256 * 2**20  # measured afresh for each file
    assert min(good.seconds, hog.seconds, after.seconds) > 0
    assert refused is None


def test_empty_and_oversized_files(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", "  \n\n ")
    big = write(tmp_path / "big.txt", "x" * 3 * 2**20)
    tasks = [Task(p, p.stem) for p in (empty, blank, big)]
    result = run_batch(tasks, cache_dir=None, workers=0, limits=Limits(max_size=2 * 2**20))
    rows = [(d.status, d.error) for d in result.documents]
    assert rows == [
        ("empty", "the file is empty (0 bytes)"),
        ("empty", "the file holds no text"),
        ("failed", "the file is 3 MB, above the --max-size limit of 2 MB"),
    ]


def test_rerun_skips_unchanged_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    first = write(tmp_path / "in" / "first.txt")
    write(tmp_path / "in" / "second.txt")
    cache = tmp_path / "out" / ".cache"
    initial = run_batch(collect_inputs([tmp_path / "in"]), cache_dir=cache, workers=0)
    again = run_batch(collect_inputs([tmp_path / "in"]), cache_dir=cache, workers=0)
    assert (initial.cached, again.cached) == (0, 2)
    assert [d.text for d in again.documents] == [d.text for d in initial.documents]
    assert [f.obs_id for f in again.documents[0].figures] == [f.obs_id for f in initial.documents[0].figures]
    write(first, REPORT + "Đã cấp 1.200 thẻ BHYT.\n")
    changed = run_batch(collect_inputs([tmp_path / "in"]), cache_dir=cache, workers=0)
    assert changed.cached == 1
    assert changed.documents[0].text != initial.documents[0].text
