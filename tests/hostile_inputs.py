"""Hostile and unlucky inputs, made by small generators (nothing large is
committed), and the batch that mixes them with good reports: shared by the
hostile test (tests/test_hostile.py) and its benchmark (tests/bench_hostile.py).
"""

from __future__ import annotations

import os
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from tests.builders import CORPUS, build_docx, corpus_files, paragraphs
from tests.scoring import config_with

FORMULA_NAME = "=cmd|' -C calc'!A0"
#: Corpus documents put in the batch as good files: one text, one DOCX.
GOOD = ["000_7e6247c4615b1efe", "002_ee319d26f9e3be96"]


def report(rate: int) -> str:
    """A small report of one figure; a different ``rate`` gives different content."""
    return f"BÁO CÁO\nTỷ lệ hộ nghèo toàn huyện còn {rate},5%.\n"


def zip_bomb_docx(path: Path, megabytes: int) -> None:
    """A DOCX whose document.xml inflates to ``megabytes`` from under 1 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"<w:p/>" * (2**20 // 6)
            for _ in range(megabytes):
                member.write(block)


def png_header(path: Path, width: int, height: int) -> None:
    """A PNG that says it is ``width`` × ``height``; decoding it would take width × height bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)))


def many_frame_tiff(path: Path, frames: int) -> None:
    images = [Image.new("L", (32, 32), 255) for _ in range(frames)]
    images[0].save(path, save_all=True, append_images=images[1:])


def poster_pdf(path: Path, side: float) -> None:
    """A PDF of one ``side``-point page holding only an image: a 'scan' to OCR."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(side, side))
    pdf.drawImage(ImageReader(Image.new("L", (16, 16), 0)), 0, 0, 100, 100)
    pdf.showPage()
    pdf.save()


#: Small reports under names that clash, are too long, hidden or formulas;
#: ``crash*`` and ``hog*`` misbehave through the test stage ``misbehave``.
NAMED_REPORTS = {
    ".hidden.txt": 1,
    "a" * 242 + ".txt": 2,  # a 246-byte name: fits, with nothing added to it
    "x" * 252 + ".md": 3,  # its text file's name would be 256 bytes
    "report.md": 4,
    "report.txt/inner.txt": 5,
    "Bao.txt": 6,
    "bao.txt": 7,
    "ba\u0301.txt": 8,  # NFD
    "bá.txt": 9,  # NFC
    f"{FORMULA_NAME}.txt": 10,
    "crash.txt": 11,
    "hog.txt": 12,
}
FORMULA_SENTENCE = '=HYPERLINK("http://example.invalid/x","bấm") Tỷ lệ hộ nghèo toàn huyện còn 13,5%.'


@dataclass
class HostileBatch:
    """Every hostile input of the issue, good reports mixed in, laid out under one folder."""

    box: Path
    inputs: Path  # the folder of most inputs
    extra: Path  # same stems in two folders, a FIFO named on the command line
    paths: list[str]  # what is given to ``chitieu run``, in order
    config: Path  # the pipeline with the ``misbehave`` stage first


def make_hostile_batch(box: Path) -> HostileBatch:
    """Write the hostile batch under ``box`` (inputs, plus an empty ``cwd/`` to run from)."""
    inputs, extra = box / "in", box / "extra"
    for folder in (inputs, extra / "a", extra / "b", box / "cwd"):
        folder.mkdir(parents=True)
    shutil.copy(CORPUS / f"{GOOD[0]}.txt", inputs)
    build_docx(inputs / f"{GOOD[1]}.docx", paragraphs(corpus_files()[2]))
    shutil.copy(CORPUS / f"{GOOD[0]}.txt", inputs / "copy.txt")
    zip_bomb_docx(inputs / "bomb.docx", 300)
    png_header(inputs / "huge.png", 30_000, 30_000)
    many_frame_tiff(inputs / "frames.tif", 300)
    poster_pdf(inputs / "poster.pdf", 9_600)
    os.mkfifo(inputs / "pipe.txt")
    os.symlink("nowhere.txt", inputs / "dangling.txt")
    os.symlink("loop.txt", inputs / "loop.txt")
    for name, rate in NAMED_REPORTS.items():
        (inputs / name).parent.mkdir(exist_ok=True)
        (inputs / name).write_text(report(rate), encoding="utf-8")
    (inputs / "formula.txt").write_text(f"BÁO CÁO\n{FORMULA_SENTENCE}\n", encoding="utf-8")
    (extra / "a" / "baocao.txt").write_text(report(14), encoding="utf-8")
    (extra / "b" / "baocao.txt").write_text(report(15), encoding="utf-8")
    os.mkfifo(extra / "named_pipe.txt")
    config = config_with(box / "pipeline.toml", first=("tests.stages_for_tests", "misbehave"))
    paths = [str(inputs), str(extra / "a"), str(extra / "b"), str(extra / "named_pipe.txt"), "/dev/zero"]
    return HostileBatch(box, inputs, extra, paths, config)
