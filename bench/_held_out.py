"""What bench/batch_cv.py and bench/document_context.py share: the labels with each batch of
reports (labels/batches.json) held out in turn and predicted by the shipped settings."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class HeldOut:
    """The labelled sentences, their batch names, and the batches' held-out first-stage scores,
    calibrated as `unionnlp train` calibrates them."""

    records: list
    spec: list  # batches.json's batch list
    texts: list[str]
    gold: list[str]
    batches: list
    temperature: float
    pred: list[str]
    proba: object  # numpy array, one row per sentence


def load_held_out(labels: Path) -> HeldOut | None:
    """The held-out predictions of ``labels``; None (with one line on stderr) without batches."""
    from unionnlp.themes import train as T
    from unionnlp.themes.labels import read_labels

    records = read_labels(labels)
    batches = T.calibration_batches(records)
    if batches is None:
        print(f"{labels}: no {T.BATCHES_FILE} with two or more batches", file=sys.stderr)
        return None
    spec = json.loads((labels / T.BATCHES_FILE).read_text(encoding="utf-8"))["batches"]
    texts, gold = [r.text for r in records], [r.label for r in records]
    (held,) = T.out_of_fold_scores(records, batches, [T.DEFAULT_SETTINGS])
    temperature = T.fit_temperature(held, gold, texts)
    pred, proba = T.predictions(held, texts, temperature)
    return HeldOut(records, spec, texts, gold, batches, temperature, pred, proba)
