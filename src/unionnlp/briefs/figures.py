"""Figures with their units and what they count: 4923家 工会妈妈小屋.

Work reports carry their results as numbers: ``全省“工会妈妈小屋”达 4923 家``,
``受理女职工法律援助2428件``, ``培育宣传 40 个齐鲁家庭友好型工作场所``,
``6人当选常务委员``.  This module finds every number that has a unit or
counter, and the words of its clause that say what it counts, with regular
expressions and a few rules about the clause (no segmenter, no model):

* the number: digits with an optional decimal part, or Chinese numerals
  (五, 二十, 六千); a magnitude (万, 亿, 千, 百), an approximation (余, 多, 近,
  约, 超 …) and a range (5000元～1万元);
* the unit: a counter (家 个 名 人 人次 场 场次 期 件 宗 份 次 对 所 支 项 批 户 …),
  money (元, 万元 and 亿元 as magnitude + 元), 倍 or %;
* what it counts, from the clause the number stands in:

  - a counter followed by a noun counts that noun (``40 个｜齐鲁家庭友好型工作场所``;
    ``2亿元关爱基金``); when the number opens its clause, the noun's predicate
    belongs to the description (``12家｜企事业单位入选全国爱心托育用人单位``);
  - a number that opens its clause before a verb counts who did it
    (``6人｜当选常务委员``);
  - otherwise the verb and object (or subject) before the number
    (``受理女职工法律援助｜2428件``, ``表彰先进集体和个人｜2200名``), without the scope
    (全省, 累计, 目前 …), dates and link verbs (达, 为 …) around it.

Dates (2023年, 4月26日), durations (5年来, 15分钟), ordinals (第八届, 一是), ages
(90后), names (“三期”女职工), phone and id numbers (12351热线) are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from unionnlp.text.lazyre import lazy_re

__all__ = ["Figure", "extract_figures", "dedupe_figures", "figure_number", "figure_key"]

# Units that count things; longer alternatives first so that 人次 wins over 人.
_UNITS = (
    "元",
    "人次", "场次", "户次", "件次", "批次", "车次", "班次", "次",
    "人", "名", "位",
    "家", "个", "场", "对", "期", "件", "宗", "起", "例", "项", "辆", "户", "条", "所", "支",
    "座", "间", "台", "套", "份", "篇", "批", "处", "张", "本", "部", "门", "章", "款", "枚", "块",
    "类", "种", "课时", "学时", "小时", "公里", "平方米", "亩", "吨", "首", "幅", "节", "堂",
    "倍", "%", "％",
)
# Units after which a noun names what is counted (N 个 noun, N 元 noun).
_NOUN_AFTER = frozenset(u for u in _UNITS if u not in ("%", "％", "倍"))
_UNIT_RE = "|".join(re.escape(u) for u in sorted(set(_UNITS), key=len, reverse=True))
_CN = "零〇一二两三四五六七八九十百千万"
_NUM = r"(?:\d+(?:\s*[.．]\s*\d+)?|[" + _CN + r"]{1,6})"
_APPROX_AFTER = r"(?:\s*(?:余|多))?"
# 3.8万余, 30余万, 2000多万: the approximation stands before or after the magnitude.
_MAG = _APPROX_AFTER + r"(?:\s*(?:万亿|亿|万|千|百))?"
_FIGURE = lazy_re(
    r"(?P<before>近|约|超过|超|逾|接近|将近|大约)?\s*"
    r"(?P<num>" + _NUM + _MAG + _APPROX_AFTER + r")"
    r"(?:\s*(?:" + _UNIT_RE + r")?\s*[～~至到—\-－]\s*(?P<num2>" + _NUM + _MAG + _APPROX_AFTER + r"))?"
    r"\s*(?P<unit>" + _UNIT_RE + r")"
)
# Not a figure: a date, a duration, an ordinal, an age, an id, a name.
_PRECEDING_BLOCK = lazy_re(
    r"(?:第|×|\*|\+|No\.?|[A-Za-z0-9.．\-－/]|[“\"「『]|星期|周|每|(?<![目此之提以事当面眼])前|不超过|不少于|不低于|不高于)\s*$"
)
_FOLLOWING_BLOCK = lazy_re(
    r"^\s*(?:年|月|日|号|时(?!间)|分钟|秒|岁|周岁|后|届|级|星|\+|×|[A-Za-z])"
)
# 5个工作日, 3个月: a counter that makes a duration.
_DURATION_AFTER = lazy_re(r"^(?:工作日|月|多月|小时|季度|星期|礼拜|学期|年头|周)")
# After a Chinese numeral these make a word or a name, not a count.
_CN_FOLLOWING_BLOCK = lazy_re(r"^(?:是|期女职工|期”|期\"|个一|个确立|个维护|个务必|项基本|项规定|项注意)")
_CN_PRECEDING_WORD = lazy_re(r"(?:统|唯|之|其|再|九|十|初|万|千|百|第|几|方)$")  # 三方四家: a name

# Clause boundaries: what a figure counts is said inside its clause.
_CLAUSE_END = "，。；：！？,;:!?\n"
_QUOTES = "“”\"‘’「」『』"

_SCOPE_PREFIX = lazy_re(
    r"^(?:其中|目前|当前|截至|截止|至今|今年|去年|全年|每年|每月|近年来|五年来|多年来|以来|"
    r"同时|此外|另外|并|还|已经|已|共计|共|累计|总计|合计|先后|全国|全省|全市|全区|全县|全州|全盟|全网|"
    r"全行|全校|全院|全局|全公司|全集团|全国各地|各级工会组织|各级工会|全省各级工会组织|全市各级工会组织|"
    r"全区各级工会组织|全州各级工会组织|全县各级工会组织|"
    r"省总工会|市总工会|区总工会|县总工会|州总工会|我们|有|为|对|在|将|通过|使得|其|并|据统计|据了解|"
    r"截至目前|截至今年|目前已|现已|现有|共有|总共|一共|例如|比如|如(?!期|实))+"
)
_DATES = lazy_re(
    r"(?:截至|截止)?\s*\d+\s*年(?:\s*\d+\s*月)?(?:\s*\d+\s*日)?(?:底|初|末|以来|来|中|内|度|上半年|下半年)?"
    r"|\d+\s*月(?:\s*\d+\s*日)?|[一二三四五六七八九十两\d]+\s*年来|近年来|以来|年度|上半年|下半年"
    r"|[一二三四五六七八九十两几\d]+\s*个多?月(?:里|来|内|间|中)?"
)
_LINK_SUFFIX = lazy_re(
    r"(?:达到|达|高达|超过|超|共计|共|累计|合计|总计|约|近|逾|为|有|是|了|的|已|等|和|及|与|计|"
    r"分别|各|均|仅|就|接近|将近|大约|由|从|开展|举办|进行)+$"
)
# 「占比由2018年的20%提高到2022年的38%」: the second figure counts what the first does.
_CHANGE_ONLY = lazy_re(r"^(?:提高|提升|增长|增加|上升|下降|减少|降低|扩大|升|增|降)(?:到|至|为)?$")
# Words that begin a predicate (or are not a noun) when they open the text after a number.
_PREDICATE_WORDS = (
    "且 并 均 都 全部 已经 已 共 分别 先后 累计 还 也 将 正在 参加 参与 参赛 入选 获得 获评 荣获 获 当选 "
    "达成 实现 成为 受益 受到 得到 接受 完成 通过 签订 签约 建成 加入 报名 到会 出席 在 于 被 为 是 有 "
    "来自 走进 赴 前往 进行 开展 举办 组成 构成 牵手 喜结 结成 提交 提出 参观 入驻 设立 覆盖 惠及 "
    "发至 用于 可 可在 搭起 作为 纳入 设置 建立 联系 上设 增长 分获 选派 同步 在线 现场 共同 一起 以上 左右 "
    "不等 以下 之多 之间 组织 帮助 推动 带领 引导 发放 培训 开设 走访 慰问 邀请 吸引 带动 指导 提供 安排 "
    "办理 送去 讨回 取得 享受 领取 作交流 作发言 作报告 同台 展开 轮流 被评为 按期 依法 及时 主动 认真 统一 "
    "增至 增加到 增加 提高到 提高 提升至 提升 下降 减少 降至 升至 达到 联合 推行"
).split()
_PREDICATE_START = lazy_re(
    "^(?:" + "|".join(sorted(_PREDICATE_WORDS, key=len, reverse=True)) + ")(?<!在(?=[建职岗校编册]))"
)
# Verbs that also make nouns (培训班, 服务站, 基层组织) do not end a noun phrase.
_NOUN_MAKING = frozenset("培训 组织 服务 指导".split())
_NP_STOP = lazy_re(
    r"(?:" + "|".join(sorted((w for w in _PREDICATE_WORDS if (len(w) > 1 or w in "为在被可于赴")
                              and w not in _NOUN_MAKING), key=len, reverse=True))
    + r"|等|，|。|；|：|、|,|;|！|？|\d)"
)
_COORD = lazy_re(r"(?:和|与|及|以及)")
_COORD_START = lazy_re(r"^(?:以及|和|与|及|或)")
# Names listed (甲、乙、丙) or closed by 等 right before a number of people.
_APPOSITION_BEFORE = lazy_re(r"(?:[\u4e00-\u9fff]{2,4}等|[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+)$")
_AGE_BEFORE_NOUN = lazy_re(r"^\d+(?:岁|周岁)(?:(?:至|到|~|～|-|－)\d+(?:岁|周岁))?(?:以上|以下)?的")
# A number right after a preposition (为120对新人…, 在全市1200辆公交车上…) is inside a
# phrase: what it counts is the noun after it, not the clause.
_PREPOSITION_BEFORE = lazy_re(r"(?:为|向|给|对|在|与|同|把|将|从|按)(?:全市|全省|全区|全县|全国|各|其)?$")
_TRIM = _QUOTES + "《》()（）【】[] \u3000·•-—"
_MAX_WHAT = 30


@dataclass(frozen=True)
class Figure:
    """A number with its unit and what it counts, found in a text.

    ``value`` is the number as written, spaces removed (``3.8万余``, ``二十余``);
    ``text`` is the exact matched span, ``text == source[start:end]``;
    ``clause`` is the clause it stands in, for context.
    """

    value: str
    unit: str
    what: str
    text: str
    start: int
    end: int
    clause: str = ""

    @property
    def label(self) -> str:
        """The figure as shown: value and unit (4923家)."""
        return f"{self.value}{self.unit}"

    @property
    def number(self) -> float | None:
        """The value as a number (3.8万余 → 38000.0; a range gives its lower end)."""
        return figure_number(self.value)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SCALES = {"十": 10, "百": 100, "千": 1000}


def _cn_number(text: str) -> float | None:
    """二十 → 20, 六千 → 6000, 一百二十三 → 123; None when ``text`` is not a numeral."""
    if not text:
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # 二三: not a numeral
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SCALES:
            total += (1 if digit is None else digit) * _CN_SCALES[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


_VALUE = lazy_re(
    r"[^\d" + _CN + r"]*(\d+(?:[.．]\d+)?|[零〇一二两三四五六七八九十百千]+)\s*(?:余|多)?\s*(万亿|亿|万|千|百)?"
)


def figure_number(value: str) -> float | None:
    """The numeric value of a figure's value string (3.8万余 → 38000.0, 二十余 → 20.0)."""
    m = _VALUE.match(value)
    if not m:
        return None
    digits = m.group(1)
    number = float(digits.replace("．", ".")) if digits[0].isdigit() else _cn_number(digits)
    if number is None:
        return None
    scale = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}.get(m.group(2) or "", 1)
    return number * scale


def figure_key(value: str, unit: str) -> tuple[float, str] | None:
    """A figure as (number, counter) however it is written: ``("6万", "人次")``, ``("6", "万人次")``
    and ``("六万余", "人次")`` give the same key."""
    unit = unit.replace("％", "%")
    scale = 1.0
    for mag, s in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if unit.startswith(mag) and len(unit) > len(mag):
            unit, scale = unit[len(mag):], s
            break
    number = figure_number(value)
    return None if number is None else (round(number * scale, 6), unit)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and text[left - 1] not in _CLAUSE_END:
        left -= 1
    right = end
    while right < len(text) and text[right] not in _CLAUSE_END:
        right += 1
    return left, right


def _clean_left(words: str) -> str:
    words = _DATES.sub("", re.sub(r"\s+", "", words))
    # Only the words after an earlier figure of the same clause describe this one.
    words = re.split(r"\d+(?:[.．]\d+)?(?:余|多)?(?:万亿|亿|万|千|百)?(?:余|多)?(?:" + _UNIT_RE + ")", words)[-1]
    words = _DATES.sub("", words)
    for _ in range(4):
        before = words
        words = words.strip(_TRIM)
        words = _SCOPE_PREFIX.sub("", words)
        words = _LINK_SUFFIX.sub("", words)
        words = words.lstrip("的、")
        if words == before:
            break
    words = words.strip(_TRIM)
    head, sep, rest = words.partition("的")
    if sep and len(head) <= 4 and len(rest) >= 2:
        words = rest  # 组织开展的女职工普法宣传月活动: what was done, without who did it
    if len(words) > _MAX_WHAT and "的" in words:
        words = words.rsplit("的", 1)[1]  # the head after the last 的
    if len(words) > _MAX_WHAT:
        words = words[-24:]  # the object (what is counted) ends the words before a number
    return words


def _noun_phrase(words: str) -> str:
    """The noun phrase that opens ``words`` (after a counter): up to the first verb or
    punctuation, keeping a short coordinated noun (集体和个人)."""
    quoted = re.match(r"[“\"‘「『]([^”\"’」』]{2,20})[”\"’」』]", words)
    if quoted:
        # 2620家“母婴关爱室”信息: the quoted name is what is counted.
        return quoted.group(1)
    m = _NP_STOP.search(words, 1)
    # 20个市、区级示范点: a one- or two-character modifier listed before 、 is part of the
    # phrase; a longer piece before 、 is an item of a list, which ends it.
    while m and m.group() == "、" and m.start() <= 2 and len(words) > m.end():
        m = _NP_STOP.search(words, m.end())
    np_end = m.start() if m else len(words)
    head = words[:np_end]
    coord = _COORD.search(head)
    if coord and coord.start() >= 2:
        # 先进集体和个人: keep it; 职工和家属参加…: the NP stops before the verb anyway
        pass
    head = re.sub(r"(?:和|与|及|以及|、)$", "", head.strip(_TRIM))  # 3名女骑手和1名调度员
    return head.strip(_TRIM).removesuffix("的").removeprefix("的")


def _opens_predicate(words: str) -> bool:
    return not words or bool(_PREDICATE_START.match(words)) or not ("\u4e00" <= words[0] <= "\u9fff"
                                                                    or words[0] in _QUOTES)


def _plausible(what: str) -> bool:
    if len(what) < 2 or len(what) > _MAX_WHAT:
        return False
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in what)
    return cjk >= 2 and not re.fullmatch(r"[\d.．%％]+.*", what)


def _describe(text: str, start: int, end: int, c_start: int, c_end: int, unit: str) -> str | None:
    left = _clean_left(text[c_start:start])
    right_raw = re.sub(r"\s+", "", text[end:c_end])
    right_raw = re.sub(r"^(?:不等|左右|以上|以下|之多)的", "", right_raw)  # 5000～1万元不等的助学奖励
    right_raw = re.sub(r"^以[^，。；的]{1,10}为主的", "", right_raw)  # 2个以女性为主的研发小组
    # 4批次、300余人次澳门职工: a list of figures shares the noun after the last one
    right_raw = re.sub(r"^、(?:[近约超逾]?" + _NUM + _MAG + _APPROX_AFTER + r"(?:" + _UNIT_RE + r")、?)+", "",
                       right_raw)
    right_raw = right_raw.removeprefix("的")  # 接近2600人的护工护理员
    # 226名10岁至15岁的职工子女: an age or range said of them before 的 is not what is counted
    right_raw = _AGE_BEFORE_NOUN.sub("", right_raw)
    came = re.match(r"(?:来自|源自)[^，。；]*的(.+)$", right_raw)
    if came:
        right_raw = came.group(1)  # 17名来自牧区学校……的女性先进人物: who they are follows 的
    right = right_raw.strip(_TRIM) if right_raw[:1] not in "“\"‘「『" else right_raw
    candidates: list[str] = []
    raw_left = re.sub(r"\s+", "", text[c_start:start])
    in_phrase = bool(_PREPOSITION_BEFORE.search(raw_left))
    # 三等奖2个和优秀奖3个: a noun after 和 is the next item of a list, not what this counts
    listed_next = bool(_COORD_START.match(right))
    # 杨梅等6人当选, 许国文、严艳、陈瑜三人当选: the words before the number name the
    # same people (an apposition); what they did follows
    apposition = bool(_APPOSITION_BEFORE.search(raw_left))
    if unit in _NOUN_AFTER and right and not listed_next and not _opens_predicate(right):
        noun = _noun_phrase(right)
        if not left and not in_phrase and _plausible(noun) and right[:1] not in _QUOTES:
            # 12家企事业单位入选全国爱心托育用人单位: the number opens the clause;
            # the noun and its predicate are the fact.
            whole = right_raw.strip(_TRIM)
            candidates.append(whole if _plausible(whole) and not re.search(r"\d", whole) else noun)
        candidates.append(noun)
    elif right and _PREDICATE_START.match(right) and (len(left) <= 2 or apposition) \
            and unit not in ("%", "％", "倍"):
        # 6人当选常务委员: who did it is the number's own subject (a bare verb before it,
        # 推荐2人荣获……称号, says less than what follows)
        predicate = right.strip(_TRIM)
        candidates.append(predicate if _plausible(predicate) else predicate[:_MAX_WHAT])
    candidates.append(_COORD_START.sub("", left))
    if unit in _NOUN_AFTER and right and not listed_next and not _opens_predicate(right):
        candidates.append(_noun_phrase(right))
    # 分三批组织180名职工子女赴上海: what follows says what the batches were
    candidates.append(_balanced(right.strip(_TRIM))[:_MAX_WHAT])
    for what in candidates:
        what = _balanced(what)
        if _plausible(what):
            return what
    return None


def _balanced(text: str) -> str:
    """``text`` without quotation marks that lost their partner when it was cut."""
    for left, right in (("“", "”"), ("‘", "’"), ("「", "」"), ("《", "》")):
        if text.count(left) != text.count(right):
            text = text.replace(left, "").replace(right, "")
    return text


def _blocked(text: str, m: re.Match) -> bool:
    num = m.group("num")
    num_start = m.start("num") if m.group("before") is None else m.start("before")
    unit_end = m.end("unit")
    if _PRECEDING_BLOCK.search(text[max(0, num_start - 3) : num_start]):
        return True
    if _FOLLOWING_BLOCK.match(text[unit_end : unit_end + 3]) and m.group("unit") not in "%％":
        return True
    if m.group("unit") in ("个", "半") and _DURATION_AFTER.match(text[unit_end : unit_end + 3]):
        return True
    digits = re.match(r"[\d.．]+|[" + _CN + r"]+", num).group()
    if not digits[0].isdigit():
        # A Chinese numeral: not 一 alone (一个, 一批 are articles), not a bare 十/百/千/万
        # without 余/多, not part of a word (统一, 唯一, 第三) or a name (“三期”).
        if digits == "一" or _cn_number(digits.rstrip("万")) is None:
            return True
        if digits in ("十", "百", "千", "万") and not re.search(r"余|多", num) and not m.group("before"):
            return True  # 千家万户; but 近千名, 百余名
        if _CN_PRECEDING_WORD.search(text[max(0, num_start - 1) : num_start]):
            return True
        if _CN_FOLLOWING_BLOCK.match(text[m.start("unit") : m.start("unit") + 4]):
            return True
        if text[unit_end : unit_end + 1] == "是":
            return True
    elif len(digits) >= 7 and "." not in digits and m.group("unit") != "元":
        return True  # a phone or id number
    return False


def extract_figures(text: str, before: Sequence[Figure] = ()) -> list[Figure]:
    """Every figure of ``text`` that has a unit and says what it counts, in text order.

    ``before`` are the figures of the sentence before: a sentence that opens with 其中
    breaks down a total told there (「共征集建议39条。其中，家庭育儿方面18条……」)."""
    figures: list[Figure] = []
    for m in _FIGURE.finditer(text):
        if _blocked(text, m):
            continue
        unit = m.group("unit")
        if unit == "％":
            unit = "%"
        num_start = m.start("num") if m.group("before") is None else m.start("before")
        value = re.sub(r"\s+", "", (m.group("before") or "") + m.group("num"))
        if m.group("num2"):
            value += "～" + re.sub(r"\s+", "", m.group("num2"))
        value = value.replace("．", ".")
        start, end = num_start, m.end("unit")
        c_start, c_end = _clause_bounds(text, start, end)
        what = _describe(text, start, end, c_start, c_end, unit)
        if what is not None and _CHANGE_ONLY.match(what) and figures and figures[-1].clause == \
                text[c_start:c_end].strip() and figures[-1].unit == unit:
            what = figures[-1].what
        if what is None:
            continue
        if m.group("before") in ("超过", "超") and text[max(0, num_start - 1) : num_start] == "不":
            continue  # 不超过两个: a limit, not a result
        what = _part_of(what, unit, start, text, figures, before)
        figures.append(
            Figure(
                value=value,
                unit=unit,
                what=what,
                text=text[start:end],
                start=start,
                end=end,
                clause=text[c_start:c_end].strip(),
            )
        )
    return figures


def _part_of(what: str, unit: str, start: int, text: str, figures: list[Figure],
             before: Sequence[Figure] = ()) -> str:
    """A part of a total after 其中 counts what the total counts: 「征集到建议39条，其中家庭
    育儿方面18条」 → 18条 | 家庭育儿方面（征集到建议）."""
    cut = text.rfind("其中", 0, start)
    if cut < 0:
        return what
    parents = [f for f in figures if f.end <= cut and f.unit == unit]
    if not parents and not text[:cut].strip(" ，,"):
        parents = [f for f in before if f.unit == unit]  # 其中 opens the sentence: the total is before it
    if not parents or _bigrams(parents[-1].what) & _bigrams(what):
        return what
    return f"{what}（{parents[-1].what}）"


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _same_thing(a: str, b: str) -> bool:
    if a in b or b in a:
        return True
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / min(len(x), len(y)) >= 0.5


def dedupe_figures(figures: list[Figure]) -> list[Figure]:
    """Drop repeats: the same number and counter counting the same thing (first kept,
    with the longer description when two say the same)."""
    kept: list[Figure] = []
    keys: list[tuple | None] = []
    for f in figures:
        key = figure_key(f.value, f.unit)
        for i, k in enumerate(kept):
            same_value = (k.value == f.value and k.unit == f.unit) or (key is not None and key == keys[i])
            if same_value and _same_thing(k.what, f.what):
                if len(f.what) > len(k.what):
                    kept[i] = f
                break
        else:
            kept.append(f)
            keys.append(key)
    return kept
