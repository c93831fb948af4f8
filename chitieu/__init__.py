"""chitieu: figures from Vietnamese government reports, as a Python library.

The public API lives in ``chitieu.pipeline.api``; this package gives it its own name::

    import chitieu
    doc = chitieu.process("report.pdf")
    tables = chitieu.read_dataset("outputs")
"""

from chitieu.pipeline.api import pipe, process, read_dataset, write_dataset
from chitieu.pipeline.document import Document, Figure, Section

__all__ = ["Document", "Figure", "Section", "pipe", "process", "read_dataset", "write_dataset"]
