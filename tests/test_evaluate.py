"""Honest evaluation: grouped folds, nested choice of settings, calibration, the development set."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import LABELS, MODEL, ROOT

from unionnlp.themes.evaluate import calibration, evaluate_dev, summary, theme_scores
from unionnlp.themes.labels import LABELS as LABEL_NAMES
from unionnlp.themes.labels import read_labels
from unionnlp.themes.model import read_metadata
from unionnlp.themes.train import (
    calibration_batches,
    document_folds,
    fit_temperature,
    nested_cross_validate,
    outer_folds,
    predictions,
    select_settings,
)

DEV = ROOT / "dev"
needs_dev = pytest.mark.skipif(not (DEV / "labels").is_dir(), reason="no development set in this checkout")


@pytest.fixture(scope="module")
def records():
    return read_labels(LABELS)


def test_document_folds_keep_linked_documents_together(records):
    folds = document_folds(records, 5)
    assert sorted(d for f in folds for d in f) == sorted({r.doc for r in records})
    # 001 condenses 003: their shared sentence groups must never sit on both sides.
    together = [f for f in folds if "001_65fd7466eb936db1.txt" in f]
    assert len(together) == 1 and "003_635ee0eaa2035469.txt" in together[0]
    sizes = [sum(1 for r in records if r.doc in f) for f in folds]
    assert max(sizes) - min(sizes) < 0.25 * max(sizes)  # balanced by sentences


def test_outer_folds_hold_out_each_seed_alone(records):
    folds = outer_folds(records)
    seeds = sorted({r.doc for r in records if r.source == "seed"})
    assert folds[: len(seeds)] == [[d] for d in seeds]
    written = {r.doc for r in records if r.source == "written"}
    assert {d for f in folds[len(seeds):] for d in f} == written


def test_temperature_recovers_a_known_one():
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, size=(4000, len(LABEL_NAMES)))
    true_t = 2.5
    p = np.exp(logits / true_t)
    p /= p.sum(axis=1, keepdims=True)
    gold = [LABEL_NAMES[rng.choice(len(LABEL_NAMES), p=row)] for row in p]
    assert fit_temperature(logits, gold) == pytest.approx(true_t, rel=0.1)


def test_calibration_error_of_a_calibrated_and_an_overconfident_model():
    rng = np.random.default_rng(1)
    conf = rng.uniform(0.2, 1.0, 20000)
    assert calibration(conf, rng.uniform(size=conf.size) < conf)["ece"] < 0.02
    table = calibration([0.95] * 100, [True] * 60 + [False] * 40)
    assert table["ece"] == pytest.approx(0.35)
    assert [b["n"] for b in table["bins"]] == [0] * 9 + [100]


def test_cross_validation_applies_the_furniture_rule():
    scores = np.zeros((2, len(LABEL_NAMES)))
    scores[:, 0] = 5.0  # the scores say 思想引领 for both
    labels, proba = predictions(scores, ["（编辑：周小禾）", "开展主题读书活动。"])
    assert labels == ["其他", "思想引领"]
    assert proba[0, LABEL_NAMES.index("其他")] == 1.0


def test_theme_scores_count_a_missing_prediction_as_wrong():
    scores = theme_scores([("其他", "其他"), ("思想引领", None), ("思想引领", "思想引领")])
    assert scores["per_label"]["思想引领"]["recall"] == 0.5
    assert scores["confusion"]["思想引领"][None] == 1


@pytest.mark.slow
def test_nested_cross_validation_on_a_small_grid(records):
    # Three seeds and twelve written reports, two settings: the choice is made inside each outer fold.
    docs = sorted({r.doc for r in records if r.source == "seed"})[2:] + sorted(
        {r.doc for r in records if r.source == "written"})[:12]
    subset = [r for r in records if r.doc in docs]
    grid = {"features": ("char13+lex+ctx",), "C": (1.0, 10.0), "class_weight": ("balanced",)}
    chosen = select_settings(subset, grid, folds=3)
    assert chosen.settings["C"] in (1.0, 10.0) and len(chosen.table) == 2
    assert 0 < chosen.temperature < 20
    result = nested_cross_validate(subset, grid, inner_folds=3, written_folds=3)
    assert len(result.folds) == 3 + 3
    assert result.scores["all"].n == len(subset)
    assert 0 <= result.calibration["all"]["ece"] <= 1
    # on two processes: the same folds, choices and held-out predictions, in the same order
    parallel = nested_cross_validate(subset, grid, inner_folds=3, written_folds=3, jobs=2)
    assert [f["test_docs"] for f in parallel.folds] == [f["test_docs"] for f in result.folds]
    assert [f["settings"] for f in parallel.folds] == [f["settings"] for f in result.folds]
    assert [(x["doc"], x["para"], x["sent"], x["pred"]) for x in parallel.predictions] == \
        [(x["doc"], x["para"], x["sent"], x["pred"]) for x in result.predictions]
    assert [x["prob"] for x in parallel.predictions] == pytest.approx([x["prob"] for x in result.predictions])
    again = select_settings(subset, grid, folds=3, jobs=2)
    assert again.settings == chosen.settings and again.temperature == pytest.approx(chosen.temperature)


@needs_dev
def test_dev_figures_of_the_shipped_model_match_its_metadata():
    found = evaluate_dev(DEV)
    assert found["reports"] >= 40 and found["kinds"]["clean"]["whole"][0] == found["sentences"]
    assert summary(found)["clean"] == read_metadata(MODEL)["metrics"]["dev"]["clean"]


@needs_dev
def test_evaluate_dev_command(cli):
    result = cli("evaluate", "--dev")
    assert result.exit_code == 0
    out = result.stdout
    assert "macro-F1" in out and "ECE" in out and "confusion" in out
    for label in LABEL_NAMES:
        assert label in out
    as_json = json.loads(cli("evaluate", "--dev", str(DEV), "-f", "json").stdout)
    assert as_json["figures"]["clean"]["macro_f1"] == read_metadata(MODEL)["metrics"]["dev"]["clean"]["macro_f1"]


def test_evaluate_dev_on_a_folder_that_is_not_a_dev_set(cli, tmp_path):
    result = cli("evaluate", "--dev", str(tmp_path))
    assert result.exit_code == 2 and "not a development set" in result.stderr


def _labelled(folder, doc, source, group=None):
    rows = [{"doc": doc, "para": 1, "sent": i, "text": f"第{i}句。", "label": "其他", "also": [],
             "group": group or f"{doc}:1", "source": source} for i in (1, 2)]
    path = folder / (doc.rsplit(".", 1)[0] + ".jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_calibration_batches_follow_the_labels_batch_list(tmp_path):
    _labelled(tmp_path, "000_a.txt", "seed")
    _labelled(tmp_path, "001_b.txt", "seed", group="000_a:1")  # linked to 000: same batch whatever
    for doc in ("01_x.txt", "12_y.txt", "30_z.txt", "31_w.txt"):
        _labelled(tmp_path / "written", doc, "written")
    _labelled(tmp_path / "written", "90_u.txt", "user")
    (tmp_path / "batches.json").write_text(json.dumps({"batches": [
        {"name": "seeds", "source": "seed"},
        {"name": "first", "source": "written", "from": 1, "to": 20},
        {"name": "second", "source": "written", "from": 21, "to": 40},
    ]}), encoding="utf-8")
    batches = calibration_batches(read_labels(tmp_path))
    assert sorted(map(sorted, batches)) == [["000_a.txt", "001_b.txt"], ["01_x.txt", "12_y.txt"],
                                           ["30_z.txt", "31_w.txt"], ["90_u.txt"]]


def test_without_a_batch_list_the_grouped_folds_calibrate(tmp_path):
    _labelled(tmp_path, "01_x.txt", "written")
    _labelled(tmp_path, "02_y.txt", "written")
    assert calibration_batches(read_labels(tmp_path)) is None


def test_the_shipped_labels_list_their_batches(records):
    batches = calibration_batches(records)
    assert batches is not None and len(batches) >= 5
    assert sum(len(b) for b in batches) == len({r.doc for r in records})
    import json as _json

    from unionnlp.themes.train import _batch_name

    spec = _json.loads((LABELS / "batches.json").read_text(encoding="utf-8"))["batches"]
    unlisted = sorted({r.doc for r in records if _batch_name(r, spec) == "(other documents)"})
    assert not unlisted, f"label files in no batch of labels/batches.json: {unlisted[:3]}"
