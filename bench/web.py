"""Web page speed: the first load of a 20-paragraph report on a freshly started server.

Each run starts ``unionnlp serve --port 0`` in a new process on a corpus folder
holding one 20-paragraph report (the first 20 running-text paragraphs of seed
003), waits until the server answers ``/api/health`` (the server is up, nothing
analysed yet), then times the first ``GET /report?doc=…``: loading the model,
reading, repairing, segmenting, classifying and rendering the page.  The same
server then serves the page warm, and takes the file as an upload.  With
Debian's chromium present, the page is also loaded in headless Chromium on a
fresh server (navigation start to the load event, CSS and script included).

    python bench/web.py [--runs 7] [--write]     # --write updates bench/RESULTS.md

Target (issue 18): first load ≤ 1 s, median.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "003_635ee0eaa2035469.txt"
DATE = "2026-11-30"
TARGET = 1.0
NAME = "report20.txt"


def make_report(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from unionnlp.text.segment import segment_file

    doc = segment_file(SEED)
    paragraphs = [p.text for p in doc.paragraphs if not p.heading and len(p.sentences) >= 2][:20]
    assert len(paragraphs) == 20
    path = folder / NAME
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def start_server(corpus: Path, cache: Path) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", UNIONNLP_CACHE=str(cache),
               PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "unionnlp", "serve", "--corpus", str(corpus), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = proc.stdout.readline().decode()
    match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
    if not match:
        proc.kill()
        raise RuntimeError("server did not start: " + line + proc.stderr.read().decode())
    base = match.group(1)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/api/health", timeout=5).read()
            return proc, base
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.02)


def timed_get(url: str) -> tuple[float, bytes]:
    t = time.perf_counter()
    body = urllib.request.urlopen(url, timeout=60).read()
    return time.perf_counter() - t, body


def timed_upload(base: str, path: Path) -> float:
    boundary = uuid.uuid4().hex
    data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/report", data=data,
                                     headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    t = time.perf_counter()
    urllib.request.urlopen(request, timeout=60).read()
    return time.perf_counter() - t


def browser_loads(corpus: Path, cache: Path, runs: int) -> list[float]:
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        return []
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return []
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="bench-web-profile-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    out = []
    try:
        for _ in range(runs):
            proc, base = start_server(corpus, cache)
            try:
                driver.delete_all_cookies()
                driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
                driver.get(f"{base}/report?doc={NAME}")
                nav = driver.execute_script(
                    "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;")
                assert driver.find_elements("css selector", ".s"), "the report did not render"
                out.append(nav / 1000)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    finally:
        driver.quit()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        report = make_report(corpus)
        size_kb = report.stat().st_size / 1024
        cache = Path(tmp) / "cache"
        sentences = None
        first, warm, uploads, start = [], [], [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            proc, base = start_server(corpus, cache)
            start.append(time.perf_counter() - t)
            try:
                seconds, body = timed_get(f"{base}/report?doc={NAME}")
                first.append(seconds)
                sentences = body.count(b'class="s t-')
                warm.append(statistics.median(timed_get(f"{base}/report?doc={NAME}")[0] for _ in range(5)))
                uploads.append(timed_upload(base, report))
            finally:
                proc.terminate()
                proc.wait(timeout=10)
        browser = browser_loads(corpus, cache, args.runs)
    med = statistics.median
    rows = [
        ("server start to ready (`unionnlp serve`, new process)", med(start), None),
        ("**first load** of the report page on a fresh server (HTTP, server side)", med(first), TARGET),
        ("the same page warm (median of 5 per run)", med(warm), None),
        ("upload of the same file (`POST /report`), after the first load", med(uploads), None),
    ]
    if browser:
        rows.append(("**first load in headless Chromium** on a fresh server (navigation to load event)",
                     med(browser), TARGET))
    load = os.getloadavg()
    lines = [
        "## Web page (issue 18)",
        "",
        f"Run {DATE} with `python bench/web.py --runs {args.runs}` on {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}. "
        f"Report: the first 20 running-text paragraphs of seed 003 ({sentences} sentences, "
        f"{size_kb:.0f} KB), alone in a corpus folder. Medians over {args.runs} fresh servers.",
        "",
        "| measure | median | target | |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, value, target in rows:
        verdict = "" if target is None else ("met" if value <= target else "**missed**")
        lines.append(f"| {label} | {value:.3f} s | {'≤ %.1f s' % target if target else ''} | {verdict} |")
    lines += ["", "Per run, first load (s): " + ", ".join(f"{v:.3f}" for v in first)
              + ("; in Chromium: " + ", ".join(f"{v:.3f}" for v in browser) if browser else "") + ".", ""]
    text = "\n".join(lines)
    print(text)
    if args.write:
        path = ROOT / "bench" / "RESULTS.md"
        old = path.read_text(encoding="utf-8")
        start_at = old.find("## Web page (issue 18)")
        if start_at >= 0:
            end = old.find("\n## ", start_at + 1)
            old = old[:start_at] + (old[end + 1:] if end >= 0 else "")
        path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
