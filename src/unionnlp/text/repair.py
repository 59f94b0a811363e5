"""Repairing text extracted from newspaper PDFs.

Repair is lossless: it changes whitespace and the width of punctuation only,
so the sequence of Chinese characters of its output is that of its input.
It reflows hard-wrapped lines into paragraphs, removes the justification
spaces PDF extraction leaves inside Chinese words, and turns half-width
punctuation between Chinese characters into full-width.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain

# Sentence-final punctuation; a line ending in one of these (plus closers)
# ends its unit, any other line may continue on the next.
TERMINATORS = "。！？!?"
CLOSERS = "”’」』）)】》〕\"'"

_HEADING = re.compile(r"^#{1,6}\s")
_SPACE = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
# An organisation's signature under a speech ("黑龙江省总工会女职工委员会"):
# a short unpunctuated line ending in a union body's name.
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()·]{3,24}(?:工会|委员会|女职委)$")
# A name-then-title byline ("张寰 海淀区总工会党组成员、副主席,女职工委员会主任").
_BYLINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}\s+\S")

# The opening of an enumerated item ("一是", "（二）", "三、"): the line before
# it, if it started a unit and has no terminator, is that section's heading.
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


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


def display_width(line: str) -> float:
    """Width in Chinese-character columns: ASCII counts half."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


def _ends_unit(line: str) -> bool:
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINATORS


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line))


def _is_signature(line: str) -> bool:
    return bool(_SIGNATURE.match(line.replace(" ", "")))


def _is_body_like(line: str) -> bool:
    """A line of running text (as opposed to a title or byline)."""
    if any(t in line.rstrip(CLOSERS)[:-1] for t in "。！？") or display_width(line) > 40:
        return True
    if _BYLINE.match(line):
        return False
    return "，" in line or "," in line or "；" in line or ";" in line


def _starts_mid_clause(line: str) -> bool:
    """A line opening with one character and a comma ("彩，参赛选手…") is the
    tail of a word broken by the line end, not a new paragraph."""
    return len(line) > 1 and is_cjk(line[0]) and line[1] in "，、；：。,;:"


def _wrap_width(lines: list[str]) -> float | None:
    """The column width of a hard-wrapped page, or None if lines are not hard-wrapped."""
    widths = [round(display_width(line)) for line in lines if line and not _is_heading(line)]
    if len(widths) < 10:
        return None
    mode = Counter(widths).most_common(1)[0][0]
    if mode > 45:
        return None
    near = sum(mode - 3.5 <= w <= mode + 1.5 for w in widths)
    return float(mode) if near / len(widths) >= 0.5 else None


def _joiner(left: str, right: str) -> str:
    """What stands between two joined lines: nothing, unless both sides are Latin."""
    if left and right and left[-1].isascii() and right[0].isascii():
        if left[-1].isalnum() and right[0].isalnum():
            return " "
    return ""


MAX_PARAGRAPH = 10_000  # characters: a longer paragraph (or line) is cut, with a warning
_WIDTH_SAMPLE = 1 << 20  # characters of lines the wrap width of a long text is measured on


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
                stacklevel=4,
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


def _raw_lines(chunks: Iterable[str], cap: int, cut) -> Iterator[str]:
    """The lines of a text given in pieces (ended by \\n, \\r\\n or \\r), none over ``cap``."""
    pending = ""
    for chunk in chunks:
        if not chunk:
            continue
        text = pending + chunk
        hold = ""
        if text.endswith("\r"):  # maybe the first half of \r\n: wait for the next piece
            text, hold = text[:-1], "\r"
        parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        pending = parts.pop()
        for line in parts:
            yield from _cut_line(line, cap, cut)
        if len(pending) > cap:
            *full, pending = _cut_line(pending, cap, cut)
            yield from full
        pending += hold
    for line in pending.replace("\r", "\n").split("\n"):
        yield from _cut_line(line, cap, cut)


def _nonblank(raw: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """(line, blank line before it) for every line with text, spaces normalised."""
    pending_blank = False
    for line in raw:
        line = _SPACE.sub(" ", line).strip()
        if not line:
            pending_blank = True
            continue
        yield line, pending_blank
        pending_blank = False


def _reflow(items: Iterable[tuple[str, bool]], width: float | None, cap: int, cut) -> Iterator[tuple[str, bool]]:
    parts: list[str] = []
    length = 0
    body = False
    it = iter(items)
    cur = next(it, None)
    while cur is not None:
        line = cur[0]
        nxt = next(it, None)
        joiner = _joiner(parts[-1], line) if parts else ""
        if parts and length + len(joiner) + len(line) > cap:
            cut()
            yield "".join(parts), body or (width is not None and len(parts) > 1)
            parts, length, body, joiner = [], 0, False, ""
        parts.append(joiner + line)
        length += len(joiner) + len(line)
        body = body or _is_body_like(line)
        if (
            nxt is None
            or (len(parts) == 1 and _ENUMERATOR.match(nxt[0]) and display_width(line) <= 30)
            or not _continues(line, nxt[0], nxt[1], width)
        ):
            yield "".join(parts), body or (width is not None and len(parts) > 1)
            parts, length, body = [], 0, False
        cur = nxt


def iter_units(chunks: Iterable[str], name: str = "<text>", cap: int = MAX_PARAGRAPH) -> Iterator[tuple[str, bool]]:
    """Reflowed units of a text given in pieces, as (text, is_body) pairs, one at a time.

    The wrap width of a hard-wrapped page is measured on the first megabyte
    of lines (all of them in any ordinary report); a unit never exceeds
    ``cap`` characters: a longer one is cut, with one warning for the text.
    """
    cut = _Cuts(name, cap)
    lines = _nonblank(_raw_lines(chunks, cap, cut))
    sample: list[tuple[str, bool]] = []
    size = 0
    for item in lines:
        sample.append(item)
        size += len(item[0])
        if size >= _WIDTH_SAMPLE:
            break
    width = _wrap_width([line for line, _ in sample])
    yield from _reflow(chain(sample, lines), width, cap, cut)


def reflow_lines(text: str) -> list[tuple[str, bool]]:
    """Join lines that continue a sentence; return units as (text, is_body) pairs.

    A blank line is a paragraph break unless the line before it is running
    text that stops mid-sentence (PDF column and page breaks).  Markdown
    headings, signatures and short title lines stay units of their own.
    """
    return list(iter_units([text]))


def _continues(line: str, nxt: str, blank_between: bool, width: float | None) -> bool:
    if _is_heading(line) or _is_heading(nxt) or _is_signature(line) or _is_signature(nxt):
        return False
    if _ends_unit(line):
        return False
    if _starts_mid_clause(nxt) and not _BYLINE.match(line):
        return True
    if width is not None:
        # Hard-wrapped page: inside a block every line break is a wrap; across
        # a blank line only a full-width line runs on.
        return (not blank_between) or display_width(line) >= width - 4.5
    return _is_body_like(line)


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
    """Half-width ``,;:?!()`` between Chinese characters become full-width."""
    if not _PARENS.search(text) and not _HALF_PUNCT.search(text):
        return text
    chars = list(text)
    _convert_parentheses(chars, text)
    for m in _HALF_PUNCT.finditer(text):
        i, ch = m.start(), m.group()
        prev, nxt = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
        if prev is None or not _is_cjkish(prev):
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
    """Drop spaces between two Chinese characters or Chinese punctuation marks;
    collapse any other run of spaces to one."""

    def keep_or_drop(m: re.Match) -> str:
        start, end = m.start(), m.end()
        if 0 < start and end < len(text) and _is_cjkish(text[start - 1]) and _is_cjkish(text[end]):
            return ""
        return " "

    return _SPACE_RUN.sub(keep_or_drop, text)


def iter_repaired_paragraphs(
    chunks: Iterable[str], name: str = "<text>", cap: int = MAX_PARAGRAPH
) -> Iterator[str]:
    """Repaired paragraphs of a text given in pieces, one at a time; none
    contains a line break or exceeds ``cap`` characters."""
    for unit, is_body in iter_units(chunks, name, cap):
        unit = normalise_punctuation(unit)
        if is_body:
            unit = remove_cjk_spaces(unit)
        unit = unit.strip()
        if unit:
            yield unit


def repair_paragraphs(text: str, name: str = "<text>") -> list[str]:
    """Repaired paragraphs of ``text``, in order; none contains a line break."""
    return list(iter_repaired_paragraphs([text], name))


def repair_text(text: str) -> str:
    """Repair PDF-extraction damage; paragraphs are separated by one blank line."""
    return "\n\n".join(repair_paragraphs(text))


def cjk_sequence(text: str) -> str:
    """The Chinese characters of ``text`` in order (what repair must preserve)."""
    return "".join(ch for ch in text if is_cjk(ch))
