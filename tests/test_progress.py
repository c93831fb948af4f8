"""The progress bar names each file as it is done."""

from __future__ import annotations

import io
import time
from pathlib import Path

from chitieu.pipeline import runner


def test_each_step_of_a_batch_names_its_file(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Năm 2022, xã còn 87 hộ nghèo.\n", encoding="utf-8")
    steps: list[tuple[int, str]] = []
    runner.run_batch(
        runner.collect_inputs([tmp_path]), cache_dir=None, workers=0, progress=lambda n, name: steps.append((n, name))
    )
    assert steps == [(1, "a.txt"), (1, "b.txt")]


def test_the_bar_on_a_terminal_shows_the_file_name(monkeypatch) -> None:
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True)
    monkeypatch.setattr(runner.sys, "stderr", terminal)
    advance, close = runner.progress_bar(2)
    time.sleep(0.2)  # past tqdm's minimum interval between redraws
    advance(1, "bao-cao-quy-3.pdf")
    close()
    assert "1/2" in terminal.getvalue() and "bao-cao-quy-3.pdf" in terminal.getvalue()
