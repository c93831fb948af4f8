"""``chitieu review OUT``: a static site built from a run's outputs, for an analyst
to check what was extracted. It re-runs nothing and opens from disk (no server,
no network): ``OUT/review/index.html``.

- The overview: every document with its status, reason and counts; the coverage
  of provinces × pillars; figures per pillar and the poverty rate by district
  over time as inline SVG charts; the files that failed or gave no figure.
- A page per document: metadata, section outline, the text with its real line
  breaks and every figure highlighted in its pillar's colour (a tooltip gives
  value, unit, per, status, period, indicator and obs_id), and a filterable
  table of its figures where the analyst marks a figure wrong or fixes an
  attribute, then exports ``corrections.json`` for ``chitieu run --corrections``.

Every value reaches the HTML through Jinja2's autoescaping.
"""

from __future__ import annotations

import hashlib
import math
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import regex

from chitieu.pipeline.corrections import EDITABLE
from chitieu.pipeline.dictionary import Dictionary, load_dictionary
from chitieu.pipeline.workbook import document_highlight

TEMPLATES = Path(__file__).with_name("templates")
ASSETS = ["review.css", "review.js"]
SITE_FOLDER = "review"
NO_PILLAR = "none"
#: Colour of each pillar (and of figures with none), colour-blind safe (Tableau 10).
PILLAR_COLOURS = {
    "engaging": "#4E79A7",
    "inclusive": "#F28E2B",
    "sustainable": "#59A14F",
    "resilient": "#E15759",
    "dynamic": "#B07AA1",
    NO_PILLAR: "#9D9D9D",
}
POVERTY_RATE = "poor_household_rate"
#: Attributes shown in a figure's tooltip, in order, where the table has them.
TOOLTIP = [
    "value", "value_max", "denominator", "unit", "unit_noun", "per", "status", "period", "indicator", "obs_id",
    "ocr_confidence",
]  # fmt: skip


def _clean(value: Any) -> Any:
    """A table cell as JSON and Jinja want it: None for every kind of missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value if isinstance(value, str | int | float | bool) else str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def page_name(doc_id: str) -> str:
    """A file name for a document's page: readable, safe on every system, unique."""
    readable = regex.sub(r"[^\w.-]+", "_", doc_id)[:60]
    return f"{readable}-{hashlib.sha1(doc_id.encode()).hexdigest()[:8]}.html"


@dataclass
class Segment:
    """A run of the document's text: plain, or one figure."""

    text: str
    figure: dict[str, Any] | None = None
    section_id: str | None = None  # a heading starts here


def segments(text: str, figures: list[dict[str, Any]], sections: list[dict[str, Any]]) -> list[Segment]:
    """Cut the text at every figure and section start, keeping every character once."""
    anchors = sorted((s["char_start"], s["section_id"]) for s in sections if s.get("char_start") is not None)
    placed = [f for f in figures if f.get("char_start") is not None]
    spans = [
        (f["char_start"], f["char_end"], f) for f in sorted(placed, key=lambda f: (f["char_start"], -f["char_end"]))
    ]
    cuts: list[tuple[int, str, Any]] = [(start, "section", sid) for start, sid in anchors]
    last_end = -1
    for start, end, figure in spans:
        if start >= last_end and end <= len(text):  # overlapping spans cannot both be marked
            cuts.append((start, "figure", (end, figure)))
            last_end = end
    cuts.sort(key=lambda cut: (cut[0], cut[1] != "section"))
    out: list[Segment] = []
    position = 0
    for start, kind, payload in cuts:
        if start < position:
            continue
        if start > position:
            out.append(Segment(text[position:start]))
            position = start
        if kind == "section":
            out.append(Segment("", section_id=payload))
        else:
            end, figure = payload
            out.append(Segment(text[start:end], figure=figure))
            position = end
    out.append(Segment(text[position:]))
    return out


def coverage(figures: pd.DataFrame) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """Figures per province × pillar: (provinces, pillars, counts)."""
    provinces = figures["province"].fillna("(không rõ)")
    pillars = figures["pillar"].fillna(NO_PILLAR)
    counts = Counter(zip(provinces, pillars, strict=True))
    return sorted(set(provinces)), list(PILLAR_COLOURS), dict(counts)


def _bar_chart(counts: dict[str, int], labels: dict[str, str]) -> dict[str, Any]:
    """Bars of figures per pillar, laid out for an inline SVG."""
    top = max(counts.values(), default=0) or 1
    bars = []
    for row, (pillar, count) in enumerate(counts.items()):
        bars.append(
            {
                "y": 10 + row * 28,
                "width": round(360 * count / top, 1),
                "count": count,
                "label": pillar,
                "title": labels.get(pillar, pillar),
                "colour": PILLAR_COLOURS[pillar],
            }
        )
    return {"bars": bars, "height": 20 + 28 * len(bars)}


def _line_chart(figures: pd.DataFrame) -> dict[str, Any] | None:
    """The poverty rate by district (or province) over the years, for an inline SVG."""
    rates = figures[(figures["indicator"] == POVERTY_RATE) & figures["period_end"].notna()]
    if rates.empty:
        return None
    place = rates["district"].fillna(rates["province"]).fillna("(không rõ)")
    points = (
        rates.assign(place=place, year=rates["period_end"].astype(int))
        .groupby(["place", "year"])["value"]
        .mean()
        .reset_index()
    )
    years = sorted(points["year"].unique())
    high = max(float(points["value"].max()), 1.0)
    width, height, left, bottom = 520, 240, 44, 30

    def x(year: int) -> float:
        span = (years[-1] - years[0]) or 1
        return round(left + (width - left - 20) * (year - years[0]) / span if len(years) > 1 else left + 40, 1)

    def y(value: float) -> float:
        return round(height - bottom - (height - bottom - 10) * value / high, 1)

    palette = list(PILLAR_COLOURS.values())
    series = []
    for index, (name, group) in enumerate(points.groupby("place")):
        coords = [(x(int(r.year)), y(float(r.value)), int(r.year), float(r.value)) for r in group.itertuples()]
        series.append(
            {
                "name": name,
                "colour": palette[index % len(palette)],
                "points": coords,
                "path": " ".join(f"{cx},{cy}" for cx, cy, _, _ in coords),
            }
        )
    ticks = [{"x": x(year), "label": str(year)} for year in years]
    levels = [{"y": y(high * k / 4), "label": f"{high * k / 4:.1f}"} for k in range(5)]
    return {"series": series, "ticks": ticks, "levels": levels, "width": width, "height": height, "left": left}


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["number"] = format_number
    environment.filters["plain"] = lambda value: "" if value is None else f"{value:.15g}"
    return environment


def format_number(value: Any) -> str:
    """Vietnamese style: '.' groups thousands, ',' is the decimal mark."""
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _code_options(dictionary: Dictionary) -> dict[str, list[tuple[str, str]]]:
    return {name: sorted(labels.items()) for name, labels in dictionary.codes.items()}


def build_site(out: Path, tables: dict[str, pd.DataFrame], dictionary: Dictionary | None = None) -> Path:
    """Write the review site into ``out/review``; return its index page."""
    dictionary = dictionary or load_dictionary()
    site = out / SITE_FOLDER
    if site.exists():
        shutil.rmtree(site)
    (site / "docs").mkdir(parents=True)
    for asset in ASSETS:
        shutil.copyfile(TEMPLATES / asset, site / asset)
    environment = _environment()
    documents, figures, sections = (tables[n] for n in ("documents", "indicators", "sections"))
    figure_rows = _records(figures)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in figure_rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    sections_by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in _records(sections):
        sections_by_doc.setdefault(row["doc_id"], []).append(row)
    pillar_labels = dictionary.codes["pillar"] | {NO_PILLAR: "Không thuộc trụ cột nào"}
    shared = {
        "colours": PILLAR_COLOURS,
        "pillar_labels": pillar_labels,
        "tooltip": [c for c in TOOLTIP if c in figures.columns],
        "editable": EDITABLE,
        "options": _code_options(dictionary),
        "labels": {c.name: c.label for c in dictionary.tables["indicators"].columns},
    }
    document_rows = []
    for row in _records(documents):
        row["page"] = f"docs/{page_name(row['doc_id'])}" if row["status"] == "ok" else None
        row["n_sections"] = len(sections_by_doc.get(row["doc_id"], []))
        row["highlight"] = document_highlight(row)
        document_rows.append(row)
    provinces, pillars, counts = coverage(figures)
    per_pillar = {p: int((figures["pillar"].fillna(NO_PILLAR) == p).sum()) for p in PILLAR_COLOURS}
    overview = environment.get_template("index.html").render(
        documents=document_rows,
        n_figures=len(figures),
        statuses=Counter(r["status"] for r in document_rows),
        provinces=provinces,
        pillars=pillars,
        counts=counts,
        bar_chart=_bar_chart(per_pillar, pillar_labels),
        line_chart=_line_chart(figures),
        failed=[r for r in document_rows if r["highlight"] in ("failed", "empty")],
        no_figures=[r for r in document_rows if r["highlight"] == "no_figures"],
        root=".",
        **shared,
    )
    (site / "index.html").write_text(overview, encoding="utf-8")
    template = environment.get_template("document.html")
    for row in document_rows:
        if row["page"] is None:
            continue
        text_path = out / "text" / f"{row['doc_id']}.txt"
        text = text_path.read_text(encoding="utf-8") if text_path.is_file() else ""
        doc_figures = by_doc.get(row["doc_id"], [])
        doc_sections = sections_by_doc.get(row["doc_id"], [])
        page = template.render(
            doc=row,
            metadata=[(c, row.get(c.name)) for c in dictionary.tables["documents"].columns],
            sections=doc_sections,
            segments=segments(text, doc_figures, doc_sections),
            figures=doc_figures,
            has_text=bool(text),
            root="..",
            **shared,
        )
        (site / row["page"]).write_text(page, encoding="utf-8")
    return site / "index.html"
