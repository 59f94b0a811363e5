"""The command line as a user meets it: version, info, help, start-up cost."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, run_script
from unionnlp import __version__


def test_version_and_module_entry_point():
    proc = run_script("--version")
    assert proc.returncode == 0 and proc.stdout.decode().strip() == f"unionnlp {__version__}"


def test_info_names_versions_and_data(cli):
    result = cli("info")
    assert result.exit_code == 0
    for word in ("unionnlp", "scikit-learn", "jieba", "default corpus", "default model"):
        assert word in result.stdout


def test_help_lists_the_commands():
    out = run_script("--help").stdout.decode()
    for command in ("segment", "classify", "train", "evaluate", "labels", "info"):
        assert command in out


HEAVY = ("sklearn", "jieba", "spacy", "snownlp", "scipy", "pandas", "pypdfium2", "docx")


def _loaded_after(args: list[str]) -> set[str]:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['unionnlp', *{args!r}]\n"
        "try:\n    runpy.run_module('unionnlp', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=120)
    return set(proc.stderr.decode().strip().splitlines()[-1].split()) if proc.stderr.strip() else set()


def test_help_and_classify_do_not_load_heavy_libraries(tmp_path):
    # the probe itself can see a heavy import: training needs scikit-learn
    assert "sklearn" in _loaded_after(["train", "--no-eval", "--out", str(tmp_path / "m.npz")])
    assert _loaded_after(["--help"]) == set()
    assert _loaded_after(["classify", "-f", "jsonl", "seeds/000_1981f897b6cac00d.txt"]) == set()
    assert _loaded_after(["segment", "seeds/000_1981f897b6cac00d.txt"]) == set()


def test_import_unionnlp_is_light():
    code = f"import sys, unionnlp; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.stdout.decode().strip() == ""


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path):
    # Sets and dicts of strings iterate in hash order: nothing printed may follow it.
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, UNIONNLP_CACHE=str(tmp_path / seed), PYTHONIOENCODING="utf-8")
        runs = [
            subprocess.run([sys.executable, "-m", "unionnlp", *args], capture_output=True, cwd=ROOT, env=env, timeout=300)
            for args in (["orgs", "-f", "json", "--explain"], ["summarise", "--org", "北京", "--include-sub", "-f", "json"])
        ]
        assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
        outputs.append([r.stdout for r in runs])
    assert outputs[0] == outputs[1]


def test_every_public_name_resolves():
    # `unionnlp.evaluate` was listed for a while without a function behind it.
    import unionnlp

    for name in unionnlp.__all__:
        assert getattr(unionnlp, name) is not None, name


# --- a plain `classify` command line is parsed without typer: the same run as typer's ---

_TYPER = "import sys; from unionnlp.cli import app; sys.argv[0] = 'unionnlp'; app()"


def _both(args: list[str], cwd, input: bytes | None = None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    fast = subprocess.run([sys.executable, "-m", "unionnlp", *args], input=input, capture_output=True, cwd=cwd,
                          env=env, timeout=300)
    slow = subprocess.run([sys.executable, "-c", _TYPER, *args], input=input, capture_output=True, cwd=cwd,
                          env=env, timeout=300)
    return fast, slow


@pytest.mark.parametrize("args", [
    ["classify", "seeds/000_1981f897b6cac00d.txt"],
    ["classify", "seeds/000_1981f897b6cac00d.txt", "seeds/003_635ee0eaa2035469.txt", "-f", "csv",
     "--level", "paragraph", "--jobs", "2"],
    ["classify", "--min-prob", "0.6", "seeds/003_635ee0eaa2035469.txt", "--format=json", "-j", "1"],
    ["classify", "seeds/000_1981f897b6cac00d.txt", "missing.txt", "--level", "document"],
    ["classify", "-", "-f", "table"],
    ["classify", "missing.txt"],
])
def test_plain_classify_runs_as_under_typer(args):
    fast, slow = _both(args, ROOT, input=(ROOT / "seeds" / "001_65fd7466eb936db1.txt").read_bytes())
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.stdout or fast.returncode


def test_plain_classify_writes_its_output_file_as_under_typer(tmp_path):
    seed = str(ROOT / "seeds" / "002_c8640cee7b26fd5b.txt")
    (tmp_path / "a.csv").write_text("old", encoding="utf-8")
    (tmp_path / "b.csv").write_text("old", encoding="utf-8")
    for force in ([], ["--force"]):
        fast, slow = _both(["classify", seed, "-f", "csv", "-o", "a.csv", *force], tmp_path)
        _, _ = _both(["classify", seed, "-f", "csv", "-o", "b.csv", *force], tmp_path)
        assert fast.returncode == slow.returncode and fast.stderr == slow.stderr
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("file,")


@pytest.mark.parametrize("argv", [
    ["classify"], ["classify", "--help"], ["classify", "a.txt", "-h"], ["classify", "a.txt", "--encoding", "gbk"],
    ["classify", "a.txt", "-f", "JSONL"], ["classify", "a.txt", "--jobs", "0"], ["classify", "a.txt", "-j", "2.0"],
    ["classify", "a.txt", "--min-prob", "1.5"], ["classify", "a.txt", "--min-prob", "nan"], ["classify", "a.txt", "-o"],
    ["classify", "--", "a.txt"], ["classify", "a.txt", "-fjsonl"], ["classify", "a.txt", "-f=jsonl"],
    ["classify", "a.txt", "--level", "-f"], ["classify", "a.txt", "--force=1"], ["classify", "a.txt", "--index", "i"],
    ["segment", "a.txt"], ["--version"], [],
])
def test_anything_else_is_left_to_typer(argv):
    from unionnlp.cli.app import _fast_classify_args

    assert _fast_classify_args(argv) is None


def test_what_the_plain_parser_reads():
    from pathlib import Path

    from unionnlp.cli.app import _fast_classify_args
    from unionnlp.cli.classify import ClassifyFormat, Level

    got = _fast_classify_args(["classify", "a.txt", "-", "--format=csv", "--level", "document", "-j", "3",
                               "--min-prob", ".25", "-o", "out.csv", "--force", "b.txt", "-f", "json"])
    assert got == {"inputs": ["a.txt", "-", "b.txt"], "format": ClassifyFormat.json, "level": Level.document,
                   "min_prob": 0.25, "model": None, "encoding": None, "output": Path("out.csv"), "force": True,
                   "jobs": 3, "index": None, "no_index": False, "scheduler": None}
