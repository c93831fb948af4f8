"""Runs the pipeline on a folder of built inputs and scores it as `chitieu
evaluate` does, so that a converted document is held to the gold standard and
to the figures of its text original."""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from chitieu.pipeline.document import Document
from chitieu.pipeline.evaluate import Report, evaluate
from chitieu.pipeline.registry import load_config
from chitieu.pipeline.runner import collect_inputs, run_batch
from chitieu.pipeline.writers import write_all
from tests.builders import CORPUS, GOLD

Figures = dict[str, Counter]


def run_folder(folder: Path, out: Path, config_path: Path | None = None) -> list[Document]:
    """Every document of ``folder`` through the configured pipeline, in this process."""
    result = run_batch(collect_inputs([folder]), cache_dir=None, workers=0, config_path=config_path)
    write_all(result.documents, out, ["csv"])
    return result.documents


def figures_of(documents: list[Document]) -> Figures:
    """Each document's figures as a multiset of (unit, value)."""
    return {doc.doc_id: Counter((f.unit, round(f.value, 6)) for f in doc.figures) for doc in documents}


def agreement(found: Counter, expected: Counter) -> float:
    """F1 of one document's figures against another's (unit and value, one to one)."""
    matched = sum((found & expected).values())
    total = sum(found.values()) + sum(expected.values())
    return 2 * matched / total if total else 1.0


def config_with(path: Path, first: tuple[str, str] | None = None, **ingest: object) -> Path:
    """A copy of the default pipeline.toml with other ``[stages.ingest]``
    settings, and optionally a ``(module, stage)`` run before every other stage."""
    config = load_config()
    config["stages"]["ingest"].update(ingest)
    if first:
        config["pipeline"]["modules"].insert(0, first[0])
        config["pipeline"]["stages"].insert(0, first[1])
    lines = [f"[pipeline]\nmodules = {json.dumps(config['pipeline']['modules'])}"]
    lines.append(f"stages = {json.dumps(config['pipeline']['stages'])}")
    for name, settings in config["stages"].items():
        lines.append(f"[stages.{name}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@functools.cache
def original_figures() -> Figures:
    """The figures the pipeline finds in the corpus text originals."""
    return figures_of(run_batch(collect_inputs([CORPUS]), cache_dir=None, workers=0).documents)


@dataclass
class Scored:
    """One input kind (a folder of converted corpus documents), scored."""

    report: Report
    figures: Figures
    documents: list[Document]

    def agreement_with_original(self) -> float:
        """Pooled F1 of this kind's figures against those of the text originals."""
        original = original_figures()
        found = sum((self.figures.get(doc_id, Counter()) for doc_id in original), Counter())
        expected = sum((original[doc_id] for doc_id in self.figures), Counter())
        return agreement(found, expected)

    def summary(self) -> str:
        report = self.report
        return (
            f"gold F1 {report.f1:.3f} (P {report.precision:.3f} R {report.recall:.3f}), "
            f"agreement with the text originals {self.agreement_with_original():.3f}; "
            f"misses {report.misses[:5]}; false positives {report.false_positives[:5]}"
        )


def score_kind(folder: Path, out: Path, config_path: Path | None = None) -> Scored:
    documents = run_folder(folder, out, config_path)
    return Scored(evaluate(GOLD, out), figures_of(documents), documents)


def overlap(a: Counter, b: Counter) -> float:
    """Agreement of two documents' (unit, value) multisets: |A ∩ B| / max(|A|, |B|)."""
    larger = max(sum(a.values()), sum(b.values()))
    return sum((a & b).values()) / larger if larger else 1.0
