"""What a corpus holds, per organisation and per sentence, from the cached analysis.

``org_theme_shares`` gives each organisation's theme shares (the share of its
sentences labelled with each theme: the same measure as ``classify --level
document``), ``scan_sentences`` finds sentences by words, organisation, theme
and year with a plain scan over the analysed corpus.  The web page and other
tools use them for the organisation tree, the brief's chart and search when no
corpus index exists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from unionnlp.briefs.analysis import load_analysis
from unionnlp.errors import OrgError, UsageError

__all__ = ["org_theme_shares", "shares_of", "scan_sentences"]

_ORDER = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他", "不确定")


def _sentences(analysis) -> list:
    """Every attributed sentence of an analysis (the in-memory one, or a corpus index's)."""
    if hasattr(analysis, "sentences"):
        return list(analysis.sentences)
    return list(analysis.sentences_of(analysis.orgs_with_text()))


def shares_of(labels: Iterable[str]) -> dict[str, float]:
    """Share of each label among ``labels``, most frequent first (ties in the usual theme order)."""
    counts = Counter(labels)
    total = sum(counts.values()) or 1
    order = sorted(counts, key=lambda t: (-counts[t], _ORDER.index(t) if t in _ORDER else 99, t))
    return {t: round(counts[t] / total, 4) for t in order}


def org_theme_shares(
    corpus: str | Path | None = None, model=None, orgs: Iterable[str] | None = None, *, analysis=None
) -> dict[str, dict[str, float]]:
    """Theme shares of every organisation's own sentences (headings left out).

    With ``orgs`` (full names), one entry ``"*"`` more: the shares over the
    sentences of all those organisations together (a brief with ``--include-sub``).
    ``analysis`` passes an analysis already opened (default: ``load_analysis``).
    """
    analysis = analysis if analysis is not None else load_analysis(corpus, model)
    by_org: dict[str, list[str]] = {}
    for s in _sentences(analysis):
        if s.org is not None and not s.heading:
            for name in getattr(s, "orgs", ()) or (s.org,):  # a joint event counts for each host
                by_org.setdefault(name, []).append(s.label)
    out = {name: shares_of(labels) for name, labels in by_org.items()}
    if orgs is not None:
        wanted = set(orgs)
        out["*"] = shares_of(label for name in wanted for label in by_org.get(name, ()))
    return out


_YEAR = re.compile(r"(?:19|20)\d\d")


def scan_sentences(
    query: str,
    corpus: str | Path | None = None,
    *,
    org: str | None = None,
    theme: str | None = None,
    year: int | str | None = None,
    limit: int = 200,
    model=None,
    analysis=None,
) -> list[dict]:
    """Sentences of the corpus that contain every word of ``query`` (separated by spaces).

    A plain scan over the cached analysis: fine for a few hundred reports (the
    corpus index is the way for large ones).  ``org`` is anything
    ``resolve_org`` accepts and keeps that organisation's own sentences; ``theme``
    one of the six labels; ``year`` keeps documents that mention that year
    (「2023年」).  Each record: doc, para, sent, text, label, org, in corpus order.
    ``analysis`` passes an analysis already opened (default: ``load_analysis``).
    """
    terms = [t for t in (query or "").split() if t]
    if not terms:
        raise UsageError("empty search query")
    if year is not None and not _YEAR.fullmatch(str(year)):
        raise UsageError(f"year should be four digits such as 2023, not {year!r}")
    analysis = analysis if analysis is not None else load_analysis(corpus, model)
    sentences = _sentences(analysis)
    org_name = None
    if org:
        from unionnlp.orgs.resolve import resolve_org

        try:
            org_name = resolve_org(org, analysis.attribution).name
        except OrgError as exc:
            raise OrgError(f"{analysis.directory}: {exc}") from None
    docs_with_year = None
    if year is not None:
        mark = f"{year}年"
        text_of: dict[str, list[str]] = {}
        for s in sentences:
            text_of.setdefault(s.doc, []).append(s.text)
        docs_with_year = {doc for doc, texts in text_of.items() if any(mark in t for t in texts)}
    out = []
    for s in sentences:
        if org_name is not None and org_name not in (getattr(s, "orgs", ()) or (s.org,)):
            continue
        if theme and s.label != theme:
            continue
        if docs_with_year is not None and s.doc not in docs_with_year:
            continue
        if all(t in s.text for t in terms):
            out.append({"doc": s.doc, "para": s.para, "sent": s.sent, "text": s.text,
                        "label": s.label, "org": s.org})
            if len(out) >= limit:
                break
    return out
