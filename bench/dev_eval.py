"""Score the toolkit on the development set (dev/): themes, repair, organisations, briefs.

    python bench/dev_eval.py [--dev dev] [--model models/themes.npz] [--format md|json]

dev/ is the yardstick: never training data, never tuned on sentence by sentence
(see dev/README.md).  Every figure here is what a user would see on reports of
organisations the toolkit has never seen.  Runs in well under two minutes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

# The theme part (gold reading, alignment, scores, calibration) lives in the package, so that
# `unionnlp evaluate --dev` prints the same figures.
from unionnlp.themes.evaluate import classify_docs, read_gold, themes_on

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他")


def _same_org(predicted: str | None, gold, orgs: dict[str, dict]) -> bool:
    golds = gold if isinstance(gold, list) else [gold]
    for g in golds:
        if g is None:
            if predicted is None:
                return True
            continue
        names = {g, *orgs.get(g, {}).get("short", [])}
        if predicted in names:
            return True
    return False


def org_scores(dev: Path, gold: dict[str, list[dict]], orgs: dict[str, dict]) -> dict:
    """Article-level and sentence-level attribution, and resolvability of every short name."""
    from unionnlp import attribute_orgs, resolve_org, segment_file
    from unionnlp.errors import OrgError

    docs = [segment_file(p) for p in sorted((dev / "reports").glob("*.txt"))]
    attribution = attribute_orgs(docs)
    article_ok, sent_ok, sent_n = 0, 0, 0
    wrong_articles = []
    for name, rows in gold.items():
        by_sentence = [attribution.org_of(name, r["para"]) for r in rows]
        for r in rows:
            sent_n += 1
            # Right when the gold organisation is among the section's (a joint event has several).
            predicted = attribution.orgs_of(name, r["para"]) or (None,)
            sent_ok += any(_same_org(p, r.get("org"), orgs) for p in predicted)
        gold_main = Counter(o for r in rows for o in (r["org"] if isinstance(r.get("org"), list)
                                                       else [r.get("org")]) if o).most_common(1)
        pred_main = Counter(p for p in by_sentence if p).most_common(1)
        ok = bool(gold_main and pred_main and _same_org(pred_main[0][0], gold_main[0][0], orgs))
        article_ok += ok
        if not ok:
            wrong_articles.append((name, gold_main[0][0] if gold_main else None,
                                   pred_main[0][0] if pred_main else None))
    # A name resolves when it leads to the organisation: the one the corpus calls by its
    # full name or by another of the names listed for it (pages often use a shorter name
    # than the registered one, and the toolkit names a body as its pages do).  ``exact``
    # counts only answers spelled as the listed full name.
    resolvable, exact, names_n, unresolved = 0, 0, 0, []
    for full, entry in orgs.items():
        for short in [full, *entry.get("short", [])]:
            names_n += 1
            try:
                answer = resolve_org(short, attribution).name
            except OrgError:
                answer = None
            hit = answer is not None and _same_org(answer, full, orgs)
            resolvable += hit
            exact += answer == full
            if not hit:
                unresolved.append(f"{short}→{full}")
    return {
        "articles": (article_ok, len(gold)),
        "sentences": (sent_ok, sent_n),
        "names": (resolvable, names_n),
        "names_exact": (exact, names_n),
        "wrong_articles": wrong_articles,
        "unresolved": unresolved,
    }


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))


def _cn_number(text: str) -> float | None:
    """二十 → 20, 六千 → 6000, 三 → 3 (what a report writes in words)."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0)) if text else None


def figure_key(value: str, unit: str) -> tuple[float, str] | None:
    """A figure as (number, counter), however it is written: 「6 | 万人次」, 「6万 | 人次」 and
    「六万余 | 人次」 are the same key; approximations (余 多 近 约 超) do not change it."""
    text = re.sub(r"[\s,，]", "", value + unit)
    text = re.sub(r"^(?:近|约|超过|超|逾|接近|将近|大约)", "", text)
    m = re.match(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(?:余|多)?", text)
    if not m:
        return None
    number = float(m.group(1)) if m.group(1)[0].isdigit() else _cn_number(m.group(1))
    if number is None:
        return None
    rest = text[m.end():]
    for mag, scale in _MAGNITUDES:
        if rest.startswith(mag):
            number *= scale
            rest = rest[len(mag):]
            break
    rest = re.sub(r"^(?:余|多)", "", rest).replace("％", "%")
    return (round(number, 6), rest)


def _figure_table(figures) -> dict:
    """Figures by key; a key may hold several (two facts with the same number)."""
    table = defaultdict(list)
    for f in figures:
        key = figure_key(f.value, f.unit)
        if key is not None:
            table[key].append(f)
    return table


def _match(table: dict, gold: dict) -> tuple[bool, bool]:
    """(the gold figure is in the table, one of its rows names the counted thing's head)."""
    rows = table.get(figure_key(gold["value"], gold["unit"]), [])
    return bool(rows), any(gold["head"] in f.what for f in rows)


def gold_sentence_figures(dev: Path, gold: dict[str, list[dict]], orgs: dict[str, dict],
                          figures: list[dict]) -> dict | None:
    """Key-figure recall when the organisation's sentences are taken from the gold labels
    (the figure finder alone, whatever attribution does); None when the library has no
    ``key_figures``."""
    try:
        from unionnlp.briefs.selection import key_figures
    except ImportError:
        return None
    own = defaultdict(list)
    for name, rows in gold.items():
        for r in rows:
            golds = r.get("org") if isinstance(r.get("org"), list) else [r.get("org")]
            for g in golds:
                if g:
                    own[g].append((r["text"], name, r["para"], r["sent"], r["label"]))
    found = described = n = 0
    for f in figures:
        n += 1
        hit, named = _match(_figure_table(key_figures(own[f["org"]])), f)
        found += hit
        described += named
    return {"figures": (found, n), "described": (described, n)}


def brief_scores(dev: Path, gold: dict[str, list[dict]], orgs: dict[str, dict], figures: list[dict],
                 model) -> dict:
    """Share of brief sentences that are the organisation's own, and key-figure recall."""
    from unionnlp import summarise
    from unionnlp.errors import OrgError

    gold_org = {(name, r["para"], r["sent"]): r.get("org") for name, rows in gold.items() for r in rows}
    own, total, failed = 0, 0, []
    per_org = []  # (own, total) of each brief, for the interval over organisations
    fig_found, fig_described, fig_n = 0, 0, 0
    want = defaultdict(list)
    for f in figures:
        want[f["org"]].append(f)
    for full in orgs:
        try:
            brief = summarise(full, corpus=dev / "reports", model=model)
        except OrgError as exc:
            failed.append(f"{full}: {exc}")
            fig_n += len(want[full])
            continue
        mine = sum(_same_org(full, gold_org.get((s.doc, s.para, s.sent)), orgs) for s in brief.sentences)
        own += mine
        total += len(brief.sentences)
        per_org.append((mine, len(brief.sentences)))
        table = _figure_table(brief.figures)
        for f in want[full]:
            fig_n += 1
            hit, named = _match(table, f)
            fig_found += hit
            fig_described += named
    return {"own": (own, total), "own_interval": cluster_interval(per_org),
            "figures": (fig_found, fig_n), "described": (fig_described, fig_n), "failed": failed}


def cluster_interval(groups: list[tuple[int, int]], resamples: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile-bootstrap interval of a pooled share, resampling whole groups.

    A brief's sentences are not independent draws: one report's misses come together, so the
    interval resamples organisations (their briefs) rather than sentences.  A fixed seed makes
    the interval the same on every run and machine."""
    import random

    if not groups:
        return (float("nan"), float("nan"))
    rng = random.Random(seed)
    shares = []
    for _ in range(resamples):
        picked = [groups[rng.randrange(len(groups))] for _ in groups]
        hits, n = sum(g[0] for g in picked), sum(g[1] for g in picked)
        shares.append(hits / n if n else 1.0)
    shares.sort()
    return (shares[int(0.025 * resamples)], shares[int(0.975 * resamples) - 1])


def seed_brief_scores(model) -> dict:
    """Share of brief sentences that are the organisation's own on the seeds, by the
    seeds' paragraph-level organisations read by hand (bench/seeds_orgs.jsonl, the
    table ``tests/test_orgs.py`` checks), for every seed organisation with text."""
    from unionnlp import attribute_orgs, summarise
    from unionnlp.corpus.load import load_corpus
    from unionnlp.errors import OrgError

    gold = {}
    for line in (ROOT / "bench" / "seeds_orgs.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[(row["doc"], row["para"])] = row["org"]
    seeds = ROOT / "seeds"
    att = attribute_orgs(load_corpus(seeds).documents)
    own, total = 0, 0
    for name in sorted({o for s in att.sections for o in getattr(s, "orgs", (s.org,))}):
        try:
            brief = summarise(name, corpus=seeds, model=model)
        except OrgError:
            continue
        for s in brief.sentences:
            total += 1
            own += gold.get((s.doc, s.para)) == name
    return {"own": (own, total)}


# --------------------------------------------------------------------------- report


def _pct(pair: tuple[int, int]) -> str:
    """A share to one decimal, rounded down: 840 of 866 is 96.9%, not a 97.0% that reads as
    meeting a 97% target."""
    n, d = pair
    return f"{(1000 * n // d) / 10:.1f}% ({n}/{d})" if d else "n/a"


def _interval(bounds: tuple[float, float]) -> str:
    low, high = bounds
    return f"{100 * low:.1f}–{100 * high:.1f}%"


def evaluate_dev(dev: Path, model_path: Path | None = None) -> dict:
    """Every dev figure in one dict (see the module docstring)."""
    from unionnlp import load_model

    model = load_model(model_path) if model_path else load_model()
    gold = read_gold(dev)
    orgs = {o["name"]: o for o in json.loads((dev / "orgs.json").read_text(encoding="utf-8"))}
    figures = json.loads((dev / "figures.json").read_text(encoding="utf-8"))
    result: dict = {"reports": len(gold), "sentences": sum(len(r) for r in gold.values())}
    timings = {}
    for kind, folder, pattern in (("clean", "reports", "*.txt"), ("damaged", "damaged", "*.txt"),
                                  ("pdf", "pdf", "*.pdf")):
        paths = sorted((dev / folder).glob(pattern))
        if not paths:
            continue
        t0 = time.perf_counter()
        found = themes_on(classify_docs(paths, model), gold)
        timings[kind] = time.perf_counter() - t0
        result[kind] = {"themes": found["themes"], "whole": found["whole"], "files": len(paths)}
    t0 = time.perf_counter()
    result["orgs"] = org_scores(dev, gold, orgs)
    timings["orgs"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result["briefs"] = brief_scores(dev, gold, orgs, figures, model)
    result["figures_gold_sentences"] = gold_sentence_figures(dev, gold, orgs, figures)
    timings["briefs"] = time.perf_counter() - t0
    result["seeds"] = seed_brief_scores(model)
    result["seconds"] = timings
    return result


def render_markdown(r: dict) -> str:
    kinds = [k for k in ("clean", "damaged", "pdf") if k in r]
    head = "| measure | " + " | ".join(kinds) + " |"
    rows = [head, "|---|" + "---:|" * len(kinds)]
    rows.append("| files | " + " | ".join(str(r[k]["files"]) for k in kinds) + " |")
    rows.append("| whole sentences | " + " | ".join(_pct(r[k]["whole"]) for k in kinds) + " |")
    rows.append("| theme macro-F1 | " + " | ".join(f"{r[k]['themes']['macro_f1']:.3f}" for k in kinds) + " |")
    rows.append("| accuracy | " + " | ".join(f"{r[k]['themes']['accuracy']:.3f}" for k in kinds) + " |")
    for lab in LABELS:
        rows.append(f"| recall {lab} | " + " | ".join(
            f"{r[k]['themes']['per_label'][lab]['recall']:.2f}" for k in kinds) + " |")
    rows.append("| F1 其他 | " + " | ".join(
        f"{r[k]['themes']['per_label']['其他']['f1']:.2f}" for k in kinds) + " |")
    rows.append("| ECE (10 bins) | " + " | ".join(
        f"{r[k]['themes']['calibration']['ece']:.3f}" for k in kinds) + " |")
    o, b = r["orgs"], r["briefs"]
    lines = [
        f"Development set: {r['reports']} reports, {r['sentences']} gold sentences.",
        "",
        *rows,
        "",
        "| organisations and briefs | |",
        "|---|---:|",
        f"| article attributed to the right organisation | {_pct(o['articles'])} |",
        f"| sentence attributed to the right organisation (null for furniture) | {_pct(o['sentences'])} |",
        f"| organisation names and short names that resolve to the organisation | {_pct(o['names'])} |",
        f"| … answered with the listed full name itself | {_pct(o['names_exact'])} |",
        f"| brief sentences that are the organisation's own | {_pct(b['own'])} |",
        f"| … 95% interval, resampling organisations | {_interval(b['own_interval'])} |",
        f"| seeds: brief sentences that are the organisation's own | {_pct(r['seeds']['own'])} |",
        f"| key figures in the brief's 关键数据 | {_pct(b['figures'])} |",
        f"| … with the counted thing's head noun in the description | {_pct(b['described'])} |",
        f"| organisations without a brief | {len(b['failed'])} |",
    ]
    g = r.get("figures_gold_sentences")
    if g:
        lines += [
            f"| key figures found in the organisation's gold sentences (attribution from the labels) | {_pct(g['figures'])} |",
            f"| … with the counted thing's head noun in the description | {_pct(g['described'])} |",
        ]
    return "\n".join(lines) + "\n"


def _confusion(scores: dict) -> str:
    cols = list(LABELS) + ["不确定", None]
    out = ["gold \\ predicted | " + " | ".join(str(c) for c in cols)]
    for g in LABELS:
        out.append(f"{g} | " + " | ".join(str(scores["confusion"][g][c]) for c in cols))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=ROOT / "dev")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--format", choices=("md", "json"), default="md")
    parser.add_argument("--details", action="store_true", help="confusion matrices (no single dev sentences: dev is not for tuning)")
    args = parser.parse_args(argv)
    result = evaluate_dev(args.dev, args.model)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
        return 0
    print(render_markdown(result))
    if args.details:
        for kind in ("clean", "damaged", "pdf"):
            if kind in result:
                print(f"\n{kind} confusion:\n" + _confusion(result[kind]["themes"]))
    print("seconds:", {k: round(v, 1) for k, v in result["seconds"].items()}, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
