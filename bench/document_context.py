#!/usr/bin/env python3
"""Would the theme model gain from its own reading of the rest of the document?

    python bench/document_context.py

The measurement that chose the model's document stage (issue 15).  The first stage reads
a sentence and its neighbours' cue words.  A second, small model (multinomial logistic
regression) reads the first stage's calibrated probabilities of the sentence together
with the mean probabilities of the other sentences of its paragraph, of a window of K
sentences either side, or of its whole document, and decides the label.  The
"+ document" row is what the shipped model does (``unionnlp.themes.model.document_features``).

Both stages are scored with each batch of training reports held out in turn
(``labels/batches.json``), as ``bench/batch_cv.py`` does: the first stage's scores of a
batch come from a model trained on the other batches, and the second stage is trained
on the other batches' held-out scores.  Page furniture stays 其他.  Nothing here reads
the development set.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

FLOOR = 1e-4  # probabilities are logged; furniture has exact zeros


def _means(groups: dict, proba: np.ndarray, n: int) -> np.ndarray:
    """Each row: the mean probabilities of the other members of its group (uniform if none)."""
    out = np.full((n, proba.shape[1]), 1.0 / proba.shape[1])
    for members in groups.values():
        if len(members) < 2:
            continue
        idx = np.array(members)
        total = proba[idx].sum(axis=0)
        out[idx] = (total - proba[idx]) / (len(idx) - 1)
    return out


def _windows(order: dict, proba: np.ndarray, k: int) -> np.ndarray:
    """Each row: the mean probabilities of the k sentences either side in its document."""
    out = np.full_like(proba, 1.0 / proba.shape[1])
    for seq in order.values():
        for pos, row in enumerate(seq):
            near = [seq[q] for q in range(max(0, pos - k), min(len(seq), pos + k + 1)) if q != pos]
            if near:
                out[row] = proba[near].mean(axis=0)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "labels")
    args = parser.parse_args(argv)

    from _held_out import load_held_out
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    from unionnlp.themes import train as T
    from unionnlp.themes.model import document_features, furniture_rows

    held_out = load_held_out(args.labels)
    if held_out is None:
        return 2
    records, spec, texts, gold = held_out.records, held_out.spec, held_out.texts, held_out.gold
    temperature, first, proba = held_out.temperature, held_out.pred, held_out.proba

    labels = list(T.LABELS)
    y = np.array([labels.index(g) for g in gold])
    batch = np.array([T._batch_name(r, spec) for r in records])
    real = np.array(["real public pages" in b for b in batch])
    furniture = furniture_rows(texts)
    docs, paras = defaultdict(list), defaultdict(list)
    for i, r in enumerate(records):
        docs[(r.source, r.doc)].append(i)
        paras[(r.source, r.doc, r.para)].append(i)
    order = {key: sorted(rows, key=lambda i: (records[i].para, records[i].sent)) for key, rows in docs.items()}
    n = len(records)
    log = lambda p: np.log(np.clip(p, FLOOR, 1.0))
    k = len(labels)
    context = {
        "paragraph": log(_means(paras, proba, n)),
        # what the shipped document stage reads (its blocks are whole documents here)
        "document": document_features(proba, T.document_keys(records))[:, k:],
        **{f"window {k}": log(_windows(order, proba, k)) for k in (1, 3, 10)},
    }

    def second_stage(parts: list[np.ndarray]) -> np.ndarray:
        x = np.hstack([log(proba), *parts])
        out = np.zeros(n, dtype=int)
        for name in sorted(set(batch)):
            held_out = batch == name
            model = LogisticRegression(C=1.0, max_iter=2000).fit(x[~held_out], y[~held_out])
            out[held_out] = model.predict(x[held_out])
        out[furniture] = labels.index("其他")
        return out

    rows = [("shipped model (first stage alone)", np.array([labels.index(p) for p in first]))]
    rows.append(("second stage on the sentence's probabilities alone", second_stage([])))
    for name in ("window 1", "window 3", "window 10", "paragraph", "document"):
        rows.append((f"+ {name}", second_stage([context[name]])))
    rows.append(("+ paragraph + document", second_stage([context["paragraph"], context["document"]])))

    print(f"shipped settings {T._setting_key(T.DEFAULT_SETTINGS)}, temperature {temperature:.3f}; "
          f"{n} sentences, {real.sum()} in real-organisation batches\n")
    print("| model | macro-F1, real-organisation batches held out | all batches | "
          + " | ".join(f"recall {label}" for label in labels) + " |")
    print("|---|---:|---:|" + "---:|" * len(labels))
    for name, pred in rows:
        recalls = [(pred[real][y[real] == k] == k).mean() for k in range(len(labels))]
        print(f"| {name} | {f1_score(y[real], pred[real], average='macro'):.3f} | "
              f"{f1_score(y, pred, average='macro'):.3f} | " + " | ".join(f"{r:.2f}" for r in recalls) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
