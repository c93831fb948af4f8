"""Time phrases of Vietnamese reports, found with their offsets.

A period is written ``YYYY`` or ``YYYY/YYYY`` (SPEC §3). Both the document's
period (metadata) and each figure's period (enrich) are read with these
patterns, so the two can never disagree about what a phrase means.
"""

from __future__ import annotations

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


def find_periods(text: str) -> list[PeriodMention]:
    """Every time phrase in ``text``, left to right, spans before single years."""
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in SPAN.finditer(text):
        first, last = int(match["first"]), int(match["last"])
        if first < last:
            found.append(PeriodMention(match.start(), match.end(), first, last, "span"))
            taken.append(match.span())
    for match in SINCE.finditer(text):
        if free(*match.span()):
            found.append(PeriodMention(match.start(), match.end(), int(match["first"]), None, "since"))
            taken.append(match.span())
    for match in WITHIN_YEAR.finditer(text):
        if free(*match.span()):
            year = int(match["first"])
            found.append(PeriodMention(match.start(), match.end(), year, year, "year", match["cue"].lower()))
            taken.append(match.span())
    for match in SINGLE.finditer(text):
        if free(*match.span()):
            cue = " ".join(match["cue"].lower().split())
            year = int(match["first"])
            found.append(PeriodMention(match.start(), match.end(), year, year, "year", cue))
            taken.append(match.span())
    return sorted(found, key=lambda m: m.start)
