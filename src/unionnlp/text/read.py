"""Reading report files: paths, directories and stdin, with encoding detection.

Strict decodings that cannot be confused are tried first (BOMs, UTF-8, then
GB18030, a superset of GBK and GB2312); only then a detector
(charset-normalizer), which misreads short Chinese text when used alone.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from unionnlp.errors import InputError

STDIN = "-"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Below this share of plausible characters a decoding is taken to be wrong.
_MIN_PLAUSIBLE = 0.9


@dataclass(frozen=True)
class Document:
    """Decoded text of one input, with where it came from and how it was decoded."""

    name: str
    text: str
    encoding: str


# Characters that Chinese or ASCII text is made of: controls that are
# whitespace, printable ASCII, Latin-1, general punctuation (“” … —), letterlike
# symbols to shapes (℃ ①), CJK punctuation, ideographs and their extensions,
# full-width forms.
_IMPLAUSIBLE = re.compile(
    "[^\n\r\t\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u25ff\u3000-\u303f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002ffff]"
)


def plausible_share(text: str) -> float:
    """Share of characters that are CJK, ASCII or common punctuation."""
    if not text:
        return 0.0
    return 1.0 - len(_IMPLAUSIBLE.findall(text)) / len(text)


def _decode_gb18030(data: bytes) -> str | None:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    # Strict GB18030 also accepts many non-Chinese byte streams; accept it
    # only when the result reads as Chinese text.
    return text if plausible_share(text) >= _MIN_PLAUSIBLE else None


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> Document:
    """Decode ``data`` (the bytes of ``name``) to text, detecting the encoding unless given."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: cannot be decoded as {encoding} (byte {exc.start}); "
                "try without --encoding to detect it"
            ) from None
        return _checked(Document(name, text.lstrip("\ufeff"), encoding))

    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Document(name, data.decode(codec).lstrip("\ufeff"), codec))
            except UnicodeDecodeError:
                raise InputError(f"{name}: has a {codec} byte-order mark but undecodable bytes") from None

    if not data.strip():
        raise InputError(f"{name}: file is empty")

    if b"\x00" in data:
        # UTF-16 without a BOM is the one text encoding full of NUL bytes.
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if plausible_share(text) >= _MIN_PLAUSIBLE:
                return _checked(Document(name, text, codec))
        raise InputError(f"{name}: looks like a binary file (contains NUL bytes), not text")

    try:
        return _checked(Document(name, data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass

    text = _decode_gb18030(data)
    if text is not None:
        return _checked(Document(name, text, "gb18030"))

    from charset_normalizer import from_bytes  # only for the rare undecided file

    best = from_bytes(data).best()
    if best is not None:
        codec = best.encoding
        if codec in ("gbk", "gb2312", "cp936"):
            codec = "gb18030"
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and plausible_share(text) >= _MIN_PLAUSIBLE:
            return _checked(Document(name, text, codec))
    raise InputError(
        f"{name}: cannot detect a text encoding (not UTF-8, UTF-16 or GB18030); "
        "pass --encoding if you know it"
    )


def _checked(doc: Document) -> Document:
    if not doc.text.strip():
        raise InputError(f"{doc.name}: file is empty or holds only whitespace")
    if plausible_share(doc.text) < _MIN_PLAUSIBLE:
        raise InputError(
            f"{doc.name}: decoded as {doc.encoding} but does not read as Chinese or ASCII text "
            "(binary file or wrong encoding)"
        )
    return doc


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """Read one file (or ``-`` for stdin) and decode it."""
    if str(path) == STDIN:
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>", encoding)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or directory")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    return decode_bytes(data, str(p), encoding)


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[str | InputError]:
    """Yield the file names a list of arguments stands for, in order.

    A directory stands for every ``*.txt`` directly inside it, sorted.  A
    problem with one argument is yielded as an ``InputError`` in its place, so
    that a batch goes on with the others.
    """
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        p = Path(raw)
        if p.is_dir():
            files = sorted(q for q in p.glob("*.txt") if q.is_file())
            if not files:
                yield InputError(f"{p}: directory holds no .txt files")
            for q in files:
                yield str(q)
        elif not p.exists():
            yield InputError(f"{p}: no such file or directory")
        else:
            yield str(p)


def iter_documents(
    paths: Iterable[str | Path], encoding: str | None = None
) -> Iterator[Document | InputError]:
    """Read every input; a bad one is yielded as its ``InputError`` and the rest go on."""
    for item in expand_inputs(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield read_document(item, encoding)
        except InputError as exc:
            yield exc


# ---------------------------------------------------------------------------
# Big files, block by block
# ---------------------------------------------------------------------------

BIG_FILE_BYTES = 32 << 20  # from this size a file is read and segmented block by block
BLOCK_CHARS = 1 << 20  # characters per block of a big file
_HEAD_BYTES = 1 << 20


def _safe_cut(text: str, start: int) -> int | None:
    """A paragraph break at or after ``start`` that repair never joins across: a blank
    line after a line that ends a sentence (。！？), before a line that is not the tail
    of a broken word.  Returns the index just after the break, or None."""
    from unionnlp.text.repair import _ends_unit, _starts_mid_clause

    pos = start
    while True:
        i = text.find("\n\n", pos)
        if i < 0:
            return None
        line_start = text.rfind("\n", 0, i) + 1
        before = text[line_start:i].strip()
        j = i
        while j < len(text) and text[j] in "\n\r \t\u3000":
            j += 1
        line_end = text.find("\n", j)
        if line_end < 0:
            return None  # the next line is not complete yet
        after = text[j:line_end].strip()
        if before and _ends_unit(before) and after and not _starts_mid_clause(after):
            return j
        pos = i + 2


def iter_text_blocks(path: str | Path, encoding: str | None = None,
                     block_chars: int | None = None) -> Iterator[str]:
    """The decoded text of a (big) file in blocks of about ``block_chars`` characters,
    each cut at a paragraph break that repair never joins across (see ``_safe_cut``),
    so that memory stays bounded whatever the file's size.

    The encoding is detected on the first megabyte (as ``decode_bytes`` does on a
    whole file).  Repair reads each block on its own: a hard-wrapped page's column
    width is measured per block, which on a file of one layout is the same width.
    """
    p = Path(path)
    block_chars = block_chars or BLOCK_CHARS
    with p.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
        sample = head if len(head) < _HEAD_BYTES else head[: head.rfind(b"\n") + 1] or head
        codec = decode_bytes(sample, str(p), encoding).encoding
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        try:
            buf = decoder.decode(head).lstrip("\ufeff")
            while True:
                while len(buf) >= 2 * block_chars:
                    cut = _safe_cut(buf, block_chars)
                    if cut is None:
                        break
                    yield buf[:cut]
                    buf = buf[cut:]
                chunk = fh.read(_HEAD_BYTES)
                if not chunk:
                    break
                buf += decoder.decode(chunk)
            buf += decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise InputError(f"{p}: cannot be decoded as {codec} past its first megabyte ({exc.reason})") from None
        if buf.strip():
            yield buf
