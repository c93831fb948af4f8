"""Structure stage: the section tree from Vietnamese outline numbering."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.registry import stage


@stage("structure")
class Structure:
    def __call__(self, doc: Document) -> Document:
        return doc
