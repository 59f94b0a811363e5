"""The per-corpus analysis a brief is built from, computed directly.

The analysis of a corpus (segmentation, attribution, theme labels, jieba
tokens, IDF) is what :func:`unionnlp.briefs.selection.summarise` reads through
four questions: the organisations (``attribution``), the sentences of some
organisations (``sentences_of``), which organisations have text
(``orgs_with_text``) and the IDF of some words (``idf_of``).  ``load_analysis``
answers them from memory after analysing every file (kept for the process,
keyed by the files' bytes, the model and the analysis code);
:class:`unionnlp.corpus.index.IndexAnalysis` answers them from a corpus index,
which is what makes later calls on a large corpus cheap.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

CACHE_FORMAT = 1
# Modules whose behaviour the cached analysis depends on (paths in the unionnlp package):
# a change to any of them (a new release, a developer's edit) gives a new cache key.
_ANALYSIS_MODULES = (
    "text/read.py", "text/repair.py", "text/segment.py",
    "corpus/load.py",
    "orgs/gazetteer.py", "orgs/names.py", "orgs/sections.py", "orgs/attribution.py",
    "themes/features.py", "themes/model.py", "themes/classify.py",
    "briefs/analysis.py", "corpus/index.py",
)

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


def idf_value(df: int, n: int) -> float:
    """Smoothed IDF of a word found in ``df`` of ``n`` sentences (as scikit-learn's)."""
    return math.log((1 + n) / (1 + df)) + 1.0


@dataclass
class _Analysis:
    directory: str
    documents: list[str]
    attribution: object  # unionnlp.orgs.attribution.Attribution
    sentences: list[_Sent]
    idf: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.idf:
            df: dict[str, int] = {}
            for s in self.sentences:
                for w in set(_content_words(s.tokens)):
                    df[w] = df.get(w, 0) + 1
            n = len(self.sentences) or 1
            self.idf = {w: idf_value(c, n) for w, c in df.items()}

    def sentences_of(self, names: set[str]) -> list[_Sent]:
        """The sentences of these organisations (full names), in corpus order."""
        return [s for s in self.sentences if s.org in names]

    def orgs_with_text(self) -> set[str]:
        """Organisations with at least one sentence."""
        return {s.org for s in self.sentences if s.org}

    def idf_of(self, words: Iterable[str]) -> dict[str, float]:
        """IDF of the given words (those the corpus has)."""
        return {w: self.idf[w] for w in set(words) if w in self.idf}


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
    h = hashlib.sha256()
    h.update(code_identity().encode() + b"model\0" + _model_digest(model).encode())
    for path in files:
        h.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _analyse(directory: Path, model) -> _Analysis:
    """Segment, attribute, classify and tokenise a corpus (the slow path)."""
    from unionnlp.themes.classify import classify_sentences, document_contexts
    from unionnlp.corpus.load import load_corpus
    from unionnlp.themes.features import cut_words
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
    sentences = []
    for (heading, s), pred in zip(items, preds):
        org = attribution.org_of(s.doc, s.para)
        tokens = tuple(cut_words(s.text)) if org is not None else ()
        sentences.append(_Sent(s.doc, s.para, s.sent, s.text, pred.label, org, heading, tokens))
    return _Analysis(str(directory), [d.name for d in corpus.documents], attribution, sentences)


def load_analysis(corpus: str | Path | None = None, model=None) -> _Analysis:
    """The per-corpus analysis, computed directly (kept in this process until the files change)."""
    from unionnlp.paths import default_corpus_dir

    directory = Path(corpus).expanduser() if corpus is not None else default_corpus_dir()
    files = _corpus_files(directory)
    key = _cache_key(files, model)
    memo_key = f"{key} {directory}"  # same reports in two folders: two memos
    if memo_key in _memo:
        return _memo[memo_key]
    analysis = _analyse(directory, model)
    _memo[memo_key] = analysis
    if len(_memo) > 8:
        _memo.pop(next(iter(_memo)))
    return analysis


def code_identity() -> str:
    """SHA-256 over the source of the modules an analysis depends on (and the version)."""
    from unionnlp import __version__

    h = hashlib.sha256()
    from unionnlp.themes.features import word_segmenter

    h.update(f"unionnlp-analysis {CACHE_FORMAT} {__version__} {word_segmenter()}\n".encode())
    here = Path(__file__).resolve().parent.parent  # the unionnlp package folder
    for name in _ANALYSIS_MODULES:
        path = here / name
        if path.is_file():
            h.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def model_identity(model=None) -> str:
    """SHA-256 of the model file (or of a model object's file bytes)."""
    return _model_digest(model)


def clear_cache() -> None:
    """Forget analyses held in this process (the cache files stay)."""
    _memo.clear()
