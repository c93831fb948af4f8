"""Metadata stage: type, number, issuer, place, date, period, signer, title."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.registry import stage


@stage("metadata")
class MetadataStage:
    def __call__(self, doc: Document) -> Document:
        return doc
