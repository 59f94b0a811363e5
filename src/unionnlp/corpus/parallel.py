"""All cores: an ordered map over a process pool, and the per-file jobs it runs.

``ordered_map(fn, items, jobs)`` gives ``fn(item)`` for every item, in the
items' order, computed by ``jobs`` worker processes (``jobs=1``: in this
process).  At most a few tasks per worker are in flight, so a slow consumer
(the one SQLite writer) never has the whole corpus's results in memory.

Workers are forked where the platform allows it (cheap: the model and the
gazetteer already loaded are shared), spawned elsewhere; the functions they
run are module-level, and each worker builds its own jieba tokenizer the
first time it needs one (a tokenizer is never pickled: jieba's global one
holds a lock).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["default_jobs", "ordered_map", "pool_context"]


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pool_context():
    """Fork where available (workers share what the parent loaded), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def ordered_map(
    fn: Callable[[Any], Any],
    items: Iterable[Any],
    jobs: int | None = None,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
    in_flight: int = 8,
) -> Iterator[Any]:
    """``fn(item)`` for each item, in order, on ``jobs`` processes (default: every CPU).

    ``initializer(*initargs)`` runs once in each worker (and once here when
    ``jobs == 1``).  An exception raised by ``fn`` is raised here, for its item.
    """
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    if jobs == 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield fn(item)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, mp_context=pool_context(), initializer=initializer,
                             initargs=initargs) as pool:
        pending: deque = deque()
        limit = jobs * max(1, in_flight)
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


# ---------------------------------------------------------------------------
# Jobs: classifying files
# ---------------------------------------------------------------------------


def classify_bytes(name: str, data: bytes, model=None, min_prob: float = 0.0,
                   encoding: str | None = None) -> tuple[str | None, list[dict]]:
    """(error, sentence records) of one file's bytes, as ``unionnlp classify`` gives them."""
    from unionnlp.errors import InputError
    from unionnlp.text.read import decode_bytes
    from unionnlp.text.segment import segment_document
    from unionnlp.themes.classify import iter_sentence_records

    try:
        doc = decode_bytes(data, name, encoding)
    except InputError as exc:
        return str(exc), []
    return None, list(iter_sentence_records([(name, segment_document(doc))], model, min_prob))


_classify_model = None


def set_classify_model(model) -> None:
    """Pool initializer: load the model once per worker."""
    global _classify_model
    from unionnlp.themes.classify import get_model

    _classify_model = get_model(model)


def classify_path_task(task: tuple[str, float, str | None, bool]) -> tuple[str | None, object]:
    """One file for ``classify --jobs``: (error, records), or (error, JSONL text) when asked."""
    import json

    from unionnlp.errors import InputError
    from unionnlp.text.read import read_document
    from unionnlp.text.segment import segment_document
    from unionnlp.themes.classify import iter_sentence_records

    path, min_prob, encoding, as_jsonl = task
    try:
        doc = read_document(path, encoding)
    except InputError as exc:
        return str(exc), ("" if as_jsonl else [])
    records = iter_sentence_records([(doc.name, segment_document(doc))], _classify_model, min_prob)
    if as_jsonl:
        return None, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return None, list(records)


def classify_unit_task(unit: tuple) -> tuple[str | None, object]:
    """One unit of ``classify`` work: a whole file (``("file", path, min_prob, encoding,
    as_jsonl)``) or a run of sentences of a big file with their neighbours
    (``("rows", name, rows, contexts, min_prob, as_jsonl)``)."""
    import json

    if unit[0] == "error":
        return unit[1], ""
    if unit[0] == "file":
        return classify_path_task(unit[1:])
    from unionnlp.text.segment import Sentence
    from unionnlp.themes.classify import _records

    _, name, rows, contexts, min_prob, as_jsonl = unit
    items = [(name, Sentence(name, para, sent, text, start, end)) for para, sent, start, end, text in rows]
    records = _records(items, contexts, _classify_model, min_prob)
    if as_jsonl:
        return None, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return None, list(records)


def big_file_units(path: str, encoding: str | None, min_prob: float, as_jsonl: bool,
                   chunk: int = 8192) -> Iterator[tuple]:
    """A big file as ``rows`` units of ``chunk`` sentences, read and segmented block by
    block (bounded memory), each sentence with its neighbours in the whole file."""
    from unionnlp.text.read import iter_text_blocks
    from unionnlp.text.segment import segment_blocks

    name = path
    doc_name = os.path.basename(path)
    rows: list[tuple] = []
    contexts: list[tuple[str, str]] = []
    previous = ""
    pending = None
    for block in segment_blocks(iter_text_blocks(path, encoding), doc_name):
        for p in block.paragraphs:
            for s in p.sentences:
                if pending is not None:
                    rows.append((pending.para, pending.sent, pending.start, pending.end, pending.text))
                    contexts.append((previous, s.text))
                    previous = pending.text
                    if len(rows) >= chunk:
                        yield ("rows", name, rows, contexts, min_prob, as_jsonl)
                        rows, contexts = [], []
                pending = s
    if pending is not None:
        rows.append((pending.para, pending.sent, pending.start, pending.end, pending.text))
        contexts.append((previous, ""))
    if rows:
        yield ("rows", name, rows, contexts, min_prob, as_jsonl)
