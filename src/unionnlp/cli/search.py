"""``unionnlp search``: find sentences across a corpus, with their organisation, theme and source."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from unionnlp.cli._util import IndexPathOpt, _fail, _open_index, _write_stdout
from unionnlp.errors import UnionNLPError, UsageError


class SearchFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


def search_corpus(query: str, corpus=None, index=None, *, org=None, include_sub=False, theme=None,
                  year=None, limit=100, idx=None):
    """The hits of ``query`` in the corpus's index (see ``unionnlp.corpus.search.search``)."""
    from unionnlp.corpus.index import open_index
    from unionnlp.corpus.search import search

    if theme is not None:  # what a filter needs is imported only when it is asked for
        from unionnlp.briefs.selection import OTHER, THEMES

        if theme not in (*THEMES, OTHER):
            raise UsageError(f"unknown theme '{theme}'; choose from {' '.join((*THEMES, OTHER))}")
    own = idx is None
    if own:
        idx, _ = open_index(corpus, index)
    try:
        names = None
        if org is not None:
            from unionnlp.orgs.resolve import resolve_org, suborgs

            attribution = idx.attribution()
            found = resolve_org(org, attribution)
            names = [found.name] + ([o.name for o in suborgs(found.name, attribution)] if include_sub else [])
        return list(search(idx, query, orgs=names, theme=theme, year=year, limit=limit))
    finally:
        if own:
            idx.close()


def search_cmd(
    query: Annotated[str, typer.Argument(help="Words to find (all of them, anywhere in a sentence): 妈妈小屋, 托育 …", show_default=False)],
    corpus: Annotated[Optional[Path], typer.Option("--corpus", "-c", help="Folder of reports: *.txt, *.pdf, *.docx (default: the shipped seeds).")] = None,
    index: IndexPathOpt = None,
    org: Annotated[Optional[str], typer.Option("--org", help="Only sentences of this organisation (full or short name).")] = None,
    include_sub: Annotated[bool, typer.Option("--include-sub", help="With --org: its member organisations too.")] = False,
    theme: Annotated[Optional[str], typer.Option("--theme", help="Only sentences of this theme.")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="Only reports of this year.")] = None,
    by_org: Annotated[bool, typer.Option("--by-org", help="One line per organisation: first and last year, sentences, files.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many sentences (0: all).", min=0)] = 100,
    format: Annotated[Optional[SearchFormat], typer.Option("--format", "-f", help="table (default on a terminal) or jsonl.")] = None,
) -> None:
    """Find sentences across the corpus (its index): file, paragraph, organisation, theme, year and text."""
    from unionnlp.corpus.search import search_by_org

    fmt = format or (SearchFormat.table if sys.stdout.isatty() else SearchFormat.jsonl)
    try:
        with _open_index(corpus, index) as idx:
            hits = search_corpus(query, org=org, include_sub=include_sub, theme=theme, year=year,
                                 limit=None if (limit == 0 or by_org) else limit, idx=idx)
    except UnionNLPError as exc:
        raise _fail(exc)
    if by_org:
        rows = search_by_org(hits)
        if fmt is SearchFormat.jsonl:
            _write_stdout("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        else:
            _table(("organisation", "since", "until", "sentences", "files"),
                   [(r["org"] or "(none)", str(r["first_year"] or "?"), str(r["last_year"] or "?"),
                     str(r["sentences"]), str(r["files"])) for r in rows])
        return
    if fmt is SearchFormat.jsonl:
        _write_stdout("".join(json.dumps(h.to_dict(), ensure_ascii=False) + "\n" for h in hits))
    else:
        _table(("file", "¶", "#", "organisation", "theme", "year", "text"),
               [(h.file, str(h.para), str(h.sent), h.org or "", h.theme, str(h.year or ""), h.text)
                for h in hits])


def _table(columns, rows) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
