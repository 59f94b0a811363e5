"""What the commands share: diagnostics, exit codes, output to stdout or a file, input options and iteration.

The CLI is the only part of the package that prints or exits.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

from unionnlp.errors import UnionNLPError, UsageError

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
    """Where a command's results go: stdout, or a file it must not clobber.

    A file is written under a temporary name beside it and renamed into place
    on ``close``, so a failed run never leaves half a file or destroys the old one.
    """

    def __init__(self, path: Optional[Path], force: bool):
        if path is not None and path.exists() and not force:
            raise UsageError(f"{path}: already exists; pass --force to overwrite it")
        self.path = path
        self._tmp = None
        self._file = None

    def write(self, text: str) -> None:
        if self.path is None:
            sys.stdout.buffer.write(text.encode("utf-8"))  # flushed on close
            return
        if self._file is None:
            import tempfile

            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            self._file = open(fd, "w", encoding="utf-8", newline="")
        self._file.write(text)

    def close(self) -> None:
        if self.path is None:
            sys.stdout.flush()
            return
        if self._file is None:
            self.write("")
        self._file.close()
        Path(self._tmp).replace(self.path)


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
    from unionnlp.text.segment import segment_document
    from unionnlp.text.read import iter_documents

    for item in iter_documents(inputs, encoding):
        if isinstance(item, UnionNLPError):
            _err(str(item))
            failures.append(str(item))
            continue
        yield item.name, segment_document(item)


ModelOpt = Annotated[
    Optional[Path], typer.Option("--model", "-m", help="Model file (default: the shipped model).")
]


def _iter_segmented_progress(inputs: list[str], encoding: Optional[str], failures: list[str]) -> Iterator:
    """Like _iter_segmented, with a progress bar on stderr for long batches on a terminal."""
    from unionnlp.text.read import expand_inputs

    names = [n for n in expand_inputs(inputs) if not isinstance(n, UnionNLPError)]
    if len(names) < 20 or not sys.stderr.isatty():
        yield from _iter_segmented(inputs, encoding, failures)
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("classifying", total=len(names))
        for item in _iter_segmented(inputs, encoding, failures):
            progress.advance(task)
            yield item


JobsOpt = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", min=1, help="Worker processes (default: the number of CPUs)."),
]
IndexPathOpt = Annotated[
    Optional[Path],
    typer.Option("--index", help="Corpus index to read (default: the corpus's index in the user cache, "
                  "created or updated as needed)."),
]
NoIndexOpt = Annotated[
    bool, typer.Option("--no-index", help="Analyse the corpus directly instead of reading its index.")
]


def _ago(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 129600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def _note_update(report) -> None:
    """Say on stderr what an index update did (nothing if it had nothing to do)."""
    if report is None:
        return
    if report.rebuilt:
        _note(f"{report.rebuilt}; rebuilding {report.path}")
    elif report.created:
        _note(f"building index {report.path} for {report.corpus}")
    for problem in report.errors:
        _err(problem)
    parts = [f"{len(report.added)} added"] if report.added else []
    parts += [f"{len(report.changed)} changed"] if report.changed else []
    parts += [f"{len(report.removed)} removed"] if report.removed else []
    parts += [f"{len(report.renamed)} renamed"] if report.renamed else []
    if parts and not report.created and not report.rebuilt:
        _note(f"updated index: {', '.join(parts)}")


def _note(message: str) -> None:
    sys.stderr.write(f"unionnlp: {message}\n")
    sys.stderr.flush()


def _note_using(index) -> None:
    import time

    _note(f"using index {index.path}, {index.documents:,} reports, "
          f"updated {_ago(time.time() - index.updated_at)} ago")


def _open_index(corpus, index, model=None):
    """The corpus's index, brought up to date, with the stderr lines saying so."""
    from unionnlp.corpus.index import open_index

    idx, report = open_index(corpus, index, model=model)
    _note_update(report)
    _note_using(idx)
    return idx
