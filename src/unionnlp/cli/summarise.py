"""``unionnlp summarise``: a short extractive brief of one organisation's work."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from unionnlp.cli._util import (
    EXIT_FAILURE,
    EncodingOpt,
    IndexPathOpt,
    NoIndexOpt,
    _err,
    _fail,
    _open_analysis,
    _warn,
    _write_stdout,
)
from unionnlp.errors import UnionNLPError


class BriefFormat(str, Enum):
    md = "md"
    text = "text"
    json = "json"
    html = "html"


class BriefOrder(str, Enum):
    source = "source"
    score = "score"


def _check_max_chars(value: int) -> int:
    if value < 1:
        raise typer.BadParameter(f"{value} is less than 1")
    return value


def summarise_cmd(
    org: Annotated[str, typer.Option("--org", help="The organisation: full or short name (山东, 洛阳, 海淀, 中通).", show_default=False)],
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Folder of reports: *.txt, *.pdf, *.docx (default: the shipped seeds).")] = None,
    max_chars: Annotated[int, typer.Option("--max-chars", help="Length budget of the brief's sentences, in characters (1 or more).", callback=_check_max_chars)] = 600,
    theme: Annotated[Optional[list[str]], typer.Option("--theme", help="Only this theme (repeat the option for more): 思想引领 建功立业 权益维护 关爱服务 组织建设.")] = None,
    format: Annotated[BriefFormat, typer.Option("--format", "-f", help="md: Chinese markdown brief with 关键数据 and 来源; html: a standalone printable page with the theme chart; text: only the sentences, one a line; json: sentences, figures, theme shares and sources.")] = BriefFormat.md,
    order: Annotated[BriefOrder, typer.Option("--order", help="Bullets within a theme: source (the reports' order) or score (best first).")] = BriefOrder.source,
    include_sub: Annotated[bool, typer.Option("--include-sub", help="Add the sections of the organisation's member organisations.")] = False,
    chart_path: Annotated[Optional[Path], typer.Option("--chart", help="Also write the organisation's theme shares as a bar chart: FILE.svg, or FILE.png (needs matplotlib).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Allow --chart to overwrite an existing file.")] = False,
    encoding: EncodingOpt = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Leave out reports that cannot be read, with a warning, and still succeed (by default they are named on stderr and the exit code is 1).")] = False,
    index: IndexPathOpt = None,
    no_index: NoIndexOpt = False,
) -> None:
    """Write a short extractive brief of one organisation's work: whole sentences that report it, by theme, its key figures and their sources."""
    from unionnlp.briefs.render import brief_to_dict, render_html, render_markdown, render_text
    from unionnlp.briefs.selection import summarise

    try:
        if chart_path is not None:
            from unionnlp.briefs.chart import check_chart_path
            from unionnlp.files import check_output_path

            check_chart_path(chart_path)
            check_output_path(chart_path, force, option="--chart")
        # The corpus index (in the user cache unless --index), or, with --no-index or
        # when the cache folder cannot be used, the corpus analysed directly.
        analysis = None if no_index else _open_analysis(corpus, index, encoding=encoding)
        try:
            brief = summarise(org, corpus=corpus, max_chars=max_chars, themes=theme, include_sub=include_sub,
                              order=order.value, encoding=encoding, index=False, analysis=analysis)
        finally:
            if hasattr(analysis, "close"):
                analysis.close()
        if chart_path is not None:
            from unionnlp.briefs.chart import write_chart

            write_chart(brief.shares, chart_path, f"{brief.org} 主题占比（按句）")
    except UnionNLPError as exc:
        _report_unreadable(getattr(exc, "unreadable", ()), skip_bad)
        raise _fail(exc)
    if format is BriefFormat.json:
        _write_stdout(json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=1) + "\n")
    elif format is BriefFormat.text:
        _write_stdout(render_text(brief))
    elif format is BriefFormat.html:
        _write_stdout(render_html(brief))
    else:
        _write_stdout(render_markdown(brief))
    _report_unreadable(brief.unreadable, skip_bad)
    if brief.unreadable and not skip_bad:
        raise typer.Exit(EXIT_FAILURE)


def _report_unreadable(problems, skip_bad: bool) -> None:
    # Never a silent gap: a report that could not be read is named, like `orgs` does.
    for problem in problems:
        if skip_bad:
            _warn(f"{problem} (left out: --skip-bad)")
        else:
            _err(problem)
