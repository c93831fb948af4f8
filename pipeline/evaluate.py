"""Scores a run's tables against gold annotations exactly as SPEC §5 says.

Within a document, a predicted row matches a gold figure when ``unit`` agrees
and ``value`` agrees to 1e-6 relative, one to one. Among rows of equal value,
the one whose sentence holds the gold quote is preferred, so that attributes
are judged on the right occurrence of, say, "100%".

Besides the whole, figures are scored by where they stand: in a table cell or in
running text. A table figure's sentence is its row line, cells joined by " | ",
and gold quotes a table cell with its row the same way; so a matched pair stands
where its predicted row's sentence does, a miss where its quote does, and a false
positive where its sentence does.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from chitieu.pipeline.tablerows import is_row

ATTRIBUTES = ["indicator", "pillar", "status", "qualifier", "period", "per"]
#: SPEC §5: gold ``null`` leaves an attribute open (not scored), except these, where it means none.
NULL_MEANS_NONE = {"qualifier", "per"}
NUMERIC_ATTRIBUTES = ["value_max", "denominator"]
DOCUMENT_FIELDS = ["doc_type", "province", "district", "period"]
#: Where a figure stands, as the place breakdown names it.
PLACES = {True: "tables", False: "prose"}


def _blank(value: Any) -> Any:
    """Gold ``null`` and an empty cell mean the same: nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return value


def _squash(text: str) -> str:
    return "".join(str(text).split()).casefold()


def _same_number(a: Any, b: Any) -> bool:
    a, b = _blank(a), _blank(b)
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6)


def _attribute_ok(name: str, gold: Any, predicted: Any) -> bool:
    gold, predicted = _blank(gold), _blank(predicted)
    if name in NUMERIC_ATTRIBUTES:
        return _same_number(gold, predicted)
    if isinstance(gold, list):
        return predicted in gold or (predicted is None and None in gold)
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return str(gold) == str(predicted)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _read_table(pred: Path, name: str) -> list[dict[str, Any]]:
    path = pred / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `chitieu run` first")
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return frame.to_dict("records")


@dataclass
class Report:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    attribute_hits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    section_hits: list[int] = field(default_factory=lambda: [0, 0])
    document_hits: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    attribute_errors: list[str] = field(default_factory=list)
    section_errors: list[str] = field(default_factory=list)
    document_errors: list[str] = field(default_factory=list)
    by_doc_type: dict[str, Report] = field(default_factory=dict)
    by_place: dict[str, Report] = field(default_factory=dict)  # figures in tables / in prose

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        hit, total = self.attribute_hits[name]
        return hit / total if total else 1.0

    @staticmethod
    def _ratio(pair: list[int]) -> float:
        return pair[0] / pair[1] if pair[1] else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "attributes": {name: self.accuracy(name) for name in ATTRIBUTES + NUMERIC_ATTRIBUTES},
            "section_pillar": self._ratio(self.section_hits),
            "document_fields": self._ratio(self.document_hits),
            "by_doc_type": {name: part.as_dict() for name, part in self.by_doc_type.items()},
            "by_place": {name: part.as_dict() for name, part in self.by_place.items()},
            "misses": self.misses,
            "false_positives": self.false_positives,
        }


def _match(gold: list[dict], predicted: list[dict]) -> tuple[list[tuple[dict, dict | None]], set[int]]:
    """Pair each gold figure with at most one predicted row (one to one)."""
    used: set[int] = set()
    pairs: dict[int, int] = {}

    def candidates(g: dict) -> list[int]:
        return [
            k
            for k, p in enumerate(predicted)
            if k not in used and p["unit"] == g["unit"] and _same_number(p["value"], g["value"])
        ]

    for prefer_quote in (True, False):
        for i, g in enumerate(gold):
            if i in pairs:
                continue
            options = candidates(g)
            if prefer_quote:
                quote = _squash(g["quote"])
                options = [k for k in options if quote in _squash(predicted[k]["sentence"])]
            if options:
                pairs[i] = options[0]
                used.add(options[0])
    return [(g, predicted[pairs[i]] if i in pairs else None) for i, g in enumerate(gold)], used


def _score_pair(report: Report, doc_id: str, g: dict, p: dict | None) -> None:
    """Count one gold figure and the row it was paired with, if any."""
    report.gold += 1
    if p is None:
        report.misses.append(f"{doc_id}  {g['quote']!r}  {g['value']:g} {g['unit']}")
        return
    report.predicted += 1
    report.matched += 1
    for name in ATTRIBUTES + NUMERIC_ATTRIBUTES:
        if name in NUMERIC_ATTRIBUTES and _blank(g.get(name)) is None and _blank(p.get(name)) is None:
            continue
        if name in ATTRIBUTES and name not in NULL_MEANS_NONE and _blank(g.get(name)) is None:
            continue
        ok = _attribute_ok(name, g.get(name), p.get(name))
        report.attribute_hits[name][0] += ok
        report.attribute_hits[name][1] += 1
        if not ok:
            report.attribute_errors.append(
                f"{doc_id}  {g['quote']!r}  {name}: gold {g.get(name)!r}, got {p.get(name)!r}"
            )


def _score_false_positive(report: Report, doc_id: str, p: dict) -> None:
    report.predicted += 1
    report.false_positives.append(f"{doc_id}  {p['text']!r}  {p['value']} {p['unit']}  in: {p['sentence'][:90]}")


def _place(report: Report, text: str) -> Report:
    """The part of ``report`` for figures standing where ``text`` does: a table row or prose."""
    return report.by_place.setdefault(PLACES[is_row(text)], Report())


def _score_figures(report: Report, gold_dir: Path, indicators: list[dict], doc_ids: set[str]) -> None:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in indicators:
        by_doc[row["doc_id"]].append(row)
    for doc_id in sorted(doc_ids):
        predicted = by_doc.get(doc_id, [])
        pairs, used = _match(_read_jsonl(gold_dir / f"{doc_id}.figures.jsonl"), predicted)
        for g, p in pairs:
            for part in (report, _place(report, p["sentence"] if p else g["quote"])):
                _score_pair(part, doc_id, g, p)
        for p in (p for k, p in enumerate(predicted) if k not in used):
            for part in (report, _place(report, p["sentence"])):
                _score_false_positive(part, doc_id, p)


def _score_sections(report: Report, gold_dir: Path, sections: list[dict], doc_ids: set[str]) -> None:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in sections:
        by_doc[row["doc_id"]].append(row)
    for g in _read_jsonl(gold_dir / "sections.jsonl"):
        if g["doc"] not in doc_ids:
            continue
        prefix = _squash(g["title_prefix"])
        found = [s for s in by_doc[g["doc"]] if _squash(s["title"]).startswith(prefix)]
        section = found[g["occurrence"] - 1] if len(found) >= g["occurrence"] else None
        ok = section is not None and _attribute_ok("pillar", g["pillar"], section["pillar"])
        report.section_hits[0] += ok
        report.section_hits[1] += 1
        if not ok:
            got = "no such section" if section is None else repr(section["pillar"] or None)
            report.section_errors.append(
                f"{g['doc']}  {g['title_prefix']!r} #{g['occurrence']}: gold {g['pillar']!r}, got {got}"
            )


def _score_documents(report: Report, gold_dir: Path, documents: list[dict], doc_ids: set[str]) -> None:
    by_id = {row["doc_id"]: row for row in documents}
    for g in _read_jsonl(gold_dir / "documents.jsonl"):
        if g["doc"] not in doc_ids:
            continue
        row = by_id.get(g["doc"], {})
        for name in DOCUMENT_FIELDS:
            ok = _attribute_ok(name, g.get(name), row.get(name))
            report.document_hits[0] += ok
            report.document_hits[1] += 1
            if not ok:
                report.document_errors.append(f"{g['doc']}  {name}: gold {g.get(name)!r}, got {row.get(name)!r}")


class NoGoldFigures(ValueError):
    """No gold figure belongs to a document of the run: there is nothing to score."""


def evaluate(gold_dir: Path, pred_dir: Path) -> Report:
    """Score the tables in ``pred_dir`` against every gold document that was run,
    overall and for each gold document type; refuse (NoGoldFigures) when no gold
    figure belongs to them, since a score over nothing would read as perfect."""
    documents = _read_table(pred_dir, "documents")
    gold_documents = _read_jsonl(gold_dir / "documents.jsonl")
    gold_ids = {line["doc"] for line in gold_documents}
    gold_ids |= {p.name[: -len(".figures.jsonl")] for p in gold_dir.glob("*.figures.jsonl")}
    doc_ids = {row["doc_id"] for row in documents} & gold_ids
    indicators, sections = _read_table(pred_dir, "indicators"), _read_table(pred_dir, "sections")
    report = _score(gold_dir, documents, indicators, sections, doc_ids)
    if report.gold == 0:
        raise NoGoldFigures(
            f"none of the {len(documents)} documents in {pred_dir} has gold figures in {gold_dir}: "
            "there is nothing to score (gold files are named <doc_id>.figures.jsonl)"
        )
    type_of = {line["doc"]: line.get("doc_type") or "other" for line in gold_documents}
    for doc_type in sorted({type_of.get(doc_id, "other") for doc_id in doc_ids}):
        subset = {doc_id for doc_id in doc_ids if type_of.get(doc_id, "other") == doc_type}
        report.by_doc_type[doc_type] = _score(gold_dir, documents, indicators, sections, subset)
    return report


def _score(
    gold_dir: Path, documents: list[dict], indicators: list[dict], sections: list[dict], doc_ids: set[str]
) -> Report:
    report = Report()
    _score_figures(report, gold_dir, indicators, doc_ids)
    _score_sections(report, gold_dir, sections, doc_ids)
    _score_documents(report, gold_dir, documents, doc_ids)
    return report


def _share(hits: list[int]) -> str:
    """ "0.950 (19/20)"; over nothing, say so rather than print a perfect score."""
    return f"{Report._ratio(hits):.3f} ({hits[0]}/{hits[1]})" if hits[1] else "not scored (no gold)"


def format_report(report: Report) -> str:
    """Details first, one per line; the summary last, so ``tail`` shows it."""
    lines: list[str] = []
    for title, items in (
        ("misses (gold figures not found)", report.misses),
        ("false positives (rows matching no gold figure)", report.false_positives),
        ("attribute errors", report.attribute_errors),
        ("section pillar errors", report.section_errors),
        ("document field errors", report.document_errors),
    ):
        lines.append(f"{title}: {len(items)}")
        lines.extend(f"  {item}" for item in items)
    attributes = "  ".join(f"{name} {report.accuracy(name):.3f}" for name in ATTRIBUTES)
    numeric = "  ".join(
        f"{name} {report.attribute_hits[name][0]}/{report.attribute_hits[name][1]}" for name in NUMERIC_ATTRIBUTES
    )
    sections, docs = report.section_hits, report.document_hits
    lines += [
        "",
        f"figures    precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}"
        f"  (gold {report.gold}, predicted {report.predicted}, matched {report.matched})",
        f"attributes {attributes}",
        f"ranges     {numeric}",
        f"sections   pillar accuracy {_share(sections)}",
        f"documents  field accuracy {_share(docs)}",
    ]
    for title, parts in (
        ("by document type", report.by_doc_type),
        ("by place: figures in table cells or in prose", dict(sorted(report.by_place.items(), reverse=True))),
    ):
        if len(parts) > 1:
            lines.append(f"{title} (figures F1; attributes over matched figures):")
            lines.extend(_part_line(name, part) for name, part in parts.items())
    return "\n".join(lines)


def _part_line(name: str, part: Report) -> str:
    accuracy = "  ".join(f"{attribute} {part.accuracy(attribute):.2f}" for attribute in ATTRIBUTES)
    return f"  {name:<11} F1 {part.f1:.3f}  (gold {part.gold}, predicted {part.predicted})  {accuracy}"
