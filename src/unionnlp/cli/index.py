"""``unionnlp index``: build or update the index of a corpus folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from unionnlp.cli._util import EXIT_FAILURE, IndexPathOpt, JobsOpt, _err, _fail, _note, _write_stdout
from unionnlp.errors import UnionNLPError


def index_corpus(
    corpus: Path,
    index: Optional[Path] = None,
    *,
    jobs: Optional[int] = None,
    wait: float = 600.0,
    scheduler: Optional[str] = None,
    model=None,
    progress=None,
):
    """Build or update the index of ``corpus`` (on a Dask cluster if ``scheduler`` is given)."""
    if scheduler:
        from unionnlp.dask import update_index_dask

        return update_index_dask(corpus, index, scheduler=scheduler, model=model, wait=wait)
    from unionnlp.corpus.index import update_index

    return update_index(corpus, index, model=model, jobs=jobs, wait=wait, progress=progress)


def index_cmd(
    corpus: Annotated[Optional[Path], typer.Argument(help="Folder of reports: *.txt, *.pdf, *.docx (default: the shipped seeds).", show_default=False)] = None,
    index: IndexPathOpt = None,
    jobs: JobsOpt = None,
    wait: Annotated[float, typer.Option("--wait", help="Seconds to wait for another process updating the same index.", min=0.0)] = 600.0,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Analyse on a Dask cluster (tcp://host:8786); needs unionnlp[dask].")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", "-m", help="Model file (default: the shipped model).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    parquet: Annotated[Optional[Path], typer.Option("--parquet", help="Instead of the SQLite index, write every sentence with its theme and organisation as Parquet files partitioned by organisation into this folder (for corpora that outgrow one database; needs unionnlp[dask]).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Allow --parquet to replace an existing folder.")] = False,
) -> None:
    """Build the corpus index (SQLite) or bring it up to date: only new, changed or removed files are read."""
    from unionnlp import paths

    corpus = corpus if corpus is not None else paths.default_corpus_dir()
    if parquet is not None:
        _parquet_cmd(corpus, parquet, index=index, scheduler=scheduler, model=model, force=force, format=format)
        return
    progress = None
    if sys.stderr.isatty():
        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\rindexing {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()
    try:
        report = index_corpus(corpus, index, jobs=jobs, wait=wait, scheduler=scheduler, model=model,
                              progress=progress)
    except UnionNLPError as exc:
        raise _fail(exc)
    if report.rebuilt:
        _note(f"{report.rebuilt}; rebuilding {report.path}")
    for problem in report.errors:
        _err(problem)
    if format == "json":
        payload = {
            "index": str(report.path), "corpus": report.corpus, "documents": report.documents,
            "sentences": report.sentences, "added": report.added, "changed": report.changed,
            "removed": report.removed, "renamed": [list(r) for r in report.renamed],
            "unchanged": report.unchanged, "errors": report.errors, "rebuilt": report.rebuilt,
            "seconds": round(report.seconds, 3),
        }
        _write_stdout(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        _write_stdout(
            f"index {report.path}: {report.documents:,} reports, {report.sentences:,} sentences "
            f"({len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed, "
            f"{len(report.renamed)} renamed, {report.unchanged} unchanged) in {report.seconds:.1f} s\n"
        )
    if report.errors:
        raise typer.Exit(EXIT_FAILURE)


def _parquet_cmd(corpus: Path, out: Path, *, index, scheduler, model, force: bool, format: str) -> None:
    """``index --parquet OUT``: the sentence table as Parquet partitioned by organisation."""
    import time

    from unionnlp.errors import UsageError

    started = time.perf_counter()
    try:
        if index is not None:
            raise UsageError("--parquet writes Parquet files instead of an index: leave out --index")
        if scheduler:
            from unionnlp.dask import write_parquet_dask

            path, reports, sentences, errors = write_parquet_dask(corpus, out, scheduler=scheduler, model=model,
                                                                  force=force)
        else:
            from unionnlp.corpus.parquet import write_parquet

            path, reports, sentences, errors = write_parquet(corpus, out, model=model, force=force)
    except UnionNLPError as exc:
        raise _fail(exc)
    for problem in errors:
        _err(problem)
    seconds = time.perf_counter() - started
    if format == "json":
        payload = {"parquet": str(path), "corpus": str(corpus), "reports": reports, "sentences": sentences,
                   "errors": errors, "seconds": round(seconds, 3)}
        _write_stdout(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        _write_stdout(f"parquet {path}: {reports:,} reports, {sentences:,} sentences, partitioned by "
                      f"organisation, in {seconds:.1f} s\n")
    if errors:
        raise typer.Exit(EXIT_FAILURE)
