"""What a brief is: the result of :func:`unionnlp.briefs.selection.summarise`.

A ``Brief`` holds one organisation's brief: one ``ThemeSection`` of
``BriefSentence`` objects per theme, the ``BriefFigure`` objects of its 关键数据
table and the ``Source`` files it quotes.  :mod:`unionnlp.briefs.render` turns one into
markdown, plain text or JSON-ready data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DEFAULT_MAX_CHARS", "OVERVIEW", "Brief", "BriefFigure", "BriefSentence", "Source", "ThemeSection"]

DEFAULT_MAX_CHARS = 600
OVERVIEW = "概况"  # the short section before the themes for a sentence that spans several


@dataclass(frozen=True)
class BriefSentence:
    """One bullet of a brief: its text, where it is, its score.

    ``span`` is where the text is in the corpus sentence (``doc``, ``para``, ``sent``):
    ``text`` is ``sentence[span[0]:span[1]]``, with a final 。 added when the span is a
    clause of a longer sentence.  A leading enumerator, dateline or connective is outside
    the span."""

    text: str
    doc: str
    para: int
    sent: int
    score: float
    org: str = ""
    span: tuple[int, int] | None = None
    theme: str = ""


@dataclass
class ThemeSection:
    """The brief's sentences of one theme; ``weight`` is the theme's share of the
    organisation's eligible text (characters)."""

    theme: str
    weight: float
    sentences: list[BriefSentence] = field(default_factory=list)


@dataclass(frozen=True)
class BriefFigure:
    """A figure for the 关键数据 table: value, unit, what it counts, its theme and where it is."""

    value: str
    unit: str
    what: str
    text: str
    doc: str
    para: int
    sent: int
    theme: str = ""

    @property
    def label(self) -> str:
        return f"{self.value}{self.unit}"


@dataclass(frozen=True)
class Source:
    """A file the brief quotes, with the paragraphs it quotes."""

    doc: str
    paragraphs: tuple[int, ...]


@dataclass
class Brief:
    """An extractive brief of one organisation's work."""

    org: str
    themes: list[ThemeSection]
    figures: list[BriefFigure]
    sources: list[Source]
    orgs: tuple[str, ...] = ()  # the organisations whose sections were used
    corpus: str = ""
    max_chars: int = DEFAULT_MAX_CHARS
    unreadable: tuple[str, ...] = ()  # corpus files left out because they could not be read, as messages
    # Each label's share of the organisation's sentences (its own sections, headings left
    # out; the measure of ``classify --level document`` and of the web page's chart), for
    # the picture of its themes.
    shares: dict[str, float] = field(default_factory=dict)
    order: str = "source"  # bullets within a theme: "source" order or "score" order

    @property
    def sentences(self) -> list[BriefSentence]:
        """All sentences in brief order (概况, then themes by weight; within a theme in
        source or score order, see ``order``)."""
        return [s for t in self.themes for s in t.sentences]

    @property
    def chars(self) -> int:
        """Characters used by the brief's sentences."""
        return sum(len(s.text) for s in self.sentences)
