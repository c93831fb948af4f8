"""Tag stage: one of the five ASCC pillars for every section."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.registry import stage


class PillarScorer:
    """Scores a piece of text against the pillar lexicons."""

    def score(self, text: str) -> tuple[str | None, str]:
        """Return (pillar code or None, the words that decided)."""
        return None, ""


@stage("tag")
class Tag:
    def __call__(self, doc: Document) -> Document:
        return doc
