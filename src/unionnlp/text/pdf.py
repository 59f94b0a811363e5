"""Reading PDF reports with pypdfium2: columns in reading order, page furniture out.

pdfium gives every character with its box, baseline origin and font size.
From those this module rebuilds what a reader sees:

1. **lines**: characters on one baseline that follow each other closely;
2. **columns**: per page, the left edges of the lines that are narrower than
   the text block cluster into columns; lines wider than a column (a
   headline across the columns) cut the page into bands, and each band is
   read column by column, top to bottom;
3. **page furniture**: lines in the top or bottom tenth of a page that are a
   page number, a date with its weekday, or that recur (digits aside) on other
   pages — running heads, page numbers, mastheads — are dropped from the text
   and listed in ``Document.furniture``;
4. **paragraphs**: a line starts a paragraph when it is indented, set in a
   larger font, or when the line before it ended short of the column's right
   edge or was followed by a wider gap; a paragraph that runs on at the top of
   the next column or page (no indent) is joined, so a sentence cut by a page
   break comes out whole.

The text is one paragraph a line (its lines joined; a space only between
Latin words), paragraphs separated by blank lines, and
``Document.page_starts`` gives the offset where each page begins (for the
page of every sentence); ``Document.lines`` keeps every line's offsets, page
and box (PDF points, origin bottom left) for highlighting.

pypdfium2 is imported only here, only when a PDF is read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from unionnlp.errors import InputError

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*[版页]|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+)$", re.I)
_DATE_HEAD = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*(?:星期|周)[一二三四五六日天]|(?:星期|周)[一二三四五六日天].*\d{4}\s*年")
_TERMINAL = "。！？；：”’）》!?;:"


@dataclass
class _Char:
    ch: str
    x0: float
    x1: float
    y: float  # baseline
    size: float


@dataclass
class PdfLine:
    """One line of text on a page: its text, box and font size."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    column: int = 0
    furniture: bool = False
    starts_paragraph: bool = False
    chars: list = field(default_factory=list, repr=False)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def _open(data: bytes, name: str):
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError(f"{name}: reading PDF needs pypdfium2 (pip install pypdfium2)") from None
    try:
        return pdfium, pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise InputError(f"{name}: the PDF is encrypted (password-protected); decrypt it first") from None
        raise InputError(f"{name}: not a readable PDF (corrupt or truncated: {msg.split('(')[-1].rstrip(').')})") from None


def _page_chars(pdfium, page) -> list[_Char]:
    import ctypes

    raw = pdfium.raw
    tp = page.get_textpage()
    n = tp.count_chars()
    chars: list[_Char] = []
    if n <= 0:
        return chars
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp.raw, i)
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        ch = chr(code)
        if raw.FPDFText_IsGenerated(tp.raw, i) == 1 and ch != " ":
            continue
        if 0xD800 <= code <= 0xDBFF:  # a surrogate pair: astral character
            low = raw.FPDFText_GetUnicode(tp.raw, i + 1) if i + 1 < n else 0
            if 0xDC00 <= low <= 0xDFFF:
                ch = chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
        elif 0xDC00 <= code <= 0xDFFF:
            continue
        if ch in "\r\n":
            continue
        left, bottom, right, top = tp.get_charbox(i)
        raw.FPDFText_GetCharOrigin(tp.raw, i, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(tp.raw, i) or (top - bottom) or 10.0
        chars.append(_Char(ch, left, right, y.value, size))
    return chars


def _lines(chars: list[_Char], page_no: int) -> list[PdfLine]:
    lines: list[PdfLine] = []
    cur: list[_Char] = []

    def flush():
        if cur:
            text = "".join(c.ch for c in cur)
            visible = [c for c in cur if not c.ch.isspace()]
            if visible and text.strip():
                size = Counter(round(c.size, 1) for c in visible).most_common(1)[0][0]
                y = Counter(round(c.y, 1) for c in visible).most_common(1)[0][0]
                lines.append(PdfLine(page_no, text, min(c.x0 for c in visible), y - 0.2 * size,
                                     max(c.x1 for c in visible), y + 0.8 * size, size, chars=list(cur)))
            cur.clear()

    for c in chars:
        if cur:
            visible = [x for x in cur[-3:] if not x.ch.isspace()]
            prev = visible[-1] if visible else cur[-1]
            tol = 0.35 * max(prev.size, c.size)
            # a space does not bridge a gap: the next glyph must be near the last one
            gap = 0.8 if c.ch.isspace() else 1.2
            same_line = abs(c.y - prev.y) <= tol and prev.x0 - tol <= c.x0 <= prev.x1 + gap * max(prev.size, c.size)
            if not same_line and c.ch.isspace():
                continue
            if not same_line:
                flush()
        cur.append(c)
    flush()
    for line in lines:
        # spaces the extractor reports between glyphs stay; runs are collapsed
        line.text = re.sub(r"\s+", " ", line.text).strip()
    return [line for line in lines if line.text]


def _furniture(pages: list[list[PdfLine]], heights: list[float]) -> None:
    """Mark running heads, page numbers and mastheads: lines in the top or bottom
    tenth of a page that are a page number or a dated head, or that recur
    (digits aside) at the edge of other pages; never a line with sentence punctuation."""

    def at_edge(line: PdfLine, h: float) -> bool:
        return line.y1 >= 0.9 * h or line.y0 <= 0.1 * h

    def shape(line: PdfLine) -> str:
        return _DIGITS.sub("0", line.text.replace(" ", ""))

    shapes: Counter = Counter()
    for lines, h in zip(pages, heights):
        shapes.update({shape(line) for line in lines if at_edge(line, h)})
    for lines, h in zip(pages, heights):
        for line in lines:
            t = line.text
            if not at_edge(line, h) or any(c in t for c in "，。；！？,;"):
                continue
            if _PAGE_NUMBER.match(t) or _DATE_HEAD.search(t) or (shapes[shape(line)] >= 2 and len(t) <= 80):
                line.furniture = True


def _column_starts(body: list[PdfLine], size: float) -> list[float]:
    """Left edges shared by at least two lines (indented first lines fall within 3.5 characters)."""
    clusters: list[list[float]] = []
    for x in sorted(line.x0 for line in body):
        if clusters and x - clusters[-1][-1] <= 2.5 * size:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    starts: list[float] = []
    for c in clusters:
        if len(c) < 2:
            continue  # a centred headline or a stray line, not a column
        counts = Counter(round(x) for x in c)
        start = min((x for x in c if counts[round(x)] >= 2), default=c[0])  # not a lone centred line
        if starts and start - starts[-1] <= 3.5 * size:
            continue  # indented first lines of the column before
        starts.append(start)
    return starts


def _columns(lines: list[PdfLine], page_width: float, doc_starts: list[float] | None = None) -> list[PdfLine]:
    """The page's lines in reading order: bands between full-width lines, column by column.

    Column left edges are the left edges shared by at least two lines
    (indented first lines fall within four characters of them); a line wider
    than 1.3 columns, or reaching across the gap between two columns, spans
    them (a headline) and separates the band above it from the band below.
    """
    body = [line for line in lines if not line.furniture]
    if not body:
        return []
    size = Counter(round(line.size) for line in body).most_common(1)[0][0] or 10
    starts = _column_starts(body, size)
    if doc_starts and len(doc_starts) > len(starts):
        # a sparse page (the end of a report) has the columns of the other pages
        starts = doc_starts
    if len(starts) <= 1:
        return sorted(body, key=lambda line: (-line.y1, line.x0))

    def column_of(line: PdfLine) -> int:
        return max([i for i, s in enumerate(starts) if line.x0 >= s - 0.5 * size] or [0])

    for line in body:
        line.column = column_of(line)
    widths = sorted(line.width for line in body if abs(line.x0 - starts[line.column]) <= 4 * size)
    cw = widths[int(0.9 * (len(widths) - 1))] if widths else (starts[1] - starts[0])
    spanning = []
    for line in body:
        crosses = line.column + 1 < len(starts) and line.x1 > starts[line.column + 1] + size
        if line.width > 1.3 * cw or crosses:
            spanning.append(line)
    # the other lines of a headline that spans the columns (a short, centred
    # second line) span them too: same large size, right under or over it
    body_size = Counter(round(line.size, 1) for line in body).most_common(1)[0][0]
    grown = True
    while grown:
        grown = False
        for line in body:
            if line in spanning or line.size < 1.12 * body_size:
                continue
            for sp in spanning:
                if abs(sp.size - line.size) < 0.5 and abs(sp.y0 - line.y0) < 1.8 * line.size:
                    spanning.append(line)
                    grown = True
                    break
    spanning.sort(key=lambda line: -line.y1)
    bands: list[list[PdfLine]] = [[] for _ in range(len(spanning) + 1)]
    span_ids = {id(line) for line in spanning}
    for line in body:
        if id(line) in span_ids:
            continue
        k = sum(1 for sp in spanning if sp.y0 >= line.y1 - 0.3 * size)
        bands[k].append(line)
    ordered: list[PdfLine] = []
    for k, band in enumerate(bands):
        ordered.extend(sorted(band, key=lambda line: (line.column, -line.y1, line.x0)))
        if k < len(spanning):
            ordered.append(spanning[k])
    return ordered


def _paragraph_starts(ordered: list[PdfLine]) -> None:
    """Mark the lines that start a paragraph (indent, larger font, short line before, wider gap)."""
    if not ordered:
        return
    sizes = Counter(round(line.size, 1) for line in ordered)
    body_size = sizes.most_common(1)[0][0]
    # The left and right edge of each column (the most common edges of its lines).
    edges: dict[tuple[int, int], tuple[float, float]] = {}
    for key in {(line.page, line.column) for line in ordered}:
        col = [line for line in ordered if (line.page, line.column) == key]
        lefts = Counter(round(line.x0) for line in col)
        rights = Counter(round(line.x1) for line in col)
        edges[key] = (min(lefts.most_common(2), key=lambda kv: kv[0])[0], max(rights, key=lambda r: (rights[r], r)))
    prev = None
    pitches = Counter()
    for a, b in zip(ordered, ordered[1:]):
        if a.page == b.page and a.column == b.column and a.y0 > b.y0:
            pitches[round(a.y0 - b.y0)] += 1
    pitch = pitches.most_common(1)[0][0] if pitches else body_size * 1.5
    for line in ordered:
        left, right = edges[(line.page, line.column)]
        em = line.size
        big = line.size > 1.12 * body_size
        if prev is None:
            line.starts_paragraph = True
        elif big or prev.size > 1.12 * body_size:
            # headings: consecutive lines of one heading stay together
            line.starts_paragraph = not (big and abs(prev.size - line.size) < 0.5 and prev.page == line.page
                                         and 0 < prev.y0 - line.y0 < 1.8 * line.size)
        elif line.x0 - left > 0.8 * em:
            line.starts_paragraph = True
        elif prev.x1 < right - 1.5 * em and prev.text[-1:] in _TERMINAL:
            line.starts_paragraph = True
        elif prev.page == line.page and prev.column == line.column and prev.y0 - line.y0 > pitch + 0.6 * em:
            line.starts_paragraph = True
        elif prev.x1 < right - 2.5 * em and prev.column == line.column and prev.page == line.page:
            line.starts_paragraph = True
        else:
            line.starts_paragraph = False
        prev = line


def extract(data: bytes, name: str):
    """(text, page_starts, lines, furniture) of a PDF given as bytes."""
    pdfium, pdf = _open(data, name)
    try:
        pages: list[list[PdfLine]] = []
        heights: list[float] = []
        widths: list[float] = []
        any_chars = False
        for index in range(len(pdf)):
            page = pdf[index]
            w, h = page.get_size()
            chars = _page_chars(pdfium, page)
            any_chars = any_chars or bool(chars)
            pages.append(_lines(chars, index + 1))
            heights.append(h)
            widths.append(w)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: not a readable PDF ({' '.join(str(exc).split())})") from None
    finally:
        pdf.close()
    if not any_chars or not any(line.text.strip() for lines in pages for line in lines):
        raise InputError(f"{name}: no text layer (a scanned PDF?); run OCR first")
    _furniture(pages, heights)
    ordered: list[PdfLine] = []
    all_body = [line for lines in pages for line in lines if not line.furniture]
    doc_starts = None
    if all_body:
        size = Counter(round(line.size) for line in all_body).most_common(1)[0][0] or 10
        doc_starts = _column_starts(all_body, size)
    for lines, w in zip(pages, widths):
        ordered.extend(_columns(lines, w, doc_starts))
    _paragraph_starts(ordered)

    parts: list[str] = []
    records: list[tuple[int, int, int, float, float, float, float]] = []
    page_starts: list[int] = []
    pos = 0
    current_page = 0
    for line in ordered:
        if line.starts_paragraph and parts:
            parts.append("\n\n")
            pos += 2
        elif parts:
            # lines of one paragraph are joined (a space only between Latin words)
            last = parts[-1][-1:]
            if last.isascii() and last.isalnum() and line.text[:1].isascii() and line.text[:1].isalnum():
                parts.append(" ")
                pos += 1
        while current_page < line.page:
            current_page += 1
            page_starts.append(pos)
        parts.append(line.text)
        records.append((pos, pos + len(line.text), line.page, round(line.x0, 1), round(line.y0, 1),
                        round(line.x1, 1), round(line.y1, 1)))
        pos += len(line.text)
    while current_page < len(pages):
        current_page += 1
        page_starts.append(pos)
    furniture = [line.text for lines in pages for line in lines if line.furniture]
    return "".join(parts), tuple(page_starts), tuple(records), tuple(furniture)
