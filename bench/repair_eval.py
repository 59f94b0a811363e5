#!/usr/bin/env python3
"""Whole-sentence rate of reading + repair + segmentation.

    python bench/repair_eval.py [REPORTS_DIR …] [--gold DIR] [--seed 0] [--no-pdf] [--json]

For each folder of clean reports (default: ``labels/written``) the gold
sentences are the label files' sentences (``*.jsonl`` beside the reports, or
in ``--gold``; ``dev/labels`` for ``dev/reports``), else the segmentation of
the clean text.  The reports are damaged with ``dev/make_damage.py`` (seed
``--seed``) and, when Chromium is installed, rendered to PDFs with
``dev/make_pdf.py``; every version is read, repaired and segmented, and a gold
sentence counts as *whole* when some output sentence of the same document
equals it after removing whitespace and normalising punctuation width.

Rows: clean text, damaged text (all sentences, and the sentences whose text
survives the damage in reading order: "recoverable"), PDFs.  The seeds (whose
gold is ``labels/seeds.jsonl``) are always scored as they are.  With
``--themes``, each row also gives the theme macro-F1 of the gold sentences
(a sentence that does not come out whole counts as a miss).  On
``labels/written`` that F1 is on the model's own training text: only the
differences between rows mean something there.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "dev"))

_WS = re.compile(r"[\s\u200b\ufeff]+")
_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})


def norm(text: str) -> str:
    """A sentence as compared: no whitespace, punctuation in full width."""
    return _WS.sub("", text).translate(_WIDTH)


def gold_sentences(report: Path, gold_dir: Path | None) -> list[str]:
    """Gold sentences of one clean report (label file, else its own segmentation)."""
    for folder in (gold_dir, report.parent):
        if folder is None:
            continue
        labels = folder / (report.stem + ".jsonl")
        if labels.exists():
            return [json.loads(line)["text"] for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    from unionnlp.text.segment import segment_text

    return [s.text for s in segment_text(report.read_text(encoding="utf-8")).sentences]


def output_sentences(path: Path) -> list[str]:
    from unionnlp.text.read import read_document
    from unionnlp.text.segment import segment_document

    return [s.text for s in segment_document(read_document(path)).sentences]


def gold_labels(report: Path, gold_dir: Path | None) -> list[tuple[str, str]]:
    """(sentence, theme) of a report's label file, or [] without one."""
    for folder in (gold_dir, report.parent):
        if folder is not None and (folder / (report.stem + ".jsonl")).exists():
            rows = (folder / (report.stem + ".jsonl")).read_text(encoding="utf-8").splitlines()
            return [(r["text"], r["label"]) for r in map(json.loads, filter(str.strip, rows))]
    return []


def theme_macro_f1(gold: dict[str, list[tuple[str, str]]], paths: dict[str, Path]) -> float | None:
    """Macro-F1 of the themes the toolkit gives the gold sentences when it reads ``paths``:
    a gold sentence takes the label of the output sentence equal to it (whitespace and
    punctuation width aside), or no label (a miss) when it did not come out whole."""
    from unionnlp.themes.classify import sentence_records
    from unionnlp.text.read import read_document
    from unionnlp.text.segment import segment_document

    y_true, y_pred = [], []
    for name, rows in gold.items():
        if not rows or name not in paths:
            continue
        seg = segment_document(read_document(paths[name]))
        predicted: dict[str, list[str]] = defaultdict(list)
        for r in sentence_records([(name, seg)]):
            predicted[norm(r["text"])].append(r["label"])
        for text, label in rows:
            got = predicted.get(norm(text))
            y_true.append(label)
            y_pred.append(got.pop(0) if got else "(not whole)")
    if not y_true:
        return None
    f1s = []
    for label in sorted(set(y_true)):
        tp = sum(t == p == label for t, p in zip(y_true, y_pred))
        fp = sum(p == label != t for t, p in zip(y_true, y_pred))
        fn = sum(t == label != p for t, p in zip(y_true, y_pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(sum(f1s) / len(f1s), 4)


def score(gold: dict[str, list[str]], outputs: dict[str, list[str]], only: dict[str, set[int]] | None = None):
    """(whole, total, misses): gold sentences found whole in the same document's output."""
    whole = total = 0
    misses = []
    for name, sents in gold.items():
        have = Counter(norm(s) for s in outputs.get(name, []))
        for i, g in enumerate(sents):
            if only is not None and i not in only.get(name, set()):
                continue
            total += 1
            key = norm(g)
            if have[key] > 0:
                have[key] -= 1
                whole += 1
            else:
                misses.append((name, g))
    return whole, total, misses


def recoverable(gold: dict[str, list[str]], damaged_dir: Path) -> dict[str, set[int]]:
    """Indices of gold sentences whose text is still contiguous in the damaged file
    (whitespace and the running heads and page numbers it lists aside): scrambled column order makes the others unrecoverable."""
    manifest = json.loads((damaged_dir / "damage.json").read_text(encoding="utf-8"))["files"]
    out = {}
    for name, sents in gold.items():
        furniture = set(manifest[name].get("furniture", []))
        lines = (damaged_dir / name).read_text(encoding="utf-8").splitlines()
        flat = norm("".join(line for line in lines if line.strip() not in furniture))
        out[name] = {i for i, g in enumerate(sents) if norm(g) in flat}
    return out


def run(reports: Path, gold_dir: Path | None, seed: int, pdf: bool, show: int, themes: bool = False) -> list[dict]:
    import make_damage

    rows = []
    files = sorted(reports.glob("*.txt"))
    gold = {p.name: gold_sentences(p, gold_dir) for p in files}
    labelled = {p.name: gold_labels(p, gold_dir) for p in files} if themes else {}
    t = time.perf_counter()
    clean = {p.name: output_sentences(p) for p in files}
    rows.append(_row(f"{reports} clean", *score(gold, clean)[:2], time.perf_counter() - t))
    if themes:
        rows[-1]["theme_macro_f1"] = theme_macro_f1(labelled, {p.name: p for p in files})

    with tempfile.TemporaryDirectory() as tmp:
        damaged = Path(tmp) / "damaged"
        make_damage.main([str(reports), str(damaged), "--seed", str(seed)])
        t = time.perf_counter()
        outs = {p.name: output_sentences(damaged / p.name) for p in files}
        elapsed = time.perf_counter() - t
        w, n, misses = score(gold, outs)
        rows.append(_row(f"{reports} damaged (seed {seed})", w, n, elapsed))
        if themes:
            rows[-1]["theme_macro_f1"] = theme_macro_f1(labelled, {p.name: damaged / p.name for p in files})
        rec = recoverable(gold, damaged)
        w2, n2, misses2 = score(gold, outs, rec)
        rows.append(_row(f"{reports} damaged, recoverable sentences", w2, n2, elapsed))
        for name, g in misses2[:show]:
            print(f"  miss {name}: {g}", file=sys.stderr)
        if pdf and shutil.which("chromium"):
            import make_pdf

            pdf_dir = Path(tmp) / "pdf"
            make_pdf.main([str(reports), str(pdf_dir), "--seed", str(seed)])
            pdfs = sorted(pdf_dir.glob("*.pdf"))
            t = time.perf_counter()
            outs = {p.stem + ".txt": output_sentences(p) for p in pdfs}
            elapsed = time.perf_counter() - t
            g = {k: v for k, v in gold.items() if k in outs}
            w, n, misses = score(g, outs)
            rows.append(_row(f"{reports} PDFs ({len(pdfs)})", w, n, elapsed))
            if themes:
                rows[-1]["theme_macro_f1"] = theme_macro_f1(labelled, {p.stem + ".txt": p for p in pdfs})
            for name, s in misses[:show]:
                print(f"  pdf miss {name}: {s}", file=sys.stderr)
    return rows


def _row(what: str, whole: int, total: int, seconds: float) -> dict:
    return {"what": what, "whole": whole, "total": total, "rate": round(whole / total, 4) if total else None,
            "seconds": round(seconds, 2)}


def seeds_row() -> dict:
    gold = defaultdict(list)
    for line in (ROOT / "labels" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            gold[r["doc"]].append(r["text"])
    t = time.perf_counter()
    outs = {name: output_sentences(ROOT / "seeds" / name) for name in gold}
    w, n, _ = score(dict(gold), outs)
    return _row("seeds (as they are)", w, n, time.perf_counter() - t)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="*", type=Path, default=[ROOT / "labels" / "written"])
    parser.add_argument("--gold", type=Path, default=None, help="folder of gold label files (default: beside the reports)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-pdf", action="store_true", help="skip rendering PDFs even if Chromium is installed")
    parser.add_argument("--show", type=int, default=0, help="print this many missed sentences per row to stderr")
    parser.add_argument("--themes", action="store_true",
                        help="also the theme macro-F1 of the gold sentences on each version (needs label files)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = [seeds_row()]
    for folder in args.reports:
        gold_dir = args.gold
        if gold_dir is None and folder.name == "reports" and (folder.parent / "labels").is_dir():
            gold_dir = folder.parent / "labels"
        rows += run(folder, gold_dir, args.seed, not args.no_pdf, args.show, args.themes)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print("| input | whole sentences | rate | seconds | theme macro-F1 |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for r in rows:
            f1 = r.get("theme_macro_f1")
            print(f"| {r['what']} | {r['whole']} / {r['total']} | {r['rate']:.1%} | {r['seconds']} | {'' if f1 is None else f'{f1:.3f}'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
