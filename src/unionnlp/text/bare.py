"""Text as copies of one passage are compared: without whitespace and quotation marks.

Copies of a passage differ in their quotes (“” or 「」 or none) and in the spaces
extraction leaves; the corpus index counts character bigrams of this form and
the briefs compare copies in it (``briefs.quality``).
"""

from __future__ import annotations

import re

__all__ = ["bare_text"]

_QUOTE_MARKS = re.compile(r"[\s“”\"‘’'「」『』]+")


def bare_text(text: str) -> str:
    """Text without whitespace and quotation marks (copies differ in their quotes)."""
    return _QUOTE_MARKS.sub("", text)
