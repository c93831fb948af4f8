"""Enrichment over whole documents: headings, sections and the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

import chitieu.extractors.indicators as indicators
from chitieu.extractors.enrich import Enrich, _cell_at
from chitieu.extractors.figures import Extract
from chitieu.extractors.indicators import Catalogue, Context
from chitieu.lexicons import load
from chitieu.pipeline.api import DEFAULT_CORPUS
from chitieu.pipeline.document import Document, Figure
from chitieu.pipeline.registry import build_pipeline
from tests.test_figures import Setting, analyse


def test_documents_without_figures_yield_nothing() -> None:
    pipeline = build_pipeline()
    for path in sorted(DEFAULT_CORPUS.glob("00[23]_*.txt")):
        doc = Document(path.stem, path)
        for _, stage in pipeline:
            doc = stage(doc)
        assert doc.status == "ok"
        assert doc.figures == [], [f.text for f in doc.figures]


def test_a_heading_period_beats_the_document_period() -> None:
    [figure] = analyse("Đã cấp 300 thẻ BHYT.", Setting(heading="KẾT QUẢ NĂM 2022", period="2021/2025"))
    assert (figure.indicator, figure.period) == ("health_insurance_cards", "2022")


def test_the_sentence_period_beats_the_heading() -> None:
    [figure] = analyse("Cuối năm 2023, còn 41 hộ nghèo.", Setting(heading="GIAI ĐOẠN 2021 - 2025"))
    assert (figure.period, figure.section_id) == ("2023", "s1")


def test_pillar_comes_from_the_sentence_outside_pillar_sections() -> None:
    [figure] = analyse("Toàn huyện trồng mới 120 cây xanh để bảo vệ môi trường, ứng phó biến đổi khí hậu.")
    assert figure.pillar == "sustainable"


def test_a_new_indicator_needs_only_a_catalogue_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = dict(load("indicators"))
    entry = {
        "code": "forest_cover_rate",
        "unit": "percent",
        "subject": "tỷ lệ che phủ rừng",
        "kind": "stock",
        "terms": ["tỷ lệ che phủ rừng", "độ che phủ rừng"],
    }
    catalogue["indicator"] = [*catalogue["indicator"], entry]
    monkeypatch.setattr(indicators, "load", lambda name: catalogue if name == "indicators" else load(name))
    figure = Figure("57,2%", 30, 35, 57.2, "percent")
    found = Catalogue().classify(figure, Context("Độ che phủ rừng toàn tỉnh đạt ", "57,2%", None))
    assert found is not None and found.code == "forest_cover_rate"


def test_a_figure_with_no_pillar_words_takes_its_headings_then_its_documents_title() -> None:
    [figure] = analyse("Trong năm đã tổ chức 35 buổi làm việc.", Setting(heading="CÔNG TÁC PHÒNG, CHỐNG MA TÚY"))
    assert figure.pillar == "resilient"
    doc = Document("t", Path("t.txt"), text="Đã tổ chức 14 hội nghị.")
    doc.meta.title = "Kết quả cải cách thủ tục hành chính năm 2025"
    [figure] = Enrich()(Extract()(doc)).figures
    assert figure.pillar == "engaging"


def test_drug_rehabilitation_is_resilience_even_with_its_residents_called_students() -> None:
    [figure] = analyse("Cơ sở cai nghiện ma túy của tỉnh đang quản lý 144 học viên.")
    assert figure.pillar == "resilient"


@pytest.mark.parametrize(
    ("doc_type", "status"), [("nghi_quyet", "target"), ("ke_hoach", "target"), ("bao_cao", "actual")]
)
def test_a_resolution_sets_levels_while_a_report_states_results(doc_type: str, status: str) -> None:
    setting = Setting(doc_type=doc_type, period="2025", issue_date="2025-12-10")
    [level] = analyse("Mức hỗ trợ cho người cao tuổi là 500.000 đồng/người/tháng.", setting)
    assert (level.value, level.per, level.status) == (500_000, "người/tháng", status)


def test_a_resolution_still_reports_what_a_cue_says_was_done() -> None:
    setting = Setting(doc_type="nghi_quyet", period="2025", issue_date="2025-07-15")
    [done] = analyse("Sáu tháng đầu năm, toàn tỉnh đã giải quyết việc làm cho 12.400 lao động.", setting)
    assert (done.value, done.status) == (12_400, "actual")


def test_a_table_figure_outside_every_cell_is_read_from_its_own_words() -> None:
    doc = Document("t", Path("t.txt"), text="Số hộ nghèo | 120 | 98\n")
    inside = Figure("120", 14, 17, 120, "count", sentence_start=0, sentence_end=22)
    outside = Figure("98", 30, 32, 98, "count", sentence_start=0, sentence_end=22)
    assert (_cell_at(doc, inside).text, _cell_at(doc, inside).start) == ("120", 14)
    assert (_cell_at(doc, outside).text, _cell_at(doc, outside).start) == ("98", 30)
