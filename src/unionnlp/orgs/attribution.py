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

A signature, header or byline decides its section; otherwise the subject of
the headline and lead (not a body that only 指导/支持 it, not a person of
another body who attends or is quoted), then the unit the headline or lead is
about (its union where the text names it, else the unit itself), then the
union body the text names most as acting, then the page's source line.  A
numbered part (「二、……」) or a sub-heading of a report or speech stays with it.  A joint
event (「A、B和C联合主办」) is all its hosts' (``Section.orgs``).  Page furniture
and banners are no one's; a sign-off line and a bracketed editorial note
decide or close a section but are not part of it.  Decisions on the seeds:

* 004's 北京职工婚协 article goes to 北京职工婚姻家庭建设协会, the subject of its
  headline and lead (the page introduces the short name 北京职工婚协);
* 004's 北京工商大学 sports-meeting item names no union body: it is the
  university's;
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
(北京市海淀区总工会 → 北京市总工会; 洛阳市总工会 → 河南省总工会), a
provincial one's is 中华全国总工会, a development zone's is the union of the
place it is named after, a district industry union's is its district union.
Enclosing unions that have no section of their own are still listed in
``Attribution.orgs`` so the hierarchy is complete, and so is every union body
the texts only mention (a partner, a body that guided an event).  A unit union's parent is
``None``: its name does not tell whether it answers to a territorial union,
an industry union or a central enterprise's union, so a company on a Beijing
page is not put under 北京市总工会.

Nothing here prints or exits; errors are ``OrgError``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from unionnlp.orgs.gazetteer import Place, _spoken_name
from unionnlp.orgs.names import (
    _COMMITTEE,
    NATIONAL,
    Mention,
    _company_key,
    _is_abbreviation,
    _tag,
    _unit_kind,
    territorial_union_name,
)
from unionnlp.orgs.sections import (
    _JOINT_AFTER,
    _STRENGTH,
    _coordinated,
    _Decision,
    _DocAnalyser,
    _plain,
    _running_banners,
    arrangement_lines,
)
from unionnlp.text.lazyre import lazy_re
from unionnlp.text.segment import SegmentedDocument

# ---------------------------------------------------------------------------
# Public data types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    """An organisation: full name, other names users and reports use, parent's full name, kind.

    ``kind`` is one of "national", "province" (provinces and the municipalities
    北京市, 重庆市 …), "city", "district", "county", "street" (街道, 镇, 乡),
    "industry", "agency" (a government department's union), "institution"
    (universities, schools, hospitals, research institutes), "enterprise",
    "association" (婚协, 红娘联盟).  Development-zone and park unions
    (北京经济技术开发区总工会, 大亚湾区总工会) count as "district".
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
    orgs: tuple[str, ...] = ()  # every organisation of a joint event, ``org`` first

    def __post_init__(self) -> None:
        if not self.orgs:
            object.__setattr__(self, "orgs", (self.org,))


@dataclass
class Attribution:
    """Sections of every document, and the organisations they belong to (by full name).

    ``unattributed`` says, for paragraphs of no section, why: the kind of page
    furniture, a banner, or what the text names and why that did not decide.
    ``having`` names the organisations with a section when ``sections`` are not
    loaded (a corpus index gives the organisations alone); otherwise it is left
    None and taken from the sections.
    """

    sections: list[Section]
    orgs: dict[str, Org]
    unattributed: dict[tuple[str, int], str] = field(default_factory=dict)
    having: frozenset[str] | None = None
    _index: dict[tuple[str, int], Section] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for s in self.sections:
            for para in s.paragraphs:
                self._index[(s.doc, para)] = s

    def orgs_with_sections(self) -> frozenset[str]:
        """Organisations with at least one section (each host of a joint event)."""
        if self.having is not None:
            return self.having
        return frozenset(o for s in self.sections for o in s.orgs)

    def org_of(self, doc: str, para: int) -> str | None:
        """Full name of the (first) organisation paragraph ``para`` (1-based) of ``doc`` belongs to."""
        s = self._index.get((doc, para))
        return s.org if s is not None else None

    def orgs_of(self, doc: str, para: int) -> tuple[str, ...]:
        """Every organisation a paragraph belongs to: one, or the hosts of a joint event;
        empty for furniture, banners and text of no union body."""
        s = self._index.get((doc, para))
        return s.orgs if s is not None else ()

    def why_unattributed(self, doc: str, para: int) -> str:
        """Why a paragraph belongs to no organisation (empty when it belongs to one)."""
        if (doc, para) in self._index:
            return ""
        return self.unattributed.get((doc, para), "no union body named")

    def section_of(self, doc: str, para: int) -> Section | None:
        """The section holding a paragraph, or ``None`` (furniture, banners, unknown)."""
        return self._index.get((doc, para))

    def sections_of(self, org_name: str, include_sub: bool = False) -> list[Section]:
        """Sections of one organisation (full name), and of its descendants if asked."""
        names = {org_name}
        if include_sub:
            from unionnlp.orgs.resolve import suborgs  # resolving names builds on attributions

            names |= {o.name for o in suborgs(org_name, self)}
        return [s for s in self.sections if names.intersection(s.orgs)]

    def children(self, org_name: str) -> list[Org]:
        """Organisations whose parent is ``org_name``, in listing order."""
        return [o for o in self.orgs.values() if o.parent == org_name]



# ---------------------------------------------------------------------------
# Building organisations
# ---------------------------------------------------------------------------

_KIND_RANK = {"national": 0, "province": 1, "city": 2, "district": 3, "county": 4, "street": 5,
              "industry": 6, "agency": 7, "institution": 8, "enterprise": 9, "association": 10}


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
        self.written: dict[str, set[str]] = {}  # territorial unions: names as the texts write them
        # unit unions: spellings a text writes (not inferred from a committee's or a unit's name)
        self.unit_written: set[str] = set()
        self.zones: set[str] = set()  # local unions (zones, parks, streets) by name
        self.unit_surfaces: dict[str, set[str]] = {}  # company key -> names as written (with brackets)

    # -- territorial ------------------------------------------------------------
    def _territorial(self, lineage: tuple[Place, ...]) -> str:
        name = territorial_union_name(lineage)
        if name not in self.drafts:
            parent = territorial_union_name(lineage[:-1]) if len(lineage) > 1 else NATIONAL
            last = lineage[-1]
            joined = "".join(p.name for p in lineage)
            aliases = {last.name, joined, joined + "总工会"}
            if last.short:
                aliases |= {last.short, last.short + "总工会"}
                aliases.add("".join(p.short or p.name for p in lineage))
            if len(lineage) > 1:
                aliases.add(last.name + "总工会")
            if last.level == "province" and last.name.endswith("省"):
                aliases.add(last.name + "总")
            spoken = _spoken_name(last)
            if spoken:
                aliases |= {spoken, spoken + "总工会"}
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

    def add_unit(self, surface: str, kind: str, strength: int, written: bool = True, as_written: str = "") -> str:
        key = self._add_spelling(_company_key(surface), surface, kind, strength)
        if written:
            self.unit_written.add(surface)
        if as_written and as_written != surface:
            self.unit_surfaces.setdefault(key, set()).add(as_written)
        return key

    def _add_spelling(self, key: str, surface: str, kind: str, strength: int) -> str:
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
            name = self._territorial(m.lineage)
            self.written.setdefault(name, set()).add(m.surface)
            return "T:" + name
        if m.kind == "zone":
            parent = self._territorial(m.lineage) if m.lineage else None
            if m.name not in self.drafts:
                kind = "street" if re.search(r"(?:街道|镇|乡|社区)(?:总工会|工会联合会)$", m.name) else "district"
                self.drafts[m.name] = _OrgDraft(m.name, kind, parent, _local_aliases(m.name))
            self.drafts[m.name].aliases.add(m.surface)
            self.zones.add(m.name)
            return "T:" + m.name
        if m.kind == "partner":
            return "U:" + self.add_unit(m.name or m.surface, "association", strength, as_written=m.surface)
        if m.kind == "industry":
            aliases = {m.surface, m.surface.removesuffix("工会")}
            if m.lineage:
                parent = self._territorial(m.lineage)
                last = m.lineage[-1]
                for place in {last.name, last.short or last.name}:
                    aliases |= {place + m.industry + "工会", place + m.industry}
            else:
                parent = self._national()
            if m.name not in self.drafts:
                self.drafts[m.name] = _OrgDraft(m.name, "industry", parent, set())
            self.drafts[m.name].aliases |= aliases
            return "T:" + m.name
        surface = m.name or m.surface
        kind = m.kind if m.kind != "unit" else "enterprise"
        return "U:" + self.add_unit(surface, kind, strength, written=not m.inferred and m.kind != "unit",
                                    as_written=m.surface if not (m.inferred or m.pair) else "")

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
            # The fullest spelling its own sections use (西京交通大学工会, not 西京交大工会;
            # 国家税务总局广汉市税务局工会, not 广汉市税务局工会).
            own_spellings = [s for s in surfaces if surfaces[s] >= 0] or list(surfaces)
            best = max(own_spellings, key=lambda s: (surfaces[s], len(s), s))
            expanded = [s for s in own_spellings if _company_key(s) != _company_key(best)
                        and _expands(best.removesuffix("工会"), s.removesuffix("工会"))]
            if expanded:
                best = max(expanded, key=lambda s: (surfaces[s], len(s), s))
            same = [s for s in own_spellings if _company_key(s) == _company_key(best)]
            best = max(same, key=lambda s: (len(s), surfaces[s], s))
            kind = self.unit_kind[root]
            if kind != "association":
                unit = _COMMITTEE_TAIL.sub("", best).removesuffix("工会")
                kind = _unit_kind(unit) or kind
            aliases = set(surfaces)
            for key in keys:
                aliases |= self.unit_surfaces.get(key, set())
            for s in surfaces:
                aliases |= _unit_aliases(s)
            if kind != "association" and best.endswith("工会") and not self.unit_written & set(surfaces):
                # No text writes this union's name, only its unit's (崇明区教育局女工委 organised
                # it): the organisation is the unit, by the name it is written with.
                aliases.add(best)
                best = _agency_title(best.removesuffix("工会")) if kind == "agency" else best.removesuffix("工会")
            self.drafts[best] = _OrgDraft(best, kind, None, aliases)
            for key in keys:
                names["U:" + key] = best
        # 云南省邮政工会 is what people call 中国邮政集团有限公司云南省分公司工会: one organisation.
        for ind in [d for d in self.drafts.values() if d.kind == "industry"]:
            shared = [u for u in self.drafts.values() if u.kind == "enterprise" and u is not ind
                      and {a for a in ind.aliases & u.aliases if len(a) >= 4}]
            if len(shared) == 1:
                unit = shared[0]
                unit.aliases |= ind.aliases | {ind.name}
                unit.parent = unit.parent or ind.parent
                names["T:" + ind.name] = unit.name
                del self.drafts[ind.name]
        for name in self.drafts:
            names.setdefault("T:" + name, name)
            names.setdefault("N:" + name, name)
        # A union's own fuller spelling, where a text writes one (河南省洛阳市总工会), is its name.
        renames = {}
        for name, written in self.written.items():
            fuller = [w for w in written if len(w) > len(name) and w.endswith(name.removesuffix("总工会") + "总工会")]
            if fuller and name in self.drafts:
                renames[name] = max(fuller, key=lambda w: (len(w), w))
        for old, new in renames.items():
            draft = self.drafts.pop(old)
            draft.aliases.add(old)
            draft.name = new
            self.drafts[new] = draft
            for d in self.drafts.values():
                if d.parent == old:
                    d.parent = new
            for key, value in names.items():
                if value == old:
                    names[key] = new
        for short, full in abbreviations.items():
            for draft in self.drafts.values():
                known = {draft.name, *draft.aliases}
                if full in known:
                    draft.aliases.add(short)
                for tail in ("总工会", "工会"):
                    if full + tail in known:
                        draft.aliases |= {short, short + tail}
                if short in known and full not in known and not short.endswith("工会"):
                    # 国电能源院（源牌集团）: the bracketed name is the one its union goes by.
                    draft.aliases |= {full, f"{full}（{short}）"}
        self._merge_local_unions(names)
        orgs = {}
        for draft in self._ordered():
            aliases = {a for a in draft.aliases if a and a != draft.name and not _generic_alias(a)}
            orgs[draft.name] = Org(
                name=draft.name,
                short_names=tuple(sorted(aliases, key=lambda a: (len(a), a))),
                parent=draft.parent,
                kind=draft.kind,
            )
        return names, orgs

    def _merge_local_unions(self, names: dict[str, str]) -> None:
        """A local union written without its places (鼓楼街道总工会) is the one written with
        them (宁波市海曙区鼓楼街道总工会) when the corpus has exactly one such."""
        local = [d for d in self.drafts.values() if d.kind in ("street", "district") and d.name in self.zones]
        for short in local:
            fuller = [d for d in local if d is not short and len(d.name) > len(short.name)
                      and d.name.endswith(short.name) and d.name in self.drafts]
            if len(fuller) != 1 or short.name not in self.drafts:
                continue
            into = fuller[0]
            into.aliases |= short.aliases | {short.name}
            del self.drafts[short.name]
            for d in self.drafts.values():
                if d.parent == short.name:
                    d.parent = into.name
            for key, value in names.items():
                if value == short.name:
                    names[key] = into.name
            names["T:" + short.name] = into.name

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


_COMMITTEE_TAIL = lazy_re(f"(?:{_COMMITTEE.pattern})$")
_COMPANY_TAIL = lazy_re(r"(?<![分子])(?:股份有限公司|有限责任公司|有限公司|集团|公司)+$")
_BRANCH = lazy_re(
    r"^(?:中国|中华)?(?P<brand>[\u4e00-\u9fff]{2,12}?)(?:集团)?(?:股份)?(?:有限(?:责任)?公司|公司|集团)"
    r"(?P<place>[\u4e00-\u9fff]{2,10}?)(?:分公司|分行|支行|公司)$"
)


_GENERIC_ALIAS = lazy_re(
    r"^(?:集团|公司|有限公司|有限责任公司|股份有限公司|分公司|工业园|产业园|园区|高新区|开发区|经开区|新区|"
    r"自治州|自治县|街道|社区|总工会|工会|委员会|联合会)(?:工会|总工会|工会联合会)?$"
)


def _generic_alias(alias: str) -> bool:
    """A short name that names no one in particular (集团工会, 高新区, 工业园)."""
    from unionnlp.orgs.names import _BARE_REFS, _GENERIC_UNITS

    stem = re.sub(r"(?:总工会|工会联合会|工会)$", "", alias)
    return bool(_GENERIC_ALIAS.match(alias)) or stem in _GENERIC_UNITS or stem in _BARE_REFS or len(alias) < 2


def _expands(short: str, full: str) -> bool:
    """``full`` spells out ``short``: an abbreviation by first characters of words
    (西京交大 → 西京交通大学) or the unit with the body above it (南海救助局 →
    交通运输部南海救助局), not a name that merely drops a word (京东集团, 京东物流集团)."""
    if full.endswith(short) and len(short) >= 4:
        return True  # 交通运输部南海救助局: the unit with the body it belongs to
    if not _is_abbreviation(short, full):
        return False
    return any(short[i:i + 2] not in full for i in range(len(short) - 1))


_EDITORS_NOTE = lazy_re(r"^[【\[（(]?\s*(?:编者按|编者的话|编辑按|编后语|编后)\s*[】\]）)]?\s*[：:]")
_BRACKETED = lazy_re(r"^[（(][^（）()]{2,80}[）)]$")
# The paper or site speaking for itself at the end of an item: 「本站将持续关注……」.
_PUBLISHERS_NOTE = lazy_re(r"^(?:本站|本网|本报|本刊|本台|本号)(?:将|还将|也将|会)[^。！？]{0,60}[。！]?$")


def _aside(p) -> str:
    """Why a line of a section is not part of its text: a sign-off (the union's name
    closing a speech or a notice) or an editorial note in brackets (「（摘自……）」); empty
    for report text."""
    from unionnlp.orgs.sections import _signature, form_line

    text = p.text.strip()
    if _signature(p):
        return "sign-off line (it decides its section)"
    form = form_line(p)
    if form:
        return form
    if not p.heading and _BRACKETED.match(text) and "。" not in text[1:-2]:
        return "editorial note"
    if _EDITORS_NOTE.match(text):
        return "editors' note"
    if _PUBLISHERS_NOTE.match(text):
        return "the publisher's own note"
    return ""


def _agency_title(name: str) -> str:
    """A government department of a municipality's district by its full name, as it signs:
    崇明区教育局 → 上海市崇明区教育局 (as 崇明区总工会 is 上海市崇明区总工会)."""
    from unionnlp.orgs.gazetteer import gazetteer
    from unionnlp.orgs.names import _MUNICIPALITIES

    gaz = gazetteer()
    for k in range(min(len(name) - 1, 8), 1, -1):
        if name[k - 1] not in "区县":
            continue
        places = [p for p in gaz.lookup(name[:k]) if p.level == "county"]
        lineages = {gaz.lineage(p)[0].name for p in places}
        if len(lineages) == 1 and (province := lineages.pop()) in _MUNICIPALITIES:
            return province + name
    return name


def _unit_aliases(surface: str) -> set[str]:
    """Names people use for a unit union: without 工会, without its company form
    (北京城建集团有限责任公司 → 北京城建), and a branch by its place and brand
    (中国邮政集团有限公司云南省分公司 → 云南邮政, 邮政云南)."""
    from unionnlp.orgs.gazetteer import gazetteer

    out = {surface}
    stem = surface.removesuffix("工会")
    if len(stem) >= 2:
        out.add(stem)
    bare = _COMPANY_TAIL.sub("", stem)
    if len(bare) >= 2 and bare != stem:
        out |= {bare, bare + "工会"}
    for form in (stem, bare):
        if form.startswith(("中国", "中华")) and len(form) >= 5:
            out.add(form[2:])
    # A federation by its short names: 澳门工会联合总会 → 澳门工联总会, 澳门工联; 东岭市妇女联合会
    # → 东岭市妇联.
    for tail, shorts in (("工会联合总会", ("工联总会", "工联")), ("工会联合会", ("工联会",)),
                         ("妇女联合会", ("妇联",))):
        if surface.endswith(tail) and len(surface) > len(tail) + 1:
            out |= {surface[: -len(tail)] + short for short in shorts}
            break
    m = _BRANCH.match(stem)
    if m:
        brand, where = m.group("brand"), m.group("place")
        lineage = gazetteer().resolve(where)
        if lineage:
            last = lineage[-1]
            for place in {last.name, last.short or last.name}:
                out |= {place + brand, brand + place}
    return {a for a in out if len(a) >= 2}


def _local_aliases(name: str) -> set[str]:
    """Names of a local union (zone, park, street) without the places before it:
    惠州大亚湾区总工会 → 大亚湾区总工会, 大亚湾区, 大亚湾."""
    from unionnlp.orgs.gazetteer import gazetteer

    gaz = gazetteer()
    stem = re.sub(r"(?:总工会|工会联合会)$", "", name)
    out = {stem}
    for k in range(len(stem) - 2, 1, -1):
        if gaz.resolve(stem[:k]):
            local = stem[k:]
            out |= {local, local + name[len(stem):]}
            break
    for form in list(out):
        if form.endswith("区") and len(form) >= 4 and not form.endswith(("园区", "新区", "开发区", "社区")):
            out.add(form[:-1])
    return {a for a in out if len(a) >= 2}


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


_UNIT_KINDS = ("enterprise", "institution", "agency", "association")


def first_line(doc: SegmentedDocument) -> str | None:
    """The line opening a page (a running banner when two or more pages open with it)."""
    return _plain(doc.paragraphs[0]) if doc.paragraphs else None


def running_banners(first_lines) -> set[str]:
    """Lines opening two or more pages (``first_line`` of each document)."""
    counts = Counter(line for line in first_lines if line is not None)
    return {text for text, n in counts.items() if n >= 2}


def mention_record(m: Mention) -> list:
    """A mention as plain JSON-ready data (its place in the text left out)."""
    return [m.surface, m.kind, m.name, [p.code for p in m.lineage], m.bare, m.industry, m.committee, m.ref,
            m.committee_only, m.pair, m.inferred]


def _mention_from(record: list, places: dict) -> Mention:
    surface, kind, name, codes, bare, industry, committee, ref, committee_only, pair, inferred = record
    return Mention(0, 0, surface, kind, name, tuple(places[c] for c in codes), bare, industry, committee, ref,
                   bool(committee_only), pair, bool(inferred))


def registry_key(m: Mention) -> str:
    """The key an organisation has before corpus-wide naming (what ``_Registry.add``
    returns for the mention): territorial, zone and industry unions by full name, a
    unit union (or a partner) by its name without company forms."""
    if m.kind == "national":
        return "N:" + NATIONAL
    if m.kind == "territorial":
        return "T:" + territorial_union_name(m.lineage)
    if m.kind in ("zone", "industry"):
        return "T:" + m.name
    return "U:" + _company_key(m.name or m.surface)


def _reading(analyser: _DocAnalyser) -> dict:
    """What a page gives under one reading of its first line (text, or a running banner
    and so furniture): its pieces with their decisions, why each other paragraph is no
    one's, and every union body its text names."""
    from unionnlp.text.furniture import furniture_kind

    doc = analyser.doc
    unattributed: list[list] = []
    for p in doc.paragraphs:
        if p.index in analyser.furniture:
            kind = furniture_kind(p.text.lstrip("# ")) or furniture_kind(p.text)
            unattributed.append([p.index, f"page furniture ({kind})" if kind else "running banner of the pages"])
    pieces = []
    for piece in analyser.pieces():
        d = piece.decision
        if d is None:
            unattributed.extend([p.index, piece.reason or "no union body named"] for p in piece.paras)
            continue
        paras = []
        arrangements = arrangement_lines(piece.paras)
        for p in piece.paras:
            aside = _aside(p) or ("a notice's practical arrangements" if p.index in arrangements else "")
            if aside:
                unattributed.append([p.index, aside])
            else:
                paras.append(p.index)
        industry: list[list] = []
        links: list[list] = []
        if paras and d.mention.kind == "industry" and d.mention.lineage:
            # Enterprises that may be what an industry union's short name stands for (云南邮政
            # = 中国邮政集团有限公司云南省分公司): decided against the corpus's names when combined.
            industry = [[m.surface, sorted(_unit_aliases(m.surface)), not m.inferred]
                        for p in piece.paras for m in analyser.mentions[p.index] if m.kind == "enterprise"]
        key = registry_key(d.mention)
        womens = d.mention.committee_only
        # A unit at work whose union the page does not name (广汉税务 = 广汉市税务局).
        itself = d.mention.kind in _UNIT_KINDS and not d.mention.surface.endswith("工会") and not womens
        if paras and key.startswith("U:") and (d.mention.surface.endswith("工会") or womens or itself):
            # Short spellings of the unit's own union (or of its women's committee) inside its
            # section (中通工会; 医院妇女委员会 for 东岭医院妇委会).
            own = d.mention.unit_name
            for p in piece.paras:
                for m in analyser.mentions[p.index]:
                    if m.kind not in (*_UNIT_KINDS, "other", "unit") or (m.ref and not m.committee_only):
                        continue
                    if m.committee_only != womens or (m.kind == "unit" and womens):
                        continue
                    if itself and m.kind != "unit":
                        continue
                    stem = m.unit_name
                    surface = m.surface + "工会" if m.kind == "unit" and not itself else \
                        (m.name if womens else m.surface)
                    kind = "enterprise" if m.kind in ("unit", "other") else m.kind
                    if len(_company_key(stem)) < 2:
                        continue  # 集团有限公司工会: a company form, no name
                    same = _company_key(stem) == _company_key(own)
                    if same or _is_abbreviation(stem, own) or _is_abbreviation(own, stem):
                        written = (m.kind != "unit" or itself) and not m.inferred
                        links.append([surface, kind, written])
        mentions = (d.mention, *d.others)
        pieces.append({
            "paras": paras, "mentions": [mention_record(m) for m in mentions],
            "keys": [registry_key(m) for m in mentions], "para": d.para, "rule": d.rule, "line": d.line,
            "note": d.note, "industry": industry, "links": links,
        })
    # Every union body the text names, in order: ["m", mention] to register; ["u", name, kind]
    # for a unit that hosts an event jointly with union bodies (「……女工委与恒源祥集团联合发起」),
    # a partner organisation by its own name.
    mentioned: list[list] = []
    for p in doc.paragraphs:
        if p.index in analyser.furniture:
            continue
        ms = [m for m in analyser.mentions[p.index] if m.is_org or m.kind == "unit"]
        for m in analyser.mentions[p.index]:
            if (m.is_org or m.kind == "partner") and not m.bare and (m.name or m.surface):
                mentioned.append(["m", mention_record(m)])
        for i, m in enumerate(ms):
            if m.kind == "unit" and not m.ref:
                group, after = _coordinated(ms, i, _plain(p))
                if any(x.is_org for x in group) and _JOINT_AFTER.match(after):
                    mentioned.append(["u", m.surface, _unit_kind(m.surface) or "enterprise"])
                elif _acting_unit(m, _plain(p)):
                    # A unit that a union's page names as the subject of its own sentence (a pilot
                    # unit of a 小屋 programme, a company that set up a room): an organisation a
                    # reader may ask for; its union is what acts there.
                    mentioned.append(["u", m.surface + "工会", _unit_kind(m.surface) or "enterprise"])
    return {"pieces": pieces, "unattributed": unattributed, "mentioned": mentioned}


# Words a sentence goes on with after its subject (是, 建成, 开展 are tagged v; 已, 先后 d).
_PREDICATE_FLAGS = ("v", "vn", "vd", "p", "d")


def _acting_unit(m: Mention, text: str) -> bool:
    """Is the unit ``m`` the subject of a sentence of ``text``: named in full at the sentence's
    start (a place or a company form in its name, not a bare word) and followed by its verb?"""
    if m.ref or m.start != _sentence_start(text, m.start) or len(m.surface) < 6:
        return False
    rest = text[m.end:m.end + 8]
    if not rest or rest[0] in "的之":
        return False
    tokens = _tag(rest)
    return bool(tokens) and tokens[0][1].startswith(_PREDICATE_FLAGS)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding position ``at`` of ``text`` starts."""
    cut = max(text.rfind(ch, 0, at) for ch in "。！？；")
    return cut + 1


def analyse_document(doc: SegmentedDocument, banners: set[str] | None = None) -> dict:
    """What one document contributes to an attribution, as plain JSON-ready data.

    The organisation finder reads each page on its own except for one corpus-wide
    fact: whether the page's first line is a running banner (it opens two or more
    pages).  Both readings are kept when they differ (``plain`` with the line as
    text, ``banner`` with it as furniture) unless ``banners`` says which one
    applies, so a corpus index can store this once per file and combine documents
    with :func:`combine_documents` whatever the rest of the corpus holds.
    """
    analyser = _DocAnalyser(doc, set())
    line = first_line(doc)
    record = {
        "doc": doc.name,
        "first_line": line,
        "abbreviations": list(analyser.ctx.abbreviations.items()),
        "units": [[m.surface, m.kind, not m.inferred] for mentions in analyser.mentions.values()
                  for m in mentions if m.kind in _UNIT_KINDS and not m.committee_only],
    }
    # Only paragraph 1 can be a running banner, and only if it is not furniture anyway.
    may_be_banner = line is not None and doc.paragraphs[0].index == 1 and 1 not in analyser.furniture
    as_banner = banners is None or line in banners
    if banners is None or not (may_be_banner and as_banner):
        record["plain"] = _reading(analyser)
    if may_be_banner and as_banner:
        analyser.furniture.add(1)
        record["banner"] = _reading(analyser)
        if banners is None and record["banner"] == record["plain"]:
            del record["banner"]
    return record


def document_reading(record: dict, banners: set[str]) -> dict:
    """The reading of an ``analyse_document`` record under the corpus's running banners."""
    if "banner" in record and (record["first_line"] in banners or "plain" not in record):
        return record["banner"]
    return record["plain"]


def attribute_orgs(documents: list[SegmentedDocument]) -> Attribution:
    """Cut every document into sections, each one organisation's work (or, for a joint
    event, several organisations'), and collect the organisations (with their enclosing
    unions) by full name."""
    documents = list(documents)
    banners = _running_banners(documents)
    return combine_documents([analyse_document(doc, banners) for doc in documents], banners)


def combine_documents(records, banners: set[str] | None = None) -> Attribution:
    """The attribution of a corpus from its documents' ``analyse_document`` records
    (in corpus order): the corpus-wide steps (running banners, spellings of one unit
    union across files, abbreviations learned from the corpus, canonical names)."""
    return combine_with_names(records, banners)[0]


def combine_with_names(records, banners: set[str] | None = None) -> tuple[Attribution, dict[str, str]]:
    """``combine_documents``, and the full name each ``registry_key`` stands for."""
    from unionnlp.orgs.gazetteer import gazetteer

    if banners is None:
        records = list(records)
        banners = running_banners(r["first_line"] for r in records)
    # ``records`` is read once (it may be a stream): of each record, only the bodies its
    # reading mentions and its units are kept for the later passes.
    places = gazetteer().places
    registry = _Registry()
    abbreviations: dict[str, str] = {}
    raw: list[tuple[str, list[int], list[str], _Decision]] = []  # (doc, paras, keys, decision)
    unattributed: dict[tuple[str, int], str] = {}
    mentioned = []
    units = []
    for record in records:
        doc = record["doc"]
        reading = document_reading(record, banners)
        mentioned.append(reading["mentioned"])
        units.append(record["units"])
        abbreviations.update(dict(record["abbreviations"]))
        for para, why in reading["unattributed"]:
            unattributed[(doc, para)] = why
        for piece in reading["pieces"]:
            mentions = [_mention_from(m, places) for m in piece["mentions"]]
            strength = _STRENGTH[piece["rule"]]
            keys = [registry.add(m, strength) for m in mentions]
            if not piece["paras"]:
                continue
            d = _Decision(mentions[0], piece["para"], piece["rule"], piece["line"], piece["note"],
                          tuple(mentions[1:]))
            raw.append((doc, piece["paras"], keys, d))
            key = keys[0]
            if piece["industry"]:
                wanted = {a for a in registry.drafts[key[2:]].aliases if len(a) >= 4}
                for surface, aliases, written in piece["industry"]:
                    if wanted.intersection(aliases):
                        registry.add_unit(surface, "enterprise", strength, written=written)
            for surface, kind, written in piece["links"]:
                registry.link(registry.add_unit(surface, kind, 0, written=written), key[2:])

    # Every union body the texts name is an organisation, with text of its own or not
    # (a partner, a parent, a body that guided an event).
    for record_mentioned in mentioned:
        for op in record_mentioned:
            if op[0] == "m":
                registry.add(_mention_from(op[1], places), -2)
            else:
                registry.add_unit(op[1], op[2], -2)

    # Other spellings of the same unit union anywhere in the corpus (中通快递集团工会).
    for record_units in units:
        for surface, kind, written in record_units:
            if _company_key(surface) in registry.units:
                registry.add_unit(surface, kind, -1, written=written)

    names, orgs = registry.finish(abbreviations)
    sections = []
    for doc, paras, keys, d in raw:
        evidence = f"p{d.para} {d.rule}: {d.line}" + (f" ({d.note})" if d.note else "")
        all_orgs = tuple(dict.fromkeys(names[k] for k in keys))
        sections.append(Section(all_orgs[0], doc, tuple(paras), evidence, d.para, d.rule, all_orgs))
    return Attribution(sections=sections, orgs=orgs, unattributed=unattributed), names
