"""Page structure: cutting one document into pieces and deciding each piece's union body.

How a page is read (signatures, place headers, headings, bylines, source notes,
furniture) is described in :mod:`unionnlp.orgs.attribution`, which turns the
decisions made here into sections and organisations.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from unionnlp.orgs.gazetteer import gazetteer
from unionnlp.orgs.names import (
    _CJK,
    _COMMITTEE,
    Mention,
    _company_key,
    _context_of,
    _is_abbreviation,
    _unit_kind,
    find_mentions,
    place_title,
    subject_unit,
    territorial_union_name,
)
from unionnlp.text.furniture import furniture_kind
from unionnlp.text.lazyre import lazy_re
from unionnlp.text.segment import Paragraph, SegmentedDocument

_BYLINE = lazy_re(r"^[\u4e00-\u9fff·]{2,4}\s+[\u4e00-\u9fff]")
# What an office's or a news site's name ends with: a page's first line that is only its site.
_SITE_NAME = lazy_re(r"(?:办公室|政府|[局委厅署办]|中心|网|网站|频道|报社|日报|在线|门户)$")
_UNION_WORD_LEAD = lazy_re(r"^[\u4e00-\u9fff·]{0,2}工会\s")
_SIGNATURE = lazy_re(r"^([\u4e00-\u9fff（）()·]{2,28}工会)(?:" + _COMMITTEE.pattern + ")?$")
# One signer of a notice signed by several bodies on one line, their names apart
# (「东岭市总工会　东岭银行工会委员会」); a letterhead is such names and 「文件」.
_SIGNER = r"[\u4e00-\u9fff（）()·]{2,28}?工会(?:委员会|联合会)?(?:" + _COMMITTEE.pattern + ")?"
_SIGNERS = lazy_re(r"^(?:" + _SIGNER + r")(?:[\s、]+(?:" + _SIGNER + r"))+$")
_LETTERHEAD = lazy_re(r"^(?:" + _SIGNER + r")(?:[\s、]+(?:" + _SIGNER + r"))*\s*文件$")
# The forms of a letter or notice around its text: the address it opens with
# (「各县（市、区）总工会：」, 「各位同仁：」), the formula it closes with (「特此通知。」),
# and a speech's occasion under its title (「——在……交流会上的发言」).
_SALUTATION = lazy_re(
    r"^(?:各|尊敬的|亲爱的|全体|同志们|朋友们|同事们)[^。！？!?]{0,60}[：:]$"
)
_CLOSING = lazy_re(r"^(?:特此(?:通知|函告|报告|公告|通报|函复|批复)|此致|敬礼|此致敬礼)[。！!]?$")
_OCCASION = lazy_re(r"^[—-]{1,2}\s*在[^。！？]{2,60}(?:上|中|时)?的(?:发言|讲话|致辞|报告|交流发言|典型发言)$")
_SOURCE_NOTE = lazy_re(r"^[（(]\s*(?:摘自|摘编自|选自|来源)")
_SENTENCE_END = lazy_re(r"[。！？!?]")
_DATE_LINE = lazy_re(r"^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")


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
    # A speaker's name leads a byline; a site's name (「上海工会　工会信息」) is no person.
    return (not p.heading and len(t) <= 80 and not _SENTENCE_END.search(t)
            and bool(_BYLINE.match(t)) and not _UNION_WORD_LEAD.match(t))


def _is_title_like(p: Paragraph) -> bool:
    return p.heading or (len(_plain(p)) <= 40 and not _SENTENCE_END.search(p.text))


def _signature(p: Paragraph) -> str | None:
    """The union a sign-off line names (the first, when several bodies sign)."""
    signers = _signers(p)
    return signers[0] if signers else None


def _signers(p: Paragraph) -> list[str]:
    """Every union a sign-off line names: one, or several written apart on one line."""
    if p.heading:
        return []
    text = p.text.strip()
    if _SIGNERS.match(text):
        names = [n for n in re.split(r"[\s、]+", text) if n]
        if all(_SIGNATURE.match(n) or re.fullmatch(_SIGNER, n) for n in names):
            return [_union_part(n) for n in names]
    m = _SIGNATURE.match(text.replace(" ", "").replace("\u3000", ""))
    return [m.group(1)] if m else []


def _union_part(name: str) -> str:
    """A signer's union without its committee's words (X工会女职工委员会 → X工会)."""
    m = _SIGNATURE.match(name)
    return m.group(1) if m else name


# A notice's practical arrangements: when and where, and who comes (「一、时间」, 「二、地点」,
# 「三、参会范围」, 「二、时间地点：3月7日下午，东操场。」), with the items under such a heading.
# What the notice asks of its members (要求) is its work, and stays.
_ARRANGEMENT = lazy_re(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])\s*"
    r"(?:会议|活动|报到|比赛)?(?:时间|地点|时间地点|时间和地点|参会范围|参会人员|参加人员|参加范围|参会对象|参加对象|"
    r"报到时间|报到地点|联系人|联系方式|联系电话)(?:[：:][^。！？]*[。]?)?$"
)
_TOP_ITEM = lazy_re(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．])")


def arrangement_lines(paras: list[Paragraph]) -> set[int]:
    """Paragraph numbers of a notice's practical arrangements: the heading and what follows it
    up to the next numbered part."""
    out: set[int] = set()
    inside = False
    for p in paras:
        text = _plain(p)
        if _ARRANGEMENT.match(text):
            out.add(p.index)
            inside = not re.search(r"[：:]", text)  # items follow a heading that stands alone
            continue
        if _TOP_ITEM.match(text) or _signature(p) or form_line(p):
            inside = False
        if inside:
            out.add(p.index)
    return out


def form_line(p: Paragraph) -> str:
    """What form of a letter or notice a line is (its address, closing formula, letterhead,
    a speech's occasion), or empty for report text: such lines are no one's work."""
    if p.heading and not _OCCASION.match(_plain(p)):
        return ""
    text = _plain(p)
    if len(text) > 80:
        return ""
    if _SALUTATION.match(text):
        return "the address of a letter or notice"
    if _CLOSING.match(text):
        return "the closing formula of a notice"
    if _LETTERHEAD.match(text):
        return "a letterhead"
    if _OCCASION.match(text):
        return "the occasion of a speech"
    return ""


def _running_banners(documents: list[SegmentedDocument]) -> set[str]:
    """Lines opening two or more pages: the paper's running column banner."""
    first = Counter(_plain(d.paragraphs[0]) for d in documents if d.paragraphs)
    return {text for text, n in first.items() if n >= 2}


@dataclass(frozen=True)
class _Decision:
    """What a section is attributed to, and the line that decided it.

    ``others`` are the partners of a joint event (「A、B、C联合主办」), each an
    organisation of the section too.
    """

    mention: Mention
    para: int
    rule: str  # signature | header | byline | title | lead | body
    line: str
    note: str = ""
    others: tuple[Mention, ...] = ()


# Roles a union body plays in a sentence that do not make the report its work.
# 「中华全国总工会指导，……联合主办」, 「在省总工会的指导下」, 「指导单位：」; but
# 「擎宇物业工会指导女职工学做微景观」 is the union at work.
_GUIDE_AFTER = lazy_re(
    r"^(?:的)?(?:大力|特别|共同)?(?:(?:指导|支持|关心|关怀|协办|冠名|赞助|监制)(?=[，,、；;。）)]|的|下|$|单位|"
    r"[\u4e00-\u9fff]{0,8}?(?:主办|承办|举办|联合))|给予[\u4e00-\u9fff]{0,4}支持|作为指导单位)"
)
# The rest of a list of union bodies after its first member (「和前江街道总工会」, 「、区妇联」).
_LIST_REST = lazy_re(r"(?:[和与及、][\u4e00-\u9fff（）()]{2,24}?(?:总工会|工会|女职委|女工委|妇工委|妇委会|委员会|妇联|联合会))+")
_GUIDE_UNDER = lazy_re(r"^(?:的)?(?:[\u4e00-\u9fff]{0,6})?(?:指导|支持|关心|帮助|领导|部署|关怀)下")
_GUIDE_LABEL = lazy_re(r"(?:指导单位|支持单位|协办单位|指导|支持)\s*[：:]\s*$")
_PERSON_AFTER = lazy_re(
    r"^(?:党组|党委|行政|机关|成员|副|常务|专职|兼职|兼|、|，|女职工委员会|女职工部|女职委|女工委|的|相关|有关|主要|"
    r"分管|部门|办公室|工作人员|[\u4e00-\u9fff]{1,3}部|[\u4e00-\u9fff]{1,3}处)*"
    r"(?:主席|书记|部长|主任|负责人|领导|局长|院长|校长|经理|总监|委员(?!会)|成员|处长|科长|代表|干部|一行|同志|"
    r"[\u4e00-\u9fff]{0,6}?(?:作|进行)(?:了)?(?:交流|典型|表态|经验)?发言)"
)
_VISIT = lazy_re(
    r"^[^。！？；]{0,30}?(?:一行|带队|率队)?(?:来到|到|赴|前往|深入|走进|莅临)[^。！？；]{0,40}?"
    r"(?:调研|检查|督导|考察|慰问|走访|看望|宣讲)"
)
_NOT_UNION_KINDS = ("association", "unit")
_ROLE_NAMES = {"guide": "指导/支持", "person": "人员", "place": "被访", "partner": "合作方", "addressee": "受文",
               "occasion": "纪念"}
# 「为中华全国总工会成立100周年献礼」: the body whose anniversary is marked does nothing
_ANNIVERSARY_AFTER = lazy_re(r"^(?:成立|建会|诞生|创建)?[\d一二三四五六七八九十百]+周年")
# 「再向省教育工会推荐」: the body something is sent or reported to, not the one who sends it
_ADDRESSEE_BEFORE = lazy_re(r"(?:向|报|报送|呈报|上报)$")
_ADDRESSEE_AFTER = lazy_re(r"^(?:女职工委员会|女职委|女工委)?(?:推荐|报送|上报|申报|汇报|报告|提交|推选|呈报|备案)")
_ISSUED_AND_FOLLOWED = lazy_re(r"(?:已经|已|先后|曾)?(?:下发|印发|转发)(?:了)?《[^》]{1,80}》"
                                r"(?:[（(][^）)]{0,30}[）)])?[^。！？]{0,10}[。，,；;]"
                                r"(?:[\u4e00-\u9fff]{0,6}?)(?:按照|根据|依照|对照)")
_VISITED_BEFORE = lazy_re(r"(?:来到|前往|走进|莅临|赴)$")
_PARTNER_BEFORE = lazy_re(r"(?:^|[，。；：,;])(?:和|与|同|跟)$")
_PARTNER_AFTER = lazy_re(r"^(?:一起|一道|合作|联手|携手)")
_DOCUMENT_TITLE = lazy_re(r"(?:通知|通报|倡议书|倡议|公开信|决定|意见|办法|方案|函|贺信|慰问信|感谢信|致辞|讲话|发言|报告|总结)$")
_NEWS_LEAD = lazy_re(
    r"^(?:[^，。]{0,16}?(?:讯|电)\s*(?:[（(][^）)]{0,40}[）)])?\s*)?(?:\d{4}年)?\d{1,2}月\d{1,2}日|^(?:近日|日前|近期)，"
)
_LIST_GAP = lazy_re(r"^(?:、|，|,|和|与|及|以及|同|联合|携手|会同|共同)$")
_ET_CETERA = lazy_re(r"等(?:[\d一二三四五六七八九十几多]+[家个])?(?:单位|部门|组织|机构)")
_JOINT_AFTER = lazy_re(
    r"^(?:等)?(?:[\u4e00-\u9fff]{0,2}?)(?:联合|共同|携手|合作)?(?:主办|举办|承办|开展|发起|组织|召开|举行|启动|推出|"
    r"打造|签署|签订|成立)"
)


def _in_headline(m: Mention, headline: str) -> bool:
    """The headline names what is particular to a union body (教育 of 崇明区教育工会)."""
    name = m.name or m.surface
    for place in reversed(m.lineage):
        for form in (place.name, place.short or place.name):
            name = name.removeprefix(form)
    core = re.sub(r"(?:总工会|工会|委员会)$", "", name)
    return len(core) >= 2 and core in headline


def _role(m: Mention, text: str) -> str:
    """What a mention does in its sentence: "guide" (指导/支持 …), "person" (someone of it
    attends, speaks, is quoted), "place" (where others go: 来到X), "partner" (和X一起, the
    sentence's subject acting with it), "addressee" (向X推荐), "occasion" (X成立100周年), or ""
    (it acts)."""
    after = text[m.end : m.end + 24]
    before = text[max(0, m.start - 12) : m.start]
    # 「江北区总工会和前江街道总工会给予指导」: what the list does, its first member does too
    end = rest.end() if (rest := _LIST_REST.match(text, m.end)) else m.end
    if (etc := _ET_CETERA.match(text, end)) is not None:
        end = etc.end()  # 「……、市妇联等5家单位给予支持」
    if end > m.end and _GUIDE_AFTER.match(text[end : end + 24]):
        return "guide"
    if _GUIDE_AFTER.match(after) or _GUIDE_LABEL.search(before):
        return "guide"
    if re.search(r"(?:在|经|受|得到|获得)(?:了)?$", before) and _GUIDE_UNDER.match(after):
        return "guide"
    if _ISSUED_AND_FOLLOWED.match(text, m.end):
        return "guide"  # 「市卫生局工会下发了《……通知》。按照通知……」: the page's body carries it out
    if _VISITED_BEFORE.search(before):
        return "place"  # 「考察队伍来到上海市总工会，……调研」: where others go, not who goes
    if _ANNIVERSARY_AFTER.match(after):
        return "occasion"
    if _ADDRESSEE_BEFORE.search(before) and _ADDRESSEE_AFTER.match(after):
        return "addressee"
    if _PARTNER_BEFORE.search(before) and _PARTNER_AFTER.match(after):
        return "partner"  # 「和心理卫生协会一起，我们办了……」: the speaker's body acts with it
    if _PERSON_AFTER.match(after):
        # 「市总工会领导到……调研」, 「……副主席张三一行来到……，就……开展调研」: its leaders on a
        # visit are the union at work, not someone of it who attends.
        if _VISIT.match(text[m.end : m.end + 60]):
            return ""
        return "person"
    return ""


def _coordinated(ms: list[Mention], i: int, text: str) -> tuple[list[Mention], str]:
    """The list a mention is part of (A、B和C), and what follows the list."""
    lo = hi = i
    while lo > 0 and _LIST_GAP.match(text[ms[lo - 1].end : ms[lo].start]):
        lo -= 1
    while hi + 1 < len(ms) and _LIST_GAP.match(text[ms[hi].end : ms[hi + 1].start]):
        hi += 1
    end = ms[hi].end
    etc = _ET_CETERA.match(text, end)  # 「……等7家单位给予支持」: what the list does
    if etc:
        end = etc.end()
    return ms[lo : hi + 1], text[end : end + 24]


_STRENGTH = {"signature": 5, "byline": 4, "header": 3, "title": 2, "lead": 1, "body": 0, "source": 0}
# A page's metadata line that names who published it.
_SOURCE_FIELD = lazy_re(r"^[（(【\[]?\s*(?:来源|稿件来源|信息来源|新闻来源|供稿|发布单位|发布机构|作者单位)\s*[：:]")


@dataclass
class _Piece:
    paras: list[Paragraph]
    decision: _Decision | None = None
    reason: str = ""  # why a piece without a decision has none


def _snippet(text: str, start: int, end: int, width: int = 18) -> str:
    if len(text) <= 60:
        return text
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


_ENUMERATED = lazy_re(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．]|第[一二三四五六七八九十]+[部章节])")


def _level(p: Paragraph) -> int:
    m = re.match(r"^(#{1,6})\s", p.text)
    return len(m.group(1)) if m else 7


def _join_parts(pieces: list[_Piece], mentions: dict[int, list[Mention]]) -> list[_Piece]:
    """A numbered part of a report (「## 二、……」), a heading below the report's title, or a
    sub-heading of a speech opened by its byline is part of the report, not an article."""
    out: list[_Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        if prev is not None and prev.decision is not None and piece.decision is None \
                and piece.reason == "no union body named":
            head = piece.paras[0]
            numbered = bool(_ENUMERATED.match(_plain(head)))
            deeper = head.heading and _level(head) > _level(prev.paras[0])
            # A speech's own sub-heading names no other unit (an item of a page of news does).
            speech = prev.decision.rule == "byline" and head.heading and not any(
                m.kind in ("unit", "enterprise", "institution", "agency", "association")
                for p in piece.paras for m in mentions[p.index])
            if numbered or deeper or speech:
                prev.paras = prev.paras + piece.paras
                continue
        out.append(piece)
    return out


_REF_TARGETS = {
    "矿": r"矿|矿业", "厂": r"厂", "公司": r"公司|集团", "分公司": r"分公司", "子公司": r"公司", "集团": r"集团(?:股份)?(?:有限)?(?:责任)?公司|集团",
    "院": r"院", "医院": r"医院|院", "校": r"校|大学|学院|中学|小学", "学校": r"校|中学|小学", "大学": r"大学",
    "学院": r"学院", "行": r"行", "分行": r"分行", "支行": r"支行", "局": r"局", "段": r"段", "中心": r"中心",
    "站": r"站", "所": r"所", "处": r"处", "部": r"部", "场": r"场", "园": r"园", "店": r"店",
}


def _referent(ref: str, named: list[Mention]) -> Mention | None:
    """The unit a reference (该矿, 公司, 本单位) points back to: the last one named of that kind."""
    word = ref[1:] if ref[:1] in "该本我其此" and len(ref) > 1 else ref
    if word == "单位":
        return named[-1] if named else None
    pattern = _REF_TARGETS.get(word)
    if pattern is None:
        return None
    tail = re.compile(f"(?:{pattern})$")
    for k in range(len(named) - 1, -1, -1):
        m = named[k]
        if tail.search(m.unit_name):
            # 「打造中心医院品牌」 after 「阜新市中心医院工会」: the unit by its fuller name
            fuller = [x for x in named[:k] if x.unit_name != m.unit_name and x.unit_name.endswith(m.unit_name)]
            return fuller[-1] if fuller else m
    return None


class _DocAnalyser:
    """Cuts one document into pieces and decides each piece's organisation."""

    def __init__(self, doc: SegmentedDocument, banners: set[str]):
        self.doc = doc
        self.ctx = _context_of(doc.repaired)
        self.mentions = {p.index: find_mentions(_plain(p), self.ctx) for p in doc.paragraphs}
        self._resolve_refs()
        self.furniture = {
            p.index
            for p in doc.paragraphs
            if _is_credit(_plain(p)) or _is_masthead(p.text)
            or (p.index == 1 and _plain(p) in banners)
        }
        self._read_pairs()

    # -- structure ---------------------------------------------------------
    def pieces(self) -> list[_Piece]:
        paras = [p for p in self.doc.paragraphs if p.index not in self.furniture]
        signatures = [p for p in paras if _signature(p)]
        # Speeches each end with a signature; lines signed one under another (a union and
        # its committee under a notice) are one sign-off.
        blocks = sum(1 for i, p in enumerate(paras) if p in signatures and (i == 0 or paras[i - 1] not in signatures))
        if blocks >= 2:
            return self._by_signatures(paras, signatures)
        headers = [(p, h) for p in paras if (h := self._header(p)) is not None]
        if len(headers) >= 2:
            return self._by_headers(paras, headers)
        return self._articles(paras)

    def _by_signatures(self, paras, signatures) -> list[_Piece]:
        pieces: list[_Piece] = []
        current: list[Paragraph] = []
        # The page's own title over the speeches is no speech's text.
        if len(paras) > 2 and _is_title_like(paras[0]) and not _signature(paras[0]) \
                and _is_title_like(paras[1]):
            pieces.append(_Piece([paras[0]], None, "title over the speeches below"))
            paras = paras[1:]
        block: list[Paragraph] = []
        for i, p in enumerate(paras):
            current.append(p)
            if p in signatures:
                block.append(p)
                if i + 1 < len(paras) and paras[i + 1] in signatures:
                    continue
                members = [self._name_mention(name) for q in block for name in _signers(q)]
                text = " ".join(q.text.strip() for q in block)
                pieces.append(_Piece(current, _Decision(members[0], block[0].index, "signature", text,
                                                        others=tuple(members[1:]))))
                current, block = [], []
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
        banners: set[int] = set()
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
                            banners.add(id(groups[-1]))
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
        pieces = []
        for g in groups:
            if id(g) in banners:
                pieces.append(_Piece(g, None, "banner over the speeches below"))
            elif g:
                pieces.append(self._decide_piece(g))
        return _join_parts(pieces, self.mentions)

    # -- deciding ------------------------------------------------------------
    def _name_mention(self, name: str) -> Mention:
        """The union a signature or header names, as a Mention."""
        for m in find_mentions(name, self.ctx):
            if m.start == 0 and m.end >= len(name) - len(m.committee) and m.is_org:
                return m
        kind = _unit_kind(name[:-2]) or "enterprise"
        return Mention(0, len(name), name, kind, name)

    def _resolve_refs(self) -> None:
        """该矿工会, 公司工会, 本单位 → the unit (or unit union) named before it on the page."""
        named: list[Mention] = []
        # The unit a page's own credit line names (「来源：南宁市第二人民医院」): what 「我院」 in a
        # headline above it means, where nothing is named before it.
        source = [m for p in self.doc.paragraphs if _is_credit(_plain(p)) for m in self.mentions[p.index]
                  if m.kind in ("unit", "enterprise", "institution", "agency")][:1]
        for p in self.doc.paragraphs:
            out = []
            for m in self.mentions[p.index]:
                if m.kind == "ref":
                    target = _referent(m.ref, named)
                    if target is None and m.surface[:1] in "我本":
                        target = _referent(m.ref, source)
                    if target is not None and not m.surface.endswith("工会") and not m.committee:
                        # 该校, 本单位: the unit itself, which a union body's text may name.
                        out.append(Mention(m.start, m.end, target.surface, "unit", target.name, ref=m.surface))
                    elif target is not None:
                        unit = target.unit_name
                        union = unit + "工会" if target.committee_only else (target.name or unit + "工会")
                        kind = target.kind if target.kind != "unit" else (_unit_kind(unit) or "enterprise")
                        if m.committee_only:  # 该院妇委会: the unit's women's committee
                            union = unit + m.committee
                        # 公司工会 writes the union (by reference); 该局女工委 only its committee.
                        inferred = not m.surface.endswith("工会") and not m.committee_only and (
                            target.kind == "unit" or target.committee_only or target.inferred)
                        out.append(Mention(m.start, m.end, union, kind, union, committee=m.committee,
                                           ref=m.surface, committee_only=m.committee_only, inferred=inferred))
                    continue
                if m.kind in ("unit", "enterprise", "institution", "agency", "association"):
                    named.append(m)
                out.append(m)
            self.mentions[p.index] = out

    def _read_pairs(self) -> None:
        """江澳工会 on a page that names the 江门 and the 澳门 unions stands for both: a name of
        two to four characters, not a place's, each one of the first two characters of a
        different union body the page names (深港: 深圳…, 香港…; the body it names most, where
        several could be meant)."""
        named: Counter = Counter()
        first: dict[str, Mention] = {}
        for p in self.doc.paragraphs:
            if p.index in self.furniture:
                continue
            for m in self.mentions[p.index]:
                if m.is_org and not m.bare and m.kind not in ("enterprise", "other"):
                    key = m.name or m.surface
                    named[key] += 1
                    first.setdefault(key, m)
        for p in self.doc.paragraphs:
            out = []
            for m in self.mentions[p.index]:
                members = self._pair_members(m, named, first)
                if members:
                    out.extend(replace(x, start=m.start, end=m.end, surface=m.surface, pair=m.surface,
                                       committee="", ref="") for x in members)
                else:
                    out.append(m)
            self.mentions[p.index] = out

    @staticmethod
    def _pair_members(m: Mention, named: Counter, first: dict[str, Mention]) -> list[Mention]:
        stem = m.stem
        if m.kind not in ("enterprise", "other") or not m.surface.endswith("工会") or m.surface.endswith("总工会") \
                or not 2 <= len(stem) <= 4 or gazetteer().lookup(stem):
            return []
        members: list[Mention] = []
        for ch in stem:
            options = [(n, key) for key, n in named.items() if ch in first[key].surface[:2]]
            if not options:
                return []
            options.sort(reverse=True)
            if len(options) > 1 and options[0][0] == options[1][0]:
                return []
            member = first[options[0][1]]
            if any((x.name or x.surface) == (member.name or member.surface) for x in members):
                return []
            members.append(member)
        return members

    def _only_a_name(self, p: Paragraph) -> bool:
        """Is the paragraph a union body's name and nothing else?"""
        text = _plain(p).strip()
        ms = self._candidates(p)
        return len(ms) == 1 and ms[0].start == 0 and ms[0].end == len(text)

    def _site_line(self, p: Paragraph) -> bool:
        """Is the paragraph the page's first line, right above its breadcrumb or above its
        headline set as a heading (「苏州市吴中区政务服务管理办公室」 over 「# 吴中区各级工会……」)?"""
        paragraphs = self.doc.paragraphs
        if p is not paragraphs[0] or p.heading or len(paragraphs) < 2:
            return False
        if furniture_kind(_plain(paragraphs[1])) == "navigation":
            return True
        # a kicker over the headline (「盘龙区总工会推动行业集体协商」) says what the page is about
        return paragraphs[1].heading and bool(_SITE_NAME.search(_plain(p).strip()))

    def _candidates(self, p: Paragraph) -> list[Mention]:
        return [m for m in self.mentions[p.index] if m.is_org]

    def _decide_piece(self, paras: list[Paragraph]) -> _Piece:
        titles: list[Paragraph] = []
        bylines: list[Paragraph] = []
        body: list[Paragraph] = []
        for p in paras:
            if form_line(p):
                continue  # 「各分工会：」 is no headline, 「特此通知。」 no lead
            if not body and _is_byline(p):
                bylines.append(p)
            elif not body and _is_title_like(p):
                titles.append(p)
            else:
                body.append(p)
        if len(titles) >= 2 and (self._only_a_name(titles[0]) or self._site_line(titles[0])):
            # 「锦州市总工会」 over 「凌海市总工会第二次女职工代表大会……」: the site's name over
            # the headline, not the page's subject; so is a page's first line over its
            # breadcrumb (「上海工会　工会信息」 over 「当前位置：首页 >> 普陀区总工会 >> ……」)
            titles = titles[1:]
        # A notice or letter signed by a union at its end: the signer decides.  A news item
        # signed by whoever sent it in is decided by its headline and lead first.
        tail = [p for p in paras if not _DATE_LINE.match(p.text.strip())]
        signed = []
        while len(tail) - len(signed) >= 3 and _signature(tail[-1 - len(signed)]):
            signed.insert(0, tail[-1 - len(signed)])
        signed_decision = None
        if signed:
            # Signed by two or more bodies: a joint notice, each of them its author.
            members = [self._name_mention(name) for q in signed for name in _signers(q)]
            signed_decision = self._decision(members[0], signed[0], paras, "signature", members)
            if signed_decision is not None and self._is_letter(paras, titles):
                return _Piece(paras, signed_decision)
        # A speech's byline names the speaker's union: it decides.
        for p in bylines:
            for m in self._candidates(p):
                d = self._decision(m, p, paras, "byline", [m])
                if d is not None:
                    return _Piece(paras, d)
        # The subject of the headline and the lead: not a body that only guides or
        # supports, not a person of another body who attends or speaks.
        passed: list[str] = []
        heads = [(p, "title") for p in titles] + ([(body[0], "lead")] if body else [])
        for p, rule in heads:
            text = _plain(p)
            ms = self._candidates(p)
            for i, m in enumerate(ms):
                role = _role(m, text)
                group, after = _coordinated(ms, i, text)
                if not role and len(group) > 1 and _GUIDE_AFTER.match(after):
                    role = "guide"
                if role:
                    passed.append(f"{m.surface}（{_ROLE_NAMES[role]}）")
                    continue
                members = group if len(group) > 1 and _JOINT_AFTER.match(after) else [m]
                if m.pair:  # a pair abbreviation names all its bodies at once
                    members = [x for x in ms if x.pair and x.start == m.start] + \
                        [x for x in members if not (x.pair and x.start == m.start)]
                # Of joint hosts, a union body first (区教育局妇委会、区教育工会联合主办), then
                # the one the page names most.
                if len(members) > 1:
                    named = self._name_counts(paras)
                    headline = " ".join(_plain(t) for t in titles)
                    members = sorted(members, key=lambda x: (x.kind in _NOT_UNION_KINDS or x.committee_only,
                                                             -named.get(self._key(x, p, paras), 0),
                                                             not _in_headline(x, headline)))
                m = members[0]
                d = self._decision(m, p, paras, rule, members)
                if d is not None:
                    return _Piece(paras, d)
        if signed_decision is not None:
            return _Piece(paras, signed_decision)
        # A headline or lead whose subject is a unit, not a union body: the unit's union if
        # the text names it, else the unit itself (江州市税务局 whose 妇委会 is at work).
        for p, rule in heads:
            text = _plain(p)
            units = [m for m in self.mentions[p.index] if m.kind == "unit" and not _role(m, text)]
            if not units and not self._candidates(p):
                found = subject_unit(text)
                units = [found] if found else []
            for m in units:
                d = self._unit_decision(m, p, paras, rule)
                if d is not None:
                    return _Piece(paras, d)
        # Otherwise the body: the union body the text names most as acting, first on a tie.
        counts: dict[str, list] = {}
        for k, p in enumerate(body[1:] if heads and body and heads[-1][1] == "lead" else body):
            text = _plain(p)
            for m in self._candidates(p):
                if _role(m, text):
                    continue
                resolved = self._resolve(m, p, paras)
                if resolved is None:
                    continue
                key = resolved[0].name or resolved[0].surface
                counts.setdefault(key, [0, k, m, p])[0] += 1
        if counts:
            _, _, m, p = max(counts.values(), key=lambda v: (v[0], -v[1]))
            d = self._decision(m, p, paras, "body", [m])
            if d is not None:
                return _Piece(paras, d)
        # Nothing in the text decides: the page's source line (「来源：……」) names its publisher.
        for p in self.doc.paragraphs:
            if p.index in self.furniture and _SOURCE_FIELD.match(_plain(p)):
                for m in find_mentions(_plain(p), self.ctx):
                    if m.is_org and not m.bare:
                        d = self._decision(m, p, paras, "source", [m])
                        if d is not None:
                            return _Piece(paras, d)
        reason = "no union body named"
        if passed:
            reason = "names only " + "、".join(dict.fromkeys(passed))
        return _Piece(paras, None, reason)

    @staticmethod
    def _is_letter(paras: list[Paragraph], titles: list[Paragraph]) -> bool:
        """A notice, letter, proposal or speech (what its signer wrote), not a news item: it has
        the forms of a letter, or its title says what kind of document it is, or it has no
        dated news lead."""
        if any(form_line(p) for p in paras):
            return True
        if any(_DOCUMENT_TITLE.search(_plain(t)) for t in titles):
            return True
        body = [p for p in paras if p not in titles and not _signature(p)]
        return not (body and _NEWS_LEAD.match(_plain(body[0])))

    def _unit_decision(self, unit: Mention, p: Paragraph, paras, rule: str) -> _Decision | None:
        for q in paras:
            for m in self._candidates(q):
                if m.committee_only or m.kind in ("national", "territorial", "zone", "industry"):
                    continue
                stem = m.stem
                if _company_key(stem) == _company_key(unit.surface) or _is_abbreviation(stem, unit.surface) \
                        or _is_abbreviation(unit.surface, stem):
                    d = self._decision(m, q, paras, "body" if q not in (p,) else rule, [m])
                    if d is not None:
                        return d
        kind = _unit_kind(unit.surface) or "enterprise"
        itself = Mention(unit.start, unit.end, unit.surface, kind, unit.surface, ref=unit.ref)
        d = self._decision(itself, p, paras, rule, [])
        if d is None:
            return None
        return _Decision(d.mention, d.para, d.rule, d.line, d.note + "; no union body named: the unit itself")

    def _key(self, m: Mention, p: Paragraph, paras) -> str:
        resolved = self._resolve(m, p, paras)
        m2 = resolved[0] if resolved else m
        return _company_key(m2.name or m2.surface)

    def _name_counts(self, paras: list[Paragraph]) -> dict[str, int]:
        """How often each union body is named in a piece (by its resolved name)."""
        counts: dict[str, int] = {}
        for p in paras:
            for m in self._candidates(p):
                key = self._key(m, p, paras)
                counts[key] = counts.get(key, 0) + 1
        return counts

    def _decide(self, paras: list[Paragraph]) -> _Decision | None:
        return self._decide_piece(paras).decision

    def _resolve(self, m: Mention, p: Paragraph, paras: list[Paragraph]):
        """The mention with its place filled in (市总工会 → 北京市总工会), or ``None``."""
        if m.bare:
            return self._resolve_bare(m, p, paras)
        return m, p.index

    def _decision(self, m: Mention, p: Paragraph, paras, rule: str, members: list[Mention]):
        resolved = self._resolve(m, p, paras)
        if resolved is None:
            return None
        m2, where = resolved
        notes = [f"「{m.ref or m.surface}」"]
        if m2 is not m and m.bare:
            notes.append(f"{m.surface} = {m2.name}, p{where}")
        if m.ref:
            notes.append(f"{m.ref} = {m.surface}")
        if m.committee and not m.committee_only:
            notes.append(f"{m.committee}: the committee of {m2.name or m2.surface}")
        others = []
        for other in members:
            if other is m:
                continue
            r = self._resolve(other, p, paras)
            if r is not None:
                others.append(r[0])
        if others:
            notes.append("joint: " + "、".join([m2.name or m2.surface] + [o.name or o.surface for o in others]))
        text = _plain(p)
        line = text if rule in ("byline", "title") else _snippet(text, m.start, m.end)
        return _Decision(m2, p.index, rule, line, "; ".join(notes), tuple(others))

    def _resolve_bare(self, m: Mention, p: Paragraph, paras: list[Paragraph]):
        """A bare 市总工会 / 区教育工会 takes the place named in full nearby."""
        gaz = gazetteer()
        if m.kind == "industry":
            text = _plain(p)[: m.start]
            for _, place in reversed(gaz.places_in(text)):
                if place.name.endswith(m.bare):
                    lineage = gaz.lineage(place)
                    name = place_title(lineage) + m.industry + "工会"
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
