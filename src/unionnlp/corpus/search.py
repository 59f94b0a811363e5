"""Searching a corpus index: sentences by words, with organisation, theme, year and source.

The index keeps the character bigrams of every sentence in an FTS5 table
(:func:`unionnlp.corpus.index.grams`).  A query word becomes the phrase of its
bigrams, so ``妈妈小屋`` finds the sentences holding exactly that string and a
two-character word such as ``托育`` is found too (FTS5's ``trigram`` tokenizer
finds nothing for it, without an error).  Spaces and quotation marks inside a
sentence are ignored (``推出扬帆`` finds 「推出“扬帆行动”」).  Several words (separated by spaces)
must all occur.  A one-character word has no bigram to look up: it is found by
scanning the sentences.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Iterable, Iterator

from unionnlp.corpus.index import CorpusIndex, grams
from unionnlp.errors import UsageError

__all__ = ["Hit", "search", "search_by_org"]

_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    """A sentence found: where it is, whose work it reports, its theme.

    ``start``/``end`` are offsets into the repaired text, ``orig_start``/``orig_end``
    into the file's own text and ``page`` its page (a PDF; else None).  ``org`` is the
    sentence's organisation (the first host of a joint event), ``orgs`` all of them.
    """

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
    orgs: tuple[str, ...] = ()
    orig_start: int = -1
    orig_end: int = -1
    page: int | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["orgs"] = list(self.orgs)
        return d


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
    if orgs is not None:  # a joint event's sentences are each host's
        names = sorted(set(orgs))
        where.append("EXISTS (SELECT 1 FROM section_orgs so JOIN org_keys k ON k.key = so.key "
                     f"WHERE so.section_id = p.section_id AND k.name IN ({','.join('?' * len(names))}))")
        args.extend(names)
    if theme is not None:
        where.append("s.label = ?")
        args.append(theme)
    if year is not None:
        where.append("d.year = ?")
        args.append(int(year))
    sql = (
        "SELECT d.name, s.para, s.sent, s.start, s.end, s.text, s.label, s.prob, d.year, sec.keys, "
        "s.orig_start, s.orig_end, s.page "
        "FROM sentences s JOIN documents d ON d.id = s.doc_id "
        "JOIN paragraphs p ON p.doc_id = s.doc_id AND p.para = s.para "
        "LEFT JOIN sections sec ON sec.id = p.section_id "
        f"WHERE {' AND '.join(where)} ORDER BY d.name, s.para, s.sent"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    key_names: dict[str, str] = {}
    rows = index.con.execute(sql, args)
    # In batches: the names of only the organisation keys the hits hold are looked up
    # (all of a large corpus's keys cost more than a short search itself).
    while batch := rows.fetchmany(500):
        owner_keys = [json.loads(row[9]) if row[9] else [] for row in batch]
        missing = {k for keys in owner_keys for k in keys if k not in key_names}
        if missing:
            key_names.update(index.key_names(missing))
        for (file, para, sent, start, end, text, label, prob, year, _, orig_start, orig_end, page), keys in \
                zip(batch, owner_keys):
            owners = tuple(dict.fromkeys(key_names[k] for k in keys))
            yield Hit(file, para, sent, start, end, text, owners[0] if owners else None, label, prob, year,
                      owners, orig_start, orig_end, page)


def search_by_org(hits: Iterable[Hit]) -> list[dict]:
    """Hits grouped by organisation: first and last year, sentences, files (which unions
    run 妈妈小屋, and since when), most sentences first."""
    groups: dict[str | None, dict] = {}
    for h in hits:
        for org in h.orgs or (h.org,):  # a joint event's sentence counts for each host
            g = groups.setdefault(org, {"org": org, "first_year": None, "last_year": None,
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
