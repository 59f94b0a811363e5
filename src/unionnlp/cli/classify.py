"""``unionnlp classify``: label every sentence of reports with its theme."""

from __future__ import annotations

import json
import sys
import unicodedata
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

from unionnlp.cli._util import (
    EXIT_FAILURE,
    EncodingOpt,
    ForceOpt,
    IndexPathOpt,
    InputsArg,
    JobsOpt,
    ModelOpt,
    NoIndexOpt,
    OutOpt,
    _fail,
    _iter_inputs,
    _iter_inputs_progress,
    _Output,
    _Run,
    _one_line,
)
from unionnlp.errors import InputError, UnionNLPError, UsageError


class ClassifyFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


class Level(str, Enum):
    sentence = "sentence"
    paragraph = "paragraph"
    document = "document"


@lru_cache(maxsize=None)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _width(text: str) -> int:
    return sum(map(_char_width, text))


def _fold(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (Chinese characters count two)."""
    lines, line, used = [], [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width and line:
            lines.append("".join(line))
            line, used = [], 0
        line.append(ch)
        used += w
    lines.append("".join(line))
    return lines


def _plain(text: str) -> str:
    """Cell text as it is, but never a terminal control (a report may hold escape codes)."""
    return _one_line(text.replace("\t", " "))


def _table_lines(records: Iterator[dict], level: Level, total: int) -> Iterator[str]:
    """A plain-text table, one record at a time: fixed column widths (the last
    column takes the rest of the terminal), long cells folded over several
    lines.  Report text is shown as written: nothing in it is read as markup."""
    if level is Level.sentence:
        columns = [("file", 24), ("¶", 4), ("#", 3), ("label", 8), ("prob", 4), ("runner-up", 13), ("text", 0)]
    elif level is Level.paragraph:
        columns = [("file", 24), ("¶", 4), ("themes", 34), ("text", 0)]
    else:
        columns = [("file", 30), ("sentences", 9), ("themes", 0)]
    fixed = sum(w for _, w in columns) + 2 * (len(columns) - 1)
    columns[-1] = (columns[-1][0], max(20, total - fixed))
    widths = [w for _, w in columns]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip() + "\n"

    yield line([name for name, _ in columns])
    yield line(["─" * w for w in widths])
    for r in records:
        name = Path(r["file"]).name
        if level is Level.sentence:
            cells = [name, str(r["para"]), str(r["sent"]), r["label"], f"{r['prob']:.2f}",
                     f"{r['runner_up']} {r['runner_up_prob']:.2f}", r["text"]]
        else:
            themes = " ".join(f"{k} {v:.0%}" for k, v in r["shares"].items())
            if level is Level.paragraph:
                cells = [name, str(r["para"]), themes, r["text"][:200]]
            else:
                cells = [name, str(r["sentences"]), themes]
        folded = [_fold(_plain(c), w) for c, w in zip(cells, widths)]
        for i in range(max(map(len, folded))):
            yield line([f[i] if i < len(f) else "" for f in folded])


def _render_table(records: Iterator[dict], level: Level, out: "_Output") -> None:
    """The table on stdout, written as the records come (so a huge input streams
    like JSONL), as wide as the terminal (``COLUMNS``, else 100 columns)."""
    import shutil

    total = shutil.get_terminal_size((100, 24)).columns
    for text in _table_lines(records, level, total):
        out.write(text)


def _check_min_prob(value: float) -> float:
    if not 0.0 <= value <= 1.0:  # also refuses nan, which every comparison fails
        raise typer.BadParameter(f"{value:g} is not a number from 0 to 1")
    return value


def classify(
    inputs: InputsArg,
    format: Annotated[Optional[ClassifyFormat], typer.Option("--format", "-f", help="table (default on a terminal), jsonl (default otherwise), json or csv.")] = None,
    level: Annotated[Level, typer.Option("--level", help="Label sentences, or give each paragraph's or document's theme shares.")] = Level.sentence,
    min_prob: Annotated[float, typer.Option("--min-prob", help="Below this probability (0 to 1) a sentence is marked 不确定.", callback=_check_min_prob)] = 0.0,
    model: ModelOpt = None,
    encoding: EncodingOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    jobs: JobsOpt = None,
    index: IndexPathOpt = None,
    no_index: NoIndexOpt = False,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Label on a Dask cluster (tcp://host:8786); needs unionnlp[dask].")] = None,
) -> None:
    """Label every sentence of reports with its theme (思想引领 建功立业 权益维护 关爱服务 组织建设 其他).

    Each file is read, classified and written a paragraph at a time, so memory
    stays flat however large it is (a paragraph over 10,000 characters is cut,
    with a warning).  Files are classified on ``--jobs`` processes, with the
    same output, in the same order, as on one.
    """
    from unionnlp.themes.classify import get_model, iter_document_records, iter_paragraph_records

    run = _Run()
    fmt = format or (ClassifyFormat.table if output is None and sys.stdout.isatty() else ClassifyFormat.jsonl)
    try:
        if fmt is ClassifyFormat.table and output is not None:
            raise UsageError("--format table is for the terminal; use jsonl, json or csv with --output")
        themes = get_model(model)
        from_index = None
        if level is Level.document and not no_index and scheduler is None:
            from_index = _document_records_from_index(inputs, index, model, encoding, min_prob, run)
        if from_index is None:
            # The reading modules before the output file is opened: an interrupt that lands
            # while one is imported (in the exec() that makes a dataclass) leaves CPython
            # marked as interrupted even once the interrupt is handled, and the process
            # then ends by SIGINT instead of with 130.  Once the file is open, reading runs.
            import unionnlp.corpus.parallel  # noqa: F401
            import unionnlp.text.read  # noqa: F401
            import unionnlp.text.repair  # noqa: F401
            import unionnlp.text.segment  # noqa: F401
        out = _Output(output, force)
    except UnionNLPError as exc:
        raise _fail(exc)
    as_jsonl = fmt is ClassifyFormat.jsonl and level is Level.sentence
    with out:
        if from_index is not None:
            records = iter(from_index)
        elif scheduler:
            records = _records_on_dask(inputs, scheduler, themes, min_prob, run)
        else:
            records = _records(inputs, encoding, themes, min_prob, jobs, as_jsonl, run)
        if level is Level.paragraph:
            records = iter_paragraph_records(records)
        elif level is Level.document and from_index is None:
            records = iter_document_records(records)
        if fmt is ClassifyFormat.table:
            _render_table(records, level, out)
        elif fmt is ClassifyFormat.jsonl:
            for r in records:  # text already (str or UTF-8 bytes), when written as JSONL on the way
                out.write(r if isinstance(r, (str, bytes)) else json.dumps(r, ensure_ascii=False) + "\n")
        elif fmt is ClassifyFormat.json:
            _write_json_array(records, out)
        else:
            _write_csv(records, out)
        if run.all_failed:
            out.discard()  # nothing was read: an existing --output file stays as it was
        else:
            out.close()
    if run.failures:
        raise typer.Exit(EXIT_FAILURE)


def _records(inputs, encoding, themes, min_prob, jobs, as_jsonl, run: _Run) -> Iterator:
    """Sentence records (or, with ``as_jsonl``, JSONL text) of every input, in input order.

    ``jobs == 1``: read, classified and written a paragraph at a time in this
    process.  Otherwise on a pool of ``jobs`` processes: a small regular file
    goes whole to a worker (which reads it exactly as this process would); a big
    one, standard input or a pipe is read and repaired here paragraph by paragraph
    (repair is sequential: it measures a text a block at a time) and its paragraphs
    go to the workers in chunks, which segment, classify and write them (JSONL as
    UTF-8 bytes).  Results come back in input order,
    with a few units in flight per worker, so memory stays bounded and the
    output is identical to one process's.
    """
    import os
    import stat
    import warnings

    from unionnlp.corpus.parallel import (
        SMALL_FILE_BYTES,
        default_jobs,
        ordered_map,
        set_classify_model,
    )
    from unionnlp.text.read import STDIN, expand_inputs
    from unionnlp.themes.classify import iter_sentence_jsonl, iter_sentence_records

    jobs = default_jobs() if jobs is None else jobs
    names = list(expand_inputs(inputs)) if jobs > 1 else []

    def small_size(name) -> int | None:
        """The size of a small regular file (a worker reads it whole), else None."""
        if not isinstance(name, str) or name == STDIN:
            return None
        try:
            st = os.stat(name)
        except (OSError, ValueError):
            return None  # read here, where the error is reported as the serial path does
        return st.st_size if stat.S_ISREG(st.st_mode) and st.st_size < SMALL_FILE_BYTES else None

    def small(name) -> bool:
        return small_size(name) is not None

    if jobs == 1 or (len(names) < 2 and not (names and not small(names[0]) and not isinstance(names[0], UnionNLPError))):
        # one process (or one small input: no pool to start)
        if as_jsonl:
            yield from iter_sentence_jsonl(_iter_inputs_progress(inputs, encoding, run, rows=True), themes, min_prob)
        else:
            yield from iter_sentence_records(_iter_inputs_progress(inputs, encoding, run), themes, min_prob)
        return

    def chunks(name) -> Iterator[tuple]:
        """One input read and repaired here, paragraph by paragraph, as chunks of
        paragraphs that the workers segment and classify.  Each chunk goes with the
        sentences just before and after it, its first and last sentences' neighbours."""
        from unionnlp.corpus import parallel
        from unionnlp.text.segment import iter_units, sentence_spans
        from unionnlp.themes.model import BLOCK_PARAGRAPHS

        def numbered(pieces, doc_name, page_starts, lines):
            return ((page_starts, item) for item in iter_units(pieces, doc_name))

        def first_sentence(paragraphs) -> str | None:
            for _index, _offset, text, _spans, _raw in paragraphs:
                spans = sentence_spans(text)
                if spans:
                    return text[spans[0][0]:spans[0][1]]
            return None

        def last_sentence(paragraphs) -> str | None:
            for _index, _offset, text, _spans, _raw in reversed(paragraphs):
                spans = sentence_spans(text)
                if spans:
                    return text[spans[-1][0]:spans[-1][1]]
            return None

        for path, paragraphs in _iter_inputs([name], encoding, run, segment=numbered):
            limit, chunk_chars = parallel.CHUNK_SENTENCES, parallel.CHUNK_CHARS
            previous = ""
            held: list = []  # chunks waiting for the sentence after them: (paragraphs, previous)
            current: list = []
            chars = 0
            page_starts = None
            for page_starts, (index, offset, unit) in paragraphs:
                item = (index, offset, unit.text, unit.spans, unit.raw)
                # A chunk ends only where a block of the document ends, so that the model reads
                # each sentence with the same rest of its document as the serial path does.
                if current and (len(current) >= limit or chars >= chunk_chars) \
                        and index // BLOCK_PARAGRAPHS != current[-1][0] // BLOCK_PARAGRAPHS:
                    held.append((current, previous))
                    last = last_sentence(current)
                    previous = previous if last is None else last
                    current, chars = [], 0
                if held:  # the first sentence after the chunks held, if this paragraph has one
                    following = first_sentence([item])
                    if following is not None:
                        for waiting, before in held:
                            yield ("units", (path, page_starts, waiting, before, following, min_prob, as_jsonl))
                        held = []
                current.append(item)
                chars += len(unit.text)
            if current:
                held.append((current, previous))
            for k, (waiting, before) in enumerate(held):
                after = first_sentence([p for later, _ in held[k + 1:] for p in later])
                yield ("units", (path, page_starts, waiting, before, after or "", min_prob, as_jsonl))

    def units() -> Iterator[tuple]:
        # Small files go to the workers a few at a time, classified as one stream: the
        # model's fixed cost per call (numpy on a few dozen sentences) made one file a
        # task 28% slower per file than the serial path.
        batch: list[tuple] = []
        batch_bytes = 0
        for name in names:
            size = None if isinstance(name, UnionNLPError) else small_size(name)
            if size is not None:
                batch.append((name, min_prob, encoding, as_jsonl))
                batch_bytes += size
                if len(batch) >= BATCH_FILES or batch_bytes >= BATCH_BYTES:
                    yield ("files", batch)
                    batch, batch_bytes = [], 0
                continue
            if batch:
                yield ("files", batch)
                batch, batch_bytes = [], 0
            if isinstance(name, UnionNLPError):
                yield ("error", name)
            else:
                yield from chunks(name)
        if batch:
            yield ("files", batch)

    for kind, result in ordered_map(_unit_task, units(), jobs, initializer=set_classify_model,
                                    initargs=(themes,), in_flight=8):
        if kind == "error":
            run.failed(result)
            continue
        if kind == "files":
            events, read, result = result
            for event in events:
                if event[0] == "warn":
                    warnings.warn(event[1], event[2])
                else:
                    run.failed(InputError(event[1]))
            run.read += read
        if isinstance(result, (str, bytes)):
            if result:
                yield result
        else:
            yield from result


BATCH_FILES = 16  # small files handed to a worker at once
BATCH_BYTES = 1 << 18  # or about this many bytes of them


def _unit_task(unit: tuple):
    """Run one unit of ``_records`` in a worker (an error passes through)."""
    from unionnlp.corpus.parallel import classify_files_task, classify_units_task

    kind, payload = unit
    if kind == "files":
        return kind, classify_files_task(payload)
    if kind == "units":
        return kind, classify_units_task(payload)
    return kind, payload


def _records_on_dask(inputs, scheduler, themes, min_prob, run: _Run) -> Iterator[dict]:
    from unionnlp.dask import classify_files_dask
    from unionnlp.text.read import STDIN, expand_inputs

    paths = []
    for name in expand_inputs(inputs):
        if isinstance(name, UnionNLPError):
            run.failed(name)
        elif name == STDIN:
            run.failed(UsageError("-: stdin cannot be sent to a Dask cluster"))
        else:
            paths.append(name)
    for record in classify_files_dask(paths, scheduler=scheduler, model=themes, min_prob=min_prob):
        run.read = max(run.read, 1)
        yield record


def _document_records_from_index(inputs, index, model, encoding, min_prob, run: _Run) -> list[dict] | None:
    """Document records from the corpus index, when the input is one folder with an index
    (or ``--index``); None otherwise (classify directly)."""
    from unionnlp.corpus.index import default_index_path
    from unionnlp.cli._util import _open_index
    from unionnlp.themes.classify import document_records
    from unionnlp.themes.labels import UNSURE

    if len(inputs) != 1 or not Path(inputs[0]).is_dir():
        return None
    folder = Path(inputs[0])
    if index is None:
        path = default_index_path(folder, encoding)
        if path is None or not path.exists():
            return None
    with _open_index(folder, index, model, encoding) as idx:
        for problem in idx.unreadable():
            run.failed(InputError(problem))
        flat = []
        for name, rows in idx.document_labels():
            run.read += 1
            path = str(folder / name)
            for para, _sent, label, prob in rows:
                flat.append({"file": path, "para": para, "label": UNSURE if prob < min_prob else label})
    return document_records(flat)


def _write_json_array(records: Iterator[dict], out: "_Output") -> None:
    """A JSON array written as the records come (what ``json.dumps(list, indent=1)``
    gives, without holding the list)."""
    first = True
    for r in records:
        item = json.dumps(r, ensure_ascii=False, indent=1).replace("\n", "\n ")
        out.write(("[\n " if first else ",\n ") + item)
        first = False
    out.write("[]\n" if first else "\n]\n")


def _write_csv(records: Iterator[dict], out: "_Output") -> None:
    """CSV rows, nested values (probs, shares) as JSON; streamed like JSONL."""
    from unionnlp.themes.export import csv_chunks

    for chunk in csv_chunks(records):
        out.write(chunk)
