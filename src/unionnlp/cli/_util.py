"""What the commands share: diagnostics, exit codes, output to stdout or a file, input options and iteration.

The CLI is the only part of the package that prints or exits.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

from unionnlp.errors import InputError, OutputError, UnionNLPError, UsageError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029]")


def _one_line(message: str) -> str:
    """A message on one line: newlines and other control characters escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), message)


def _say(kind: str, message: str) -> None:
    try:
        sys.stderr.write(f"unionnlp: {kind}{_one_line(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # no stderr to speak to (closed): the exit code still says it


def _err(message: str) -> None:
    """One diagnostic line on stderr."""
    _say("error: ", message)


def _warn(message: str) -> None:
    """One warning line on stderr: the work goes on."""
    _say("warning: ", message)


def _note(message: str) -> None:
    """One informative line on stderr (asked for, e.g. ``--explain-encoding``)."""
    _say("", message)


def _fail(exc: UnionNLPError) -> typer.Exit:
    _err(str(exc))
    return typer.Exit(exc.exit_code)


def _silence_stdout() -> None:
    """Point stdout at the null device after a write to it failed, so that the
    interpreter's last flush at exit does not fail (and print) a second time."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (tests): nothing will flush it later


def _stdout_failed(exc: OSError) -> OutputError:
    _silence_stdout()
    return OutputError(f"<stdout>: cannot write ({exc.strerror or exc})")


@contextmanager
def _writing_stdout():
    """Around code that prints to stdout itself (rich tables): a write error is one line."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _stdout_failed(exc) from None


def _write_stdout(text: str | bytes, flush: bool = True) -> None:
    # Always UTF-8, whatever the console code page (cp936 on Windows).
    try:
        sys.stdout.buffer.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        if flush:
            sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away: the app ends quietly
    except OSError as exc:
        raise _stdout_failed(exc) from None


class _Output:
    """Where a command's results go: stdout, or a file it must not clobber.

    A file is written through :class:`unionnlp.files.OutputFile`: a regular
    file under a temporary name beside it, renamed into place on ``close``;
    a pipe or device written into.  Leaving a ``with`` block by an error (or
    calling ``discard``) leaves the old file as it was and no temporary file.
    """

    def __init__(self, path: Optional[Path], force: bool, option: str = "--output"):
        from unionnlp.files import OutputFile

        self.path = path
        self._file = OutputFile(path, force=force, option=option) if path is not None else None

    def write(self, text: str | bytes) -> None:
        if self._file is None:
            _write_stdout(text, flush=False)  # flushed on close
        else:
            self._file.write(text)

    def close(self) -> None:
        """The output is complete: flush stdout, or put the file in place."""
        if self._file is None:
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise _stdout_failed(exc) from None
        else:
            self._file.commit()

    def discard(self) -> None:
        """Nothing of this run is kept: an existing file stays as it was."""
        if self._file is not None:
            self._file.abort()

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, *exc_info) -> None:
        self.discard()  # a no-op after close


def _check_encoding(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    from unionnlp.text.read import check_encoding

    try:
        return check_encoding(value)
    except UsageError as exc:
        raise typer.BadParameter(str(exc)) from None


InputsArg = Annotated[
    list[str],
    typer.Argument(help="Report files (.txt, .pdf, .docx: told by content), folders (every *.txt, *.pdf, *.docx inside) or - for stdin.", show_default=False),
]
EncodingOpt = Annotated[
    Optional[str],
    typer.Option("--encoding", "-e", help="Decode inputs with this encoding instead of detecting it.",
                 callback=_check_encoding),
]
OutOpt = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow --output to overwrite an existing file.")]
ModelOpt = Annotated[
    Optional[Path], typer.Option("--model", "-m", help="Model file (default: the shipped model).")
]


class _Run:
    """How a batch of inputs went: how many were read, which failed."""

    def __init__(self) -> None:
        self.read = 0
        self.failures: list[str] = []

    def failed(self, exc: UnionNLPError) -> None:
        _err(str(exc))
        self.failures.append(str(exc))

    @property
    def all_failed(self) -> bool:
        return bool(self.failures) and not self.read


def _iter_inputs(inputs: list[str], encoding: Optional[str], run: _Run, explain: bool = False,
                 rows: bool = False, segment=None) -> Iterator:
    """(name, paragraphs) for every input, streamed: each file is decoded and
    segmented paragraph by paragraph, so memory does not grow with its size.
    With ``rows``, each paragraph comes as its sentence rows
    (``unionnlp.text.segment.iter_paragraph_rows``) instead of a ``Paragraph``;
    ``segment`` replaces ``iter_paragraphs`` altogether (same arguments).

    A bad input (or one that turns out undecodable half-way) is reported on
    stderr and counted in ``run``; the others go on.
    """
    from unionnlp.text.read import iter_streams
    from unionnlp.text.segment import document_name, iter_paragraph_rows, iter_paragraphs

    if segment is None:
        segment = iter_paragraph_rows if rows else iter_paragraphs

    for item in iter_streams(inputs, encoding):
        if isinstance(item, UnionNLPError):
            run.failed(item)
            continue
        if explain:
            _note(f"{item.name}: {item.encoding} ({item.how})")
        name = document_name(item.name)
        doc = item.document  # a PDF or Word file, read whole: its pages and line boxes
        paragraphs = segment(item.chunks(), name, doc.page_starts if doc else None, doc.lines if doc else ())
        try:
            first = next(paragraphs, None)
        except InputError as exc:
            run.failed(exc)
            continue
        if first is None:
            run.failed(InputError(f"{item.name}: file is empty or holds only whitespace"))
            continue
        run.read += 1
        yield item.name, _guarded(first, paragraphs, run)


def _guarded(first, paragraphs, run: _Run) -> Iterator:
    """The paragraphs of one input; a decoding error half-way is reported and ends it."""
    yield first
    try:
        yield from paragraphs
    except InputError as exc:
        run.failed(exc)


def _iter_inputs_progress(inputs: list[str], encoding: Optional[str], run: _Run, rows: bool = False) -> Iterator:
    """Like _iter_inputs, with a progress bar on stderr for long batches on a terminal."""
    from unionnlp.text.read import expand_inputs

    if not sys.stderr.isatty():
        yield from _iter_inputs(inputs, encoding, run, rows=rows)
        return
    names = [n for n in expand_inputs(inputs) if not isinstance(n, UnionNLPError)]
    if len(names) < 20:
        yield from _iter_inputs(inputs, encoding, run, rows=rows)
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("classifying", total=len(names))
        for item in _iter_inputs(inputs, encoding, run, rows=rows):
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
    parts = [f"{len(report.added)} added"] if report.added else []
    parts += [f"{len(report.changed)} changed"] if report.changed else []
    parts += [f"{len(report.removed)} removed"] if report.removed else []
    parts += [f"{len(report.renamed)} renamed"] if report.renamed else []
    if parts and not report.created and not report.rebuilt:
        _note(f"updated index: {', '.join(parts)}")


def _note_using(index) -> None:
    import time

    _note(f"using index {index.path}, {index.documents:,} reports, "
          f"updated {_ago(time.time() - index.updated_at)} ago")


def _open_index(corpus, index, model=None, encoding=None):
    """The corpus's index, brought up to date, with the stderr lines saying so.
    (The files it could not read are for the caller to name: ``idx.unreadable()``.)"""
    from unionnlp.corpus.index import open_index

    idx, report = open_index(corpus, index, model=model, encoding=encoding)
    _note_update(report)
    _note_using(idx)
    return idx


def _open_analysis(corpus, index, model=None, encoding=None, fallback: bool = True):
    """The analysis of a corpus from its index (brought up to date, saying so on
    stderr), or, when the cache folder cannot hold one, computed directly (one
    warning; None if not ``fallback``)."""
    from unionnlp.corpus.index import IndexAnalysis, open_analysis

    analysis = open_analysis(corpus, index, model=model, encoding=encoding, fallback=fallback)
    if isinstance(analysis, IndexAnalysis):
        _note_update(analysis.report)
        _note_using(analysis.index)
    return analysis
