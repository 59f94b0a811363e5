"""``unionnlp labels check|stats|suggest``: label files."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from unionnlp.cli._util import (
    EXIT_FAILURE,
    EncodingOpt,
    ForceOpt,
    ModelOpt,
    OutOpt,
    _err,
    _fail,
    _Output,
    _write_stdout,
)
from unionnlp.errors import UnionNLPError

labels_app = typer.Typer(help="Check, count and prepare label files.", no_args_is_help=True)


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


@labels_app.command("check")
def labels_check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Label files or folders (default: the shipped labels).")] = None,
) -> None:
    """Validate label files: JSON, fields, label names, duplicates."""
    from unionnlp import paths as default_paths
    from unionnlp.themes.labels import check_labels

    result = check_labels(paths or [default_paths.default_labels_dir()])
    for problem in result.problems:
        _err(str(problem))
    if result.problems:
        raise typer.Exit(EXIT_FAILURE)
    _write_stdout(f"ok: {len(result.records)} labelled sentences in {len(result.files)} files\n")


@labels_app.command("stats")
def labels_stats(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Label files or folders (default: the shipped labels).")] = None,
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = TextOrJson.text,
) -> None:
    """Counts of labelled sentences per label and per document."""
    from unionnlp import paths as default_paths
    from unionnlp.themes.labels import LABELS, label_stats, read_labels

    try:
        stats = label_stats(read_labels(paths or [default_paths.default_labels_dir()]))
    except UnionNLPError as exc:
        raise _fail(exc)
    if format is TextOrJson.json:
        _write_stdout(json.dumps(stats, ensure_ascii=False, indent=1) + "\n")
        return
    lines = [f"{stats['total']} sentences; sources: " + ", ".join(f"{k} {v}" for k, v in stats["sources"].items()), ""]
    lines.append("label".ljust(10) + "".join(f"{n:>8}" for n in ["count", "share"]))
    for label, n in stats["labels"].items():
        lines.append(f"{label}\t{n:>6}{n / stats['total']:>8.1%}")
    lines += ["", "document".ljust(40) + "".join(f"{label:>6}" for label in LABELS)]
    for doc, counts in stats["documents"].items():
        lines.append(doc.ljust(40) + "".join(f"{counts[label]:>8}" for label in LABELS))
    _write_stdout("\n".join(lines) + "\n")


@labels_app.command("suggest")
def labels_suggest(
    report: Annotated[str, typer.Argument(help="A report file (or - for stdin) to prepare for labelling.")],
    output: OutOpt = None,
    force: ForceOpt = False,
    model: ModelOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Write a label file for a new report: suggestions filled in, labels left empty, least sure first."""
    from unionnlp.themes.suggest import suggest_labels

    try:
        out = _Output(output, force)
    except UnionNLPError as exc:
        raise _fail(exc)
    with out:
        try:
            records = suggest_labels(report, model=model, encoding=encoding)
        except UnionNLPError as exc:
            raise _fail(exc)  # the --output file, if any, stays as it was
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out.close()
