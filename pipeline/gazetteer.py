"""Vietnam's 63 provinces and their districts as they were before the 2025 merger.

The names come from the ``vietnamadminunits`` package (its legacy parser data),
so that no list of places is typed by hand. Reports in the corpus date from
2016–2024, when these units were in force.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from chitieu.lexicons import load
from chitieu.pipeline.textutil import fold


def _variants() -> dict[str, str]:
    return {fold(k): fold(v) for k, v in load("places")["spelling_variants"].items()}


class Gazetteer:
    """Looks place names up by level, ignoring case and tone placement.

    Levels: "province" (every province), "city" (the provinces that are cities,
    "thành phố Cần Thơ", as opposed to the district-level "thành phố Hà Tĩnh"),
    "district" (districts, towns, district-level cities and urban districts).
    """

    def __init__(self, data: dict) -> None:
        self.variants = _variants()
        self.names: dict[str, dict[str, str]] = {"province": {}, "city": {}, "district": {}}
        self.districts: dict[str, set[str]] = {}  # folded district name -> its provinces
        for key, province in data["DICT_PROVINCE"].items():
            name = province["provinceShort"]
            self.names["province"][self.key(name)] = name
            if province["province"].startswith("Thành phố"):
                self.names["city"][self.key(name)] = name
            for district in data["DICT_PROVINCE_DISTRICT"].get(key, {}).values():
                short = district["district"].removeprefix(district["districtType"]).strip()
                self.districts.setdefault(self.key(short), set()).add(name)
                self.names["district"][self.key(short)] = short
        for alias, name in load("places")["province_aliases"].items():
            self.names["province"][self.key(alias)] = alias
            for folded, provinces in self.districts.items():
                if name in provinces:
                    self.districts[folded] = provinces | {alias}
        self.max_words = max(len(name.split()) for names in self.names.values() for name in names)

    def key(self, name: str) -> str:
        """The form names are compared in: folded, one space, one spelling ("Đăk" = "Đắk")."""
        return " ".join(self.variants.get(word, word) for word in fold(name).split())

    def lookup(self, name: str, kind: str) -> str | None:
        return self.names[kind].get(self.key(name))

    def provinces_of(self, district: str) -> set[str]:
        return self.districts.get(self.key(district), set())

    def longest(self, words: list[str], kind: str) -> str | None:
        """The longest run of leading ``words`` that names a unit of ``kind``."""
        for size in range(min(len(words), self.max_words), 0, -1):
            found = self.lookup(" ".join(words[:size]), kind)
            if found:
                return found
        return None


@cache
def gazetteer() -> Gazetteer:
    """The pre-2025 gazetteer, read once per process."""
    path = resources.files("vietnamadminunits") / "data" / "parser_legacy.json"
    return Gazetteer(json.loads(path.read_text(encoding="utf-8")))
