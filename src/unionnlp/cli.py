"""The ``unionnlp`` command line: a thin typer layer over the Python API.

This is the only module that prints or exits.  Heavy libraries (scikit-learn,
jieba, spaCy) are imported inside the commands that need them, so that
``unionnlp --help`` and ``classify`` start fast.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

from unionnlp import __version__
from unionnlp.errors import UnionNLPError, UsageError

app = typer.Typer(
    name="unionnlp",
    help="Themes and briefs for Chinese trade-union women-workers' work reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    """One diagnostic line on stderr."""
    sys.stderr.write(f"unionnlp: error: {message}\n")
    sys.stderr.flush()


def _fail(exc: UnionNLPError) -> typer.Exit:
    _err(str(exc))
    return typer.Exit(exc.exit_code)


def _write_stdout(text: str) -> None:
    # Always UTF-8, whatever the console code page (cp936 on Windows).
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


class _Output:
    """Where a command's results go: stdout, or a file it must not clobber."""

    def __init__(self, path: Optional[Path], force: bool):
        if path is not None and path.exists() and not force:
            raise UsageError(f"{path}: already exists; pass --force to overwrite it")
        self.path = path
        self._parts: list[str] = []

    def write(self, text: str) -> None:
        if self.path is None:
            _write_stdout(text)
        else:
            self._parts.append(text)

    def close(self) -> None:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text("".join(self._parts), encoding="utf-8")


def _version_callback(value: bool) -> None:
    if value:
        _write_stdout(f"unionnlp {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Themes and briefs for Chinese trade-union women-workers' work reports."""


InputsArg = Annotated[
    list[str],
    typer.Argument(help="Report files, folders (every *.txt inside) or - for stdin.", show_default=False),
]
EncodingOpt = Annotated[
    Optional[str],
    typer.Option("--encoding", "-e", help="Decode inputs with this encoding instead of detecting it."),
]
OutOpt = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow --output to overwrite an existing file.")]


def _iter_segmented(inputs: list[str], encoding: Optional[str], failures: list[str]) -> Iterator:
    """Segmented documents for every input; bad ones are reported and skipped."""
    from unionnlp.segment import segment_text
    from unionnlp.textio import iter_documents

    for item in iter_documents(inputs, encoding):
        if isinstance(item, UnionNLPError):
            _err(str(item))
            failures.append(str(item))
            continue
        name = item.name if item.name == "<stdin>" else Path(item.name).name
        yield item.name, segment_text(item.text, name)


class SegmentFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


@app.command()
def segment(
    inputs: InputsArg,
    format: Annotated[SegmentFormat, typer.Option("--format", "-f", help="text: paragraphs and one sentence a line; jsonl: one object a sentence.")] = SegmentFormat.text,
    encoding: EncodingOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Repair and segment reports: show the paragraphs and sentences the toolkit sees."""
    failures: list[str] = []
    try:
        out = _Output(output, force)
    except UnionNLPError as exc:
        raise _fail(exc)
    several = False
    for path, doc in _iter_segmented(inputs, encoding, failures):
        if format is SegmentFormat.jsonl:
            for s in doc.sentences:
                record = {"file": path, "doc": s.doc, "para": s.para, "sent": s.sent,
                          "start": s.start, "end": s.end, "text": s.text}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            if several:
                out.write("\n")
            out.write(f"# {path}\n\n")
            out.write("\n\n".join("\n".join(s.text for s in p.sentences) for p in doc.paragraphs))
            out.write("\n")
        several = True
    out.close()
    if failures:
        raise typer.Exit(EXIT_FAILURE)


@app.command()
def info() -> None:
    """Versions of the toolkit and its libraries, and where the default data lives."""
    from importlib.metadata import PackageNotFoundError, version

    from unionnlp import paths

    lines = [f"unionnlp {__version__}", f"python {sys.version.split()[0]}"]
    for dist in ("typer", "numpy", "charset-normalizer", "scikit-learn", "jieba", "spacy", "snownlp"):
        try:
            lines.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            lines.append(f"{dist} (not installed)")
    lines.append(f"default corpus: {paths.default_corpus_dir()}")
    lines.append(f"default labels: {paths.default_labels_dir()}")
    model_path = paths.default_model_path()
    lines.append(f"default model: {model_path}" + ("" if model_path.exists() else " (missing: run `unionnlp train`)"))
    if model_path.exists():
        try:
            from unionnlp.model import read_metadata

            meta = read_metadata(model_path)
            cv = meta.get("metrics", {}).get("macro_f1")
            lines.append(f"model trained: {meta.get('created', '?')} on {meta.get('n_train', '?')} sentences"
                         + (f", cross-validated macro-F1 {cv:.3f}" if isinstance(cv, float) else ""))
        except UnionNLPError as exc:
            lines.append(f"model unreadable: {exc}")
        except ImportError:
            pass
    _write_stdout("\n".join(lines) + "\n")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except UnionNLPError as exc:  # a library error that a command did not catch itself
        _err(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
