"""The theme model file: save, load and predict with numpy alone.

A fitted TF-IDF + logistic-regression model is plain data: a vocabulary,
idf weights, a coefficient matrix and intercepts.  It is stored as a zip of
``.npy`` arrays (read with ``allow_pickle=False``) and JSON, so loading a
model file someone sent you cannot run code, and classifying needs neither
scikit-learn nor pickle.  Zip entries carry a fixed timestamp so that the same
training data gives a byte-identical file.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from unionnlp.errors import ModelError
from unionnlp.text.furniture import is_contentless
from unionnlp.themes.features import (
    CHAR13_EXTRAS,
    CONTEXT_SEP,
    _ctx_lexicon,
    lexicon_tokens,
    get_analyzer,
    normalise_joined,
    uses_context,
    with_context,
)

FORMAT = "unionnlp-theme-model"
FORMAT_VERSION = 1
LABELS = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他")
OTHER = "其他"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# What reading a truncated or corrupted zip member can raise.
_CORRUPT = (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error)
_BATCH = 2048  # texts per block of the sparse product
# What a model's members may expand to in all: a model of a million features
# is 56 MB; anything claiming more is refused before a byte is inflated.
MAX_EXPANDED_BYTES = 256 << 20
_MEMBERS = ("meta.json", "vocabulary.json", "idf.npy", "coef.npy", "intercept.npy")
# The document stage's weights: in a model trained with it (a model without them reads
# each sentence with its neighbours only, as models before it did).
_DOCUMENT_MEMBERS = ("document_coef.npy", "document_intercept.npy")
# Probabilities are read on a log scale by the document stage; furniture has exact zeros.
DOCUMENT_FLOOR = 1e-4
# A document is read in blocks of this many paragraphs (a report is one block): every way
# of classifying (serial, --jobs, an index, a huge file a block at a time) then hands the
# document stage the same sentences together.
BLOCK_PARAGRAPHS = 256


def document_block(file: str, para: int) -> tuple[str, int]:
    """The key of the block of its document a sentence is read with (:data:`BLOCK_PARAGRAPHS`)."""
    return file, para // BLOCK_PARAGRAPHS


@dataclass
class ThemeModel:
    """A TF-IDF + linear theme classifier, ready to predict."""

    labels: tuple[str, ...]
    vocabulary: list[str]
    idf: np.ndarray
    coef: np.ndarray  # (n_labels, n_features)
    intercept: np.ndarray  # (n_labels,)
    features: str = "char13"
    sublinear_tf: bool = True
    temperature: float = 1.0  # probabilities are softmax(scores / temperature)
    metadata: dict = field(default_factory=dict)
    # The document stage (:meth:`in_documents`): (n_labels, 2 * n_labels) and (n_labels,).
    document_coef: np.ndarray | None = None
    document_intercept: np.ndarray | None = None

    def __post_init__(self) -> None:
        self._index = {tok: i for i, tok in enumerate(self.vocabulary)}
        self._analyzer = get_analyzer(self.features)
        # Column-major copy so that gathering feature rows is contiguous.
        self._coef_t = np.ascontiguousarray(self.coef.T)
        # Feature sets built on character 1-3-grams get their n-grams in numpy, a batch at a time.
        self._extras = CHAR13_EXTRAS.get(self.features)
        self._ngrams = _NgramTable(self.vocabulary) if self._extras is not None else None
        self._lex_cols: tuple[dict, ...] | None = None  # lexicon tokens' columns, plain, prev: and next:

    @property
    def uses_context(self) -> bool:
        """True if the model also reads each sentence's neighbours."""
        return uses_context(self.features)

    def _inputs(self, texts: Sequence[str], contexts: Sequence[tuple[str, ...]] | None) -> Sequence[str]:
        _check_texts(texts)
        if not self.uses_context or contexts is None:
            return texts
        if len(contexts) != len(texts):
            raise ValueError("contexts must have one (previous, next[, heading]) tuple per text")
        return [with_context(t, *c) for t, c in zip(texts, contexts)]

    def decision_function(
        self, texts: Sequence[str], contexts: Sequence[tuple[str, str]] | None = None
    ) -> np.ndarray:
        """Raw linear scores, one row per text.

        ``contexts`` gives each text's (previous, next) sentence; a model
        trained with context uses it, any other model ignores it.
        """
        if self._unpacked_context(texts, contexts):
            # The sentence and its neighbours' lexicon hits, without packing them into one string.
            scores = np.tile(self.intercept, (len(texts), 1))
            for lo in range(0, len(texts), _BATCH):
                scores[lo : lo + _BATCH] += self._linear_ctx(texts[lo : lo + _BATCH], contexts[lo : lo + _BATCH])
            return scores
        texts = self._inputs(texts, contexts)
        scores = np.tile(self.intercept, (len(texts), 1))
        # In batches, so that the per-token arrays stay small whatever the input size.
        for lo in range(0, len(texts), _BATCH):
            scores[lo : lo + _BATCH] += self._linear(texts[lo : lo + _BATCH])
        return scores

    def _unpacked_context(self, texts: Sequence[str], contexts) -> bool:
        """Can ``char13+lex+ctx`` features be had from the (text, (previous, next[, heading]))
        pairs as they are?  Yes unless a part holds the separator that packing would split
        on (then the packed string is what the features are of)."""
        if self._extras is not _ctx_lexicon or self._ngrams is None or contexts is None or not self.uses_context:
            return False
        _check_texts(texts)
        if len(contexts) != len(texts):
            raise ValueError("contexts must have one (previous, next[, heading]) tuple per text")
        try:
            if CONTEXT_SEP in "".join(texts) or not {len(c) for c in contexts} <= {2, 3}:
                return False
            return CONTEXT_SEP not in "".join([part for c in contexts for part in c])
        except TypeError:  # not all strings: packing (formatting them) decides
            return False

    def _linear_ctx(self, texts: Sequence[str], contexts: Sequence[tuple[str, ...]]) -> np.ndarray:
        """:meth:`_linear_char13` of the packed inputs, from the unpacked ones: the sentence's
        n-grams and lexicon hits, its neighbours' hits as ``prev:`` and ``next:`` tokens."""
        if self._lex_cols is None:
            from unionnlp.themes.features import _CUE_TOKEN

            tokens = set(_CUE_TOKEN.values())
            self._lex_cols = tuple(
                {tok: c for tok in tokens if (c := self._index.get(prefix + tok)) is not None}
                for prefix in ("", "prev:", "next:")
            )
        main_cols, prev_cols, next_cols = self._lex_cols
        extra_docs: list[int] = []
        extra_cols: list[int] = []
        for i, (text, context) in enumerate(zip(texts, contexts)):
            for cols, part in ((main_cols, text), (prev_cols, context[0]), (next_cols, context[1])):
                for tok in lexicon_tokens(part):
                    c = cols.get(tok)
                    if c is not None:
                        extra_docs.append(i)
                        extra_cols.append(c)
        return self._char13_product(texts, extra_docs, extra_cols)

    def _linear(self, texts: Sequence[str]) -> np.ndarray:
        """X @ coef.T for a batch, X being the l2-normalised TF-IDF rows of ``texts``."""
        if self._ngrams is not None:
            return self._linear_char13(texts)
        lookup = self._index.get
        analyzer = self._analyzer
        cols: list[int] = []
        vals: list[int] = []
        lengths: list[int] = []
        for text in texts:
            counts = Counter(map(lookup, analyzer(text)))
            counts.pop(None, None)
            cols.extend(counts)
            vals.extend(counts.values())
            lengths.append(len(counts))
        return self._weighted(
            np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=np.float64),
            np.asarray(lengths, dtype=np.int64), len(texts),
        )

    def _linear_char13(self, texts: Sequence[str]) -> np.ndarray:
        """The same product for char13-based feature sets, with the n-grams of the whole batch
        found by array operations: every sentence's n-grams are integer keys, looked up in the
        vocabulary's hash table (see :class:`_NgramTable`); only the other tokens (lexicon hits,
        context) are built per sentence in Python."""
        mains = [t.split(CONTEXT_SEP, 1)[0] for t in texts]
        lookup = self._index.get
        extras = self._extras
        extra_docs: list[int] = []
        extra_cols: list[int] = []
        for i, text in enumerate(texts):
            for tok in extras(text):
                c = lookup(tok)
                if c is not None:
                    extra_docs.append(i)
                    extra_cols.append(c)
        return self._char13_product(mains, extra_docs, extra_cols)

    def _char13_product(self, mains: Sequence[str], extra_docs: list[int], extra_cols: list[int]) -> np.ndarray:
        """The product from each sentence's n-grams (of ``mains``) and its other features
        (``extra_cols[k]`` is a feature of sentence ``extra_docs[k]``)."""
        n = len(mains)
        docs, cols = self._ngrams.batch(mains)
        if extra_docs:
            docs = np.concatenate((docs, np.asarray(extra_docs, dtype=np.int64)))
            cols = np.concatenate((cols, np.asarray(extra_cols, dtype=np.int64)))
        # Count each (sentence, feature) pair: sorted, so each sentence's features are contiguous.
        n_features = max(len(self.vocabulary), 1)
        keys = docs * n_features + cols
        if n * n_features < 1 << 31:
            keys = keys.astype(np.int32)  # the same numbers, sorted faster in 32 bits
        pairs, counts = np.unique(keys, return_counts=True)
        pairs = pairs.astype(np.int64)
        row = pairs // n_features
        lengths = np.bincount(row, minlength=n)
        return self._weighted(pairs % n_features, counts.astype(np.float64), lengths, n)

    def _weighted(self, col: np.ndarray, tf: np.ndarray, length: np.ndarray, n: int) -> np.ndarray:
        """Scores from each row's (feature, count) pairs, rows given by their lengths in order."""
        out = np.zeros((n, len(self.labels)))
        if not len(col):
            return out
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        weight = tf * self.idf[col]
        nonempty = length > 0
        starts = np.concatenate(([0], np.cumsum(length)[:-1]))[nonempty]
        norms = np.ones(n)
        norms[nonempty] = np.sqrt(np.add.reduceat(weight * weight, starts))
        weight /= np.repeat(norms, length)
        out[nonempty] = np.add.reduceat(self._coef_t[col] * weight[:, None], starts, axis=0)
        return out

    @property
    def uses_documents(self) -> bool:
        """True if the model also reads the rest of each sentence's document."""
        return self.document_coef is not None

    def predict_proba(
        self,
        texts: Sequence[str],
        contexts: Sequence[tuple[str, ...]] | None = None,
        documents: Sequence | None = None,
    ) -> np.ndarray:
        """Probability of each label (columns in ``self.labels`` order) per text.

        Calibrated: the scores are divided by the model's temperature before
        the softmax.  Page furniture that carries no content (a credit, an
        编辑/来源/发布日期 line, a running head, 分享到, a ——题记; see
        :mod:`unionnlp.text.furniture`) is 其他 with probability 1, whatever
        the scores say: this is the one place where that rule is applied, so the
        CLI, the Python API, the spaCy component and evaluation all agree.

        ``documents`` gives each text's document (any hashable key, the same for
        the sentences of one document, :func:`document_block` for long ones): a
        model with a document stage then reads each sentence with the rest of its
        document (:meth:`in_documents`).  Without it each text is read alone.
        """
        scores = self.decision_function(texts, contexts)
        proba = calibrated_proba(scores, self.temperature, texts, self.labels)
        if documents is not None and self.uses_documents:
            proba = self.in_documents(proba, documents, texts)
        return proba

    def in_documents(self, proba: np.ndarray, documents: Sequence, texts: Sequence[str]) -> np.ndarray:
        """The document stage: from each sentence's probabilities and the mean probabilities
        of the other sentences of its document (uniform for a document of one sentence), a
        multinomial logistic regression gives the label's.  A report is mostly about a few
        themes: a sentence without its theme's usual words (「4名律师为女职工答疑解惑」)
        reads as what its document is about.  Furniture stays 其他 with probability 1."""
        out = document_features(proba, documents) @ self.document_coef.T + self.document_intercept
        return calibrated_proba(out, 1.0, texts, self.labels)

    def predict(self, texts: Sequence[str], contexts: Sequence[tuple[str, str]] | None = None,
                documents: Sequence | None = None) -> list[str]:
        """The most probable label per text."""
        _check_texts(texts)
        if not len(texts):
            return []
        return [self.labels[i] for i in self.predict_proba(texts, contexts, documents).argmax(axis=1)]


class _NgramTable:
    """The vocabulary's character 1-3-grams as an open-addressing hash table of integer keys.

    A 1-, 2- or 3-gram is the integer (c1 << 42) | (c2 << 21) | c3 of its code points
    (each below 2**21; a shorter gram has fewer terms), so a batch's n-grams can be
    built and looked up with array operations instead of one Python string each.
    Tokens longer than three characters (``lex:…``, ``prev:…``) are never n-grams.
    """

    _EMPTY = -1
    _MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing

    def __init__(self, vocabulary: Sequence[str]):
        # (in C-level loops: a model's vocabulary has tens of thousands of tokens, and this runs
        # on every cold start)
        lengths = np.fromiter(map(len, vocabulary), dtype=np.int64, count=len(vocabulary))
        cols = np.flatnonzero((lengths > 0) & (lengths <= 3))
        grams = list(map(vocabulary.__getitem__, cols.tolist()))
        keys = self.keys_of(grams)
        bits = max(4, int(np.ceil(np.log2(max(len(keys), 1) * 4))))
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self.keys = np.full(1 << bits, self._EMPTY, dtype=np.int64)
        self.cols = np.zeros(1 << bits, dtype=np.int64)
        slot = self._hash(keys)
        pending = np.arange(len(keys))
        while pending.size:  # linear probing, inserted a round at a time
            s = slot[pending]
            free = self.keys[s] == self._EMPTY
            # Among the pending keys whose slot is free, the first for each slot takes it.
            taken, first = np.unique(s[free], return_index=True)
            winners = pending[free][first]
            self.keys[taken] = keys[winners]
            self.cols[taken] = cols[winners]
            placed = np.zeros(len(keys), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & self._mask

    @staticmethod
    def keys_of(grams: Sequence[str]) -> np.ndarray:
        """Integer keys of strings of one to three characters."""
        if not grams:
            return np.zeros(0, dtype=np.int64)
        points = np.array(grams, dtype="<U3").view(np.uint32).reshape(-1, 3).astype(np.int64)
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        keys = points[:, 0].copy()
        two = lengths >= 2
        keys[two] = (keys[two] << 21) | points[two, 1]
        three = lengths == 3
        keys[three] = (keys[three] << 21) | points[three, 2]
        return keys

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MULT) >> self._shift).astype(np.int64)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """The column of each key, -1 where the key is not in the vocabulary."""
        slot = self._hash(keys)
        # The first probe for every key at once (most keys end there: found, or an empty slot).
        found = self.keys[slot]
        hit = found == keys
        out = np.where(hit, self.cols[slot], -1)
        active = np.flatnonzero((found != self._EMPTY) & ~hit)
        slot[active] = (slot[active] + 1) & self._mask
        while active.size:
            s = slot[active]
            found = self.keys[s]
            hit = found == keys[active]
            out[active[hit]] = self.cols[s[hit]]
            active = active[(found != self._EMPTY) & ~hit]
            slot[active] = (slot[active] + 1) & self._mask
        return out

    def batch(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every in-vocabulary character 1-3-gram of each text, as ``char13`` counts them."""
        if any("\x00" in t for t in texts):  # normalisation drops NULs inside a text
            texts = [t.replace("\x00", "") for t in texts]
        joined = normalise_joined("\x00".join(texts))
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        sep = points == 0
        row = np.cumsum(sep)
        inside = ~sep
        pair = inside[:-1] & inside[1:]
        triple = pair[:-1] & pair[1:]
        k2 = (points[:-1] << 21) | points[1:]
        k3 = (k2[:-1] << 21) | points[2:]
        keys = np.concatenate((points[inside], k2[pair], k3[triple]))
        rows = np.concatenate((row[inside], row[:-1][pair], row[:-2][triple]))
        cols = self.lookup(keys)
        hit = cols >= 0
        return rows[hit], cols[hit]


def calibrated_proba(
    scores: np.ndarray, temperature: float, texts: Sequence[str], labels: Sequence[str] = LABELS
) -> np.ndarray:
    """softmax(scores / temperature), with contentless furniture set to 其他 = 1 (in place)."""
    if temperature != 1.0:
        scores /= temperature
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    if OTHER in labels:
        rows = furniture_rows(texts)
        if rows.any():
            scores[rows] = 0.0
            scores[rows, list(labels).index(OTHER)] = 1.0
    return scores


def document_features(proba: np.ndarray, documents: Sequence) -> np.ndarray:
    """What the document stage reads of each sentence: the log of its probabilities and of the
    mean probabilities of the other sentences of its document (uniform when it is alone)."""
    if len(documents) != len(proba):
        raise ValueError("documents must have one key per text")
    n, k = proba.shape
    codes: dict = {}
    group = np.fromiter((codes.setdefault(d, len(codes)) for d in documents), dtype=np.intp, count=n)
    sums = np.zeros((len(codes), k))
    np.add.at(sums, group, proba)
    sizes = np.bincount(group, minlength=len(codes))[group]
    others = np.full_like(proba, 1.0 / k)
    many = sizes > 1
    others[many] = (sums[group[many]] - proba[many]) / (sizes[many] - 1)[:, None]
    return np.log(np.clip(np.hstack([proba, others]), DOCUMENT_FLOOR, 1.0))


def furniture_rows(texts: Sequence[str]) -> np.ndarray:
    """Which texts are page furniture without content (:func:`unionnlp.text.furniture.is_contentless`)."""
    return np.fromiter((is_contentless(t) for t in texts), dtype=bool, count=len(texts))


def _check_texts(texts) -> None:
    # A string is a sequence of one-character strings: without this check
    # model.predict("一个字符串") would classify each character.
    if isinstance(texts, (str, bytes)):
        raise TypeError(
            "texts must be a list of strings, not one string: write model.predict([text]) for one text"
        )


def _npy_bytes(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.ascontiguousarray(array), allow_pickle=False)
    return buf.getvalue()


def model_bytes(model: ThemeModel) -> bytes:
    """The model file's exact bytes (deterministic for the same model)."""
    meta = dict(model.metadata)
    meta.update(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        labels=list(model.labels),
        features=model.features,
        sublinear_tf=model.sublinear_tf,
        temperature=model.temperature,
        n_features=len(model.vocabulary),
    )
    members = {
        "meta.json": json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8"),
        "vocabulary.json": json.dumps(model.vocabulary, ensure_ascii=False).encode("utf-8"),
        "idf.npy": _npy_bytes(model.idf.astype(np.float64)),
        "coef.npy": _npy_bytes(model.coef.astype(np.float64)),
        "intercept.npy": _npy_bytes(model.intercept.astype(np.float64)),
    }
    if model.uses_documents:
        members["document_coef.npy"] = _npy_bytes(model.document_coef.astype(np.float64))
        members["document_intercept.npy"] = _npy_bytes(model.document_intercept.astype(np.float64))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in (*_MEMBERS, *(m for m in _DOCUMENT_MEMBERS if m in members)):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])
    return buf.getvalue()


def save_model(model: ThemeModel, path: str | Path) -> Path:
    """Write the model file atomically (a temporary file in the same folder,
    fsync, rename: a full disk or an interrupted run leaves the old model
    whole); returns its path."""
    from unionnlp.files import write_atomic

    return write_atomic(path, model_bytes(model), option="--out")


def _broken(path: Path, problem: str) -> ModelError:
    return ModelError(f"{path}: {problem}; retrain it with `unionnlp train --out {path}`")


def _open(path: Path) -> zipfile.ZipFile:
    try:
        if not path.exists():
            raise ModelError(f"{path}: model file not found; create it with `unionnlp train --out {path}`")
        if path.is_dir():
            raise _broken(path, "is a directory, not a model file")
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _broken(path, "is not a unionnlp model file (truncated or corrupted)") from None
    infos = zf.infolist()
    missing = [m for m in _MEMBERS if m not in {i.filename for i in infos}]
    if missing:
        zf.close()
        raise _broken(path, f"is not a unionnlp model file (missing {', '.join(missing)})")
    # What the members claim they expand to, checked before any is read: a
    # small zip can hold gigabytes of zeros (a zip bomb).
    if sum(i.file_size for i in infos) > MAX_EXPANDED_BYTES:
        zf.close()
        raise _broken(path, f"has members that would expand to more than {MAX_EXPANDED_BYTES >> 20} MB")
    return zf


def _json_member(zf: zipfile.ZipFile, name: str, path: Path, what: str):
    try:
        return json.loads(zf.read(name).decode("utf-8"))
    except (*_CORRUPT, UnicodeDecodeError, RecursionError):
        raise _broken(path, f"has unreadable {what} (truncated or corrupted)") from None


def _read_meta(zf: zipfile.ZipFile, path: Path) -> dict:
    meta = _json_member(zf, "meta.json", path, "metadata")
    if not isinstance(meta, dict):
        raise _broken(path, "has metadata that is not a JSON object")
    if meta.get("format") != FORMAT:
        raise _broken(path, "is not a unionnlp theme model")
    if meta.get("format_version") != FORMAT_VERSION:
        raise _broken(
            path,
            f"has model format version {meta.get('format_version')!r}, this unionnlp reads {FORMAT_VERSION}",
        )
    return meta


def _read_array(zf: zipfile.ZipFile, name: str, path: Path, ndim: int) -> np.ndarray:
    """A float64 array of ``ndim`` dimensions from an ``.npy`` member, its header
    checked against the member's size before the data is read."""
    member = f"{name}.npy"
    size = zf.getinfo(member).file_size
    try:
        with zf.open(member) as fp:
            version = np.lib.format.read_magic(fp)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
            else:
                raise ValueError("unknown .npy version")
            expected = int(np.prod(shape, dtype=object)) * dtype.itemsize
            if fp.tell() + expected != size:
                raise _broken(path, f"has an array ({member}) whose header does not match its size")
            if dtype.kind != "f" or dtype.itemsize != 8:
                raise _broken(path, f"has {member} of type {dtype.name}, not float64")
            if len(shape) != ndim:
                raise _broken(path, "has arrays whose shapes do not match its vocabulary and labels")
            data = fp.read(expected)
    except _CORRUPT:
        raise _broken(path, "has unreadable arrays (truncated or corrupted)") from None
    if len(data) != expected:
        raise _broken(path, "has unreadable arrays (truncated or corrupted)")
    array = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C").astype(np.float64)
    if not np.isfinite(array).all():
        raise _broken(path, f"has values that are not finite in {member}")
    return array


def read_metadata(path: str | Path) -> dict:
    """The metadata of a model file (labels, features, versions, data hash, metrics)."""
    path = Path(path)
    with _open(path) as zf:
        return _read_meta(zf, path)


def load_model(path: str | Path | None = None) -> ThemeModel:
    """Load a model file (default: the shipped model) safely: no pickle, no code.

    Every part is checked before it is used: the members' expanded size, the
    metadata and vocabulary types, each array's header against its size, its
    type (float64), shape and finiteness; a bad file raises ``ModelError``.
    """
    if path is None:
        from unionnlp.paths import default_model_path

        path = default_model_path()
    path = Path(path)
    with _open(path) as zf:
        meta = _read_meta(zf, path)
        labels = meta.get("labels")
        if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
            raise _broken(path, "has labels that are not strings")
        if len(set(labels)) != len(labels):
            raise _broken(path, "has a label twice")
        vocabulary = _json_member(zf, "vocabulary.json", path, "vocabulary")
        if not isinstance(vocabulary, list) or not set(map(type, vocabulary)) <= {str}:
            raise _broken(path, "has a vocabulary that is not a list of strings")
        if len(set(vocabulary)) != len(vocabulary):
            raise _broken(path, "has a vocabulary that lists a feature twice")
        coef = _read_array(zf, "coef", path, 2)
        idf = _read_array(zf, "idf", path, 1)
        intercept = _read_array(zf, "intercept", path, 1)
        present = {i.filename for i in zf.infolist()} & set(_DOCUMENT_MEMBERS)
        if present and len(present) != len(_DOCUMENT_MEMBERS):
            raise _broken(path, "has half of a document stage (one of its two arrays)")
        document_coef = _read_array(zf, "document_coef", path, 2) if present else None
        document_intercept = _read_array(zf, "document_intercept", path, 1) if present else None
    labels = tuple(labels)
    n_features = len(vocabulary)
    if coef.shape != (len(labels), n_features) or idf.shape != (n_features,) or intercept.shape != (len(labels),):
        raise _broken(path, "has arrays whose shapes do not match its vocabulary and labels")
    if present and (document_coef.shape != (len(labels), 2 * len(labels))
                    or document_intercept.shape != (len(labels),)):
        raise _broken(path, "has a document stage whose shapes do not match its labels")
    features = meta.get("features")
    try:
        get_analyzer(features if isinstance(features, str) else repr(features))
    except ValueError as exc:
        raise _broken(path, str(exc)) from None
    temperature = meta.get("temperature", 1.0)
    if not isinstance(temperature, (int, float)) or isinstance(temperature, bool) \
            or not np.isfinite(temperature) or temperature <= 0:
        raise _broken(path, f"has an invalid temperature {temperature!r}")
    return ThemeModel(
        labels=labels,
        vocabulary=vocabulary,
        idf=idf,
        coef=coef,
        intercept=intercept,
        features=features,
        sublinear_tf=bool(meta.get("sublinear_tf", True)),
        temperature=float(temperature),
        metadata=meta,
        document_coef=document_coef,
        document_intercept=document_intercept,
    )


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
