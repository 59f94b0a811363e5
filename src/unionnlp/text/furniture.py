"""Page furniture: the lines of a page that carry no report content.

One definition, used by repair (such lines are units of their own, never joined
to a sentence), by the theme classifier (they are 其他, with certainty, except
captions, whose theme is what they show), by organisation recognition (a credit names a photographer, not a union) and by the
briefs (never a bullet).  A line is furniture when it is short and wholly one of:

- ``credit``: who wrote or photographed it (「记者 周金友 摄」, 「黄雄/摄」, 「本报记者 张三」);
- ``metadata``: the web page's or article's data (「（编辑：王芳）」, 「责任编辑：李四」,
  「来源：瓮安县总工会」, 「发布日期：2025-09-29」, 「点击量：1234」);
- ``navigation``: links and buttons (「分享到：」, 「【打印】【关闭】」, 「上一篇：……」);
- ``masthead``: a newspaper's running head or imprint (「中国妇女报 2023年4月14日 星期五 7
  发展周刊·女职工之家」, 「社长……总编辑……」);
- ``page_number``: a page number or 「第3版」;
- ``epigraph``: the 「——题记」 that closes an epigraph;
- ``caption``: a photo caption (「图为活动现场。」).

Beside furniture, this module knows the lines that say *who* a text is by without
being furniture for the themes: a news byline that opens a lead (「本报讯（记者 张三）……」,
:func:`opens_byline`), a byline or data line standing alone (:func:`is_byline_line`), an
organisation's signature under a speech (:func:`is_signature`) and a speaker's name
before her position (:func:`names_speaker`).  Repair makes all of these units of their
own; page numbers and running heads (:func:`is_page_furniture`) it moves out of the
sentence they cut.

Everything here is a pattern over one line; nothing is learned, so the same line
is furniture for every user.
"""

from __future__ import annotations

import re

from unionnlp.text.lazyre import lazy_re

KINDS = ("credit", "metadata", "navigation", "masthead", "page_number", "epigraph", "caption")
# The kinds that carry no report content at all: the theme classifier labels them
# 其他 with probability 1.  A caption describes a scene, so its theme is its content.
CONTENTLESS = ("credit", "metadata", "navigation", "masthead", "page_number", "epigraph")

_MAX_LEN = 60  # furniture lines are short; a longer line is a sentence that starts like one

_META_FIELD = (
    r"责任编辑|编辑|主编|审核|审校|审稿|校对|终审|复审|初审|来源|稿件来源|信息来源|新闻来源|"
    r"发布日期|发布时间|发稿时间|更新时间|日期|时间|作者|撰稿|撰文|供稿|文字|"
    r"点击量|点击数|点击|浏览量|浏览次数|阅读量|阅读|访问量|字号|附件|"
    r"原标题|原题|发布单位|阅读次数|浏览人次|本版编辑|本期编辑|美术编辑|版式设计|值班编辑|联系人|联系电话|电话|抄报|抄送|分送|"
    # a web page's fields under other names: 「发表时间：…」, 「拟稿人：… 核稿人：…」, 「查看：334｜回复：0」
    r"发表时间|上传时间|发布者|文章来源|拟稿人|核稿人|责编|编稿|投稿|一审|二审|三审|点击次数|浏览|查看|栏目|关键词"
)
# A web page's data line may open with its date and time: 「2025-03-08 10:10　来源：东岭日报」,
# after the site's name: 「栖梧市总工会网　2025-09-19　阅读次数：427」.
_SITE = r"(?:[\u4e00-\u9fff]{2,16}(?:网|网站|客户端)(?=\d))?"
_STAMP = _SITE + r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*)?"
_METADATA = lazy_re(
    rf"^{_STAMP}[（(【\[]?\s*(?:{_META_FIELD})\s*[：:]\s*[^。！？]*?[）)】\]]?$"
)
_PEOPLE = r"[\u4e00-\u9fff·]{2,4}"
# A one-character lead (文, 图, 摄) needs a separator after it: 「文 张三」 is a credit,
# 「文化之旅 亲子同行」 a heading.
_CREDIT = lazy_re(
    rf"^[（(]?\s*(?:(?:本报记者|本报通讯员|特约记者|记者|通讯员|实习生|摄影|图片|图文|文/图|文图|图/文)\s*[：:/／]?"
    rf"|(?:摄|图|文)\s*[：:/／\s])\s*{_PEOPLE}(?:\s*[、，,\s]\s*{_PEOPLE})*"
    rf"(?:\s*(?:本报记者|通讯员|记者|摄影|摄|供图|文/图|图|文))*\s*[）)]?$"
)
# Photo credits as a line of their own: 黄雄/摄, 记者 周金友 摄, 图/张三, 通讯员 高岩 摄影报道, （图片由…提供）.
_PHOTO_CREDIT = lazy_re(
    r"^(?:(?:本报)?(?:记者|通讯员|摄影|文/图|图/文|图)\s*[/／:：]?\s*)?"
    r"(?:[\u4e00-\u9fff]|·){2,4}(?:\s+(?:[\u4e00-\u9fff]|·){2,4})*\s*(?:[/／]\s*)?摄(?:影)?(?:报道)?$"
    r"|^(?:图|图片|摄影)\s*[/／:：]\s*(?:[\u4e00-\u9fff]|·){2,4}(?:\s+\S{2,4})*$"
    r"|^[（(]?(?:图片|照片)由.{2,24}提供[）)]?$"
)
_CREDIT_END = lazy_re(r"(?:摄|供图|供稿|摄影报道|/文|／文|图/文)\s*[）)]?$")
_SUPPLIED = lazy_re(r"^[（(]?\s*(?:本版|本文|本期|本版稿件|本版图片|图片|稿件)[^。，]{0,30}(?:提供|供稿|供图)\s*[）)]?$")
_DOC_NUMBER = lazy_re(r"^[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$")
# A date alone on its line; a notice may be dated by its year only (「2014年」).
_DATE_LINE = lazy_re(r"^[（(]?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:印发|发布)?[）)]?$")
_ISSUED = lazy_re(r"^[^。，]{2,30}\d{4}年\d{1,2}月\d{1,2}日印发$")
_BREADCRUMB = lazy_re(r"^[^。，>]{1,12}(?:\s*[>＞›»]\s*[^。，>]{1,12}){1,5}$")
_CREDIT_LEAD = lazy_re(r"^(?:(?:图片来源|图片提供|图|摄影|供图)\s*[：:/／]|文字整理\s*[：:/／]?)")
# A dateline with nothing after it but, at most, its date: 「东岭网讯（记者 贺兰）2024年3月14日」.
_DATELINE_ONLY = lazy_re(
    r"^(?:本报讯|[\u4e00-\u9fff]{2,8}讯|[\u4e00-\u9fff]{2,12}电)\s*[（(](?:本报)?(?:记者|通讯员|特约记者)[^）)]{0,40}[）)]"
    r"\s*(?:\d{4}年)?(?:\d{1,2}月\d{1,2}日)?$"
)
# The name of a page's column standing alone: 「所工会简讯」, 「基层快讯」.
_COLUMN = lazy_re(r"^[\u4e00-\u9fff]{0,6}(?:简讯|快讯)$")
_NAVIGATION = lazy_re(
    r"^(?:分享到|分享至|转发到|[【\[［]?\s*打印\s*[】\]］]?|[【\[［]?\s*关闭\s*[】\]］]?|上一篇|下一篇|返回顶部|返回列表|相关阅读|相关新闻|"
    r"扫一扫|[\[［]?\s*打印本页|[\[［]?\s*关闭窗口|【字体|字体[：:]|字号[：:]|"
    # the head of a breadcrumb, whose first item the column may have cut (「您现在的位置：医院宣」/「传 > 新闻动态」)
    r"(?:您现在的|您的当前|您的|当前)?位置\s*[：:])"
    # a row of buttons (「【保存】【全文浏览】【打印】」) and a site's menu (「返回首页 | 投稿邮箱 | 加入收藏」)
    r"|^(?:[【\[［][^【】\[\]［］]{1,8}[】\]］]){2,}$"
    r"|^[^\W\d_A-Za-z]{2,6}(?:\s*[|｜]\s*[^\W\d_A-Za-z]{2,6}){2,}$|^[^\W\d_A-Za-z]{2,6}(?:\s*[|｜]\s*[^\W\d_A-Za-z]{2,6})+\s*[|｜]$"
)
_NEWSPAPER_DATE = lazy_re(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_WEEKDAY = lazy_re(r"星期[一二三四五六日天]|周[一二三四五六日]")
_IMPRINT = lazy_re(r"社长|总编辑|邮政编码|广告经营许可证|订阅|定价|新闻热线|国内统一连续出版物号|邮发代号")
_PAGE_NUMBER = lazy_re(
    r"^(?:[-—–－]*\d{1,4}[-—–－]*|第\d{1,4}[版页]|[A-Z]?\d{1,2}版|\d{1,4}/\d{1,4}|page\d+)$", re.IGNORECASE
)
_EPIGRAPH = lazy_re(r"^[-—－]{1,2}\s*题记$|[—－]{2}\s*题记$")
_CAPTION = lazy_re(r"^[（(]?\s*(?:图为|上图|下图|左图|右图|图\s*\d+|图[一二三四五六七八九十]+)[：:，,\s]?")
# 「图：」 before a sentence (a caption), not before a name (a credit).
_CAPTION_AFTER_COLON = lazy_re(r"^[（(]?图[：:](?:.{8,}|.*[。！？])$")
_SPACES = lazy_re(r"\s+")
_SENTENCE_INSIDE = lazy_re(r"[。！？!?][^）)”」』]")


# What a whitespace-free line needs for _NAVIGATION, _METADATA, _DOC_NUMBER, _DATE_LINE,
# _ISSUED, _BREADCRUMB, _COLUMN, _SUPPLIED or _DATELINE_ONLY to match it: a navigation
# word or a date's digit at its start (_NAVIGATION, _DATE_LINE), a colon (_METADATA), a
# breadcrumb's arrow (_BREADCRUMB), 号/印发/简讯/快讯 at its end (_DOC_NUMBER, _ISSUED,
# _COLUMN), 提供/供稿/供图 (_SUPPLIED) or 记者/通讯员 (_DATELINE_ONLY) in it.
_MAYBE_DATA_HEAD = lazy_re(r"分享|转发|【|［|\[|打印|关闭|上一篇|下一篇|返回|相关|扫一扫|字体|字号|[（(]?\d")
_MAYBE_DATA_INSIDE = lazy_re("[：:>＞›»|｜]|提供|供稿|供图|记者|通讯员")
_DATA_TAILS = ("号", "印发", "简讯", "快讯")


def furniture_kind(line: str) -> str | None:
    """The kind of page furniture ``line`` is (one of :data:`KINDS`), or ``None`` for content."""
    text = line.strip()
    if not text:
        return None
    compact = "".join(text.split())  # every whitespace character out: what _SPACES.sub("", text) gives
    if len(compact) <= 12 and _EPIGRAPH.search(compact):
        return "epigraph"
    if _PAGE_NUMBER.match(compact):
        return "page_number"
    if _CAPTION.match(text) and len(compact) <= 120:
        return "caption"
    if _CAPTION_AFTER_COLON.match(compact) and len(compact) <= 120 and not _CREDIT_END.search(compact):
        return "caption"  # 「图：护士蒙汝萍走上台领奖。」 describes a picture; 「图：张三」 credits it
    if len(compact) > _MAX_LEN or _SENTENCE_INSIDE.search(compact):
        return _masthead(text, compact)
    if _MAYBE_DATA_HEAD.match(compact) or compact.endswith(_DATA_TAILS) or _MAYBE_DATA_INSIDE.search(compact):
        # (what each of the patterns below needs, in three quick tests: most lines have none)
        if _NAVIGATION.match(compact):
            return "navigation"
        if _METADATA.match(compact) or _DOC_NUMBER.match(compact) or _DATE_LINE.match(compact) \
                or _ISSUED.match(compact):
            return "metadata"
        if _BREADCRUMB.match(compact) or _COLUMN.match(compact):
            return "navigation"
        if _SUPPLIED.match(compact) or _DATELINE_ONLY.match(compact):
            return "credit"
    if "，" not in compact and "。" not in compact[:-1]:
        if _CREDIT_LEAD.match(compact) or _CREDIT.match(text) or (_CREDIT_END.search(compact) and len(compact) <= 40):
            return "credit"
        if is_photo_credit(text):
            return "credit"
    return _masthead(text, compact)


def _masthead(text: str, compact: str) -> str | None:
    if len(set(_IMPRINT.findall(compact))) >= 2:
        return "masthead"
    if _running_head(compact):
        return "masthead"
    return None


_CLAUSE_OR_STOP = lazy_re("[。，；,;]")


def _running_head(compact: str) -> bool:
    """A running head: a date with its weekday, and little else that reads as a sentence."""
    return (len(compact) <= 56 and not _CLAUSE_OR_STOP.search(compact)
            and bool(_NEWSPAPER_DATE.search(compact)) and bool(_WEEKDAY.search(compact)))


_DATA_HINT = lazy_re(r"[：:>＞›»【〔［|｜]|^\[|^(?:分享|转发|打印|关闭|上一篇|下一篇|返回|相关|扫一扫)|印发$|^[（(]?\d{4}年|[简快]讯$")


def data_line_kind(line: str) -> str | None:
    """``metadata`` or ``navigation`` for a page's data line or link line (「来源：…」, 「上一篇：…」,
    「首页 > …」), else ``None``: the kinds that repair keeps as units of their own.  Cheap
    for the lines of running text, which it rules out by their characters first."""
    text = line.strip()
    if len(text) > 60 or not _DATA_HINT.search(text):
        return None
    kind = furniture_kind(text)
    return kind if kind in ("metadata", "navigation") else None


def is_photo_credit(line: str) -> bool:
    """A credit line in its strict form, names and 摄 or 图/ and nothing else (「黄雄/摄」,
    「记者 周金友 摄」, 「图/张三」, 「（图片由县总工会提供）」).  Repair takes only these as
    credits: a line that merely ends in 摄 (…短视频拍摄) or is a dateline (本报讯（通讯员 张三）)
    may be the first or a middle line of a paragraph that a column cut."""
    if len(line) > 60 or not any(c in line for c in "摄图提"):
        return False  # (a quick no for running text)
    text = _SPACES.sub(" ", line.strip())
    return len(text) <= 40 and bool(_PHOTO_CREDIT.match(text))


def is_page_furniture(line: str) -> bool:
    """A page number or a running head (「中国妇女报 2023年4月14日 星期五 7 发展周刊」): the lines
    of a printed page that fall between the two halves of a sentence a page break cuts."""
    if len(line) > 16 and ("年" not in line or len(line) > 80):
        return False  # (a quick no for running text)
    compact = _SPACES.sub("", line)
    return bool(compact) and bool(_PAGE_NUMBER.match(compact) or _running_head(compact))


# ---------------------------------------------------------------- bylines and signatures

_NAME = r"(?:[\u4e00-\u9fff]|·){2,4}"
# Lines that open a unit of their own: news bylines (本报讯（记者 …）, 新华社…) and the
# closing lines of an article (编辑：…, 来源：…).
_BYLINE_START = lazy_re(
    r"^(?:本报讯|本报记者|本报通讯员|新华社|人民网|(?:责任)?编辑[:：\s]|来源[:：\s]|发布(?:日期|时间)[:：\s]|"
    rf"作者[:：\s]|审核[:：\s]|校对[:：\s]|[（(]?(?:记者|通讯员)\s*{_NAME}(?:\s|$))"
)
# A byline or data line standing alone (编辑：王芳, 来源：工人日报, 记者 李明 通讯员 张红).
_BYLINE_LINE = lazy_re(
    r"^(?:(?:责任)?编辑|来源|发布(?:日期|时间)|作者|审核|校对|本报记者|记者|通讯员|撰稿|供稿)\s*[:：]?\s*\S.{0,30}$"
)
# An organisation's signature under a speech ("黑龙江省总工会女职工委员会"):
# a short unpunctuated line ending in a union body's name.
_SIGNATURE = lazy_re(r"^(?:[\u4e00-\u9fff]|[（）()·]){3,24}(?:工会|委员会|女职委)$")
# A speaker's name, a space, then her position ("张寰 海淀区总工会党组成员、副主席,女职工委员会主任").
_SPEAKER = lazy_re(rf"^{_NAME}\s+\S")
_POSITION = lazy_re(r"主席|主任|书记|委员|记者|通讯员|部长|经理|院长|校长|局长|处长|会长|工会|女职委")
_HAS_TITLE = lazy_re(r"主席|主任|书记|部长|经理|院长|校长|局长|处长|会长")
_TITLE_WORD = lazy_re(r"(?:主席|主任|书记|部长|经理|院长|校长|局长|处长|会长|理事长|组长|站长|所长|队长)$")


def opens_byline(line: str) -> bool:
    """Does the line open a news byline or an article's closing data (本报讯…, 记者 张三…, 编辑：…)?"""
    text = line.strip()
    return bool(_BYLINE_START.match(text) or (" " in text and _BYLINE_START.match(_SPACES.sub("", text))))


def is_byline_line(line: str) -> bool:
    """A byline or data line standing alone: 「编辑：王芳」, 「记者 李明 通讯员 张红」."""
    text = line.strip()
    return len(text) <= 36 and bool(_BYLINE_LINE.match(text)) and not any(c in text for c in "。，；！？,;")


def is_signature(line: str) -> bool:
    """An organisation signing a speech or notice: 「黑龙江省总工会女职工委员会」 (no position in it)."""
    text = line.rstrip()
    if not text.endswith(("会", "委")):
        return False
    return bool(_SIGNATURE.match(_SPACES.sub("", text))) and not _HAS_TITLE.search(text)


def names_speaker(line: str) -> bool:
    """Does the line start with a name of two to four characters and a space (a speaker's byline)?"""
    return bool(_SPEAKER.match(line.strip()))


def names_position(text: str) -> bool:
    """Does the text name a position or a union body (主席, 主任, 工会, 女职委 …)?"""
    return bool(_POSITION.search(text))


def ends_with_position(text: str) -> bool:
    """Does the text end with a position (…主任, …副主席)?"""
    return bool(_TITLE_WORD.search(text))


def is_position(text: str) -> bool:
    """Is the text a position alone (「主任」)?"""
    return bool(_TITLE_WORD.fullmatch(text))


def is_contentless(line: str) -> bool:
    """True when ``line`` is furniture that carries no report content (every kind but a caption)."""
    return furniture_kind(line) in CONTENTLESS


def is_furniture(line: str) -> bool:
    """True when ``line`` is page furniture (see :func:`furniture_kind`)."""
    return furniture_kind(line) is not None
