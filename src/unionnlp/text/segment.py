"""Segmenting a report: repaired text → paragraphs → sentences.

This is the one segmentation the labels, the classifier, the organisation
finder and the summariser all use.  Every unit keeps its document, its
1-based paragraph and sentence numbers, character offsets into the
repaired text, so that ``repaired[start:end] == text``, and offsets into the
original input (``orig_start``/``orig_end``: characters of the decoded file,
or of the text extracted from a PDF, with the page), so that a user
interface can highlight the sentence in the original document.  Repair only
changes whitespace and punctuation width, so the mapping is a walk over the
non-space characters of the lines each paragraph was made of.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator

from unionnlp.text.repair import Unit, iter_repair_units

if TYPE_CHECKING:
    from unionnlp.text.read import Document

_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_SENTENCE_END = "。！？"
_TERMINATOR_RUN = re.compile("[。！？]+")
_CLOSERS = "”’」』）)】》〕"
_PARAGRAPH_SEP = "\n\n"
_WS = re.compile(r"[\s\u200b\ufeff]+")
_NONSPACE = re.compile(r"[^\s\u200b\ufeff]+")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading/title line) of a document."""

    doc: str
    para: int
    sent: int
    text: str
    start: int
    end: int
    orig_start: int = -1
    orig_end: int = -1
    page: int | None = None
    boxes: tuple = ()


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
    kind: str = "text"


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
    for m in _TERMINATOR_RUN.finditer(text):
        j = m.end()
        # Closing quotes and brackets go with the sentence; a straight quote does when
        # it closes one (an odd number of them before it).
        while j < n:
            ch = text[j]
            if ch in _CLOSERS or (ch == '"' and text.count('"', 0, j) % 2 == 1):
                j += 1
            else:
                break
        spans.append((start, j))
        start = j
    if start < n:
        spans.append((start, n))
    trimmed = []
    for s, e in spans:
        part = text[s:e]
        stripped = part.strip()
        if stripped:
            if len(stripped) != len(part):
                s += len(part) - len(part.lstrip())
                e = s + len(stripped)
            trimmed.append((s, e))
    return trimmed


class _OrigMap:
    """Maps positions in a unit's repaired text to the original text.

    The non-space characters of the repaired unit are those of its original
    lines, in order (punctuation width aside): the k-th non-space character of
    the unit is the k-th non-space character of its spans.  The unit carries
    the original content of its spans, so the whole input is not needed.
    """

    def __init__(self, spans: tuple[tuple[int, int], ...], raw: tuple[str, ...]):
        self.spans = spans
        self.raw = raw
        # The spans' contents one after the other (where each starts in it), and the runs of
        # non-space characters of that: how many non-space characters come before each run,
        # and where it starts.  (The contents are matched together; a run that crosses from
        # one span into the next counts the same characters as two runs would.)
        raw = raw[: len(spans)]
        starts: list[int] = []
        at = 0
        for r in raw:
            starts.append(at)
            at += len(r)
        before: list[int] = []
        where: list[int] = []
        count = 0
        joined = "".join(raw)
        if "\u200b" in joined or "\ufeff" in joined:
            for m in _NONSPACE.finditer(joined):
                before.append(count)
                where.append(m.start())
                count += m.end() - m.start()
        else:
            # The runs are what str.split() gives (it splits at \s, as _WS does), found in order.
            pos = 0
            for piece in joined.split():
                pos = joined.find(piece, pos)
                before.append(count)
                where.append(pos)
                count += len(piece)
                pos += len(piece)
        self._starts, self._before, self._where, self._total = starts, before, where, count

    def position(self, k: int, end: bool = False) -> int:
        """Offset in the original of the k-th non-space character (0-based), or
        just after the (k-1)-th one when ``end``."""
        if end:
            return self.position(k - 1) + 1 if k > 0 else self.spans[0][0]
        if k >= self._total:
            return self.spans[-1][1]
        i = bisect_right(self._before, k) - 1
        p = self._where[i] + (k - self._before[i])  # in the joined contents
        j = bisect_right(self._starts, p) - 1  # the span it is in
        return self.spans[j][0] + (p - self._starts[j])


def _nonspace(text: str, start: int, end: int) -> int:
    return (end - start) - sum(len(m) for m in _WS.findall(text, start, end))


def _boxes(lines: tuple, line_starts: list[int], start: int, end: int) -> tuple:
    """The boxes (page, x0, y0, x1, y1) of the PDF lines a span of the extracted text lies on."""
    out = []
    i = max(0, bisect_right(line_starts, start) - 1)
    while i < len(lines) and lines[i][0] < end:
        if lines[i][1] > start:
            out.append(tuple(lines[i][2:]))
        i += 1
    return tuple(out)


def sentence_spans(ptext: str) -> list[tuple[int, int]]:
    """The spans of the sentences of one repaired paragraph: a markdown heading is one
    sentence (without its marks), other text is split by :func:`split_sentences`."""
    mark = _HEADING_MARK.match(ptext)
    return [(mark.end(), len(ptext))] if mark else split_sentences(ptext)


def _sentence_rows(index: int, ptext: str, spans: tuple, raw: tuple, offset: int, page_starts) -> list[tuple]:
    """The sentences of one repaired unit as plain rows
    ``(para, sent, text, start, end, orig_start, orig_end, page)``: what :class:`Sentence`
    holds (but its boxes), without building an object per sentence."""
    omap = _OrigMap(spans, raw)
    # any whitespace (\s, as str.split() has it) or zero-width space in the text?
    first = ptext.split(None, 1)
    spaced = "\u200b" in ptext or "\ufeff" in ptext or not first or len(first[0]) != len(ptext)
    rows = []
    k = 0  # non-space characters of ptext before `last`
    last = 0
    for s_index, (s, e) in enumerate(sentence_spans(ptext), start=1):
        if spaced:
            k += _nonspace(ptext, last, s)
            k_end = k + _nonspace(ptext, s, e)
        else:
            k, k_end = s, e
        o_start, o_end = omap.position(k), omap.position(k_end, end=True)
        page = bisect_right(page_starts, o_start) if page_starts else None
        rows.append((index, s_index, ptext[s:e], offset + s, offset + e, o_start, o_end, page))
        k, last = k_end, e
    return rows


def _paragraph(
    name: str, index: int, unit: Unit, offset: int, page_starts, lines: tuple, line_starts: list[int]
) -> Paragraph:
    ptext = unit.text
    para = Paragraph(doc=name, index=index, text=ptext, start=offset, end=offset + len(ptext),
                     heading=bool(_HEADING_MARK.match(ptext)), kind=unit.kind)
    for _, s_index, text, start, end, o_start, o_end, page in _sentence_rows(
            index, ptext, unit.spans, unit.raw, offset, page_starts):
        boxes = _boxes(lines, line_starts, o_start, o_end) if lines else ()
        para.sentences.append(Sentence(name, index, s_index, text, start, end, o_start, o_end, page, boxes))
    return para


def iter_units(chunks: Iterable[str], name: str = "<text>") -> Iterator[tuple[int, int, Unit]]:
    """``(paragraph number, offset in the repaired text, unit)`` of every paragraph of a text
    given in pieces: the units :func:`iter_paragraphs` makes its paragraphs of."""
    offset = 0
    index = 0
    for unit in iter_repair_units(chunks, name):
        if not unit.text:
            continue
        index += 1
        yield index, offset, unit
        offset += len(unit.text) + len(_PARAGRAPH_SEP)


def iter_paragraph_rows(
    chunks: Iterable[str], name: str = "<text>", page_starts: tuple[int, ...] | None = None, lines: tuple = ()
) -> Iterator[list[tuple]]:
    """What :func:`iter_paragraphs` gives, as each paragraph's sentence rows
    ``(para, sent, text, start, end, orig_start, orig_end, page)`` (no boxes): the fast
    path of ``unionnlp classify``."""
    for index, offset, unit in iter_units(chunks, name):
        yield _sentence_rows(index, unit.text, unit.spans, unit.raw, offset, page_starts)


def iter_paragraphs(
    chunks: Iterable[str], name: str = "<text>", page_starts: tuple[int, ...] | None = None, lines: tuple = ()
) -> Iterator[Paragraph]:
    """Repair a text given in pieces and yield its paragraphs, with their
    sentences, one at a time: what ``segment_text`` returns, without holding
    the whole text (offsets, into the repaired text and into the original,
    are the same).

    A paragraph never exceeds :data:`~unionnlp.text.repair.MAX_PARAGRAPH`
    characters; a longer one is cut, with a warning.  ``page_starts`` and
    ``lines``: see :func:`segment_text`.
    """
    line_starts = [line[0] for line in lines]
    for index, offset, unit in iter_units(chunks, name):
        yield _paragraph(name, index, unit, offset, page_starts, lines, line_starts)


def segment_text(
    text: str, name: str = "<text>", page_starts: tuple[int, ...] | None = None, lines: tuple = ()
) -> SegmentedDocument:
    """Repair ``text`` and split it into paragraphs and sentences.

    ``page_starts`` (the offsets in ``text`` where each page begins, for text
    extracted from a PDF) gives every sentence its 1-based page, and
    ``lines`` (the PDF's ``(start, end, page, x0, y0, x1, y1)`` lines) the
    boxes of the lines it lies on, for highlighting.
    """
    paragraphs = list(iter_paragraphs([text], name, page_starts, lines))
    repaired = _PARAGRAPH_SEP.join(p.text for p in paragraphs)
    return SegmentedDocument(name=name, repaired=repaired, paragraphs=paragraphs)


def document_name(source: str) -> str:
    """How a document is named: its file name (``<stdin>`` for stdin)."""
    from pathlib import Path

    return source if source == "<stdin>" else Path(source).name


def segment_document(doc: "Document") -> SegmentedDocument:
    """Segment a decoded input, named by its file name (``<stdin>`` for stdin)."""
    return segment_text(doc.text, document_name(doc.name), getattr(doc, "page_starts", None), getattr(doc, "lines", ()))


def segment_file(path, encoding: str | None = None) -> SegmentedDocument:
    """Read, repair and segment one report file (named by its file name)."""
    from unionnlp.text.read import read_document

    return segment_document(read_document(path, encoding))
