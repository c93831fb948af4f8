"""Enrich stage: indicator, subject, qualifier, status, period and pillar of each figure."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.registry import stage


@stage("enrich")
class Enrich:
    def __call__(self, doc: Document) -> Document:
        return doc
