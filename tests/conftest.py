"""Shared fixtures: the real seeds, the checkout's folders, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LABELS = ROOT / "labels"
MODEL = ROOT / "models" / "themes.npz"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    # jieba and corpus caches go to a per-session folder, never the user's.
    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


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
    env.setdefault("PYTHONIOENCODING", "utf-8")
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
