"""Plain text and Markdown, in any encoding ``detect`` recognises."""

from __future__ import annotations

from pathlib import Path

from chitieu.pipeline.ingest.base import Extracted
from chitieu.pipeline.ingest.detect import decode_bytes


def read(path: Path, **_: object) -> Extracted:
    decoded = decode_bytes(path.read_bytes())
    return Extracted(pages=[decoded.text], encoding=decoded.encoding, warnings=decoded.warnings)
