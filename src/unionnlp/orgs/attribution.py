"""Attributing report text to organisations: sections, organisations, hierarchy.

A report page holds the work of several organisations.  ``attribute_orgs``
cuts every segmented document into sections, each the work of one
organisation, from the structure of the page:

* **signature lines** ("黑龙江省总工会女职工委员会") END a speech: a page with two
  or more of them is cut after each (the speeches of a special page);
* **place headers** ("黑龙江", "河南洛阳", "中通快递"): short lines, two or more on
  a page, each opening the condensed section of the place or unit it names;
* **headings** (markdown ``#``) open articles; a heading followed by a
  **byline** ("张寰 海淀区总工会党组成员、副主席，女职工委员会主任") opens a
  speech, and headings above that one are a banner over the speeches;
* without headings, a page is one article, closed early by a source note
  ("（摘自……工作报告）").

A signature, header or byline decides its section.  An article belongs to
the first union body named in, in turn, its byline, its title lines, its lead
paragraph and the rest of its text; a bare "市总工会" or "区总工会" takes the
place named in full elsewhere in the article.  An article that names no union
body at all (004's 北京工商大学 sports meeting) stays unattributed, and so do
page furniture (photo and text credits, mastheads, a banner line opening two
or more pages) and banners over a group of speeches; furniture inside a
section is left out of its paragraphs.  Decisions on the seeds:

* 004's 北京职工婚协 article goes to 北京市总工会 (the association works under
  the municipal union's party group and no other union is named);
* 002's 密云 teachers' article goes to 北京市密云区教育工会, the union that
  co-organised the award (parent 北京市密云区总工会);
* 003's closing editors' note (after the last signature) is about the
  national meeting the six speeches were given at: 中华全国总工会;
* 001's stray line "提升女职工“幸福指数”" (half of Shandong's title, set
  above the 地方经验 banner) stays unattributed: it follows the national
  report's source note and precedes the first place header;
* a line opening two or more pages of the corpus (002 and 004's
  "深入学习贯彻党的二十大精神……" banner) is furniture; a page attributed
  alone keeps such a line with its first article.

Hierarchy: a territorial union's parent is the union of the enclosing place
(北京市海淀区总工会 → 北京市总工会; 河南省洛阳市总工会 → 河南省总工会), a
provincial one's is 中华全国总工会, a development zone's is the union of the
place it is named after, a district industry union's is its district union.
Enclosing unions that have no section of their own are still listed in
``Attribution.orgs`` so the hierarchy is complete.  A unit union's parent is
``None``: its name does not tell whether it answers to a territorial union,
an industry union or a central enterprise's union, so a company on a Beijing
page is not put under 北京市总工会.

Nothing here prints or exits; errors are ``OrgError``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from unionnlp.orgs.gazetteer import Place
from unionnlp.orgs.names import NATIONAL, Mention, _company_key, _is_abbreviation, territorial_union_name
from unionnlp.orgs.sections import _STRENGTH, _Decision, _DocAnalyser, _plain, _running_banners
from unionnlp.text.segment import SegmentedDocument

# ---------------------------------------------------------------------------
# Public data types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    """An organisation: full name, other names users and reports use, parent's full name, kind.

    ``kind`` is one of "national", "province" (provinces and the municipalities
    北京市, 重庆市 …), "city", "district", "county", "industry", "enterprise",
    "institution".  Development-zone unions (北京经济技术开发区总工会) count as
    "district".
    """

    name: str
    short_names: tuple[str, ...]
    parent: str | None
    kind: str


@dataclass(frozen=True)
class Section:
    """A run of paragraphs of one document that is one organisation's work.

    ``evidence`` names the line that decided it ("p8 signature: 黑龙江省总工会女职工委员会");
    ``evidence_para`` is that line's paragraph number and ``rule`` the kind of line.
    """

    org: str
    doc: str
    paragraphs: tuple[int, ...]
    evidence: str
    evidence_para: int = 0
    rule: str = ""


@dataclass
class Attribution:
    """Sections of every document, and the organisations they belong to (by full name)."""

    sections: list[Section]
    orgs: dict[str, Org]
    _index: dict[tuple[str, int], str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for s in self.sections:
            for para in s.paragraphs:
                self._index[(s.doc, para)] = s.org

    def org_of(self, doc: str, para: int) -> str | None:
        """Full name of the organisation paragraph ``para`` (1-based) of ``doc`` belongs to."""
        return self._index.get((doc, para))

    def section_of(self, doc: str, para: int) -> Section | None:
        """The section holding a paragraph, or ``None`` (furniture, banners, unknown)."""
        for s in self.sections:
            if s.doc == doc and para in s.paragraphs:
                return s
        return None

    def sections_of(self, org_name: str, include_sub: bool = False) -> list[Section]:
        """Sections of one organisation (full name), and of its descendants if asked."""
        names = {org_name}
        if include_sub:
            from unionnlp.orgs.resolve import suborgs  # resolving names builds on attributions

            names |= {o.name for o in suborgs(org_name, self)}
        return [s for s in self.sections if s.org in names]

    def children(self, org_name: str) -> list[Org]:
        """Organisations whose parent is ``org_name``, in listing order."""
        return [o for o in self.orgs.values() if o.parent == org_name]



# ---------------------------------------------------------------------------
# Building organisations
# ---------------------------------------------------------------------------

_KIND_RANK = {"national": 0, "province": 1, "city": 2, "district": 3, "county": 4,
              "industry": 5, "institution": 6, "enterprise": 7}


def _place_kind(place: Place) -> str:
    if place.level == "province":
        return "province"
    if place.level == "city":
        return "city"
    return "district" if place.name.endswith("区") else "county"


@dataclass
class _OrgDraft:
    name: str
    kind: str
    parent: str | None
    aliases: set[str] = field(default_factory=set)


class _Registry:
    """Collects organisations from decisions, merges spellings, adds enclosing unions."""

    def __init__(self) -> None:
        self.drafts: dict[str, _OrgDraft] = {}
        # unit unions: company key -> surfaces with their best strength
        self.units: dict[str, dict[str, int]] = {}
        self.unit_kind: dict[str, str] = {}
        self.links: dict[str, str] = {}  # union-find over company keys

    # -- territorial ------------------------------------------------------------
    def _territorial(self, lineage: tuple[Place, ...]) -> str:
        name = territorial_union_name(lineage)
        if name not in self.drafts:
            parent = territorial_union_name(lineage[:-1]) if len(lineage) > 1 else NATIONAL
            last = lineage[-1]
            aliases = {last.name, "".join(p.name for p in lineage)}
            if last.short:
                aliases |= {last.short, last.short + "总工会"}
                aliases.add("".join(p.short or p.name for p in lineage))
            if len(lineage) > 1:
                aliases.add(last.name + "总工会")
            if last.level == "province" and last.name.endswith("省"):
                aliases.add(last.name + "总")
            self.drafts[name] = _OrgDraft(name, _place_kind(last), parent, aliases)
            if len(lineage) > 1:
                self._territorial(lineage[:-1])
            else:
                self._national()
        return name

    def _national(self) -> str:
        if NATIONAL not in self.drafts:
            self.drafts[NATIONAL] = _OrgDraft(NATIONAL, "national", None, {"全总", "全国总工会"})
        return NATIONAL

    # -- unit unions -------------------------------------------------------------
    def _find(self, key: str) -> str:
        while self.links.get(key, key) != key:
            key = self.links[key]
        return key

    def link(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self.links[ra] = rb

    def add_unit(self, surface: str, kind: str, strength: int) -> str:
        key = _company_key(surface)
        seen = self.units.setdefault(key, {})
        seen[surface] = max(strength, seen.get(surface, -1))
        self.unit_kind.setdefault(key, kind)
        self.links.setdefault(key, key)
        return key

    def add(self, m: Mention, strength: int) -> str:
        """Register the organisation a decision names; returns its key."""
        if m.kind == "national":
            return "N:" + self._national()
        if m.kind == "territorial":
            return "T:" + self._territorial(m.lineage)
        if m.kind == "zone":
            parent = self._territorial(m.lineage)
            if m.name not in self.drafts:
                self.drafts[m.name] = _OrgDraft(m.name, "district", parent, {m.name[:-3]})
            self.drafts[m.name].aliases.add(m.surface)
            return "T:" + m.name
        if m.kind == "industry":
            if m.lineage:
                parent = self._territorial(m.lineage)
                last = m.lineage[-1]
                aliases = {last.name + m.industry + "工会"}
                if last.short:
                    aliases.add(last.short + m.industry + "工会")
            else:
                parent, aliases = self._national(), set()
            if m.name not in self.drafts:
                self.drafts[m.name] = _OrgDraft(m.name, "industry", parent, aliases)
            return "T:" + m.name
        return "U:" + self.add_unit(m.surface, m.kind, strength)

    def finish(self, abbreviations: dict[str, str]) -> tuple[dict[str, str], dict[str, Org]]:
        """Canonical names for every key, and the organisations in listing order."""
        names: dict[str, str] = {}
        groups: dict[str, list[str]] = {}
        for key in self.units:
            groups.setdefault(self._find(key), []).append(key)
        for root, keys in groups.items():
            surfaces: dict[str, int] = {}
            for key in keys:
                for s, strength in self.units[key].items():
                    surfaces[s] = max(strength, surfaces.get(s, -1))
            best = max(surfaces, key=lambda s: (surfaces[s], len(s), s))
            kind = self.unit_kind[root]
            aliases = set(surfaces)
            for s in surfaces:
                stem = s.removesuffix("工会")
                if len(stem) >= 2:
                    aliases.add(stem)
                # 北京城建集团有限责任公司 → 北京城建: only a trailing company form goes.
                bare = re.sub(r"(?:股份有限公司|有限责任公司|有限公司|集团|公司)+$", "", stem)
                if len(bare) >= 2 and bare != stem:
                    aliases |= {bare, bare + "工会"}
            self.drafts[best] = _OrgDraft(best, kind, None, aliases)
            for key in keys:
                names["U:" + key] = best
        for name in self.drafts:
            names.setdefault("T:" + name, name)
            names.setdefault("N:" + name, name)
        for short, full in abbreviations.items():
            for draft in self.drafts.values():
                if draft.kind != "enterprise" and draft.name.startswith(full) and \
                        draft.name[len(full):] in ("总工会", "工会"):
                    draft.aliases |= {short, short + draft.name[len(full):]}
        orgs = {}
        for draft in self._ordered():
            aliases = {a for a in draft.aliases if a and a != draft.name}
            orgs[draft.name] = Org(
                name=draft.name,
                short_names=tuple(sorted(aliases, key=lambda a: (len(a), a))),
                parent=draft.parent,
                kind=draft.kind,
            )
        return names, orgs

    def _ordered(self) -> list[_OrgDraft]:
        def key(d: _OrgDraft):
            return (_KIND_RANK.get(d.kind, 9), d.name)

        children: dict[str | None, list[_OrgDraft]] = {}
        for d in self.drafts.values():
            parent = d.parent if d.parent in self.drafts else None
            children.setdefault(parent, []).append(d)
        out: list[_OrgDraft] = []

        def visit(parent: str | None) -> None:
            for d in sorted(children.get(parent, []), key=key):
                out.append(d)
                visit(d.name)

        visit(None)
        return out


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def first_line(doc: SegmentedDocument) -> str | None:
    """The line opening a page (a running banner when two or more pages open with it)."""
    return _plain(doc.paragraphs[0]) if doc.paragraphs else None


def _mention_record(m: Mention) -> list:
    return [m.surface, m.kind, m.name, [p.code for p in m.lineage], m.bare, m.industry]


def _mention_from(record: list, places: dict) -> Mention:
    surface, kind, name, codes, bare, industry = record
    return Mention(0, 0, surface, kind, name, tuple(places[c] for c in codes), bare, industry)


def _pieces_record(analyser: _DocAnalyser) -> list:
    out = []
    for piece in analyser.pieces():
        d = piece.decision
        if d is None:
            continue
        links = []
        if d.mention.kind not in ("national", "territorial", "zone", "industry"):  # a unit union
            # Short spellings of the unit's own union inside its section (中通工会).
            own = d.mention.stem
            for p in piece.paras:
                for m in analyser.mentions[p.index]:
                    same = _company_key(m.stem) == _company_key(own)
                    if m.kind in ("enterprise", "institution", "other") and (
                        same or _is_abbreviation(m.stem, own)
                    ):
                        links.append([m.surface, m.kind])
        out.append([[p.index for p in piece.paras], _mention_record(d.mention), d.para, d.rule,
                    d.line, d.note, links])
    return out


def analyse_document(doc: SegmentedDocument, banners: set[str] | None = None) -> dict:
    """What one document contributes to an attribution, as plain JSON-ready data.

    The organisation finder reads each page on its own except for one corpus-wide
    fact: whether the page's first line is a running banner (it opens two or more
    pages).  Both readings are kept when they differ (``pieces`` with the line as
    text, ``pieces_banner`` with it as furniture) unless ``banners`` says which one
    applies, so an index can store this once per file and combine documents with
    :func:`combine_documents` whatever the rest of the corpus holds.
    """
    analyser = _DocAnalyser(doc, set())
    units = [[m.surface, m.kind] for mentions in analyser.mentions.values()
             for m in mentions if m.kind in ("enterprise", "institution")]
    record = {
        "doc": doc.name,
        "first_line": first_line(doc),
        "abbreviations": list(analyser.ctx.abbreviations.items()),
        "units": units,
    }
    banner_line = record["first_line"] is not None and 1 not in analyser.furniture
    as_banner = banners is None or record["first_line"] in banners
    if banners is None or not as_banner or not banner_line:
        record["pieces"] = _pieces_record(analyser)
    if banner_line and as_banner:
        analyser.furniture.add(1)
        record["pieces_banner"] = _pieces_record(analyser)
        if banners is None and record["pieces_banner"] == record["pieces"]:
            del record["pieces_banner"]
    return record


def document_pieces(record: dict, banners: set[str]) -> list:
    """The pieces of an ``analyse_document`` record under the corpus's running banners."""
    if record["first_line"] in banners and "pieces_banner" in record:
        return record["pieces_banner"]
    return record.get("pieces", record.get("pieces_banner", []))


def running_banners(first_lines) -> set[str]:
    """Lines opening two or more pages (``first_line`` of each document)."""
    counts = Counter(line for line in first_lines if line is not None)
    return {text for text, n in counts.items() if n >= 2}


def attribute_orgs(documents: list[SegmentedDocument]) -> Attribution:
    """Cut every document into sections, each one organisation's work, and collect the
    organisations (with their enclosing unions) by full name."""
    documents = list(documents)
    banners = _running_banners(documents)
    return combine_documents([analyse_document(doc, banners) for doc in documents], banners)


def piece_key(mention: list) -> str:
    """The key a piece's organisation has before corpus-wide naming (what
    ``_Registry.add`` returns for it): territorial, zone and industry unions by full
    name, a unit union by its name without company forms."""
    surface, kind, name, codes, _bare, _industry = mention
    if kind == "national":
        return "N:" + NATIONAL
    if kind in ("zone", "industry"):
        return "T:" + name
    if kind == "territorial":
        from unionnlp.orgs.gazetteer import gazetteer

        places = gazetteer().places
        return "T:" + territorial_union_name(tuple(places[c] for c in codes))
    return "U:" + _company_key(surface)


def combine_documents(records, banners: set[str] | None = None) -> Attribution:
    """The attribution of a corpus from its documents' ``analyse_document`` records
    (in corpus order): the corpus-wide steps (running banners, spellings of one unit
    union across files, abbreviations learned from the corpus, canonical names)."""
    return combine_with_names(records, banners)[0]


def combine_with_names(records, banners: set[str] | None = None) -> tuple[Attribution, dict[str, str]]:
    """``combine_documents``, and the full name each ``piece_key`` stands for."""
    from unionnlp.orgs.gazetteer import gazetteer

    records = list(records)
    if banners is None:
        banners = running_banners(r["first_line"] for r in records)
    places = gazetteer().places
    registry = _Registry()
    abbreviations: dict[str, str] = {}
    raw: list[tuple[str, list[int], str, _Decision]] = []  # (doc, paras, key, decision)
    for record in records:
        abbreviations.update(dict(record["abbreviations"]))
        for paras, mention, para, rule, line, note, links in document_pieces(record, banners):
            d = _Decision(_mention_from(mention, places), para, rule, line, note)
            key = registry.add(d.mention, _STRENGTH[rule])
            raw.append((record["doc"], paras, key, d))
            for surface, kind in links:
                registry.link(registry.add_unit(surface, kind, -1), key[2:])

    # Other spellings of the same unit union anywhere in the corpus (中通快递集团工会).
    for record in records:
        for surface, kind in record["units"]:
            if _company_key(surface) in registry.units:
                registry.add_unit(surface, kind, -1)

    names, orgs = registry.finish(abbreviations)
    sections = []
    for doc, paras, key, d in raw:
        evidence = f"p{d.para} {d.rule}: {d.line}" + (f" ({d.note})" if d.note else "")
        sections.append(Section(names[key], doc, tuple(paras), evidence, d.para, d.rule))
    return Attribution(sections=sections, orgs=orgs), names
