"""An analyst's corrections, applied by ``obs_id`` every time the tables are built.

The review site exports them (``chitieu review``); ``chitieu run --corrections
FILE`` keeps them in ``<out>/corrections.json``, so they survive re-runs. A figure
marked wrong leaves ``indicators``; a fixed attribute is replaced and named in the
row's ``corrected`` column. The file::

    {"corrections": [
      {"obs_id": "3f2a…", "wrong": true, "note": "a phone number"},
      {"obs_id": "9c1d…", "set": {"status": "target", "period": "2025"}}
    ]}
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chitieu.pipeline.dictionary import load_dictionary
from chitieu.pipeline.schema import INDICATOR_COLUMNS, NUMERIC
from chitieu.pipeline.typed import PERIOD

CORRECTIONS_FILE = "corrections.json"
#: Attributes an analyst may fix; `per` joins them where the schema has it.
_ATTRIBUTES = "indicator subject value value_max denominator unit unit_noun per qualifier status period pillar"
EDITABLE = [name for name in _ATTRIBUTES.split() if name in INDICATOR_COLUMNS]
#: Attributes whose value must be one of the dictionary's codes.
CODED = {"indicator": "indicator", "pillar": "pillar", "status": "status", "qualifier": "qualifier"}
#: Attributes that may be emptied.
NULLABLE = {"pillar", "qualifier", "value_max", "denominator", "unit_noun", "per", "period", "subject"}


class CorrectionsError(ValueError):
    """A corrections file that cannot be applied as written."""


@dataclass
class Correction:
    obs_id: str
    wrong: bool = False
    set: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"obs_id": self.obs_id}
        if self.wrong:
            entry["wrong"] = True
        if self.set:
            entry["set"] = self.set
        if self.note:
            entry["note"] = self.note
        return entry


def _checked_value(name: str, value: Any, where: str) -> Any:
    if value in (None, ""):
        if name not in NULLABLE:
            raise CorrectionsError(f"{where}: {name} cannot be emptied")
        return None
    if name in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CorrectionsError(f"{where}: {name} must be a number, not {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise CorrectionsError(f"{where}: {name} must be text, not {value!r}")
    if name in CODED and value not in load_dictionary().codes[CODED[name]]:
        known = ", ".join(sorted(load_dictionary().codes[CODED[name]]))
        raise CorrectionsError(f"{where}: {value!r} is not a {name} code (one of: {known})")
    if name == "period" and not PERIOD.fullmatch(value):
        raise CorrectionsError(f"{where}: period must be YYYY or YYYY/YYYY, not {value!r}")
    return value


def _parse(entry: Any, where: str) -> Correction:
    if not isinstance(entry, dict) or not isinstance(entry.get("obs_id"), str) or not entry["obs_id"]:
        raise CorrectionsError(f"{where}: each correction needs an obs_id")
    changes = entry.get("set") or {}
    if not isinstance(changes, dict):
        raise CorrectionsError(f"{where}: 'set' must map attributes to values")
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise CorrectionsError(f"{where}: cannot correct {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    wrong = entry.get("wrong", False)
    if not isinstance(wrong, bool):
        raise CorrectionsError(f"{where}: 'wrong' must be true or false")
    if not wrong and not changes:
        raise CorrectionsError(f"{where}: a correction marks the figure wrong or sets an attribute")
    checked = {name: _checked_value(name, value, where) for name, value in changes.items()}
    return Correction(entry["obs_id"], wrong, checked, str(entry.get("note") or ""))


@dataclass
class Corrections:
    """Corrections by obs_id; a later entry for the same figure replaces an earlier one."""

    by_obs_id: dict[str, Correction] = field(default_factory=dict)
    applied: Counter = field(default_factory=Counter)
    not_found: list[str] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: Any, source: str = "corrections") -> Corrections:
        entries = data.get("corrections") if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise CorrectionsError(f'{source}: expected {{"corrections": [...]}}')
        corrections = cls()
        for number, entry in enumerate(entries, 1):
            correction = _parse(entry, f"{source}, correction {number}")
            corrections.by_obs_id[correction.obs_id] = correction
        return corrections

    @classmethod
    def read(cls, path: Path) -> Corrections:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CorrectionsError(f"no corrections file at {path}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CorrectionsError(f"{path} is not a JSON corrections file: {exc}") from None
        return cls.from_data(data, str(path))

    def merged(self, newer: Corrections) -> Corrections:
        return Corrections({**self.by_obs_id, **newer.by_obs_id})

    def to_json(self) -> str:
        entries = [c.as_dict() for c in self.by_obs_id.values()]
        return json.dumps({"corrections": entries}, ensure_ascii=False, indent=2) + "\n"

    def apply(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Correct the indicator rows in place and recount each document's figures."""
        kept = []
        seen = set()
        for row in rows["indicators"]:
            correction = self.by_obs_id.get(row["obs_id"])
            if correction is not None:
                seen.add(row["obs_id"])
                if correction.wrong:
                    self.applied["removed"] += 1
                    continue
                row.update(correction.set)
                row["corrected"] = ",".join(correction.set)
                self.applied["fixed"] += 1
            kept.append(row)
        rows["indicators"] = kept
        self.not_found = [obs_id for obs_id in self.by_obs_id if obs_id not in seen]
        per_document = Counter(row["doc_id"] for row in kept)
        for document in rows["documents"]:
            document["n_figures"] = per_document[document["doc_id"]]


def corrections_for_run(out: Path, given: Path | None) -> Corrections | None:
    """The corrections a run applies: those kept in ``out`` merged with the file
    given, written back to ``out`` so that the next run applies them too."""
    kept_path = out / CORRECTIONS_FILE
    kept = Corrections.read(kept_path) if kept_path.is_file() else None
    if given is None:
        return kept
    corrections = (kept or Corrections()).merged(Corrections.read(given))
    out.mkdir(parents=True, exist_ok=True)
    temporary = kept_path.with_name(f".{CORRECTIONS_FILE}.tmp")
    temporary.write_text(corrections.to_json(), encoding="utf-8")
    temporary.replace(kept_path)
    return corrections
