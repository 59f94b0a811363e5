"""``unionnlp classify``: label every sentence of reports with its theme."""

from __future__ import annotations

import json
import sys
from enum import Enum
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
    _err,
    _fail,
    _iter_segmented_progress,
    _open_index,
    _Output,
)
from unionnlp.errors import UnionNLPError, UsageError


class ClassifyFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


class Level(str, Enum):
    sentence = "sentence"
    paragraph = "paragraph"
    document = "document"


def _render_table(records: list[dict], level: Level) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    if level is Level.sentence:
        for col in ("file", "¶", "#", "label", "prob", "runner-up", "text"):
            table.add_column(col, overflow="fold")
        for r in records:
            table.add_row(Path(r["file"]).name, str(r["para"]), str(r["sent"]), r["label"], f"{r['prob']:.2f}",
                          f"{r['runner_up']} {r['runner_up_prob']:.2f}", r["text"])
    else:
        cols = ("file", "¶", "themes", "text") if level is Level.paragraph else ("file", "sentences", "themes")
        for col in cols:
            table.add_column(col, overflow="fold")
        for r in records:
            themes = " ".join(f"{k} {v:.0%}" for k, v in r["shares"].items())
            if level is Level.paragraph:
                table.add_row(Path(r["file"]).name, str(r["para"]), themes, r["text"][:80])
            else:
                table.add_row(Path(r["file"]).name, str(r["sentences"]), themes)
    Console().print(table)



def classify(
    inputs: InputsArg,
    format: Annotated[Optional[ClassifyFormat], typer.Option("--format", "-f", help="table (default on a terminal), jsonl (default otherwise), json or csv.")] = None,
    level: Annotated[Level, typer.Option("--level", help="Label sentences, or give each paragraph's or document's theme shares.")] = Level.sentence,
    min_prob: Annotated[float, typer.Option("--min-prob", help="Below this probability a sentence is marked 不确定.", min=0.0, max=1.0)] = 0.0,
    model: ModelOpt = None,
    encoding: EncodingOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    jobs: JobsOpt = None,
    index: IndexPathOpt = None,
    no_index: NoIndexOpt = False,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Label on a Dask cluster (tcp://host:8786); needs unionnlp[dask].")] = None,
) -> None:
    """Label every sentence of reports with its theme (思想引领 建功立业 权益维护 关爱服务 组织建设 其他)."""

    from unionnlp.themes.classify import document_records, get_model, paragraph_records

    failures: list[str] = []
    fmt = format or (ClassifyFormat.table if output is None and sys.stdout.isatty() else ClassifyFormat.jsonl)
    try:
        if fmt is ClassifyFormat.table and output is not None:
            raise UsageError("--format table is for the terminal; use jsonl, json or csv with --output")
        out = _Output(output, force)
        themes = get_model(model)
        from_index = None
        if level is Level.document and not no_index and encoding is None and scheduler is None:
            from_index = _document_records_from_index(inputs, index, model, min_prob, failures)
    except UnionNLPError as exc:
        raise _fail(exc)
    as_jsonl = fmt is ClassifyFormat.jsonl and level is Level.sentence
    if from_index is not None:
        records = iter(from_index)
    elif scheduler:
        records = _records_on_dask(inputs, scheduler, themes, min_prob, failures)
    else:
        records = _records(inputs, encoding, themes, min_prob, jobs, as_jsonl, failures)
    if level is Level.paragraph:
        records = iter(paragraph_records(records))
    elif level is Level.document and from_index is None:
        records = iter(document_records(records))
    if fmt is ClassifyFormat.table:
        _render_table(list(records), level)
    elif fmt is ClassifyFormat.jsonl:
        # Streamed: a huge input never has all its records in memory at once.
        for r in records:
            out.write(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is ClassifyFormat.json:
        out.write(json.dumps(list(records), ensure_ascii=False, indent=1) + "\n")
    else:
        _write_csv(records, out)
    out.close()
    if failures:
        raise typer.Exit(EXIT_FAILURE)


def _records(inputs, encoding, themes, min_prob, jobs, as_jsonl, failures) -> Iterator:
    """Sentence records (or, with ``as_jsonl``, JSONL text) of every input, in order: files on
    ``jobs`` processes, a big file block by block with its sentences spread over them."""
    import os

    from unionnlp.corpus.parallel import (
        big_file_units,
        classify_unit_task,
        default_jobs,
        ordered_map,
        set_classify_model,
    )
    from unionnlp.text.read import BIG_FILE_BYTES, STDIN, expand_inputs
    from unionnlp.themes.classify import iter_sentence_records

    jobs = default_jobs() if jobs is None else jobs
    names = list(expand_inputs(inputs))
    big = [n for n in names if isinstance(n, str) and n != STDIN and os.path.getsize(n) >= BIG_FILE_BYTES]
    if jobs == 1 and not big and len(names) < 2:
        # one small input: the plain path (no pool, no unit bookkeeping)
        yield from iter_sentence_records(_iter_segmented_progress(inputs, encoding, failures), themes, min_prob)
        return

    def units():
        for name in names:
            if isinstance(name, UnionNLPError):
                yield ("error", str(name))
            elif name == STDIN:
                yield from _stdin_units(encoding, min_prob, as_jsonl)
            elif name in big:
                yield from big_file_units(name, encoding, min_prob, as_jsonl)
            else:
                yield ("file", name, min_prob, encoding, as_jsonl)

    def work():
        # A generator all the way: the pool pulls units as it has room, so a big file
        # is never in memory whole, and results come back in input order.
        return ordered_map(classify_unit_task, units(), jobs, initializer=set_classify_model,
                           initargs=(themes,), in_flight=4)

    for error, result in work():
        if error is not None:
            _err(error)
            failures.append(error)
            continue
        if isinstance(result, str):
            if result:
                yield result
        else:
            yield from result


def _stdin_units(encoding, min_prob, as_jsonl) -> Iterator[tuple]:
    """Standard input, read here (a worker cannot), as ``rows`` units."""
    from unionnlp.text.read import read_document
    from unionnlp.text.segment import segment_document
    from unionnlp.themes.classify import document_contexts

    try:
        doc = read_document("-", encoding)
    except UnionNLPError as exc:
        yield ("error", str(exc))
        return
    seg = segment_document(doc)
    rows = [(s.para, s.sent, s.start, s.end, s.text) for s in seg.sentences]
    contexts = document_contexts(seg)
    for lo in range(0, len(rows), 8192):
        yield ("rows", doc.name, rows[lo : lo + 8192], contexts[lo : lo + 8192], min_prob, as_jsonl)


def _records_on_dask(inputs, scheduler, themes, min_prob, failures) -> Iterator[dict]:
    from unionnlp.dask import classify_files_dask
    from unionnlp.text.read import STDIN, expand_inputs

    paths = []
    for name in expand_inputs(inputs):
        if isinstance(name, UnionNLPError) or name == STDIN:
            message = str(name) if name != STDIN else "-: stdin cannot be sent to a Dask cluster"
            _err(message)
            failures.append(message)
        else:
            paths.append(name)
    yield from classify_files_dask(paths, scheduler=scheduler, model=themes, min_prob=min_prob)


def _document_records_from_index(inputs, index, model, min_prob, failures) -> list[dict] | None:
    """Document records from the corpus index, when the input is one folder with an index
    (or ``--index``); None otherwise (classify directly)."""
    from pathlib import Path as _Path

    from unionnlp.corpus.index import default_index_path
    from unionnlp.themes.classify import document_records
    from unionnlp.themes.labels import UNSURE

    if len(inputs) != 1 or not _Path(inputs[0]).is_dir():
        return None
    folder = _Path(inputs[0])
    if index is None and not default_index_path(folder).exists():
        return None
    idx = _open_index(folder, index, model)
    for problem in idx.unreadable():
        _err(problem)
        failures.append(problem)
    flat = []
    for name, rows in idx.document_labels():
        path = str(folder / name)
        for para, _sent, label, prob in rows:
            flat.append({"file": path, "para": para, "label": UNSURE if prob < min_prob else label})
    return document_records(flat)


def _write_csv(records: Iterator[dict], out: "_Output") -> None:
    """CSV rows, nested values (probs, shares) as JSON; streamed like JSONL."""
    from unionnlp.themes.export import csv_chunks

    for chunk in csv_chunks(records):
        out.write(chunk)
