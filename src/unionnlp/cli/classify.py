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
    InputsArg,
    ModelOpt,
    OutOpt,
    _fail,
    _iter_inputs_progress,
    _Output,
    _Run,
    _one_line,
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
) -> None:
    """Label every sentence of reports with its theme (思想引领 建功立业 权益维护 关爱服务 组织建设 其他).

    Each file is read, classified and written a paragraph at a time, so memory
    stays flat however large it is (a paragraph over 10,000 characters is cut,
    with a warning).
    """
    from unionnlp.themes.classify import (
        get_model,
        iter_document_records,
        iter_paragraph_records,
        iter_sentence_records,
    )

    run = _Run()
    fmt = format or (ClassifyFormat.table if output is None and sys.stdout.isatty() else ClassifyFormat.jsonl)
    try:
        if fmt is ClassifyFormat.table and output is not None:
            raise UsageError("--format table is for the terminal; use jsonl, json or csv with --output")
        themes = get_model(model)
        out = _Output(output, force)
    except UnionNLPError as exc:
        raise _fail(exc)
    with out:
        records = iter_sentence_records(_iter_inputs_progress(inputs, encoding, run), themes, min_prob)
        if level is Level.paragraph:
            records = iter_paragraph_records(records)
        elif level is Level.document:
            records = iter_document_records(records)
        if fmt is ClassifyFormat.table:
            _render_table(records, level, out)
        elif fmt is ClassifyFormat.jsonl:
            for r in records:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
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
