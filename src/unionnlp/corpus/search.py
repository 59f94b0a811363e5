"""Searching a corpus index: sentences by words, with organisation, theme, year and source.

The index keeps the character bigrams of every sentence in an FTS5 table
(:func:`unionnlp.corpus.index.grams`).  A query word becomes the phrase of its
bigrams, so ``妈妈小屋`` finds the sentences holding exactly that string and a
two-character word such as ``托育`` is found too (FTS5's ``trigram`` tokenizer
finds nothing for it, without an error).  Several words (separated by spaces)
must all occur.  A one-character word has no bigram to look up: it is found by
scanning the sentences.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Iterable, Iterator

from unionnlp.corpus.index import CorpusIndex, grams
from unionnlp.errors import UsageError

__all__ = ["Hit", "search", "search_by_org"]

_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    """A sentence found: where it is, whose work it reports, its theme."""

    file: str
    para: int
    sent: int
    start: int
    end: int
    text: str
    org: str | None
    theme: str
    prob: float
    year: int | None

    def to_dict(self) -> dict:
        return asdict(self)


def _match_expression(query: str) -> tuple[str, list[str]]:
    """The FTS5 MATCH expression for a query, and the one-character words it cannot look up."""
    phrases: list[str] = []
    singles: list[str] = []
    for word in query.split():
        for run in _WORD_RUN.findall(word.lower()):
            if len(run) == 1:
                singles.append(run)
            else:
                phrases.append('"' + grams(run) + '"')
    return " AND ".join(phrases), singles


def search(
    index: CorpusIndex,
    query: str,
    *,
    orgs: Iterable[str] | None = None,
    theme: str | None = None,
    year: int | None = None,
    limit: int | None = 100,
) -> Iterator[Hit]:
    """Sentences of the index holding every word of ``query``, in corpus order.

    ``orgs`` keeps sentences of these organisations (full names), ``theme`` of
    this theme label, ``year`` of reports of that year; ``limit`` caps the hits
    (``None``: all).
    """
    expression, singles = _match_expression(query)
    if not expression and not singles:
        raise UsageError("empty search query: give a word to look for")
    where, args = [], []
    if expression:
        where.append("s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)")
        args.append(expression)
    for ch in singles:
        where.append("instr(lower(s.text), ?) > 0")
        args.append(ch)
    if orgs is not None:
        names = sorted(set(orgs))
        where.append(f"k.name IN ({','.join('?' * len(names))})")
        args.extend(names)
    if theme is not None:
        where.append("s.label = ?")
        args.append(theme)
    if year is not None:
        where.append("d.year = ?")
        args.append(int(year))
    sql = (
        "SELECT d.name, s.para, s.sent, s.start, s.end, s.text, k.name, s.label, s.prob, d.year "
        "FROM sentences s JOIN documents d ON d.id = s.doc_id "
        "JOIN paragraphs p ON p.doc_id = s.doc_id AND p.para = s.para "
        "LEFT JOIN org_keys k ON k.key = p.org_key "
        f"WHERE {' AND '.join(where)} ORDER BY d.name, s.para, s.sent"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    for row in index.con.execute(sql, args):
        yield Hit(*row)


def search_by_org(hits: Iterable[Hit]) -> list[dict]:
    """Hits grouped by organisation: first and last year, sentences, files (which unions
    run 妈妈小屋, and since when), most sentences first."""
    groups: dict[str | None, dict] = {}
    for h in hits:
        g = groups.setdefault(h.org, {"org": h.org, "first_year": None, "last_year": None,
                                      "sentences": 0, "files": set()})
        g["sentences"] += 1
        g["files"].add(h.file)
        if h.year is not None:
            g["first_year"] = h.year if g["first_year"] is None else min(g["first_year"], h.year)
            g["last_year"] = h.year if g["last_year"] is None else max(g["last_year"], h.year)
    out = []
    for g in groups.values():
        out.append({**g, "files": len(g["files"])})
    out.sort(key=lambda g: (-g["sentences"], g["org"] or "\uffff"))
    return out
