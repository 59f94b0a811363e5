"""Speed and memory of the installed toolkit on this machine, beside their targets.

Measured in one run, side by side:

* cold start: ``unionnlp classify seeds/003_….txt`` as a fresh process of the
  installed console script (median of ``--runs``, at least 7), with
  ``unionnlp --help``, ``python -c "import sklearn"`` and
  ``python -c "import jieba; jieba.initialize()"`` for context;
* throughput: the seeds' sentences cycled to 100,000, classified in-process by
  ``unionnlp.themes.classify.classify_sentences`` with the model already loaded
  (median of 3), and ``unionnlp classify`` end to end (read, repair, segment,
  classify, write JSONL) on one file of about 100,000 sentences;
* peak memory (max RSS of the child, from ``os.wait4``) of that CLI run;
* warm ``unionnlp summarise --org 山东`` (median of 5 after one warm-up call,
  with a temporary ``UNIONNLP_CACHE``), and cold: the first call on the seeds, which
  analyses the corpus (median of 3, each with an empty ``UNIONNLP_CACHE``).

Children run with bytecode caching on (``PYTHONPYCACHEPREFIX`` in a temporary
folder, filled by one untimed run first), as in a normal install, even if the
calling shell sets ``PYTHONDONTWRITEBYTECODE``.  Only medians and ratios are
reported; nothing here asserts a time.  ``--profile`` adds cProfile's top
functions for the in-process classification and the cold CLI run.

Usage:  python bench/speed.py [--runs 9] [--no-results] [--profile] [--summarise-only]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as _dt
import io
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "003_635ee0eaa2035469.txt"
RESULTS = HERE / "RESULTS.md"
SECTION = "## Speed and memory"
N_SENTENCES = 100_000

TARGET_COLD_S = 0.3  # issue 15 (was 0.5)
TARGET_RATE = 25_000.0  # in-process; issue 15 (was 20,000)
TARGET_E2E_RATE = 20_000.0  # the CLI end to end
TARGET_MODEL_MB = 5.0
TARGET_RSS_MB = 250.0
TARGET_SUMMARISE_S = 0.3
TARGET_SUMMARISE_COLD_S = 3.0


def console_script() -> Path:
    """The ``unionnlp`` script installed beside this interpreter."""
    script = Path(sys.executable).parent / ("unionnlp.exe" if os.name == "nt" else "unionnlp")
    if not script.exists():
        sys.exit(f"speed.py: {script} not found; install the project (pip install -e .) first")
    return script


def child_env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["UNIONNLP_CACHE"] = str(tmp / "cache")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


# A small go-between process starts each measured command and reports its wall time and max RSS.
# Measured straight from this process, a child's ru_maxrss would start at this process's own peak
# (Linux carries the high-water mark of the vfork-shared parent memory across exec), and this
# process grows large while it classifies 100,000 sentences in-process.
_TIMER = """import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as f:
    json.dump({"wall": wall, "maxrss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
               "code": os.waitstatus_to_exitcode(status)}, f)
"""


LAST_CPU = [float("nan")]  # CPU seconds (user + system) of the last command run_child ran


def run_child(cmd: list[str], env: dict, stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Run a command; returns (wall seconds, max RSS of the command's process in MB)."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "usage.json"
        # stderr to a file, not a pipe: a chatty child cannot block on it.
        subprocess.run([sys.executable, "-c", _TIMER, str(report), *cmd], cwd=ROOT, env=env,
                       stdout=stdout, stderr=err, check=False)
        usage = json.loads(report.read_text()) if report.exists() else {"code": -1}
        if usage["code"] != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace")
            sys.exit(f"speed.py: {' '.join(cmd)} failed ({usage['code']}):\n{message}")
    LAST_CPU[0] = usage.get("cpu", float("nan"))
    return usage["wall"], usage["maxrss_kb"] / 1024  # Linux reports KB


def median_wall(cmd: list[str], env: dict, runs: int) -> float:
    run_child(cmd, env)  # fills the bytecode cache and the OS file cache; not timed
    return statistics.median(run_child(cmd, env)[0] for _ in range(runs))


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return f"{usable} cores usable ({cores} online), {model}; Python {platform.python_version()}, {platform.system()}"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def seed_sentences() -> list[tuple[str, tuple[str, str], tuple]]:
    """Every seed sentence with its (previous, next) sentence and its document key, as the
    CLI passes them."""
    from unionnlp.themes.classify import document_contexts, document_keys
    from unionnlp.text.segment import segment_file

    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        doc = segment_file(path)
        out.extend(zip((s.text for s in doc.sentences), document_contexts(doc), document_keys(doc)))
    return out


def big_report(path: Path, sentences_per_seed_pass: int) -> int:
    """Write the seed reports one after another until the file holds >= N_SENTENCES sentences."""
    texts = [p.read_text(encoding="utf-8").strip("\n") for p in sorted(SEEDS.glob("*.txt"))]
    passes = -(-N_SENTENCES // sentences_per_seed_pass)
    path.write_text("\n\n".join(texts * passes) + "\n", encoding="utf-8")
    return passes


def in_process_rate(items: list[tuple[str, tuple[str, str], tuple]], profile: bool) -> tuple[float, float, str]:
    """Sentences per second of classify_sentences and of predict_proba alone (medians of 3)."""
    from unionnlp.themes.classify import classify_sentences, get_model

    model = get_model()
    texts = [t for t, _, _ in items]
    contexts = [c for _, c, _ in items]
    documents = [d for _, _, d in items]
    classify_sentences(texts[:1000], model, contexts=contexts[:1000], documents=documents[:1000])  # warm-up
    total, proba = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        classify_sentences(texts, model, contexts=contexts, documents=documents)
        total.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        model.predict_proba(texts, contexts, documents)
        proba.append(time.perf_counter() - t0)
    report = ""
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        classify_sentences(texts, model, contexts=contexts, documents=documents)
        prof.disable()
        report = profile_text(prof)
    n = len(items)
    return n / statistics.median(total), n / statistics.median(proba), report


def pipeline_stages(path: Path) -> dict:
    """Run the CLI's classify pipeline stage by stage in this process (meant for a fresh child).

    Returns each stage's seconds and the peak RSS (MB) reached by the end of it:
    read + decode, repair + segment, classify (``sentence_records``), JSONL encoding.
    """
    import resource

    from unionnlp.themes.classify import get_model, sentence_records
    from unionnlp.text.segment import segment_text
    from unionnlp.text.read import read_document

    def peak() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    stages = {}
    model = get_model()
    stages["start (model loaded)"] = (0.0, peak())
    t0 = time.perf_counter()
    doc = read_document(path)
    stages["read + decode"] = (time.perf_counter() - t0, peak())
    t0 = time.perf_counter()
    seg = segment_text(doc.text, path.name)
    stages["repair + segment"] = (time.perf_counter() - t0, peak())
    t0 = time.perf_counter()
    records = sentence_records([(str(path), seg)], model)
    stages["classify (sentence_records)"] = (time.perf_counter() - t0, peak())
    t0 = time.perf_counter()
    out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    stages["JSONL encoding"] = (time.perf_counter() - t0, peak())
    del out
    return {"sentences": len(records), "stages": stages}


def profile_text(prof: cProfile.Profile, top: int = 15) -> str:
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def write_results(text: str, section: str = SECTION) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^" + re.escape(section) + r"\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _: text.rstrip("\n") + "\n\n", old)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def ratio_note(value: float, target: float, lower_is_better: bool) -> str:
    met = value <= target if lower_is_better else value >= target
    share = value / target
    return f"{share:.2f}× the target, {'met' if met else '**missed**'}"


SUMMARISE_SECTION = "## Speed: summarise"


def summarise_speed(script: str, env: dict, tmp: Path, warm_runs: int = 5) -> tuple[float, float, list, list]:
    """(warm median, cold median, warm runs, cold runs) of ``unionnlp summarise --org 山东`` on the
    seeds: warm after one call has cached the analysis, cold with an empty cache each time."""
    cmd = [script, "summarise", "--org", "山东"]
    run_child(cmd, env)  # the analysis is cached, bytecode written
    warm, cold = [], []
    for _ in range(warm_runs):
        warm.append((run_child(cmd, env)[0], LAST_CPU[0]))
    for k in range(3):
        cold.append((run_child(cmd, dict(env, UNIONNLP_CACHE=str(tmp / f"cold-cache-{k}")))[0], LAST_CPU[0]))
    return statistics.median(w for w, _ in warm), statistics.median(w for w, _ in cold), warm, cold


def summarise_only(runs: int, no_results: bool) -> int:
    script = str(console_script())
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="unionnlp-speed-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp)
        run_child([script, "--help"], env)
        helps = [(run_child([script, "--help"], env)[0], LAST_CPU[0]) for _ in range(runs)]
        warm, cold, warm_runs, cold_runs = summarise_speed(script, env, tmp, runs)
    help_s = statistics.median(w for w, _ in helps)
    cpu = {name: statistics.median(c for _, c in rows) for name, rows in
           (("warm", warm_runs), ("cold", cold_runs), ("help", helps))}
    load_after = load_average()
    text = "\n".join([
        SUMMARISE_SECTION,
        "",
        f"Run {_dt.date.today().isoformat()} with `python bench/speed.py --summarise-only` on {machine()}. "
        f"Load average (1/5/15 min) {load_before} before, {load_after} after: the machine is shared, so other "
        "work shows in these figures. Fresh processes of the installed console script; medians.",
        "",
        "| measure | median wall | median CPU (user + system) | target | ratio (wall) |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| warm `unionnlp summarise --org 山东` ({runs} runs after one warm-up) | {warm:.3f} s | {cpu['warm']:.3f} s "
        f"| ≤ {TARGET_SUMMARISE_S} s | {ratio_note(warm, TARGET_SUMMARISE_S, True)} |",
        f"| cold `unionnlp summarise --org 山东`: first call, analyses the seeds (3 runs, empty cache each) "
        f"| {cold:.3f} s | {cpu['cold']:.3f} s | < {TARGET_SUMMARISE_COLD_S} s "
        f"| {ratio_note(cold, TARGET_SUMMARISE_COLD_S, True)} |",
        f"| context: `unionnlp --help` ({runs} runs) | {help_s:.3f} s | {cpu['help']:.3f} s | | |",
        "",
        "CPU time is the process's own user + system time (`os.wait4`): on a loaded machine the wall time "
        "grows with the queue for the cores, the CPU time much less; on an idle machine the two are close.",
        "Runs (wall / CPU, s): warm " + ", ".join(f"{w:.3f}/{c:.3f}" for w, c in warm_runs) + "; cold "
        + ", ".join(f"{w:.3f}/{c:.3f}" for w, c in cold_runs) + ".",
        "",
    ])
    print(text)
    if not no_results:
        write_results(text, SUMMARISE_SECTION)
        print(f"updated {RESULTS}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="Cold-start runs per command (at least 7).")
    parser.add_argument("--no-results", action="store_true", help="Print only; do not update RESULTS.md.")
    parser.add_argument("--profile", action="store_true", help="Print cProfile's top functions too.")
    parser.add_argument("--stages", type=Path, help=argparse.SUPPRESS)  # internal: run in a child
    parser.add_argument("--summarise-only", action="store_true",
                        help="Measure only `unionnlp summarise` (warm and cold) and write its own section.")
    args = parser.parse_args(argv)
    if args.stages:
        print(json.dumps(pipeline_stages(args.stages)))
        return 0
    if args.summarise_only:
        return summarise_only(max(args.runs, 7), args.no_results)
    runs = max(args.runs, 7)
    script = str(console_script())
    py = sys.executable
    load_before = load_average()

    with tempfile.TemporaryDirectory(prefix="unionnlp-speed-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp)

        print("cold starts …", file=sys.stderr)
        cold = {
            "classify": median_wall([script, "classify", str(SEED.relative_to(ROOT))], env, runs),
            "help": median_wall([script, "--help"], env, runs),
            "sklearn": median_wall([py, "-c", "import sklearn"], env, runs),
            "jieba": median_wall([py, "-c", "import jieba; jieba.initialize()"], env, runs),
        }

        print("in-process throughput …", file=sys.stderr)
        base = seed_sentences()
        # the seed reports cycled, each pass of them documents of their own (as in a corpus)
        sentences = [(text, ctx, (i // len(base), doc))
                     for i, (text, ctx, doc) in enumerate((base * (-(-N_SENTENCES // len(base))))[:N_SENTENCES])]
        rate, proba_rate, prof_inproc = in_process_rate(sentences, args.profile)

        print("CLI on the big file …", file=sys.stderr)
        big = tmp / "big_report.txt"
        passes = big_report(big, len(base))
        out_path = tmp / "big.jsonl"
        with out_path.open("wb") as out:
            run_child([script, "classify", str(big), "-f", "jsonl"], env, stdout=out)  # warm-up; counts lines
        with out_path.open("rb") as f:
            n_big = sum(1 for _ in f)
        out_path.unlink()
        e2e = [run_child([script, "classify", str(big), "-f", "jsonl"], env) for _ in range(3)]
        e2e_wall = statistics.median(w for w, _ in e2e)
        e2e_rss = max(r for _, r in e2e)
        big_mb = big.stat().st_size / 1e6
        stages_path = tmp / "stages.json"
        with stages_path.open("wb") as out:
            run_child([py, str(Path(__file__).resolve()), "--stages", str(big)], env, stdout=out)
        stages = json.loads(stages_path.read_text())["stages"]

        print("summarise, warm and cold …", file=sys.stderr)
        summarise, cold_summarise, _, _ = summarise_speed(script, env, tmp)

        prof_cold = ""
        if args.profile:
            prof_out = tmp / "cold.prof"
            subprocess.run([py, "-m", "cProfile", "-o", str(prof_out), script, "classify", str(SEED)],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            buf = io.StringIO()
            pstats.Stats(str(prof_out), stream=buf).sort_stats("cumulative").print_stats(20)
            prof_cold = buf.getvalue()

    load_after = load_average()
    from unionnlp import paths

    model_mb = paths.default_model_path().stat().st_size / 1e6
    e2e_rate = n_big / e2e_wall
    today = _dt.date.today().isoformat()
    lines = [
        SECTION,
        "",
        f"Run {today} with `python bench/speed.py` on {machine()}. "
        f"Load average (1/5/15 min) {load_before} before, {load_after} after: the machine is shared, "
        "so other work shows in these figures. Wall times are medians; ratios are measured ÷ target.",
        "",
        "| measure | median | target | ratio |",
        "| --- | ---: | ---: | --- |",
        f"| cold `unionnlp classify seeds/{SEED.name}` ({runs} runs) | {cold['classify']:.3f} s | ≤ {TARGET_COLD_S} s "
        f"| {ratio_note(cold['classify'], TARGET_COLD_S, True)} |",
        f"| in-process `classify_sentences`, {N_SENTENCES:,} sentences, model loaded (3 runs) | {rate:,.0f} sentences/s "
        f"| ≥ {TARGET_RATE:,.0f}/s | {ratio_note(rate, TARGET_RATE, False)} |",
        f"| CLI end to end: `unionnlp classify` on one {big_mb:.0f} MB file, {n_big:,} sentences, JSONL out (3 runs) "
        f"| {e2e_wall:.2f} s = {e2e_rate:,.0f} sentences/s | ≥ {TARGET_E2E_RATE:,.0f}/s "
        f"| {ratio_note(e2e_rate, TARGET_E2E_RATE, False)} |",
        f"| peak memory (max RSS) of that CLI run | {e2e_rss:.0f} MB | < {TARGET_RSS_MB:.0f} MB "
        f"| {ratio_note(e2e_rss, TARGET_RSS_MB, True)} |",
        f"| warm `unionnlp summarise --org 山东` (5 runs after one warm-up) | {summarise:.3f} s | ≤ {TARGET_SUMMARISE_S} s "
        f"| {ratio_note(summarise, TARGET_SUMMARISE_S, True)} |",
        f"| cold `unionnlp summarise --org 山东`: first call, analyses the seeds (3 runs, empty cache each) "
        f"| {cold_summarise:.3f} s | < {TARGET_SUMMARISE_COLD_S} s | {ratio_note(cold_summarise, TARGET_SUMMARISE_COLD_S, True)} |",
        f"| size of the shipped model file `models/themes.npz` | {model_mb:.2f} MB | ≤ {TARGET_MODEL_MB:.0f} MB "
        f"| {ratio_note(model_mb, TARGET_MODEL_MB, True)} |",
        "",
        "Context (cold, fresh processes, medians of "
        f"{runs}): `unionnlp --help` {cold['help']:.3f} s; `python -c \"import sklearn\"` {cold['sklearn']:.3f} s; "
        f"`python -c \"import jieba; jieba.initialize()\"` {cold['jieba']:.3f} s. "
        f"Of the in-process figure, the model's `predict_proba` alone runs at {proba_rate:,.0f} sentences/s; "
        "the rest is building one `SentencePrediction` per sentence.",
        "",
        "Where the CLI's time and memory go on the big file (the same steps as `unionnlp classify`, run stage by "
        "stage in one fresh process, one run; peak RSS is the high-water mark at the end of each stage):",
        "",
        "| stage | seconds | share | peak RSS after |",
        "| --- | ---: | ---: | ---: |",
        *[
            f"| {name} | {sec:.2f} | {sec / max(sum(v[0] for v in stages.values()), 1e-9):.0%} | {rss:.0f} MB |"
            for name, (sec, rss) in stages.items()
        ],
        "",
        "Notes:",
        "",
        f"- Inputs: the seeds' {len(base)} sentences, each with its neighbours in its report as the CLI passes them "
        f"(`document_contexts`), cycled to {N_SENTENCES:,} for the in-process figure; for the CLI, "
        f"the five seed reports written one after another {passes} times into one file (which the CLI segments into "
        f"{n_big:,} sentences).",
        "- Every child is a fresh process of the console script installed beside the interpreter, run once untimed "
        "first; bytecode caching is on (`PYTHONPYCACHEPREFIX` in a temporary folder) as in a normal install, and "
        "`UNIONNLP_CACHE` points at a temporary folder. Each command is started, timed and measured by a small go-between process, so its `ru_maxrss` (`os.wait4`) is its own and not inherited from the benchmark process (which grows while classifying in-process).",
        "- Nothing here is asserted: the figures depend on the machine and its load.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.profile:
        print("### cProfile: in-process classify_sentences\n\n" + prof_inproc)
        print("### cProfile: cold CLI classify\n\n" + prof_cold)
    if not args.no_results:
        write_results(text)
        print(f"updated {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
