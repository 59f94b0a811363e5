"""``unionnlp orgs``: the organisations whose work a corpus reports."""

from __future__ import annotations

import json
import sys
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
    _write_stdout,
    _writing_stdout,
)
from unionnlp.errors import UnionNLPError


class OrgsFormat(str, Enum):
    table = "table"
    json = "json"


CorpusOpt = Annotated[
    Optional[Path],
    typer.Option("--corpus", "-c", help="Folder of reports: *.txt, *.pdf, *.docx (default: the shipped seeds)."),
]


def _para_ranges(paragraphs) -> str:
    """'1-7,9' for paragraphs (1, 2, 3, 4, 5, 6, 7, 9)."""
    parts: list[str] = []
    for p in sorted(paragraphs):
        if parts and p == int(parts[-1].split("-")[-1]) + 1:
            parts[-1] = parts[-1].split("-")[0] + f"-{p}"
        else:
            parts.append(str(p))
    return ",".join(parts)


def _sections_by_org(attribution) -> dict[str, list]:
    """Each organisation's sections (a joint event's under each host), in one pass."""
    out: dict[str, list] = {}
    for sec in attribution.sections:
        for name in sec.orgs:
            out.setdefault(name, []).append(sec)
    return out


def _orgs_records(summaries, attribution, explain: bool) -> list[dict]:
    by_org = _sections_by_org(attribution) if explain else {}
    records = []
    for s in summaries:
        record = s.to_dict()
        if explain:
            record["explain"] = [
                {"file": sec.doc, "paragraphs": list(sec.paragraphs), "evidence": sec.evidence}
                for sec in by_org.get(s.name, [])
            ]
        records.append(record)
    return records


def _unattributed(attribution, documents) -> list[tuple[str, list[int], str]]:
    """Runs of paragraphs of no organisation, each with why (furniture, a banner, what the
    text names and why it did not decide)."""
    if hasattr(documents, "unattributed"):  # a corpus index keeps them
        return documents.unattributed()
    out: list[tuple[str, list[int], str]] = []
    for doc in documents:
        for p in doc.paragraphs:
            why = attribution.why_unattributed(doc.name, p.index)
            if not why:
                continue
            if out and out[-1][0] == doc.name and out[-1][2] == why and out[-1][1][-1] == p.index - 1:
                out[-1][1].append(p.index)
            else:
                out.append((doc.name, [p.index], why))
    return out


def _render_tree(attribution) -> str:
    from unionnlp.orgs.resolve import org_tree

    lines = []
    for depth, org, has_text in org_tree(attribution):
        mark = "" if has_text else "  (not in the corpus: encloses the ones below)"
        lines.append("  " * depth + org.name + f"  [{org.kind}]" + mark)
    return "\n".join(lines) + "\n"


def _render_orgs_rich(summaries, attribution, documents, explain: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text  # plain cells: names and evidence from reports are never rich markup

    table = Table(show_lines=False)
    for col in ("organisation", "parent", "kind", "sections", "¶", "sentences", "files", "also called"):
        table.add_column(col, overflow="fold")
    for s in summaries:
        table.add_row(*map(Text, (s.name, s.parent or "", s.kind, str(s.sections), str(s.paragraphs),
                                  str(s.sentences), str(s.files), " ".join(s.short_names))))
    console = Console()
    console.print(table)
    if explain:
        detail = Table(title="sections: the line that decided each", show_lines=False)
        for col in ("organisation", "file", "¶", "evidence"):
            detail.add_column(col, overflow="fold")
        for sec in attribution.sections:
            detail.add_row(*map(Text, (sec.org, sec.doc, _para_ranges(sec.paragraphs), sec.evidence)))
        for doc, left, why in _unattributed(attribution, documents):
            detail.add_row(*map(Text, ("(none)", doc, _para_ranges(left), why)))
        console.print(detail)


def _render_orgs_plain(summaries, attribution, documents, explain: bool) -> str:
    lines = ["\t".join(("organisation", "parent", "kind", "sections", "paragraphs", "sentences",
                        "files", "also called"))]
    by_org = _sections_by_org(attribution) if explain else {}
    for s in summaries:
        lines.append("\t".join((s.name, s.parent or "-", s.kind, str(s.sections), str(s.paragraphs),
                                str(s.sentences), str(s.files), " ".join(s.short_names) or "-")))
        if explain:
            for sec in by_org.get(s.name, []):
                lines.append(f"    {sec.doc} ¶{_para_ranges(sec.paragraphs)}: {sec.evidence}")
    if explain:
        for doc, left, why in _unattributed(attribution, documents):
            lines.append(f"(none)    {doc} ¶{_para_ranges(left)}: {why}")
    return "\n".join(lines) + "\n"



def orgs(
    corpus: CorpusOpt = None,
    format: Annotated[OrgsFormat, typer.Option("--format", "-f", help="table (rich on a terminal, plain text otherwise) or json.")] = OrgsFormat.table,
    explain: Annotated[bool, typer.Option("--explain", help="Show each section with the line (and paragraph) and the words that decided its organisation, and why the rest is no one's.")] = False,
    tree: Annotated[bool, typer.Option("--tree", help="Show the hierarchy: each organisation under the union enclosing it; enclosing unions without text are marked.")] = False,
    all_orgs: Annotated[bool, typer.Option("--all", help="Also list organisations without text of their own (enclosing unions, bodies only mentioned).")] = False,
    encoding: EncodingOpt = None,
    index: IndexPathOpt = None,
    no_index: NoIndexOpt = False,
) -> None:
    """List the organisations whose work the corpus reports: parent, kind, and how much text each has."""
    errors: list[str] = []
    analysis = None
    try:
        # The corpus index (in the user cache unless --index), or, with --no-index or
        # when the cache folder cannot be used (warned), the corpus analysed directly.
        analysis = None if no_index else _open_analysis(corpus, index, encoding=encoding, fallback=False)
        if analysis is None:
            summaries, attribution, documents, errors = _direct(corpus, encoding, all_orgs)
        else:
            idx = analysis.index
            summaries = idx.org_summaries(with_text_only=not all_orgs, include_mentioned=all_orgs)
            attribution = idx.attribution(with_sections=explain or tree)
            documents = idx
            errors = idx.unreadable()
    except UnionNLPError as exc:
        if analysis is not None:
            analysis.close()
        raise _fail(exc)
    try:
        for problem in errors:
            _err(problem)
        if tree and format is not OrgsFormat.json:
            _write_stdout(_render_tree(attribution))
        elif format is OrgsFormat.json:
            records = _orgs_records(summaries, attribution, explain)
            _write_stdout(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        elif sys.stdout.isatty():
            with _writing_stdout():
                _render_orgs_rich(summaries, attribution, documents, explain)
        else:
            _write_stdout(_render_orgs_plain(summaries, attribution, documents, explain))
    finally:
        if analysis is not None:
            analysis.close()
    if errors:
        raise typer.Exit(EXIT_FAILURE)


def _direct(corpus, encoding, all_orgs: bool):
    """The organisations of a corpus analysed directly (``--no-index``)."""
    from unionnlp.corpus.load import load_corpus
    from unionnlp.orgs.attribution import attribute_orgs
    from unionnlp.orgs.resolve import list_orgs

    loaded = load_corpus(corpus, encoding)
    attribution = attribute_orgs(loaded.documents)
    summaries = list_orgs(attribution, loaded.documents, with_text_only=not all_orgs, include_mentioned=all_orgs)
    return summaries, attribution, loaded.documents, [str(problem) for problem in loaded.errors]
