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
