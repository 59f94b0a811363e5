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
    InputsArg,
    ModelOpt,
    OutOpt,
    _fail,
    _iter_segmented_progress,
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
) -> None:
    """Label every sentence of reports with its theme (思想引领 建功立业 权益维护 关爱服务 组织建设 其他)."""
    from unionnlp.themes.classify import document_records, get_model, iter_sentence_records, paragraph_records

    failures: list[str] = []
    fmt = format or (ClassifyFormat.table if output is None and sys.stdout.isatty() else ClassifyFormat.jsonl)
    try:
        if fmt is ClassifyFormat.table and output is not None:
            raise UsageError("--format table is for the terminal; use jsonl, json or csv with --output")
        out = _Output(output, force)
        themes = get_model(model)
    except UnionNLPError as exc:
        raise _fail(exc)
    records = iter_sentence_records(_iter_segmented_progress(inputs, encoding, failures), themes, min_prob)
    if level is Level.paragraph:
        records = iter(paragraph_records(records))
    elif level is Level.document:
        records = iter(document_records(records))
    if fmt is ClassifyFormat.table:
        _render_table(list(records), level)
    elif fmt is ClassifyFormat.jsonl:
        # Streamed: a huge input never has all its records in memory at once.
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is ClassifyFormat.json:
        out.write(json.dumps(list(records), ensure_ascii=False, indent=1) + "\n")
    else:
        _write_csv(records, out)
    out.close()
    if failures:
        raise typer.Exit(EXIT_FAILURE)


def _write_csv(records: Iterator[dict], out: "_Output") -> None:
    """CSV rows, nested values (probs, shares) as JSON; streamed like JSONL."""
    from unionnlp.themes.export import csv_chunks

    for chunk in csv_chunks(records):
        out.write(chunk)
