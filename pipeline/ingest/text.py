"""Plain text and Markdown."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.base import Extracted


def read(path: Path, **_: object) -> Extracted:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"the text is not valid UTF-8 (byte {exc.start})") from exc
    return Extracted(pages=[text], encoding="utf-8")
