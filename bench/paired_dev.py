#!/usr/bin/env python3
"""Two theme models on the same labelled reports, compared by a paired bootstrap over reports.

    python bench/paired_dev.py OLD.npz NEW.npz [--dev dev] [--resamples 2000]

Prints each model's macro-F1 on the clean reports of a development-set folder (``dev/`` or
``labels/_held_out``) and the difference NEW − OLD with a 95% interval: the reports are drawn
with replacement, both models scored on the same draw.  Whole reports are resampled, because a
report's sentences share its author, organisation and themes.  Prints figures only, no sentence.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def macro_f1(pairs: list[tuple[str, str]], labels: tuple[str, ...]) -> float:
    f1s = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in pairs)
        predicted = sum(p == label for _, p in pairs)
        gold = sum(g == label for g, _ in pairs)
        f1s.append(2 * tp / (predicted + gold) if predicted + gold else 0.0)
    return sum(f1s) / len(f1s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--dev", type=Path, default=ROOT / "dev")
    parser.add_argument("--resamples", type=int, default=2000)
    args = parser.parse_args(argv)

    from unionnlp.themes.evaluate import classify_docs, read_gold, themes_on
    from unionnlp.themes.labels import LABELS
    from unionnlp.themes.model import load_model

    gold = read_gold(args.dev)
    paths = sorted((args.dev / "reports").glob("*.txt"))
    by_model = []
    for path in (args.old, args.new):
        outcomes = themes_on(classify_docs(paths, load_model(path)), gold)["outcomes"]
        per_doc: dict[str, list[tuple[str, str]]] = {}
        for o in outcomes:
            per_doc.setdefault(o["doc"], []).append((o["gold"], o["pred"] or "none"))
        by_model.append(per_doc)
    docs = sorted(by_model[0])
    old, new = (macro_f1([x for d in docs for x in m[d]], LABELS) for m in by_model)
    rng = random.Random(1)
    diffs = []
    for _ in range(args.resamples):
        draw = [rng.choice(docs) for _ in docs]
        a, b = (macro_f1([x for d in draw for x in m[d]], LABELS) for m in by_model)
        diffs.append(b - a)
    diffs.sort()
    lo, hi = diffs[int(0.025 * len(diffs))], diffs[int(0.975 * len(diffs)) - 1]
    print(f"{args.dev}: {len(docs)} reports; macro-F1 old {old:.3f}, new {new:.3f}")
    print(f"new − old {new - old:+.3f}, 95% interval {lo:+.3f} to {hi:+.3f} "
          f"({args.resamples} resamples of whole reports; share below zero {sum(d < 0 for d in diffs) / len(diffs):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
