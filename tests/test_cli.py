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


# --- a plain command line is parsed without typer: the same run as typer's ---

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


@pytest.mark.parametrize("args", [
    ["search", "妈妈小屋", "-f", "jsonl", "--limit", "5"],
    ["search", "托育", "--by-org", "-f", "jsonl"],
    ["summarise", "--org", "山东", "-f", "json", "--max-chars", "300"],
    ["summarise", "--org", "没有这个工会"],
    ["orgs", "-f", "json"],
])
def test_plain_index_commands_run_as_under_typer(args, tmp_path, monkeypatch):
    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path / "cache"))
    fast, slow = _both(args, ROOT)
    assert (fast.returncode, fast.stdout) == (slow.returncode, slow.stdout)
    # the first run built the index in the cache and says so; the second only uses it
    def said(run):  # what the run said on stderr beside the index's own notes
        return [line for line in run.stderr.decode("utf-8").splitlines() if "index" not in line]

    assert said(fast) == said(slow)
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
    ["classify"], ["classify", "--help"], ["classify", "a.txt", "-h"], ["classify", "a.txt", "--encoding", "nope"],
    ["classify", "a.txt", "-f", "JSONL"], ["classify", "a.txt", "--jobs", "0"], ["classify", "a.txt", "-j", "2.0"],
    ["classify", "a.txt", "--min-prob", "1.5"], ["classify", "a.txt", "--min-prob", "nan"], ["classify", "a.txt", "-o"],
    ["classify", "--", "a.txt"], ["classify", "a.txt", "-fjsonl"], ["classify", "a.txt", "-f=jsonl"],
    ["classify", "a.txt", "--level", "-f"], ["classify", "a.txt", "--force=1"], ["classify", "a.txt", "--no-force"],
    ["search"], ["search", "a", "b"], ["search", "a", "--limit", "-1"], ["search", "a", "--year", "x"],
    ["summarise"], ["summarise", "--org"], ["summarise", "--org", "山东", "--max-chars", "0"],
    ["summarise", "--org", "山东", "--order", "best"], ["orgs", "--format", "csv"], ["orgs", "extra"],
    ["labels", "check"], ["train"], ["--version"], [],
])
def test_anything_else_is_left_to_typer(argv):
    from unionnlp.cli.app import _fast_command

    assert _fast_command(argv) is None


def _typer_kwargs(argv: list[str]) -> dict:
    """The keyword arguments typer calls the command of ``argv`` with (the command not run)."""
    import functools
    import importlib

    app_module = importlib.import_module("unionnlp.cli.app")
    command = app_module._FAST_COMMANDS[argv[0]]
    info = next(c for c in app_module.app.registered_commands if c.callback is command)
    got: dict = {}

    @functools.wraps(command)
    def capture(**kwargs):
        got.update(kwargs)

    info.callback = capture
    try:
        app_module.app(argv, standalone_mode=False)
    finally:
        info.callback = command
    return got


@pytest.mark.parametrize("argv", [
    ["classify", "a.txt", "-", "--format=csv", "--level", "document", "-j", "3", "--min-prob", ".25", "-o", "out.csv",
     "--force", "b.txt", "-f", "json"],
    ["classify", "a.txt", "--index", "i.sqlite", "--no-index", "-e", "gbk", "-m", "m.skops"],
    ["search", "妈妈小屋", "--corpus", "x", "--index", "i.sqlite", "-f", "jsonl", "--limit", "50"],
    ["search", "托育", "-n", "0", "--by-org", "--year", "2023", "--theme", "关爱服务", "--org", "山东", "--include-sub"],
    ["summarise", "--org", "山东", "--theme", "关爱服务", "--theme", "权益维护", "--max-chars", "300", "--order", "score",
     "-f", "json", "--no-index", "-e", "gbk", "--chart", "c.svg", "--force", "--skip-bad"],
    ["summarise", "--org", "山东"],
    ["orgs", "-c", "dev/reports", "-f", "json", "--tree", "--all", "--explain"],
    ["orgs"],
    ["index", "dev/reports", "--jobs", "2", "--index", "i.sqlite"],
    ["index", "dev/reports", "--parquet", "out", "--force", "-f", "json"],
    ["segment", "a.txt", "b.txt"],
])
def test_a_plain_command_line_reads_as_typer_reads_it(argv):
    from unionnlp.cli.app import _fast_command

    fast = _fast_command(argv)
    assert fast is not None
    assert fast[1] == _typer_kwargs(argv)
