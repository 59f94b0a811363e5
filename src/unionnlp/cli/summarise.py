"""``unionnlp summarise``: a short extractive brief of one organisation's work."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from unionnlp.cli._util import IndexPathOpt, NoIndexOpt, _fail, _open_index, _write_stdout
from unionnlp.errors import UnionNLPError


class BriefFormat(str, Enum):
    md = "md"
    text = "text"
    json = "json"



def summarise_cmd(
    org: Annotated[str, typer.Option("--org", help="The organisation: full or short name (山东, 洛阳, 海淀, 中通).", show_default=False)],
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Folder of *.txt reports (default: the shipped seeds).")] = None,
    max_chars: Annotated[int, typer.Option("--max-chars", help="Length budget of the brief's sentences, in characters.", min=1)] = 600,
    theme: Annotated[Optional[list[str]], typer.Option("--theme", help="Only this theme (repeat the option for more): 思想引领 建功立业 权益维护 关爱服务 组织建设.")] = None,
    format: Annotated[BriefFormat, typer.Option("--format", "-f", help="md: Chinese markdown brief with 关键数据 and 来源; text: only the sentences, one a line; json: sentences, figures and sources.")] = BriefFormat.md,
    include_sub: Annotated[bool, typer.Option("--include-sub", help="Add the sections of the organisation's member organisations.")] = False,
    index: IndexPathOpt = None,
    no_index: NoIndexOpt = False,
) -> None:
    """Write a short extractive brief of one organisation's work: its most central sentences by theme, its key figures and their sources."""
    from unionnlp.briefs.render import brief_to_dict, render_markdown, render_text
    from unionnlp.briefs.selection import summarise

    try:
        analysis = None
        if not no_index:
            from unionnlp.corpus.index import IndexAnalysis
            from unionnlp.paths import default_corpus_dir

            directory = corpus if corpus is not None else default_corpus_dir()
            analysis = IndexAnalysis(_open_index(directory, index), str(directory))
        brief = summarise(org, corpus=corpus, max_chars=max_chars, themes=theme, include_sub=include_sub,
                          index=False, analysis=analysis)
    except UnionNLPError as exc:
        raise _fail(exc)
    if format is BriefFormat.json:
        _write_stdout(json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=1) + "\n")
    elif format is BriefFormat.text:
        _write_stdout(render_text(brief))
    else:
        _write_stdout(render_markdown(brief))
