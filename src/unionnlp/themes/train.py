"""Training and honest evaluation of the theme model (needs scikit-learn).

Scores come only from documents held out of training: every fold leaves
documents out, and also drops from training every sentence that shares a
``group`` with a held-out sentence, so two copies of one sentence are never
on both sides.  Written training text is never in a seed's test fold.

Settings (features, C, class weights) are chosen by grouped cross-validation
over :data:`GRID` (:func:`select_settings`); :func:`nested_cross_validate`
scores that whole procedure on documents it never saw while choosing (outer
folds score, inner folds choose).  Probabilities are calibrated by one
temperature fitted on out-of-fold scores (:func:`fit_temperature`).  When the
labels list their batches, the document stage (each sentence read with the rest
of its document) is fitted on the held-out batches' probabilities
(:func:`fit_document_stage`) and scored with each batch held out in turn.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Sequence

import numpy as np

from unionnlp.errors import LabelError, UsageError
from unionnlp.themes.evaluate import calibration as calibration_table
from unionnlp.themes.features import ANALYZERS, get_analyzer, neighbours, uses_context, with_context
from unionnlp.themes.labels import LABELS, LabelRecord
from unionnlp.themes.model import ThemeModel, calibrated_proba, document_block, document_features, furniture_rows

# What `unionnlp train` fits: the settings that grouped cross-validation chose from GRID on
# 2026-11-30 (`unionnlp train --select`; the model's metadata keeps the whole comparison).
DEFAULT_SETTINGS = {
    "features": "char13+lex+ctx",
    "C": 100.0,
    "class_weight": None,
    "sublinear_tf": True,
    "min_df": 2,
}


def data_hash(records: Sequence[LabelRecord]) -> str:
    """SHA-256 over the training sentences and labels, in a stable order."""
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: (r.doc, r.para, r.sent)):
        h.update(f"{r.doc}\t{r.para}\t{r.sent}\t{r.text}\t{r.label}\n".encode("utf-8"))
    return h.hexdigest()


def check_settings(settings: dict) -> dict:
    """``settings`` if a model can be trained with them; ``UsageError`` in the toolkit's words otherwise."""
    c = settings.get("C")
    if isinstance(c, bool) or not isinstance(c, (int, float)) or not math.isfinite(c) or c <= 0:
        raise UsageError(f"C must be a positive number, not {c!r}")
    get_analyzer_or_usage_error(settings.get("features"))
    min_df = settings.get("min_df")
    if isinstance(min_df, bool) or not isinstance(min_df, int) or min_df < 1:
        raise UsageError(f"min_df must be a whole number from 1 up, not {min_df!r}")
    return settings


def get_analyzer_or_usage_error(features):
    try:
        return get_analyzer(features)
    except (ValueError, TypeError):
        raise UsageError(f"unknown feature set {features!r}; choose from {', '.join(ANALYZERS)}") from None


def _check_trainable(labels: Sequence[str], where: str = "") -> None:
    distinct = sorted(set(labels), key=LABELS.index)
    if not distinct:
        raise LabelError(f"{where}no labelled sentences to train on")
    if len(distinct) < 2:
        raise LabelError(f"{where}the labels give every sentence the same label ({distinct[0]}): "
                         "training needs at least two")


def too_few_documents(documents: Sequence[str], hint: str = "label another") -> str:
    """What to say when cross-validation has fewer than two documents to hold out."""
    held = f"one ({documents[0]})" if documents else "none"
    return f"cross-validation needs at least two documents, the labels hold {held}: {hint}"


def _fit(texts: Sequence[str], labels: Sequence[str], settings: dict):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=get_analyzer(settings["features"]),
        sublinear_tf=settings["sublinear_tf"],
        min_df=settings["min_df"],
        norm="l2",
        smooth_idf=True,
        dtype=np.float64,
    )
    try:
        x = vectorizer.fit_transform(texts)
    except ValueError:  # scikit-learn: "After pruning, no terms remain", "empty vocabulary"
        raise LabelError(
            f"too few labelled sentences: no feature occurs in {settings['min_df']} of them; label more"
        ) from None
    classifier = LogisticRegression(
        C=settings["C"],
        class_weight=settings["class_weight"],
        max_iter=5000,
        random_state=0,
    )
    # Every label is a column even if a fold happens to lack one.
    y = [LABELS.index(label) for label in labels]
    classifier.fit(x, y)
    return vectorizer, classifier


def _to_model(vectorizer, classifier, settings: dict) -> ThemeModel:
    vocab = vectorizer.vocabulary_
    order = sorted(vocab, key=vocab.get)
    n_features = len(order)
    coef = np.zeros((len(LABELS), n_features))
    intercept = np.full(len(LABELS), -1e3)  # a label never seen in training is never predicted
    for row, cls in enumerate(classifier.classes_):
        if classifier.coef_.shape[0] == 1:  # binary case: sklearn keeps one row
            sign = 1.0 if row == 1 else -1.0
            coef[cls] = sign * classifier.coef_[0] / 2
            intercept[cls] = sign * classifier.intercept_[0] / 2
        else:
            coef[cls] = classifier.coef_[row]
            intercept[cls] = classifier.intercept_[row]
    return ThemeModel(
        labels=LABELS,
        vocabulary=order,
        idf=vectorizer.idf_.astype(np.float64),
        coef=coef,
        intercept=intercept,
        features=settings["features"],
        sublinear_tf=settings["sublinear_tf"],
    )


Key = tuple  # (doc, para, sent)


def record_contexts(records: Sequence[LabelRecord]) -> dict[Key, tuple[str, str]]:
    """(previous, next) sentence of every labelled sentence within its document."""
    by_doc: dict[str, list[LabelRecord]] = {}
    for r in records:
        by_doc.setdefault(r.doc, []).append(r)
    out: dict[Key, tuple[str, str]] = {}
    for recs in by_doc.values():
        recs = sorted(recs, key=lambda r: (r.para, r.sent))
        for r, ctx in zip(recs, neighbours([r.text for r in recs])):
            out[(r.doc, r.para, r.sent)] = ctx
    return out


def model_inputs(
    records: Sequence[LabelRecord], settings: dict, contexts: dict[Key, tuple[str, str]] | None = None
) -> list[str]:
    """What the analyzer reads for each record: its text, with neighbours if the features use them."""
    if not uses_context(settings["features"]):
        return [r.text for r in records]
    contexts = contexts if contexts is not None else record_contexts(records)
    return [with_context(r.text, *contexts.get((r.doc, r.para, r.sent), ("", ""))) for r in records]


def fit_model(
    records: Sequence[LabelRecord],
    settings: dict | None = None,
    contexts: dict[Key, tuple[str, str]] | None = None,
) -> ThemeModel:
    """Fit a model on labelled sentences (no metadata, no evaluation)."""
    settings = check_settings({**DEFAULT_SETTINGS, **(settings or {})})
    _check_trainable([r.label for r in records])
    inputs = model_inputs(records, settings, contexts)
    vectorizer, classifier = _fit(inputs, [r.label for r in records], settings)
    return _to_model(vectorizer, classifier, settings)


# --- evaluation ---------------------------------------------------------------


@dataclass
class Scores:
    """Per-label and overall scores of one set of predictions."""

    name: str
    n: int
    accuracy: float
    macro_f1: float
    per_label: dict  # label -> {precision, recall, f1, support}
    confusion: list  # rows: true label, columns: predicted, in LABELS order
    folds: int = 0

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "n": self.n,
            "folds": self.folds,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_label": {
                k: {m: (round(v, 4) if isinstance(v, float) else v) for m, v in d.items()}
                for k, d in self.per_label.items()
            },
            "labels": list(LABELS),
            "confusion": self.confusion,
        }


def score(name: str, gold: Sequence[str], pred: Sequence[str], folds: int = 0) -> Scores:
    """Precision, recall, F1 per label, macro-F1 over the labels present, accuracy."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    present = [label for label in LABELS if label in set(gold)]
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=present, zero_division=0)
    per_label = {
        label: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
        for i, label in enumerate(present)
    }
    confusion = confusion_matrix(gold, pred, labels=list(LABELS)).tolist()
    accuracy = float(np.mean([g == q for g, q in zip(gold, pred)])) if gold else 0.0
    return Scores(name, len(gold), accuracy, float(np.mean(f)) if len(f) else 0.0, per_label, confusion, folds)


def _held_out(
    records: Sequence[LabelRecord],
    test_docs: Sequence[str],
    train_pool: Sequence[LabelRecord],
    settings: dict,
    contexts: dict[Key, tuple[str, str]],
    jobs: int = 1,
) -> list[tuple[LabelRecord, str, float]]:
    """(record, predicted label, its probability) for every record of the test documents.

    Each document is held out in turn, with every training sentence that
    shares a ``group`` with it.  Folds run on ``jobs`` processes; results come
    in document order whatever ``jobs`` is.
    """
    folds = [(doc, [r for r in records if r.doc == doc], train_pool, settings, contexts) for doc in test_docs]
    if jobs == 1 or len(folds) < 2:
        parts = map(_fold, folds)
    else:
        from unionnlp.corpus.parallel import ordered_map

        parts = ordered_map(_fold, folds, jobs, in_flight=1)
    return [item for part in parts for item in part]


def _fold(task) -> list[tuple[LabelRecord, str, float]]:
    """One fold of ``_held_out``: fit without ``doc`` (and its groups), predict ``doc``."""
    doc, test, train_pool, settings, contexts = task
    groups = {r.group for r in test}
    train = [r for r in train_pool if r.doc != doc and r.group not in groups]
    _check_trainable([r.label for r in train], f"cross-validation with {doc} left out: ")
    model = fit_model(train, settings, contexts)
    # The held-out document's own neighbours are what a user's file gives at prediction time.
    proba = model.predict_proba([r.text for r in test], [contexts[(r.doc, r.para, r.sent)] for r in test])
    out = []
    for r, row in zip(test, proba):
        best = int(row.argmax())
        out.append((r, model.labels[best], float(row[best])))
    return out


def _scored(name: str, held_out: list[tuple[LabelRecord, str, float]], folds: int) -> Scores:
    return score(name, [r.label for r, _, _ in held_out], [p for _, p, _ in held_out], folds)


def cross_validate(records: Sequence[LabelRecord], settings: dict | None = None,
                   jobs: int = 1) -> dict[str, Scores]:
    """Leave-one-document-out scores under the three protocols.

    ``seeds_only``: trained on seeds only, each seed left out in turn.
    ``seeds_plus_written``: the same seed folds, with all written text added to training.
    ``written_reports``: each written report left out in turn, trained on everything else.
    ``jobs``: folds run on this many processes (the same scores whatever it is).
    """
    settings = check_settings({**DEFAULT_SETTINGS, **(settings or {})})
    documents = sorted({r.doc for r in records})
    if len(documents) < 2:
        raise LabelError(too_few_documents(documents))
    seeds = [r for r in records if r.source != "written"]
    written = [r for r in records if r.source == "written"]
    seed_docs = sorted({r.doc for r in seeds})
    contexts = record_contexts(records)
    results: dict[str, Scores] = {}
    if len(seed_docs) > 1:
        results["seeds_only"] = _scored(
            "trained on seeds only, leave-one-seed-out",
            _held_out(seeds, seed_docs, seeds, settings, contexts, jobs),
            len(seed_docs),
        )
    if written and seed_docs:
        results["seeds_plus_written"] = _scored(
            "trained on seeds + written, tested on the left-out seed",
            _held_out(seeds, seed_docs, list(records), settings, contexts, jobs),
            len(seed_docs),
        )
    written_docs = sorted({r.doc for r in written})
    if len(written_docs) > 1:
        results["written_reports"] = _scored(
            "leave-one-written-report-out, trained on everything else",
            _held_out(written, written_docs, list(records), settings, contexts, jobs),
            len(written_docs),
        )
    return results


def held_out_predictions(records: Sequence[LabelRecord], settings: dict | None = None) -> list[dict]:
    """Per-sentence held-out predictions of protocol ``seeds_plus_written``.

    The folds are exactly those of ``cross_validate``.  One dict per seed
    sentence: ``doc``, ``para``, ``sent``, ``text``, ``gold``, ``pred``,
    ``prob`` (of ``pred``), in document order.
    """
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    seeds = [r for r in records if r.source != "written"]
    held_out = _held_out(seeds, sorted({r.doc for r in seeds}), list(records), settings, record_contexts(records))
    return [
        {"doc": r.doc, "para": r.para, "sent": r.sent, "text": r.text, "gold": r.label, "pred": pred, "prob": prob}
        for r, pred, prob in held_out
    ]


def primary_protocol(results: dict[str, Scores]) -> Scores:
    """The headline score: seeds + written if there is written text, else seeds only."""
    for key in ("seeds_plus_written", "seeds_only", "written_reports"):
        if key in results:
            return results[key]
    raise ValueError("no evaluation could be run: label at least two documents")


# --- choosing settings: grouped folds, nested cross-validation, calibration -----

# The settings grid that cross-validation chooses from (small: two shared cores).
GRID = {
    "features": ("char13+lex+ctx", "char13+lex+ctx+head", "char13+lex+ctx+w", "char13+lex+ctx+head+w"),
    "C": (10.0, 30.0, 100.0),
    "class_weight": ("balanced", None),
}
INNER_FOLDS = 4  # grouped folds that choose settings
WRITTEN_OUTER_FOLDS = 5  # outer folds over the written reports (each seed is an outer fold of its own)
CALIBRATION_FOLDS = 5  # grouped folds whose out-of-fold scores fit the temperature of a trained model


def grid_settings(grid: dict | None = None) -> list[dict]:
    """Every combination of the grid, as full settings dicts, in a fixed order."""
    import itertools

    grid = grid or GRID
    keys = list(grid)
    return [{**DEFAULT_SETTINGS, **dict(zip(keys, values))} for values in itertools.product(*(grid[k] for k in keys))]


def document_folds(records: Sequence[LabelRecord], k: int) -> list[list[str]]:
    """``k`` folds of whole documents, balanced by sentences.

    Documents that share a ``group`` (001 condenses 003) always fall in the
    same fold.  Deterministic: the largest units are placed first, each in the
    fold with the fewest sentences so far.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_doc: dict[str, str] = {}
    size: dict[str, int] = {}
    for r in records:
        find(r.doc)
        size[r.doc] = size.get(r.doc, 0) + 1
        other = first_doc.setdefault(r.group, r.doc)
        parent[find(r.doc)] = find(other)
    units: dict[str, list[str]] = {}
    for doc in sorted(size):
        units.setdefault(find(doc), []).append(doc)
    ordered = sorted(units.values(), key=lambda docs: (-sum(size[d] for d in docs), docs[0]))
    k = max(1, min(k, len(ordered)))
    folds: list[list[str]] = [[] for _ in range(k)]
    load = [0] * k
    for docs in ordered:
        i = min(range(k), key=lambda j: (load[j], j))
        folds[i].extend(docs)
        load[i] += sum(size[d] for d in docs)
    return [sorted(f) for f in folds if f]


def _split(records: Sequence[LabelRecord], test_docs) -> tuple[list[int], list[int]]:
    """Indices of the test records (in ``test_docs``) and of the training records
    (the others, minus every sentence that shares a group with a test sentence)."""
    test_docs = set(test_docs)
    test = [i for i, r in enumerate(records) if r.doc in test_docs]
    groups = {records[i].group for i in test}
    train = [i for i, r in enumerate(records) if r.doc not in test_docs and r.group not in groups]
    return test, train


def _given(tokens):
    """Analyzer for text that is already a list of tokens (module-level, so it can be pickled)."""
    return tokens


class _TokenCache:
    """Each record's tokens per feature set, computed once for every fold and setting."""

    def __init__(self, records: Sequence[LabelRecord]):
        self.records = list(records)
        self.contexts = record_contexts(self.records)
        self._tokens: dict[str, dict[Key, list[str]]] = {}

    def tokens(self, features: str, records: Sequence[LabelRecord]) -> list[list[str]]:
        table = self._tokens.get(features)
        if table is None:
            analyzer = get_analyzer(features)
            settings = {"features": features}
            inputs = model_inputs(self.records, settings, self.contexts)
            table = {(r.doc, r.para, r.sent): analyzer(x) for r, x in zip(self.records, inputs)}
            self._tokens[features] = table
        return [table[(r.doc, r.para, r.sent)] for r in records]


def _vectorise(tokens: list[list[str]], settings: dict):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=_given, sublinear_tf=settings["sublinear_tf"], min_df=settings["min_df"],
        norm="l2", smooth_idf=True, dtype=np.float64,
    )
    try:
        return vectorizer, vectorizer.fit_transform(tokens)
    except ValueError:  # scikit-learn: "After pruning, no terms remain", "empty vocabulary"
        raise LabelError(
            f"too few labelled sentences: no feature occurs in {settings['min_df']} of them; label more"
        ) from None


def _classifier(x, labels: Sequence[str], settings: dict):
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(
        C=settings["C"], class_weight=settings["class_weight"], max_iter=5000, random_state=0
    )
    classifier.fit(x, [LABELS.index(label) for label in labels])
    return classifier


def _scores_in_label_order(classifier, x) -> np.ndarray:
    """Linear scores with one column per label of LABELS (-1e3 for a label the fold lacked)."""
    raw = classifier.decision_function(x)
    out = np.full((x.shape[0], len(LABELS)), -1e3)
    if raw.ndim == 1:  # binary: one column of scores for the second class
        out[:, classifier.classes_[1]] = raw / 2
        out[:, classifier.classes_[0]] = -raw / 2
    else:
        out[:, classifier.classes_] = raw
    return out


def out_of_fold_scores(
    records: Sequence[LabelRecord],
    folds: Sequence[Sequence[str]],
    settings_list: Sequence[dict],
    cache: _TokenCache | None = None,
    jobs: int = 1,
) -> list[np.ndarray]:
    """Held-out linear scores of every record (rows) under each settings dict, one fold at a time
    (the folds on ``jobs`` processes; the same scores whatever ``jobs`` is).

    Records outside every fold keep NaN rows.
    """
    records = list(records)
    cache = cache or _TokenCache(records)
    out = [np.full((len(records), len(LABELS)), np.nan) for _ in settings_list]
    for s in settings_list:  # tokens before a pool forks: its workers share them
        cache.tokens(s["features"], records)
    from unionnlp.corpus.parallel import ordered_map

    # (one process runs the initializer here and maps in order: the same results)
    parts = ordered_map(_inner_fold, range(len(folds)), jobs if len(folds) > 1 else 1, initializer=_init_inner,
                        initargs=(records, list(folds), list(settings_list), cache), in_flight=1)
    try:
        for part in parts:
            if part is None:
                continue
            test, fold_scores = part
            for i, sc in enumerate(fold_scores):
                out[i][test] = sc
    finally:
        _init_inner()
    return out


_INNER: tuple = ()  # (records, folds, settings list, token cache) of the cross-validation in this process


def _init_inner(*state) -> None:
    global _INNER
    _INNER = state


def _inner_fold(k: int) -> tuple[list[int], list[np.ndarray]] | None:
    """One fold of :func:`out_of_fold_scores`: (test rows, their scores under each setting)."""
    records, folds, settings_list, cache = _INNER
    test_docs = folds[k]
    test, train = _split(records, test_docs)
    if not test or not train:
        return None
    train_recs = [records[i] for i in train]
    test_recs = [records[i] for i in test]
    _check_trainable([r.label for r in train_recs], f"cross-validation with {', '.join(test_docs)} left out: ")
    by_features: dict[tuple, list[int]] = {}
    for i, s in enumerate(settings_list):
        by_features.setdefault((s["features"], s["sublinear_tf"], s["min_df"]), []).append(i)
    scores: list[np.ndarray | None] = [None] * len(settings_list)
    for (features, _, _), members in by_features.items():
        vectorizer, x_train = _vectorise(cache.tokens(features, train_recs), settings_list[members[0]])
        x_test = vectorizer.transform(cache.tokens(features, test_recs))
        for i in members:
            classifier = _classifier(x_train, [r.label for r in train_recs], settings_list[i])
            scores[i] = _scores_in_label_order(classifier, x_test)
    return test, scores


def predictions(scores: np.ndarray, texts: Sequence[str], temperature: float = 1.0) -> tuple[list[str], np.ndarray]:
    """Labels and calibrated probabilities from linear scores, with the model's furniture rule."""
    proba = calibrated_proba(np.array(scores, dtype=np.float64), temperature, texts, LABELS)
    return [LABELS[i] for i in proba.argmax(axis=1)], proba


def fit_temperature(scores: np.ndarray, gold: Sequence[str], texts: Sequence[str] | None = None) -> float:
    """The temperature T that minimises the negative log-likelihood of softmax(scores / T).

    Fitted on out-of-fold scores; sentences that are contentless furniture
    (their probability is fixed at 1 for 其他) are left out of the fit.
    """
    from scipy.optimize import minimize_scalar

    scores = np.asarray(scores, dtype=np.float64)
    y = np.array([LABELS.index(g) for g in gold])
    keep = np.isfinite(scores).all(axis=1)
    if texts is not None:
        keep &= ~furniture_rows(texts)
    scores, y = scores[keep], y[keep]
    if not len(y):
        return 1.0

    def nll(log_t: float) -> float:
        z = scores / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(axis=1))).mean())

    best = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded", options={"xatol": 1e-4})
    return round(float(np.exp(best.x)), 4)


@dataclass
class Selection:
    """What grouped cross-validation chose, and how every setting scored."""

    settings: dict
    macro_f1: float
    table: list  # (settings, macro-F1 of the pooled out-of-fold predictions), grid order
    folds: list
    scores: np.ndarray  # out-of-fold scores of the chosen settings
    temperature: float


def _setting_key(s: dict) -> str:
    cw = s["class_weight"] or "none"
    return f"{s['features']} C={s['C']:g} class_weight={cw}"


def select_settings(
    records: Sequence[LabelRecord],
    grid: dict | None = None,
    folds: int = INNER_FOLDS,
    cache: _TokenCache | None = None,
    jobs: int = 1,
) -> Selection:
    """Choose settings by grouped cross-validation: the best pooled out-of-fold macro-F1 wins
    (the earlier setting of the grid on a tie).  Also fits the temperature on the winner's
    out-of-fold scores.  The folds run on ``jobs`` processes."""
    records = list(records)
    cache = cache or _TokenCache(records)
    candidates = grid_settings(grid)
    doc_folds = document_folds(records, folds)
    oof = out_of_fold_scores(records, doc_folds, candidates, cache, jobs)
    texts = [r.text for r in records]
    gold = [r.label for r in records]
    table = []
    for s, sc in zip(candidates, oof):
        pred, _ = predictions(sc, texts)
        table.append((s, score("inner", gold, pred).macro_f1))
    best = max(range(len(table)), key=lambda i: (round(table[i][1], 10), -i))
    temperature = fit_temperature(oof[best], gold, texts)
    return Selection(candidates[best], table[best][1], table, doc_folds, oof[best], temperature)


@dataclass
class NestedResult:
    """Outer-fold scores of the whole choose-then-fit procedure."""

    scores: dict  # "seeds" (protocol b), "written", "all" -> Scores
    calibration: dict  # same keys -> calibration_table of the outer predictions
    folds: list  # per outer fold: test documents, chosen settings, inner macro-F1, temperature
    predictions: list  # per test sentence: doc, para, sent, text, gold, pred, prob, source

    def as_dict(self) -> dict:
        return {
            "protocol": "nested: outer folds score (each seed alone, written reports in "
                        f"{WRITTEN_OUTER_FOLDS} grouped folds), inner {INNER_FOLDS} grouped folds choose",
            "scores": {k: v.as_dict() for k, v in self.scores.items()},
            "ece": {k: round(v["ece"], 4) for k, v in self.calibration.items()},
            "folds": self.folds,
        }


def outer_folds(records: Sequence[LabelRecord], written_folds: int = WRITTEN_OUTER_FOLDS) -> list[list[str]]:
    """Each non-written document alone (protocol b), then the written reports in grouped folds."""
    seeds = sorted({r.doc for r in records if r.source != "written"})
    written = [r for r in records if r.source == "written"]
    return [[d] for d in seeds] + (document_folds(written, written_folds) if written else [])


def nested_cross_validate(
    records: Sequence[LabelRecord],
    grid: dict | None = None,
    inner_folds: int = INNER_FOLDS,
    written_folds: int = WRITTEN_OUTER_FOLDS,
    progress=None,
    jobs: int = 1,
) -> NestedResult:
    """Nested cross-validation: for each outer fold, settings and temperature are chosen by
    :func:`select_settings` on the outer training part alone, fitted there, and scored on the
    held-out documents.  ``progress(i, n, fold_info)`` is called after each outer fold.
    The outer folds run on ``jobs`` processes; the result is the same whatever ``jobs`` is."""
    records = list(records)
    cache = _TokenCache(records)
    folds = outer_folds(records, written_folds)
    # Every fold's tokens, before the pool forks: the workers share them instead of each
    # segmenting the corpus again (jieba is most of a fold's set-up).
    for settings in grid_settings(grid):
        cache.tokens(settings["features"], records)
    from unionnlp.corpus.parallel import ordered_map

    results = ordered_map(_outer_fold, range(len(folds)), jobs if len(folds) > 1 else 1, initializer=_init_outer,
                          initargs=(records, grid, inner_folds, folds, cache), in_flight=1)
    rows: list[dict] = []
    fold_info: list[dict] = []
    try:
        for k, (fold_rows, info) in enumerate(results):
            rows.extend(fold_rows)
            fold_info.append(info)
            if progress:
                progress(k + 1, len(folds), info)
    finally:
        _init_outer()  # forget the run's data (the serial path set it in this process)
    parts = {
        "seeds": [x for x in rows if x["source"] != "written"],
        "written": [x for x in rows if x["source"] == "written"],
        "all": rows,
    }
    names = {"seeds": "nested, each seed held out (protocol b)", "written": "nested, written reports held out",
             "all": "nested, every outer fold"}
    scores, calibration = {}, {}
    for key, part in parts.items():
        if part:
            scores[key] = score(names[key], [x["gold"] for x in part], [x["pred"] for x in part],
                                sum(1 for f in folds if set(f) & {x["doc"] for x in part}))
            calibration[key] = calibration_table([x["prob"] for x in part], [x["gold"] == x["pred"] for x in part])
    return NestedResult(scores, calibration, fold_info, rows)


_OUTER: tuple = ()  # (records, grid, inner folds, outer folds, token cache) of the nested run in this process


def _init_outer(*state) -> None:
    global _OUTER
    _OUTER = state


def _outer_fold(k: int) -> tuple[list[dict], dict]:
    """One outer fold of :func:`nested_cross_validate`: choose on the rest, fit, score the held-out documents."""
    records, grid, inner_folds, folds, cache = _OUTER
    test_docs = folds[k]
    test, train = _split(records, test_docs)
    train_recs = [records[i] for i in train]
    test_recs = [records[i] for i in test]
    chosen = select_settings(train_recs, grid, inner_folds, cache)
    s = chosen.settings
    vectorizer, x_train = _vectorise(cache.tokens(s["features"], train_recs), s)
    classifier = _classifier(x_train, [r.label for r in train_recs], s)
    sc = _scores_in_label_order(classifier, vectorizer.transform(cache.tokens(s["features"], test_recs)))
    pred, proba = predictions(sc, [r.text for r in test_recs], chosen.temperature)
    rows = [{"doc": r.doc, "para": r.para, "sent": r.sent, "text": r.text, "gold": r.label,
             "pred": p, "prob": float(row.max()), "source": r.source}
            for r, p, row in zip(test_recs, pred, proba)]
    info = {"test_docs": list(test_docs), "settings": _setting_key(s),
            "inner_macro_f1": round(chosen.macro_f1, 4), "temperature": chosen.temperature}
    return rows, info


# --- keyword baseline ---------------------------------------------------------

_ROW = re.compile(r"^\|\s*(\S+?)\s*\|.*\|\s*([^|]+?)\s*\|\s*$")


def guide_cues(guide_path: str | Path) -> dict[str, list[str]]:
    """The cue words of each label, read from the guide's table."""
    cues: dict[str, list[str]] = {}
    for line in Path(guide_path).read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line.strip())
        if m and m.group(1) in LABELS:
            words = [w.strip() for w in re.split(r"[,，、]", m.group(2))]
            cues[m.group(1)] = [w.replace("…", "") for w in words if w and w != "..."]
    return cues


@dataclass
class KeywordBaseline:
    """Predicts the label whose guide cues occur most often in the sentence; 其他 when none do."""

    cues: dict[str, list[str]] = field(default_factory=dict)

    def predict(self, texts: Sequence[str]) -> list[str]:
        out = []
        for text in texts:
            best, best_hits = "其他", 0
            for label in LABELS:
                hits = sum(text.count(c) for c in self.cues.get(label, []) if c)
                if hits > best_hits:
                    best, best_hits = label, hits
            out.append(best)
        return out


def baseline_scores(records: Sequence[LabelRecord], guide_path: str | Path) -> dict[str, Scores]:
    """The keyword baseline on the same test sentences as the model (it needs no training)."""
    baseline = KeywordBaseline(guide_cues(guide_path))
    seeds = [r for r in records if r.source != "written"]
    written = [r for r in records if r.source == "written"]
    results = {}
    if seeds:
        results["seeds"] = score("keyword baseline on the seeds", [r.label for r in seeds], baseline.predict([r.text for r in seeds]))
    if written:
        results["written"] = score(
            "keyword baseline on the written reports", [r.label for r in written], baseline.predict([r.text for r in written])
        )
    return results


# --- training with metadata ---------------------------------------------------


@dataclass
class GroupedCV:
    """Grouped k-fold cross-validation of one setting: its scores, the temperature (fitted on
    out-of-fold scores with each batch of reports held out, or on the grouped folds' when
    the labels list no batches), the calibration of those held-out scores at that
    temperature, and every sentence's grouped-fold prediction."""

    settings: dict
    temperature: float
    scores: Scores
    calibration: dict
    rows: list  # per sentence: doc, para, sent, text, gold, pred, prob, source
    batches: int = 0  # batches of reports held out in turn to fit the temperature (0: the grouped folds)
    # The document stage fitted on the batches' held-out probabilities (coef, intercept), and
    # its scores with each batch held out in turn beside the first stage's (None without batches).
    document_stage: tuple[np.ndarray, np.ndarray] | None = None
    document_scores: dict | None = None


DOCUMENT_C = 1.0  # the document stage's regularisation (bench/document_context.py; not tuned)


def document_keys(records: Sequence[LabelRecord]) -> list[tuple]:
    """Each labelled sentence's document block, as the classifying paths key them."""
    return [(r.source, *document_block(r.doc, r.para)) for r in records]


def fit_document_stage(proba: np.ndarray, gold: Sequence[str], documents: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """The document stage's weights (rows in ``LABELS`` order), fitted on held-out
    probabilities: a model that reads a sentence's probabilities and the mean of the rest of
    its document's (:func:`unionnlp.themes.model.document_features`)."""
    from sklearn.linear_model import LogisticRegression

    x = document_features(np.asarray(proba, dtype=np.float64), documents)
    y = np.array([LABELS.index(g) for g in gold])
    # (converged to the optimum, which is unique: a retrain elsewhere gives the same weights)
    clf = LogisticRegression(C=DOCUMENT_C, tol=1e-10, max_iter=10000).fit(x, y)
    coef = np.zeros((len(LABELS), x.shape[1]))
    intercept = np.full(len(LABELS), -50.0)  # a label no sentence has is never given
    for row, label in enumerate(clf.classes_):
        coef[label], intercept[label] = clf.coef_[row], clf.intercept_[row]
    return coef, intercept


def document_stage_scores(proba: np.ndarray, gold: Sequence[str], texts: Sequence[str], documents: Sequence,
                          batch_of: Sequence[int]) -> dict:
    """The document stage scored with each batch held out in turn (fitted on the others'
    held-out probabilities), beside the first stage on the same probabilities."""
    proba = np.asarray(proba, dtype=np.float64)
    batch_of = np.asarray(batch_of)
    second = np.zeros_like(proba)
    for b in sorted(set(batch_of.tolist())):
        held = batch_of == b
        coef, intercept = fit_document_stage(proba[~held], [g for g, h in zip(gold, held) if not h],
                                             [d for d, h in zip(documents, held) if not h])
        x = document_features(proba[held], [d for d, h in zip(documents, held) if h])
        second[held] = calibrated_proba(x @ coef.T + intercept, 1.0, [t for t, h in zip(texts, held) if h])
    first_pred = [LABELS[i] for i in proba.argmax(axis=1)]
    second_pred = [LABELS[i] for i in second.argmax(axis=1)]
    first = score("first stage, batches held out", gold, first_pred, int(batch_of.max()) + 1)
    after = score("document stage, batches held out", gold, second_pred, int(batch_of.max()) + 1)
    return {
        "first_stage": round(first.macro_f1, 4),
        "document_stage": round(after.macro_f1, 4),
        "document_stage_ece": round(calibration_table(second.max(axis=1), [g == p for g, p in zip(gold, second_pred)])["ece"], 4),
        "per_label_recall": {label: round(v["recall"], 4) for label, v in after.per_label.items()},
    }


BATCHES_FILE = "batches.json"  # beside the label files: which reports were written or collected together


def calibration_batches(records: Sequence[LabelRecord]) -> list[list[str]] | None:
    """The documents of ``records`` by the batch they were written or collected in, as
    ``batches.json`` in the labels folder (or a folder above a label file) lists them;
    ``None`` without that file or with fewer than two batches.

    Each batch names a ``source`` (seed, written, user) and, optionally, the range of the
    documents' leading numbers (``from``, ``to``).  A document in no batch joins one
    batch of the others.  Documents that share a ``group`` stay in one batch."""
    manifest = _batches_manifest(records)
    if manifest is None:
        return None
    try:
        spec = json.loads(manifest.read_text(encoding="utf-8"))["batches"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LabelError(f"{manifest}: not a batch list ({exc})") from None
    names: dict[str, str] = {}
    for r in records:
        names.setdefault(r.doc, _batch_name(r, spec))
    # documents linked by a group (one condenses the other) go where the first of them went
    first_batch: dict[str, str] = {}
    for r in sorted(records, key=lambda r: r.doc):
        batch = first_batch.setdefault(r.group, names[r.doc])
        names[r.doc] = batch
    batches: dict[str, list[str]] = {}
    for doc in sorted(names):
        batches.setdefault(names[doc], []).append(doc)
    return [batches[b] for b in sorted(batches)] if len(batches) >= 2 else None


def _batches_manifest(records: Sequence[LabelRecord]) -> Path | None:
    folders = sorted({Path(r.file).resolve().parent for r in records if r.file})
    for folder in folders:
        for candidate in (folder, *list(folder.parents)[:2]):
            if (candidate / BATCHES_FILE).is_file():
                return candidate / BATCHES_FILE
    return None


_LEADING_NUMBER = re.compile(r"(\d+)[_.-]")


def _batch_name(record: LabelRecord, spec: list[dict]) -> str:
    m = _LEADING_NUMBER.match(record.doc)
    number = int(m.group(1)) if m else None
    for entry in spec:
        if entry.get("source", record.source) != record.source:
            continue
        ranged = "from" in entry or "to" in entry
        if ranged and (number is None or not entry.get("from", 0) <= number <= entry.get("to", number)):
            continue
        return str(entry["name"])
    return "(other documents)"


def grouped_cv(records: Sequence[LabelRecord], settings: dict | None = None, folds: int = CALIBRATION_FOLDS) -> GroupedCV:
    """Grouped ``folds``-fold cross-validation by document (documents sharing a group stay together).

    The temperature is fitted on out-of-fold scores with each batch of reports held out in
    turn when the labels list their batches (:func:`calibration_batches`): reports written by
    other people about other organisations are what a user brings, and text like the rest of
    one's own batch is easier than that.  Without batches it is fitted on the grouped folds."""
    settings = check_settings({**DEFAULT_SETTINGS, **(settings or {})})
    records = list(records)
    documents = sorted({r.doc for r in records})
    if len(documents) < 2:
        raise LabelError(too_few_documents(documents))
    doc_folds = document_folds(records, folds)
    batches = calibration_batches(records)
    if batches is None:
        (oof,) = out_of_fold_scores(records, doc_folds, [settings])
        held_out = oof
    else:
        oof, held_out = out_of_fold_scores(records, doc_folds, [settings]) + out_of_fold_scores(records, batches, [settings])
    texts, gold = [r.text for r in records], [r.label for r in records]
    temperature = fit_temperature(held_out, gold, texts)
    pred, proba = predictions(oof, texts, temperature)
    scores = score(f"grouped {len(doc_folds)}-fold cross-validation by document", gold, pred, len(doc_folds))
    if batches is None:
        table = calibration_table(proba.max(axis=1), [g == p for g, p in zip(gold, pred)])
    else:
        held_pred, held_proba = predictions(held_out, texts, temperature)
        table = calibration_table(held_proba.max(axis=1), [g == p for g, p in zip(gold, held_pred)])
    rows = [
        {"doc": r.doc, "para": r.para, "sent": r.sent, "text": r.text, "gold": r.label, "pred": p,
         "prob": float(row.max()), "source": r.source}
        for r, p, row in zip(records, pred, proba)
    ]
    stage = stage_scores = None
    if batches is not None:
        # The document stage learns from probabilities of reports the first stage had not seen.
        _, held_proba = predictions(held_out, texts, temperature)
        documents = document_keys(records)
        stage = fit_document_stage(held_proba, gold, documents)
        batch_index = {doc: b for b, docs in enumerate(batches) for doc in docs}
        stage_scores = document_stage_scores(held_proba, gold, texts, documents,
                                             [batch_index[r.doc] for r in records])
    return GroupedCV(settings, temperature, scores, table, rows, len(batches) if batches else 0,
                     stage, stage_scores)


def train_model(
    records: Sequence[LabelRecord],
    settings: dict | None = None,
    created: str | None = None,
    evaluate: bool = True,
    results: dict[str, Scores] | None = None,
    nested: NestedResult | None = None,
    selection: Selection | None = None,
    dev: dict | None = None,
    cv: GroupedCV | None = None,
) -> tuple[ThemeModel, dict[str, Scores]]:
    """Fit on all records, calibrate, attach metadata. Returns (model, scores).

    With ``evaluate``, grouped k-fold cross-validation by document gives
    out-of-fold scores that fit the model's temperature (otherwise it stays 1)
    and its cross-validated scores.  ``results`` (from :func:`cross_validate`),
    ``nested`` (from :func:`nested_cross_validate`), ``selection`` (from
    :func:`select_settings`) and ``dev`` (figures on the development set) are
    recorded in the metadata as they are.  Pass ``cv`` from an earlier
    :func:`grouped_cv` with the same records and settings to reuse it.
    """
    import sklearn

    settings = check_settings({**DEFAULT_SETTINGS, **(settings or {})})
    _check_trainable([r.label for r in records])
    results = dict(results or {})
    model = fit_model(records, settings)
    calibration, held = None, 0
    if cv is None and evaluate:
        cv = grouped_cv(records, settings)
    if cv is not None:
        model.temperature, calibration, held = cv.temperature, cv.calibration, cv.batches
        results["grouped_folds"] = cv.scores
        if cv.document_stage is not None:
            model.document_coef, model.document_intercept = cv.document_stage
    if nested is not None and "seeds" in nested.scores:
        headline = nested.scores["seeds"]
    else:
        headline = results.get("grouped_folds") or (primary_protocol(results) if results else None)
    metrics = {
        "protocol": headline.name if headline else None,
        "macro_f1": round(headline.macro_f1, 4) if headline else None,
        "accuracy": round(headline.accuracy, 4) if headline else None,
        "cross_validation": {k: v.as_dict() for k, v in results.items()},
    }
    if calibration is not None:
        metrics["calibration"] = {
            "method": (f"temperature scaling, fitted on out-of-fold scores with each of {held} batches of reports "
                       f"({BATCHES_FILE}) held out in turn" if held else
                       f"temperature scaling, fitted on grouped {CALIBRATION_FOLDS}-fold out-of-fold scores"),
            "temperature": model.temperature,
            "cv_ece": round(calibration["ece"], 4),
        }
    if cv is not None and cv.document_scores is not None:
        metrics["document_stage"] = {
            "method": (f"multinomial logistic regression (C={DOCUMENT_C}) on each sentence's calibrated "
                       f"probabilities and the mean of the rest of its document's, fitted on the held-out "
                       f"probabilities of the {held} batches; macro-F1 with each batch held out in turn"),
            **cv.document_scores,
        }
    if nested is not None:
        metrics["nested"] = nested.as_dict()
    if selection is not None:
        metrics["selection"] = {
            "folds": INNER_FOLDS,
            "chosen": _setting_key(selection.settings),
            "macro_f1": round(selection.macro_f1, 4),
            "grid": {_setting_key(s): round(f1, 4) for s, f1 in selection.table},
        }
    if dev is not None:
        metrics["dev"] = dev
    model.metadata = {
        "created": created or date.today().isoformat(),
        "settings": settings,
        "n_train": len(records),
        "trained_on": {
            "documents": len({r.doc for r in records}),
            "sources": {s: sum(1 for r in records if r.source == s) for s in sorted({r.source for r in records})},
        },
        "training_data_sha256": data_hash(records),
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "metrics": metrics,
    }
    return model, results
