"""The web page in a real browser: headless Debian Chromium driven by Selenium 4.

One server (uvicorn in a thread on a free 127.0.0.1 port) and one browser for
the module.  Screenshots of every page at 1280×800 and 390×844 go to
``tests/artifacts/`` (git-ignored); with ``UNIONNLP_DOCS_SCREENSHOTS=1`` one
of each page (and the report at phone width) is also written, small, to ``docs/``
for the README.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import time
from pathlib import Path

import pytest

from conftest import ARTIFACTS, ROOT, SEEDS, run_script

pytest.importorskip("selenium")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SEED = "000_1981f897b6cac00d.txt"
PAGES = {
    "report": "/report?doc=003_635ee0eaa2035469.txt",
    "orgs": "/orgs",
    "brief": "/brief?org=%E5%B1%B1%E4%B8%9C",  # 山东
    "search": "/search?q=%E5%A6%88%E5%A6%88%E5%B0%8F%E5%B1%8B",  # 妈妈小屋
    "label": "/label?doc=000_1981f897b6cac00d.txt",
    "start": "/",
}
THEME_RGB = {
    "思想引领": (0xfb, 0xe1, 0xde), "建功立业": (0xfd, 0xeb, 0xc8), "权益维护": (0xdd, 0xe8, 0xfa),
    "关爱服务": (0xd8, 0xf1, 0xe2), "组织建设": (0xec, 0xe0, 0xfa), "其他": (0xec, 0xee, 0xf1),
}


def wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(condition)


def cli_records(*args, cwd=None) -> list[dict]:
    result = run_script("classify", *args, "-f", "jsonl", cwd=cwd)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def upload(driver, base: str, path: Path) -> None:
    driver.get(base + "/")
    driver.find_element(By.ID, "file").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".error-line, .doc-name"))


def rgb(css: str) -> tuple[int, int, int]:
    inside = css[css.index("(") + 1 : css.index(")")]
    return tuple(int(float(v)) for v in inside.split(",")[:3])


def test_uploaded_report_shows_classify_labels_and_colours(browser, live_server):
    upload(browser, live_server, SEEDS / SEED)
    assert browser.find_element(By.CSS_SELECTOR, ".doc-name").text == SEED
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('.s')).map(s => "
        "[s.id, s.dataset.label, s.textContent, getComputedStyle(s).backgroundColor])"
    )
    expected = cli_records(SEED, cwd=SEEDS)
    assert [(f"s-{r['para']}-{r['sent']}", r["label"], r["text"]) for r in expected] == [
        tuple(row[:3]) for row in shown
    ]
    for (_, label, _, background) in shown:
        assert rgb(background) == THEME_RGB[label], label
    # Hovering a sentence shows its probabilities and runner-up.
    first = browser.find_element(By.CSS_SELECTOR, ".s")
    first.click()
    detail = browser.find_element(By.ID, "detail").text
    assert expected[0]["label"] in detail and "次选" in detail and expected[0]["runner_up"] in detail
    # The legend filters to one theme: the others fade.
    theme = expected[0]["label"]
    browser.find_element(By.CSS_SELECTOR, f"#legend button.chip:not(.all)[data-filter='{first.get_attribute('data-key')}']").click()
    faded = browser.execute_script(
        "return Array.from(document.querySelectorAll('.s')).map(s => [s.dataset.label, getComputedStyle(s).opacity])"
    )
    assert all((float(op) == 1.0) == (label == theme) for label, op in faded)
    # The 不确定 slider marks sentences below the chosen probability and carries it to the exports
    # (0.99: the model is trained on the seeds, so it is sure of most of their sentences).
    marked = browser.execute_script(
        "const r = document.getElementById('min-prob'); r.value = '0.99';"
        "r.dispatchEvent(new Event('input'));"
        "return Array.from(document.querySelectorAll('.s')).map(s => s.classList.contains('unsure'));")
    assert marked == [r["prob"] < 0.99 for r in expected] and any(marked) and not all(marked)
    assert "min_prob=0.99" in browser.find_element(By.ID, "export-csv").get_attribute("href")


def test_script_in_a_report_is_shown_as_text(browser, live_server, tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text("近日，<script>window.__pwned = 1</script>某市总工会开展女职工普法宣传月活动。\n"
                    "<img src=x onerror=\"window.__pwned = 2\">全市工会妈妈小屋达到100家。\n", encoding="utf-8")
    upload(browser, live_server, evil)
    assert browser.execute_script("return window.__pwned === undefined")
    text = browser.find_element(By.ID, "report-text").text
    assert "<script>window.__pwned = 1</script>" in text and "<img src=x" in text


def test_generated_pdf_is_read_or_refused_in_one_line(browser, live_server, tmp_path):
    # A small PDF printed by the same Chromium from a Chinese page.
    browser.get("data:text/html;charset=utf-8,<html><body><p>某市总工会开展女职工普法宣传月活动，覆盖职工一万人次。</p></body></html>")
    pdf = tmp_path / "small.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page()))
    assert pdf.read_bytes().startswith(b"%PDF-")
    upload(browser, live_server, pdf)
    from unionnlp.errors import InputError
    from unionnlp.text.read import read_document

    try:
        read_document(pdf)
        readable = True
    except InputError:
        readable = False
    if readable:  # the PDF reader has landed: the page shows its sentences
        assert "普法宣传月" in browser.find_element(By.ID, "report-text").text
    else:
        lines = browser.find_elements(By.CSS_SELECTOR, ".error-line")
        assert len(lines) == 1 and "PDF files cannot be read by this version" in lines[0].text
        assert "Traceback" not in browser.page_source


def test_brief_bullet_leads_to_its_highlighted_sentence(browser, live_server):
    browser.get(live_server + PAGES["brief"])
    bullet = browser.find_element(By.CSS_SELECTOR, ".bullets li")
    text = bullet.find_element(By.CSS_SELECTOR, ".bullet-text").text
    bullet.find_element(By.CSS_SELECTOR, "a.ref").click()
    target = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".s.hl")))
    assert text in target.text  # the bullet is the sentence (at most without a leading 一是)
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", target)
    assert rgb(target.value_of_css_property("outline-color")) == (0xff, 0x98, 0x00)


def test_search_finds_and_links_to_the_report(browser, live_server):
    browser.get(live_server + "/search")
    box = browser.find_element(By.ID, "q")
    box.send_keys("妈妈小屋")
    box.submit()
    hits = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".hit"))
    assert hits and all("妈妈小屋" in h.find_element(By.CSS_SELECTOR, ".hit-text").text for h in hits)
    assert browser.find_elements(By.CSS_SELECTOR, ".hit mark")
    hits[0].find_element(By.CSS_SELECTOR, ".hit-text").click()
    target = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".s.hl")))
    assert "妈妈小屋" in target.text


def test_csv_download_equals_the_cli(browser, live_server):
    browser.get(live_server + f"/report?doc={SEED}")
    for old in browser.downloads.glob("*"):
        old.unlink()
    browser.find_element(By.ID, "export-csv").click()
    deadline = time.monotonic() + 15
    while True:
        done = [p for p in browser.downloads.glob("*.csv")]
        if done and not list(browser.downloads.glob("*.crdownload")):
            break
        assert time.monotonic() < deadline, "the CSV was not downloaded"
        time.sleep(0.1)
    downloaded = done[0].read_bytes()
    result = run_script("classify", SEED, "-f", "csv", cwd=SEEDS)
    assert result.returncode == 0
    assert downloaded == result.stdout
    rows = list(csv.DictReader(io.StringIO(downloaded.decode("utf-8"))))
    assert rows and rows[0]["file"] == SEED


def _distinct_colours(png: bytes, box: dict) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    scale = image.width / box["vw"]
    crop = image.crop((int(box["x"] * scale), int(box["y"] * scale),
                       int((box["x"] + box["w"]) * scale), int((box["y"] + box["h"]) * scale)))
    colours = crop.getcolors(maxcolors=1 << 20) or []
    # Colours that cover at least 0.5% of the legend: chips, not anti-aliasing.
    least = crop.width * crop.height * 0.005
    return sum(1 for count, _ in colours if count >= least)


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_screenshots_of_every_page_are_not_blank(browser, live_server, width, height):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    docs = os.environ.get("UNIONNLP_DOCS_SCREENSHOTS") == "1"
    browser.set_window_size(width, height)
    try:
        # The viewport, not the window, must be width × height.
        inner = browser.execute_script("return [innerWidth, innerHeight]")
        browser.set_window_size(2 * width - inner[0], 2 * height - inner[1])
        for name, path in PAGES.items():
            browser.get(live_server + path)
            wait(browser, lambda d: d.execute_script("return document.readyState") == "complete")
            png = browser.get_screenshot_as_png()
            (ARTIFACTS / f"{name}-{width}x{height}.png").write_bytes(png)
            assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1, \
                f"{name} scrolls sideways at {width} px"
            if docs and (width == 1280 or name == "report"):
                suffix = "" if width == 1280 else "-phone"
                _save_for_docs(png, ROOT / "docs" / f"web-{name}{suffix}.png")
            legend = browser.find_elements(By.CSS_SELECTOR, ".legend, .chart svg, .theme-strip, .label-choices")
            if name == "start":
                assert browser.find_element(By.ID, "drop").is_displayed()
                continue
            assert legend, f"{name} has no theme colours"
            browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", legend[0])
            box = browser.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                "return {x: r.left, y: r.top, w: Math.min(r.width, innerWidth - r.left),"
                " h: Math.min(r.height, innerHeight - r.top), vw: innerWidth};", legend[0])
            assert _distinct_colours(browser.get_screenshot_as_png(), box) >= 5, f"{name} at {width} px looks blank"
    finally:
        browser.set_window_size(1280, 800)


def _save_for_docs(png: bytes, path: Path) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    path.parent.mkdir(exist_ok=True)
    image.save(path, optimize=True)
