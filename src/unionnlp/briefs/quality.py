"""Which sentences may stand as a bullet of a brief, and how well-formed a copy is.

A bullet is a **complete declarative sentence that reports work**.  Reports are
full of sentences that are none of that, and a brief built from them reads
badly at once:

* headings and subheads, with or without 一是 (「加大普法力度，让维权氛围浓起来。」,
  「资金保障，规范化保障建设管理。」), slogans (「十年暖心路，小屋见大爱！」) and titles;
* page furniture: captions, credits, datelines (:mod:`unionnlp.text.furniture`);
* fragments: text that does not end a sentence, or is too short to say anything,
  and text damaged by PDF extraction (a closing quote with no opening one, a
  sentence that starts with 的 or a comma);
* quotations of people (an employee's or another chair's words are testimony,
  not the organisation's work) and demands or exhortations (「我们要……」,
  「会议要求，各级工会要……」).

:func:`sentence_kind` names what a sentence is; only ``"statement"`` is a bullet,
and ``"demand"`` and ``"quotation"`` only when an organisation has nothing else
on a theme.  :func:`strip_lead` removes what may go from a sentence's start
(一是, a dateline, a connective such as 同时，此外，) and says when the sentence
points at one the reader does not have (其中，这一…): such a sentence is never
the first of its theme.  :func:`splice_count` is the text-quality score for
copies of one passage: the copy with fewer splices (joins of two pieces of text
that no dictionary word and no other text of the corpus has) is the better-formed.

Plain Python and regular expressions; nothing here loads a model or a dictionary.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Iterable, Mapping, Sequence

from unionnlp.text.bare import bare_text
from unionnlp.text.lazyre import lazy_re

__all__ = [
    "KINDS",
    "activity_phrases",
    "BULLET_KINDS",
    "bare_text",
    "bigram_counts",
    "FALLBACK_KINDS",
    "ends_sentence",
    "generality",
    "is_intent",
    "is_fact",
    "sentence_kind",
    "splice_count",
    "split_clauses",
    "starts_with_connective",
    "strip_lead",
    "cjk_count",
]

KINDS = ("statement", "demand", "quotation", "heading", "slogan", "fragment", "damaged", "furniture")
BULLET_KINDS = frozenset({"statement"})
# Allowed only for a theme on which the organisation has nothing else.
FALLBACK_KINDS = frozenset({"demand", "quotation"})

MIN_CHARS = 8  # Chinese characters a bullet needs
_CLOSERS = "”’」』》）)】]\"'"
_END = lazy_re(r"(?:[。！？!?]|…+|\.{3,})[" + re.escape(_CLOSERS) + r"]*\s*$")


def cjk_count(text: str) -> int:
    """The number of Chinese characters in ``text``."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends as a sentence does: 。！？ or an ellipsis, then any closing quotes."""
    return bool(_END.search(text))


# ---------------------------------------------------------------------------
# The start of a sentence: enumerators, datelines, connectives
# ---------------------------------------------------------------------------

_ENUMERATOR = lazy_re(
    r"^(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"
    r"|[一二三四五六七八九十]{1,3}是"
    r"|[一二三四五六七八九十]{1,3}\s*[、，.．]"
    r"|\d{1,2}\s*[、.．](?!\d)"
    r"|第[一二三四五六七八九十]{1,3}[，、,]"
    r"|(?:首先|其次|再次|最后)[，,]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
# 本报讯（记者 张三）, 新华社北京3月8日电（记者 李四）, 本报讯 …: a newspaper's dateline.
_DATELINE = lazy_re(
    r"^(?:本报讯|[\u4e00-\u9fff]{2,8}讯(?=\s*[（(：:\s])|[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电)\s*"
    r"(?:[（(][^）)]{0,40}[）)])?\s*[：:]?\s*"
)
# Connectives that tie a sentence to the one before it and can go: the sentence
# reads whole without them (「同时，市总工会开展……」 → 「市总工会开展……」).
_STRIPPABLE = (
    "与此同时", "除此之外", "除此以外", "在此基础上", "在此期间", "另一方面", "一方面", "总的来说", "综上所述",
    "同时", "此外", "另外", "对此", "为此", "因此", "而且", "并且", "同样", "再者", "此后", "随后", "接着",
    "然后", "于是", "所以", "因而", "但是", "然而", "不过", "当然", "总之", "可见", "由此可见",
)
_CONNECTIVE = lazy_re(
    r"^(?:" + "|".join(sorted(_STRIPPABLE, key=len, reverse=True)) + r")\s*[，,]\s*"
    r"|^(?:与此同时|同时|此外|另外)(?=[\u4e00-\u9fff])(?!期|段|间|点)"
)
_STRAY_ALSO = lazy_re(r"^(?:还|也|并)(?=[\u4e00-\u9fff]{2})(?!是|有|原|未|不|行|肩|非|列|且)")
# Openers that point at something the reader of a brief does not have: such a sentence
# cannot be the first of its theme (the thing it points at is not before it).
_ANAPHORA = lazy_re(
    r"^(?:其中|这|此举|此项|此次|本次|该|上述|以上|前述|他|她|它|其(?!他|它|中|余|实)|对此|由此|同样(?![，,]))"
)

DANGLING_CONNECTIVES = tuple(_STRIPPABLE)


def starts_with_connective(text: str) -> bool:
    """True when ``text`` opens with a connective that ties it to a sentence before it
    (同时，此外，对此，为此，与此同时……): no bullet does."""
    return bool(_CONNECTIVE.match(text.strip()))


def strip_lead(text: str) -> tuple[str, bool]:
    """``text`` without what may go from its start, and whether it still points back.

    Removed, in turn and only when text is left: a dateline (本报讯（记者……）),
    an enumerator (一是, （二）, 1., 首先，) and a connective that the sentence reads
    whole without (同时，此外，对此，为此，与此同时…).  The flag is True when what
    is left opens with a word that points at a sentence the reader does not have
    (其中，这一，此举，该…).
    """
    out = text.strip()
    for _ in range(3):
        before = out
        for pattern in (_DATELINE, _ENUMERATOR, _CONNECTIVE):
            m = pattern.match(out)
            if m and m.end() < len(out) and cjk_count(out[m.end():]) >= 2:
                out = out[m.end():].lstrip()
                if pattern is _CONNECTIVE:
                    # 此外，还为……: the 还 leans on the connective; without it, it goes too
                    also = _STRAY_ALSO.match(out)
                    if also and cjk_count(out[also.end():]) >= MIN_CHARS:
                        out = out[also.end():]
        if out == before:
            break
    return out, bool(_ANAPHORA.match(out))


def strip_enumerator(text: str) -> str:
    """``text`` without a leading enumerator (一是, （二）, 一、, 1.), if that leaves text."""
    m = _ENUMERATOR.match(text)
    if m and m.end() < len(text):
        return text[m.end():]
    return text


# ---------------------------------------------------------------------------
# What a sentence is
# ---------------------------------------------------------------------------

_DIGIT = lazy_re(r"\d|[一二两三四五六七八九十百千万]+(?:余|多)?(?:个|名|人|家|场|次|项|件|期|批|户|所|支)")
# Who or what acts: a sentence naming an agent or a time reports something.
_AGENT = lazy_re(
    r"工会|委员会|女职委|女工委|会议|大会|我们|我[省市区县局院校司]|本[省市区县局院校]|全[省市区县国局网行校院]|各级|"
    r"公司|集团|企业|单位|学校|医院|协会|联盟|政府|部门|职工们|活动|项目|平台|年|月|日"
)
_DONE = lazy_re(
    r"了|已|均(?!衡|等|值)|(?<!公)共(?:计|有|同|建|享)?(?=[\d一二三四五六七八九十两百千万近约超])|累计|先后|首次|成功|"
    r"荣获|获得|获评|入选|当选|成立|建成|举办|举行|召开|签订|发放|慰问|表彰"
)
_SPEECH_VERB = r"(?:说|表示|介绍|谈到|坦言|感慨|感叹|笑着说|告诉记者|动情地说|回忆|认为|指出|强调)"
_QUOTED_SPEECH = lazy_re(
    _SPEECH_VERB + r"(?:道|说)?\s*[：:，,]?\s*[“\"「]"  # 她说：“……”
    r"|[”\"」]\s*[，,]?\s*[\u4e00-\u9fff·]{1,16}?" + _SPEECH_VERB + r"(?:道)?\s*[。，,]"  # “……”，张三说。
)
# 「该区总工会相关负责人表示。」: the line that closes a quotation.
_SPEECH_CLOSE = lazy_re(r"^[^，。“”]{0,30}" + _SPEECH_VERB + r"\s*[。.]\s*$")
# 「……院长张宇汇报了医院的基本情况……」: a person (by title) telling, reported.
_PERSON_TELLS = lazy_re(
    r"(?:书记|院长|主任|主席|经理|负责人|代表|职工|员工|教师|老师|医生|护士|家属|志愿者|会员|队员|选手|骑手|司机)"
    r"[\u4e00-\u9fff·]{0,4}(?:汇报了|介绍了|分享了|讲述了|谈了|谈到|表示|说|坦言|感慨|认为)"
)
_REPORTED_SPEECH = lazy_re(r"^[^，。；：“”]{2,24}?" + r"(?:说|坦言|感慨|感叹|笑着说|告诉记者|动情地说)\s*[：:，,]")
_DEMAND = lazy_re(
    r"^(?:[^，。；]{0,24}?(?:要求|强调|指出|提出|希望|号召|呼吁|倡议)\s*[，,：:]?\s*)?"
    r"(?:下一步\s*[，,]?\s*)?"
    r"(?:我们|大家|各级工会(?:组织)?|全[省市区县](?:各级)?工会(?:组织)?|各级工会女职工组织|"
    r"全[省市区县]各级工会女职工组织|广大女职工|广大职工|各单位|各部门|全体)?"
    r"(?:一定|还|更|都|必须|务必|应当|应该|需要|须)?要(?!求|点|素|闻|事|案|件|务|害|是)"
    r"|^(?:必须|务必|应当|应该)"
    r"|^(?:[^，。；]{0,24}?)(?:要求|希望|鼓励|号召|呼吁|倡议)(?:全[省市区县]|各级|广大|大家|全体|与会|女职工|职工|医护人员|青年)"
)
_EXCLAIM = lazy_re(r"！[" + re.escape(_CLOSERS) + r"]*\s*$|!\s*$")
_BAD_START = lazy_re(r"^[、，,。；;：:）)》」』”’]")
_PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("「", "」"), ("『", "』"), ("【", "】"))
_CLAUSE_SPLIT = lazy_re(r"[，,：:；;]")
_PLAN = lazy_re(r"^(?:下一步|今后|未来|着眼未来|下阶段|接下来|新的一年|明年)|我们将|将继续|将以|将坚持|将认真|将严格|将进一步|将持续|将着力")


def _unbalanced(text: str) -> bool:
    """A quotation mark or bracket without its partner, or a closing one first."""
    for left, right in _PAIRS:
        n_left, n_right = text.count(left), text.count(right)
        if n_left != n_right or (n_right and text.index(right) < text.index(left)):
            return True
    return text.count('"') % 2 == 1


_FINDING = lazy_re(r"(?:调查|调研|数据|统计|结果|问卷|测评)(?:显示|表明)")


def _is_heading(text: str, enumerated: bool) -> bool:
    """A subhead that reads as a sentence: short, no figure, no agent, no completed action,
    one to three short clauses (「加大普法力度，让维权氛围浓起来。」, 「力促政策措施精准到位。」)."""
    n = cjk_count(text)
    if _DIGIT.search(text) or _FINDING.search(text):
        return False  # a figure, or what a survey found (「调查显示，女职工占比达到四成。」)
    if enumerated and n <= 26 and not _DONE.search(text):
        return True
    if n > 24:
        return False
    clauses = [c for c in _CLAUSE_SPLIT.split(text.rstrip("。！？!?…" + _CLOSERS)) if c.strip()]
    if len(clauses) > 3 or any(cjk_count(c) > 13 for c in clauses):
        return False
    return not _AGENT.search(text) and not _DONE.search(text)


def _is_quotation(text: str) -> bool:
    body = text.strip()
    if body[:1] in "“\"「" and body.rstrip("。！？!?").endswith(("”", '"', "」")) and cjk_count(body) >= 4:
        return True  # 「“我们要善于……。”」: a person's words
    return bool(_QUOTED_SPEECH.search(body) or _REPORTED_SPEECH.match(body) or _SPEECH_CLOSE.match(body)
                or _PERSON_TELLS.search(body[:40]))


def sentence_kind(text: str, *, enumerated: bool = False) -> str:
    """What ``text`` is as a candidate bullet: one of :data:`KINDS`.

    ``"statement"`` is a complete declarative sentence that reports something;
    ``"demand"`` an exhortation or requirement (要……, 会议要求……); ``"quotation"``
    a person's words; ``"heading"`` a subhead or title (``enumerated``: it
    followed 一是/（二） and is short); ``"slogan"`` an exclamation;
    ``"fragment"`` too short or not ending as a sentence; ``"damaged"`` text
    broken by extraction (unbalanced quotes, a start no sentence has);
    ``"furniture"`` a caption, credit or other page furniture.
    """
    from unionnlp.text.furniture import furniture_kind

    body = text.strip()
    if furniture_kind(body) is not None:
        return "furniture"
    if cjk_count(body) < MIN_CHARS or not ends_sentence(body):
        return "fragment"
    if _BAD_START.match(body) or _unbalanced(body):
        return "damaged"
    if _EXCLAIM.search(body) and (cjk_count(body) <= 40 or not _DIGIT.search(body)):
        return "slogan"
    if _is_heading(body, enumerated):
        return "heading"
    if _is_quotation(body):
        return "quotation"
    if _DEMAND.search(body):
        return "demand"
    return "statement"


# ---------------------------------------------------------------------------
# Facts and intentions
# ---------------------------------------------------------------------------

_ACTION = lazy_re(
    r"举办|举行|开展了|组织了|召开|建成|建立了|成立|设立|新建|创建|命名|发放|慰问|签订|表彰|评选|选树|"
    r"受理|调解|挽回|救助|帮扶|资助|筹集|投入|培训|覆盖|服务|惠及|参与|参加|吸引|接待|走访|"
    r"发布|推出|出台|印发|制定|修订|选举|增补|补选|替补|颁发|捐赠|开办|开设|打造了|搭建了|实现了|达成|"
    r"荣获|获得|获评|入选|当选|完成|累计|先后|首次"
)


def is_intent(text: str) -> bool:
    """A plan or general intention rather than something done (下一步，我们将……; 要……)."""
    return bool(_PLAN.search(text) or _DEMAND.search(text))


def is_fact(text: str, has_figure: bool) -> float:
    """How much ``text`` reports concrete facts: 1.0 with a figure, 0.5 for a concrete
    action (举办, 建成, 发放, 表彰 …), 0.0 for a general statement."""
    if has_figure:
        return 1.0
    return 0.5 if _ACTION.search(text) else 0.0


# Words of general statements: aims, approaches and praise rather than what was done.
_GENERAL_WORDS = frozenset(
    "机制 模式 体系 格局 理念 精神 导向 抓手 载体 平台 品牌 路径 方式 方法 领域 内容 工作 建设 发展 创新 "
    "提升 推动 推进 加强 强化 完善 健全 深化 坚持 着力 积极 不断 持续 切实 全面 深入 进一步 有效 扎实 实效 "
    "效能 水平 能力 作用 优势 力量 氛围 环境 质量 高质量 重要 论述 学习 贯彻 落实 部署 决策 要求 目标 任务 "
    "重点 难点 问题 需求 服务 保障 职责 新 良好 大力 广泛 充分 发挥 形成 构建 打造 营造 实现 促进 增强 拓宽 "
    "拓展 做实 做优 做细 做精 助力 引领 凝聚 汇聚 激发 激励 团结 带领 引导 各方 多元 多元化 特色 形式多样 "
    "多样 整合 资源 搭建 领导 坚强 坚定 信心 务实 重干 奋力 谱写 篇章 新时代 习近平 总书记 党中央 "
    "工人阶级 重要论述 以来 近年来".split()
)


def generality(tokens: Sequence[str]) -> float:
    """Share of a sentence's content words that are words of general statements
    (机制, 坚持, 深入, 学习贯彻, 高质量 …): near 0 for 「在全市1200辆公交车上设置
    “流动妈咪小屋”」, over 0.5 for 「深入学习贯彻……坚持以女职工需求为导向」."""
    words = [t for t in (tok.strip() for tok in tokens)
             if len(t) > 1 or ("\u4e00" <= t[:1] <= "\u9fff" and t not in "的了和与及在为是对将把被从以并也还又其之而或于由向着中上下一个这那有就都到要可各")]
    words = [w for w in words if any("\u4e00" <= ch <= "\u9fff" for ch in w)]
    if not words:
        return 0.0
    return sum(w in _GENERAL_WORDS for w in words) / len(words)


_GENERIC_WORDS = frozenset(
    "女职工 职工 女工 工会 总工会 市总工会 省总工会 区总工会 县总工会 各级 全市 全省 全区 全县 单位 企业 "
    "活动 开展 组织 举办 工作 服务 女性 广大 相关 有关 方面 我们 进行 通过 围绕 结合 联合 共同 一批 一系列".split()
) | _GENERAL_WORDS


def activity_phrases(tokens: Sequence[str]) -> frozenset[str]:
    """The names of what a sentence is about: pairs of adjacent words, neither of them
    generic (工会, 女职工, 开展, 活动 …), and single words of four characters or more
    (普法宣传, 母婴室 + 建设 …).  Two sentences that share one tell of the same activity."""
    words = [t.strip() for t in tokens if t.strip()]
    out = set()
    for a, b in zip(words, words[1:]):
        if _content(a) and _content(b) and len(a) + len(b) >= 4:
            out.add(a + b)
    out.update(w for w in words if _content(w) and len(w) >= 4)
    return frozenset(out)


def _content(word: str) -> bool:
    return len(word) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in word) and word not in _GENERIC_WORDS


# ---------------------------------------------------------------------------
# Clauses of an overview sentence
# ---------------------------------------------------------------------------

_PART_BREAK = lazy_re(r"[；;]")
_LISTED = lazy_re(r"[，,](?=[一二三四五六七八九十]是)")


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the parts of a sentence that lists several things: at ；, and before
    ，二是 …; a part's span excludes the separator.  One span for a sentence with none."""
    cuts = [m.start() for m in _PART_BREAK.finditer(text)] + [m.start() for m in _LISTED.finditer(text)]
    spans, start = [], 0
    for cut in sorted(set(cuts)):
        if text[start:cut].strip():
            spans.append((start, cut))
        start = cut + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------------------
# Text quality of copies of one passage
# ---------------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _boundaries(text: str, tokens: Sequence[str]) -> set[int] | None:
    """Positions in ``bare_text(text)`` where a token starts or ends; None when the tokens
    do not spell the text."""
    bare = [bare_text(t) for t in tokens]
    if not tokens or "".join(bare) != bare_text(text):
        return None
    out, pos = {0}, 0
    for tok in bare:
        pos += len(tok)
        out.add(pos)
    return out


MIN_RUN = 4  # characters a run shared with another copy needs


def bigram_counts(texts: Iterable[str]) -> Counter:
    """Character bigrams (whitespace and quotation marks removed) of ``texts``, counted."""
    counts: Counter = Counter()
    for text in texts:
        x = bare_text(text)
        counts.update(x[i : i + 2] for i in range(len(x) - 1))
    return counts


def splice_count(text: str, others: Iterable[tuple[str, Sequence[str]]], corpus_bigrams: Mapping[str, int],
                 tokens: Sequence[str] = ()) -> int:
    """Joins in ``text`` of two pieces of other texts that are not joined there.

    ``others`` are (text, tokens) pairs.  ``text`` is covered by the runs (4+ characters)
    it shares with them (quotation marks and spaces ignored).  A splice is a point where
    one run ends and the next begins, the two coming from different other texts (or out
    of order in one), and where either run was cut inside a word of the text it came
    from (「生育友|」 of 「生育友好」, 「|泛覆盖」 of 「广泛覆盖」), or the two characters that
    meet are a pair no other text of the corpus has (``corpus_bigrams``:
    :func:`bigram_counts` of the corpus, ``text`` included) and not a word of ``tokens``.
    PDF extraction that interleaves columns makes such joins; an editor's condensation
    cuts words out of one sentence (runs in order, cut at words) or joins sentences at
    punctuation, and a whole copy has none.  Of copies of one passage, the one with fewer
    splices is the better-formed.
    """
    x = bare_text(text)
    if len(x) < 4:
        return 0
    mine = _boundaries(text, tokens) or set()
    # end (start) of a run in x -> [(other, end (start) in other, cut inside a word there, 4+ long)]
    ends: dict[int, list[tuple[int, int, bool, bool]]] = {}
    starts: dict[int, list[tuple[int, int, bool, bool]]] = {}
    spanned: set[int] = set()  # i such that one run holds both x[i] and x[i+1]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for k, (other, other_tokens) in enumerate(others):
        y = bare_text(other)
        if not y or y == x:
            continue
        # A second copy of one text (a report printed twice) adds the same runs under
        # another number: every join it could count, its first copy already decides.
        copy = (y, tuple(other_tokens))
        if copy in seen:
            continue
        seen.add(copy)
        cuts = _boundaries(other, other_tokens)
        matcher = SequenceMatcher(None, x, y, autojunk=False)
        for block in matcher.get_matching_blocks():
            if block.size >= MIN_RUN:
                spanned.update(range(block.a, block.a + block.size - 1))
                b_end = block.b + block.size
                long = block.size >= MIN_RUN
                starts.setdefault(block.a, []).append((k, block.b, cuts is not None and block.b not in cuts, long))
                ends.setdefault(block.a + block.size, []).append((k, b_end, cuts is not None and b_end not in cuts,
                                                                  long))
    own = bigram_counts([x])
    count = 0
    for i in range(len(x) - 1):
        if i in spanned:
            continue
        # a run ends just after x[i] (or one character later, leaving x[i] alone between
        # two runs) and another begins at x[i+1] (or one later)
        left = ends.get(i + 1, []) + ends.get(i, [])
        right = starts.get(i + 1, []) + starts.get(i + 2, [])
        if not left or not right or any(k1 == k2 and b2 >= b1 for k1, b1, *_ in left for k2, b2, *_ in right):
            continue
        mid_word = any(cut for _, _, cut, _ in left + right) and any(long for *_, long in left + right)
        bigram = x[i : i + 2]
        at_word_edge = not mine or i + 1 in mine  # not inside one of this text's words
        odd_pair = _is_cjk(x[i]) and _is_cjk(x[i + 1]) and corpus_bigrams.get(bigram, 0) <= own[bigram] \
            and at_word_edge and any(long for *_, long in left) and any(long for *_, long in right)
        if mid_word or odd_pair:
            count += 1
    return count
