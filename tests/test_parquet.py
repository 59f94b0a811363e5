"""The sentence table as Parquet partitioned by organisation (``unionnlp index --parquet``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

import pyarrow.dataset as ds

from unionnlp.corpus.parquet import NULL_FOLDER, sentence_rows, write_parquet
from unionnlp.errors import UsageError
from unionnlp.orgs.attribution import attribute_orgs
from unionnlp.text.segment import segment_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _read(folder: Path) -> list[dict]:
    rows = ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()
    return sorted(rows, key=lambda r: (r["file"], r["para"], r["sent"]))


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in SEEDS[:2] + sorted((ROOT / "labels" / "written").glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    return folder


def test_every_sentence_once_under_its_reports_organisation(corpus, tmp_path):
    out = tmp_path / "table"
    path, reports, sentences, errors = write_parquet(corpus, out, batch_files=3)
    assert (path, reports, errors) == (out, 4, [])
    rows = _read(out)
    expected = []
    for file in sorted(corpus.glob("*.txt")):
        doc = segment_file(file)
        att = attribute_orgs([doc])
        for p in doc.paragraphs:
            for s in p.sentences:
                orgs = att.orgs_of(doc.name, p.index)
                expected.append((doc.name, s.para, s.sent, s.text, orgs[0] if orgs else None, list(orgs)))
    assert [(r["file"], r["para"], r["sent"], r["text"], r["org"], r["orgs"]) for r in rows] == expected
    assert len(rows) == sentences
    assert {r["label"] for r in rows} <= {"思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他", "不确定"}
    assert all(0.0 <= r["prob"] <= 1.0 for r in rows)
    # folders are named as the organisations are written, not percent-encoded
    folders = {p.name for p in out.iterdir()}
    assert {f"org={r['org']}" if r["org"] else f"org={NULL_FOLDER}" for r in rows} == folders
    assert any("总工会" in name for name in folders)


def test_an_existing_folder_is_kept_unless_forced_and_a_failed_run_leaves_it_whole(corpus, tmp_path, monkeypatch):
    out = tmp_path / "table"
    out.mkdir()
    (out / "mine.txt").write_text("not yours", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists"):
        write_parquet(corpus, out)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "not yours"

    from unionnlp.corpus import parquet

    calls = []

    def failing(name, data, model=None, encoding=None):
        calls.append(name)
        if len(calls) == 3:
            raise RuntimeError("disk gone")
        return sentence_rows(name, data, model, encoding)

    monkeypatch.setattr(parquet, "sentence_rows", failing)
    with pytest.raises(RuntimeError):
        write_parquet(corpus, out, force=True, batch_files=1)
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]  # untouched
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]  # nothing left behind
    monkeypatch.undo()
    write_parquet(corpus, out, force=True)
    assert not (out / "mine.txt").exists() and _read(out)


def test_an_unreadable_report_is_named_and_the_rest_written(corpus, tmp_path):
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n this is not a pdf")
    path, reports, _, errors = write_parquet(corpus, tmp_path / "t")
    assert reports == 5 and len(errors) == 1 and "broken.pdf" in errors[0]
    assert {r["file"] for r in _read(path)} == {p.name for p in corpus.glob("*.txt")}


def test_the_command_line(corpus, tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", UNIONNLP_CACHE=str(tmp_path / "cache"))

    def run(*args):
        return subprocess.run([sys.executable, "-m", "unionnlp", "index", str(corpus), *args], capture_output=True,
                              env=env, timeout=300, check=False)

    first = run("--parquet", str(tmp_path / "t"))
    assert first.returncode == 0 and b"4 reports" in first.stdout
    again = run("--parquet", str(tmp_path / "t"))
    assert again.returncode == 2 and again.stderr.decode("utf-8").count("\n") == 1
    assert b"--force" in again.stderr
    both = run("--parquet", str(tmp_path / "u"), "--index", str(tmp_path / "i.sqlite"))
    assert both.returncode == 2 and b"leave out --index" in both.stderr and not (tmp_path / "u").exists()
