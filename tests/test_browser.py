"""What a person checks in a browser: the review site (coverage, a figure's
tooltip, a correction exported and then applied by ``chitieu run``) and the
Datasette page. Headless Chromium through Playwright.

Screenshots go to a folder the test prints; set CHITIEU_SCREENSHOTS to copy them
there too.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from chitieu.pipeline.cli import main
from chitieu.pipeline.serve import datasette_command

pytestmark = pytest.mark.slow
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Two district reports written for this test, a letter with no figure, a broken PDF.
REPORTS = {
    "van-quan.txt": (
        "ỦY BAN NHÂN DÂN\nHUYỆN VĂN QUAN\nSố: 45/BC-UBND\nVăn Quan, ngày 15 tháng 12 năm 2023\n\n"
        "BÁO CÁO\nKết quả thực hiện Kế hoạch Cộng đồng Văn hóa - Xã hội ASEAN năm 2023 "
        "trên địa bàn huyện Văn Quan, tỉnh Lạng Sơn\n\n"
        "I. XÂY DỰNG CỘNG ĐỒNG HÒA NHẬP\n1. Giảm nghèo\n"
        "Cuối năm 2021, tỷ lệ hộ nghèo của huyện là 14,2%. Đến cuối năm 2022, tỷ lệ hộ nghèo giảm còn 11,8%. "
        "Năm 2023, toàn huyện còn 1.126 hộ nghèo, chiếm 9,5%.\n2. Việc làm\n"
        "Năm 2023, huyện đã tạo việc làm mới cho 640 lao động; kinh phí hỗ trợ 3,2 tỷ đồng.\n"
        "II. XÂY DỰNG CỘNG ĐỒNG NĂNG ĐỘNG\nNăm 2023, có 85% gia đình đạt danh hiệu gia đình văn hóa.\n"
    ),
    "bao-lac.txt": (
        "ỦY BAN NHÂN DÂN\nHUYỆN BẢO LẠC\nSố: 112/BC-UBND\nBảo Lạc, ngày 20 tháng 11 năm 2023\n\n"
        "BÁO CÁO\nTình hình thực hiện Kế hoạch Cộng đồng Văn hóa - Xã hội ASEAN "
        "trên địa bàn huyện Bảo Lạc, tỉnh Cao Bằng\n\n"
        "I. XÂY DỰNG CỘNG ĐỒNG HÒA NHẬP\n"
        "Cuối năm 2021, tỷ lệ hộ nghèo của huyện là 38,6%. Cuối năm 2022, tỷ lệ hộ nghèo còn 33,1%. "
        "Năm 2023, đã cấp 9.870 thẻ BHYT cho người nghèo.\n"
        "II. XÂY DỰNG CỘNG ĐỒNG BỀN VỮNG\nNăm 2023, trồng mới 420 ha rừng; tỷ lệ che phủ rừng đạt 61,5%.\n"
    ),
    "gop-y.txt": "CÔNG VĂN\nVề việc góp ý dự thảo kế hoạch.\nĐề nghị các phòng, ban nghiên cứu, góp ý.\n",
    "hong.pdf": "%PDF-1.4 truncated",
}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    yield folder
    target = os.environ.get("CHITIEU_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        for shot in folder.glob("*.png"):
            shutil.copy(shot, Path(target) / shot.name)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, Path]:
    inputs = tmp_path_factory.mktemp("in")
    for name, text in REPORTS.items():
        (inputs / name).write_text(text, encoding="utf-8")
    out = inputs.parent / "out"
    CliRunner().invoke(main, ["run", str(inputs), "--out", str(out), "--workers", "0"])
    return inputs, out


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (scripts/install-system-deps.sh installs it)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def build_review(out: Path) -> Path:
    result = CliRunner().invoke(main, ["review", str(out)])
    assert result.exit_code == 0, result.output
    return out / "review" / "index.html"


def cell(page, province: str, pillar: str) -> str:
    return page.locator(f'#coverage td[data-province="{province}"][data-pillar="{pillar}"]').inner_text()


def test_review_site_shows_coverage_tooltips_and_applies_a_correction(run, browser, screenshots, tmp_path) -> None:
    inputs, out = run
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(build_review(out).as_uri())
    assert [cell(page, "Lạng Sơn", p) for p in ("inclusive", "dynamic", "sustainable")] == ["6", "1", "0"]
    assert [cell(page, "Cao Bằng", p) for p in ("inclusive", "sustainable")] == ["3", "2"]
    assert "hong.pdf" in page.locator("#failed").inner_text()
    assert page.locator("#no-figures").inner_text().startswith("gop-y")
    assert page.locator("#chart-poverty circle").count() == 5  # Văn Quan 2021-2023, Bảo Lạc 2021-2022
    page.screenshot(path=screenshots / "01-review-overview.png", full_page=True)

    page.click("text=van-quan")
    page.hover("mark.fig >> text='9,5%'")
    tooltip = page.locator("#tooltip")
    assert tooltip.is_visible()
    rows = dict(zip(tooltip.locator("th").all_inner_texts(), tooltip.locator("td").all_inner_texts(), strict=True))
    obs_id = page.locator("mark.fig >> text='9,5%'").get_attribute("data-obs")
    assert rows == {
        "Giá trị": "9,5",
        "Đơn vị": "percent",
        "Trạng thái": "actual",
        "Thời kỳ": "2023",
        "Chỉ tiêu": "poor_household_rate",
        "Mã số liệu": obs_id,
    }
    page.screenshot(path=screenshots / "02-review-document-tooltip.png")

    page.select_option('select[data-filter="indicator"]', "poor_household_rate")
    assert page.locator("#figures tbody tr:visible").count() == 3
    page.select_option('select[data-filter="indicator"]', "")
    wrong = page.locator("#figures tbody tr", has_text="85%")
    wrong.locator("[data-wrong]").check()
    jobs = page.locator("#figures tbody tr", has_text="640 lao động")
    jobs.locator('select[data-attr="status"]').select_option("estimate")
    assert page.locator("[data-correction-count]").inner_text() == "2"
    page.locator("#figures").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "03-review-corrections-marked.png")
    with page.expect_download() as download:
        page.click("[data-export]")
    exported = tmp_path / "corrections.json"
    download.value.save_as(exported)
    entries = {e["obs_id"]: e for e in json.loads(exported.read_text(encoding="utf-8"))["corrections"]}
    assert sorted((e.get("wrong", False), e.get("set")) for e in entries.values()) == [
        (False, {"status": "estimate"}),
        (True, None),
    ]

    result = CliRunner().invoke(main, ["run", str(inputs), "--out", str(out), "--corrections", str(exported)])
    assert "corrections: 1 figures fixed, 1 marked wrong and left out" in result.stderr
    figures = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", keep_default_na=False).set_index("text")
    assert "85%" not in figures.index
    assert (figures.loc["640 lao động", "status"], figures.loc["640 lao động", "corrected"]) == ("estimate", "status")

    page.goto(build_review(out).as_uri())
    assert cell(page, "Lạng Sơn", "dynamic") == "0"
    page.click("text=van-quan")
    assert page.locator("mark.fig", has_text="85%").count() == 0
    jobs = page.locator("#figures tbody tr", has_text="640 lao động")
    assert jobs.get_attribute("data-status") == "estimate"
    assert jobs.locator(".corrected").inner_text() == "đã sửa: status"
    assert page.locator("[data-correction-count]").inner_text() == "0"  # applied, so no longer pending
    page.screenshot(path=screenshots / "04-review-after-correction-applied.png")
    page.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def datasette(run):
    _, out = run
    port = free_port()
    server = subprocess.Popen(datasette_command(out, port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"Datasette did not start: {server.stderr.read().decode() if server.stderr else ''}")
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_datasette_shows_described_facetted_searchable_linked_figures(run, datasette, browser, screenshots) -> None:
    figures = pd.read_csv(run[1] / "indicators.csv", encoding="utf-8-sig")
    in_van_quan = int((figures["doc_id"] == "van-quan").sum())  # 6 or 7: the other test corrects one
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{datasette}/chitieu/indicators?_search=nghèo")
    assert "Figures (Chỉ tiêu)" in page.locator("h1").inner_text()
    facets = page.locator(".facet-info-name").all_inner_texts()
    assert sorted(name.split()[0] for name in facets) == ["indicator", "period", "pillar", "province", "status"]
    assert "rows where search matches" in page.locator(".extra-wheres, h3").first.inner_text()
    assert page.locator("td.col-doc_id a").first.get_attribute("href").startswith("/chitieu/documents/")
    assert page.locator("td.col-section_key a").first.get_attribute("href").startswith("/chitieu/sections/")
    page.locator("table.rows-and-columns").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "05-datasette-indicators.png")
    page.locator("td.col-doc_id a", has_text="van-quan").first.click()
    links = page.locator("h2:has-text('Links from other tables') + ul").inner_text()
    assert f"{in_van_quan} rows from doc_id in indicators" in links and "4 rows from doc_id in sections" in links
    page.screenshot(path=screenshots / "06-datasette-document-row.png")
    page.goto(f"{datasette}/chitieu/indicators?pillar=sustainable")
    assert sorted(page.locator("td.col-text").all_inner_texts()) == ["420 ha", "61,5%"]
    labels = {" ".join(text.split()) for text in page.locator("td.col-pillar").all_inner_texts()}
    assert labels == {"Bền vững (sustainable) sustainable"}  # the code with its meaning
    page.close()
