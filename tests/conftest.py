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
