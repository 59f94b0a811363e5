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
    import multiprocessing  # (not at import: the serial path never needs it)

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
                while pending and pending[0].done():  # what is ready goes on at once
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
    from unionnlp.text.read import decode_input
    from unionnlp.text.segment import segment_document
    from unionnlp.themes.classify import iter_sentence_records

    try:
        doc = decode_input(data, name, encoding)  # text, PDF or Word, by content
    except InputError as exc:
        return str(exc), []
    return None, list(iter_sentence_records([(name, segment_document(doc))], model, min_prob))


_classify_model = None


def set_classify_model(model) -> None:
    """Pool initializer: load the model once per worker."""
    global _classify_model
    from unionnlp.themes.classify import get_model

    _classify_model = get_model(model)


# A regular file under this size goes whole to a worker, which reads, segments and
# classifies it as ``unionnlp classify`` does in one process (paragraph by
# paragraph); a bigger file, standard input or a pipe is read and repaired here,
# paragraph by paragraph, and its paragraphs go to the workers in chunks, which
# segment, classify and write them (JSONL as UTF-8 bytes).  Memory stays bounded
# either way: at most a few small files or chunks per worker are in flight.
SMALL_FILE_BYTES = 1 << 20
CHUNK_SENTENCES = 8192  # at most this many paragraphs of a file read here per unit of work
CHUNK_CHARS = 3 << 16  # or about this many characters (fewer, bigger chunks cost less per sentence)


def classify_files_task(tasks: list[tuple[str, float, str | None, bool]]) -> tuple[list, int, object]:
    """A few small files for ``classify --jobs`` (``(path, min_prob, encoding, as_jsonl)``
    each, the same options): (events, files read, records), the records as JSONL (UTF-8
    bytes) when asked.  The files are read exactly as the serial path reads them
    (``cli._util._iter_inputs``), as one stream, so the model's fixed cost per call is
    paid once for them all; their warnings and failures come back as events
    (``("warn", message, category)`` or ``("fail", message)``) in the order they
    happened, to be shown by the parent."""
    import warnings

    from unionnlp.cli._util import _iter_inputs, _Run
    from unionnlp.themes.classify import iter_sentence_jsonl, iter_sentence_records

    events: list[tuple] = []

    class _Quiet(_Run):
        def failed(self, exc) -> None:
            self.failures.append(str(exc))
            events.append(("fail", str(exc)))

    paths = [task[0] for task in tasks]
    _, min_prob, encoding, as_jsonl = tasks[0]
    run = _Quiet()
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = lambda message, category, *args, **kwargs: events.append(
            ("warn", str(message), category))
        if as_jsonl:
            payload: object = "".join(iter_sentence_jsonl(
                _iter_inputs(paths, encoding, run, rows=True), _classify_model, min_prob)).encode("utf-8")
        else:
            payload = list(iter_sentence_records(_iter_inputs(paths, encoding, run), _classify_model, min_prob))
    return events, run.read, payload


def classify_units_task(unit: tuple) -> object:
    """A chunk of paragraphs of one input repaired by the parent (``(number, offset, text,
    spans, raw)`` each, the sentences just before and after them in the document):
    segmented and classified here; their records, as JSONL (UTF-8 bytes) when asked."""
    from unionnlp.text.segment import _sentence_rows
    from unionnlp.themes.classify import rows_jsonl, rows_records

    path, page_starts, paragraphs, previous, following, min_prob, as_jsonl = unit
    rows = [row for index, offset, text, spans, raw in paragraphs
            for row in _sentence_rows(index, text, spans, raw, offset, page_starts)]
    if as_jsonl:
        return rows_jsonl(path, rows, _classify_model, min_prob, previous, following).encode("utf-8")
    return rows_records(path, rows, _classify_model, min_prob, previous, following)
