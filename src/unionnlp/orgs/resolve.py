"""Resolving what the user typed (山东, 洛阳, 海淀, 全总, 中通) to an organisation of an attribution.

``resolve_org`` finds the one organisation a name means (or raises ``OrgError``
with the closest names), ``suborgs`` lists an organisation's descendants and
``list_orgs`` summarises every organisation of an attribution.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from unionnlp.errors import OrgError
from unionnlp.errors import shown as shown_name
from unionnlp.orgs.attribution import _KIND_RANK, Attribution, Org, _place_kind
from unionnlp.orgs.gazetteer import gazetteer
from unionnlp.orgs.names import _INDUSTRY, territorial_union_name
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



_COMMITTEE_TAILS = ("女教职工委员会", "女职工委员会", "女工委员会", "女职工部", "女职委", "女工委", "妇委会")


def _normalise_query(query: str) -> str:
    """What the user typed, without spaces and without a committee's words: a women's
    committee is part of its union (浙江省总工会女职委 → 浙江省总工会)."""
    q = re.sub(r"\s+", "", query or "")
    if re.search(r"(?:联盟|协会|学会|促进会|商会)妇联$", q):
        return q[:-2]  # 红娘联盟妇联: an association's women's federation is part of it
    for tail in _COMMITTEE_TAILS:
        if q.endswith(tail) and len(q) > len(tail):
            q = q[: -len(tail)]
            if not q.endswith("工会") and len(q) >= 2:
                q += "工会"  # 西安交大女职委 → 西安交大工会
            break
    return q


def _names_of(org: Org) -> tuple[str, ...]:
    return (org.name, *org.short_names)


# --- the words of a name ------------------------------------------------------------

_GENERIC_WORDS = frozenset({"工会", "总工会", "有限公司", "有限责任公司", "股份有限公司", "公司", "集团", "中国",
                            "中华", "委员会", "联合会", "股份", "有限", "责任"})


@lru_cache(maxsize=4096)
def _parts(name: str) -> tuple[frozenset[str], ...]:
    """The words of a name, each with the forms that may stand for it: 西安交通大学工会 →
    西安 / 交通 / 大学 / 工会; a place also by its short name (云南省 → 云南)."""
    from unionnlp.themes.features import jieba_tokenizer

    tokenizer = jieba_tokenizer()
    gaz = gazetteer()
    out: list[frozenset[str]] = []
    for token in tokenizer.lcut(name, HMM=False):
        places = gaz.lookup(token)
        if places:
            forms = {token} | {p.short for p in places if p.short} | {p.name for p in places}
            out.append(frozenset(forms))
            continue
        if len(token) >= 4:
            # 西安交通大学, 华东师范大学: read as their dictionary words of two characters.
            i = 0
            while i < len(token):
                piece = token[i : i + 2] if i + 2 <= len(token) and tokenizer.FREQ.get(token[i : i + 2]) else token[i]
                chain = _place_chain(token[i:])
                if chain:
                    piece = chain
                    places = gaz.lookup(piece)
                    out.append(frozenset({piece} | {p.short for p in places if p.short}))
                else:
                    out.append(frozenset({piece}))
                i += len(piece)
            continue
        out.append(frozenset({token}))
    return tuple(out)


def _place_chain(text: str) -> str | None:
    """The place name a text starts with (3+ characters), if any."""
    gaz = gazetteer()
    for k in range(min(len(text), 10), 2, -1):
        if gaz.lookup(text[:k]) and text[k - 1] in "省市区县州旗盟":
            return text[:k]
    return None


def _abbreviates(q: str, name: str) -> bool:
    """``q`` is written with whole words of ``name`` and first characters of others, in
    order (西安交大 ↔ 西安交通大学, 华东师大 ↔ 华东师范大学), or with whole words in any
    order (云南邮政 ↔ 中国邮政集团有限公司云南省分公司)."""
    parts = _parts(name)
    n = len(q)

    @cache
    def walk(i: int, j: int, whole: bool, anchored: bool) -> bool:
        # ``anchored``: the abbreviation starts with the name's first word (天职师大), or is
        # the first characters of its first two words (国能 ↔ 国家能源).
        if i == n:
            return whole or (anchored and (n >= 3 or j == 2))
        if j == len(parts):
            return False
        if walk(i, j + 1, whole, anchored and i > 0):
            return True
        for form in parts[j]:
            if len(form) >= 2 and q.startswith(form, i) and walk(i + len(form), j + 1, True, anchored):
                return True
        # The name's last word may be written by its last character (研究所 → 所, 学院 → 院:
        # 东北地理所, 城建职院).
        if i == n - 1 and j == len(parts) - 1 and any(len(f) >= 2 and q[i] == f[-1] for f in parts[j]):
            return walk(n, j + 1, whole, anchored)
        return any(q[i] == form[0] for form in parts[j]) and walk(i + 1, j + 1, whole, anchored)

    if walk(0, 0, False, True):
        return True
    # Whole words in any order, each word of the name used once.
    forms = [(k, f) for k, fs in enumerate(parts) for f in fs if len(f) >= 2]

    def cover(i: int, used: frozenset) -> bool:
        if i == n:
            return True
        return any(k not in used and q.startswith(f, i) and cover(i + len(f), used | {k}) for k, f in forms)

    return len(q) >= 4 and cover(0, frozenset())


def _loosely_abbreviates(q: str, name: str) -> bool:
    """``q`` keeps characters of ``name`` in order, starting with its first (after 中国/中华)
    and ending in its last word (中建一局 ↔ 中国建筑第一工程局, 国网巴东供电 ↔ 国网湖北省巴东县
    供电公司): the looser reading, tried only when nothing else matches."""
    core = name[2:] if name.startswith(("中国", "中华")) and not q.startswith(name[:2]) else name
    if not core or q[0] != core[0]:
        return False
    it = iter(core)
    if not all(ch in it for ch in q):
        return False
    last = _parts(name)[-1]
    return any(q[-1] in form for form in last) or q.endswith(name[-1])


def _words(text: str) -> set[str]:
    return {f for fs in _parts(text) for f in fs if len(f) >= 2 and f not in _GENERIC_WORDS}


def _kind_of_query(q: str) -> str | None:
    if re.search(r"(?:大学|学院|学校|中学|小学|医院|研究所|研究院|大|校|院)(?:工会)?$", q):
        return "institution"
    if re.search(r"(?:局|部|委|厅|署|办)(?:工会)?$", q):
        return "agency"
    if re.search(r"(?:公司|集团|分行|支行|银行|行|矿|厂|段)(?:工会)?$", q):
        return "enterprise"
    if re.search(r"(?:协会|婚协|联盟|学会)$", q):
        return "association"
    return None


def _closest(query: str, attribution: Attribution, n: int = 3) -> list[str]:
    """Organisations whose names mean something close: the same place, the same kind of
    unit, words of the name in common; never one that shares only a character."""
    gaz = gazetteer()
    q = query.removesuffix("总工会").removesuffix("工会")
    place = None
    for k in range(len(q), 1, -1):
        lineage = gaz.resolve(q[:k])
        if lineage:
            place = lineage
            break
    q_kind = _kind_of_query(query)
    if place and len("".join(p.name for p in place)) >= len(q) - 1 or (place and q in {p.short for p in place}):
        q_kind = _place_kind(place[-1])
    q_words = _words(q)
    scored = []
    for org in attribution.orgs.values():
        score = 0.0
        if place:
            names = " ".join(_names_of(org))
            last = place[-1]
            if last.name in names or (last.short and last.short in names):
                score += 3
            elif len(place) > 1 and (place[0].name in names or (place[0].short or "~") in names):
                score += 1
        if q_kind and org.kind == q_kind:
            score += 2
        shared = q_words & set().union(*(_words(x) for x in _names_of(org)))
        score += 1.5 * len(shared)
        if score >= 2:
            ratio = max(difflib.SequenceMatcher(None, query, name).ratio() for name in _names_of(org))
            scored.append((-score, -ratio, _KIND_RANK.get(org.kind, 9), org.name))
    scored.sort()
    return [name for *_, name in scored[:n]]


def _ambiguous(query: str, candidates: list[Org], attribution: Attribution | None = None) -> OrgError:
    having = attribution.orgs_with_sections() if attribution is not None else frozenset()
    names = [o.name for o in sorted(candidates, key=lambda o: o.name not in having)]
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return OrgError(f"organisation '{shown_name(query)}' is ambiguous: {shown}; give the full name")


def _unknown(query: str, attribution: Attribution, where: str = "") -> OrgError:
    suggestions = _closest(query, attribution)
    tail = f"; closest: {', '.join(suggestions)}" if suggestions else ""
    where_shown = f" ({shown_name(where)} has no union with a section in it)" if where else ""
    return OrgError(f"no organisation '{shown_name(query)}' in the corpus{where_shown}{tail}")


# --- a longer (registered) form of a name the corpus uses --------------------------
#
# Pages call a body by a shorter name than its registered one: 龙华医院工会 for
# 上海中医药大学附属龙华医院工会, 成都局集团公司凯里工务段工会 for
# 中国铁路成都局集团有限公司凯里工务段工会, 国家能源集团工会 for
# 国家能源投资集团有限责任公司工会.  A user who types the registered name means the
# body the corpus knows by the shorter one when that name is the registered one
# with a leading part left out (the enclosing body) and, inside it, only words of
# legal form (有限, 投资 …): never another unit's name (中国科学院植物研究所妇委会 is
# not 中国科学院妇委会).

_LEGAL_FORM_TAILS = ("股份有限公司", "有限责任公司", "有限公司", "公司")
# What a registered name may hold inside that its short form leaves out.
_LEGAL_FORM_WORDS = frozenset({"有限", "有限责任", "责任", "股份", "股份有限", "投资", "控股", "（集团）", "(集团)"})
_WOMENS_BODY_FORMS = (("妇女工作委员会", "妇委会"), ("妇女委员会", "妇委会"))
MIN_CORE = 4  # characters a shorter name must keep to stand for a longer one


def _name_core(name: str) -> str:
    """A name without its union's word and its legal form: 云南省邮政公司工会 → 云南省邮政;
    a women's committee under one spelling (华东师范大学妇女工作委员会 → 华东师范大学妇委会),
    an institute as people shorten it (研究所 → 所)."""
    core = name
    for long, short in _WOMENS_BODY_FORMS:
        core = core.replace(long, short)
    core = core.replace("研究所", "所")  # an institute as people shorten it: 植物研究所 → 植物所
    core = core.removesuffix("工会")
    stripped = True
    while stripped:
        stripped = False
        for tail in _LEGAL_FORM_TAILS:
            if core.endswith(tail) and len(core) - len(tail) >= 2:
                core, stripped = core[: -len(tail)], True
                break
    return core


def _shortens(short: str, long: str) -> bool:
    """Whether ``short`` (a core) is ``long`` (a core) with a leading part and inner words
    of legal form left out."""
    if len(short) < MIN_CORE or len(short) > len(long):
        return False
    if short == long:
        return True
    if short[-1] != long[-1]:
        return False  # the short name must end where the long one does (checked below; cheap here)
    blocks = [b for b in difflib.SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks()
              if b.size]
    if sum(b.size for b in blocks) != len(short) or blocks[-1].b + blocks[-1].size != len(long):
        return False
    for before, after in itertools.pairwise(blocks):
        if after.a != before.a + before.size:
            return False  # the short name's own characters are not read in one go
        if long[before.b + before.size : after.b] not in _LEGAL_FORM_WORDS:
            return False
    return True


def _shorter_forms(queries: Iterable[str], orgs: Mapping[str, Org]) -> list[Org]:
    """The organisations one of whose names ``_shortens`` one of the queries."""
    cores = {_name_core(q) for q in queries if q}
    return [o for o in orgs.values()
            if any(_shortens(_name_core(name), core) for name in _names_of(o) for core in cores)]


# A unit's own women's committee, an organisation beside the unit's union (医院妇委会).
_UNIT_COMMITTEE = re.compile(r"(?:妇女委员会|妇委会|妇女工作委员会|妇工委)$")


def _reporting_body(query: str, found: Org, attribution: Attribution) -> Org:
    """``found``, or the unit's women's committee when a bare unit name (六安市叶集区人民医院)
    leads to a union with no text in the corpus while that committee has the unit's reports."""
    unit = query.removesuffix("工会")
    if query.endswith("工会") or found.name in attribution.orgs_with_sections():
        return found
    committees = [o for o in attribution.orgs.values()
                  if o.name.startswith(unit) and _UNIT_COMMITTEE.search(o.name)
                  and o.name in attribution.orgs_with_sections()]
    return committees[0] if len(committees) == 1 else found


def resolve_org(query: str, attribution: Attribution) -> Org:
    """The organisation a user means: full name, short name (山东, 洛阳, 海淀, 全总, 中通,
    延边州, 云南邮政, 北京职工婚协), a committee's name (浙江省总工会女职委), an
    abbreviation by the first characters of the name's words (西安交大), or a unique
    part of a name.  ``OrgError`` if none or several match (with the closest names)."""
    q = _normalise_query(query)
    if not q:
        raise OrgError("empty organisation name")
    orgs = attribution.orgs
    # A women's committee that is an organisation of its own (东岭医院妇委会) by its own names.
    raw = re.sub(r"\s+", "", query or "")
    if raw != q:
        if raw in orgs:
            return orgs[raw]
        exact = [o for o in orgs.values() if raw in o.short_names]
        if len(exact) == 1:
            return exact[0]
        within = [o for o in orgs.values() if any(raw in name for name in _names_of(o))]
        if len(within) == 1:
            return within[0]
    # 美团平台, 滴滴平台: a platform company by the word people add to its name
    platform = q.removesuffix("平台") if q.endswith("平台") and len(q) >= 4 else q
    for form in dict.fromkeys((q, q.removesuffix("工会"), q + "工会", platform)):
        if form in orgs:
            return _reporting_body(q, orgs[form], attribution)
        exact = [o for o in orgs.values() if form in o.short_names]
        if len(exact) == 1:
            return _reporting_body(q, exact[0], attribution)
        if len(exact) > 1:
            raise _ambiguous(query, exact, attribution)

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
        if lineage:
            for name in (territorial_union_name(lineage), "".join(p.name for p in lineage) + "总工会"):
                hits = [o for o in orgs.values() if o.kind != "industry" and name in _names_of(o)]
                if len(hits) == 1:
                    return hits[0]
        where = "".join(p.name for p in lineage) if lineage else stem
        raise _unknown(query, attribution, where)

    having = attribution.orgs_with_sections()
    partial = [o for o in orgs.values() if any(q in name for name in _names_of(o))]
    bare = q.removesuffix("工会")
    abbreviated = []
    if not partial and len(bare) >= 2:
        abbreviated = [o for o in orgs.values() if any(_abbreviates(bare, name.removesuffix("工会"))
                                                       for name in _names_of(o))]
    loose = []
    if not partial and not abbreviated and len(bare) >= 3:
        loose = [o for o in orgs.values() if any(_loosely_abbreviates(bare, name.removesuffix("工会"))
                                                 for name in _names_of(o))]
    if q.endswith("工会") and _INDUSTRY.search(bare):
        # 「阿坝州林业工会」 names a place's industry union: not 阿坝州林业中心医院工会, whose
        # words it shares
        abbreviated = [o for o in abbreviated if o.kind == "industry"]
        loose = [o for o in loose if o.kind == "industry"]
    shorter = [] if partial or abbreviated or loose else _shorter_forms((q, raw), orgs)
    for found in (partial, abbreviated, loose, shorter):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            # Several names contain it: the one with text in the corpus, if only one has.
            with_text = [o for o in found if o.name in having]
            if len(with_text) == 1:
                return with_text[0]
            if found is abbreviated:
                # 国能 abbreviates 国家能源集团工会 by its own name, 源牌集团工会 only by an alias.
                by_name = [o for o in (with_text or found) if _abbreviates(bare, o.name.removesuffix("工会"))]
                if len(by_name) == 1:
                    return by_name[0]
            raise _ambiguous(query, found, attribution)
    raise _unknown(query, attribution)


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


def list_orgs(attribution: Attribution, documents: Iterable[SegmentedDocument],
              with_text_only: bool = False, include_mentioned: bool = False) -> list[OrgSummary]:
    """One summary per organisation, in hierarchy order: names, parent, and the number of
    sections, paragraphs, sentences and files attributed to it (a joint event's section
    counts for each of its hosts).

    By default: the organisations with text and the unions enclosing them (the
    hierarchy is complete).  ``with_text_only`` leaves out the enclosing unions;
    ``include_mentioned`` adds every union body the texts only mention."""
    sentence_count = {
        (d.name, p.index): len(p.sentences) for d in documents for p in d.paragraphs
    }
    return summarise_orgs(attribution, sentence_count, with_text_only, include_mentioned)


def summarise_orgs(attribution: Attribution, sentence_count: Mapping[tuple[str, int], int],
                   with_text_only: bool = False, include_mentioned: bool = False) -> list[OrgSummary]:
    """``list_orgs`` from the number of sentences of each (document, paragraph) (a corpus
    index keeps those, not the documents)."""
    in_tree = {org.name for _, org, _ in org_tree(attribution)}
    by_org: dict[str, list] = {}  # one pass over the sections, not one per organisation
    for s in attribution.sections:
        for name in dict.fromkeys(s.orgs):  # a joint event's section counts for each host
            by_org.setdefault(name, []).append(s)
    out = []
    for org in attribution.orgs.values():
        own = by_org.get(org.name, [])
        if with_text_only and not own:
            continue
        if not own and not include_mentioned and org.name not in in_tree:
            continue
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


def org_tree(attribution: Attribution) -> list[tuple[int, Org, bool]]:
    """The hierarchy of the organisations with text and the unions enclosing them, as
    (depth, organisation, has text) in listing order; bodies only mentioned are left out."""
    having = {o for s in attribution.sections for o in s.orgs}
    keep = set(having)
    for name in having:
        parent = attribution.orgs[name].parent if name in attribution.orgs else None
        while parent and parent in attribution.orgs and parent not in keep:
            keep.add(parent)
            parent = attribution.orgs[parent].parent
    out: list[tuple[int, Org, bool]] = []
    children: dict[str | None, list[Org]] = {}  # one pass over the organisations, not one per node
    for org in attribution.orgs.values():
        if org.name in keep:
            children.setdefault(org.parent if org.parent in keep else None, []).append(org)

    def visit(parent: str | None, depth: int) -> None:
        for org in children.get(parent, ()):
            out.append((depth, org, org.name in having))
            visit(org.name, depth + 1)

    visit(None, 0)
    return out
