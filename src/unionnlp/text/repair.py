"""Repairing text extracted from newspaper PDFs.

Repair changes whitespace and the width of punctuation only, so the Chinese
characters of its output are those of its input, in order; the two exceptions
are a line of page furniture (a running head, a page number) that interrupts a
paragraph: it is moved out, to stand as a unit of its own after that
paragraph, so that the sentence it cut comes out whole; and two columns that
an extractor read side by side, line by line across the page: they are read
one after the other (``_deinterleave``).

The decision that matters is what a line break is.  Inside a paragraph every
break is a *wrap* unless the line ends a sentence or is a heading, title,
byline, credit or furniture line.  The evidence holds for any column width:

- what ends the line (。！？；：…, closers) and what starts the next one (a
  closing mark or comma never starts a line: that break is a wrap; an
  enumerator 一是/（二）/1.、a byline 本报讯/记者…、a credit …摄 start a unit);
- how wide the line is (display width: CJK 2, Latin and digits 1) against the
  document's column width, measured as the width most lines share: in a
  hard-wrapped column only the last line of a paragraph is short, so a short
  line without a terminator ends a title, and a full one runs on;
- whether a word of the dictionary spans the break (``words.is_word``), for
  the breaks that punctuation and width leave open;
- blank lines, unless the extractor put one after every line.

Each unit remembers the spans of the original lines it is made of, so that
segmentation can give every sentence its offsets into the original input.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from unionnlp.text.furniture import (
    _DATA_HINT,
    data_line_kind,
    ends_with_position,
    is_byline_line,
    is_page_furniture,
    is_photo_credit,
    is_position,
    is_signature,
    names_position,
    names_speaker,
    opens_byline,
)
from unionnlp.text.lazyre import lazy_re

# Sentence-final punctuation; a line ending in one of these (plus closers)
# ends a sentence.
TERMINATORS = "。！？!?"
CLOSERS = "”’」』）)】》〕\"'"
OPENERS = "“‘「『（(【《〔"
# Marks that never start a line of Chinese text (kinsoku): a break before one is a wrap.
_NO_LINE_START = set("”’」』）)】》〕，。、；：！？,;:!?…%")
# Line ends that leave a clause open: the next line continues it.
_OPEN_END = set("，、,（(“‘「『【《〔—")
_SOFT_END = set("；：;:…")

# A Chinese character is written [^\W\d_A-Za-z] (a letter that is not an ASCII
# letter or a digit) in the patterns below: a class with the range 一-鿿 costs
# the regex compiler a 65,536-entry bitmap, about 5 ms per class at start-up.
_HEADING = lazy_re(r"^#{1,6}\s")
_SPACE = lazy_re(r"[ \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\x0b\x0c]+")
# The opening of an enumerated item ("一是", "（二）", "三、", "1.", "第一，", "■").
_ENUMERATOR = lazy_re(
    r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|"
    r"\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+[，,、]|其[一二三四五六七八九十]，|(?:首先|其次|最后)[，,]|"
    r"[■◆●▲★◇□○◎▪•])"  # a bullet never falls inside running text
)
_DIGITS = lazy_re(r"\d+")
# Numbers and bullets of headings (an 一是 or 首先， opens a sentence, not a heading).
_HEADING_NUMBER = lazy_re(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d{1,2}[、.．](?!\d)|[■◆●▲★◇□○◎▪•])")
# Words that never end a title or a sentence: a preposition, a conjunction or 的 wants
# what follows it (「…全县女职工在」/「乡村振兴…」).
_FUNCTION_END = set("的在和与及把对从向将被让使由以并而或给跟同于")
# The tail of a sentence or clause cut by the line end: a sentence of one to four
# characters (no paragraph starts so), two characters and a list comma, one and any comma.
_COUNTED = lazy_re(r"^[一二三四五六七八九十]+是")
_COMMITTEE = lazy_re(r"^(?:女职工|女教职工|女工|女职|经费审查|劳动法律监督)?委员会|^女职委")
# What follows a number: a unit or counter (a line never ends between the two).
_UNITS = set("年月日号时点分秒万亿千百元角个人名位次场项家件份岁届期天周倍条所座间户对名批类台套辆吨米%％")
_SHORT_CLAUSE = lazy_re(
    r"^(?:[^\W\d_A-Za-z]{1,4}[”’」』）)】》]*[。！？!?]|[^\W\d_A-Za-z]{1,2}[”’」』）)】》]*、|[^\W\d_A-Za-z][，；：,;:])"
)
# A salutation opens a speech (各位领导、同志们：, 尊敬的各位来宾：, 亲爱的姐妹们：), an
# addressee line a notice (各分工会：, 各乡镇（街道）总工会、县直各产业工会：).
_SALUTATION = lazy_re(r"^(?:各|尊敬的|亲爱的)[^。！？]{1,40}[：:]$")

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

# Kinds of unit.
TEXT, HEADING, TITLE, BYLINE, CREDIT, FURNITURE = "text", "heading", "title", "byline", "credit", "furniture"


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FFFF
    )


def is_cjk_punct(ch: str) -> bool:
    """True for full-width/CJK punctuation and the curly quotes Chinese text uses."""
    code = ord(ch)
    if 0x3000 < code <= 0x303F:
        return True
    if 0xFF01 <= code <= 0xFF0F or 0xFF1A <= code <= 0xFF20 or 0xFF3B <= code <= 0xFF40:
        return True
    if 0xFF5B <= code <= 0xFF65:
        return True
    return ch in "“”‘’…—·•"


def _is_cjkish(ch: str) -> bool:
    return is_cjk(ch) or is_cjk_punct(ch)


def display_width(line: str) -> int:
    """Width in display columns: ASCII characters 1, everything else (CJK) 2."""
    return 2 * len(line) - len(line.encode("ascii", "ignore"))


def cjk_sequence(text: str) -> str:
    """The Chinese characters of ``text`` in order (what repair must preserve)."""
    return "".join(ch for ch in text if is_cjk(ch))


# ---------------------------------------------------------------- lines


@dataclass(slots=True)
class Line:
    """One non-blank line of the input: its span in the original text and its cleaned text."""

    start: int
    end: int
    text: str
    blank_before: bool
    indent: bool
    kind: str = TEXT
    width: int = 0
    starts_unit: bool = False
    index: int = 0
    signature: bool = False
    field: str = ""  # a page's data line (来源：…, 上一篇：…, 编辑：…), which a narrow column may wrap
    raw: str = ""  # the original content of the line (its span of the input)

    def width_hint(self, column: int) -> bool:
        """Does the line fit one column of this width?"""
        return display_width(self.text.replace(" ", "")) <= column + 2


@dataclass
class Unit:
    """A repaired paragraph, heading, title, byline, credit or furniture line.

    ``spans`` are the (start, end) offsets, in the original text, of the lines
    it is made of, in order.
    """

    text: str
    kind: str
    spans: tuple[tuple[int, int], ...]
    raw: tuple[str, ...] = ()  # the original content of each span, so offsets need not the whole input


MAX_PARAGRAPH = 10_000  # characters: a longer paragraph (or line) is cut, with a warning
_BLOCK_CHARS = 1 << 20  # characters of lines a long text is repaired at a time
_MAX_PENDING = 256  # furniture lines held inside one unit before it is closed anyway
_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


class _Cuts:
    """Warns once per text that a paragraph was cut at the cap."""

    def __init__(self, name: str, cap: int):
        self.name, self.cap, self.count = name, cap, 0

    def __call__(self) -> None:
        self.count += 1
        if self.count == 1:
            import warnings

            from unionnlp.errors import UnionNLPWarning

            warnings.warn(
                f"{self.name}: a paragraph longer than {self.cap:,} characters (no paragraph break or "
                f"sentence end) was cut into parts of at most {self.cap:,}",
                UnionNLPWarning,
                stacklevel=5,
            )


def _cut_line(line: str, cap: int, cut) -> Iterator[str]:
    """A physical line in pieces of at most ``cap`` characters, cut after a
    sentence end where there is one in the second half of the piece."""
    while len(line) > cap:
        window = line[:cap]
        at = max(window.rfind(t) for t in "。！？")
        at = at + 1 if at >= cap // 2 else cap
        cut()
        yield line[:at]
        line = line[at:]
    yield line


def _raw_lines(chunks: Iterable[str], cap: int, cut) -> Iterator[tuple[int, str]]:
    """(offset, content) of every line of a text given in pieces, none over ``cap``.

    Lines end where ``str.splitlines`` ends them (newlines, and the form feed
    some extractors put between pages); offsets are into the whole text.
    """
    pos = 0
    pending = ""
    for chunk in chunks:
        if not chunk:
            continue
        parts = (pending + chunk).splitlines(keepends=True)
        last = parts[-1]
        # An unfinished line, or a \r that may be the first half of \r\n: wait for the next piece.
        pending = parts.pop() if (last[-1] not in _BREAKS or last.endswith("\r")) else ""
        for raw in parts:
            content = raw.rstrip(_BREAKS)
            if len(content) <= cap:  # (what _cut_line gives for a line within the cap)
                yield pos, content
                pos += len(raw)
                continue
            for piece in _cut_line(content, cap, cut):
                yield pos, piece
                pos += len(piece)
            pos += len(raw) - len(content)
        if len(pending) > cap and not pending.endswith("\r"):
            *full, pending = _cut_line(pending, cap, cut)
            for piece in full:
                yield pos, piece
                pos += len(piece)
    for raw in pending.splitlines(keepends=True):
        content = raw.rstrip(_BREAKS)
        for piece in _cut_line(content, cap, cut):
            yield pos, piece
            pos += len(piece)
        pos += len(raw) - len(content)


def _iter_lines(chunks: Iterable[str], cap: int, cut) -> Iterator[Line]:
    """The non-blank lines of a text given in pieces, spaces normalised, with their original spans."""
    blank = False
    space_sub = _SPACE.sub
    for pos, content in _raw_lines(chunks, cap, cut):
        cleaned = space_sub(" ", content).strip()
        if cleaned:
            indent = content[:1] in (" ", "\u3000", "\t") and content[:2].strip() == ""
            yield Line(pos, pos + len(content), cleaned, blank, indent, raw=content)
            blank = False
        else:
            blank = True


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, spaces normalised, with their original spans."""
    return list(_iter_lines([text], len(text) + 1, lambda: None))


def _classify_lines(lines: list[Line]) -> None:
    """Mark furniture, credits, bylines and markdown headings; measure widths."""
    shapes = Counter()
    digits_sub = _DIGITS.sub
    for line in lines:
        line.kind, line.starts_unit, line.signature, line.field = TEXT, False, False, ""
        t = line.text
        line.width = display_width(t.replace(" ", "") if " " in t else t)
        if len(t) <= 60 and " " in t:
            shapes[digits_sub("0", t)] += 1
    # The checks below are those of the furniture functions they call, in the same order;
    # each call is preceded by that function's own quick no (the text is stripped already).
    heading_match = _HEADING.match
    for line in lines:
        t = line.text
        n = len(t)
        if heading_match(t):
            line.kind = HEADING
        elif ((n <= 16 or ("年" in t and n <= 80)) and is_page_furniture(t)) or (
            n <= 60
            and not _RUNNING5.search(t)
            and shapes[digits_sub("0", t)] >= 2 and any(c.isdigit() for c in t)
        ):
            # a page number, a running head, or a line repeated with other numbers on every page
            line.kind = FURNITURE
        elif n <= 60 and ("摄" in t or "图" in t or "提" in t) and is_photo_credit(t):
            line.kind = CREDIT
        elif n <= 60 and _DATA_HINT.search(t) and (kind := data_line_kind(t)) is not None:
            # A page's data line (来源：…, 发布时间：…, 字号：大 中 小) is a unit of its own,
            # whatever the page's blank lines say.
            line.kind, line.field = CREDIT, kind
        elif n <= 36 and is_byline_line(t):
            line.kind, line.field = BYLINE, "byline"
        elif t.endswith(("会", "委")) and is_signature(t) and not _reads_as_clause(t):
            line.signature = True  # a unit of its own unless it is a full line of a column
        if line.kind == TEXT and (opens_byline(t) or _ENUMERATOR.match(t.replace(" ", "") if " " in t else t)
                                  or _SALUTATION.match(t)):
            line.starts_unit = True
    for prev, line in pairwise(lines):
        if line.starts_unit and _COUNTED.match(line.text) and prev.kind == TEXT and not _ends_sentence(prev.text) \
                and _word_spans(prev.text, line.text):
            line.starts_unit = False  # 「新当选的委员之」/「一是入厂三年的…」: 之一, not 一是
        if line.kind == FURNITURE and line.text.isdigit() and _open_field(prev):
            line.kind = TEXT  # 「点击量：」/「1236」: the field's value, not a page number
        if line.kind == BYLINE and prev.kind == TEXT and _unbalanced(prev.text) and opens_byline(prev.text):
            # 「本报讯（记者 温若晴」/「通讯员 蒋一帆）11月14」/「日，…」: the rest of a news lead's
            # dateline, which runs on into the lead, not a byline standing alone
            line.kind, line.field = TEXT, ""


_RUNNING5 = lazy_re("[。，；,;]")
# Words a union's name never holds as words of their own: a verb, preposition or adverb of a
# clause (「…保障行动已由县总工会」 is a clause the column cut before its verb).
_CLAUSE_WORDS = frozenset("是靠在受把被了对向从让使给的由已将于经也都还")


def _reads_as_clause(t: str) -> bool:
    """Is a line that ends in 工会/委员会 running text rather than a union signing: numbered
    (「三是…主要靠行工会」, 「（一）各乡镇（街道）工会」) or holding a verb or preposition
    as a word of its own (「…在讲话中对新一届委员会」, 「燃气集团和水务集团的工会」)?  A name is
    nouns (对外经贸 is one word)."""
    compact = t.replace(" ", "") if " " in t else t
    if _ENUMERATOR.match(compact):
        return True
    if not any(ch in _CLAUSE_WORDS for ch in compact):
        return False  # (a signature has none of these characters: no need to load the word list)
    from unionnlp.text.words import split_words

    return any(w in _CLAUSE_WORDS for w in split_words(compact))


def _open_field(line: Line) -> bool:
    """A data line that ends with a field's name and colon, its value on the next line
    (「字号：大 中 小 点击量：」), as opposed to a label that stands alone (「分享到：」)."""
    t = line.text
    if not line.field or t[-1] not in "：:":
        return False
    if _SHARE_END.search(t):
        return False  # 「栏目：基层工会 浏览：515 分享到：」: a share button's label, with no value to wait for
    return line.field != "navigation" or t.count("：") + t.count(":") > 1


_SHARE_END = lazy_re(r"(?:分享到|分享至|转发到|分享)\s*[：:]$")


def _column_width(lines: list[Line]) -> float | None:
    """The width of a full line of a hard-wrapped column, or None if the text is not hard-wrapped.

    W is the 85th percentile of the text lines' widths; the text is
    hard-wrapped when at least half of them lie within [0.75 W, 1.15 W]
    (paragraph ends, headings and credits are the others).  Real columns
    are not exact in characters (compressed punctuation, proportional
    digits), hence the band.
    """
    widths = sorted(line.width for line in lines if line.kind == TEXT)
    return _band_width(widths)


def _paragraph_a_line(lines: list[Line]) -> bool:
    """Is the text written a paragraph a line (not hard-wrapped), though its lines are of
    like widths?  Four in five of its long lines (30 characters or more) end a sentence; a
    column's lines mostly do not."""
    long = [line for line in lines if line.kind == TEXT and line.width >= 60]
    return len(long) >= 5 and sum(_ends_sentence(line.text) for line in long) >= 0.8 * len(long)


def _band_width(widths: list[int]) -> float | None:
    if len(widths) < 6:
        return None
    w = widths[int(0.85 * (len(widths) - 1))]
    if w < 8 or w > 200:
        return None
    near = bisect_right(widths, 1.15 * w) - bisect_left(widths, 0.75 * w)  # widths are sorted
    return w if near >= 0.5 * len(widths) else None


_CLOSERS_SPACE = CLOSERS + " "


def _ends_sentence(t: str) -> bool:
    s = t.rstrip(_CLOSERS_SPACE)
    return bool(s) and s[-1] in TERMINATORS


def _ends_soft(t: str) -> bool:
    s = t.rstrip(_CLOSERS_SPACE)
    return bool(s) and (s[-1] in _SOFT_END or s.endswith("……"))


def _ascii_head(t: str) -> str:
    """The Latin word or number a line starts with, as a typesetter keeps it whole: a date or
    time with its separators (「2023-01-10」, 「17:25」), not only its first digits."""
    m = re.match(r"[A-Za-z0-9.%/:+\-]+", t)
    return m.group() if m else ""


_HAN_TAIL = lazy_re(r"[^\W\d_A-Za-z]{1,4}$")
_HAN_HEAD = lazy_re(r"^[^\W\d_A-Za-z]{1,4}")


def _word_spans(a: str, b: str) -> bool:
    """Does a dictionary word run across the break between a and b?  The fewest-words
    split of the Chinese characters around the break decides (``words.word_across``)."""
    left = _HAN_TAIL.search(a.replace(" ", ""))
    right = _HAN_HEAD.match(b.replace(" ", ""))
    if not left or not right:
        return False
    from unionnlp.text.words import word_across

    return word_across(left.group(), right.group())


_COUNTS = "一二三四五六七八九十"


def _next_count(unit_text: str, at: str, bt: str) -> bool:
    """Does ``bt`` go on with the next point of a list that the paragraph opened inside it, the
    points parted by semicolons (「…共有五条标准。一是爱国守法；」/「二是勤俭持家；…」): one
    sentence, not a list of paragraphs, whose first point would open the unit?  Or open the
    list that a full line's colon announces (「…办班有两个目的：」/「一是帮助…」): 一是 opens a
    sentence, not a heading.  (The caller has the line full: a short one ended its paragraph.)"""
    s = at.rstrip(_CLOSERS_SPACE)
    if s and s[-1] in "：:" and bt.startswith("一是"):
        return True
    if not s or s[-1] not in "；;" or len(bt) < 2 or bt[1] != "是" or bt[0] not in _COUNTS[1:]:
        return False
    if _COUNTS[_COUNTS.index(bt[0]) - 1] + "是" not in unit_text:
        return False
    first = unit_text.find("一是")
    return first > 0 and unit_text[first - 1] in "。！？：:"


def _unbalanced(text: str) -> bool:
    """An opening quote or bracket that is not closed yet."""
    return (
        text.count("“") > text.count("”")
        or text.count("《") > text.count("》")
        or text.count("【") > text.count("】")
        or text.count("（") + text.count("(") > text.count("）") + text.count(")")
    )


_RUNNING_PUNCT = lazy_re("[，。；,;！？!?]")
_STOPS = lazy_re("[。！？!?]")


def _is_titleish(t: str) -> bool:
    """A line without the punctuation of running text."""
    return not _RUNNING_PUNCT.search(t)


_CHUNK = 8
_CJK_SPACE = lazy_re(r"[^\W\d_A-Za-z] +[^\W\d_A-Za-z]")


class _Reflow:
    def __init__(self, lines: list[Line], first_block: bool = True):
        self.lines = lines
        for i, line in enumerate(lines):
            line.index = i
        self.global_width = _column_width(lines)
        # A page can hold columns of different widths (a wide lead, narrow
        # columns): each run of 8 lines is measured with the 8 lines on either
        # side; where that window is not hard-wrapped the document's width holds.
        self.local: list[float | None] = []
        text_widths = [x.width if x.kind == TEXT else None for x in lines]
        for k in range(0, len(lines), _CHUNK):
            w = None
            for reach in (_CHUNK, 2 * _CHUNK):  # wider at the ends of the text
                window = [v for v in text_widths[max(0, k - reach) : k + _CHUNK + reach] if v is not None]
                window.sort()
                if len(window) >= 12:
                    w = _band_width(window)
                    break
            self.local.append(w if w is not None else self.global_width)
        if _paragraph_a_line(lines):
            self.global_width = None
            self.local = [None] * len(self.local)
        self.width = self.global_width
        self.first_text = next((x for x in lines if x.kind == TEXT and not _page_top(x.text)), None) \
            if first_block else None
        self._cache_key: tuple | None = None
        self._cache_text = ""
        self._cache_body = False  # once running text, a unit stays running text
        pairs = max(len(lines) - 1, 0)  # pairs of neighbouring lines
        # A blank line after every line of a *hard-wrapped* text (some extractors do it):
        # blank lines are then no paragraph breaks.  Clean text has a blank line after every
        # paragraph and no column width: there they are.
        self.double = (self.global_width is not None and pairs >= 5
                       and sum(b.blank_before for b in lines[1:]) >= 0.6 * pairs)
        self.indents = sum(line.indent for line in lines) >= 2
        self._narrow_first_lines: bool | None = None  # (decided on first use)
        # Justified text leaves spaces inside lines of running text; elsewhere a
        # space between two Chinese phrases marks a title ("立德铸魂 筑牢女教师思想根基").
        spaced = sum(1 for line in lines if line.kind == TEXT and " " in line.text and _CJK_SPACE.search(line.text))
        self.justified = spaced >= max(3, 0.25 * sum(1 for line in lines if line.kind == TEXT))

    def full(self, line: Line) -> bool:
        """As wide as the column (within two characters or a quarter of it)."""
        w = self.local[line.index // _CHUNK]
        return w is not None and line.width >= w - max(4, 0.25 * w)

    def _short_of_column(self, line: Line) -> bool:
        """A line of Chinese characters and Chinese punctuation only, more than two
        characters short of the column: its width is exact (no digits or Latin letters
        of uncertain width), so the column did not end it.  A numbered line of its own
        that ends no sentence and breaks no word is then a heading (「二、立足岗位，让巾帼
        力量看得见」 in a column of twenty), not the first line of the paragraph under it.
        (Real pages also hold lines short of the column that do wrap: 「……推动东北全」/
        「面振兴……」, whence the number and the word.)"""
        w = self.local[line.index // _CHUNK]
        if w is None:
            return False
        # A half-width mark (「一、搭建平台,添上活力」) is at most a character wide: counted so.
        half = sum(ch in _HALF_MARKS for ch in line.text)
        return (line.width + half < w - 4
                and all(_is_cjkish(ch) or ch in _HALF_MARKS for ch in line.text if not ch.isspace()))

    def _ended_short(self, line: Line) -> bool:
        """Short of the column: the column did not end the line."""
        w = self.local[line.index // _CHUNK]
        return w is not None and not self.full(line)

    def exactly_full(self, line: Line) -> bool:
        """As wide as the column within two characters: where a typesetter wraps.  A title
        that stands on a line of its own has any width; one that wraps fills the line."""
        w = self.local[line.index // _CHUNK]
        return w is not None and w - 4 <= line.width <= w + 2

    def overwide(self, line: Line) -> bool:
        """Wider than the column: a headline across columns."""
        w = self.local[line.index // _CHUNK]
        return w is not None and line.width > 1.2 * w + 4

    def joins(self, unit: list[Line], a: Line, b: Line, blank: bool, across_furniture: bool) -> bool:
        """Is the break between line ``a`` (last of ``unit``) and line ``b`` a wrap?"""
        if _breadcrumb_runs_on(a.text, b.text) and FURNITURE not in (a.kind, b.kind):
            return True
        if (FURNITURE not in (a.kind, b.kind) and not (blank and not self.double)
                and (_data_value_rest(a.text, b.text) or (_is_crumb(a.text) and self.full(a) and _crumb_rest(b.text)))):
            # 「来源：工人日报客户端 2023-01-10」/「14:52」, 「…编辑：」/「王杨」, 「沈阳农业大学新闻网 > 沈农」/
            # 「要闻 > 正文」: the column cut a data line or a breadcrumb
            return True
        if len(unit) == 1 and _page_top(a.text) and not _page_top(b.text) and b.kind == TEXT:
            # a breadcrumb, masthead or site name above the title ends with its line, unless
            # the column cut a word of it or it is a running head the column wrapped
            return _word_spans(a.text, b.text) or is_page_furniture(a.text + " " + b.text)
        if (len(unit) <= 3 and b.kind == TEXT and not b.starts_unit and not (blank and not self.double)
                and _NEWS_DATELINE.match(_SPACES_ANY.sub("", "".join(x.text for x in unit)))):
            # a news lead's dateline and byline on a line of their own (「伊犁新闻网讯（记者 孟霞）」/
            # 「4月22日，……」): the lead goes on under them
            return True
        if a.kind != TEXT or b.kind != TEXT or unit[0].field:
            return self._field_wraps(unit, a, b, blank)
        at, bt = a.text, b.text
        # A line that ends in a union's name is a signature, unless it is a full
        # line inside running text (a column line that happens to end so).
        unit_text = self._unit_text(unit)
        running = self._cache_body = self._cache_body or _is_body_like(unit_text)
        parted = blank and not self.double
        if a.signature and not (self.full(a) and running) and not self._wrapped_name(unit, a, b, parted):
            return False
        if b.signature:
            # A line ending in a union's name after a full line that stops mid-sentence (of
            # running text, a news lead, or a signature the column wrapped) goes on from it;
            # a full line of a column that happens to end in 工会 after a sentence is running text.
            cont = self.full(a) and not _ends_sentence(at) and not _ends_soft(at) and (
                running or opens_byline(unit[0].text) or (self.exactly_full(a) and is_signature(at + b.text))
            )
            if not cont and not (self.full(b) and running and _ends_sentence(at) and not self._title_line(b)):
                return False
        if len(unit) == 1 and _SALUTATION.match(at):
            return False  # 各位领导、同志们： stands alone
        if len(unit) == 1 and _wholly_bracketed(at) and bt[0] not in _NO_LINE_START:
            return False  # 「（2025年1月6日在市总工会女职工委员会全体会议上）」, 「（县总工会供稿）」 stand alone
        if len(unit) == 2 and is_page_furniture(unit[0].text + " " + at):
            return False  # a running head the column wrapped (「渟川日报 2023年11月17日」/「星期五 第6版」) is whole
        # A closing mark or a comma never starts a line; an opener or a comma never ends a unit.
        if at.endswith("——") and bt[0] not in _NO_LINE_START and (
            (blank and not self.double) or (self.local[a.index // _CHUNK] is not None and not self.full(a))
        ):
            # an announcer's dash before a paragraph break, or at the end of a line short of
            # the column (「这是一组写给全省186万女职工的数据——」): the next paragraph is its own
            return False
        if bt[0] in _NO_LINE_START or at[-1] in OPENERS or at[-1] in _OPEN_END:
            return True
        # The tail of a clause the line end broke: "宣讲。各级工会…", "结合”。", "妇产、儿科…",
        # "彩，参赛选手…" (no unit starts so), unless the page indents its paragraphs and
        # this line is indented (「　　全总、省总女职委……」 opens one), or a blank line parts it from
        # a line the column did not end (wider than it: a headline set across; or short of it,
        # by the loose measure or, for a line of Chinese characters only, by more than two of
        # them: 「女职工家书评选结果揭晓」 in a column of fourteen): 「全总、」 opens that
        # paragraph, nothing was cut.
        if _SHORT_CLAUSE.match(bt.replace(" ", "") if " " in bt else bt) and not b.starts_unit \
                and not _ends_sentence(at) and not _ends_soft(at) and not (self.indents and b.indent) \
                and not (parted and (self.overwide(a) or self._ended_short(a) or self._short_of_column(a))):
            return True
        # A line never starts with 的 or 们: the word before it was cut.
        if bt[0] in "的们" and not bt.startswith("的确"):
            return True
        # A lone position under a speaker's name ("骆芊芊 西岭机场集团…委员会" / "主任").
        if is_position(bt) and names_speaker(unit[0].text):
            return True
        # Digits or Latin split by the line end; a number and its unit (「2025」/「年」, 「1.3」/「万人次」).
        if at[-1].isascii() and at[-1].isalnum() and bt[0].isascii() and bt[0].isalnum():
            return True
        if at[-1].isdigit() and bt[0] in _UNITS:
            return True
        if self.indents and b.indent:
            return False
        body = running
        blank = blank and not self.double and not across_furniture
        self.width = self.local[a.index // _CHUNK]
        if self.width is None:
            # Not hard-wrapped: a line is a paragraph, unless running text stops
            # mid-sentence (a page break in text that was not wrapped).  A short line with
            # no sentence end in it and nothing left open, before a blank line, is a heading,
            # commas or not (「二、立足岗位，让巾帼力量看得见」).
            if (blank and len(unit) == 1 and a.width <= 50 and not _STOPS.search(at)
                    and not _unbalanced(at) and at.count('"') % 2 == 0):
                return False
            return body and not _ends_sentence(at) and not (b.starts_unit and len(unit) == 1)
        if _ends_sentence(at) or _ends_soft(at):
            # The sentence ends at the line end; the paragraph goes on if the line is full.
            return (
                not blank and self.full(a) and not self.overwide(a)
                and (not b.starts_unit or _next_count(unit_text, at, bt))
                and (body or not _ends_sentence(at)) and not self._title_line(b)
                and not self._heading_after_stop(b)
            )
        if self.overwide(a) or b.starts_unit:
            return False
        if names_speaker(unit[0].text) and ends_with_position(at) and names_position(unit_text) \
                and not _STOPS.search(unit_text):
            # a speaker's byline ends with her position (one with a sentence's stop in it is
            # running text whose first line a justification space split after two characters)
            return False
        if self.double and not b.blank_before and not across_furniture and not b.starts_unit:
            # A page that has a blank line after every line sets the lines of a
            # heading one under the other: those belong together.
            return True
        if blank:
            # A blank line is a paragraph break, unless a full line stops
            # mid-sentence (a column or page break).  A line wider than the column by more
            # than a hanging mark (a headline set across, commas or not) was not ended by it.
            if not self.full(a) or b.starts_unit or a.width > self.width + 4:
                return False
            if (len(unit) == 1 and _HEADING_NUMBER.match(at)
                    and (a.width > self.width or (self._short_of_column(a) and not _word_spans(at, bt)))
                    and not _STOPS.search(at) and not _unbalanced(at) and not _open_word(at)
                    and not _ascii_head(bt)):
                # a numbered line of its own that the column did not end (wider than it, or
                # short of it and breaking no word): a heading (「二、立足岗位，让巾帼力量看得见」)
                return False
            return body or _word_spans(at, bt)
        # A line of one short of the column by more than two characters that is numbered or
        # opens after a sentence's end (``_opens_after_stop``): the column did not end it.
        if self.full(a) and not (len(unit) == 1 and (_HEADING_NUMBER.match(at) or self._opens_after_stop(a))
                                 and self._short_of_column(a)
                                 and not _word_spans(at, bt) and not _unbalanced(at) and not _open_word(at)):
            if bt.startswith("——") and _is_titleish(unit_text) and not _unbalanced(unit_text) and not _open_word(at):
                return False  # a title, and under it its subtitle (——记…) or occasion (——在…上的讲话)
            if (len(unit) == 1 and _HEADING_NUMBER.match(at) and a.width > self.width + 4
                    and not _STOPS.search(at) and not _unbalanced(at) and not _open_word(at)):
                # a numbered line wider than the column by more than a hanging mark, no stop in
                # it: a heading set across, commas or not (「一、抓住两头，提升女教职工的素质」 over
                # a column of fifteen), not the first line of the paragraph under it
                return False
            if len(unit) == 1 and self._narrower_than_next(a, b):
                return False  # a heading of its own line: the column did not end it
            speaker = names_speaker(unit[0].text) and names_position(unit_text + bt)  # a byline that wraps
            news_lead = opens_byline(unit[0].text)  # 本报讯（记者 …） runs on
            # A line of one that is wider than the column by more than two characters
            # was not wrapped by it: a title set across (「赛训结合 搭建女教师成长阶梯」 over a
            # column of ten), read as one whether or not it is numbered or spaced, and
            # even when its first word looks like a speaker's name.  So is one of Chinese
            # characters and marks only (its width exact) wider by more than one character
            # that ends in none the column lets hang past its edge (「新时期青石县女职工状况
            # 调查及思考」, sixteen over a column of fourteen).
            wider = len(unit) == 1 and self.width is not None and (
                a.width > self.width + 4 or (a.width > self.width + 2 and at[-1] not in _NO_LINE_START
                                             and all(_is_cjkish(ch) for ch in at if ch != " ")))
            if _is_titleish(unit_text) and (wider or (not speaker and not news_lead and self._title_start(unit[0]))):
                # A title or heading as wide as the column: a wrap if a word spans the
                # break, a quote or bracket is open, the phrase after its last space is
                # too short to be one (「擦亮“钢轨玫瑰”品牌 让铁路」), or the next line is
                # its short rest; else the title ends with the line.
                if (_word_spans(at, bt) or is_page_furniture(at + " " + bt) or _unbalanced(at) or _open_word(at)
                        or _ABOUT_OPEN.search(unit_text)):
                    return True  # (a document's title 「关于…」 goes on to its 「的通知」)
                if len(unit) >= 2 and all(self.exactly_full(x) for x in unit) and self.exactly_full(b) \
                        and _RUNNING_PUNCT.search(bt):
                    # a third full line, with the punctuation of running text: a numbered
                    # paragraph (「（二）对特困、单亲困难、病残…的外来女」/「职工，各级女职委…」), not a
                    # heading, which the column sets on one line or two
                    return True
                if (len(unit) == 1 and _HEADING_NUMBER.match(at) and self.exactly_full(a)
                        and _ITEM_REST.match(bt.replace(" ", "") if " " in bt else bt)):
                    # a numbered line as wide as the column, and under it a clause of a few
                    # characters that a stop ends, more text after it on the line: the item's
                    # own sentence goes on (「（二）用人单位举办福利性托」/「育服务的情况。了解…」); a
                    # paragraph under a heading does not open with so short a sentence
                    return True
                return _open_phrase(at) or (self.exactly_full(a) and self._rest_of_heading(b))
            if (len(unit) == 1 and not speaker and not news_lead and _is_titleish(at)
                    and _LEAD_OPENER.match(bt.replace(" ", "") if " " in bt else bt)
                    and not _word_spans(at, bt) and not _unbalanced(at) and not _open_word(at)):
                # a line without a stop in it, and under it a paragraph that opens as a news
                # lead does (「3月5日，」, 「日前，」): a heading the column's width hid
                return False
            return True
        # A short line without a terminator: the end of a title or heading,
        # unless what follows cannot start a unit.
        head = _ascii_head(bt)
        if head and a.width + display_width(head) > self.width - 4:
            return True  # a Latin word or number that did not fit
        if b.starts_unit:
            return False
        if _unbalanced(unit_text) or _open_word(at):
            return True
        if body and _word_spans(at, bt):
            return True
        if _is_titleish(at) and _is_titleish(bt) and not _ends_sentence(bt):
            # two short title lines: one title when a word spans the break, when the
            # two make a running head (「泓川职工报 2024年11月22日」/「星期五 7 女职工之家」), or
            # when a numbered heading goes on with a line that stands alone
            if _word_spans(at, bt) or (len(unit) == 1 and is_page_furniture(at + " " + bt)):
                return True
            return len(unit) == 1 and bool(_ENUMERATOR.match(at)) and self._rest_of_heading(b)
        return False

    def _field_wraps(self, unit: list[Line], a: Line, b: Line, blank: bool) -> bool:
        """Does a page's data line run on to the next line?  A narrow column wraps
        「发布时间：2024-03-08 10:21 来源：县总工会 作者：宋佳音」 like any other line: the break
        is a wrap when the next line starts with a closing mark or a colon, when the line ends
        with an opening mark or a field's colon (「点击量：」/「1236」) or leaves a bracket
        open, or when the line is as wide as the column and the next one is the data line's
        rest (another field, or a short line without the punctuation of running text)."""
        # the unit is a data line (a continuation line is its rest), or its last line is one, the
        # column having cut a row of buttons before it at an opening bracket (「【保存】【打印】【」/「关闭】…」)
        data = bool(unit[0].field or a.field)
        if not (data or (a.kind == TEXT and b.field)) or b.kind not in (TEXT, CREDIT, BYLINE):
            return False
        if b.kind != TEXT and not b.field:
            return False  # a photo credit is a line of its own
        at, bt = a.text, b.text
        if blank and not self.double:
            return False
        if bt[0] in _NO_LINE_START or at[-1] in OPENERS:
            return True
        if self.indents and b.indent:
            return False  # a page that indents its paragraphs: an indented line opens one
        if _open_field(a):
            # the field's value (「2010-09-19」, 「熊卫华」, 「黄善兵 来源：济钢工会」), not the text
            # under an empty field (「分享到：」 over 「51网讯……」, 「点击数：」 over 「（资料图）」)
            return not (_wholly_bracketed(bt) or _ends_sentence(bt) or any(c in bt for c in "，。；！？,;")
                        or (self.full(b) and not b.field and not any(c in bt for c in "：:（(")))
        if _unbalanced(self._unit_text(unit)):
            return True
        if not data or (a.text.isdigit() and _open_field(unit[-2] if len(unit) > 1 else a)):
            return False  # running text before a data line; a field's value ends it
        w = self.local[a.index // _CHUNK]
        if w is None or self.overwide(a):
            return False
        if b.field:
            # a field name starts the next line: a field of its own, unless the line end cut
            # a word (「美术」/「编辑：杜若」, 「发布」/「日期：…」)
            if self.full(a) and (_word_spans(at, bt) or _header_fields(at, bt)):
                return True
            if _DATE_VALUE.match(bt) and not _DATE_END.search(at) and at[-1] not in "：:":
                # a date alone under a data line that does not end with one (「来源：《青石日报》」/
                # 「2016年3月7日」): the line's date, where its first number did not fit on it
                width = _field_line_width(a.raw)
                return width + display_width(_ascii_head(bt)) > w - 4
            if at[-1] in "】]］" and bt[0] in "【[［":
                # a row of buttons or bracketed fields (「【来源：校工会】【打印本页】」/「【关闭】」): the column
                # ended the line where the next item's bracket, set with no space, did not fit
                return _field_line_width(a.raw) + 2 > w
            # a field that also stands alone under an article (编辑, 记者, 阅读 …): the column
            # ended the line only if that field's first character, after a space, did not fit
            # (「来源：五寨县总工会」/「编辑：华夏民意网」 in a column of 22 are two lines: 「编」 fitted)
            return _field_line_width(a.raw) + _separator(a, b) + 2 > w and _header_fields(at, bt, _MORE_HEADER_FIELD)
        if not _is_titleish(bt) or _ends_sentence(bt) or b.starts_unit:
            return False
        if self.full(a) and _word_spans(at, bt):
            # the column cut a word of the data line (「附件：…第二届女职」/「工家政服务…」), also where
            # the rest ends in a union's name (「来源：青石县纺织有」/「限公司工会」: no signing)
            return True
        if b.signature:
            return False
        if any(c in at for c in _CRUMB):
            return _word_spans(at, bt)  # a breadcrumb ends with a whole item unless a word is cut
        # A data line's spaces are part of it (a justified line's are not): its width counts them.
        width = max(a.width, display_width(a.raw.strip()))
        if self.full(b) and not any(c in bt for c in "：:") and not (
            w - 4 <= width <= w + 2 and self._rest_of_heading(b)
        ):
            return False  # a full line without a field in it: running text, unless the data line's rest
        head = _ascii_head(bt)
        # the rest of the line: as wide as the column within two characters (a data line short of
        # it by more, 「来源：…」 over 「分享：」 or 「[关闭窗口]」, ended there: its next word, a
        # Chinese character or a field's name, would have fitted), or a number or time that did
        # not fit on it
        return width >= w - 4 or bool(head and width + display_width(head) > w - 4)

    def _unit_text(self, unit: list[Line]) -> str:
        """The text of the unit being built, extended line by line (not rebuilt for every break)."""
        key = (id(unit[0]), len(unit))
        if self._cache_key is not None and self._cache_key[0] == key[0] and self._cache_key[1] == len(unit) - 1:
            self._cache_text += unit[-1].text
        elif self._cache_key != key:
            self._cache_text = "".join(x.text for x in unit)
            self._cache_body = False
        self._cache_key = key
        return self._cache_text

    def _wrapped_name(self, unit: list[Line], a: Line, b: Line, parted: bool = False) -> bool:
        """Is a line that ends in a union's name (「山西省卫生健康系统工会」) the first part of a
        title, byline or sentence the column wrapped, rather than a signature?  It fills the line
        to the column's width and the next line is its rest (「女职工委员会完成换届」), a
        speaker's position (「女职工委员会主任」), or a full line of running text (``parted``:
        a paragraph break between the two)."""
        if not self.exactly_full(a):
            return False
        if names_speaker(unit[0].text) and names_position(b.text):
            return True
        if a.text.endswith("工会") and _COMMITTEE.match(b.text):
            return True  # 「…工会」/「女职工委员会…」: the union's committee, one name
        if (not parted and b.kind == TEXT and not b.starts_unit and not b.signature and self.full(b)
                and not self._title_line(b) and not _DATE_LINE.match(b.text)):
            # a full line of the column under it, no paragraph break between: the name opens a
            # sentence the column wrapped (「青石县第二纺织厂女职工委员会」/「召开了女职工扩大会议，…」); a signing stands
            # over its date or a short line, or a blank line under it
            return True
        return _word_spans(a.text, b.text) or self._rest_of_heading(b)

    def _narrower_than_next(self, a: Line, b: Line) -> bool:
        """Is ``a`` (the first line of a unit) a heading that the column did not end, though
        it counts as full: Chinese characters and marks only, no punctuation of running text,
        and a character or more narrower than both the column and the full line under it
        (「加强思想政治引领」 16 wide over 「午休时间，中车太原机」 20)?  A line the column
        wrapped would have taken the next character, as the line under it did; its width is
        exact (no digits or Latin letters), and a space in it may be a real one.
        The comparison is with the line under it, not only with the column's measured width,
        which overshoots where a window holds wider columns."""
        at, bt = a.text, b.text
        w = self.local[a.index // _CHUNK]
        if w is None or b.kind != TEXT or b.starts_unit or not self.full(b) or _ends_sentence(bt):
            return False  # (a paragraph's last line: what ended it may be the paragraph)
        if self.narrow_first_lines():
            return False  # (a page that prints its paragraphs' first lines indented)
        if not _is_titleish(at) or _ends_sentence(at) or _ends_soft(at) or _COUNTED.match(at):
            return False  # (一是… opens a sentence, not a heading)
        if not all(_is_cjkish(ch) for ch in at if ch != " "):
            return False
        # The widths are bounds: ``a`` with its spaces (an ideographic space is two wide), ``b``
        # without a mark it hangs past the column and with its quotes and dashes one wide (as
        # some fonts set them).
        wide = display_width(a.raw.strip())
        below = b.width - (2 if bt[-1] in _NO_LINE_START else 0) - sum(bt.count(ch) for ch in _NARROWABLE)
        if a.width > w - 3 or wide + 2 > below:
            return False
        return not (_word_spans(at, bt) or _unbalanced(at) or _open_word(at) or _ascii_head(bt))

    def _opens_after_stop(self, a: Line) -> bool:
        """Is ``a`` a line with no stop in it under a line that ends a sentence or is no line of
        running text (a credit, a byline, page furniture): one that opens a unit, so that a
        line of it short of the column (``_short_of_column``) is a heading of its own line
        (「四十二家，是格外亮眼的一项。」/「情满半边天，关爱在身边」 in a column of fourteen),
        not the first line of the paragraph under it?"""
        if a.index == 0 or _STOPS.search(a.text) or self.narrow_first_lines():
            return False  # (a page that indents its paragraphs' first lines sets them short)
        prev = self.lines[a.index - 1]
        return prev.kind != TEXT or _ends_sentence(prev.text)

    def _heading_after_stop(self, b: Line) -> bool:
        """Is ``b``, the line after a sentence's end, a heading on a line of its own, though it
        counts as full: narrower than the column and than the full line under it by a character
        or more (``_narrower_than_next``: 「四十二家，是格外亮眼的一项。」/「女职工思想引领落到实处」
        22 wide/「一位巾帼劳模说，她们都是普通」 28 in a column of 28)?  A line the column wrapped
        would have taken the next character; the sentence's end before it says no paragraph
        was open across the break."""
        if b.index + 1 >= len(self.lines):
            return False
        return self._narrower_than_next(b, self.lines[b.index + 1])

    def narrow_first_lines(self) -> bool:
        """Does the page set its paragraphs' first lines narrower than the lines under them
        (an indent of two characters that the extractor dropped, as most Chinese papers
        print)?  Then a first line a character or two short of the one under it is no
        heading.  Decided on the lines after a sentence's end that run on into a full line
        (of Chinese characters and marks only): half of them or more are narrower than it by
        one and a half characters or more."""
        if self._narrow_first_lines is None:
            narrower = starts = 0
            for before, line, under in zip(self.lines, self.lines[1:], self.lines[2:]):
                if (line.kind == TEXT and under.kind == TEXT and _ends_sentence(before.text)
                        and not _ends_sentence(line.text) and self.full(under)
                        and all(_is_cjkish(ch) for ch in line.text + under.text if not ch.isspace())):
                    starts += 1  # (Chinese characters and marks only: their widths are exact)
                    narrower += line.width <= under.width - 2
            self._narrow_first_lines = starts >= 3 and narrower >= 0.5 * starts
        return self._narrow_first_lines

    def _title_line(self, b: Line) -> bool:
        """A line that reads as a title: no running-text punctuation, no terminator,
        and short of the column or split by a space between two phrases."""
        t = b.text
        if not _is_titleish(t) or _ends_sentence(t) or _ends_soft(t):
            return False
        w = self.local[b.index // _CHUNK]
        if w is not None and b.width > w + 4:
            return True  # wider than the column: not one of its lines (a heading set across)
        return not self.full(b) or (not self.justified and bool(_CJK_SPACE.search(t)))

    def _title_start(self, line: Line) -> bool:
        """Does the line open a title or heading: a numbered or bulleted heading, the first
        line of the text, a subtitle (——记…), or phrases set apart by a space?  A space inside
        a quoted slogan does not count: 「“绽芳华 新征程”全市女职工」 opens a sentence as often
        as a title (the slogan's own phrases are spaced)."""
        t = line.text
        return bool(
            _HEADING_NUMBER.match(t) or line is self.first_text or t.startswith("——")
            or (not self.justified and _CJK_SPACE.search(t) and _CJK_SPACE.search(_QUOTED.sub("“”", t)))
            # (on a justified page a line as wide as the column that a justification space splits
            # into two phrases is a column line: 「参加这次知识竞赛的 女职工普遍」/「反映，…」)
            or (_two_phrases(t) and not (self.justified and self.exactly_full(line)))
        )

    def _rest_of_heading(self, b: Line) -> bool:
        """Is ``b`` the rest of a heading set as two lines: no punctuation of running text,
        and short, or followed by a line that opens a unit of its own (本报讯…, 一是…)?"""
        if not _is_titleish(b.text) or _ends_sentence(b.text) or _ends_soft(b.text) or b.starts_unit or b.kind != TEXT:
            return False
        if b.text.startswith("——"):
            return False  # a subtitle (——记…) or a speech's occasion under its title
        if b.text[-1] in OPENERS or b.text[-1] in _OPEN_END:
            return False  # a line that runs on is no title's end
        w = self.local[b.index // _CHUNK]
        if w is not None and b.width > w + 4:
            return False  # wider than the column: set across it, not what it wrapped (a subtitle)
        if not self.full(b) or (w is not None and b.width < w - 4):
            # Short of the column by more than two characters: a column line that stops
            # there ends its paragraph, and one without punctuation is a title's end
            # (「二、搭建成长舞台」/「巾帼建功热情持续迸发」 in a column of 13).
            return True
        c = self.lines[b.index + 1] if b.index + 1 < len(self.lines) else None
        return c is not None and (c.starts_unit or c.kind not in (TEXT, FURNITURE))


_NARROWABLE = "“”‘’—…·"  # marks of ambiguous width: full in Chinese fonts, half in others
_HALF_MARKS = ",;:?!"  # half-width marks of Chinese text (extractors and some fonts set them so)
_DATE_LINE = lazy_re(r"^[〇○零一二三四五六七八九十\d]{2,4}\s*年\s*[〇○零一二三四五六七八九十\d]{1,2}\s*月\s*[〇○零一二三四五六七八九十\d]{1,3}\s*日?$")
_ABOUT_OPEN = lazy_re(r"关于(?!.*的)")
# How a news paragraph opens: a date or a time word, then a comma (「3月5日，」, 「日前，」, 「今年3月，」).
_LEAD_OPENER = lazy_re(r"^(?:\d{1,2}月\d{1,2}日|\d{4}年|日前|近日|近期|今年|去年|当天|当日|今天|昨天|连日来|近年来)"
                       r"[^，。！？、]{0,10}[，,]")
_CRUMB = ">＞›»"
# A clause of one to twelve characters (no comma in it) that a stop or semicolon ends, and more text.
_ITEM_REST = lazy_re(r"^[^\W\d_A-Za-z“”《》、]{1,12}[。；;][^\W\d_A-Za-z]")
_NEWS_DATELINE = lazy_re(r"^[^\s，。：:]{1,24}讯[（(][^（()）]{1,40}[）)]$")
_SPACES_ANY = lazy_re(r"\s+")


# A newspaper's or site's name and the date (「陕西工人报 1998年3月5日」, 「启衡电子报第188期 2025年12月5日」).
_MASTHEAD = lazy_re(r"^[^\W\d_A-Za-z]{2,12}(?:第\d+期)?\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})"
                    r"(?:\s*星期.)?(?:\s*【[^】]{1,8}】)?$")
_SITE_NAME = lazy_re(r"^[^\W\d_A-Za-z]{1,8}(?:网|报|台|在线|新闻|客户端|号)$")


def _page_top(t: str) -> bool:
    """Is a text line above an article's title part of the page, not of the article: a
    breadcrumb, a masthead with its date (「陕西工人报 1998年3月5日」), a site's name (「中国石油网」)?"""
    t = t.strip()
    if any(c in t for c in _CRUMB) or is_page_furniture(t):
        return True
    if _SITE_NAME.match(t):
        return True
    return len(t) <= 30 and bool(_MASTHEAD.match(t))


_TIME_REST = lazy_re(r"^\d{1,2}[:：]\d{2}(?:[:：]\d{2})?$")
_DATE_END = lazy_re(r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)$")
_FIELD_END = lazy_re(r"(?:编辑|作者|来源|审核|审稿|校对|撰稿|供稿|摄影|通讯员|记者|核稿人|拟稿人|发布者|责任编辑)\s*[：:]$")


_DATE_VALUE = lazy_re(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$")
_HEADER_FIELD_END = lazy_re(r"(?:发布时间|发布日期|发稿时间|更新时间|时间|日期)[：:]$")


def _data_value_rest(a: str, b: str) -> bool:
    """Is ``b`` the rest of the data line ``a`` that the column cut: the time after its date, the
    date after a date field's colon, or a short value (a name) after a field's colon?"""
    a, b = a.rstrip(), b.strip()
    if _DATE_END.search(a) and _TIME_REST.match(b):
        return True
    if b and b[0].isdigit() and _DATE_VALUE.match(b) and _HEADER_FIELD_END.search(_SPACES_ANY.sub("", a)):
        return True  # the date of a date field the column left empty (「…发布日期：」/「2024-06-11」)
    return bool(_FIELD_END.search(a)) and 2 <= len(b) <= 6 and not _STOPS.search(b) and "，" not in b \
        and not any(c in b for c in _CRUMB)


def _is_crumb(t: str) -> bool:
    """A breadcrumb (「沈阳农业大学新闻网 > 沈农要闻 > 正文」): items between separators, no sentence."""
    return any(c in t for c in _CRUMB) and not _STOPS.search(t) and "，" not in t and len(t) <= 60


def _crumb_rest(t: str) -> bool:
    """The rest of a breadcrumb the column cut: more of its items, or a short last item."""
    t = t.strip()
    return _is_crumb(t) or (len(t) <= 6 and not _STOPS.search(t) and "，" not in t and not t.startswith(("#", "（", "(")))


def _breadcrumb_runs_on(a: str, b: str) -> bool:
    """Is ``b`` the rest of the breadcrumb ``a`` (「当前位置：首页 > 基层频道」/「> 创新创业」,
    「首页 > 新闻中心 >」/「福州新闻」)?  A breadcrumb neither ends nor starts with its separator."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return False
    if a[-1] in _CRUMB:
        return b[0] not in _CRUMB and not _ends_sentence(b) and len(b) <= 30
    return b[0] in _CRUMB and any(c in a for c in _CRUMB) and not _ends_sentence(a)


def _wholly_bracketed(t: str) -> bool:
    """Is the line one parenthesis from its first character to its last (a speech's occasion, a
    source note), rather than a line that opens with a number (「（一）…」) or closes one (「…（略）」)?"""
    t = t.strip()
    if len(t) < 4 or t[0] not in "（(" or t[-1] not in "）)":
        return False
    depth = 0
    for i, ch in enumerate(t):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth == 0 and i < len(t) - 1:
                return False
    return depth == 0


# The fields of a web article's header line (「发布时间：… 来源：… 作者：… 浏览次数：…」), which a
# page sets on one line; a notice's footer fields (抄送, 联系人, 附件 …) stand one a line.
_HEADER_FIELD = lazy_re(r"(?:发布时间|发布日期|发稿时间|更新时间|时间|日期|来源|信息来源|稿件来源|作者|浏览次数|浏览量|点击量|阅读次数|阅读量)\s*[：:]")
# Fields that sit in a header line too, but also end an article one a line (「来源：县总工会」/
# 「编辑：周敏」): the column wrapped such a line only where the next field did not fit on it.
_MORE_HEADER_FIELD = lazy_re(
    r"(?:发布时间|发布日期|发稿时间|更新时间|上传时间|时间|日期|来源|信息来源|稿件来源|作者|浏览次数|浏览量|点击量|阅读次数|"
    r"阅读量|责任编辑|编辑|审核|拟稿人|核稿人|记者|通讯员|摄影|字号|点击数|点击次数|阅读|浏览|访问量|访问数量|查看|"
    r"发表时间|发布者|责编|编稿|审稿|投稿|栏目)\s*[：:]"
)
_FIELD_NAME = lazy_re(r"[^\W\d_A-Za-z]{2,6}\s*[：:]")  # any field's name and colon


_OWN_SPACE = lazy_re(r"[ \u3000]*\u3000[ \u3000]*|(?<=[\x21-\x7e])[ \u3000]+|[ \u3000]+(?=[\x21-\x7e])|[ \u3000]+(?=[^\W\d_A-Za-z]{2,6}\s*[：:])")


def _field_line_width(raw: str) -> int:
    """The display width of a data line with its own spaces (one space or one full-width space
    each): those between its fields and beside numbers and Latin letters, and any full-width
    space (a typed character: 「来源：铁路一线　发布于…」), not those justification put between
    two characters."""
    raw = raw.strip()
    own = sum(min(display_width(m.group()), 2) for m in _OWN_SPACE.finditer(raw))
    return display_width(raw.replace(" ", "").replace("\u3000", "")) + own


def _separator(a: Line, b: Line) -> int:
    """The width of the space between two fields of a data line that a break falls between: the
    space left at the end of ``a`` or at the start of ``b`` (an ideographic space is two wide:
    「发布日期：2022年6月20日　」/「浏览：10次」), else one (an extractor drops a space at a break)."""
    space = a.raw[len(a.raw.rstrip()):] + b.raw[: len(b.raw) - len(b.raw.lstrip())]
    return display_width(space) if space else 1


def _header_fields(a: str, b: str, fields=_HEADER_FIELD) -> bool:
    """Does line ``a`` end with a header field and line ``b`` start with one: one header line
    the column wrapped (「发布时间：2025-02-17 09:30」/「浏览次数：587」)?  Justification spaces
    inside a field's name (「发布时 间：」) do not count, and the column may have cut the next
    field's name (「来源：青石县第二纺织厂工会 发布」/「时间：2024-06-11」).  时间 and 日期 alone follow a
    header field only inside one header line in the reports (「来源：… 时间：…」)."""
    a, b = _SPACES_ANY.sub("", a), _SPACES_ANY.sub("", b)
    last = None
    for last in fields.finditer(a):
        pass
    if last is None or _FIELD_NAME.search(a, last.end()):
        return False  # another kind of field after it (「来源：县总工会 联系人：…」)
    if fields.match(b):
        return True
    tail = _HAN_TAIL.search(a)
    if tail is None:
        return False
    cut = tail.group()
    return any(fields.match(cut[-k:] + b) for k in range(1, len(cut) + 1))


def _open_word(t: str) -> bool:
    """Does the line end in a preposition, a conjunction or 的 (the last word of the
    fewest-words split of its last characters)?"""
    m = _HAN_TAIL.search(t)
    if not m or m.group()[-1] not in _FUNCTION_END:
        return False
    from unionnlp.text.words import last_word

    return len(last_word(m.group())) == 1


_LAST_PHRASE = lazy_re(r"[^\W\d_A-Za-z] ([^\W\d_A-Za-z]{1,3})$")


def _open_phrase(t: str) -> bool:
    """Does a title line end in a phrase of one to three characters after a space
    (「擦亮“钢轨玫瑰”品牌 让铁路」)?  A title's phrases are four characters or more."""
    return bool(_LAST_PHRASE.search(t))


_TWO_PHRASES = lazy_re(r"^([^\W\d_A-Za-z]{4,}) ([^\W\d_A-Za-z]{4,})$")


def _two_phrases(t: str) -> bool:
    """A title of two phrases of four or more characters around one space, no word across it
    ("立德铸魂 筑牢女教师思想根基"): justification spaces fall anywhere, even inside a word."""
    m = _TWO_PHRASES.match(t)
    return bool(m) and not _word_spans(m.group(1), m.group(2))


_FULL_STOPS = lazy_re("[。！？]")
_CLAUSE_MARKS = lazy_re("[，,；;]")


def _is_body_like(text: str) -> bool:
    """Running text (as opposed to a title, heading or byline): sentence punctuation, or long."""
    s = text.rstrip(CLOSERS)
    if _FULL_STOPS.search(s, 0, len(s) - 1) or display_width(text) > 80:
        return True
    if names_speaker(text):
        return False
    return _CLAUSE_MARKS.search(text) is not None



def _is_speaker_byline(t: str) -> bool:
    """A name, a space, then a title ("张寰 海淀区总工会党组成员、副主席,女职工委员会主任")."""
    if not names_speaker(t) or _ends_sentence(t) or len(t) > 60:
        return False
    name, rest = t.split(" ", 1)
    return names_position(rest) and not _word_spans(name, rest)


def _unit_kind(lines: list[Line], reflow: _Reflow) -> str:
    kind = lines[0].kind
    if kind != TEXT:
        return kind
    if len(lines) == 1 and _HEADING.match(lines[0].text):
        return HEADING
    if len(lines) == 1 and lines[0].signature:
        return BYLINE
    if len(lines) == 2 and is_page_furniture(lines[0].text + " " + lines[1].text):
        return FURNITURE  # a running head the column wrapped: its spaces stay
    text = lines[0].text if len(lines) == 1 else "".join([line.text for line in lines])
    if len(lines) == 1 and _is_speaker_byline(lines[0].text):
        return BYLINE
    if _is_titleish(text) and not _ends_sentence(text) and (len(lines) == 1 or not reflow.full(lines[-1])):
        if len(text) <= 60:
            return TITLE
    return TEXT


def _joiner(left: str, right: str, kind: str) -> str:
    """What stands between two joined lines: nothing, unless both sides are Latin
    (or the halves of a title are complete phrases)."""
    if left and right and left[-1].isascii() and right[0].isascii():
        if left[-1].isdigit() and right[0].isdigit():
            return ""  # a number broken by the line end
        if left[-1].isalnum() and right[0].isalnum():
            return " "
    if kind == TITLE and is_cjk(left[-1]) and is_cjk(right[0]) and not _word_spans(left, right):
        return " "
    if kind == FURNITURE:
        return " "
    if kind == CREDIT and _FIELD_NAME.match(right) and not _word_spans(left, right):
        return " "  # a data line's next field (「…08:30」/「点击量：318」), as the page spaces its fields
    return ""


# A gap between two columns set side by side: two or more spaces (or a tab, an ideographic space).
_COLUMN_GAP = lazy_re(r"(?:[ \u00a0]{2,}|[\t\u3000])[ \t\u3000\u00a0]*")
_MIN_RUN = 5  # lines in a row that must read as two columns before any is split


def _gaps(line: Line) -> list[tuple[int, int, int, int]]:
    """(start, end, left width, right width) of every column-like gap inside a line's original content."""
    raw = line.raw
    out = []
    for m in _COLUMN_GAP.finditer(raw):
        left, right = raw[: m.start()], raw[m.end() :]
        if left.strip() and right.strip():
            out.append((m.start(), m.end(), display_width(_SPACE.sub("", left)), display_width(_SPACE.sub("", right))))
    return out


def _fits(gap: tuple[int, int, int, int], w: int) -> bool:
    """Both sides of the gap fit a column of width w, and one of them is most of it."""
    _s, _e, lw, rw = gap
    return lw <= w + 2 and rw <= w + 2 and max(lw, rw) >= w - 6


def _part(line: Line, start: int, end: int) -> Line:
    raw = line.raw[start:end]
    lead = len(raw) - len(raw.lstrip())
    raw = raw.strip()
    s = line.start + start + lead
    return Line(s, s + len(raw), _SPACE.sub(" ", raw), line.blank_before, False, raw=raw)


def _deinterleave(lines: list[Line]) -> list[Line]:
    """Read side by side columns in order.

    Some extractors (pdfminer, pdfplumber, pypdf) read a page line by line
    across its columns: each physical line then holds a line of the left
    column, a gap of two or more spaces and a line of the right one.  Where
    five or more lines in a row split so, with a column's width (the width
    most such lines share) on either side of the gap and most of them full on
    both sides, the left halves are read first, then the lines under them
    that hold only the left column (its rest, when the right column is
    shorter), then the right halves.  A line between them that does not fit
    (a headline across both columns) is split at its gap too, and so are up to
    three rows above the run whose right half is a column line (the page's top,
    the left column's header items beside it) and two under it whose left half
    is one (the right column's last lines beside a paragraph's end).  Single-
    column text never has its justification spaces at one place in five lines.
    Fewer rows (three or more) are read so when each is wider than the text's
    column, which no line of one column is (``_short_runs``).
    """
    search = _COLUMN_GAP.search  # (a quick no for the lines without a gap)
    # (a running head's fields are spaced too, but it sits above the columns, not in them)
    candidates = [(i, g) for i, line in enumerate(lines) if len(line.raw) > 3 and search(line.raw)
                  for g in [_gaps(line)] if g and not is_page_furniture(line.text)]
    if len(candidates) < _MIN_SHORT_RUN:
        return lines
    raws = {i: lines[i].raw for i, _g in candidates}
    runs = _long_runs(lines, candidates, raws)
    short = _short_runs(lines, candidates, raws, runs)
    if not runs and not short:
        return lines
    out: list[Line] = []
    i = 0
    for start, j, at, w, is_short in sorted(runs + short, key=lambda r: r[0]):
        out += lines[i:start]
        lefts = [_part(lines[k], 0, at[k][0]) for k in range(start, j)]
        rights = [_part(lines[k], at[k][1], len(lines[k].raw)) for k in range(start, j)]
        # The left column's rest: narrow lines under the run, up to page furniture, when the
        # right column ended first (its last line is short, ends a paragraph or is a data line,
        # a byline or a credit).  When it runs on, the lines under the run are the next column's.
        last_left, last_right = lefts[-1].text, rights[-1].text
        right_ended = (display_width(last_right.replace(" ", "")) < w - 3 or last_right.endswith(_PARAGRAPH_ENDS)
                       or data_line_kind(last_right) is not None or is_byline_line(last_right)
                       or is_photo_credit(last_right))
        # When the left column's last row runs on (no paragraph ends there), its rest goes on
        # to the page's end: the right column ended the page's text beside it (a short last
        # page).  Else as many lines as the run, at most; a short run's right column (a few
        # rows beside the page's top) ended long before the left one did: its rest goes on to
        # the page's end too.
        left_runs_on = is_short or not last_left.endswith(_PARAGRAPH_ENDS)
        k = j
        while right_ended and k < len(lines) and (left_runs_on or k - j < j - start) and lines[k].width_hint(w) \
                and not is_page_furniture(lines[k].text):
            k += 1
        out += lefts + lines[j:k] + rights
        i = k
    return out + lines[i:]


def _long_runs(lines: list[Line], candidates: list, raws: dict[int, str]) -> list[tuple]:
    """(start, end, gap of each line, column width, False) of the runs of five or more rows."""
    # five lines in a row with a gap, or nothing to do
    streak, prev = 0, -2
    for i, _g in candidates:
        streak = streak + 1 if i == prev + 1 else 1
        prev = i
        if streak >= _MIN_RUN:
            break
    else:
        return []
    votes: Counter = Counter()
    for _i, gaps in candidates:
        ws = set()
        for _s, _e, lw, rw in gaps:
            if min(lw, rw) >= 0.4 * max(lw, rw):
                ws.update(range(max(lw, rw) - 2, max(lw, rw) + 7))
        votes.update(ws)
    # The column width: the one whose split lines make the longest runs (justification
    # spaces of single-column text vote for many widths, but never five lines in a row).
    best: tuple = (0, 0, 0, [])
    for w in sorted(w for w, n in votes.items() if n >= _MIN_RUN and w >= 12):
        runs = _runs(candidates, w, len(lines), raws)
        longest = max((j - i for i, j, _ in runs), default=0)
        if (longest, votes[w]) > best[:2]:
            best = (longest, votes[w], w, runs)
    _longest, _votes, w, runs = best
    return [(i, j, at, w, False) for i, j, at in runs]


_MIN_SHORT_RUN = 3
_TEXT_PUNCT = lazy_re("[，。；、,;！？!?]")  # the punctuation of running text, list commas too


def _short_runs(lines: list[Line], candidates: list, raws: dict[int, str], runs: list[tuple]) -> list[tuple]:
    """(start, end, gap of each line, column width, True) of short runs of rows read side by side:
    three or more rows in a row, outside the long runs, each wider than the text's column
    (measured on the lines without a gap) by more than one character, with a gap that leaves a
    part no wider than the column on either side (the first row's left part may be a headline
    set across), two or more right parts that are full lines of running text, and rows not all
    of one width.  A short last column beside the top of the one before it (a site's name, a
    title, a date line, the first lines of the text) is read so: too few rows for ``_runs``, and
    its left parts are short, but no line of a single column is wider than the column (a
    kinsoku mark hangs one character past it at most)."""
    gapped = {i for i, _g in candidates}
    widths = sorted(display_width(x.text.replace(" ", "")) for k, x in enumerate(lines) if k not in gapped)
    w = _band_width(widths)
    if w is None:
        return []
    taken = set()
    for start, end, *_rest in runs:
        taken.update(range(start, end))
    fit: dict[int, tuple[int, int, int, int]] = {}
    by_row = dict(candidates)
    for i, gaps in candidates:
        if i in taken:
            continue
        ok = [g for g in gaps if g[2] + g[3] > w + 2 and g[3] <= w + 2]
        if ok:
            fit[i] = max(ok, key=lambda g: (g[2] <= w + 2, _column_lines(raws[i], g, w), g[1] - g[0]))
    out = []
    for i in sorted(fit):
        if out and i < out[-1][1]:
            continue
        j = i
        while j in fit and (j == i or fit[j][2] <= w + 2):  # (the first row's left part: any width)
            j += 1
        full = sum(w - 3 <= fit[k][3] and _TEXT_PUNCT.search(raws[k][fit[k][1]:]) is not None for k in range(i, j))
        if j - i < _MIN_SHORT_RUN or full < 2:
            continue
        # rows all of one width are a column of their own, wider than the rest of the text (a
        # justified one, double spaces in its lines), not two columns side by side: beside a
        # column's lines the header items and paragraph ends of the other are of any width
        whole = [fit[k][2] + fit[k][3] for k in range(i, j)]
        if max(whole) - min(whole) <= 4:
            continue
        at = {k: fit[k] for k in range(i, j)}
        # Rows under it whose left part is a line of the column beside a short right part: the
        # right column's last lines (as under a long run).
        last = j
        while j - last < 2 and j in by_row and j not in taken:
            under = [g for g in by_row[j] if g[2] <= w + 2 and g[3] <= w + 2 and _left_is_column_line(raws[j], g, w)]
            if not under:
                break
            at[j] = max(under, key=lambda g: g[1] - g[0])
            j += 1
        # and under the rows the left column's rest, most of its lines without a gap (a column
        # justified with double spaces has them in every line)
        out.append((i, j, at, w, True))
    return out


# What ends a paragraph's last line in a column: a sentence's end, a colon, a closing mark.
_PARAGRAPH_ENDS = tuple("。！？!?；：:…" + CLOSERS)


def _column_lines(raw: str, gap: tuple[int, int, int, int], w: int) -> int:
    """How many of the two sides of ``gap`` read as a line of a column of width w: full, or
    the end of a paragraph.  Of two gaps in a line (a justification space is two spaces
    wide too), the one between the columns leaves two such lines, the other a short line
    that ends nowhere (「……据介绍，市人社局和」/「市妇联多」)."""
    start, end, lw, rw = gap
    left, right = raw[:start].rstrip(), raw[end:].rstrip()
    return sum(width >= w - 3 or part.endswith(_PARAGRAPH_ENDS) for part, width in ((left, lw), (right, rw)))


def _right_is_column_line(raw: str, gap: tuple[int, int, int, int], w: int) -> bool:
    """Is the right side of ``gap`` a line of a column of width w: as wide as it, or a paragraph's end?"""
    right = raw[gap[1]:].rstrip()
    return gap[3] <= w + 2 and (gap[3] >= w - 3 or right.endswith(_PARAGRAPH_ENDS))


def _left_is_column_line(raw: str, gap: tuple[int, int, int, int], w: int) -> bool:
    """Is the left side of ``gap`` a line of a column of width w: as wide as it, or a paragraph's end?"""
    left = raw[: gap[0]].rstrip()
    return gap[2] <= w + 2 and (gap[2] >= w - 3 or left.endswith(_PARAGRAPH_ENDS))


def _runs(candidates: list, w: int, n: int, lines_raw: dict[int, str]) -> list[tuple[int, int, dict]]:
    """(start, end, gap of each line) of the runs of lines that read as two columns of width w."""
    fit: dict[int, tuple[int, int, int, int]] = {}
    loose: dict[int, tuple[int, int, int, int]] = {}
    for i, gaps in candidates:
        fitting = [g for g in gaps if _fits(g, w)]
        if fitting:
            raw = lines_raw[i]
            fit[i] = max(fitting, key=lambda g: (_column_lines(raw, g, w), g[1] - g[0], -abs(max(g[2], g[3]) - w)))
        else:
            # both halves short (two paragraph ends side by side), or a headline across
            loose[i] = max(gaps, key=lambda g: (g[1] - g[0], -abs(min(g[2], g[3]) - w)))
    runs = []
    i = 0
    while i < n:
        # a run: lines that split, starting and ending with one that fits, with at most
        # two in a row that do not
        j = i
        while j in fit or (j > i and j in loose and (j + 1 in fit or (j + 1 in loose and j + 2 in fit))):
            j += 1
        fits = [k for k in range(i, j) if k in fit]
        full = sum(min(fit[k][2], fit[k][3]) >= 0.5 * w for k in fits)
        if len(fits) >= _MIN_RUN and full >= 0.6 * len(fits):
            start = i
            # A headline wider than the column on the left of the run's first line: the right
            # column's first line is beside it (the page's top line, read across).
            head = loose.get(i - 1)
            if head and (not runs or runs[-1][1] < i - 1) and head[2] > w + 2 and 0.5 * w <= head[3] <= w + 2:
                start = i - 1
            # Rows above the run whose right half is a line of the column (full, or a paragraph's
            # end) beside a short left half: the page's top, where the left column holds the
            # header's items (a site's name, a date line) beside the right column's first lines.
            while (start - 1 in loose and start - i < 3 and (not runs or runs[-1][1] < start - 1)
                   and loose[start - 1][2] <= w + 2 and _right_is_column_line(lines_raw[start - 1], loose[start - 1], w)):
                start -= 1
            # Rows under the run whose left half is a line of the column beside a short right
            # half: the right column's last lines (a credit, an editor's name).
            end = j
            while (end in loose and end - j < 2 and loose[end][2] <= w + 2 and loose[end][3] <= w + 2
                   and _left_is_column_line(lines_raw[end], loose[end], w)):
                end += 1
            j = end
            runs.append((start, j, {k: fit.get(k) or loose[k] for k in range(start, j)}))
            i = j
        else:
            i += 1
    return runs


def _repair_block(lines: list[Line], first_block: bool, final: bool, cap: int, cut) -> tuple[list[Unit], int]:
    """Repair one block of lines: (its units, index of the first line not yet settled).

    Unless ``final``, the last unit is left open (the next block decides whether
    the lines after it continue it): its lines, from the index returned, go
    into the next block.
    """
    settled: list[int] = []
    units = list(_iter_block_units(lines, first_block, final, cap, cut, settled))
    return units, settled[0]


def _iter_block_units(lines: list[Line], first_block: bool, final: bool, cap: int, cut, settled: list) -> Iterator[Unit]:
    """The units of ``_repair_block``, yielded as each is closed; the index it returns is
    appended to ``settled`` at the end."""
    _classify_lines(lines)
    reflow = _Reflow(lines, first_block)
    units: list[Unit] = []
    current: list[Line] = []
    pending: list[Line] = []  # furniture lines met inside the current unit
    size = 0
    open_at = 0  # index of the first line of the current unit (or of the next line)

    def close() -> None:
        if current:
            kind = _unit_kind(current, reflow)
            joined = current[0].text
            for prev, line in zip(current, current[1:]):
                joined += _joiner(prev.text, line.text, kind) + line.text
            units.append(Unit(_finish(joined, kind, reflow.justified), kind, tuple([(x.start, x.end) for x in current]),
                              tuple([x.raw for x in current])))
        for f in pending:
            units.append(Unit(f.text, FURNITURE, ((f.start, f.end),), (f.raw,)))
        current.clear()
        pending.clear()

    for i, line in enumerate(lines):
        if units:
            yield from units
            units.clear()
        if line.kind == FURNITURE:
            if current and len(pending) < _MAX_PENDING:
                pending.append(line)
            else:
                close()
                units.append(Unit(line.text, FURNITURE, ((line.start, line.end),), (line.raw,)))
                open_at = i + 1
            continue
        blank_between = line.blank_before and not pending
        if current and reflow.joins(current, current[-1], line, blank_between, bool(pending)):
            if size + len(line.text) + 1 <= cap:
                current.append(line)
                size += len(line.text) + 1
                continue
            cut()  # a paragraph over the cap: cut here
        close()
        current.append(line)
        size = len(line.text)
        open_at = i
    if final:
        close()
        yield from units
        settled.append(len(lines))
        return
    yield from units
    settled.append(open_at if current else len(lines))


def iter_repair_units(chunks: Iterable[str], name: str = "<text>", cap: int = MAX_PARAGRAPH) -> Iterator[Unit]:
    """The repaired units of a text given in pieces, in reading order, one at a time,
    each with its original line spans (offsets into the whole text).

    The text is repaired a block of lines at a time (about a million
    characters: all of any ordinary report, so that column widths and page
    furniture are measured on the whole of it); the unit open at the end of a
    block is carried into the next.  No unit exceeds ``cap`` characters: a
    longer one is cut, with one warning for the text.
    """
    cut = _Cuts(name, cap)
    lines = _iter_lines(chunks, cap, cut)
    block: list[Line] = []
    size = 0
    first = True
    for line in lines:
        block.append(line)
        size += len(line.text)
        if size >= _BLOCK_CHARS:
            block = _deinterleave(block)
            settled: list[int] = []
            yield from _iter_block_units(block, first, False, cap, cut, settled)
            block = block[settled[0]:]
            size = sum(len(x.text) for x in block)
            first = False
    if block:
        yield from _iter_block_units(_deinterleave(block), first, True, cap, cut, [])


def repair_units(text: str, name: str = "<text>") -> list[Unit]:
    """The repaired units of ``text`` in reading order, each with its original line spans."""
    return list(iter_repair_units([text], name))


def _finish(unit: str, kind: str, justified: bool = True) -> str:
    unit = normalise_punctuation(unit)
    if kind in (TEXT,):
        unit = remove_cjk_spaces(unit, quotes=not justified)
    elif kind == TITLE:
        unit = _title_spaces(unit)
    return unit.strip()


_PARENS = lazy_re(r"[()（）]")
_HALF_PUNCT = lazy_re(r"[,;:?!]")
_CJK = lazy_re("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002ffff]")
_SPACE_RUN = lazy_re(" +")
_HALF_OR_PARENS = lazy_re(r"[()（）,;:?!]")  # _PARENS or _HALF_PUNCT
_HALF_BETWEEN_CJK = lazy_re(
    "(?<=[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002ffff])[,;:?!]"
    "(?=[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002ffff])"
)


def _full_width(m: re.Match) -> str:
    return _HALF_TO_FULL[m.group()]


def _convert_parentheses(chars: list[str], text: str) -> None:
    stack: list[int] = []
    for m in _PARENS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in "(（":
            stack.append(i)
        elif stack:
            j = stack.pop()
            if (chars[j] == "(" or ch == ")") and _CJK.search(text, j + 1, i):
                chars[j], chars[i] = "（", "）"


def _neighbour(chars: list[str], i: int, step: int) -> str | None:
    """The nearest character that is not a space; a straight quote counts as
    Chinese context when a Chinese character stands behind it."""
    i += step
    while 0 <= i < len(chars) and chars[i] == " ":
        i += step
    if 0 <= i < len(chars) and chars[i] == '"':
        j = i + step
        if 0 <= j < len(chars) and _is_cjkish(chars[j]):
            return chars[j]
    return chars[i] if 0 <= i < len(chars) else None


def normalise_punctuation(text: str) -> str:
    """Half-width ``,;:?!()`` between Chinese characters become full-width.

    A comma after a number followed by Chinese (「42.15%,比」, 「100余对,」) is a
    list comma, never a thousands separator; 「3,000」 and 「3.02亿元」 are untouched.
    """
    if not _HALF_OR_PARENS.search(text):
        return text
    # A mark with a Chinese character right on either side is converted whatever the
    # rest says; such a mark is never another mark's neighbour (its neighbours are
    # characters), so converting these first leaves every other decision as it was.
    if _HALF_BETWEEN_CJK.search(text):
        text = _HALF_BETWEEN_CJK.sub(_full_width, text)
        if not _PARENS.search(text) and not _HALF_PUNCT.search(text):
            return text
    chars = list(text)
    _convert_parentheses(chars, text)
    for m in _HALF_PUNCT.finditer(text):
        i, ch = m.start(), m.group()
        prev, nxt = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
        if prev is None:
            continue
        if not _is_cjkish(prev):
            # after a number or a percentage, before Chinese: a list comma
            if (prev.isdigit() or prev == "%") and nxt is not None and _is_cjkish(nxt) and ch in ",;:":
                chars[i] = _HALF_TO_FULL[ch]
            continue
        if nxt is None:
            if ch in "?!":
                chars[i] = _HALF_TO_FULL[ch]
        elif _is_cjkish(nxt) or (ch in "?!" and nxt in CLOSERS):
            chars[i] = _HALF_TO_FULL[ch]
        elif ch in ",;:" and nxt.isdigit():
            # "4000余对青年职工,100余对": a list comma, never a thousands separator.
            chars[i] = _HALF_TO_FULL[ch]
    return "".join(chars)


_QUOTED = lazy_re(r"“[^“”]*”|《[^《》]*》|「[^「」]*」|『[^『』]*』")


def remove_cjk_spaces(text: str, quotes: bool = False) -> str:
    """Drop spaces between two Chinese characters or Chinese punctuation marks
    (justification spaces, in running text); collapse any other run of spaces
    to one.  With ``quotes`` (a page whose running text has no justification
    spaces), a space inside a quoted or 《》 title between two complete phrases
    stays, as in a title line: 「开展“巾帼绽芳华 奋进新征程”系列活动」 (see
    ``_title_spaces``).  On a justified page it goes: justification falls
    inside a quoted slogan as often as anywhere.
    """
    if " " not in text:
        return text  # (no space to drop or keep)
    inside = [m.span() for m in _QUOTED.finditer(text)] if quotes else []

    def keep_or_drop(m: re.Match) -> str:
        start, end = m.start(), m.end()
        if 0 < start and end < len(text) and _is_cjkish(text[start - 1]) and _is_cjkish(text[end]):
            for qs, qe in inside:
                if qs < start and end < qe:
                    quoted = text[qs + 1 : qe - 1]
                    at = start - qs - 1
                    if is_cjk(text[start - 1]) and _phrase_space(quoted, at, at + end - start):
                        return " "
            return ""
        return " "

    return _SPACE_RUN.sub(keep_or_drop, text)


_PHRASE_LEFT = lazy_re(r"[^\W\d_A-Za-z]{2,}$")
_PHRASE_RIGHT = lazy_re(r"^[^\W\d_A-Za-z]{2,}")


def _phrase_space(text: str, start: int, end: int) -> bool:
    """A space between two complete phrases (each at least two characters, no word across it)."""
    left = _PHRASE_LEFT.search(text, 0, start)
    right = _PHRASE_RIGHT.match(text[end:])
    if not left or not right:
        return False
    return not _word_spans(text[:start], text[end:])


def _title_spaces(text: str) -> str:
    """In a title or heading, a space between two complete phrases is kept as one
    space; a space that splits a word (justification) is removed."""
    if " " not in text:
        return text  # (no space to drop or keep)

    def keep_or_drop(m: re.Match) -> str:
        start, end = m.start(), m.end()
        if 0 < start and end < len(text) and _is_cjkish(text[start - 1]) and _is_cjkish(text[end]):
            return " " if _phrase_space(text, start, end) or not is_cjk(text[start - 1]) else ""
        return " "

    return _SPACE_RUN.sub(keep_or_drop, text)


def iter_repaired_paragraphs(
    chunks: Iterable[str], name: str = "<text>", cap: int = MAX_PARAGRAPH
) -> Iterator[str]:
    """Repaired paragraphs of a text given in pieces, one at a time; none
    contains a line break or exceeds ``cap`` characters."""
    for unit in iter_repair_units(chunks, name, cap):
        if unit.text:
            yield unit.text


def repair_paragraphs(text: str, name: str = "<text>") -> list[str]:
    """Repaired paragraphs of ``text``, in order; none contains a line break."""
    return list(iter_repaired_paragraphs([text], name))


def repair_text(text: str) -> str:
    """Repair PDF-extraction damage; paragraphs are separated by one blank line."""
    return "\n\n".join(repair_paragraphs(text))
