"""The wheel ships what the default commands need, and works outside the checkout."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEED_FILES, SEEDS, SHARED_SEEDS


def test_seeds_are_the_shared_documents_byte_for_byte():
    assert len(SEED_FILES) == 5
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    shared = sorted(SHARED_SEEDS.glob("*.txt"))
    assert [p.name for p in shared] == [p.name for p in SEED_FILES]
    for ours, theirs in zip(SEED_FILES, shared):
        assert hashlib.sha256(ours.read_bytes()).digest() == hashlib.sha256(theirs.read_bytes()).digest()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return next(out.glob("unionnlp-*.whl"))


@pytest.mark.slow
def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in SEED_FILES:
        assert f"unionnlp/data/seeds/{seed.name}" in names
    assert "unionnlp/data/models/themes.npz" in names
    assert "unionnlp/data/labels/seeds.jsonl" in names
    assert "unionnlp/data/labels/GUIDE.md" in names
    assert "unionnlp/cli/__init__.py" in names and "unionnlp/__main__.py" in names
    for package in ("text", "themes", "orgs", "briefs", "corpus", "cli"):
        assert f"unionnlp/{package}/__init__.py" in names  # every subpackage ships
    assert "unionnlp/cli/app.py" in names and "unionnlp/orgs/attribution.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "unionnlp = unionnlp.cli:main" in text
    assert "unionnlp_themes = unionnlp.spacy_component:make_themes_component" in text


@pytest.mark.slow
def test_installed_wheel_runs_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    work = tmp_path / "elsewhere"
    work.mkdir()
    info = subprocess.run([sys.executable, "-m", "unionnlp", "info"], capture_output=True, cwd=work, env=env, timeout=120)
    assert info.returncode == 0
    assert str(target / "unionnlp" / "data" / "models" / "themes.npz") in info.stdout.decode()
    seed = target / "unionnlp" / "data" / "seeds" / SEED_FILES[0].name
    assert seed.read_bytes() == (SEEDS / SEED_FILES[0].name).read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "unionnlp", "classify", "-f", "jsonl", str(seed)], capture_output=True, cwd=work, env=env, timeout=120
    )
    assert run.returncode == 0 and "思想引领" in run.stdout.decode()


def _requirement_names(spec: list[str]) -> set[str]:
    import re

    return {re.split(r"[\s\[<>=!~;]", s, maxsplit=1)[0].lower().replace("_", "-") for s in spec}


def test_constraints_pin_every_dependency_and_ci_uses_them():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version, f"constraints.txt: {line!r} is not an exact pin"
            pinned[name.lower().replace("_", "-")] = version
    extras = project["optional-dependencies"]
    wanted = _requirement_names(project["dependencies"] + extras["test"] + extras["spacy"] + extras["bench"])
    wanted.discard("unionnlp")
    assert wanted <= set(pinned), f"not in constraints.txt (run `bash .ci/lock`): {sorted(wanted - set(pinned))}"
    assert "unionnlp" not in pinned
    # .ci/run runs the README's test command verbatim, with the constraints.
    command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert "-c constraints.txt" in command
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
