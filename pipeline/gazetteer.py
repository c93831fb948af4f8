"""Vietnam's 63 provinces and their districts as they were before the 2025 merger.

The names come from the ``vietnamadminunits`` package (its legacy parser data),
so that no list of places is typed by hand. Reports in the corpus date from
2016–2024, when these units were in force.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from lexicons import load
from pipeline.textutil import fold


class Gazetteer:
    """Looks place names up, ignoring case and tone placement."""

    def __init__(self, data: dict) -> None:
        self.provinces: dict[str, str] = {}
        self.districts: dict[str, set[str]] = {}  # folded district name -> its provinces
        self.district_names: dict[str, str] = {}
        for key, province in data["DICT_PROVINCE"].items():
            name = province["provinceShort"]
            self.provinces[fold(name)] = name
            for district in data["DICT_PROVINCE_DISTRICT"].get(key, {}).values():
                short = district["district"].removeprefix(district["districtType"]).strip()
                self.districts.setdefault(fold(short), set()).add(name)
                self.district_names[fold(short)] = short
        for alias, name in load("places")["province_aliases"].items():
            self.provinces[fold(alias)] = alias
            for folded, provinces in self.districts.items():
                if name in provinces:
                    self.districts[folded] = provinces | {alias}
        self.max_words = max(len(name.split()) for name in [*self.provinces, *self.districts])

    def province(self, name: str) -> str | None:
        return self.provinces.get(fold(" ".join(name.split())))

    def district(self, name: str) -> str | None:
        return self.district_names.get(fold(" ".join(name.split())))

    def provinces_of(self, district: str) -> set[str]:
        return self.districts.get(fold(" ".join(district.split())), set())

    def longest(self, words: list[str], kind: str) -> str | None:
        """The longest run of leading ``words`` that names a unit of ``kind``."""
        lookup = self.province if kind == "province" else self.district
        for size in range(min(len(words), self.max_words), 0, -1):
            found = lookup(" ".join(words[:size]))
            if found:
                return found
        return None


@cache
def gazetteer() -> Gazetteer:
    """The pre-2025 gazetteer, read once per process."""
    path = resources.files("vietnamadminunits") / "data" / "parser_legacy.json"
    return Gazetteer(json.loads(path.read_text(encoding="utf-8")))
