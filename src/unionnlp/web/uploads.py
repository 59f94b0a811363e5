"""Uploaded reports: size limit, type by content, reading in a temporary folder that is removed.

The browser's file name is only a label: it never becomes a path.  The bytes
are written to a fresh temporary folder under a fixed name, read with
:func:`unionnlp.text.read.read_document` (the same reader as the CLI), and the
folder is deleted before the function returns.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

from unionnlp.errors import InputError

MAX_UPLOAD = 50 * 1024 * 1024  # bytes

__all__ = ["MAX_UPLOAD", "TooLarge", "UnsupportedType", "display_name", "read_upload", "sniff_type"]


class TooLarge(InputError):
    """An upload over the size limit (HTTP 413)."""

    status = 413


class UnsupportedType(InputError):
    """A file that is not a report this installation can read (HTTP 415)."""

    status = 415


# Content signatures of files that are certainly not reports.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
)


def sniff_type(data: bytes) -> str:
    """'pdf', 'docx' or 'txt' from the file's content (never its name); ``UnsupportedType``
    for anything else recognisable (images, archives, programs, old Office files)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise UnsupportedType("a ZIP archive, not a Word (.docx) report; upload a .txt, .pdf or .docx file")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedType(f"{what}, not a report; upload a .txt, .pdf or .docx file")
    return "txt"


_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


def display_name(filename: str | None, kind: str = "txt") -> str:
    """A label for an uploaded file: the last component of what the browser sent, without
    control or path characters, at most 120 characters (``upload.<kind>`` if nothing is left)."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".")
    return name[:120] or f"upload.{kind}"


def read_upload(data: bytes, filename: str | None = None, encoding: str | None = None):
    """The decoded text of an uploaded report: ``(display_name, Document)``.

    Raises ``TooLarge``, ``UnsupportedType`` (by content; also PDF or Word when this
    installation's reader cannot read them) or ``InputError`` (empty, binary, undecodable).
    """
    from unionnlp.text.read import read_document

    if len(data) > MAX_UPLOAD:
        raise TooLarge(f"the file is {len(data) / 2**20:.1f} MB; the limit is {MAX_UPLOAD // 2**20} MB")
    if not data.strip():
        raise InputError("the uploaded file is empty")
    kind = sniff_type(data)
    name = display_name(filename, kind)
    with tempfile.TemporaryDirectory(prefix="unionnlp-upload-") as tmp:
        path = Path(tmp) / f"report.{kind}"
        path.write_bytes(data)
        try:
            doc = read_document(path, encoding)
        except InputError as exc:
            message = str(exc).replace(str(path), name)
            if kind != "txt" and any(w in message for w in ("binary", "encoding", "does not read as")):
                raise UnsupportedType(
                    f"{name}: {kind.upper()} files cannot be read by this version of unionnlp; "
                    "save the report as .txt and upload that"
                ) from None
            raise InputError(message) from None
    return name, doc
