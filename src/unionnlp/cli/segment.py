"""``unionnlp segment``: repair and segment reports, show paragraphs and sentences."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from unionnlp.cli._util import (
    EXIT_FAILURE,
    EncodingOpt,
    ForceOpt,
    InputsArg,
    OutOpt,
    _fail,
    _iter_inputs,
    _Output,
    _Run,
)
from unionnlp.errors import UnionNLPError


class SegmentFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"



def segment(
    inputs: InputsArg,
    format: Annotated[SegmentFormat, typer.Option("--format", "-f", help="text: paragraphs and one sentence a line; jsonl: one object a sentence.")] = SegmentFormat.text,
    encoding: EncodingOpt = None,
    explain_encoding: Annotated[bool, typer.Option("--explain-encoding", help="Say on stderr which encoding each input was read as, and why.")] = False,
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Repair and segment reports: show the paragraphs and sentences the toolkit sees."""
    run = _Run()
    try:
        out = _Output(output, force)
    except UnionNLPError as exc:
        raise _fail(exc)
    with out:
        several = False
        for path, paragraphs in _iter_inputs(inputs, encoding, run, explain=explain_encoding):
            if format is SegmentFormat.jsonl:
                for p in paragraphs:
                    for s in p.sentences:
                        record = {"file": path, "doc": s.doc, "para": s.para, "sent": s.sent,
                                  "start": s.start, "end": s.end, "orig_start": s.orig_start,
                                  "orig_end": s.orig_end, "text": s.text}
                        if s.page is not None:
                            record["page"] = s.page
                            record["boxes"] = [list(b) for b in s.boxes]
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(("\n" if several else "") + f"# {path}\n")
                for p in paragraphs:
                    out.write("\n" + "\n".join(s.text for s in p.sentences) + "\n")
            several = True
        if run.all_failed:
            out.discard()  # nothing was read: an existing --output file stays as it was
        else:
            out.close()
    if run.failures:
        raise typer.Exit(EXIT_FAILURE)
