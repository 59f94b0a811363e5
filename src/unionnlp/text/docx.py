"""Reading Word ``.docx`` reports with python-docx, in document order.

``Document.paragraphs`` in python-docx skips tables, so the body is walked
directly: every ``w:p`` is a paragraph and every ``w:tbl`` gives its cells'
paragraphs, row by row, in reading order (a cell's paragraphs once, even when
the cell is merged across columns).  A paragraph whose style is a heading or
the title (``Heading 1``…, ``Title``, ``标题 1``…) becomes a markdown heading
line, so segmentation keeps it a unit of its own.  Automatic numbering (一、
1.) lives in the numbering definitions, not in the text, and is not invented.
Paragraphs are separated by blank lines.

python-docx is imported only here, only when a Word file is read.
"""

from __future__ import annotations

import io
import re

from unionnlp.errors import InputError

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$|^title$|^标题$", re.I)


def _style_level(paragraph) -> int:
    try:
        name = (paragraph.style.name or "").strip() if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return 0
    m = _HEADING_STYLE.match(name)
    if not m:
        return 0
    return int(m.group(1)) if m.group(1) else 1


def _blocks(parent, Paragraph, Table):
    """Paragraph texts (with heading levels) under a body or cell, in document order."""
    from docx.oxml.ns import qn

    element = parent.element.body if hasattr(parent, "inline_shapes") else parent._element
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, parent)
            yield _style_level(p), p.text
        elif child.tag == qn("w:tbl"):
            table = Table(child, parent)
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _blocks(cell, Paragraph, Table)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                for p in content.iter(qn("w:p")):
                    yield 0, Paragraph(p, parent).text


def extract_docx(data: bytes, name: str) -> str:
    """The text of a .docx given as bytes: one paragraph a line, blank lines between."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError(f"{name}: reading Word files needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise InputError(f"{name}: not a readable Word .docx file ({type(exc).__name__}: {exc})".splitlines()[0]) from None
    parts = []
    for level, text in _blocks(document, Paragraph, Table):
        text = text.replace("\v", "\n").strip()
        if not text:
            continue
        if level:
            text = "#" * min(level, 6) + " " + " ".join(text.split())
        parts.append(text)
    if not parts:
        raise InputError(f"{name}: the Word file holds no text")
    return "\n\n".join(parts) + "\n"
