#!/usr/bin/env python3
"""The theme model with each batch of training reports held out in turn (labels/batches.json).

    python bench/batch_cv.py            # the shipped settings: scores per held-out batch
    python bench/batch_cv.py --grid     # also C x class weights for the shipped features (about 12 min)

A batch is a set of reports written or collected together (the seeds, each writers' round).
Holding one out and training on the others is the nearest the training labels come to a user's
reports, which other people wrote about other organisations: the real-organisation batches held
out score what the development set scores.  The temperature is fitted on these held-out scores,
as `unionnlp train` does.  Nothing here reads the development set.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "labels")
    parser.add_argument("--grid", action="store_true", help="also compare C and class weights (slow)")
    args = parser.parse_args(argv)

    from _held_out import load_held_out

    from unionnlp.themes import train as T
    from unionnlp.themes.evaluate import calibration

    held_out = load_held_out(args.labels)
    if held_out is None:
        return 2
    records, spec, texts, gold, batches = (held_out.records, held_out.spec, held_out.texts, held_out.gold,
                                           held_out.batches)
    temperature, pred, proba = held_out.temperature, held_out.pred, held_out.proba
    rows = defaultdict(list)
    for i, r in enumerate(records):
        rows[T._batch_name(r, spec)].append(i)
    print(f"shipped settings {T._setting_key(T.DEFAULT_SETTINGS)}, temperature {temperature:.3f}\n")
    print("| batch held out | sentences | macro-F1 | accuracy | ECE |\n|---|---:|---:|---:|---:|")
    per_theme = {}
    real = [i for name, idx in rows.items() if "real public pages" in name for i in idx]
    pooled = [("real-organisation batches pooled", real)] if real else []
    for name, idx in [*sorted(rows.items()), *pooled, ("all", list(range(len(records))))]:
        s = T.score(name, [gold[i] for i in idx], [pred[i] for i in idx], 1)
        ece = calibration(proba[idx].max(axis=1), [gold[i] == pred[i] for i in idx])["ece"]
        print(f"| {name} | {len(idx)} | {s.macro_f1:.3f} | {s.accuracy:.3f} | {ece:.3f} |")
        if idx is real or name == "all":
            per_theme[name] = s
    print("\n| per theme | " + " | ".join(per_theme) + " |\n|---|" + "---:|" * len(per_theme))
    for label in T.LABELS:
        print(f"| recall {label} | " + " | ".join(f"{s.per_label[label]['recall']:.2f}" for s in per_theme.values()) + " |")
    print("| F1 其他 | " + " | ".join(f"{s.per_label['其他']['f1']:.2f}" for s in per_theme.values()) + " |")

    if args.grid:
        grid = [dict(T.DEFAULT_SETTINGS, C=c, class_weight=w) for c, w in itertools.product([10.0, 30.0, 100.0], [None, "balanced"])]
        start = time.time()
        print("\n| settings | pooled macro-F1, batches held out | temperature |\n|---|---:|---:|")
        for settings, scores in zip(grid, T.out_of_fold_scores(records, batches, grid)):
            t = T.fit_temperature(scores, gold, texts)
            p, _ = T.predictions(scores, texts, t)
            print(f"| {T._setting_key(settings)} | {T.score('grid', gold, p, len(batches)).macro_f1:.4f} | {t:.3f} |")
        print(f"\n({time.time() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
