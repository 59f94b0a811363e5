"""Scoring a theme model on a development set of labelled reports (``dev/``).

A development set is a folder with ``reports/*.txt`` (the reports as a user
has them) and ``labels/*.jsonl`` (every sentence's gold theme, in the labels
format); ``damaged/*.txt`` and ``pdf/*.pdf`` copies of the same reports are
scored too when present.  Each report is classified exactly as
``unionnlp classify`` does (read, repair, segment, classify with neighbours),
and each gold sentence takes the label of the predicted sentence that covers
most of its characters, so damaged copies whose sentences come out broken
are still scored sentence by sentence.

Needs numpy only (no scikit-learn).  The figures are what a user should
expect on reports of organisations the toolkit has never seen; never tune on
single dev sentences.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from unionnlp.themes.labels import LABELS, UNSURE

KINDS = (("clean", "reports", "*.txt"), ("damaged", "damaged", "*.txt"), ("pdf", "pdf", "*.pdf"))
ECE_BINS = 10

_WIDTH = str.maketrans(",;:?!()", "，；：？！（）")
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Text for 'is this the same sentence': no whitespace, punctuation width unified."""
    return _SPACE.sub("", text).translate(_WIDTH)


def read_gold(dev: str | Path) -> dict[str, list[dict]]:
    """Gold sentences per report name, in document order."""
    gold = {}
    for path in sorted((Path(dev) / "labels").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        if rows:
            gold[rows[0]["doc"]] = rows
    return gold


def align(gold_rows: list[dict], predicted: list[dict]) -> list[dict | None]:
    """For each gold sentence, the predicted sentence covering most of its characters
    (None when none of its characters can be found), by a character alignment of the
    normalised texts; predicted sentences must carry ``text``."""
    gold_owner: list[int] = []
    gold_text = []
    for i, row in enumerate(gold_rows):
        t = norm(row["text"])
        gold_text.append(t)
        gold_owner.extend([i] * len(t))
    pred_text, pred_owner = [], []
    for j, rec in enumerate(predicted):
        t = norm(rec["text"])
        pred_text.append(t)
        pred_owner.extend([j] * len(t))
    a, b = "".join(gold_text), "".join(pred_text)
    votes: list[Counter] = [Counter() for _ in gold_rows]
    if a == b:  # the common case on clean copies: one sentence for one sentence
        for k in range(len(a)):
            votes[gold_owner[k]][pred_owner[k]] += 1
    else:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                votes[gold_owner[block.a + k]][pred_owner[block.b + k]] += 1
    return [predicted[v.most_common(1)[0][0]] if v else None for v in votes]


def whole_rate(gold_rows: list[dict], predicted: list[dict]) -> tuple[int, int]:
    """(gold sentences that come out whole, gold sentences)."""
    pred = Counter(norm(r["text"]) for r in predicted)
    whole = 0
    for row in gold_rows:
        t = norm(row["text"])
        if t and pred[t] > 0:
            whole += 1
            pred[t] -= 1
    return whole, len(gold_rows)


def theme_scores(pairs: Sequence[tuple[str, str | None]]) -> dict:
    """Macro-F1 over the six labels, accuracy, per-label precision/recall/F1/support and a
    confusion matrix (rows: gold; columns: the six labels, 不确定 and None for no prediction)."""
    per = {}
    for lab in LABELS:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    columns = (*LABELS, UNSURE, None)
    confusion = {g: {p: sum(1 for a, b in pairs if a == g and b == p) for p in columns} for g in LABELS}
    return {
        "n": len(pairs),
        "macro_f1": sum(v["f1"] for v in per.values()) / len(LABELS),
        "accuracy": sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0,
        "per_label": per,
        "confusion": confusion,
    }


def calibration(confidence: Sequence[float], correct: Sequence[bool], bins: int = ECE_BINS) -> dict:
    """Expected calibration error over ``bins`` equal-width bins of the predicted label's
    probability, with each bin's count, accuracy and mean probability (a reliability diagram).

    ECE = Σ over bins of (share of sentences in the bin) × |accuracy − mean probability|.
    """
    n = len(confidence)
    rows, ece = [], 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [
            (c, ok) for c, ok in zip(confidence, correct) if (low < c <= high) or (b == 0 and c <= high)
        ]
        acc = sum(ok for _, ok in members) / len(members) if members else None
        mean = sum(c for c, _ in members) / len(members) if members else None
        if members:
            ece += len(members) / n * abs(acc - mean)
        rows.append({"low": low, "high": high, "n": len(members), "accuracy": acc, "confidence": mean})
    return {"ece": ece, "bins": rows, "n": n}


def classify_docs(paths: Sequence[Path], model=None) -> dict[str, list[dict]]:
    """Sentence records of each file as ``unionnlp classify`` makes them, keyed by the clean
    report's name (same stem, ``.txt``)."""
    from unionnlp.text.segment import segment_file
    from unionnlp.themes.classify import sentence_records

    return {
        Path(p).stem + ".txt": sentence_records([(Path(p).name, segment_file(p))], model) for p in paths
    }


def themes_on(copies: dict[str, list[dict]], gold: dict[str, list[dict]]) -> dict:
    """Scores, calibration and per-sentence outcomes of the gold sentences of the reports in
    ``copies`` (each gold sentence labelled as the predicted sentence covering most of it)."""
    pairs, outcomes, whole, total = [], [], 0, 0
    for name, rows in gold.items():
        if name not in copies:
            continue
        predicted = copies[name]
        for row, rec in zip(rows, align(rows, predicted)):
            pred = rec["label"] if rec else None
            pairs.append((row["label"], pred))
            outcomes.append({
                "doc": name, "para": row["para"], "sent": row["sent"], "text": row["text"],
                "gold": row["label"], "pred": pred, "prob": rec["prob"] if rec else 0.0,
                "probs": rec["probs"] if rec else {},
            })
        w, t = whole_rate(rows, predicted)
        whole, total = whole + w, total + t
    scores = theme_scores(pairs)
    scores["calibration"] = calibration([o["prob"] for o in outcomes], [o["gold"] == o["pred"] for o in outcomes])
    return {"themes": scores, "whole": (whole, total), "outcomes": outcomes}


def evaluate_dev(dev: str | Path, model=None, kinds: Sequence[str] | None = None) -> dict:
    """Theme figures of ``model`` (a ThemeModel, a path, or None for the shipped model) on
    every copy of the development set that exists: ``clean``, ``damaged``, ``pdf``."""
    from unionnlp.themes.classify import get_model

    dev = Path(dev)
    gold = read_gold(dev)
    if not gold:
        from unionnlp.errors import UsageError

        raise UsageError(f"{dev}: no labels/*.jsonl gold files; is this a development set folder?")
    model = get_model(model)
    result: dict = {"reports": len(gold), "sentences": sum(len(r) for r in gold.values()), "kinds": {}}
    for kind, folder, pattern in KINDS:
        if kinds is not None and kind not in kinds:
            continue
        paths = sorted((dev / folder).glob(pattern))
        if not paths:
            continue
        found = themes_on(classify_docs(paths, model), gold)
        found["files"] = len(paths)
        result["kinds"][kind] = found
    return result


def summary(result: dict) -> dict:
    """The headline figures of :func:`evaluate_dev` per copy, rounded, for model metadata."""
    out = {}
    for kind, found in result["kinds"].items():
        t = found["themes"]
        out[kind] = {
            "n": t["n"],
            "macro_f1": round(t["macro_f1"], 4),
            "accuracy": round(t["accuracy"], 4),
            "recall": {lab: round(t["per_label"][lab]["recall"], 4) for lab in LABELS},
            "f1": {lab: round(t["per_label"][lab]["f1"], 4) for lab in LABELS},
            "ece": round(t["calibration"]["ece"], 4),
        }
    return out


def render_text(result: dict, dev: str | Path = "dev") -> str:
    """The dev figures as plain text: per copy, macro-F1, accuracy, ECE, per-theme precision,
    recall and F1, and the confusion matrix."""
    lines = [f"development set {dev}: {result['reports']} reports, {result['sentences']} gold sentences"]
    for kind, found in result["kinds"].items():
        t = found["themes"]
        whole, total = found["whole"]
        lines.append("")
        lines.append(f"== {kind} ({found['files']} files; {whole}/{total} gold sentences come out whole)")
        lines.append(f"macro-F1 {t['macro_f1']:.3f}   accuracy {t['accuracy']:.3f}   "
                     f"ECE ({ECE_BINS} bins) {t['calibration']['ece']:.3f}")
        lines.append("label".ljust(10) + "precision  recall     f1  support")
        for lab in LABELS:
            d = t["per_label"][lab]
            lines.append(f"{lab}\t  {d['precision']:>7.3f} {d['recall']:>7.3f} {d['f1']:>6.3f} {d['support']:>8}")
        columns = (*LABELS, UNSURE, None)
        used = [c for c in columns if c in LABELS or any(t["confusion"][g][c] for g in LABELS)]
        lines.append("confusion (rows: gold, columns: predicted " + " ".join(str(c or "none") for c in used) + ")")
        for g in LABELS:
            lines.append(f"{g}\t" + "".join(f"{t['confusion'][g][c]:>6}" for c in used))
    return "\n".join(lines) + "\n"
