"""All cores: --jobs gives the same output as serial; a big file is read paragraph by paragraph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unionnlp.cli import app
from unionnlp.corpus.parallel import ordered_map

ROOT = Path(__file__).resolve().parent.parent
WRITTEN = ROOT / "labels" / "written"


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("jobs", [1, 2])
def test_ordered_map_keeps_order(jobs):
    assert list(ordered_map(_square, range(50), jobs, in_flight=2)) == [x * x for x in range(50)]


@pytest.fixture
def folder(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    for path in sorted(WRITTEN.glob("*.txt"))[:6] + sorted((ROOT / "seeds").glob("*.txt"))[:2]:
        shutil.copy(path, out / path.name)
    (out / "zz_empty.txt").write_text("", encoding="utf-8")  # an unreadable file keeps its place
    return out


@pytest.mark.parametrize("args", [[], ["--level", "paragraph"], ["-f", "csv"]])
def test_classify_jobs_two_equals_one(folder, args):
    runner = CliRunner()
    one = runner.invoke(app, ["classify", str(folder), "--jobs", "1", *args])
    two = runner.invoke(app, ["classify", str(folder), "--jobs", "2", *args])
    assert one.exit_code == two.exit_code == 1  # the empty file
    assert one.stdout == two.stdout and one.stdout
    assert one.stderr == two.stderr and "zz_empty.txt" in one.stderr


def test_classify_document_level_from_the_index_equals_direct(folder, tmp_path):
    runner = CliRunner()
    index = tmp_path / "i.sqlite"
    direct = runner.invoke(app, ["classify", str(folder), "--level", "document", "--no-index", "-f", "json"])
    via = runner.invoke(app, ["classify", str(folder), "--level", "document", "--index", str(index), "-f", "json"])
    assert direct.exit_code == via.exit_code == 1
    assert json.loads(via.stdout) == json.loads(direct.stdout)
    assert "using index" in via.stderr and "using index" not in direct.stderr


@pytest.mark.parametrize("args", [[], ["-f", "json"], ["--level", "paragraph", "-f", "csv"]])
def test_a_big_file_is_streamed_here_and_classified_on_the_pool_with_the_same_output(tmp_path, monkeypatch, args):
    from unionnlp.corpus import parallel

    # more than one block of BLOCK_PARAGRAPHS paragraphs: chunks are cut only where a block ends
    text = "\n\n".join(p.read_text(encoding="utf-8").rstrip("\n") for p in sorted(WRITTEN.glob("*.txt"))[:40])
    big = tmp_path / "big.txt"
    big.write_text(text + "\n", encoding="utf-8")
    small = tmp_path / "small.txt"
    shutil.copy(sorted(WRITTEN.glob("*.txt"))[0], small)
    runner = CliRunner()
    whole = runner.invoke(app, ["classify", str(big), str(small), "--jobs", "1", *args])
    assert whole.exit_code == 0, whole.stderr
    monkeypatch.setattr(parallel, "SMALL_FILE_BYTES", 1000)  # big.txt is read here, in chunks
    monkeypatch.setattr(parallel, "CHUNK_SENTENCES", 50)  # and sent to the workers in many chunks
    for jobs in ("1", "2"):
        blocks = runner.invoke(app, ["classify", str(big), str(small), "--jobs", jobs, *args])
        assert blocks.exit_code == 0, blocks.stderr
        assert blocks.stdout == whole.stdout


def test_evaluate_folds_on_two_processes_give_the_same_scores(tmp_path):
    labels = tmp_path / "labels"
    labels.mkdir()
    src = ROOT / "labels"
    for path in sorted((src / "written").glob("*.jsonl"))[:4]:
        shutil.copy(path, labels / path.name)
    runner = CliRunner()
    one = runner.invoke(app, ["evaluate", "--labels", str(labels), "-f", "json", "--jobs", "1"])
    two = runner.invoke(app, ["evaluate", "--labels", str(labels), "-f", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0, one.stderr
    assert json.loads(one.stdout) == json.loads(two.stdout)
