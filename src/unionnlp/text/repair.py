"""Repairing text extracted from newspaper PDFs.

Repair changes whitespace and the width of punctuation only, so the Chinese
characters of its output are those of its input, in order; the one exception
is a line of page furniture (a running head, a page number) that interrupts a
paragraph: it is moved out, to stand as a unit of its own after that
paragraph, so that the sentence it cut comes out whole.

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
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from unionnlp.text.furniture import furniture_kind

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
_HEADING = re.compile(r"^#{1,6}\s")
_SPACE = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\x0b\x0c]+")
# An organisation's signature under a speech ("黑龙江省总工会女职工委员会"):
# a short unpunctuated line ending in a union body's name.
_SIGNATURE = re.compile(r"^(?:[^\W\d_A-Za-z]|[（）()·]){3,24}(?:工会|委员会|女职委)$")
# A name-then-title byline ("张寰 海淀区总工会党组成员、副主席,女职工委员会主任").
_BYLINE = re.compile(r"^(?:[^\W\d_A-Za-z]|·){2,4}\s+\S")
# Lines that open a unit of their own: news bylines and the closing lines of an article.
_BYLINE_START = re.compile(
    r"^(?:本报讯|本报记者|本报通讯员|新华社|人民网|(?:责任)?编辑[:：\s]|来源[:：\s]|发布(?:日期|时间)[:：\s]|"
    r"作者[:：\s]|审核[:：\s]|校对[:：\s]|[（(]?(?:记者|通讯员)\s*(?:[^\W\d_A-Za-z]|·){2,4}(?:\s|$))"
)
# A byline that is a line of its own (编辑：王芳, 来源：工人日报, 记者 李明 通讯员 张红).
_BYLINE_LINE = re.compile(
    r"^(?:(?:责任)?编辑|来源|发布(?:日期|时间)|作者|审核|校对|本报记者|记者|通讯员|撰稿|供稿)\s*[:：]?\s*\S.{0,30}$"
)
# Photo credits: 黄雄/摄, 记者 周金友 摄, 图/张三, 通讯员 高岩 摄影报道, （图片由…提供）.
_CREDIT = re.compile(
    r"^(?:(?:本报)?(?:记者|通讯员|摄影|文/图|图/文|图)\s*[/／:：]?\s*)?"
    r"(?:[^\W\d_A-Za-z]|·){2,4}(?:\s+(?:[^\W\d_A-Za-z]|·){2,4})*\s*(?:[/／]\s*)?摄(?:影)?(?:报道)?$"
    r"|^(?:图|图片|摄影)\s*[/／:：]\s*(?:[^\W\d_A-Za-z]|·){2,4}(?:\s+\S{2,4})*$"
    r"|^[（(]?(?:图片|照片)由.{2,24}提供[）)]?$"
)
# The opening of an enumerated item ("一是", "（二）", "三、", "1.", "第一，").
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|"
    r"\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+[，,、]|其[一二三四五六七八九十]，|(?:首先|其次|最后)[，,])"
)
# Page furniture: page numbers and running heads (a date with its weekday).
_PAGE_NUMBER = re.compile(r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*[版页]|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+)$", re.I)
_DATE_HEAD = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*(?:星期|周)[一二三四五六日天]|(?:星期|周)[一二三四五六日天].*\d{4}\s*年")
_DIGITS = re.compile(r"\d+")

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


@dataclass
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
    raw: str = ""  # the original content of the line (its span of the input)


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
    for pos, content in _raw_lines(chunks, cap, cut):
        cleaned = _SPACE.sub(" ", content).strip()
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
    for line in lines:
        line.kind, line.starts_unit, line.signature = TEXT, False, False
        line.width = display_width(line.text.replace(" ", ""))
        if len(line.text) <= 60 and " " in line.text:
            shapes[_DIGITS.sub("0", line.text)] += 1
    for line in lines:
        t = line.text
        if _HEADING.match(t):
            line.kind = HEADING
        elif _PAGE_NUMBER.match(t) or (
            len(t) <= 60
            and not any(c in t for c in "。，；,;")
            and (_DATE_HEAD.search(t) or (shapes[_DIGITS.sub("0", t)] >= 2 and any(c.isdigit() for c in t)))
        ):
            line.kind = FURNITURE
        elif len(t) <= 40 and _CREDIT.match(t):
            line.kind = CREDIT
        elif furniture_kind(t) in ("metadata", "navigation"):
            # A page's data line (来源：…, 发布时间：…, 字号：大 中 小) is a unit of its own,
            # whatever the page's blank lines say.
            line.kind = CREDIT
        elif len(t) <= 36 and _BYLINE_LINE.match(t) and not any(c in t for c in "。，；！？,;"):
            line.kind = BYLINE
        elif _SIGNATURE.match(t.replace(" ", "")) and not _HAS_TITLE.search(t):
            line.signature = True  # a unit of its own unless it is a full line of a column
        squeezed = t.replace(" ", "")
        if line.kind == TEXT and (_BYLINE_START.match(t) or _BYLINE_START.match(squeezed) or _ENUMERATOR.match(squeezed)):
            line.starts_unit = True


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


def _band_width(widths: list[int]) -> float | None:
    if len(widths) < 6:
        return None
    w = widths[int(0.85 * (len(widths) - 1))]
    if w < 8 or w > 200:
        return None
    near = sum(0.75 * w <= x <= 1.15 * w for x in widths)
    return w if near >= 0.5 * len(widths) else None


def _ends_sentence(t: str) -> bool:
    s = t.rstrip(CLOSERS + " ")
    return bool(s) and s[-1] in TERMINATORS


def _ends_soft(t: str) -> bool:
    s = t.rstrip(CLOSERS + " ")
    return bool(s) and (s[-1] in _SOFT_END or s.endswith("……"))


def _ascii_head(t: str) -> str:
    m = re.match(r"[A-Za-z0-9.%]+", t)
    return m.group() if m else ""


def _word_spans(a: str, b: str) -> bool:
    """Does a dictionary word of 2–4 characters span the break between a and b?"""
    from unionnlp.text.words import is_word

    left = a.replace(" ", "")[-3:]
    right = b.replace(" ", "")[:3]
    for i in range(1, len(left) + 1):
        for j in range(1, len(right) + 1):
            if 2 <= i + j <= 4:
                s = left[-i:] + right[:j]
                if all(is_cjk(c) for c in s) and is_word(s):
                    return True
    return False


def _unbalanced(text: str) -> bool:
    """An opening quote or bracket that is not closed yet."""
    return (
        text.count("“") > text.count("”")
        or text.count("《") > text.count("》")
        or text.count("（") + text.count("(") > text.count("）") + text.count(")")
    )


_RUNNING_PUNCT = re.compile("[，。；,;！？!?]")


def _is_titleish(t: str) -> bool:
    """A line without the punctuation of running text."""
    return not _RUNNING_PUNCT.search(t)


_CHUNK = 8
# What a speaker's byline ends with: her position.
_TITLE_WORD = re.compile(r"(?:主席|主任|书记|部长|经理|院长|校长|局长|处长|会长|理事长|组长|站长|所长|队长)$")
_HAS_TITLE = re.compile(r"主席|主任|书记|部长|经理|院长|校长|局长|处长|会长")
_CJK_SPACE = re.compile(r"[^\W\d_A-Za-z] +[^\W\d_A-Za-z]")


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
        for k in range(0, len(lines), _CHUNK):
            w = None
            for reach in (_CHUNK, 2 * _CHUNK):  # wider at the ends of the text
                window = sorted(x.width for x in lines[max(0, k - reach) : k + _CHUNK + reach] if x.kind == TEXT)
                if len(window) >= 12:
                    w = _band_width(window)
                    break
            self.local.append(w if w is not None else self.global_width)
        self.width = self.global_width
        self.first_text = next((x for x in lines if x.kind == TEXT), None) if first_block else None
        self._cache_key: tuple | None = None
        self._cache_text = ""
        self._cache_body = False  # once running text, a unit stays running text
        pairs = [(lines[i], lines[i + 1]) for i in range(len(lines) - 1)]
        # A blank line after every line of a *hard-wrapped* text (some extractors do it):
        # blank lines are then no paragraph breaks.  Clean text has a blank line after every
        # paragraph and no column width: there they are.
        self.double = (self.global_width is not None and len(pairs) >= 5
                       and sum(b.blank_before for _, b in pairs) >= 0.6 * len(pairs))
        self.indents = sum(line.indent for line in lines) >= 2
        # Justified text leaves spaces inside lines of running text; elsewhere a
        # space between two Chinese phrases marks a title ("立德铸魂 筑牢女教师思想根基").
        spaced = sum(1 for line in lines if line.kind == TEXT and _CJK_SPACE.search(line.text))
        self.justified = spaced >= max(3, 0.25 * sum(1 for line in lines if line.kind == TEXT))

    def full(self, line: Line) -> bool:
        """As wide as the column (within two characters or a quarter of it)."""
        w = self.local[line.index // _CHUNK]
        return w is not None and line.width >= w - max(4, 0.25 * w)

    def overwide(self, line: Line) -> bool:
        """Wider than the column: a headline across columns."""
        w = self.local[line.index // _CHUNK]
        return w is not None and line.width > 1.2 * w + 4

    def joins(self, unit: list[Line], a: Line, b: Line, blank: bool, across_furniture: bool) -> bool:
        """Is the break between line ``a`` (last of ``unit``) and line ``b`` a wrap?"""
        if a.kind != TEXT or b.kind != TEXT:
            return False
        at, bt = a.text, b.text
        # A line that ends in a union's name is a signature, unless it is a full
        # line inside running text (a column line that happens to end so).
        unit_text = self._unit_text(unit)
        running = self._cache_body = self._cache_body or _is_body_like(unit_text)
        if a.signature and not (self.full(a) and running):
            return False
        if b.signature and not (self.full(a) and self.full(b) and running and not _ends_sentence(at)):
            # a full line of a column that happens to end in 工会 after a sentence is running text
            if not (self.full(b) and running and _ends_sentence(at) and not self._title_line(b)):
                return False
        # A closing mark or a comma never starts a line; an opener or a comma never ends a unit.
        if at.endswith("——") and blank and not self.double:
            return False  # an announcer's dash before a paragraph break: the next paragraph is its own
        if bt[0] in _NO_LINE_START or at[-1] in OPENERS or at[-1] in _OPEN_END:
            return True
        # One character and a comma ("性。一是…", "彩，参赛选手…"): the tail of a word the line end broke.
        if len(bt) > 1 and is_cjk(bt[0]) and bt[1] in "，、；：。,;:" and not b.starts_unit:
            return True
        # A line never starts with 的 or 们: the word before it was cut.
        if bt[0] in "的们" and not bt.startswith("的确"):
            return True
        # A lone position under a speaker's name ("骆芊芊 西岭机场集团…委员会" / "主任").
        if _TITLE_WORD.fullmatch(bt) and _BYLINE.match(unit[0].text):
            return True
        # Digits or Latin split by the line end.
        if at[-1].isascii() and at[-1].isalnum() and bt[0].isascii() and bt[0].isalnum():
            return True
        if self.indents and b.indent:
            return False
        body = running
        blank = blank and not self.double and not across_furniture
        self.width = self.local[a.index // _CHUNK]
        if self.width is None:
            # Not hard-wrapped: a line is a paragraph, unless running text stops
            # mid-sentence (a page break in text that was not wrapped).
            return body and not _ends_sentence(at) and not (b.starts_unit and len(unit) == 1)
        if _ends_sentence(at) or _ends_soft(at):
            # The sentence ends at the line end; the paragraph goes on if the line is full.
            return (
                not blank and self.full(a) and not self.overwide(a) and not b.starts_unit
                and (body or not _ends_sentence(at)) and not self._title_line(b)
            )
        if self.overwide(a) or b.starts_unit:
            return False
        if _BYLINE.match(unit[0].text) and _TITLE_WORD.search(at) and _POSITION.search(unit_text):
            return False  # a speaker's byline ends with her position
        if self.double and not b.blank_before and not across_furniture and not b.starts_unit:
            # A page that has a blank line after every line sets the lines of a
            # heading one under the other: those belong together.
            return True
        if blank:
            # A blank line is a paragraph break, unless a full line stops
            # mid-sentence (a column or page break).
            if not self.full(a) or b.starts_unit:
                return False
            return body or _word_spans(at, bt)
        if self.full(a):
            speaker = bool(_BYLINE.match(at)) and bool(_POSITION.search(at + bt))  # a byline that wraps
            news_lead = bool(_BYLINE_START.match(at.replace(" ", "")))  # 本报讯（记者 …） runs on
            if (
                len(unit) == 1 and _is_titleish(at) and not speaker and not news_lead
                and (_ENUMERATOR.match(at) or a is self.first_text or (not self.justified and _CJK_SPACE.search(at))
                     or _two_phrases(at))
            ):
                # A title or heading as wide as the column: a wrap only if a word
                # spans the break, or (a numbered heading) the next line is its short rest.
                if _word_spans(at, bt):
                    return True
                return bool(_ENUMERATOR.match(at)) and self._rest_of_heading(b)
            return True
        # A short line without a terminator: the end of a title or heading,
        # unless what follows cannot start a unit.
        head = _ascii_head(bt)
        if head and a.width + display_width(head) > self.width - 4:
            return True  # a Latin word or number that did not fit
        if b.starts_unit:
            return False
        if _unbalanced(unit_text):
            return True
        if body and _word_spans(at, bt):
            return True
        if _is_titleish(at) and _is_titleish(bt) and not _ends_sentence(bt):
            # two short title lines: one title when a word spans the break, or
            # when a numbered heading goes on with a line that stands alone
            if _word_spans(at, bt):
                return True
            return len(unit) == 1 and bool(_ENUMERATOR.match(at)) and self._rest_of_heading(b)
        return False

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

    def _title_line(self, b: Line) -> bool:
        """A line that reads as a title: no running-text punctuation, no terminator,
        and short of the column or split by a space between two phrases."""
        t = b.text
        if not _is_titleish(t) or _ends_sentence(t) or _ends_soft(t):
            return False
        return not self.full(b) or (not self.justified and bool(_CJK_SPACE.search(t)))

    def _rest_of_heading(self, b: Line) -> bool:
        """Is ``b`` the short rest of a numbered heading set as two lines?"""
        return _is_titleish(b.text) and not _ends_sentence(b.text) and not b.starts_unit and not self.full(b)


_TWO_PHRASES = re.compile(r"^([^\W\d_A-Za-z]{4,}) ([^\W\d_A-Za-z]{4,})$")


def _two_phrases(t: str) -> bool:
    """A title of two phrases of four or more characters around one space, no word across it
    ("立德铸魂 筑牢女教师思想根基"): justification spaces fall anywhere, even inside a word."""
    m = _TWO_PHRASES.match(t)
    return bool(m) and not _word_spans(m.group(1), m.group(2))


def _is_body_like(text: str) -> bool:
    """Running text (as opposed to a title, heading or byline): sentence punctuation, or long."""
    s = text.rstrip(CLOSERS)
    if any(t in s[:-1] for t in "。！？") or display_width(text) > 80:
        return True
    if _BYLINE.match(text):
        return False
    return any(c in text for c in "，,；;")


_POSITION = re.compile(r"主席|主任|书记|委员|记者|通讯员|部长|经理|院长|校长|局长|处长|会长|工会|女职委")


def _is_speaker_byline(t: str) -> bool:
    """A name, a space, then a title ("张寰 海淀区总工会党组成员、副主席,女职工委员会主任")."""
    if not _BYLINE.match(t) or _ends_sentence(t) or len(t) > 60:
        return False
    name, rest = t.split(" ", 1)
    return bool(_POSITION.search(rest)) and not _word_spans(name, rest)


def _unit_kind(lines: list[Line], reflow: _Reflow) -> str:
    kind = lines[0].kind
    if kind != TEXT:
        return kind
    if len(lines) == 1 and _HEADING.match(lines[0].text):
        return HEADING
    if len(lines) == 1 and lines[0].signature:
        return BYLINE
    text = "".join(line.text for line in lines)
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
    return ""


def _repair_block(lines: list[Line], first_block: bool, final: bool, cap: int, cut) -> tuple[list[Unit], int]:
    """Repair one block of lines: (its units, index of the first line not yet settled).

    Unless ``final``, the last unit is left open (the next block decides whether
    the lines after it continue it): its lines, from the index returned, go
    into the next block.
    """
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
            units.append(Unit(_finish(joined, kind), kind, tuple((x.start, x.end) for x in current),
                              tuple(x.raw for x in current)))
        for f in pending:
            units.append(Unit(f.text, FURNITURE, ((f.start, f.end),), (f.raw,)))
        current.clear()
        pending.clear()

    for i, line in enumerate(lines):
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
        return units, len(lines)
    return units, open_at if current else len(lines)


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
            units, keep = _repair_block(block, first, False, cap, cut)
            yield from units
            block = block[keep:]
            size = sum(len(x.text) for x in block)
            first = False
    if block:
        units, _ = _repair_block(block, first, True, cap, cut)
        yield from units


def repair_units(text: str, name: str = "<text>") -> list[Unit]:
    """The repaired units of ``text`` in reading order, each with its original line spans."""
    return list(iter_repair_units([text], name))


def _finish(unit: str, kind: str) -> str:
    unit = normalise_punctuation(unit)
    if kind in (TEXT,):
        unit = remove_cjk_spaces(unit)
    elif kind == TITLE:
        unit = _title_spaces(unit)
    return unit.strip()


_PARENS = re.compile(r"[()（）]")
_HALF_PUNCT = re.compile(r"[,;:?!]")
_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002ffff]")
_SPACE_RUN = re.compile(" +")


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


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces between two Chinese characters or Chinese punctuation marks
    (justification spaces, in running text, quotes included: justification
    falls inside a quoted slogan as often as anywhere); collapse any other
    run of spaces to one.  Titles keep a space between phrases: see
    ``_title_spaces``.
    """

    def keep_or_drop(m: re.Match) -> str:
        start, end = m.start(), m.end()
        if 0 < start and end < len(text) and _is_cjkish(text[start - 1]) and _is_cjkish(text[end]):
            return ""
        return " "

    return _SPACE_RUN.sub(keep_or_drop, text)


_PHRASE_LEFT = re.compile(r"[^\W\d_A-Za-z]{2,}$")
_PHRASE_RIGHT = re.compile(r"^[^\W\d_A-Za-z]{2,}")


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
