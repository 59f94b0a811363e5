"""How the corpus commands grow with the corpus: the growth table in bench/RESULTS.md.

    python bench/scale.py                     # 1k and 10k reports
    python bench/scale.py --sizes 1000 10000 50000

For each size N a synthetic corpus is made under /tmp (``bench/make_corpus.py``,
kept between runs) and every command runs as a fresh process of
``python -m unionnlp``, timed with its peak memory (max RSS, ``os.wait4``):

* ``index DIR`` from nothing (``--jobs`` default: every CPU), then again after
  one file changed;
* with the index: ``summarise --org X`` (X: the organisation with most text),
  ``orgs``, ``search 妈妈小屋`` (medians of 3 runs after one untimed run; X: an
  organisation of typical size, see ``typical_org``);
* ``classify DIR`` with ``--jobs 1`` and ``--jobs 2`` (sentences per second);
* once: ``classify`` on one file of 1M sentences (``make_corpus.py --one-file``).

Then a log-log slope per command (time ∝ N^slope between the smallest and
largest N), and an estimate for 100k reports on a Dask cluster of k machines
from the measured per-worker rate (one LocalCluster worker process) and the
measured rate of the one SQLite writer.  Nothing here is asserted: the
figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Scale: corpora of thousands of reports"
DATE = "2026-11-30"
QUERY = "妈妈小屋"

_TIMER = """import json, os, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[2], "wb") as out:
    proc = subprocess.Popen(sys.argv[3:], stdout=out)
    _, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as f:
    json.dump({"wall": wall, "maxrss_kb": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}, f)
"""


def env(tmp: Path) -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT / "src")
    e["UNIONNLP_CACHE"] = str(tmp / "cache")
    e["PYTHONIOENCODING"] = "utf-8"
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    e["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return e


def run(args: list[str], e: dict, stdout: str = os.devnull) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of ``python -m unionnlp ARGS`` (its own process only:
    worker processes of a pool are counted separately by the OS)."""
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as err:
        report = Path(tmp) / "usage.json"
        cmd = [sys.executable, "-c", _TIMER, str(report), stdout, sys.executable, "-m", "unionnlp", *args]
        subprocess.run(cmd, env=e, stderr=err, check=False)
        usage = json.loads(report.read_text())
        if usage["code"] not in (0,):
            err.seek(0)
            sys.exit(f"scale.py: {' '.join(args)} failed ({usage['code']}):\n{err.read().decode('utf-8', 'replace')}")
    return usage["wall"], usage["maxrss_kb"] / 1024


def median_run(args: list[str], e: dict, runs: int = 3) -> tuple[float, float]:
    run(args, e)
    walls, peaks = zip(*(run(args, e) for _ in range(runs)))
    return statistics.median(walls), max(peaks)


def typical_org(index: Path) -> tuple[str, int]:
    """An organisation of typical size: the median by sentences of those with at least 20.

    Not the largest: in these synthetic corpora a unit union keeps its name in every copy of
    its base report, so the largest has hundreds of near-identical reports, and a brief of it
    measures the near-duplicate grouping (quadratic in the organisation's sentences), not the
    index."""
    con = sqlite3.connect(index)
    try:
        rows = con.execute("SELECT name, sentences FROM orgs WHERE sentences >= 20 "
                           "ORDER BY sentences, name").fetchall()
        return rows[len(rows) // 2]
    finally:
        con.close()


def n_sentences(index: Path) -> int:
    con = sqlite3.connect(index)
    try:
        return con.execute("SELECT count(*) FROM sentences").fetchone()[0]
    finally:
        con.close()


def measure_size(n: int, tmp: Path, e: dict, classify_jobs: bool) -> dict:
    from make_corpus import make_corpus

    corpus = Path(f"/tmp/unionnlp-scale-{n}")
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != n:
        make_corpus(n, corpus)
    index = tmp / f"index-{n}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    row: dict = {"n": n}
    print(f"[{n}] index build …", file=sys.stderr, flush=True)
    row["index"] = run(["index", str(corpus), "--index", str(index)], e)
    row["sentences"] = n_sentences(index)
    row["db_mb"] = index.stat().st_size / 2**20
    # one file changed
    target = sorted(corpus.glob("*.txt"))[n // 2]
    original = target.read_bytes()
    try:
        target.write_bytes(original + "\n\n会议还部署了女职工健康体检工作。\n".encode("utf-8"))
        row["update"] = run(["index", str(corpus), "--index", str(index)], e)
    finally:
        target.write_bytes(original)
    run(["index", str(corpus), "--index", str(index)], e)  # back to the corpus as made
    org, org_sentences = typical_org(index)
    row["org"], row["org_sentences"] = org, org_sentences
    print(f"[{n}] summarise, orgs, search …", file=sys.stderr, flush=True)
    base = ["--corpus", str(corpus), "--index", str(index)]
    row["summarise"] = median_run(["summarise", "--org", org, *base], e)
    row["orgs"] = median_run(["orgs", *base, "-f", "json"], e)
    row["search"] = median_run(["search", QUERY, *base, "-f", "jsonl", "--limit", "50"], e)
    if classify_jobs:
        print(f"[{n}] classify --jobs 1 / 2 …", file=sys.stderr, flush=True)
        row["classify1"] = run(["classify", str(corpus), "--jobs", "1"], e)
        row["classify2"] = run(["classify", str(corpus), "--jobs", "2"], e)
    return row


def measure_big_file(tmp: Path, e: dict, sentences: int) -> dict:
    from make_corpus import make_one_file

    path = Path(f"/tmp/unionnlp-scale-one-{sentences}.txt")
    if not path.exists():
        make_one_file(sentences, path)
    out = tmp / "big.jsonl"
    print("[1M] classify one big file …", file=sys.stderr, flush=True)
    wall, peak = run(["classify", str(path)], e, stdout=str(out))
    with out.open("rb") as fh:
        count = sum(1 for _ in fh)
    out.unlink()
    wall1, peak1 = run(["classify", str(path), "--jobs", "1"], e)
    return {"file_mb": path.stat().st_size / 2**20, "sentences": count, "wall": wall, "peak": peak,
            "wall1": wall1, "peak1": peak1}


def dask_rates(tmp: Path, n_files: int = 400) -> dict:
    """Per-worker analysis rate (files/s) on a one-process LocalCluster, and the writer's rate."""
    from distributed import Client, LocalCluster

    from unionnlp.corpus.index import analyse_file, update_index
    from unionnlp.dask import analyse_on_cluster

    corpus = Path("/tmp/unionnlp-scale-1000")
    files = sorted(corpus.glob("*.txt"))[:n_files]
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        list(analyse_on_cluster(files[:20], client=client))  # warm: model scattered, jieba loaded
        start = time.perf_counter()
        results = list(analyse_on_cluster(files, client=client))
        worker_rate = len(files) / (time.perf_counter() - start)
    sub = tmp / "writer-corpus"
    sub.mkdir(exist_ok=True)
    for f in files:
        (sub / f.name).write_bytes(f.read_bytes())
    results = [analyse_file(sub / f.name) for f in files]
    start = time.perf_counter()
    update_index(sub, tmp / "writer.sqlite", analyse=lambda paths: results)
    writer_rate = len(files) / (time.perf_counter() - start)
    return {"worker_rate": worker_rate, "writer_rate": writer_rate, "files": len(files)}


def slope(rows: list[dict], key: str, idx: int = 0) -> str:
    pts = [(r["n"], r[key][idx]) for r in rows if key in r]
    if len(pts) < 2:
        return "–"
    (n1, t1), (n2, t2) = pts[0], pts[-1]
    if t1 <= 0 or t2 <= 0:
        return "–"
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {sys.version.split()[0]}"


def render(rows: list[dict], big: dict | None, rates: dict | None, load: str) -> str:
    lines = [SECTION, "",
             f"Run {DATE} with `python bench/scale.py --sizes {' '.join(str(r['n']) for r in rows)}` on {machine()}. "
             f"Load average before/after: {load}. Synthetic corpora from `bench/make_corpus.py` (the 5 seeds and "
             "27 written reports with their places replaced by random real places of the same level, years shifted); "
             "each command a fresh `python -m unionnlp` process; time is wall clock, memory the command's own peak RSS "
             "(pool workers are separate processes, each about the size of a `classify` run). "
             "Warm commands: medians of 3 after one untimed run.", ""]
    head = "| N reports | sentences | index build | update, 1 file changed | `summarise --org X` | `orgs` | `search` | index size |"
    lines += [head, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        def cell(key):
            t, m = r[key]
            return f"{t:.2f} s / {m:.0f} MB"
        lines.append(f"| {r['n']:,} | {r['sentences']:,} | {cell('index')} | {cell('update')} | {cell('summarise')} "
                     f"({r['org']}, {r['org_sentences']} sentences) | "
                     f"{cell('orgs')} | {cell('search')} | {r['db_mb']:.0f} MB |")
    lines.append(f"| log-log slope (time) | | {slope(rows, 'index')} | {slope(rows, 'update')} | "
                 f"{slope(rows, 'summarise')} | {slope(rows, 'orgs')} | {slope(rows, 'search')} | |")
    lines.append("")
    lines.append("Targets at 10k reports: index build ≤ 60 s and ≤ 500 MB; update after 1 changed file ≤ 2 s; "
                 "`summarise --org X` ≤ 0.3 s, `orgs` ≤ 0.5 s (≤ 1 s at 50k), memory ≤ 200 MB; `search` ≤ 0.2 s.")
    lines.append("")
    jobs_rows = [r for r in rows if "classify1" in r]
    if jobs_rows:
        lines += ["`classify DIR` over many files (JSONL to /dev/null):", "",
                  "| N reports | sentences | `--jobs 1` | `--jobs 2` | speed-up (target ≥ 1.7×) |",
                  "| ---: | ---: | ---: | ---: | ---: |"]
        for r in jobs_rows:
            (t1, m1), (t2, m2) = r["classify1"], r["classify2"]
            lines.append(f"| {r['n']:,} | {r['sentences']:,} | {t1:.1f} s = {r['sentences'] / t1:,.0f}/s, {m1:.0f} MB | "
                         f"{t2:.1f} s = {r['sentences'] / t2:,.0f}/s, {m2:.0f} MB | {t1 / t2:.2f}× |")
        lines.append("")
    if big:
        lines += [f"`classify` on one file of {big['sentences']:,} sentences ({big['file_mb']:.0f} MB, the seeds "
                  f"repeated), JSONL out: default `--jobs` (2) {big['wall']:.1f} s = "
                  f"{big['sentences'] / big['wall']:,.0f} sentences/s, peak {big['peak']:.0f} MB (main process); "
                  f"`--jobs 1` {big['wall1']:.1f} s = {big['sentences'] / big['wall1']:,.0f}/s, peak {big['peak1']:.0f} MB. "
                  "Targets: ≥ 25,000 sentences/s, ≤ 200 MB.", ""]
    if rates:
        w, wr = rates["worker_rate"], rates["writer_rate"]
        lines += [f"Dask: one LocalCluster worker process analyses {w:.0f} reports/s (reading, segmentation, "
                  f"organisations, themes, words; {rates['files']} reports of the 1k corpus); the client, the one SQLite "
                  f"writer, stores {wr:.0f} reports/s. **Estimate** (not measured) for 100,000 reports on k machines "
                  "of c cores: analysis 100,000 / "
                  f"({w:.0f} × c × k) s, overlapped with writing, which alone takes 100,000 / {wr:.0f} ≈ "
                  f"{100000 / wr:.0f} s; so about max(100,000 / ({w:.0f}·c·k), {100000 / wr:.0f}) s: "
                  + ", ".join(f"k = {k} × 8 cores ≈ {max(100000 / (w * 8 * k), 100000 / wr):.0f} s" for k in (1, 2, 4, 8))
                  + ". Past a few machines the single writer is the limit: split the corpus into several indexes.", ""]
    return "\n".join(lines) + "\n"


def write_results(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^" + re.escape(SECTION) + r".*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _: text.rstrip("\n") + "\n\n", old)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


PROGRESS = Path("/tmp/unionnlp-scale-progress.json")


def _saved() -> dict:
    return json.loads(PROGRESS.read_text()) if PROGRESS.exists() else {}


def _save(key: str, value) -> None:
    data = _saved()
    data[key] = value
    PROGRESS.write_text(json.dumps(data, ensure_ascii=False))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--big-sentences", type=int, default=1_000_000)
    parser.add_argument("--no-big", action="store_true", help="skip the 1M-sentence classify run")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask per-worker rate")
    parser.add_argument("--jobs-sizes", type=int, nargs="*", default=[1000, 10000],
                        help="sizes at which classify --jobs 1 vs 2 is measured")
    parser.add_argument("--write", action="store_true", help="write the section into bench/RESULTS.md")
    parser.add_argument("--resume", action="store_true",
                        help="reuse the measurements a stopped run saved in /tmp/unionnlp-scale-progress.json")
    args = parser.parse_args(argv)
    if not args.resume:
        PROGRESS.unlink(missing_ok=True)
    saved = _saved()
    load_before = saved.get("load_before") or "/".join(f"{x:.1f}" for x in os.getloadavg())
    _save("load_before", load_before)
    with tempfile.TemporaryDirectory(prefix="unionnlp-scale-") as tmp_name:
        tmp = Path(tmp_name)
        e = env(tmp)
        rows = []
        for n in sorted(args.sizes):
            row = _saved().get(f"row-{n}") or measure_size(n, tmp, e, n in args.jobs_sizes)
            _save(f"row-{n}", row)
            rows.append(row)
        big = None
        if not args.no_big:
            big = _saved().get("big") or measure_big_file(tmp, e, args.big_sentences)
            _save("big", big)
        rates = None
        if not args.no_dask:
            os.environ.update(UNIONNLP_CACHE=e["UNIONNLP_CACHE"])
            rates = _saved().get("rates") or dask_rates(tmp)
            _save("rates", rates)
    load = f"{load_before} → {'/'.join(f'{x:.1f}' for x in os.getloadavg())}"
    text = render(rows, big, rates, load)
    print(text)
    Path("/tmp/unionnlp-scale-last.json").write_text(json.dumps({"rows": rows, "big": big, "rates": rates}, default=str))
    if args.write:
        write_results(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
