"""Training and honest evaluation of the theme model (needs scikit-learn).

Scores come only from documents held out of training: every fold leaves one
document out, and also drops from training every sentence that shares a
``group`` with a held-out sentence, so two copies of one sentence are never
on both sides.  Written training text is never in a seed's test fold.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Sequence

import numpy as np

from unionnlp.errors import LabelError, UsageError
from unionnlp.themes.features import ANALYZERS, get_analyzer, neighbours, uses_context, with_context
from unionnlp.themes.labels import LABELS, LabelRecord
from unionnlp.themes.model import ThemeModel

DEFAULT_SETTINGS = {
    "features": "char13+lex+ctx",
    "C": 10.0,
    "class_weight": "balanced",
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


def train_model(
    records: Sequence[LabelRecord],
    settings: dict | None = None,
    created: str | None = None,
    evaluate: bool = True,
    results: dict[str, Scores] | None = None,
) -> tuple[ThemeModel, dict[str, Scores]]:
    """Fit on all records; cross-validate; attach metadata. Returns (model, scores).

    Pass ``results`` from an earlier ``cross_validate`` with the same records
    and settings to record them without running it again.
    """
    import sklearn

    settings = check_settings({**DEFAULT_SETTINGS, **(settings or {})})
    _check_trainable([r.label for r in records])
    if results is None:
        results = cross_validate(records, settings) if evaluate else {}
    model = fit_model(records, settings)
    headline = primary_protocol(results) if results else None
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
        "metrics": {
            "protocol": headline.name if headline else None,
            "macro_f1": round(headline.macro_f1, 4) if headline else None,
            "accuracy": round(headline.accuracy, 4) if headline else None,
            "cross_validation": {k: v.as_dict() for k, v in results.items()},
        },
    }
    return model, results
