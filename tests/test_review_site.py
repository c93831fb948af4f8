"""The review site's parts: text cut around figures and headings, coverage, charts."""

from __future__ import annotations

import pandas as pd

from chitieu.pipeline.review_site import coverage, format_number, page_name, segments

TEXT = "I. GIẢM NGHÈO\nCòn 12 hộ nghèo, chiếm 1,5%.\n"


def figure(text: str, obs_id: str, pillar: str | None = "inclusive") -> dict:
    start = TEXT.index(text)
    return {"obs_id": obs_id, "char_start": start, "char_end": start + len(text), "pillar": pillar}


def test_segments_keep_every_character_once_and_mark_figures_and_headings() -> None:
    figures = [figure("1,5%", "b"), figure("12 hộ", "a")]
    parts = segments(TEXT, figures, [{"section_id": "s1", "char_start": 0}])
    assert "".join(p.text for p in parts) == TEXT
    assert [(p.text, p.figure["obs_id"] if p.figure else None, p.section_id) for p in parts] == [
        ("", None, "s1"),
        ("I. GIẢM NGHÈO\nCòn ", None, None),
        ("12 hộ", "a", None),
        (" nghèo, chiếm ", None, None),
        ("1,5%", "b", None),
        (".\n", None, None),
    ]


def test_an_overlapping_figure_is_not_marked_twice() -> None:
    overlapping = {"obs_id": "c", "char_start": TEXT.index("12"), "char_end": TEXT.index("12") + 2, "pillar": None}
    parts = segments(TEXT, [figure("12 hộ", "a"), overlapping], [])
    assert [p.figure["obs_id"] for p in parts if p.figure] == ["a"]
    assert "".join(p.text for p in parts) == TEXT


def test_coverage_counts_figures_per_province_and_pillar() -> None:
    figures = pd.DataFrame(
        {"province": ["Lạng Sơn", "Lạng Sơn", None], "pillar": ["inclusive", None, "dynamic"]}, dtype="string"
    )
    provinces, pillars, counts = coverage(figures)
    assert provinces == ["(không rõ)", "Lạng Sơn"]
    assert pillars[-1] == "none"
    assert counts == {("Lạng Sơn", "inclusive"): 1, ("Lạng Sơn", "none"): 1, ("(không rõ)", "dynamic"): 1}


def test_numbers_and_page_names_read_well() -> None:
    assert [format_number(v) for v in (14_556_240_000, 2.5, 1234.5, None)] == ["14.556.240.000", "2,5", "1.234,5", ""]
    assert page_name("lang-son/van quan").startswith("lang-son_van_quan-")
    assert page_name("a/b") != page_name("a_b")
