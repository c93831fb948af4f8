"""A batch of broken files mixed with good ones: each file gets its row in
documents.csv with a reason an analyst can act on, the good files keep their
figures, and the exit code says that some file failed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pytest

from chitieu.pipeline.evaluate import evaluate
from tests.builders import CORPUS, GOLD, build_big_pdf, build_docx, build_pdf, corpus_files, paragraphs
from tests.scoring import agreement, config_with, original_figures

CHITIEU = [sys.executable, "-c", "from chitieu.pipeline.cli import main; main()"]
#: The pipeline with its models loaded takes about 250 MB; a 60 MB file may add little to that.
MEMORY_LIMIT_MB = 450
GOOD = {"000_7e6247c4615b1efe": "txt", "001_1882cbb7f17f978a": "pdf", "004_33f1efe1deb355a4": "docx"}

#: doc_id -> (status, words the reason must hold)
EXPECTED = {
    "000_7e6247c4615b1efe": ("ok", ""),
    "001_1882cbb7f17f978a": ("ok", ""),
    "004_33f1efe1deb355a4": ("ok", ""),
    "truncated": ("failed", "the file is not a valid PDF (truncated or corrupt)"),
    "corrupt": ("failed", "the file is not a valid PDF (truncated or corrupt)"),
    "locked": ("failed", "the PDF is password-protected"),
    "random_bytes": ("failed", "the file is not a PDF (it has no PDF header), although it is named .pdf"),
    "archive": ("failed", "this .docx is not a Word document (it is a ZIP without word/document.xml)"),
    "empty": ("empty", "the file is empty (0 bytes)"),
    "spreadsheet": ("failed", "this .xls is not an Excel 97 workbook xlrd can read"),
    "word97": ("failed", "this .doc is not a Word 97 document antiword can read"),
    "opendocument": ("failed", "unsupported file type '.odt' (save it as .docx or PDF)"),
    "noise": ("failed", "the text's encoding is not recognised"),
    "hang_parser": ("failed", "processing took longer than the time limit of 15 s"),
    "huge": ("failed", "the file is 60 MB, above the --max-size limit of 50 MB"),
}


def run_chitieu(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """``chitieu`` in a fresh process; returns it and the peak memory (MB) of
    that process and its workers."""
    probe = (
        "import resource, subprocess, sys;"
        f"r = subprocess.run({[*CHITIEU, *args]!r}, capture_output=True, text=True);"
        "print(r.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "sys.stdout.write(r.stdout + r.stderr)"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    probed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, env=env)
    code, peak_kb, output = probed.stdout.split("\n", 2)
    return subprocess.CompletedProcess(args, int(code), output, probed.stderr), int(peak_kb) / 1024


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    shutil.copy(CORPUS / "000_7e6247c4615b1efe.txt", folder)
    text_pdf = build_pdf(folder / "001_1882cbb7f17f978a.pdf", paragraphs(corpus_files()[1]))
    build_docx(folder / "004_33f1efe1deb355a4.docx", paragraphs(corpus_files()[4]))
    data = text_pdf.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(20_000))
    from reportlab.pdfgen import canvas

    locked = canvas.Canvas(str(folder / "locked.pdf"), encrypt="mật-khẩu")
    locked.drawString(72, 720, "Bao cao so ket")
    locked.save()
    (folder / "random_bytes.pdf").write_bytes(os.urandom(50_000))
    with zipfile.ZipFile(folder / "archive.docx", "w") as archive:
        archive.writestr("bao_cao.txt", "Báo cáo")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "spreadsheet.xls").write_bytes(b"\xd0\xcf\x11\xe0" + os.urandom(4000))
    (folder / "word97.doc").write_bytes(b"\xd0\xcf\x11\xe0" + os.urandom(4000))
    (folder / "opendocument.odt").write_bytes(b"PK\x03\x04" + os.urandom(400))
    (folder / "noise.txt").write_bytes(bytes(range(128, 256)) * 50)
    (folder / "hang_parser.txt").write_text("Báo cáo", encoding="utf-8")  # named hang*: the test stage sleeps
    build_big_pdf(folder / "huge.pdf", text_pdf, 60)
    return folder


@pytest.fixture(scope="module")
def result(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    """The batch through ``chitieu run``, with a test stage that hangs on files
    named hang* (the runner's real per-file timeout) and a 50 MB size limit."""
    out = tmp_path_factory.mktemp("out")
    config = config_with(out / "pipeline.toml", first=("tests.stages_for_tests", "misbehave"))
    args = [
        "run",
        str(batch),
        "--out",
        str(out),
        "--workers",
        "2",
        "--timeout",
        "15",
        "--max-size",
        "50",
    ]  # room for a loaded machine
    completed, _ = run_chitieu(*args, "--config", str(config), "--no-cache")
    return completed, out


def table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_every_file_gets_its_row_with_the_right_status_and_reason(result) -> None:
    _, out = result
    documents = table(out, "documents").set_index("doc_id")
    assert sorted(documents.index) == sorted(EXPECTED)
    for doc_id, (status, reason) in EXPECTED.items():
        row = documents.loc[doc_id]
        assert row["status"] == status, (doc_id, row["error"])
        assert reason in row["error"], (doc_id, row["error"])
        assert "Traceback" not in row["error"]


def test_the_exit_code_says_some_file_failed(result) -> None:
    completed, _ = result
    assert completed.returncode == 1, completed.stdout
    assert "15 files (3 ok, 1 empty, 11 failed" in completed.stdout


def test_the_good_files_keep_their_figures(result) -> None:
    _, out = result
    found = figures_in(table(out, "indicators"))
    for doc_id in GOOD:
        assert agreement(found[doc_id], original_figures()[doc_id]) >= 0.95, doc_id
    assert evaluate(GOLD, out).f1 >= 0.95


def figures_in(indicators: pd.DataFrame) -> dict[str, Counter]:
    figures: dict[str, Counter] = defaultdict(Counter)
    for row in indicators.itertuples():
        figures[row.doc_id][(row.unit, round(float(row.value), 6))] += 1
    return figures


@pytest.mark.slow
def test_a_60_mb_report_is_read_in_bounded_memory(batch: Path, tmp_path: Path) -> None:
    """Above --max-size it is refused (see the batch); under it, it is read a
    page at a time: its photos are never decoded, memory stays far below its size
    plus the pipeline's own, and its figures are those of its text."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "huge.pdf").symlink_to(batch / "huge.pdf")
    completed, peak_mb = run_chitieu("run", str(folder), "--out", str(tmp_path / "out"), "--workers", "1")
    assert completed.returncode == 0, completed.stdout
    documents = table(tmp_path / "out", "documents")
    assert documents["status"].tolist() == ["ok"]
    found = figures_in(table(tmp_path / "out", "indicators"))["huge"]
    assert agreement(found, original_figures()["001_1882cbb7f17f978a"]) >= 0.95
    print(f"peak RSS for a 60 MB PDF: {peak_mb:.0f} MB")
    assert peak_mb < MEMORY_LIMIT_MB
