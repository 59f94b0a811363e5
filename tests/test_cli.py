"""The command line as a user meets it: version, info, help, start-up cost."""

from __future__ import annotations

import os
import subprocess
import sys

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
