"""chitieu: figures from Vietnamese government reports, as a Python library.

The public API lives in ``chitieu.pipeline.api``; this package gives it its own name::

    import chitieu
    doc = chitieu.process("report.pdf")
    tables = chitieu.read_dataset("outputs")
"""

from chitieu.pipeline.api import (
    RunReport,
    evaluate,
    pipe,
    process,
    query,
    read_dataset,
    review_site,
    run,
    serve_dataset,
    write_dataset,
)
from chitieu.pipeline.document import Document, Figure, Section

__all__ = [
    "Document",
    "Figure",
    "RunReport",
    "Section",
    "evaluate",
    "pipe",
    "process",
    "query",
    "read_dataset",
    "review_site",
    "run",
    "serve_dataset",
    "write_dataset",
]
