"""The development set (dev/): well-formed, big enough, and kept apart from training."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import LABELS, ROOT
from unionnlp import segment_file
from unionnlp.themes.labels import LABELS as LABEL_NAMES, check_labels, read_labels

DEV = ROOT / "dev"
REPORTS = sorted((DEV / "reports").glob("*.txt"))


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


@pytest.fixture(scope="module")
def gold() -> dict[str, list[dict]]:
    return {p.stem + ".txt": _rows(p) for p in sorted((DEV / "labels").glob("*.jsonl"))}


@pytest.fixture(scope="module")
def orgs() -> dict[str, dict]:
    return {o["name"]: o for o in json.loads((DEV / "orgs.json").read_text(encoding="utf-8"))}


def test_dev_is_big_enough(gold, orgs):
    counts = Counter(r["label"] for rows in gold.values() for r in rows)
    assert len(REPORTS) >= 40 and len(gold) == len(REPORTS)
    assert len(orgs) >= 40
    assert sum(counts.values()) >= 700
    assert all(counts[t] >= 70 for t in LABEL_NAMES[:5]), counts
    assert counts["其他"] >= 100, counts
    assert len(list((DEV / "pdf").glob("*.pdf"))) >= 10


def test_dev_label_files_pass_the_checker():
    result = check_labels(sorted((DEV / "labels").glob("*.jsonl")))
    assert not result.problems, [str(p) for p in result.problems[:5]]


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_gold_sentences_are_the_segmenters(report, gold):
    rows = gold[report.name]
    doc = segment_file(report)
    got = [(s.para, s.sent, s.text) for s in doc.sentences]
    want = [(r["para"], r["sent"], r["text"]) for r in rows]
    assert got == want


def test_every_report_has_a_damaged_copy_and_a_source():
    sources = (DEV / "SOURCES.md").read_text(encoding="utf-8")
    for report in REPORTS:
        assert (DEV / "damaged" / report.name).is_file(), report.name
        assert report.name in sources, report.name


def test_every_organisation_has_text_and_known_names(gold, orgs):
    seen = Counter()
    for rows in gold.values():
        for r in rows:
            names = r["org"] if isinstance(r.get("org"), list) else [r.get("org")]
            for name in names:
                if name is not None:
                    assert name in orgs, f"{r['doc']}:{r['para']}: {name} not in dev/orgs.json"
                    seen[name] += 1
    assert set(orgs) == set(seen)
    for entry in orgs.values():
        assert entry["parent"] is None or isinstance(entry["parent"], str)
        assert isinstance(entry["short"], list)


def test_figures_point_at_dev_sentences(gold, orgs):
    figures = json.loads((DEV / "figures.json").read_text(encoding="utf-8"))
    assert figures
    for f in figures:
        assert f["org"] in orgs
        texts = [r["text"] for r in gold[f["doc"]] if r["para"] == f["para"]]
        assert any(f["value"] in t for t in texts), f
        assert f["head"], f


def test_no_dev_sentence_is_a_training_sentence(gold):
    training = {r.text for r in read_labels(LABELS) if len(r.text) >= 8}
    clash = [r["text"] for rows in gold.values() for r in rows if r["text"] in training]
    assert not clash, clash[:3]


def _dev_eval():
    import importlib.util

    spec = importlib.util.spec_from_file_location("dev_eval", ROOT / "bench" / "dev_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_brief_interval_resamples_organisations():
    interval = _dev_eval().cluster_interval
    spread = [(9, 10)] * 10  # one miss in every brief
    clustered = [(10, 10)] * 9 + [(0, 10)]  # the same ten misses, all in one brief
    assert interval([(10, 10)] * 5) == (1.0, 1.0)
    low, high = interval(spread)
    assert low <= 0.9 <= high
    assert interval(spread) == interval(spread)  # a fixed seed: the same on every run
    c_low, c_high = interval(clustered)
    assert c_low <= 0.9 <= c_high and c_high - c_low > high - low
