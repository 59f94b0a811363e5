"""Reading report files: paths, directories and stdin, with encoding detection.

The format is told by content, not by the file name: ``%PDF-`` is a PDF
(:mod:`~unionnlp.text.pdf`), a zip holding ``word/document.xml`` a Word file
(:mod:`~unionnlp.text.docx`), anything else text.  Strict decodings that cannot be confused are tried first (BOMs, UTF-8, then
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


def decode_input(data: bytes, name: str, encoding: str | None = None) -> Document:
    """A document from the bytes of any supported input: PDF, Word .docx or text (by content)."""
    kind = sniff_format(data)
    if kind == "pdf":
        from unionnlp.text.pdf import extract

        text, page_starts, lines, furniture = extract(data, name)
        return Document(name, text, "pdf", "pdf", page_starts, lines, furniture)
    if kind == "docx":
        from unionnlp.text.docx import extract_docx

        return Document(name, extract_docx(data, name), "docx", "docx")
    if kind == "zip":
        raise InputError(f"{name}: a zip archive that is not a Word .docx file (no word/document.xml); corrupt or another format")
    if kind == "doc":
        raise InputError(f"{name}: an old Word .doc (or other OLE) file; save it as .docx or .pdf")
    return decode_bytes(data, name, encoding)


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
        return decode_input(sys.stdin.buffer.read(), "<stdin>", encoding)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or directory")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    return decode_input(data, str(p), encoding)


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
        if p.is_dir():
            files = report_files(p)
            if not files:
                yield InputError(f"{p}: directory holds no .txt files (nor .pdf or .docx)")
            for q in files:
                yield str(q)
        elif not p.exists():
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
