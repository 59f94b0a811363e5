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
from unionnlp.themes.model import ThemeModel, load_model
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
) -> list[SentencePrediction]:
    """Theme of each sentence; below ``min_prob`` the label is 不确定 (unsure).

    ``contexts`` gives each sentence's (previous, next, section heading) in its
    document (see ``document_contexts``); without it a context-aware model
    sees each sentence alone, which is less accurate on short section openers.
    Probabilities are calibrated (the model's temperature): of the sentences
    labelled with probability about p, about a share p is right, so
    ``min_prob`` means what it says.  Page furniture (bylines, 编辑/来源 lines)
    is 其他 with probability 1.
    """
    m = get_model(model)
    if not len(texts):
        return []
    proba = m.predict_proba(texts, contexts)
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
    fast, and bounded ones keep memory flat whatever the input size.
    """
    m = get_model(model)
    buffer: list[tuple[str, Sentence]] = []
    contexts: list[tuple[str, str]] = []
    chars = 0
    for path, doc in docs:
        paragraphs = doc.paragraphs if isinstance(doc, SegmentedDocument) else doc
        for sentence, context in _in_context(paragraphs):
            buffer.append((path, sentence))
            contexts.append(context)
            chars += len(sentence.text)
            if len(buffer) >= chunk or chars >= chunk_chars:
                yield from _records(buffer, contexts, m, min_prob)
                buffer, contexts, chars = [], [], 0
    if buffer:
        yield from _records(buffer, contexts, m, min_prob)


def _records(items, contexts, model: ThemeModel, min_prob: float) -> Iterator[dict]:
    preds = classify_sentences([s.text for _, s in items], model, min_prob, contexts)
    for (path, s), p in zip(items, preds):
        yield {
            "file": path,
            "para": s.para,
            "sent": s.sent,
            "start": s.start,
            "end": s.end,
            "orig_start": s.orig_start,
            "orig_end": s.orig_end,
            **({"page": s.page} if s.page is not None else {}),
            "text": s.text,
            "label": p.label,
            "prob": round(p.prob, 4),
            "runner_up": p.runner_up,
            "runner_up_prob": round(p.runner_up_prob, 4),
            "probs": {k: round(v, 4) for k, v in p.probs.items()},
        }


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
