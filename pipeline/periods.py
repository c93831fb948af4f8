"""Time phrases of Vietnamese reports, found with their offsets.

A period is written ``YYYY`` or ``YYYY/YYYY`` (SPEC §3). Both the document's
period (metadata) and each figure's period (enrich) are read with these
patterns, so the two can never disagree about what a phrase means.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

YEAR = r"(?:19|20)\d{2}"

#: "giai đoạn 2016 - 2020", "từ năm 2016 đến năm 2020", "2021-2025", "năm 2016 - 2020"
SPAN = regex.compile(
    rf"(?:(?:giai\s+đoạn|thời\s+kỳ|từ\s+năm|từ|năm|kỳ)\s+)?(?P<first>{YEAR})\s*(?:[-–—]|đến(?:\s+năm)?)\s*(?P<last>{YEAR})(?!\d)",
    regex.IGNORECASE,
)
#: "từ năm 2016 đến nay": from a year up to the time of the report.
SINCE = regex.compile(
    rf"từ\s+(?:năm\s+)?(?P<first>{YEAR})\s+(?:đến|tới)\s+(?:nay|hiện\s+nay|thời\s+điểm\s+này)", regex.IGNORECASE
)
#: "năm 2019", "cuối năm 2019", "đến hết năm 2024", "đến năm 2025": one year, but
#: not the year of a date ("ngày 29 tháng 6 năm 2019"), which is no period.
SINGLE = regex.compile(
    rf"(?<!tháng\s+\d{{1,2}}\s+)(?P<cue>(?:(?:đến\s+)?(?:hết|cuối|đầu|giữa)\s+|đến\s+|trong\s+)?năm)\s+(?P<first>{YEAR})(?!\d)",
    regex.IGNORECASE,
)

#: "tháng 4/2025", "tháng 4 năm 2025", "quý I năm 2019", "quý II/2024": a part of one
#: year, read as that year; but not a date's month ("ngày 30 tháng 4 năm 2025").
WITHIN_YEAR = regex.compile(
    rf"(?<!ngày\s+\d{{1,2}}\s+)(?P<cue>tháng|quý)\s+(?:\d{{1,2}}|[IV]{{1,3}})(?:\s+năm\s+|\s*/\s*)(?P<first>{YEAR})(?!\d)",
    regex.IGNORECASE,
)


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    first: int
    last: int | None  # None: "up to now" (resolved against the report's year)
    kind: str  # "span" | "since" | "year"
    cue: str = ""  # the words before a single year ("cuối năm", "đến năm")

    def resolve(self, report_year: int | None) -> str:
        last = self.last if self.last is not None else report_year
        if last is None or last == self.first:
            return str(self.first)
        return f"{self.first}/{last}"


def _span(match: regex.Match) -> PeriodMention | None:
    first, last = int(match["first"]), int(match["last"])
    return PeriodMention(match.start(), match.end(), first, last, "span") if first < last else None


def _since(match: regex.Match) -> PeriodMention:
    return PeriodMention(match.start(), match.end(), int(match["first"]), None, "since")


def _year(match: regex.Match) -> PeriodMention:
    year, cue = int(match["first"]), " ".join(match["cue"].lower().split())
    return PeriodMention(match.start(), match.end(), year, year, "year", cue)


#: The patterns in the order they claim text: spans before single years.
PATTERNS = ((SPAN, _span), (SINCE, _since), (WITHIN_YEAR, _year), (SINGLE, _year))


def find_periods(text: str) -> list[PeriodMention]:
    """Every time phrase in ``text``, left to right, spans before single years.

    Each pattern claims the stretches it matched; a later pattern's match inside a
    claimed stretch is part of that phrase and is left out. The claims are kept
    sorted, so each check is a binary search and a long text stays linear."""
    found: list[PeriodMention] = []
    claimed: list[tuple[int, int]] = []  # sorted and disjoint

    def free(start: int, end: int) -> bool:
        before = bisect.bisect_left(claimed, (end,))  # the claims that start before `end`
        return before == 0 or claimed[before - 1][1] <= start

    for pattern, mention in PATTERNS:
        new = [m for match in pattern.finditer(text) if free(*match.span()) and (m := mention(match))]
        found += new
        claimed = sorted(claimed + [(m.start, m.end) for m in new])
    return sorted(found, key=lambda m: m.start)
