"""Recognising union bodies in text: territorial, industry, national and unit unions.

``find_mentions`` finds the union bodies a text names: territorial unions
(省/市/区/县总工会, including development zones such as 北京经济技术开发区总工会),
industry unions (区教育工会, 产业工会), the national federation (中华全国总工会,
全国总工会, 全总) and unit unions (XX集团/公司/分行/研究院工会), with places
read against :mod:`unionnlp.orgs.gazetteer`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from unionnlp.orgs.gazetteer import Place, gazetteer

NATIONAL = "中华全国总工会"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ZONE = re.compile(
    r"(?:经济技术开发区|高新技术产业开发区|高新技术开发区|经济开发区|高新区|开发区)$"
)
_INDUSTRY = re.compile(
    r"(?:教育|产业|金融|铁路|民航|邮电|卫生|交通|能源|国防|机械|农林|财贸|海员|医务)$"
)
_UNIT_SUFFIX = re.compile(
    r"(?:集团|公司|分行|支行|银行|研究院|研究所|设计院|大学|学院|学校|中学|小学|医院|局|厂|矿|"
    r"物业|快递|园|协会|中心)$"
)
_INSTITUTION_SUFFIX = re.compile(r"(?:大学|学院|学校|中学|小学|医院)$")
# Characters that end the words before a unit's name ("由中建二局工会承办").
_LEADING_BREAK = "由和与及的在对了并也还是将把让被从该各其等"
_TIME_WORDS = re.compile(r"^(?:近日|日前|今年|目前|同时|其中|此外|近年来|当天|随后|为此)")
_GENERIC_UNITS = frozenset(
    {"基层", "地方", "企业", "上级", "本级", "同级", "职工", "机关", "单位", "集团", "公司",
     "会员", "广大", "非公企业", "基层单位", "用人单位", "专职"}
)
_COMPANY_FORMS = re.compile(r"股份有限公司|有限责任公司|有限公司|集团|公司")
_ABBREVIATION = re.compile(
    r"([\u4e00-\u9fff]{2,24})[（(]以下简称[：:]?\s*[“\"「]?([\u4e00-\u9fff]{2,12})[”\"」]?[）)]"
)
_ALL_ZONG = re.compile(r"全总(?!工会)")


@dataclass(frozen=True)
class Mention:
    """A union body named in a text: where, as written, and what it is."""

    start: int
    end: int
    surface: str
    kind: str  # national | territorial | zone | industry | enterprise | institution | other
    name: str | None = None  # full name when known (territorial, national, zone, industry)
    lineage: tuple[Place, ...] = ()
    bare: str = ""  # 省/市/区/县 when the place is left implicit ("市总工会")
    industry: str = ""  # 教育, 产业 … for industry unions

    @property
    def stem(self) -> str:
        """The name without its 工会 / 总工会 ending."""
        s = self.surface
        for tail in ("总工会", "工会"):
            if s.endswith(tail):
                return s[: -len(tail)]
        return s


@dataclass
class _DocContext:
    abbreviations: dict[str, str] = field(default_factory=dict)
    provinces: Counter = field(default_factory=Counter)


def _context_of(text: str) -> _DocContext:
    ctx = _DocContext()
    for m in _ABBREVIATION.finditer(text):
        full, short = m.group(1), m.group(2)
        full = _TIME_WORDS.sub("", full)
        ctx.abbreviations[short] = full
    gaz = gazetteer()
    for _, place in gaz.places_in(text):
        ctx.provinces[gaz.lineage(place)[0].code] += 1
    return ctx


def territorial_union_name(lineage: tuple[Place, ...]) -> str:
    """Full name of the union of a place: 北京市海淀区总工会, 河南省洛阳市总工会."""
    return "".join(p.name for p in lineage) + "总工会"


def _backward_start(text: str, end: int, limit: int) -> int:
    start = end
    while start > 0 and end - start < limit and _CJK.match(text[start - 1]):
        start -= 1
    return start


def _territory(piece: str, ctx: _DocContext) -> Mention | None:
    """A place written before 总工会 (or before an industry), as a Mention without offsets."""
    gaz = gazetteer()
    full = ctx.abbreviations.get(piece, piece)
    zone = _ZONE.search(full)
    if zone and zone.start() >= 2:
        lineage = gaz.resolve(full[: zone.start()], ctx.provinces)
        if lineage:
            return Mention(0, 0, piece, "zone", full + "总工会", lineage)
        return None
    lineage = gaz.resolve(full, ctx.provinces)
    if lineage:
        return Mention(0, 0, piece, "territorial", territorial_union_name(lineage), lineage)
    return None


def _at(m: Mention, start: int, end: int, text: str) -> Mention:
    return Mention(start, end, text[start:end], m.kind, m.name, m.lineage, m.bare, m.industry)


def find_mentions(text: str, context: _DocContext | None = None) -> list[Mention]:
    """Union bodies named in ``text``, in order of position."""
    ctx = context or _DocContext()
    found: list[Mention] = []
    for m in _ALL_ZONG.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before not in "安完健齐周" and after not in "结体监额量数计价值":
            found.append(Mention(m.start(), m.end(), "全总", "national", NATIONAL))

    for m in re.finditer("工会", text):
        s, e = m.start(), m.end()
        if s and text[s - 1] == "总":
            found.extend(_territorial_at(text, s - 1, e, ctx))
        else:
            found.extend(_unit_at(text, s, e, ctx))
    found.sort(key=lambda x: x.start)
    return found


def _is_bare_level(cand: str) -> bool:
    """"市" in "市总工会" (this city's), but not "各区" (every district's)."""
    return cand[-1] in "省市区县" and not (len(cand) >= 2 and cand[-2] in "各全本该每")


def _territorial_at(text: str, s: int, e: int, ctx: _DocContext) -> list[Mention]:
    if text[:s].endswith("中华全国"):
        return [Mention(s - 4, e, text[s - 4 : e], "national", NATIONAL)]
    if text[:s].endswith("全国"):
        return [Mention(s - 2, e, text[s - 2 : e], "national", NATIONAL)]
    start = _backward_start(text, s, 24)
    cand = text[start:s]
    for k in range(len(cand) - 1):
        found = _territory(cand[k:], ctx)
        if found:
            return [_at(found, start + k, e, text)]
    if cand and _is_bare_level(cand):
        return [Mention(s - 1, e, text[s - 1 : e], "territorial", bare=cand[-1])]
    return []


def _unit_at(text: str, s: int, e: int, ctx: _DocContext) -> list[Mention]:
    start = _backward_start(text, s, 24)
    cand = text[start:s]
    if not cand:
        return []
    ind = _INDUSTRY.search(cand)
    if ind:
        prefix = cand[: ind.start()]
        for k in range(len(prefix) - 1):
            found = _territory(prefix[k:], ctx)
            if found and found.kind == "territorial":
                name = "".join(p.name for p in found.lineage) + ind.group() + "工会"
                return [Mention(start + k, e, text[start + k : e], "industry", name,
                                found.lineage, industry=ind.group())]
        if prefix and _is_bare_level(prefix):
            b = start + len(prefix) - 1
            return [Mention(b, e, text[b:e], "industry", bare=prefix[-1], industry=ind.group())]
        if prefix.endswith("中国"):
            b = start + len(prefix) - 2
            return [Mention(b, e, text[b:e], "industry", text[b:e], industry=ind.group())]
        return []
    cut = max(cand.rfind(ch) for ch in _LEADING_BREAK)
    offset = start + cut + 1
    stem = text[offset:s]
    time = _TIME_WORDS.match(stem)
    if time:
        offset += time.end()
        stem = text[offset:s]
    if len(stem) < 2 or stem in _GENERIC_UNITS or stem.endswith("级"):
        return []
    end = e
    # "中国移动通信集团工会北京市委员会": a union's committee for one place.
    branch = re.match(r"([\u4e00-\u9fff]{2,8}?)委员会", text[e:])
    if branch and gazetteer().resolve(branch.group(1), ctx.provinces):
        end = e + branch.end()
    if _UNIT_SUFFIX.search(stem):
        kind = "institution" if _INSTITUTION_SUFFIX.search(stem) else "enterprise"
    else:
        kind = "other"
    return [Mention(offset, end, text[offset:end], kind)]


def _company_key(surface: str) -> str:
    """Identity of a unit union across spellings.

    北京城建集团有限责任公司工会 and 北京城建集团工会 share one.
    """
    return _COMPANY_FORMS.sub("", surface)


def _is_abbreviation(short: str, full: str) -> bool:
    """``short`` abbreviates ``full`` (中通 / 中通快递, 擎宇物业 / 北京建工城乡集团擎宇物业)."""
    if len(short) < 2 or short == full or len(short) >= len(full):
        return False
    it = iter(full)
    if not all(ch in it for ch in short):
        return False
    return full.startswith(short[:2]) or full.endswith(short[-2:])
