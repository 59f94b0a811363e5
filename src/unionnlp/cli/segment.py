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
    _iter_segmented,
    _Output,
)
from unionnlp.errors import UnionNLPError


class SegmentFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"



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
                          "start": s.start, "end": s.end, "orig_start": s.orig_start, "orig_end": s.orig_end,
                          "text": s.text}
                if s.page is not None:
                    record["page"] = s.page
                    record["boxes"] = [list(b) for b in s.boxes]
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
