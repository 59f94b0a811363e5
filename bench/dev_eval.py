"""Score the toolkit on the development set (dev/): themes, repair, organisations, briefs.

    python bench/dev_eval.py [--dev dev] [--model models/themes.npz] [--format md|json]

dev/ is the yardstick: never training data, never tuned on sentence by sentence
(see dev/README.md).  Every figure here is what a user would see on reports of
organisations the toolkit has never seen.  Runs in well under two minutes.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他")

_WIDTH = str.maketrans(",;:?!()", "，；：？！（）")
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Text for 'is this the same sentence': no whitespace, punctuation width unified."""
    return _SPACE.sub("", text).translate(_WIDTH)


# --------------------------------------------------------------------------- gold


def read_gold(dev: Path) -> dict[str, list[dict]]:
    """Gold sentences per report name, in document order."""
    gold = {}
    for path in sorted((dev / "labels").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        gold[rows[0]["doc"]] = rows
    return gold


# --------------------------------------------------------------------------- alignment


def align(gold_rows: list[dict], predicted: list[dict]) -> list[dict | None]:
    """For each gold sentence, the predicted sentence covering most of its characters
    (None when none of its characters can be found), by a character alignment of the
    normalised texts; predicted sentences must carry ``text``."""
    gold_text, gold_owner = [], []
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
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            votes[gold_owner[block.a + k]][pred_owner[block.b + k]] += 1
    out = []
    for i, v in enumerate(votes):
        out.append(predicted[v.most_common(1)[0][0]] if v else None)
    return out


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


# --------------------------------------------------------------------------- scores


def theme_scores(pairs: list[tuple[str, str]]) -> dict:
    """Macro-F1, accuracy, per-label precision/recall/F1/support and a confusion matrix."""
    per = {}
    for lab in LABELS:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    confusion = {g: {p: sum(1 for a, b in pairs if a == g and b == p) for p in LABELS + ("不确定", None)}
                 for g in LABELS}
    return {
        "n": len(pairs),
        "macro_f1": sum(v["f1"] for v in per.values()) / len(LABELS),
        "accuracy": sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0,
        "per_label": per,
        "confusion": confusion,
    }


def classify_docs(paths: list[Path], model) -> dict[str, list[dict]]:
    """Sentence records of each file, keyed by the clean report's name (same stem, .txt)."""
    from unionnlp import segment_file
    from unionnlp.themes.classify import sentence_records

    out = {}
    for path in paths:
        doc = segment_file(path)
        out[path.stem + ".txt"] = sentence_records([(path.name, doc)], model)
    return out


def themes_on(copies: dict[str, list[dict]], gold: dict[str, list[dict]]) -> tuple[dict, tuple[int, int]]:
    """Theme scores of gold sentences (label of the predicted sentence covering most of
    each) and the whole-sentence count, over the reports present in ``copies``."""
    pairs, whole, total = [], 0, 0
    for name, rows in gold.items():
        if name not in copies:
            continue
        predicted = copies[name]
        for row, rec in zip(rows, align(rows, predicted)):
            pairs.append((row["label"], rec["label"] if rec else None))
        w, t = whole_rate(rows, predicted)
        whole, total = whole + w, total + t
    return theme_scores(pairs), (whole, total)


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
        for r, p in zip(rows, by_sentence):
            sent_n += 1
            sent_ok += _same_org(p, r.get("org"), orgs)
        gold_main = Counter(o for r in rows for o in (r["org"] if isinstance(r.get("org"), list)
                                                       else [r.get("org")]) if o).most_common(1)
        pred_main = Counter(p for p in by_sentence if p).most_common(1)
        ok = bool(gold_main and pred_main and _same_org(pred_main[0][0], gold_main[0][0], orgs))
        article_ok += ok
        if not ok:
            wrong_articles.append((name, gold_main[0][0] if gold_main else None,
                                   pred_main[0][0] if pred_main else None))
    resolvable, names_n, unresolved = 0, 0, []
    for full, entry in orgs.items():
        for short in [full, *entry.get("short", [])]:
            names_n += 1
            try:
                hit = resolve_org(short, attribution).name == full
            except OrgError:
                hit = False
            resolvable += hit
            if not hit:
                unresolved.append(f"{short}→{full}")
    return {
        "articles": (article_ok, len(gold)),
        "sentences": (sent_ok, sent_n),
        "names": (resolvable, names_n),
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
        for s in brief.sentences:
            total += 1
            own += _same_org(full, gold_org.get((s.doc, s.para, s.sent)), orgs)
        table = _figure_table(brief.figures)
        for f in want[full]:
            fig_n += 1
            hit, named = _match(table, f)
            fig_found += hit
            fig_described += named
    return {"own": (own, total), "figures": (fig_found, fig_n), "described": (fig_described, fig_n),
            "failed": failed}


# --------------------------------------------------------------------------- report


def _pct(pair: tuple[int, int]) -> str:
    n, d = pair
    return f"{n / d:.1%} ({n}/{d})" if d else "n/a"


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
        scores, whole = themes_on(classify_docs(paths, model), gold)
        timings[kind] = time.perf_counter() - t0
        result[kind] = {"themes": scores, "whole": whole, "files": len(paths)}
    t0 = time.perf_counter()
    result["orgs"] = org_scores(dev, gold, orgs)
    timings["orgs"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result["briefs"] = brief_scores(dev, gold, orgs, figures, model)
    result["figures_gold_sentences"] = gold_sentence_figures(dev, gold, orgs, figures)
    timings["briefs"] = time.perf_counter() - t0
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
        f"| organisation names and short names that resolve | {_pct(o['names'])} |",
        f"| brief sentences that are the organisation's own | {_pct(b['own'])} |",
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
