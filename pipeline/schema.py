"""The output contract of SPEC §4: every table, its columns in order, and how a
document becomes rows of them."""

from __future__ import annotations

from typing import Any

from chitieu.pipeline.document import Document

INDICATOR_COLUMNS = [
    "obs_id", "doc_id", "province", "district", "doc_type", "pillar",
    "section_path", "section_title", "indicator", "subject",
    "value", "value_max", "denominator", "unit", "unit_noun",
    "qualifier", "status", "period", "text", "sentence",
    "char_start", "char_end", "page", "per",
]  # fmt: skip

DOCUMENT_COLUMNS = [
    "doc_id", "source_path", "sha256", "format", "status", "error",
    "doc_type", "doc_number", "issuer", "province", "district",
    "issue_date", "period", "signer", "title", "n_figures",
    "warnings",  # beyond SPEC §4: what was read with a caveat (replaced bytes, pages not OCR'd)
]  # fmt: skip

SECTION_COLUMNS = [
    "doc_id", "section_id", "parent_id", "level", "number", "title", "path",
    "pillar", "pillar_evidence", "char_start", "char_end",
]  # fmt: skip

TABLES = {
    "indicators": INDICATOR_COLUMNS,
    "documents": DOCUMENT_COLUMNS,
    "sections": SECTION_COLUMNS,
}

#: Columns after the contract's, for researchers: the period as two integers,
#: the section a figure stands in as one key (Datasette links single-column keys
#: only), what an analyst's correction changed (pipeline/corrections.py) and how
#: sure OCR was of the figure. A new column only ever goes after the last one.
EXTRA_COLUMNS = {
    "indicators": ["section_key", "period_start", "period_end", "corrected", "ocr_confidence"],
    "documents": ["period_start", "period_end"],
    "sections": ["section_key"],
}

#: Column types; every column not named here is text. A missing value is NULL in every type.
NUMERIC = {"value", "value_max", "denominator"}
INTEGER = {"char_start", "char_end", "page", "level", "n_figures", "period_start", "period_end", "ocr_confidence"}
DATE = {"issue_date"}

PRIMARY_KEYS = {"indicators": ["obs_id"], "documents": ["doc_id"], "sections": ["doc_id", "section_id"]}
#: (columns, referenced table, referenced columns)
FOREIGN_KEYS = {
    "indicators": [(["doc_id"], "documents", ["doc_id"]), (["section_key"], "sections", ["section_key"])],
    "documents": [],
    "sections": [(["doc_id"], "documents", ["doc_id"])],
}
#: Columns holding one value per row besides the primary key.
UNIQUE = {"sections": ["section_key"]}


def output_columns(table: str) -> list[str]:
    """Every column written for ``table``: the contract's in order, then the extras."""
    return TABLES[table] + EXTRA_COLUMNS[table]


def section_key(doc_id: str, section_id: str | None) -> str | None:
    return f"{doc_id}#{section_id}" if section_id else None


def one_line(text: str) -> str:
    return " ".join(text.split())


def indicator_rows(doc: Document) -> list[dict[str, Any]]:
    rows = []
    for figure in doc.figures:
        section = doc.section_by_id(figure.section_id)
        rows.append(
            {
                "obs_id": figure.obs_id,
                "doc_id": doc.doc_id,
                "province": doc.meta.province,
                "district": doc.meta.district,
                "doc_type": doc.meta.doc_type,
                "pillar": figure.pillar or "",
                "section_path": section.path if section else "",
                "section_title": section.title if section else "",
                "indicator": figure.indicator,
                "subject": figure.subject,
                "value": figure.value,
                "value_max": figure.value_max,
                "denominator": figure.denominator,
                "unit": figure.unit,
                "unit_noun": figure.unit_noun,
                "qualifier": figure.qualifier,
                "status": figure.status,
                "period": figure.period,
                "text": figure.text,
                "sentence": one_line(doc.sentence_of(figure)),
                "char_start": figure.char_start,
                "char_end": figure.char_end,
                "page": figure.page,
                "per": figure.per,
                "section_key": section_key(doc.doc_id, figure.section_id),
                "ocr_confidence": figure.ocr_confidence,
            }
        )
    return rows


def document_row(doc: Document) -> dict[str, Any]:
    meta = doc.meta
    return {
        "doc_id": doc.doc_id,
        "source_path": str(doc.source_path),
        "sha256": doc.sha256,
        "format": doc.format,
        "status": doc.status,
        "error": doc.error,
        "doc_type": meta.doc_type if doc.status == "ok" else "",
        "doc_number": meta.doc_number,
        "issuer": meta.issuer,
        "province": meta.province,
        "district": meta.district,
        "issue_date": meta.issue_date,
        "period": meta.period,
        "signer": meta.signer,
        "title": one_line(meta.title),
        "n_figures": len(doc.figures),
        "warnings": "; ".join(doc.warnings),
    }


def section_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc.doc_id,
            "section_id": s.section_id,
            "parent_id": s.parent_id or "",
            "level": s.level,
            "number": s.number,
            "title": one_line(s.title),
            "path": s.path,
            "pillar": s.pillar or "",
            "pillar_evidence": s.pillar_evidence,
            "char_start": s.char_start,
            "char_end": s.char_end,
            "section_key": section_key(doc.doc_id, s.section_id),
        }
        for s in doc.sections
    ]
