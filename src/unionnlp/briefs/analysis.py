"""The per-corpus analysis a brief is built from, and its cache.

The analysis of a corpus (segmentation, attribution, theme labels, jieba
tokens) is cached as JSON in ``unionnlp.themes.features.cache_dir()/summarise``,
keyed by the corpus files' bytes, the model file, this package's version and
the source of the modules that produce it; a later call on an unchanged
corpus neither imports jieba nor runs the classifier.  Nothing is ever written
into the corpus folder.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

CACHE_FORMAT = 2
# Modules whose behaviour the cached analysis depends on (paths in the unionnlp package):
# a change to any of them (a new release, a developer's edit) gives a new cache key.
_ANALYSIS_MODULES = (
    "text/read.py", "text/repair.py", "text/segment.py",
    "corpus/load.py",
    "orgs/gazetteer.py", "orgs/names.py", "orgs/sections.py", "orgs/attribution.py",
    "themes/features.py", "themes/model.py", "themes/classify.py",
    "briefs/analysis.py", "briefs/quality.py",
)
# A sentence is an overview when its clauses are, each with this certainty, on at least
# this many themes (「一年来，……；……；……」); a sentence whose clauses share one theme, or
# two, stays whole under the theme the model gives it.
OVERVIEW_MIN_THEMES = 3
OVERVIEW_MIN_PROB = 0.5
_THEMES = frozenset(("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设"))

_PUNCT = re.compile(r"^[\W_]+$")
_STOPWORDS = frozenset(
    "的 了 和 与 及 在 为 等 是 对 将 把 被 让 从 以 并 也 还 又 其 之 而 或 于 由 向 着 中 上 下 "
    "一 个 这 那 有 就 都 到 要 可 各 年 月 日".split()
)


def _content_words(tokens: Iterable[str]) -> list[str]:
    out = []
    for t in tokens:
        t = t.strip().lower()
        if not t or t in _STOPWORDS or _PUNCT.match(t):
            continue
        out.append(t)
    return out


@dataclass(frozen=True)
class _Sent:
    doc: str
    para: int
    sent: int
    text: str
    label: str
    org: str | None
    heading: bool
    tokens: tuple[str, ...]
    # An overview sentence's parts on different themes: (start, end, theme) spans of ``text``
    # (see :func:`unionnlp.briefs.quality.split_clauses`); empty for any other sentence.
    parts: tuple[tuple[int, int, str], ...] = ()
    # For a 其他 sentence, the theme among the five the model likes best (if any at all):
    # a report of facts the model calls 其他 (「会议增补副主任1人，表彰先进集体91个」) can
    # still be a bullet there.
    alt: str = ""


@dataclass
class _Analysis:
    directory: str
    documents: list[str]
    attribution: object  # unionnlp.orgs.attribution.Attribution
    sentences: list[_Sent]
    idf: dict[str, float] = field(default_factory=dict)
    _joined: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.idf:
            df: dict[str, int] = {}
            for s in self.sentences:
                for w in set(_content_words(s.tokens)):
                    df[w] = df.get(w, 0) + 1
            n = len(self.sentences) or 1
            self.idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}


    def corpus_text(self) -> str:
        """Every sentence of the corpus without whitespace, one a line (for counting bigrams)."""
        if self._joined is None:
            self._joined = "\n".join(re.sub(r"\s+", "", s.text) for s in self.sentences)
        return self._joined


_memo: dict[str, _Analysis] = {}  # this process's analyses, by cache key and folder


def _corpus_files(directory: Path) -> list[Path]:
    if directory.is_dir():
        files = sorted(p for p in directory.glob("*.txt") if p.is_file())
        if files:
            return files
    # Missing folder, a file, or no reports: let the corpus loader raise its error.
    from unionnlp.corpus.load import load_corpus

    load_corpus(directory)
    return []  # pragma: no cover - load_corpus raised


def _model_digest(model) -> str:
    from unionnlp.paths import default_model_path

    if model is None or isinstance(model, (str, Path)):
        path = Path(model) if model is not None else default_model_path()
        if not path.is_file():
            from unionnlp.themes.classify import get_model

            get_model(model)  # raises the ModelError that says how to fix it
        return hashlib.sha256(path.read_bytes()).hexdigest()
    from unionnlp.themes.model import model_bytes

    return hashlib.sha256(model_bytes(model)).hexdigest()


def _cache_key(files: list[Path], model) -> str:
    from unionnlp import __version__

    h = hashlib.sha256()
    h.update(f"unionnlp-summarise {CACHE_FORMAT} {__version__}\n".encode())
    here = Path(__file__).resolve().parent.parent  # the unionnlp package folder
    for name in _ANALYSIS_MODULES:
        path = here / name
        if path.is_file():
            h.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    h.update(b"model\0" + _model_digest(model).encode())
    for path in files:
        h.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _cache_path(key: str) -> Path:
    from unionnlp.themes.features import cache_dir

    return cache_dir() / "summarise" / f"{key}.json"


def _to_json(analysis: _Analysis) -> dict:
    att = analysis.attribution
    return {
        "format": CACHE_FORMAT,
        "directory": analysis.directory,
        "documents": analysis.documents,
        "orgs": [[o.name, list(o.short_names), o.parent, o.kind] for o in att.orgs.values()],
        "sections": [
            [s.org, s.doc, list(s.paragraphs), s.evidence, s.evidence_para, s.rule] for s in att.sections
        ],
        "sentences": [
            [s.doc, s.para, s.sent, s.text, s.label, s.org, s.heading, list(s.tokens), [list(p) for p in s.parts],
             s.alt]
            for s in analysis.sentences
        ],
        "idf": analysis.idf,
    }


def _from_json(data: dict) -> _Analysis:
    from unionnlp.orgs.attribution import Attribution, Org, Section

    if data.get("format") != CACHE_FORMAT:
        raise ValueError("cache format")
    orgs = {name: Org(name, tuple(short), parent, kind) for name, short, parent, kind in data["orgs"]}
    sections = [Section(org, doc, tuple(paras), ev, ev_para, rule)
                for org, doc, paras, ev, ev_para, rule in data["sections"]]
    sentences = [
        _Sent(doc, para, sent, text, label, org, bool(heading), tuple(tokens), tuple(tuple(p) for p in parts), alt)
        for doc, para, sent, text, label, org, heading, tokens, parts, alt in data["sentences"]
    ]
    return _Analysis(data["directory"], list(data["documents"]), Attribution(sections, orgs), sentences,
                     dict(data["idf"]))


def _analyse(directory: Path, model) -> _Analysis:
    """Segment, attribute, classify and tokenise a corpus (the slow path)."""
    from unionnlp.themes.classify import classify_sentences, document_contexts
    from unionnlp.corpus.load import load_corpus
    from unionnlp.themes.features import jieba_tokenizer
    from unionnlp.orgs.attribution import attribute_orgs

    corpus = load_corpus(directory)
    attribution = attribute_orgs(corpus.documents)
    items = []
    for doc in corpus.documents:
        for p in doc.paragraphs:
            for s in p.sentences:
                items.append((p.heading, s))
    contexts = [c for doc in corpus.documents for c in document_contexts(doc)]
    preds = classify_sentences([s.text for _, s in items], model, contexts=contexts)
    tokenizer = jieba_tokenizer()
    sentences = []
    for (heading, s), pred in zip(items, preds):
        org = attribution.org_of(s.doc, s.para)
        tokens = tuple(tokenizer.lcut(s.text, HMM=False)) if org is not None else ()
        sentences.append(_Sent(s.doc, s.para, s.sent, s.text, pred.label, org, heading, tokens,
                               alt=_alternative(pred) if org is not None else ""))
    parts = _overview_parts(sentences, contexts, model)
    sentences = [replace(s, parts=parts[i]) if i in parts else s for i, s in enumerate(sentences)]
    return _Analysis(str(directory), [d.name for d in corpus.documents], attribution, sentences)


ALT_MIN_PROB = 0.1


def _alternative(pred) -> str:
    """The best of the five themes for a sentence labelled 其他, if its probability is at
    least ALT_MIN_PROB; empty otherwise."""
    if pred.label in _THEMES:
        return ""
    theme, prob = max(((t, p) for t, p in pred.probs.items() if t in _THEMES), key=lambda tp: tp[1],
                      default=("", 0.0))
    return theme if prob >= ALT_MIN_PROB else ""


def _overview_parts(sentences: list[_Sent], contexts, model) -> dict[int, tuple[tuple[int, int, str], ...]]:
    """The parts of sentences that list work on several themes, each part with its theme
    (by the theme model, the sentence's neighbours as context), by sentence index."""
    from unionnlp.briefs.quality import split_clauses, strip_lead
    from unionnlp.themes.classify import classify_sentences

    spans, texts, ctx = [], [], []
    for i, s in enumerate(sentences):
        if s.org is None or s.heading:
            continue
        clauses = split_clauses(s.text)
        if len(clauses) < 2:
            continue
        for start, end in clauses:
            spans.append((i, start, end))
            texts.append(strip_lead(s.text[start:end])[0])
            ctx.append(contexts[i])
    if not texts:
        return {}
    preds = classify_sentences(texts, model, contexts=ctx)
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for (i, start, end), pred in zip(spans, preds):
        label = pred.label if pred.prob >= OVERVIEW_MIN_PROB else "其他"
        by_sentence.setdefault(i, []).append((start, end, label))
    out = {}
    for i, parts in by_sentence.items():
        if len({label for _, _, label in parts if label in _THEMES}) >= OVERVIEW_MIN_THEMES:
            out[i] = tuple(parts)
    return out


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_analysis(corpus: str | Path | None = None, model=None) -> _Analysis:
    """The per-corpus analysis, from the in-process memo, the cache file, or computed (and cached)."""
    from unionnlp.paths import default_corpus_dir

    directory = Path(corpus).expanduser() if corpus is not None else default_corpus_dir()
    files = _corpus_files(directory)
    key = _cache_key(files, model)
    memo_key = f"{key} {directory}"  # same reports in two folders: one cache file, two memos
    if memo_key in _memo:
        return _memo[memo_key]
    path = _cache_path(key)
    analysis = None
    if path.is_file():
        try:
            analysis = _from_json(json.loads(path.read_text(encoding="utf-8")))
            analysis.directory = str(directory)
        except (OSError, ValueError, KeyError, TypeError):
            analysis = None  # unreadable or stale cache: recompute
    if analysis is None:
        analysis = _analyse(directory, model)
        try:
            _write_atomic(path, json.dumps(_to_json(analysis), ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # a read-only cache folder only costs speed
    _memo[memo_key] = analysis
    if len(_memo) > 8:
        _memo.pop(next(iter(_memo)))
    return analysis


def clear_cache() -> None:
    """Forget analyses held in this process (the cache files stay)."""
    _memo.clear()
