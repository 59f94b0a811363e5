"""Preparing a new report for labelling: the model's suggestions, least sure first."""

from __future__ import annotations

from pathlib import Path

from unionnlp.themes.classify import classify_sentences, document_contexts, document_keys
from unionnlp.text.segment import segment_text
from unionnlp.text.read import read_document


def suggest_labels(report: str | Path, model=None, encoding: str | None = None) -> list[dict]:
    """Label-file records for every sentence of ``report`` with ``label`` left empty.

    Each record carries the model's ``suggested`` label and probability; the
    sentences the model is least sure of come first, so an analyst labels the
    most useful ones.  ``unionnlp labels check`` accepts the file once every
    ``label`` is filled in.
    """
    doc = read_document(report, encoding)
    name = Path(doc.name).name if doc.name != "<stdin>" else "stdin.txt"
    stem = Path(name).stem
    seg = segment_text(doc.text, name, doc.page_starts, doc.lines)
    sentences = seg.sentences
    preds = classify_sentences([s.text for s in sentences], model, contexts=document_contexts(seg),
                               documents=document_keys(seg))
    records = [
        {
            "doc": name,
            "para": s.para,
            "sent": s.sent,
            "text": s.text,
            "label": "",
            "also": [],
            "group": f"{stem}:{s.para}",
            "source": "user",
            "suggested": p.label,
            "suggested_prob": round(p.prob, 4),
            "runner_up": p.runner_up,
        }
        for s, p in zip(sentences, preds)
    ]
    records.sort(key=lambda r: (r["suggested_prob"], r["para"], r["sent"]))
    return records
