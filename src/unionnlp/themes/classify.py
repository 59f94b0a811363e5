"""Labelling the sentences of reports with their themes.

Input is repaired and segmented exactly as ``unionnlp segment`` does; each
sentence gets its label, its probability and the runner-up.  Paragraph and
document views aggregate sentence labels into shares.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from unionnlp.themes.features import neighbours
from unionnlp.themes.labels import LABELS, UNSURE
from unionnlp.themes.model import BLOCK_PARAGRAPHS, ThemeModel, load_model
from unionnlp.text.segment import Paragraph, Sentence, SegmentedDocument, segment_text


@dataclass(frozen=True)
class SentencePrediction:
    """The theme of one sentence, with the model's confidence."""

    label: str
    prob: float
    runner_up: str
    runner_up_prob: float
    probs: dict


@lru_cache(maxsize=4)
def _cached_model(path: str | None) -> ThemeModel:
    return load_model(path)


def get_model(model: ThemeModel | str | Path | None = None) -> ThemeModel:
    """A model object from a model, a path, or None for the shipped default (loaded once)."""
    if isinstance(model, ThemeModel):
        return model
    return _cached_model(str(model) if model is not None else None)


def classify_sentences(
    texts: Sequence[str],
    model: ThemeModel | str | Path | None = None,
    min_prob: float = 0.0,
    contexts: Sequence[tuple[str, ...]] | None = None,
    documents: Sequence | None = None,
) -> list[SentencePrediction]:
    """Theme of each sentence; below ``min_prob`` the label is 不确定 (unsure).

    ``contexts`` gives each sentence's (previous, next, section heading) in its
    document (see ``document_contexts``); without it a context-aware model
    sees each sentence alone, which is less accurate on short section openers.
    ``documents`` gives each sentence's document (a key, the same for the
    sentences of one document; ``document_keys`` for a segmented one): the
    model then also reads the rest of the document, as ``classify`` does.
    Probabilities are calibrated (the model's temperature): of the sentences
    labelled with probability about p, about a share p is right, so
    ``min_prob`` means what it says.  Page furniture (bylines, 编辑/来源 lines)
    is 其他 with probability 1.
    """
    m = get_model(model)
    if not len(texts):
        return []
    proba = m.predict_proba(texts, contexts, documents)
    order = proba.argsort(axis=1)[:, ::-1]
    out = []
    for row, idx in zip(proba, order):
        best, second = int(idx[0]), int(idx[1])
        label = m.labels[best]
        if float(row[best]) < min_prob:
            label = UNSURE
        out.append(
            SentencePrediction(
                label=label,
                prob=float(row[best]),
                runner_up=m.labels[second],
                runner_up_prob=float(row[second]),
                probs={m.labels[i]: float(row[i]) for i in range(len(m.labels))},
            )
        )
    return out


def _in_context(paragraphs: Iterable[Paragraph]) -> Iterator[tuple[Sentence, tuple[str, str]]]:
    """Each sentence of one document with its (previous, next) sentence, read
    one paragraph at a time (what ``document_contexts`` gives for a whole document)."""
    previous, pending = "", None
    for p in paragraphs:
        for s in p.sentences:
            if pending is not None:
                yield pending, (previous, s.text)
                previous = pending.text
            pending = s
    if pending is not None:
        yield pending, (previous, "")


def iter_sentence_records(
    docs: Iterable[tuple[str, SegmentedDocument | Iterable[Paragraph]]],
    model: ThemeModel | str | Path | None = None,
    min_prob: float = 0.0,
    chunk: int = 8192,
    chunk_chars: int = 1 << 18,
) -> Iterator[dict]:
    """One record per sentence of every document: file, para, sent, text, label, prob, runner-up.

    A document is a ``SegmentedDocument`` or its paragraphs as an iterator
    (``unionnlp.text.segment.iter_paragraphs``), so a huge file is read,
    classified and written a block at a time.  Sentences are classified in
    chunks across documents (at most ``chunk`` sentences or about
    ``chunk_chars`` characters): large batches are what make classification
    fast, and bounded ones keep memory flat whatever the input size.  A chunk ends
    only where a block of a document ends (``BLOCK_PARAGRAPHS`` paragraphs, a whole
    report as a rule), so that each sentence is read with the same rest of its
    document however the input is cut.
    """
    m = get_model(model)
    buffer: list[tuple[str, Sentence]] = []
    contexts: list[tuple[str, str]] = []
    blocks: list[tuple[int, int]] = []
    chars = 0
    for number, (path, doc) in enumerate(docs):
        paragraphs = doc.paragraphs if isinstance(doc, SegmentedDocument) else doc
        for sentence, context in _in_context(paragraphs):
            block = (number, sentence.para // BLOCK_PARAGRAPHS)
            if buffer and block != blocks[-1] and (len(buffer) >= chunk or chars >= chunk_chars):
                yield from _records(buffer, contexts, blocks, m, min_prob)
                buffer, contexts, blocks, chars = [], [], [], 0
            buffer.append((path, sentence))
            contexts.append(context)
            blocks.append(block)
            chars += len(sentence.text)
    if buffer:
        yield from _records(buffer, contexts, blocks, m, min_prob)


def _records(items, contexts, blocks, model: ThemeModel, min_prob: float) -> Iterator[dict]:
    preds = classify_sentences([s.text for _, s in items], model, min_prob, contexts, blocks)
    for (path, s), p in zip(items, preds):
        yield _record(path, s.para, s.sent, s.text, s.start, s.end, s.orig_start, s.orig_end, s.page, p)


def _record(file, para, sent, text, start, end, orig_start, orig_end, page, p) -> dict:
    """One sentence's record, as ``classify`` writes it (JSONL ``json.dumps`` of this)."""
    return {
        "file": file,
        "para": para,
        "sent": sent,
        "start": start,
        "end": end,
        "orig_start": orig_start,
        "orig_end": orig_end,
        **({"page": page} if page is not None else {}),
        "text": text,
        "label": p.label,
        "prob": round(p.prob, 4),
        "runner_up": p.runner_up,
        "runner_up_prob": round(p.runner_up_prob, 4),
        "probs": {k: round(v, 4) for k, v in p.probs.items()},
    }


# ---------------------------------------------------------------------------
# JSONL written directly: what ``json.dumps(record, ensure_ascii=False)`` gives for
# each record of ``iter_sentence_records``, without building a dict per sentence.
# ---------------------------------------------------------------------------

_PROB_REPR: list[str] = []


def _prob_strings(proba) -> list[str]:
    """``repr(round(p, 4))`` of every probability of ``proba``, row by row.

    round(p, 4) is the double nearest k / 10**4, k the exact value of p * 10**4 rounded
    half to even, so its repr is that of k / 10000 (a table).  k is found in numpy from
    the computed product, which is within 1e-12 of the exact one: where that could
    decide a tie (within 1e-6 of a half), or for anything outside [0, 1], Python's
    round decides."""
    import numpy as np

    if not _PROB_REPR:
        _PROB_REPR.extend(repr(k / 10000) for k in range(10001))
    flat = np.ascontiguousarray(proba, dtype=np.float64).ravel()
    scaled = flat * 10000.0
    with np.errstate(invalid="ignore"):
        doubtful = ~((flat >= 0.0) & (flat <= 1.0)) | (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    keys = np.rint(np.where(doubtful, 0.0, scaled)).astype(np.int64).tolist()
    out = list(map(_PROB_REPR.__getitem__, keys))
    for i in np.flatnonzero(doubtful).tolist():
        out[i] = repr(round(float(flat[i]), 4))
    return out


def _jsonl_lines(files: Sequence[str], rows: Sequence[tuple], proba, labels: Sequence[str], min_prob: float) -> str:
    """JSONL of sentence records: ``files[i]`` the file of row ``i`` (JSON-encoded already),
    rows ``(para, sent, text, start, end, orig_start, orig_end, page)``, ``proba`` their
    probabilities (columns in ``labels`` order)."""
    from json.encoder import encode_basestring

    if not len(rows):
        return ""
    order = proba.argsort(axis=1)[:, ::-1]  # as classify_sentences orders them
    best = order[:, 0].tolist()
    second = order[:, 1].tolist()
    n_labels = len(labels)
    names = [encode_basestring(label) for label in labels]
    unsure = set()
    if min_prob > 0.0:
        unsure = {i for i, (row, b) in enumerate(zip(proba, best)) if float(row[b]) < min_prob}
    probs = _prob_strings(proba)
    probs_fmt = ", ".join(name + ": %s" for name in names)
    unsure_name = encode_basestring(UNSURE)
    out = []
    append = out.append
    for i, (file, (para, sent, text, start, end, o_start, o_end, page), b, r) in enumerate(
            zip(files, rows, best, second)):
        base = i * n_labels
        row_probs = probs[base : base + n_labels]
        append(
            '{"file": %s, "para": %d, "sent": %d, "start": %d, "end": %d, "orig_start": %d, "orig_end": %d%s, '
            '"text": %s, "label": %s, "prob": %s, "runner_up": %s, "runner_up_prob": %s, "probs": {%s}}\n'
            % (file, para, sent, start, end, o_start, o_end, "" if page is None else ', "page": %d' % page,
               encode_basestring(text), unsure_name if i in unsure else names[b], row_probs[b], names[r],
               row_probs[r], probs_fmt % tuple(row_probs))
        )
    return "".join(out)


def rows_jsonl(
    file: str,
    rows: Sequence[tuple],
    model: ThemeModel | str | Path | None = None,
    min_prob: float = 0.0,
    previous: str = "",
    following: str = "",
) -> str:
    """JSONL records (as ``iter_sentence_records`` gives them) of consecutive sentences of
    one document, given as rows ``(para, sent, text, start, end, orig_start, orig_end,
    page)``; ``previous`` and ``following`` are the sentences just before and after them
    in the document ("" at its ends)."""
    m = get_model(model)
    if not rows:
        return ""
    texts = [row[2] for row in rows]
    contexts = list(zip([previous, *texts[:-1]], [*texts[1:], following]))
    proba = m.predict_proba(texts, contexts, [row[0] // BLOCK_PARAGRAPHS for row in rows])
    from json.encoder import encode_basestring

    return _jsonl_lines([encode_basestring(file)] * len(rows), rows, proba, m.labels, min_prob)


def rows_records(
    file: str,
    rows: Sequence[tuple],
    model: ThemeModel | str | Path | None = None,
    min_prob: float = 0.0,
    previous: str = "",
    following: str = "",
) -> list[dict]:
    """The records of ``rows_jsonl`` as dicts (what ``iter_sentence_records`` yields)."""
    if not rows:
        return []
    texts = [row[2] for row in rows]
    contexts = list(zip([previous, *texts[:-1]], [*texts[1:], following]))
    preds = classify_sentences(texts, model, min_prob, contexts, [row[0] // BLOCK_PARAGRAPHS for row in rows])
    return [_record(file, para, sent, text, start, end, o_start, o_end, page, p)
            for (para, sent, text, start, end, o_start, o_end, page), p in zip(rows, preds)]


def iter_sentence_jsonl(
    docs: Iterable[tuple[str, Iterable[list[tuple]]]],
    model: ThemeModel | str | Path | None = None,
    min_prob: float = 0.0,
    chunk: int = 8192,
    chunk_chars: int = 1 << 18,
) -> Iterator[str]:
    """What ``iter_sentence_records`` gives, as JSONL text (a block of lines at a time), for
    documents given as their paragraphs' sentence rows
    (:func:`unionnlp.text.segment.iter_paragraph_rows`)."""
    from json.encoder import encode_basestring

    m = get_model(model)
    files: list[str] = []
    rows: list[tuple] = []
    contexts: list[tuple[str, str]] = []
    blocks: list[tuple[int, int]] = []
    chars = 0

    def flush() -> str:
        proba = m.predict_proba([row[2] for row in rows], contexts, blocks)
        return _jsonl_lines(files, rows, proba, m.labels, min_prob)

    def full(block: tuple[int, int]) -> bool:
        # a chunk ends only where a block of a document ends (see iter_sentence_records)
        return bool(rows) and block != blocks[-1] and (len(rows) >= chunk or chars >= chunk_chars)

    for number, (path, paragraphs) in enumerate(docs):
        file = encode_basestring(path)
        previous, pending = "", None
        for para_rows in paragraphs:
            for row in para_rows:
                if pending is not None:
                    block = (number, pending[0] // BLOCK_PARAGRAPHS)
                    if full(block):
                        yield flush()
                        files, rows, contexts, blocks, chars = [], [], [], [], 0
                    files.append(file)
                    rows.append(pending)
                    contexts.append((previous, row[2]))
                    blocks.append(block)
                    chars += len(pending[2])
                    previous = pending[2]
                pending = row
        if pending is not None:
            block = (number, pending[0] // BLOCK_PARAGRAPHS)
            if full(block):
                yield flush()
                files, rows, contexts, blocks, chars = [], [], [], [], 0
            files.append(file)
            rows.append(pending)
            contexts.append((previous, ""))
            blocks.append(block)
            chars += len(pending[2])
    if rows:
        yield flush()


def sentence_records(
    docs: Iterable[tuple[str, SegmentedDocument]],
    model: ThemeModel | str | Path | None = None,
    min_prob: float = 0.0,
) -> list[dict]:
    """All sentence records as a list (see ``iter_sentence_records``)."""
    return list(iter_sentence_records(docs, model, min_prob))


def document_contexts(doc: SegmentedDocument) -> list[tuple[str, str, str]]:
    """(previous sentence, next sentence, section heading) of every sentence of one document, in order."""
    return neighbours([s.text for s in doc.sentences])


def document_keys(doc: SegmentedDocument) -> list[tuple[str, int]]:
    """Every sentence's document key (its block of the document), in order: the
    ``documents`` argument of ``classify_sentences`` for one segmented document."""
    return [(doc.name, s.para // BLOCK_PARAGRAPHS) for s in doc.sentences]


def _shares(labels: Sequence[str] | Counter) -> dict[str, float]:
    counts = labels if isinstance(labels, Counter) else Counter(labels)
    total = sum(counts.values()) or 1
    order = [label for label in (*LABELS, UNSURE) if counts[label]]
    order.sort(key=lambda label: -counts[label])
    return {label: round(counts[label] / total, 4) for label in order}


def _paragraph_record(path: str, para: int, recs: list[dict]) -> dict:
    shares = _shares([r["label"] for r in recs])
    return {
        "file": path,
        "para": para,
        "sentences": len(recs),
        "text": "".join(r["text"] for r in recs),
        "themes": list(shares),
        "shares": shares,
    }


def paragraph_records(sentence_recs: Sequence[dict]) -> list[dict]:
    """A paragraph's themes are the themes of its sentences, with their shares."""
    groups: dict[tuple[str, int], list[dict]] = {}
    for r in sentence_recs:
        groups.setdefault((r["file"], r["para"]), []).append(r)
    return [_paragraph_record(path, para, recs) for (path, para), recs in groups.items()]


def iter_paragraph_records(sentence_recs: Iterable[dict]) -> Iterator[dict]:
    """``paragraph_records`` for sentence records in document order, streamed:
    only one paragraph's sentences are held at a time."""
    for (path, para), recs in groupby(sentence_recs, key=lambda r: (r["file"], r["para"])):
        yield _paragraph_record(path, para, list(recs))


def _document_record(path: str, counts: Counter, sentences: int, paragraphs: int) -> dict:
    shares = _shares(counts)
    return {"file": path, "sentences": sentences, "paragraphs": paragraphs, "themes": list(shares), "shares": shares}


def document_records(sentence_recs: Sequence[dict]) -> list[dict]:
    """A document's themes: the share of each theme over its sentences."""
    groups: dict[str, list[dict]] = {}
    for r in sentence_recs:
        groups.setdefault(r["file"], []).append(r)
    return [
        _document_record(path, Counter(r["label"] for r in recs), len(recs), len({r["para"] for r in recs}))
        for path, recs in groups.items()
    ]


def iter_document_records(sentence_recs: Iterable[dict]) -> Iterator[dict]:
    """``document_records`` for sentence records in document order, streamed:
    a document is counted, not held."""
    for path, recs in groupby(sentence_recs, key=lambda r: r["file"]):
        counts: Counter = Counter()
        sentences = paragraphs = 0
        last = None
        for r in recs:
            counts[r["label"]] += 1
            sentences += 1
            if r["para"] != last:
                paragraphs, last = paragraphs + 1, r["para"]
        yield _document_record(path, counts, sentences, paragraphs)


def classify_text(
    text: str, model: ThemeModel | str | Path | None = None, min_prob: float = 0.0, name: str = "<text>"
) -> list[dict]:
    """Repair, segment and label a report given as a string: one record per sentence."""
    return sentence_records([(name, segment_text(text, name))], model, min_prob)
