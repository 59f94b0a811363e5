"""Page structure: cutting one document into pieces and deciding each piece's union body.

How a page is read (signatures, place headers, headings, bylines, source notes,
furniture) is described in :mod:`unionnlp.orgs.attribution`, which turns the
decisions made here into sections and organisations.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from unionnlp.orgs.gazetteer import gazetteer
from unionnlp.orgs.names import (
    _CJK,
    _INSTITUTION_SUFFIX,
    Mention,
    _context_of,
    find_mentions,
    territorial_union_name,
)
from unionnlp.text.furniture import furniture_kind
from unionnlp.text.segment import Paragraph, SegmentedDocument

_BYLINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}\s+[\u4e00-\u9fff]")
_SIGNATURE = re.compile(r"^([\u4e00-\u9fff（）()·]{2,28}工会)(?:女职工委员会|女工委员会|女职委)?$")
_SOURCE_NOTE = re.compile(r"^[（(]\s*(?:摘自|摘编自|选自|来源)")
_SENTENCE_END = re.compile(r"[。！？!?]")


def _plain(p: Paragraph) -> str:
    """Paragraph text without its markdown heading mark."""
    return re.sub(r"^#{1,6}\s+", "", p.text).strip()


def _is_credit(text: str) -> bool:
    kind = furniture_kind(text)
    return kind is not None and kind != "masthead"


def _is_masthead(text: str) -> bool:
    return furniture_kind(text) == "masthead"


def _is_byline(p: Paragraph) -> bool:
    t = p.text
    return (not p.heading and len(t) <= 80 and not _SENTENCE_END.search(t)
            and bool(_BYLINE.match(t)))


def _is_title_like(p: Paragraph) -> bool:
    return p.heading or (len(_plain(p)) <= 40 and not _SENTENCE_END.search(p.text))


def _signature(p: Paragraph) -> str | None:
    if p.heading:
        return None
    m = _SIGNATURE.match(p.text.replace(" ", ""))
    return m.group(1) if m else None


def _running_banners(documents: list[SegmentedDocument]) -> set[str]:
    """Lines opening two or more pages: the paper's running column banner."""
    first = Counter(_plain(d.paragraphs[0]) for d in documents if d.paragraphs)
    return {text for text, n in first.items() if n >= 2}


@dataclass(frozen=True)
class _Decision:
    """What a section is attributed to, and the line that decided it."""

    mention: Mention
    para: int
    rule: str  # signature | header | byline | title | lead | body
    line: str
    note: str = ""


_STRENGTH = {"signature": 5, "byline": 4, "header": 3, "title": 2, "lead": 1, "body": 0}


@dataclass
class _Piece:
    paras: list[Paragraph]
    decision: _Decision | None = None


def _snippet(text: str, start: int, end: int, width: int = 18) -> str:
    if len(text) <= 60:
        return text
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


class _DocAnalyser:
    """Cuts one document into pieces and decides each piece's organisation."""

    def __init__(self, doc: SegmentedDocument, banners: set[str]):
        self.doc = doc
        self.ctx = _context_of(doc.repaired)
        self.mentions = {p.index: find_mentions(_plain(p), self.ctx) for p in doc.paragraphs}
        self.furniture = {
            p.index
            for p in doc.paragraphs
            if _is_credit(_plain(p)) or _is_masthead(p.text)
            or (p.index == 1 and _plain(p) in banners)
        }

    # -- structure ---------------------------------------------------------
    def pieces(self) -> list[_Piece]:
        paras = [p for p in self.doc.paragraphs if p.index not in self.furniture]
        signatures = [p for p in paras if _signature(p)]
        if len(signatures) >= 2:
            return self._by_signatures(paras, signatures)
        headers = [(p, h) for p in paras if (h := self._header(p)) is not None]
        if len(headers) >= 2:
            return self._by_headers(paras, headers)
        return self._articles(paras)

    def _by_signatures(self, paras, signatures) -> list[_Piece]:
        pieces: list[_Piece] = []
        current: list[Paragraph] = []
        for p in paras:
            current.append(p)
            if p in signatures:
                text = p.text.replace(" ", "")
                org = _signature(p) or text
                mention = self._name_mention(org)
                pieces.append(_Piece(current, _Decision(mention, p.index, "signature", text)))
                current = []
        if current:
            pieces.extend(self._articles(current))
        return pieces

    def _header(self, p: Paragraph) -> Mention | None:
        text = p.text.strip()
        if p.heading or not 2 <= len(text) <= 8 or not all(_CJK.match(ch) for ch in text):
            return None
        lineage = gazetteer().resolve(text, self.ctx.provinces)
        if lineage:
            return Mention(0, 0, text, "territorial", territorial_union_name(lineage), lineage)
        for mentions in self.mentions.values():
            for m in mentions:
                if m.kind in ("enterprise", "institution") and m.stem.startswith(text):
                    return self._name_mention(text + "工会")
        return None

    def _by_headers(self, paras, headers) -> list[_Piece]:
        first = paras.index(headers[0][0])
        pieces = self._articles(paras[:first])
        starts = {p.index: m for p, m in headers}
        current: list[Paragraph] = []
        decision = None
        for p in paras[first:]:
            if p.index in starts:
                if current:
                    pieces.append(_Piece(current, decision))
                current = []
                decision = _Decision(starts[p.index], p.index, "header", p.text.strip())
            current.append(p)
        if current:
            pieces.append(_Piece(current, decision))
        return pieces

    def _articles(self, paras: list[Paragraph]) -> list[_Piece]:
        """Cut at headings (a heading run followed by a byline opens a speech), or,
        on a page without headings, after source notes."""
        groups: list[list[Paragraph]] = []
        if any(p.heading for p in paras):
            i = 0
            current: list[Paragraph] = []
            while i < len(paras):
                p = paras[i]
                if p.heading and (not current or not all(_is_title_like(q) for q in current)):
                    run_end = i
                    while run_end + 1 < len(paras) and _is_title_like(paras[run_end + 1]) \
                            and not _is_byline(paras[run_end + 1]):
                        run_end += 1
                    byline = run_end + 1 < len(paras) and _is_byline(paras[run_end + 1])
                    if byline:
                        last_heading = max(j for j in range(i, run_end + 1) if paras[j].heading)
                        if current:
                            groups.append(current)
                        if last_heading > i:
                            groups.append(paras[i:last_heading])  # a banner over speeches
                        current = paras[last_heading : run_end + 1]
                    else:
                        if current:
                            groups.append(current)
                        current = paras[i : run_end + 1]
                    i = run_end + 1
                    continue
                current.append(p)
                i += 1
            if current:
                groups.append(current)
        else:
            current = []
            for p in paras:
                current.append(p)
                if _SOURCE_NOTE.match(p.text):
                    groups.append(current)
                    current = []
            if current:
                groups.append(current)
        return [_Piece(g, self._decide(g)) for g in groups if g]

    # -- deciding ------------------------------------------------------------
    def _name_mention(self, name: str) -> Mention:
        """The union a signature or header names, as a Mention."""
        for m in find_mentions(name, self.ctx):
            if m.start == 0 and m.end == len(name) and m.kind != "other":
                return m
        kind = "institution" if _INSTITUTION_SUFFIX.search(name[:-2]) else "enterprise"
        return Mention(0, len(name), name, kind)

    def _decide(self, paras: list[Paragraph]) -> _Decision | None:
        titles: list[Paragraph] = []
        bylines: list[Paragraph] = []
        body: list[Paragraph] = []
        for p in paras:
            if not body and _is_byline(p):
                bylines.append(p)
            elif not body and _is_title_like(p):
                titles.append(p)
            else:
                body.append(p)
        order = [(p, "byline") for p in bylines] + [(p, "title") for p in titles]
        order += [(p, "lead" if k == 0 else "body") for k, p in enumerate(body)]
        for p, rule in order:
            text = _plain(p)
            for m in self.mentions[p.index]:
                if m.kind == "other":
                    continue
                note = ""
                if m.bare:
                    resolved = self._resolve_bare(m, p, paras)
                    if resolved is None:
                        continue
                    m, where = resolved
                    note = f"{m.surface} = {m.name}, p{where}"
                line = text if rule in ("byline", "title") else _snippet(text, m.start, m.end)
                return _Decision(m, p.index, rule, line, note)
        return None

    def _resolve_bare(self, m: Mention, p: Paragraph, paras: list[Paragraph]):
        """A bare 市总工会 / 区教育工会 takes the place named in full nearby."""
        gaz = gazetteer()
        if m.kind == "industry":
            text = _plain(p)[: m.start]
            for _, place in reversed(gaz.places_in(text)):
                if place.name.endswith(m.bare):
                    lineage = gaz.lineage(place)
                    name = "".join(x.name for x in lineage) + m.industry + "工会"
                    surface = place.name + m.surface[1:]
                    return Mention(m.start, m.end, surface, "industry", name, lineage,
                                   industry=m.industry), p.index
            return None
        scopes = [paras, self.doc.paragraphs]
        for scope in scopes:
            for q in scope:
                for other in self.mentions[q.index]:
                    if other.kind == "territorial" and not other.bare and \
                            other.lineage[-1].name.endswith(m.bare):
                        return Mention(m.start, m.end, m.surface, "territorial", other.name,
                                       other.lineage), q.index
        return None
