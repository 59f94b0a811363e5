"""Resolving what the user typed (山东, 洛阳, 海淀, 全总, 中通) to an organisation of an attribution.

``resolve_org`` finds the one organisation a name means (or raises ``OrgError``
with the closest names), ``suborgs`` lists an organisation's descendants and
``list_orgs`` summarises every organisation of an attribution.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from unionnlp.errors import OrgError
from unionnlp.errors import shown as shown_name
from unionnlp.orgs.attribution import _KIND_RANK, Attribution, Org
from unionnlp.orgs.gazetteer import gazetteer
from unionnlp.orgs.names import territorial_union_name
from unionnlp.text.segment import SegmentedDocument

@dataclass(frozen=True)
class OrgSummary:
    """One line of ``unionnlp orgs``: an organisation and how much text it has."""

    name: str
    short_names: tuple[str, ...]
    parent: str | None
    kind: str
    sections: int
    paragraphs: int
    sentences: int
    files: int
    file_names: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "short_names": list(self.short_names),
            "parent": self.parent,
            "kind": self.kind,
            "sections": self.sections,
            "paragraphs": self.paragraphs,
            "sentences": self.sentences,
            "files": self.files,
            "file_names": list(self.file_names),
        }



def _normalise_query(query: str) -> str:
    q = re.sub(r"\s+", "", query or "")
    for tail in ("女职工委员会", "女工委员会", "女职委"):
        if q.endswith(tail) and len(q) > len(tail):
            q = q[: -len(tail)]
    return q


def _names_of(org: Org) -> tuple[str, ...]:
    return (org.name, *org.short_names)


def _closest(query: str, attribution: Attribution, n: int = 3) -> list[str]:
    scored = []
    for org in attribution.orgs.values():
        score = max(difflib.SequenceMatcher(None, query, name).ratio() for name in _names_of(org))
        if score > 0:
            scored.append((-score, _KIND_RANK.get(org.kind, 9), org.name))
    scored.sort()
    return [name for _, _, name in scored[:n]]


def _ambiguous(query: str, candidates: list[Org]) -> OrgError:
    names = [o.name for o in candidates]
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return OrgError(f"organisation '{shown_name(query)}' is ambiguous: {shown}; give the full name")


def resolve_org(query: str, attribution: Attribution) -> Org:
    """The organisation a user means: full name, short name (山东, 洛阳, 海淀, 全总, 中通)
    or a unique part of a name.  ``OrgError`` if none or several match."""
    q = _normalise_query(query)
    if not q:
        raise OrgError("empty organisation name")
    orgs = attribution.orgs
    if q in orgs:
        return orgs[q]
    exact = [o for o in orgs.values() if q in o.short_names]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise _ambiguous(query, exact)

    # A place the gazetteer knows: its union, if the corpus has it.
    # A place the gazetteer knows stands for its union: if the corpus has none,
    # the place is not matched against parts of other names (通州 is not
    # 通州商业资产运营集团有限公司工会).
    gaz = gazetteer()
    stem = q.removesuffix("总工会")
    chains = gaz.parse(stem) if len(stem) >= 2 else []
    if chains:
        context = Counter(
            gaz.lineage(place)[0].code
            for org in orgs.values()
            for _, place in gaz.places_in(org.name)
        )
        lineage = gaz.choose(chains, context)
        if lineage and territorial_union_name(lineage) in orgs:
            return orgs[territorial_union_name(lineage)]
        where = "".join(p.name for p in lineage) if lineage else stem
        suggestions = _closest(q, attribution)
        tail = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        raise OrgError(f"no organisation '{shown_name(query)}' in the corpus ({shown_name(where)} has no union "
                       f"with a section in it){tail}")

    partial = [o for o in orgs.values() if any(q in name for name in _names_of(o))]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise _ambiguous(query, partial)
    suggestions = _closest(q, attribution)
    tail = f"; closest: {', '.join(suggestions)}" if suggestions else ""
    raise OrgError(f"no organisation '{shown_name(query)}' in the corpus{tail}")


def suborgs(org_name: str, attribution: Attribution) -> list[Org]:
    """Every organisation below ``org_name`` (a full name, or anything ``resolve_org``
    accepts) in the corpus's hierarchy, in listing order."""
    root = org_name if org_name in attribution.orgs else resolve_org(org_name, attribution).name
    children: dict[str, list[str]] = {}
    for org in attribution.orgs.values():
        if org.parent is not None:
            children.setdefault(org.parent, []).append(org.name)
    below: set[str] = set()
    frontier = [root]
    while frontier:
        current = frontier.pop()
        for name in children.get(current, ()):
            if name not in below:
                below.add(name)
                frontier.append(name)
    return [o for o in attribution.orgs.values() if o.name in below]


def list_orgs(attribution: Attribution, documents: Iterable[SegmentedDocument]) -> list[OrgSummary]:
    """One summary per organisation, in hierarchy order: names, parent, and the number of
    sections, paragraphs, sentences and files attributed to it."""
    sentence_count = {
        (d.name, p.index): len(p.sentences) for d in documents for p in d.paragraphs
    }
    by_org: dict[str, list] = {}  # one pass over the sections, not one per organisation
    for s in attribution.sections:
        by_org.setdefault(s.org, []).append(s)
    out = []
    for org in attribution.orgs.values():
        own = by_org.get(org.name, [])
        out.append(
            OrgSummary(
                name=org.name,
                short_names=org.short_names,
                parent=org.parent,
                kind=org.kind,
                sections=len(own),
                paragraphs=sum(len(s.paragraphs) for s in own),
                sentences=sum(sentence_count.get((s.doc, p), 0) for s in own for p in s.paragraphs),
                files=len({s.doc for s in own}),
                file_names=tuple(sorted({s.doc for s in own})),
            )
        )
    return out
