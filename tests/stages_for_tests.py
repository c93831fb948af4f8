"""Stages that misbehave on purpose, to test that one bad file costs that file only."""

from __future__ import annotations

import os
import signal
import time

from chitieu.pipeline.document import Document
from chitieu.pipeline.registry import stage

#: How much a hog* file tries to take, in steps, each step touched so that it is resident.
HOG_BYTES, HOG_STEP = 2 * 2**30, 64 * 2**20


@stage("misbehave")
class Misbehave:
    """Crashes the process on files named crash*, hangs on hang*, hangs
    with the alarm signal blocked (like a stuck C call) on stuck*, takes
    memory without bound on hog*, and runs a never-ending OCR on ocr* (the
    program named by $FAKE_TESSERACT stands in for tesseract)."""

    def __call__(self, doc: Document) -> Document:
        name = doc.source_path.name
        if name.startswith("crash"):
            os._exit(3)
        if name.startswith("hang"):
            time.sleep(60)
        if name.startswith("stuck"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        if name.startswith("bug"):
            raise KeyError("no such thing")
        if name.startswith("hog"):
            taken = [b"x" * HOG_STEP for _ in range(HOG_BYTES // HOG_STEP)]
            del taken
        if name.startswith("ocr"):
            self.endless_ocr()
        return doc

    @staticmethod
    def endless_ocr() -> None:
        import pytesseract
        from PIL import Image

        from chitieu.pipeline.ingest import ocr

        pytesseract.pytesseract.tesseract_cmd = os.environ["FAKE_TESSERACT"]
        ocr.ocr_lines(Image.new("L", (8, 8), 255))
