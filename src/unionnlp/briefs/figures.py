"""Figures with their units and what they count: 4923家 工会妈妈小屋.

Work reports carry their results as numbers: ``全省“工会妈妈小屋”达 4923 家``,
``举办相亲交友活动 1052场``, ``培育宣传 40 个齐鲁家庭友好型工作场所``.  This
module finds each number with its unit and the words saying what it counts,
with plain regular expressions and a few rules (no segmenter, no model):

* the number: digits with an optional decimal part, a magnitude (万, 亿, 千,
  百), an approximation (余, 多, 近, 约, 超 …) and a range (5000元～1万元);
* the unit: a measure word (家, 个, 场次, 人次, 万元 …) or 倍 or %;
* what it counts: the noun right after a classifier (``40 个｜齐鲁家庭友好型
  工作场所``), otherwise the words before the number in the same clause with
  the scope words (全省, 累计, 目前 …), dates, a leading activity verb (举办,
  开展 …) and a trailing link verb (达, 为 …) removed.

Dates (2023年, 4月26日), durations (5年来, 15分钟), ordinals (第八届),
ages (90后) and numbers without a unit (12351热线) are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Figure", "extract_figures", "dedupe_figures", "figure_number"]

# Units that count things; longer alternatives first so that 人次 wins over 人.
_UNITS = (
    "元",
    "人次", "场次", "户次", "件次", "批次", "次",
    "人", "名", "位",
    "家", "个", "场", "对", "期", "件", "项", "辆", "户", "条", "所", "支",
    "座", "间", "台", "套", "份", "篇", "批", "处", "张", "本", "部", "门",
    "类", "种", "期", "课时", "学时", "小时", "公里", "平方米", "亩", "吨",
    "倍", "%", "％",
)
# Units after which a noun names what is counted (N 个 noun).
_CLASSIFIERS = frozenset(
    "家 个 名 位 辆 项 条 所 支 座 间 台 套 份 篇 批 处 张 本 部 门 类 种 户 对 期 场 件".split()
)
_UNIT_RE = "|".join(re.escape(u) for u in sorted(set(_UNITS), key=len, reverse=True))
_NUM = r"\d+(?:\s*[.．]\s*\d+)?"
_APPROX_AFTER = r"(?:\s*(?:余|多))?"
# 3.8万余, 30余万, 2000多万: the approximation stands before or after the magnitude.
_MAG = _APPROX_AFTER + r"(?:\s*(?:万亿|亿|万|千|百))?"
_FIGURE = re.compile(
    r"(?P<before>近|约|超过|超|逾)?\s*"
    r"(?P<num>" + _NUM + _MAG + _APPROX_AFTER + r")"
    r"(?:\s*(?:" + _UNIT_RE + r")?\s*[～~至到—-]\s*(?P<num2>" + _NUM + _MAG + _APPROX_AFTER + r"))?"
    r"\s*(?P<unit>" + _UNIT_RE + r")"
)
# Not a figure: a date, a duration, an ordinal, an age, an id.
_PRECEDING_BLOCK = re.compile(r"(?:第|×|\*|\+|No\.?|[A-Za-z0-9.．])\s*$")
_FOLLOWING_BLOCK = re.compile(r"^\s*(?:年|月|日|号|时(?!间)|分钟|秒|岁|周岁|后|届|级|\+|×|[A-Za-z])")

# Clause boundaries: what a figure counts is said inside its clause.
_CLAUSE_END = "，。；：！？、,;:!?\n"
_QUOTES = "“”\"‘’「」『』"

_SCOPE_PREFIX = re.compile(
    r"^(?:其中|目前|当前|截至|截止|至今|今年|去年|全年|每年|每月|近年来|五年来|多年来|以来|"
    r"同时|此外|另外|并|还|已经|已|共计|共|累计|总计|合计|先后|全国|全省|全市|全区|全县|全网|"
    r"全行|全校|全国各地|各级工会组织|各级工会|全省各级工会组织|全市各级工会组织|"
    r"省总工会|市总工会|区总工会|我们|有|为|对|在|将|通过|使得|其|并)+"
)
_DATES = re.compile(
    r"(?:截至|截止)?\s*\d+\s*年(?:\s*\d+\s*月)?(?:\s*\d+\s*日)?(?:底|初|末|以来|来|中|内|度)?"
    r"|\d+\s*月(?:\s*\d+\s*日)?|[一二三四五六七八九十两\d]+\s*年来|近年来|以来|年度"
)
_LEAD_VERB_WORDS = (
    "组织开展 组织举办 累计开办 指导创建 培育宣传 新建和提升 举办 开展 开办 组织 建成 建立 建设 新建 "
    "设立 设置 创建 发布 提交 召开 征集 推出 打造 选树 推荐 表彰 评选 受理 办理 筹集 投入 发放 配备 "
    "提供 提升"
).split()
_LEAD_VERBS = re.compile("^(?:" + "|".join(sorted(_LEAD_VERB_WORDS, key=len, reverse=True)) + ")")
_LINK_SUFFIX = re.compile(r"(?:达到|达|高达|超过|超|共计|共|累计|合计|总计|约|近|逾|为|有|是|了|的|已|等|占|和|及|与)+$")
_RIGHT_STOP = re.compile(
    r"(?:搭起|参加|参与|入选|获得|获|达成|实现|成为|分别|提供|开展|举办|进行|作为|可在|可|被|"
    r"纳入|覆盖|惠及|发至|用于|设置|设立|建立|组成|构成|联系|来自|上设|增长|分获|选派|为|和|与|及|等|在|"
    r"，|。|；|：|、|,|;|\d)"
)
_TRIM = _QUOTES + "《》()（）【】[] \u3000·•-—"


@dataclass(frozen=True)
class Figure:
    """A number with its unit and what it counts, found in a text.

    ``value`` is the number as written, spaces removed (``3.8万余``);
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


def figure_number(value: str) -> float | None:
    """The numeric value of a figure's value string (3.8万余 → 38000.0)."""
    m = re.match(r"[^\d]*(\d+(?:[.．]\d+)?)\s*(?:余|多)?\s*(万亿|亿|万|千|百)?", value)
    if not m:
        return None
    number = float(m.group(1).replace("．", "."))
    scale = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}.get(m.group(2) or "", 1)
    return number * scale


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
    words = re.split(r"\d+(?:[.．]\d+)?(?:余|多)?(?:万亿|亿|万|千|百)?(?:余|多)?(?:" + _UNIT_RE + ")?", words)[-1]
    words = _DATES.sub("", words)
    for _ in range(3):
        before = words
        words = words.strip(_TRIM)
        words = _SCOPE_PREFIX.sub("", words)
        words = _LEAD_VERBS.sub("", words)
        words = _LINK_SUFFIX.sub("", words)
        if words == before:
            break
    words = words.strip(_TRIM)
    # Keep the innermost noun phrase after a verb-like link inside the words
    # (为有结婚意向职工举办集体婚礼 …) only when the rest is long.
    return words


def _clean_right(words: str) -> str:
    words = re.sub(r"\s+", "", words)
    quoted = re.match(r"[“\"‘「『]([^”\"’」』]{2,20})[”\"’」』]", words)
    if quoted:
        # 2620家“母婴关爱室”信息: the quoted name is what is counted.
        return quoted.group(1)
    m = _RIGHT_STOP.search(words)
    if m:
        if m.group() in ("来自",) and "的" in words[m.end():]:
            # 近200条来自女工的“金点子”: what is counted is the head after 的.
            words = re.split(r"[，。；：、,;]", words[m.end():])[0].split("的")[-1]
            m = _RIGHT_STOP.search(words)
            words = words[: m.start()] if m else words
        else:
            words = words[: m.start()]
    return words.strip(_TRIM).removesuffix("的")


def _plausible(what: str) -> bool:
    if len(what) < 2 or len(what) > 24:
        return False
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in what)
    return cjk >= 2 and not re.fullmatch(r"[\d.．%％]+.*", what)


def extract_figures(text: str) -> list[Figure]:
    """Every figure of ``text`` that has a unit and says what it counts, in text order."""
    figures: list[Figure] = []
    for m in _FIGURE.finditer(text):
        num_start = m.start("num") if m.group("before") is None else m.start("before")
        if _PRECEDING_BLOCK.search(text[max(0, num_start - 3) : num_start]):
            continue
        if _FOLLOWING_BLOCK.match(text[m.end("unit") : m.end("unit") + 3]) and m.group("unit") not in "%％":
            continue
        unit = m.group("unit")
        if unit == "％":
            unit = "%"
        value = re.sub(r"\s+", "", (m.group("before") or "") + m.group("num"))
        if m.group("num2"):
            value += "～" + re.sub(r"\s+", "", m.group("num2"))
        value = value.replace("．", ".")
        start, end = num_start, m.end("unit")
        c_start, c_end = _clause_bounds(text, start, end)
        left = _clean_left(text[c_start:start])
        right = _clean_right(text[end:c_end])
        if unit in _CLASSIFIERS and _plausible(right):
            what = right
        elif _plausible(left):
            what = left
        elif _plausible(right):
            what = right
        else:
            continue
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


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _same_thing(a: str, b: str) -> bool:
    if a in b or b in a:
        return True
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / min(len(x), len(y)) >= 0.5


def dedupe_figures(figures: list[Figure]) -> list[Figure]:
    """Drop repeats: the same value and unit counting the same thing (first kept,
    with the longer description when two say the same)."""
    kept: list[Figure] = []
    for f in figures:
        for i, k in enumerate(kept):
            if k.value == f.value and k.unit == f.unit and _same_thing(k.what, f.what):
                if len(f.what) > len(k.what):
                    kept[i] = f
                break
        else:
            kept.append(f)
    return kept
