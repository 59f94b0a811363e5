"""Segmenting a report: repaired text → paragraphs → sentences.

This is the one segmentation the labels, the classifier, the organisation
finder and the summariser all use.  Every unit keeps its document, its
1-based paragraph and sentence numbers, and character offsets into the
repaired text, so that ``repaired[start:end] == text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unionnlp.text.repair import repair_paragraphs

if TYPE_CHECKING:
    from unionnlp.text.read import Document

_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_SENTENCE_END = "。！？"
_CLOSERS = "”’」』）)】》〕"
_PARAGRAPH_SEP = "\n\n"


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading/title line) of a document."""

    doc: str
    para: int
    sent: int
    text: str
    start: int
    end: int


@dataclass
class Paragraph:
    """One paragraph: a heading, a title or byline line, or running text."""

    doc: str
    index: int
    text: str
    start: int
    end: int
    heading: bool
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class SegmentedDocument:
    """A repaired document with its paragraphs and sentences."""

    name: str
    repaired: str
    paragraphs: list[Paragraph]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of one paragraph.

    A sentence ends at 。！？ (a run of them), together with any closing
    quotes or brackets after it; text after the last terminator is kept as
    a sentence of its own.  Leading and trailing spaces are not in a span.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    straight_quotes = 0
    i = 0
    while i < n:
        ch = text[i]
        if ch == '"':
            straight_quotes += 1
        if ch in _SENTENCE_END:
            j = i + 1
            while j < n and text[j] in _SENTENCE_END:
                j += 1
            while j < n and (
                text[j] in _CLOSERS or (text[j] == '"' and straight_quotes % 2 == 1)
            ):
                if text[j] == '"':
                    straight_quotes += 1
                j += 1
            spans.append((start, j))
            start = i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def segment_text(text: str, name: str = "<text>") -> SegmentedDocument:
    """Repair ``text`` and split it into paragraphs and sentences."""
    paragraphs_text = repair_paragraphs(text)
    repaired = _PARAGRAPH_SEP.join(paragraphs_text)
    paragraphs: list[Paragraph] = []
    offset = 0
    for p_index, ptext in enumerate(paragraphs_text, start=1):
        mark = _HEADING_MARK.match(ptext)
        para = Paragraph(
            doc=name,
            index=p_index,
            text=ptext,
            start=offset,
            end=offset + len(ptext),
            heading=bool(mark),
        )
        if mark:
            spans = [(mark.end(), len(ptext))]
        else:
            spans = split_sentences(ptext)
        for s_index, (s, e) in enumerate(spans, start=1):
            para.sentences.append(
                Sentence(name, p_index, s_index, ptext[s:e], offset + s, offset + e)
            )
        paragraphs.append(para)
        offset += len(ptext) + len(_PARAGRAPH_SEP)
    return SegmentedDocument(name=name, repaired=repaired, paragraphs=paragraphs)


def segment_document(doc: "Document") -> SegmentedDocument:
    """Segment a decoded input, named by its file name (``<stdin>`` for stdin)."""
    from pathlib import Path

    name = doc.name if doc.name == "<stdin>" else Path(doc.name).name
    return segment_text(doc.text, name)


def segment_file(path, encoding: str | None = None) -> SegmentedDocument:
    """Read, repair and segment one report file (named by its file name)."""
    from unionnlp.text.read import read_document

    return segment_document(read_document(path, encoding))


def segment_blocks(blocks, name: str):
    """Segment a document given as blocks of text (``read.iter_text_blocks``): one
    ``SegmentedDocument`` per block, paragraphs numbered and offsets counted across
    blocks as in the whole document (its repaired text is the blocks' repaired texts
    joined by a paragraph break)."""
    para_offset = 0
    char_offset = 0
    for block in blocks:
        doc = segment_text(block, name)
        if not doc.paragraphs:
            continue
        paragraphs = []
        for p in doc.paragraphs:
            shifted = Paragraph(p.doc, p.index + para_offset, p.text, p.start + char_offset,
                                p.end + char_offset, p.heading)
            shifted.sentences = [Sentence(s.doc, s.para + para_offset, s.sent, s.text,
                                          s.start + char_offset, s.end + char_offset)
                                 for s in p.sentences]
            paragraphs.append(shifted)
        yield SegmentedDocument(name=name, repaired=doc.repaired, paragraphs=paragraphs)
        para_offset += len(doc.paragraphs)
        char_offset += len(doc.repaired) + len(_PARAGRAPH_SEP)
