"""Reading report files: paths, directories and stdin, with encoding detection.

The format is told by content, not by the file name: ``%PDF-`` is a PDF
(:mod:`~unionnlp.text.pdf`), a zip holding ``word/document.xml`` a Word file
(:mod:`~unionnlp.text.docx`), anything else text.

For text, strict decodings that cannot be confused are tried first (BOMs,
UTF-8, then GB18030, a superset of GBK and GB2312, accepted only when the
result reads as Chinese); only then a detector (charset-normalizer), which
misreads short Chinese text when used alone.

``read_document`` decodes a whole input into one string.  ``open_stream``
(and ``iter_streams`` for a list of inputs) decodes incrementally: the
encoding is detected from the first megabyte (the whole input if it is
smaller, so small files are read exactly as ``read_document`` reads them)
and the rest is decoded strictly, block by block, so that memory does not
grow with the size of a file.  A PDF or Word file cannot be decoded
incrementally: ``open_stream`` tells one by its first bytes, reads the whole
input, extracts its text and streams that.  Text with no Chinese at all is
read, with a warning that names the encoding it was read as.
"""

from __future__ import annotations

import codecs
import errno
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from unionnlp.errors import InputError, UnionNLPWarning, UsageError
from unionnlp.text.lazyre import lazy_re

STDIN = "-"
PREFIX_BYTES = 1 << 20  # what encoding detection reads of a large input
BLOCK_BYTES = 1 << 20  # what a stream decodes at a time after that

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Below this share of plausible characters a decoding is taken to be wrong.
_MIN_PLAUSIBLE = 0.9
# GB18030 read as Chinese: at least this share of its ideographs are in GB2312
# (the common simplified characters).  A Latin-1 text read as GB18030 turns an
# accented letter and the ASCII letter after it into a rare GBK ideograph.
_MIN_GB2312 = 0.5


@dataclass(frozen=True)
class Document:
    """Decoded text of one input, with where it came from and how it was decoded.

    For a PDF, ``text`` is the extracted text (columns in reading order, page
    furniture removed), ``encoding`` is ``"pdf"``, ``page_starts`` the offset
    in ``text`` where each page begins, ``lines`` every line's
    ``(start, end, page, x0, y0, x1, y1)`` and ``furniture`` the running
    heads and page numbers that were dropped.  For a Word file ``encoding``
    is ``"docx"``.
    """

    name: str
    text: str
    encoding: str
    how: str = ""  # why this encoding: "valid UTF-8", "byte-order mark", "given by --encoding", …
    format: str = "text"
    page_starts: tuple[int, ...] | None = None
    lines: tuple = ()
    furniture: tuple[str, ...] = ()

    def page_of(self, offset: int) -> int | None:
        """The 1-based page of an offset into ``text`` (None if the input has no pages)."""
        if not self.page_starts:
            return None
        import bisect

        return bisect.bisect_right(self.page_starts, offset)


PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUFFIXES = (".txt", ".pdf", ".docx")


def sniff_format(data: bytes) -> str:
    """The format of an input by its content: ``pdf``, ``docx``, ``zip``, ``doc`` or ``text``."""
    head = data[:1024]
    if head.startswith(PDF_MAGIC) or (PDF_MAGIC in head and not head.startswith(ZIP_MAGIC)):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else "zip"
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
    if head.startswith(OLE_MAGIC):
        return "doc"
    return "text"


def _whole_file_format(head: bytes) -> bool:
    """True if an input starting with ``head`` must be read whole (PDF, zip/Word, OLE)."""
    return sniff_format(head[:1024]) != "text"


def decode_input(data: bytes, name: str, encoding: str | None = None) -> Document:
    """A document from the bytes of any supported input: PDF, Word .docx or text (by content)."""
    kind = sniff_format(data)
    if kind == "pdf":
        from unionnlp.text.pdf import extract

        text, page_starts, lines, furniture = extract(data, name)
        return Document(name, text, "pdf", "extracted from a PDF text layer", "pdf", page_starts, lines, furniture)
    if kind == "docx":
        from unionnlp.text.docx import extract_docx

        return Document(name, extract_docx(data, name), "docx", "extracted from a Word .docx file", "docx")
    if kind == "zip":
        raise InputError(f"{name}: a zip archive that is not a Word .docx file (no word/document.xml); corrupt or another format")
    if kind == "doc":
        raise InputError(f"{name}: an old Word .doc (or other OLE) file; save it as .docx or .pdf")
    return decode_bytes(data, name, encoding)


# Characters that Chinese or ASCII text is made of: controls that are
# whitespace, printable ASCII, Latin-1, general punctuation (“” … —), letterlike
# symbols to shapes (℃ ①), CJK punctuation, ideographs and their extensions,
# full-width forms.
_IMPLAUSIBLE = lazy_re(
    "[^\n\r\t\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u25ff\u3000-\u303f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002ffff]"
)
_IDEOGRAPH = lazy_re("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
# Whitespace and the invisible characters that are as good as none.
_BLANK = lazy_re(r"[\s\u200b\u200c\u200d\u2060\ufeff]*")


def plausible_share(text: str) -> float:
    """Share of characters that are CJK, ASCII or common punctuation."""
    if not text:
        return 0.0
    return 1.0 - len(_IMPLAUSIBLE.findall(text)) / len(text)


def is_blank(text: str) -> bool:
    """True if ``text`` holds nothing but whitespace and zero-width characters."""
    return _BLANK.fullmatch(text) is not None


def has_chinese(text: str) -> bool:
    """True if ``text`` holds at least one Chinese character."""
    return _IDEOGRAPH.search(text) is not None


def check_encoding(encoding: str) -> str:
    """``encoding`` if Python can decode text with it; ``UsageError`` otherwise
    (unknown, or a codec such as rot13 or base64 that is not a text encoding)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        raise UsageError(f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"{encoding!r} is not a text encoding")
    return encoding


def _gb2312_share(text: str) -> float:
    counts: dict[str, int] = {}
    for ch in _IDEOGRAPH.findall(text):
        counts[ch] = counts.get(ch, 0) + 1
    if not counts:
        return 1.0
    common = 0
    for ch, n in counts.items():
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += n
    return common / sum(counts.values())


def _decoder(codec: str):
    return codecs.getincrementaldecoder(codec)(errors="strict")


def _try(codec: str, data: bytes, final: bool):
    """(text, decoder) if ``data`` decodes strictly as ``codec``, else None."""
    dec = _decoder(codec)
    try:
        return dec.decode(data, final), dec
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, name: str, encoding: str | None, final: bool):
    """(codec, how, text of ``data``, decoder holding the state after it).

    ``final`` is False when ``data`` is only the start of the input: a
    multi-byte character cut at its end is then left in the decoder.
    """
    if encoding:
        try:
            check_encoding(encoding)
        except UsageError as exc:
            raise InputError(f"{name}: {exc}") from None
        dec = _decoder(encoding)
        try:
            text = dec.decode(data, final)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: cannot be decoded as {encoding} (byte {exc.start}); try without --encoding to detect it"
            ) from None
        return encoding, "given by --encoding", text.lstrip("\ufeff"), dec

    for bom, codec in _BOMS:
        if data.startswith(bom):
            found = _try(codec, data, final)
            if found is None:
                raise InputError(f"{name}: has a {codec} byte-order mark but undecodable bytes")
            return codec, "byte-order mark", found[0].lstrip("\ufeff"), found[1]

    if final and not data.strip():
        raise InputError(f"{name}: file is empty")

    if b"\x00" in data:
        # UTF-16 without a BOM is the one text encoding full of NUL bytes.
        for codec in ("utf-16-le", "utf-16-be"):
            found = _try(codec, data, final)
            if found is not None and plausible_share(found[0]) >= _MIN_PLAUSIBLE:
                return codec, "NUL bytes, reads as UTF-16", found[0], found[1]
        raise InputError(f"{name}: looks like a binary file (contains NUL bytes), not text")

    found = _try("utf-8", data, final)
    if found is not None:
        return "utf-8", "valid UTF-8", found[0], found[1]

    # Strict GB18030 also accepts many non-Chinese byte streams; accept it
    # only when the result reads as Chinese text.
    found = _try("gb18030", data, final)
    if found is not None and plausible_share(found[0]) >= _MIN_PLAUSIBLE and _gb2312_share(found[0]) >= _MIN_GB2312:
        return "gb18030", "valid GB18030 that reads as Chinese", found[0], found[1]

    from charset_normalizer import from_bytes  # only for the rare undecided file

    best = from_bytes(data).best()
    if best is not None:
        codec = best.encoding
        if codec in ("gbk", "gb2312", "cp936"):
            codec = "gb18030"
        try:
            found = _try(codec, data, final)
        except LookupError:
            found = None
        if found is not None and found[0] and plausible_share(found[0]) >= _MIN_PLAUSIBLE:
            return codec, "guessed by charset-normalizer", found[0], found[1]
    raise InputError(
        f"{name}: cannot detect a text encoding (not UTF-8, UTF-16 or GB18030); pass --encoding if you know it"
    )


def _check_text(name: str, text: str, encoding: str, how: str, whole: bool) -> None:
    if whole and is_blank(text):
        raise InputError(f"{name}: file is empty or holds only whitespace")
    if plausible_share(text) < _MIN_PLAUSIBLE:
        raise InputError(
            f"{name}: decoded as {encoding} but does not read as Chinese or ASCII text "
            "(binary file or wrong encoding)"
        )
    if not has_chinese(text) and not is_blank(text):
        warnings.warn(
            f"{name}: holds no Chinese text (read as {encoding}: {how}); if that is wrong, pass --encoding",
            UnionNLPWarning,
            stacklevel=3,
        )


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> Document:
    """Decode ``data`` (the bytes of ``name``) to text, detecting the encoding unless given."""
    codec, how, text, _ = _detect(data, name, encoding, final=True)
    _check_text(name, text, codec, how, whole=True)
    return Document(name, text, codec, how)


def _stdin() -> BinaryIO:
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        raise InputError("<stdin>: standard input is closed")
    return stream.buffer


def _os_problem(p, exc: OSError) -> InputError:
    if exc.errno == errno.ENAMETOOLONG:
        return InputError(f"{p}: file name too long")
    return InputError(f"{p}: cannot be read ({exc.strerror or exc})")


def _check_file(p: Path) -> None:
    try:
        if not p.exists():
            raise InputError(f"{p}: no such file or directory")
        if p.is_dir():
            raise InputError(f"{p}: is a directory, not a file")
    except OSError as exc:
        raise _os_problem(p, exc) from None


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """Read one file (or ``-`` for stdin) and decode it."""
    if str(path) == STDIN:
        try:
            data = _stdin().read()
        except OSError as exc:
            raise InputError(f"<stdin>: cannot be read ({exc.strerror or exc})") from None
        return decode_input(data, "<stdin>", encoding)
    p = Path(path)
    _check_file(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _os_problem(p, exc) from None
    return decode_input(data, str(p), encoding)


@dataclass
class TextStream:
    """One input being decoded: its name, the encoding found, and its text in pieces."""

    name: str
    encoding: str
    how: str
    _first: str
    _source: BinaryIO | None = None
    _decoder: object = None
    _offset: int = 0  # bytes consumed before the source's current position
    _pending: bytes = b""
    _close: bool = False
    _done: bool = field(default=False, repr=False)
    document: Document | None = field(default=None, repr=False)  # the whole input, when read at once

    @property
    def format(self) -> str:
        """``text``, ``pdf`` or ``docx``."""
        return self.document.format if self.document is not None else "text"

    def chunks(self) -> Iterator[str]:
        """The decoded text, a block at a time (one piece for a small input).

        A decoding error later in the input raises ``InputError`` naming the byte.
        """
        if self._done:
            raise RuntimeError("a TextStream is read once")
        self._done = True
        try:
            yield self._first
            if self._source is None:
                return
            block = self._pending
            while block:
                try:
                    yield self._decoder.decode(block, False)
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"{self.name}: cannot be decoded as {self.encoding} (byte {self._offset + exc.start}) "
                        "after a start that could; pass --encoding if you know it"
                    ) from None
                self._offset += len(block)
                try:
                    block = self._source.read(BLOCK_BYTES)
                except OSError as exc:
                    raise InputError(f"{self.name}: cannot be read ({exc.strerror or exc})") from None
            try:
                yield self._decoder.decode(b"", True)
            except UnicodeDecodeError:
                raise InputError(f"{self.name}: ends inside a {self.encoding} character (truncated?)") from None
        finally:
            if self._close and self._source is not None:
                self._source.close()

    def read(self) -> str:
        """All of the text at once."""
        return "".join(self.chunks())


def open_stream(path: str | Path, encoding: str | None = None) -> TextStream:
    """Open one file (or ``-`` for stdin) for incremental decoding (see the module docstring)."""
    if str(path) == STDIN:
        name, close = "<stdin>", False
        source = _stdin()
    else:
        p = Path(path)
        _check_file(p)
        name, close = str(p), True
        try:
            source = open(p, "rb")  # noqa: SIM115 - closed when its chunks are read
        except OSError as exc:
            raise _os_problem(p, exc) from None
    try:
        prefix = source.read(PREFIX_BYTES)
        more = source.read(BLOCK_BYTES) if len(prefix) == PREFIX_BYTES else b""
    except OSError as exc:
        if close:
            source.close()
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    try:
        if more and _whole_file_format(prefix):
            # A PDF or Word file is not decoded incrementally: read all of it.
            try:
                rest = source.read()
            except OSError as exc:
                raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
            prefix, more = prefix + more + rest, b""
        if not more:  # the whole input: exactly what read_document does
            doc = decode_input(prefix, name, encoding)
            if close:
                source.close()
            return TextStream(name, doc.encoding, doc.how, doc.text, document=doc)
        codec, how, text, decoder = _detect(prefix, name, encoding, final=False)
        _check_text(name, text, codec, how, whole=False)
    except BaseException:
        if close:
            source.close()
        raise
    return TextStream(name, codec, how, text, source, decoder, len(prefix), more, close)


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[str | InputError]:
    """Yield the file names a list of arguments stands for, in order.

    A directory stands for every ``*.txt``, ``*.pdf`` and ``*.docx`` directly
    inside it, sorted by name.  A
    problem with one argument is yielded as an ``InputError`` in its place, so
    that a batch goes on with the others.
    """
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        p = Path(raw)
        try:
            is_dir = p.is_dir()
            exists = is_dir or p.exists()
        except OSError as exc:
            yield _os_problem(p, exc)
            continue
        if is_dir:
            try:
                files = report_files(p)
            except OSError as exc:
                yield _os_problem(p, exc)
                continue
            if not files:
                yield InputError(f"{p}: directory holds no .txt files (nor .pdf or .docx)")
            for q in files:
                yield str(q)
        elif not exists:
            yield InputError(f"{p}: no such file or directory")
        else:
            yield str(p)


def report_files(directory: Path) -> list[Path]:
    """The reports directly inside a folder: ``*.txt``, ``*.pdf``, ``*.docx``, sorted by name."""
    return sorted(q for q in directory.iterdir() if q.is_file() and q.suffix.lower() in SUFFIXES)


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


def iter_streams(paths: Iterable[str | Path], encoding: str | None = None) -> Iterator[TextStream | InputError]:
    """Open every input for incremental decoding; a bad one is yielded as its ``InputError``.

    Read each stream's chunks before taking the next item.
    """
    for item in expand_inputs(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield open_stream(item, encoding)
        except InputError as exc:
            yield exc
