"""Shared fixtures: the real seeds, the checkout's folders, a CLI runner.

Also what keeps the suite independent of the machine it runs on: a fixed
terminal width and no forced colours (rich and typer read them from the
environment), UTF-8 for subprocesses whatever the locale, derandomised
hypothesis without a deadline, and ``--test-order`` to run the tests in
another order (see the README's "Tests" section).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

# Property tests draw the same examples everywhere (a failure found on one
# machine is found on all), never fail on a slow machine's timing, and leave
# no example database behind.
settings.register_profile(
    "unionnlp",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("unionnlp")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LABELS = ROOT / "labels"
MODEL = ROOT / "models" / "themes.npz"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def pytest_addoption(parser):
    parser.addoption(
        "--test-order",
        default="file",
        help="file (default), reverse, or shuffle:SEED: run the tests in another order "
        "to show that none depends on another having run first",
    )


def pytest_collection_modifyitems(config, items):
    order = config.getoption("--test-order")
    if order == "reverse":
        items.reverse()
    elif order.startswith("shuffle"):
        random.Random(order.partition(":")[2] or "0").shuffle(items)
    elif order != "file":
        raise pytest.UsageError(f"--test-order: {order!r} is not file, reverse or shuffle:SEED")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    # jieba and corpus caches go to a per-session folder, never the user's.
    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(autouse=True)
def _same_terminal_everywhere(monkeypatch):
    # rich and typer take the width from COLUMNS when output is not a terminal
    # (80 otherwise) and colours from FORCE_COLOR/NO_COLOR: a user's shell
    # settings must not fold a table cell or add escape codes to what a test reads.
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli():
    """Invoke the typer app in-process; returns the Result."""
    from unionnlp.cli import app

    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def run_script(*args, input: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    """Run ``python -m unionnlp`` in a subprocess (a real process, real exit code)."""
    env = dict(os.environ)
    # UTF-8 streams whatever the machine's locale (a latin-1 locale would escape Chinese in stderr).
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "unionnlp", *args],
        input=input,
        capture_output=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=300,
    )


# --- small PDF and Word files built at test time (no binary fixtures) ---


def make_pdf(pages, *, size=(420, 595), font_size=10, encrypt=None) -> bytes:
    """A PDF with reportlab's built-in Chinese CID font (STSong-Light).

    ``pages`` is a list of pages; a page is a list of ``(x, y, text)`` lines,
    or ``None`` for a page with a drawing and no text (a scan-like page).
    """
    import io

    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size, encrypt=encrypt, invariant=1)
    for page in pages:
        if page is None:
            c.setFillGray(0.5)
            for k in range(20):  # grey bars where a scan would have its text
                c.rect(40, 60 + 24 * k, 300, 10, stroke=0, fill=1)
        else:
            c.setFont("STSong-Light", font_size)
            for x, y, text in page:
                c.drawString(x, y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def column(x: float, top: float, lines: list[str], pitch: float = 15) -> list[tuple[float, float, str]]:
    """Lines set one under the other from ``top``; a line starting with two
    full-width spaces is an indented first line."""
    return [(x, top - k * pitch, line) for k, line in enumerate(lines)]


# --------------------------------------------------------------------- web
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def web_client(tmp_path_factory):
    """A Starlette TestClient on the web app over the shipped seeds (one per test module)."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from unionnlp.web.app import create_app

    os.environ.setdefault("UNIONNLP_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    with TestClient(create_app(SEEDS), base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The web app served by uvicorn in a thread on a free 127.0.0.1 port; yields its base URL."""
    pytest.importorskip("uvicorn")
    import threading
    import time
    import urllib.request

    import uvicorn

    from unionnlp.cli.serve import bind_socket
    from unionnlp.web.app import create_app

    os.environ.setdefault("UNIONNLP_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(SEEDS), log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(base + "/api/health", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def chromium_or_skip() -> None:
    """Skip (with the reason) when Debian's chromium or chromedriver is missing, except in CI,
    where the browser tests must run: there a missing browser fails."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not missing:
        return
    reason = (f"browser tests need Debian's chromium and chromium-driver ({', '.join(missing)} missing): "
              "apt-get install -y chromium chromium-driver fonts-noto-cjk")
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI must not skip the browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Debian Chromium driven by Selenium 4, with a fresh profile and a download folder."""
    chromium_or_skip()
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,800"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()
