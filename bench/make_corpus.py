"""Synthetic corpora for the scaling benchmark: N reports made from the seeds and the written reports.

    python bench/make_corpus.py 10000 /tmp/unionnlp-10k
    python bench/make_corpus.py --one-file 1000000 /tmp/unionnlp-1M.txt

Report ``i`` is base report ``i mod 32`` (the 5 seeds and the 27 written
reports, in name order) with every place the gazetteer finds in it replaced by
a real place of the same level drawn at random (the same place for the same
name within a report; provinces' short names by other provinces' short
names), so that organisations differ from copy to copy as they would across a
federation's member unions; every year written as ``20xx年`` is shifted by the
same random 0-6 years back.  Deterministic for a given ``--seed``.  Nothing is
written inside the repository: give a folder under /tmp.

``--one-file S`` writes one file of about S sentences instead: the five seeds
one after another, over and over (the ``classify`` memory and speed case).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SEED_SENTENCES_PER_PASS = 438  # the five seeds segment into this many sentences


def base_reports() -> list[tuple[str, str]]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "labels" / "written").glob("*.txt"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in files]


def _pools():
    from unionnlp.orgs.gazetteer import gazetteer

    gaz = gazetteer()
    by_level: dict[str, list[str]] = {}
    for place in gaz.places.values():
        if len(place.name) >= 3:
            by_level.setdefault(place.level, []).append(place.name)
    shorts = sorted({p.short for p in gaz.places.values() if p.level == "province" and p.short})
    return gaz, {k: sorted(v) for k, v in by_level.items()}, shorts


_YEAR = re.compile(r"(20[12]\d)(\s*年)")


def variant(text: str, rng: random.Random, gaz, pools, shorts) -> str:
    """One synthetic report: places swapped for random places of the same level, years shifted."""
    mapping: dict[str, str] = {}
    for _, place in gaz.places_in(text):
        for name in (place.name, place.short):
            if not name or name in mapping or name not in text:
                continue
            if name == place.short and place.level == "province":
                mapping[name] = rng.choice(shorts)
            elif len(name) >= 3:
                mapping[name] = rng.choice(pools[place.level])
    if mapping:
        pattern = re.compile("|".join(map(re.escape, sorted(mapping, key=len, reverse=True))))
        text = pattern.sub(lambda m: mapping[m.group()], text)
    shift = rng.randint(0, 6)
    return _YEAR.sub(lambda m: f"{int(m.group(1)) - shift}{m.group(2)}", text)


def make_corpus(n: int, out: Path, seed: int = 0) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    bases = base_reports()
    gaz, pools, shorts = _pools()
    for i in range(n):
        stem, text = bases[i % len(bases)]
        rng = random.Random(seed * 1_000_003 + i)
        path = out / f"{i:06d}_{stem}.txt"
        path.write_text(variant(text, rng, gaz, pools, shorts), encoding="utf-8")
    return out


def make_one_file(sentences: int, out: Path) -> Path:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    passes = max(1, round(sentences / SEED_SENTENCES_PER_PASS))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for _ in range(passes):
            for text in seeds:
                fh.write(text.rstrip("\n") + "\n\n")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of reports (or of sentences with --one-file)")
    parser.add_argument("out", type=Path, help="folder to write (or file with --one-file)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one-file", action="store_true", help="write one big file of about N sentences")
    args = parser.parse_args(argv)
    if args.one_file:
        print(make_one_file(args.n, args.out))
    else:
        print(make_corpus(args.n, args.out, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
