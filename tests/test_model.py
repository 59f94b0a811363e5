"""The model file: safe to load, faithful to scikit-learn, reproducible from the labels."""

from __future__ import annotations

import zipfile
from dataclasses import replace

import numpy as np
import pytest

from conftest import LABELS, MODEL, run_script
from unionnlp.errors import ModelError
from unionnlp.themes.labels import read_labels
from unionnlp.themes.features import neighbours, with_context
from unionnlp.themes.model import furniture_rows, load_model, model_bytes, read_metadata, save_model
from unionnlp.themes.train import (
    DEFAULT_SETTINGS,
    _fit,
    data_hash,
    document_keys,
    fit_model,
    model_inputs,
    record_contexts,
    train_model,
)

SAMPLE = [
    "开展女职工普法宣传月活动，受理法律援助案件。",
    "举办相亲交友活动12场，参与单身职工300余人。",
    "本报记者 张三 摄",
    "选举产生新一届女职工委员会。",
    "",
]


@pytest.fixture(scope="module")
def records():
    return read_labels(LABELS)


def test_numpy_model_matches_scikit_learn(records):
    settings = dict(DEFAULT_SETTINGS)
    train = records[:300]
    vectorizer, classifier = _fit(model_inputs(train, settings), [r.label for r in train], settings)
    ours = fit_model(train, settings)
    contexts = neighbours(SAMPLE)
    packed = [with_context(text, *c) for text, c in zip(SAMPLE, contexts)]
    columns = list(classifier.classes_)
    theirs = classifier.decision_function(vectorizer.transform(packed))
    mine = ours.decision_function(SAMPLE, contexts)[:, columns]
    assert np.allclose(mine, theirs, atol=1e-9)
    # Probabilities too, except where the furniture rule decides (「本报记者 张三 摄」 is 其他 = 1).
    content = ~furniture_rows(SAMPLE)
    theirs = classifier.predict_proba(vectorizer.transform(packed))
    assert np.allclose(ours.predict_proba(SAMPLE, contexts)[:, columns][content], theirs[content], atol=1e-9)


@pytest.mark.parametrize("features", ["char13", "char13+lex", "char13+lex+ctx", "char13+lex+ctx+head"])
def test_batched_ngrams_match_the_analyzer(records, features):
    # Prediction builds character n-grams for a whole batch in numpy; training uses the analyzer.
    model = fit_model(records[:400], {**DEFAULT_SETTINGS, "features": features})
    texts = [r.text for r in records] + ["", "a", "  12 3.5万 ", "x\x00y", "𠀀𠀁字", "İstanbul", "1.", ".5", "女"]
    contexts = neighbours(texts)
    fast = model.decision_function(texts, contexts)
    model._ngrams = None  # the per-sentence path, token by token through the analyzer
    slow = model.decision_function(texts, contexts)
    assert np.allclose(fast, slow, atol=1e-12)


def test_furniture_is_other_with_certainty():
    model = load_model(MODEL)
    furniture = ["（编辑：周小禾）", "发布日期：2024-11-02", "来源：青石县总工会", "——题记", "分享到："]
    proba = model.predict_proba(furniture)
    other = model.labels.index("其他")
    assert (proba[:, other] == 1.0).all() and (proba.sum(axis=1) == 1.0).all()
    assert set(model.predict(furniture)) == {"其他"}


def test_temperature_is_stored_and_applied(tmp_path, records):
    model = fit_model(records[:200])
    model.temperature = 0.5
    again = load_model(save_model(model, tmp_path / "m.npz"))
    assert again.temperature == 0.5
    scores = again.decision_function(["举办女职工劳动技能竞赛。"])[0] / 0.5
    expected = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    assert np.allclose(again.predict_proba(["举办女职工劳动技能竞赛。"])[0], expected)


def test_save_load_round_trip(tmp_path, records):
    model = fit_model(records[:200])
    path = save_model(model, tmp_path / "m.npz")
    again = load_model(path)
    assert np.array_equal(model.predict_proba(SAMPLE), again.predict_proba(SAMPLE))
    assert model_bytes(again) == path.read_bytes()


def test_model_file_holds_no_pickle():
    with zipfile.ZipFile(MODEL) as zf:
        assert sorted(zf.namelist()) == sorted(["meta.json", "vocabulary.json", "idf.npy", "coef.npy", "intercept.npy",
                                                "document_coef.npy", "document_intercept.npy"])


@pytest.fixture(scope="module")
def retrained(records):
    """A fresh fit on the shipped labels with the shipped model's settings, calibrated as
    `unionnlp train` calibrates it (grouped 5-fold cross-validation fits the temperature)."""
    meta = read_metadata(MODEL)
    return train_model(records, meta["settings"], created=meta["created"])[0]


STALE = "models/themes.npz is stale: run `unionnlp train`"


def _staleness(shipped, records, retrained) -> list[str]:
    """Why ``shipped`` is not the model ``records`` give today (empty: it is).

    Decided by what the model was trained on (the training-data hash and the
    settings in its metadata) and by its predictions on the labelled
    sentences beside a fresh retrain's.  A retrain on another CPU (other BLAS
    kernels, other thread counts) gives coefficients that differ from the
    shipped ones by about 1e-12, so probabilities are compared with an
    absolute tolerance of 1e-6: six orders of magnitude above that noise, and
    far below anything that shows in the output (probabilities are printed
    with 4 digits).  Labels must be equal: the smallest gap between the top
    two probabilities on these sentences is about 0.3, so no label can flip
    within the tolerance.
    """
    meta = shipped.metadata
    problems = []
    if meta.get("training_data_sha256") != data_hash(records):
        problems.append("labels/ changed since the model was trained")
    if meta.get("settings") != DEFAULT_SETTINGS:
        problems.append("the default settings changed since the model was trained")
    contexts = record_contexts(records)
    texts = [r.text for r in records]
    ctx = [contexts[(r.doc, r.para, r.sent)] for r in records]
    if shipped.vocabulary != retrained.vocabulary or shipped.labels != retrained.labels:
        problems.append("a retrain has another vocabulary")
        return problems
    if abs(shipped.temperature - retrained.temperature) > 1e-3:
        problems.append("a retrain fits another temperature")
    if shipped.predict(texts, ctx) != retrained.predict(texts, ctx):
        problems.append("a retrain labels some sentences differently")
    if not np.allclose(shipped.predict_proba(texts, ctx), retrained.predict_proba(texts, ctx), rtol=0, atol=1e-6):
        problems.append("a retrain's probabilities differ by more than 1e-6")
    # The document stage is fitted to its optimum (unique), so a retrain elsewhere gives the
    # same weights within the same noise.
    if shipped.uses_documents != retrained.uses_documents:
        problems.append("a retrain has (or lacks) a document stage")
    elif shipped.uses_documents:
        docs = document_keys(records)
        if shipped.predict(texts, ctx, docs) != retrained.predict(texts, ctx, docs):
            problems.append("a retrain's document stage labels some sentences differently")
        if not np.allclose(shipped.predict_proba(texts, ctx, docs), retrained.predict_proba(texts, ctx, docs),
                           rtol=0, atol=1e-5):
            problems.append("a retrain's document stage gives probabilities that differ by more than 1e-5")
    return problems


def test_shipped_model_is_what_the_labels_give_today(records, retrained):
    problems = _staleness(load_model(MODEL), records, retrained)
    assert not problems, f"{STALE}: {'; '.join(problems)}"


def test_staleness_ignores_cpu_noise_but_not_a_changed_label(records, retrained):
    shipped = load_model(MODEL)
    noisy = load_model(MODEL)
    # What another CPU's retrain looks like: coefficients off by about 1e-12.
    noisy.coef = noisy.coef + np.random.default_rng(0).uniform(-2e-12, 2e-12, noisy.coef.shape)
    noisy.__post_init__()
    assert not _staleness(noisy, records, retrained)
    relabelled = list(records)
    relabelled[0] = replace(relabelled[0], label="组织建设" if relabelled[0].label != "组织建设" else "其他")
    assert _staleness(shipped, relabelled, retrained) == ["labels/ changed since the model was trained"]


def test_training_is_byte_deterministic_on_one_machine(records, retrained):
    # Byte identity is a property of one machine: two fits in this process.
    again = fit_model(records, read_metadata(MODEL)["settings"])
    again.temperature, again.metadata = retrained.temperature, retrained.metadata
    again.document_coef, again.document_intercept = retrained.document_coef, retrained.document_intercept
    assert model_bytes(again) == model_bytes(retrained)


def test_metadata_travels_with_the_model(records):
    meta = read_metadata(MODEL)
    assert meta["labels"] == ["思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他"]
    assert meta["n_train"] == len(records)
    assert {"scikit-learn", "numpy"} <= set(meta["versions"])
    assert len(meta["training_data_sha256"]) == 64
    assert 0 < meta["metrics"]["macro_f1"] <= 1
    # The settings were chosen by cross-validation and scored by nested cross-validation; the
    # development set's figures and the calibration travel with the model.
    assert meta["metrics"]["selection"]["chosen"].startswith(meta["settings"]["features"] + " ")
    assert 0 < meta["metrics"]["nested"]["scores"]["seeds"]["macro_f1"] <= 1
    assert 0 < meta["metrics"]["dev"]["clean"]["macro_f1"] <= 1
    assert 0 < meta["temperature"] == meta["metrics"]["calibration"]["temperature"]
    # the document stage, with its score and the first stage's on the same held-out batches
    stage = meta["metrics"]["document_stage"]
    assert 0 < stage["first_stage"] <= 1 and 0 < stage["document_stage"] <= 1


def test_a_model_with_a_document_stage_round_trips_and_a_half_one_is_refused(tmp_path):
    model = load_model(MODEL)
    assert model.uses_documents
    path = tmp_path / "copy.npz"
    save_model(model, path)
    again = load_model(path)
    assert np.array_equal(again.document_coef, model.document_coef)
    assert np.array_equal(again.document_intercept, model.document_intercept)
    half = tmp_path / "half.npz"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(half, "w") as dst:
        for name in src.namelist():
            if name != "document_intercept.npy":
                dst.writestr(name, src.read(name))
    with pytest.raises(ModelError, match="half of a document stage"):
        load_model(half)
    # a model without the stage (an older file) reads each sentence with its neighbours only
    model.document_coef = model.document_intercept = None
    save_model(model, path)
    assert not load_model(path).uses_documents


def _damaged(tmp_path, kind):
    path = tmp_path / "damaged.npz"
    data = MODEL.read_bytes()
    if kind == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "garbage":
        path.write_bytes(b"this is not a model")
    elif kind == "missing":
        return tmp_path / "absent.npz"
    elif kind == "incompatible":
        with zipfile.ZipFile(MODEL) as src, zipfile.ZipFile(path, "w") as dst:
            for name in src.namelist():
                raw = src.read(name)
                if name == "meta.json":
                    raw = raw.replace(b'"format_version": 1', b'"format_version": 99')
                dst.writestr(name, raw)
    return path


@pytest.mark.parametrize("kind", ["truncated", "garbage", "missing", "incompatible"])
def test_bad_model_files_give_one_line_with_the_fix(tmp_path, kind):
    path = _damaged(tmp_path, kind)
    with pytest.raises(ModelError) as info:
        load_model(path)
    assert str(path) in str(info.value) and "unionnlp train" in str(info.value)
    proc = run_script("classify", "--model", str(path), "seeds/000_1981f897b6cac00d.txt")
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "unionnlp train" in err


def test_context_features_unpacked_equal_the_packed_ones(records):
    # char13+lex+ctx features are had from (sentence, neighbours) as given, unless a part holds
    # the separator that packing splits on: then from the packed strings, as before.
    model = fit_model(records[:300], {**DEFAULT_SETTINGS, "features": "char13+lex+ctx"})
    texts = [r.text for r in records[:500]] + ["", "a\x1fb", "工会\x00女职工", "𠀀字 12"]
    for contexts in (neighbours(texts), [c[:2] for c in neighbours(texts)]):
        packed = [with_context(t, *c) for t, c in zip(texts, contexts)]
        expected = np.tile(model.intercept, (len(texts), 1))
        for lo in range(0, len(texts), 2048):
            expected[lo : lo + 2048] += model._linear(packed[lo : lo + 2048])
        assert np.array_equal(model.decision_function(texts, contexts), expected)
        clean = [i for i, t in enumerate(texts) if "\x1f" not in t]
        sub_texts = [texts[i] for i in clean]
        sub_contexts = [tuple(part.replace("\x1f", "") for part in contexts[i]) for i in clean]
        assert model._unpacked_context(sub_texts, sub_contexts)
        packed = [with_context(t, *c) for t, c in zip(sub_texts, sub_contexts)]
        expected = np.tile(model.intercept, (len(sub_texts), 1)) + model._linear(packed)
        assert np.array_equal(model.decision_function(sub_texts, sub_contexts), expected)
