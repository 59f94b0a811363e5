"""Brief quality: ROUGE of `unionnlp summarise` against human condensations, beside baselines.

The reference: seed 001's "•地方经验" page condenses, by hand, the six speeches
printed in seed 003.  For each of the six organisations

* reference  = 001's condensed section for it (its body sentences, without the
  place-name header and the headline), ``references/<slug>.ref.txt``;
* hypothesis = ``summarise(org, corpus=<a temporary folder holding only 003>,
  max_chars=<the reference's length>)``: the brief never sees 001, and must find
  the organisation's section in 003 itself;
* baselines  = lead sentences, snownlp ``summary``, TextRank4ZH and sumy's
  LexRank, each given 003's speech body for that organisation
  (``references/<slug>.src.txt``, title and signature lines removed) and the
  same character budget.

Every system is cut to the budget the same way: its units in its own rank
order, each added when it still fits, the rest skipped; baselines' outputs are
put back in document order (snownlp and TextRank4ZH return score order).
snownlp and TextRank4ZH output clauses/sentences without their final
punctuation, so their budget buys slightly more words than ours: the
comparison is, if anything, tilted towards them.

ROUGE: rouge-chinese's ``rouge_n`` and ``rouge_l_summary_level`` (F-measure) over
jieba words (unionnlp's private tokenizer, HMM off), punctuation tokens
removed, one hypothesis/reference sentence per unit — what ``Rouge.get_scores``
does after its own sentence cut, without letting punctuation tokens score.

TextRank4ZH does not run with networkx 3; it is run in a separate virtualenv
(default ``/work/bench-venv``; override with ``--textrank4zh-python``), made with
``python -m venv /work/bench-venv && /work/bench-venv/bin/pip install textrank4zh
"networkx<3" scipy jieba`` (networkx 2.8's pagerank needs scipy).  If that interpreter is missing the column says so
and no number is made up.

Usage:  python bench/summarise_rouge.py [--write-references] [--no-results]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = ROOT / "seeds"
REFS = HERE / "references"
RESULTS = HERE / "RESULTS.md"
SECTION = "## Brief quality (ROUGE)"
REPORT_001 = "001_65fd7466eb936db1.txt"
SPEECHES_003 = "003_635ee0eaa2035469.txt"
DEFAULT_TR4ZH_PYTHON = "/work/bench-venv/bin/python"

# slug, query for `summarise`, 001 body paragraphs (reference), 003 speech body paragraphs (source).
# 001: each section is header (place), headline, body; 洛阳's has a "文字整理" credit line too.
# 003: each speech is body, then its headline and its signature line (left out here).
ORGS = [
    ("heilongjiang", "黑龙江", [27, 28, 29], list(range(1, 7))),
    ("shandong", "山东", [32, 33, 34], list(range(9, 18))),
    ("guangdong", "广东", [37, 38, 39, 40], list(range(20, 29))),
    ("chongqing", "重庆", [43, 44, 45], list(range(31, 42))),
    ("luoyang", "洛阳", [49, 50, 51], list(range(44, 55))),
    ("zhongtong", "中通", [54, 55, 56], list(range(57, 65))),
]

OURS = "**unionnlp summarise** (default: TextRank, facts first, MMR)"
_PUNCT_TOKEN = re.compile(r"^[\W_]+$")


# --- references -----------------------------------------------------------------


def write_references() -> None:
    from unionnlp.text.segment import segment_file

    d001 = segment_file(SEEDS / REPORT_001)
    d003 = segment_file(SEEDS / SPEECHES_003)
    REFS.mkdir(parents=True, exist_ok=True)
    for slug, _, ref_paras, src_paras in ORGS:
        ref = [s.text for p in d001.paragraphs if p.index in ref_paras for s in p.sentences]
        (REFS / f"{slug}.ref.txt").write_text("\n".join(ref) + "\n", encoding="utf-8")
        src = [p.text for p in d003.paragraphs if p.index in src_paras]
        (REFS / f"{slug}.src.txt").write_text("\n\n".join(src) + "\n", encoding="utf-8")


def read_reference(slug: str) -> list[str]:
    return [line for line in (REFS / f"{slug}.ref.txt").read_text(encoding="utf-8").splitlines() if line.strip()]


def read_source(slug: str) -> str:
    return (REFS / f"{slug}.src.txt").read_text(encoding="utf-8").strip()


def budget_of(reference: list[str]) -> int:
    return sum(len(re.sub(r"\s+", "", s)) for s in reference)


# --- cutting to the budget ----------------------------------------------------------


def fit(ranked: list[tuple[int, str]], budget: int) -> list[str]:
    """Units (position, text) in rank order → those that fit, in document order."""
    chosen, used = [], 0
    for pos, text in ranked:
        n = len(re.sub(r"\s+", "", text))
        if n == 0 or used + n > budget:
            continue
        chosen.append((pos, text))
        used += n
    return [t for _, t in sorted(chosen)]


# --- systems ----------------------------------------------------------------------


def brief_sentences(query: str, corpus: Path, budget: int, order: str = "document", **kw) -> list[str]:
    """The brief's sentences in document order (as the baselines' are), or as printed ("brief")."""
    from unionnlp.briefs.selection import summarise

    sents = summarise(query, corpus=corpus, max_chars=budget, **kw).sentences
    if order == "document":
        sents = sorted(sents, key=lambda s: (s.doc, s.para, s.sent))
    return [s.text for s in sents]


def with_settings(query: str, corpus: Path, budget: int, **settings) -> list[str]:
    """The default brief with some of ``unionnlp.briefs.selection``'s settings changed (ablations)."""
    import unionnlp.briefs.selection as summarise_module

    old = {name: getattr(summarise_module, name) for name in settings}
    for name, value in settings.items():
        setattr(summarise_module, name, value)
    try:
        return brief_sentences(query, corpus, budget)
    finally:
        for name, value in old.items():
            setattr(summarise_module, name, value)


def lead(source: str, budget: int) -> list[str]:
    from unionnlp.text.segment import segment_text

    sents = [s.text for s in segment_text(source).sentences]
    return fit(list(enumerate(sents)), budget)


def snownlp_summary(source: str, budget: int) -> list[str]:
    from snownlp import SnowNLP

    s = SnowNLP(source)
    sents = s.sentences
    ranked = s.summary(limit=len(sents))  # score order
    position = {}
    for i, t in enumerate(sents):
        position.setdefault(t, i)
    return fit([(position[t], t) for t in ranked], budget)


def lexrank(source: str, budget: int) -> list[str]:
    from sumy.nlp.stemmers import null_stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    doc = PlaintextParser.from_string(source, Tokenizer("chinese")).document
    summarizer = LexRankSummarizer(null_stemmer)
    summarizer.stop_words = get_stop_words("chinese")
    sentences = list(doc.sentences)
    # LexRankSummarizer.__call__ step by step, to get every sentence's rating
    words = [summarizer._to_words_set(s) for s in sentences]
    tf = summarizer._compute_tf(words)
    idf = summarizer._compute_idf(words)
    matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
    scores = summarizer.power_method(matrix, summarizer.epsilon)
    order = sorted(range(len(sentences)), key=lambda i: -scores[i])
    return fit([(i, str(sentences[i])) for i in order], budget)


_TR4ZH = r"""
import json, logging, sys, warnings
warnings.simplefilter("ignore")
import jieba
jieba.setLogLevel(logging.WARNING)
from textrank4zh import TextRank4Sentence
out = []
for text in json.load(sys.stdin):
    tr = TextRank4Sentence()
    tr.analyze(text=text, lower=True, source="all_filters")
    out.append([[item["index"], item["sentence"]] for item in tr.get_key_sentences(num=10**6)])
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def textrank4zh_all(sources: list[str], python: str) -> list[list[tuple[int, str]]] | str:
    """Ranked sentences of each source by TextRank4ZH, or the reason it could not run."""
    if not Path(python).exists():
        return f"not run: {python} not found (TextRank4ZH needs networkx<3, see the docstring)"
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([python, "-c", _TR4ZH], input=json.dumps(sources, ensure_ascii=False),
                          capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return f"not run: {last}"
    return [[(i, s) for i, s in ranked] for ranked in json.loads(proc.stdout)]


# --- ROUGE ------------------------------------------------------------------------


def _tokens(sentence: str) -> str:
    from unionnlp.themes.features import jieba_tokenizer

    words = jieba_tokenizer().lcut(sentence, HMM=False)
    return " ".join(w for w in words if w.strip() and not _PUNCT_TOKEN.match(w))


def rouge(hyp: list[str], ref: list[str]) -> tuple[float, float, float]:
    from rouge_chinese import rouge_score

    h = [t for t in map(_tokens, hyp) if t]
    r = [t for t in map(_tokens, ref) if t]
    if not h:
        return (0.0, 0.0, 0.0)  # rouge-chinese raises on an empty hypothesis
    return (
        rouge_score.rouge_n(h, r, 1)["f"],
        rouge_score.rouge_n(h, r, 2)["f"],
        rouge_score.rouge_l_summary_level(h, r)["f"],
    )


# --- main -------------------------------------------------------------------------


def run(tr4zh_python: str) -> tuple[list[str], dict, dict, dict]:
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.getLogger("jieba").setLevel(logging.WARNING)
    systems = [OURS, "unionnlp, centroid scoring", "unionnlp, lead-order scoring",
               "unionnlp, budget shared by theme weight (the rule before)", "unionnlp, no facts-first weights",
               "unionnlp, no theme coverage (ablation)", "unionnlp, as printed (brief order)",
               "lead", "snownlp", "TextRank4ZH", "sumy LexRank"]
    scores: dict[str, dict[str, tuple]] = {s: {} for s in systems}
    outputs: dict[str, dict[str, list[str]]] = {s: {} for s in systems}
    notes: dict[str, str] = {}
    sources = {slug: read_source(slug) for slug, *_ in ORGS}
    tr = textrank4zh_all([sources[slug] for slug, *_ in ORGS], tr4zh_python)
    if isinstance(tr, str):
        notes["TextRank4ZH"] = tr
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "only003"
        corpus.mkdir()
        shutil.copy(SEEDS / SPEECHES_003, corpus / SPEECHES_003)
        for k, (slug, query, _, _) in enumerate(ORGS):
            ref = read_reference(slug)
            budget = budget_of(ref)
            src = sources[slug]
            runs = {
                OURS: brief_sentences(query, corpus, budget),
                "unionnlp, centroid scoring": brief_sentences(query, corpus, budget, scoring="centroid"),
                "unionnlp, lead-order scoring": brief_sentences(query, corpus, budget, scoring="lead"),
                "unionnlp, budget shared by theme weight (the rule before)":
                    with_settings(query, corpus, budget, THEME_SHARES=True),
                "unionnlp, no facts-first weights":
                    with_settings(query, corpus, budget, FACT_WEIGHT=0.0, GENERAL_WEIGHT=0.0),
                "unionnlp, no theme coverage (ablation)": with_settings(query, corpus, budget, _THEME_QUOTAS=False),
                "unionnlp, as printed (brief order)": brief_sentences(query, corpus, budget, order="brief"),
                "lead": lead(src, budget),
                "snownlp": snownlp_summary(src, budget),
                "sumy LexRank": lexrank(src, budget),
            }
            if not isinstance(tr, str):
                runs["TextRank4ZH"] = fit(tr[k], budget)
            for system, hyp in runs.items():
                scores[system][slug] = rouge(hyp, ref)
                outputs[system][slug] = hyp
    return systems, scores, outputs, notes


def table(systems, scores, notes) -> str:
    slugs = [slug for slug, *_ in ORGS]
    names = {slug: query for slug, query, *_ in ORGS}
    lines = [
        "| system | " + " | ".join(names[s] for s in slugs) + " | **mean R-1** | **mean R-2** | **mean R-L** |",
        "| --- |" + " ---: |" * (len(slugs) + 3),
    ]
    means = {}
    for system in systems:
        if not scores[system]:
            lines.append(f"| {system} | " + " | ".join("—" for _ in slugs) + " | — | — | — |")
            continue
        cells = []
        for slug in slugs:
            r1, r2, rl = scores[system][slug]
            cells.append(f"{r1:.3f} / {r2:.3f} / {rl:.3f}")
        m = [sum(scores[system][s][i] for s in slugs) / len(slugs) for i in range(3)]
        means[system] = m
        lines.append(f"| {system} | " + " | ".join(cells) + f" | **{m[0]:.3f}** | **{m[1]:.3f}** | **{m[2]:.3f}** |")
    return "\n".join(lines), means


def write_results(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^" + re.escape(SECTION) + r".*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _: text, old)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-references", action="store_true", help="Rebuild references/ from the seeds.")
    parser.add_argument("--no-results", action="store_true", help="Print only; do not update RESULTS.md.")
    parser.add_argument("--show", action="store_true", help="Print every system's output too.")
    parser.add_argument("--textrank4zh-python", default=DEFAULT_TR4ZH_PYTHON)
    args = parser.parse_args(argv)
    if args.write_references or not all((REFS / f"{slug}.ref.txt").exists() for slug, *_ in ORGS):
        write_references()
    systems, scores, outputs, notes = run(args.textrank4zh_python)
    body, means = table(systems, scores, notes)
    ours = means[OURS]
    baselines = [s for s in ("lead", "snownlp", "TextRank4ZH", "sumy LexRank") if s in means]
    verdict = []
    for i, metric in enumerate(("ROUGE-1", "ROUGE-2", "ROUGE-L")):
        best = max(baselines, key=lambda s: means[s][i])
        word = "beats" if ours[i] > means[best][i] else "does NOT beat"
        verdict.append(f"{metric}: unionnlp {ours[i]:.3f} {word} the best baseline ({best} {means[best][i]:.3f})")
    losses = []
    for slug, query, *_ in ORGS:
        for s in baselines:
            for i, metric in enumerate(("R-1", "R-2", "R-L")):
                if scores[s][slug][i] > scores[OURS][slug][i]:
                    losses.append(f"{query} {metric}: {s} {scores[s][slug][i]:.3f} > {scores[OURS][slug][i]:.3f}")
    date = _dt.date.today().isoformat()
    budgets = ", ".join(f"{q} {budget_of(read_reference(slug))}" for slug, q, *_ in ORGS)
    text = "\n".join([
        SECTION,
        "",
        f"Run {date} with `python bench/summarise_rouge.py`. Cells: ROUGE-1 / ROUGE-2 / ROUGE-L F "
        "(rouge-chinese over jieba words, punctuation dropped).",
        "Reference: 001's hand-condensed section of each organisation (bench/references/*.ref.txt). "
        "unionnlp briefs are built from a folder holding only 003 (the brief finds the organisation's "
        "section itself); baselines get 003's speech body for the organisation. "
        f"Budget = the reference's length in characters ({budgets}).",
        "",
        body,
        "",
        "Notes:",
        "",
        *[f"- {v}." for v in verdict],
        "- Default: TextRank over the organisation's sentences, facts first (a sentence with a figure "
        "counts twice, one with a concrete action 1.5 times, a general statement down to half), MMR "
        "selection (λ = 1) with redundancy judged on characters, content words and activity phrases "
        "(at most two bullets on one activity), each theme's best sentence first and then the best "
        "sentences of any theme. Centroid and lead-order scoring are the alternatives measured for the "
        "choice; all share the brief's rules (only whole statements that report work: no headings, "
        "slogans, captions, fragments, quotations or demands; the better-formed copy of a passage; "
        "the length budget).",
        "- Caveat: these settings were chosen on this same six-organisation bench (there is no held-out set), "
        "so the margins are optimistic; differences of ±0.02 between unionnlp variants are within what "
        "changing one sentence does here (山东's ROUGE-2 moves by 0.06 when one sentence changes).",
        "- 'budget shared by theme weight' is the rule before issue 16 (each theme filled to its share of "
        "the text before the rest goes to the best of any theme); 'no facts-first weights' drops the "
        "figure, action and general-statement weights; 'no theme coverage' drops even each theme's best "
        "sentence (one pool). The human condensations keep section subheads (聚焦形势任务… / 提升依法维权"
        "效能…), which a brief no longer does: that costs unionnlp on 黑龙江, 山东 and 广东, and is where "
        "sumy LexRank, which keeps them, gains.",
        "- 'as printed' scores the brief in its printed order (themes by weight, each theme's bullets in "
        "source order): rouge-chinese's summary-level ROUGE-L is one LCS over the whole text, so only the "
        "grouping by theme costs there now (before issue 16 bullets were printed best first and the printed "
        "ROUGE-L was 0.338); ROUGE-1/2 do not depend on order. All other rows, baselines included, are "
        "scored in document order.",
        "- Where a baseline beats unionnlp on one organisation: " + ("; ".join(losses) if losses else "nowhere") + ".",
        *[f"- {k}: {v}." for k, v in notes.items()],
        "",
    ])
    sys.stdout.write(text + "\n")
    if args.show:
        for system, per in outputs.items():
            for slug, hyp in per.items():
                sys.stdout.write(f"\n### {system} / {slug}\n" + "\n".join(hyp) + "\n")
    if not args.no_results:
        write_results(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
