"""Per-organisation briefs: what one organisation has done, by theme, in whole sentences.

``summarise("山东")`` reads a corpus (default: the shipped seeds), finds the
sections that are the organisation's own work (:mod:`unionnlp.orgs`), labels
their sentences with the theme model (:mod:`unionnlp.themes.classify`) and builds an
**extractive** brief:

* every bullet is a sentence of the corpus, at most without what may go from
  its start (一是, a dateline, a connective such as 同时，此外，: see
  :func:`unionnlp.briefs.quality.strip_lead`), or one clause of an overview
  sentence (below); it keeps its file, paragraph and sentence number and its span;
* only sentences of the organisation's own sections count (with
  ``include_sub`` also its descendants'); sentences of other organisations that
  merely mention it never do (a joint event's sentences are in each host's brief);
  其他 sentences and markdown headings are never bullets;
* a bullet is a complete declarative sentence that reports work
  (:func:`unionnlp.briefs.quality.sentence_kind`): no heading, slogan, title,
  caption, credit, fragment or damaged text; a person's words or a demand
  (我们要……) only for a theme on which the organisation has nothing else; another
  body's act or background, never; a sentence that points back (其中，这一……) only
  after the sentence it points at;
* facts first: centrality (TextRank: PageRank over the TF-IDF cosine similarities
  of jieba words between the organisation's sentences; ``scoring="centroid"``, the
  cosine to the sum of the theme's vectors, and ``"lead"`` are the alternatives
  measured in ``bench/summarise_rouge.py``) counts twice for a sentence with a figure,
  1.5 times for one with a concrete action (举办, 建成, 表彰 …), less for a general
  statement (坚持……为导向) and half for plans and demands;
* no two bullets say the same thing: copies of one passage (a speech and its
  condensation in another report) are grouped and the best-formed copy speaks
  for them (a copy with splices from PDF column damage loses,
  :func:`unionnlp.briefs.quality.splice_count`), and candidates are picked by
  maximal marginal relevance, with similarity judged on characters and on content
  words (the same activity told twice);
* an overview sentence whose clauses are on three or more themes is split into
  its clauses, each under its theme, when every clause reads whole; otherwise it
  may open the brief as a short 「概况」 section;
* the length budget ``max_chars`` is never exceeded.  It is shared by the
  themes in proportion to their weight: first each theme, heaviest first, gets
  its best sentence that still fits, then each theme is filled up to its share,
  then what is left goes to the best remaining sentences of any theme;
* themes are ordered by their share of the organisation's text (in characters);
  within a theme, bullets follow the source (document, paragraph, sentence) with
  ``order="source"`` (the default) or their score with ``order="score"``;
* 关键数据: every figure (number with a unit or counter, and what it counts) of the
  organisation's sentences, once, with its theme and source (:func:`key_figures`,
  :mod:`unionnlp.briefs.figures`).

The per-corpus analysis the sentences come from is :mod:`unionnlp.briefs.analysis`
(computed directly) or a corpus index (:mod:`unionnlp.corpus.index`, the default); the ``Brief`` returned is defined in
:mod:`unionnlp.briefs.brief` and rendered by :mod:`unionnlp.briefs.render`.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from unionnlp.briefs.analysis import _Analysis, _content_words, _Sent, load_analysis
from unionnlp.briefs.overview import shares_of
from unionnlp.briefs.brief import (
    DEFAULT_MAX_CHARS,
    OVERVIEW,
    Brief,
    BriefFigure,
    BriefSentence,
    Source,
    ThemeSection,
)
from unionnlp.briefs.quality import (
    BULLET_KINDS,
    activity_phrases,
    bare_text,
    FALLBACK_KINDS,
    MIN_CHARS,
    cjk_count,
    ends_sentence,
    generality,
    is_fact,
    is_intent,
    sentence_kind,
    splice_count,
    strip_enumerator,
    strip_lead,
)
from unionnlp.errors import OrgError, UsageError

__all__ = [
    "THEMES",
    "DEFAULT_MAX_CHARS",
    "ORDERS",
    "SIMILARITY_THRESHOLD",
    "key_figures",
    "sentence_similarity",
    "strip_enumerator",
    "summarise",
]

THEMES = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设")
OTHER = "其他"
# Two sentences with this share of the shorter one's character bigrams in
# common say the same thing (a speech and its condensation in another report).
SIMILARITY_THRESHOLD = 0.5
# Two sentences whose content words (TF-IDF cosine) are this close tell the same
# activity in other words: only one of them goes into a brief.
CONTENT_THRESHOLD = 0.5
# Two sentences that share an activity phrase (quality.activity_phrases: 普法宣传, 母婴室建设)
# are at least this alike for maximal marginal relevance.
ACTIVITY_SIMILARITY = 0.3
# At most this many bullets on one activity; a phrase in more than ACTIVITY_MAX_SHARE of
# the organisation's sentences (a third) is its topic and limits nothing.
MAX_PER_ACTIVITY = 2
ACTIVITY_MAX_SHARE = 1 / 3
# A shorter member of a group stands in for the fullest one (when that does not
# fit the budget) only if it is the same statement, shortened.
SAME_STATEMENT = 0.8
MAX_FIGURES = 24
# Facts first: a sentence with a figure counts (1 + FACT_WEIGHT) times its centrality,
# one with a concrete action (举办, 建成, 表彰 …) (1 + FACT_WEIGHT / 2) times.
FACT_WEIGHT = 1.0
# A sentence without a figure counts (1 - GENERAL_WEIGHT * generality) times: general
# statements (坚持……为导向, 深入学习贯彻……) below what was done.
GENERAL_WEIGHT = 0.5
# A sentence the model calls 其他 but that reports facts counts this much.
OTHER_WEIGHT = 0.5
# A brief reports what was done: plans ("下一步，我们将……") and demands count half.
PLAN_PENALTY = 0.5
# Maximal marginal relevance: a candidate's value is its (max-normalised) centrality
# less MMR_LAMBDA times its similarity to the closest sentence already chosen; 1.0
# weighs relevance and novelty equally (the classic λ = 0.5 of MMR).
MMR_LAMBDA = 1.0
# Every theme gets its best sentence first (the brief covers the organisation's themes);
# the bench turns this off for an ablation.
_THEME_QUOTAS = True
# After that, fill each theme up to its share of the budget (by weight) before the rest
# goes to the best sentences of any theme.  Off: facts first whatever their theme (on
# the bench, shares made a theme with 74% of the text take 74% of the brief and crowd
# out the other theme's figures).
THEME_SHARES = False
# Centroid scoring measures a sentence against its own theme's sentences ("within a
# theme the most central first"); 0.0 would measure it against all of the
# organisation's sentences.
THEME_CENTRALITY = 1.0
# The 概况 section: at most one overview sentence, and only if it takes at most this
# share of the budget.
OVERVIEW_SHARE = 1 / 3
SCORINGS = ("centroid", "textrank", "lead")
DEFAULT_SCORING = "textrank"
ORDERS = ("source", "score")
DEFAULT_ORDER = "source"


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=8192)
def _bigrams(text: str) -> frozenset[str]:
    chars = _NOT_WORD.sub("", text)  # no spaces, no punctuation
    return frozenset(chars[i : i + 2] for i in range(len(chars) - 1)) or frozenset(chars)


def sentence_similarity(a: str, b: str) -> float:
    """Share of the shorter sentence's character bigrams that the other has too (0..1).

    Containment rather than Jaccard: a condensed sentence that repeats part of
    a longer one is a repeat even though the longer one says more.
    """
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


# ---------------------------------------------------------------------------
# Scoring and selection
# ---------------------------------------------------------------------------


@dataclass
class _Candidate:
    index: int  # position among the organisation's candidates, in text order
    sent: _Sent
    text: str
    theme: str
    span: tuple[int, int]  # where ``text`` is in ``sent.text`` (a final 。 may be added)
    kind: str = "statement"
    points_back: bool = False  # opens with 其中/这一…: only after the sentence it points at
    tokens: tuple[str, ...] = ()
    position: tuple = ()  # (document, paragraph, sentence, start): source order
    phrases: frozenset = frozenset()  # activity phrases (quality.activity_phrases)
    other: bool = False  # labelled 其他 by the model, taken for its facts (see _candidates)
    score: float = 0.0
    group: int = -1  # near-duplicate group (its best-formed member represents it)
    row: int = -1  # row in the content-word vectors


def _vectors(cands: Sequence[_Candidate], idf: dict[str, float]) -> list[dict[str, float]]:
    """Each candidate's TF-IDF vector of content words (sublinear tf), L2-normalised, sparse."""
    out = []
    for c in cands:
        counts: dict[str, int] = {}
        for w in _content_words(c.tokens):
            counts[w] = counts.get(w, 0) + 1
        vec = {w: (1.0 + math.log(tf)) * idf.get(w, 1.0) for w, tf in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _unit_sum(vectors: Iterable[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for vec in vectors:
        for w, v in vec.items():
            total[w] = total.get(w, 0.0) + v
    norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
    return {w: v / norm for w, v in total.items()}


# Up to this many sentences TextRank runs in plain Python (no numpy import on a warm
# call); above, with numpy.
_PURE_TEXTRANK_MAX = 150


def _textrank(vectors: list[dict[str, float]], d: float = 0.85) -> list[float]:
    """PageRank over the cosine similarities of ``vectors`` (mean score 1)."""
    n = len(vectors)
    if n > _PURE_TEXTRANK_MAX:
        import numpy as np

        vocab: dict[str, int] = {}
        mat = np.zeros((n, 1 + sum(len(v) for v in vectors)))
        for i, vec in enumerate(vectors):
            for w, v in vec.items():
                mat[i, vocab.setdefault(w, len(vocab))] = v
        sim = mat @ mat.T
        np.fill_diagonal(sim, 0.0)
        out = sim.sum(axis=1)
        out[out == 0] = 1.0
        trans_t = (sim / out[:, None]).T.tolist()
    else:
        sim = [[0.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                sim[i][j] = sim[j][i] = _dot(vectors[i], vectors[j])
        out = [sum(row) or 1.0 for row in sim]
        trans_t = [[sim[i][j] / out[i] for i in range(n)] for j in range(n)]  # column j: into j
    scores = [1.0 / n] * n
    base = (1 - d) / n
    for _ in range(100):
        new = [base + d * sum(map(operator.mul, col, scores)) for col in trans_t]
        change = sum(abs(a - b) for a, b in zip(new, scores))
        scores = new
        if change < 1e-9:
            break
    return [s * n for s in scores]


def _score(cands: list[_Candidate], vectors: list[dict[str, float]], scoring: str) -> None:
    n = len(cands)
    if n == 0:
        return
    if scoring == "lead":
        for c in cands:
            c.score = 1.0 / (1.0 + c.index)
        return
    vecs = [vectors[c.row] for c in cands]
    if scoring == "centroid":
        everything = _unit_sum(vecs)
        scores = [_dot(v, everything) for v in vecs]
        if THEME_CENTRALITY:
            by_theme = {t: _unit_sum(v for v, c in zip(vecs, cands) if c.theme == t) for t in {c.theme for c in cands}}
            scores = [(1 - THEME_CENTRALITY) * s + THEME_CENTRALITY * _dot(v, by_theme[c.theme])
                      for s, v, c in zip(scores, vecs, cands)]
    else:
        scores = _textrank(vecs)
    for c, s in zip(cands, scores):
        c.score = float(s) * _weight(c)


def _keep_distinctive_phrases(cands: list[_Candidate]) -> None:
    """Keep the activity phrases that set some sentences apart: a phrase in more than
    ACTIVITY_MAX_SHARE of the organisation's sentences is its topic (婚恋交友 for a
    matchmaking report), not one activity among others."""
    df: dict[str, int] = {}
    for c in cands:
        for p in c.phrases:
            df[p] = df.get(p, 0) + 1
    limit = max(2, ACTIVITY_MAX_SHARE * len(cands))
    for c in cands:
        c.phrases = frozenset(p for p in c.phrases if 2 <= df[p] <= limit)


def _has_figure(text: str) -> bool:
    from unionnlp.briefs.figures import extract_figures

    return bool(extract_figures(text))


def _weight(c: _Candidate) -> float:
    """Facts first: figures and concrete actions up, plans and demands down."""
    has_figure = _has_figure(c.text)
    weight = 1.0 + FACT_WEIGHT * is_fact(c.text, has_figure)
    if c.other:
        weight *= OTHER_WEIGHT
    if not has_figure:
        weight *= 1.0 - GENERAL_WEIGHT * generality(c.tokens)
    if c.kind != "statement" or is_intent(c.text):
        weight *= PLAN_PENALTY
    return weight


def _group_duplicates(cands: list[_Candidate], threshold: float) -> dict[int, list[_Candidate]]:
    """Near-duplicate groups, each led by its fullest (longest) member."""
    groups: dict[int, list[_Candidate]] = {}
    leaders: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (-len(c.text), c.index)):
        for lead in leaders:
            if sentence_similarity(c.text, lead.text) >= threshold:
                c.group = lead.group
                groups[lead.group].append(c)
                break
        else:
            c.group = len(leaders)
            leaders.append(c)
            groups[c.group] = [c]
    return groups


def _drop_spliced(cands: list[_Candidate], threshold: float, analysis: _Analysis,
                  own: list[_Sent]) -> list[_Candidate]:
    """Of copies of one passage, drop those with more splices than the best-formed copy
    (PDF column damage: 「……生育友立用人单位……」 beside the whole 「……生育友好……」) and, among
    copies with as few, those from a report whose text shows more damage.  A copy's
    pieces are looked for in every sentence of the organisation's other reports."""
    groups = _group_duplicates(cands, threshold)
    corpus = damage = None
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2 or len({c.sent.doc for c in members}) < 2:
            continue
        if corpus is None:
            corpus = _BigramCounter(analysis)
        splices = {}
        for c in members:
            mine = _bigrams(c.text)
            others = [(o.text, o.tokens) for o in own if o.doc != c.sent.doc
                      and len(_bigrams(o.text) & mine) >= 3]
            splices[c.index] = splice_count(c.text, others, corpus, c.tokens) \
                + _absorbed_headings(c, [t for t, _ in others])
        if damage is None:
            damage = _damage_by_document(own)
        quality = {c.index: (splices[c.index], damage.get(c.sent.doc, 0)) for c in members}
        least = min(quality.values())
        dropped |= {i for i, q in quality.items() if q > least}
    for c in cands:
        c.group = -1
    return [c for c in cands if c.index not in dropped]


def _damage_by_document(own: list[_Sent]) -> dict[str, int]:
    """Sentences of the organisation's text in each report that extraction broke: a
    paragraph that stops mid-sentence (its last sentence does not end one), a tail of a
    sentence that opens a paragraph (「好的社会环境。」), unbalanced quotes."""
    paras: dict[tuple[str, int], list[_Sent]] = {}
    for s in own:
        paras.setdefault((s.doc, s.para), []).append(s)
    damage: dict[str, int] = {}
    for (doc, _), sents in paras.items():
        n = 0
        if len(sents) >= 2:
            last, first = sents[-1].text.strip(), sents[0].text.strip()
            n += cjk_count(last) >= MIN_CHARS and not ends_sentence(last)
            n += ends_sentence(first) and cjk_count(first) < MIN_CHARS
        n += sum(sentence_kind(s.text) == "damaged" for s in sents)
        damage[doc] = damage.get(doc, 0) + n
    return damage


def _absorbed_headings(c: _Candidate, others: list[str]) -> int:
    """How many headings of another copy ``c`` has swallowed whole, without the full stop
    between them (「……5585对全省各级工会聚焦形势任务，增强婚恋交友针对性。」)."""
    x = bare_text(c.text)
    count = 0
    for other in others:
        y = bare_text(strip_lead(other)[0]).rstrip("。！？!?")
        if cjk_count(y) >= MIN_CHARS and y in x and not x.startswith(y) \
                and sentence_kind(strip_lead(other)[0], enumerated=True) == "heading":
            k = x.index(y)
            if x[k - 1] not in "。！？!?；;":
                count += 1
    return count


class _BigramCounter:
    """How often a bigram occurs in the corpus (asked of the analysis on demand: an
    index reads its search vocabulary, a direct analysis counts in the joined text)."""

    def __init__(self, analysis):
        self.analysis = analysis
        self._seen: dict[str, int] = {}

    def get(self, bigram: str, default: int = 0) -> int:
        if bigram not in self._seen:
            self._seen[bigram] = self.analysis.bigram_count(bigram)
        return self._seen[bigram] or default


def _select(
    cands: list[_Candidate],
    weights: dict[str, float],
    max_chars: int,
    threshold: float,
    vec=None,
) -> list[_Candidate]:
    if not _THEME_QUOTAS:
        weights = {}
    groups = _group_duplicates(cands, threshold)
    # A group is as central as its most central member; it speaks with its fullest member
    # (or, when that does not fit, a shorter version of the same statement), in the theme
    # of its fullest member.
    top = max(c.score for c in cands) or 1.0
    group_score = {g: max(c.score for c in members) / top for g, members in groups.items()}
    order = sorted(groups, key=lambda g: (-group_score[g], groups[g][0].index))

    chosen: list[_Candidate] = []
    chosen_keys: dict[tuple, str] = {}  # (doc, para, sent) of each chosen sentence -> its theme
    used_groups: set[int] = set()
    used_theme: dict[str, int] = {t: 0 for t in weights}
    total = 0

    def similarity(a: _Candidate, b: _Candidate) -> float:
        """Characters or content words in common, whichever says more; two sentences on
        the same activity (a shared activity phrase) are at least ACTIVITY_SIMILARITY alike."""
        chars = sentence_similarity(a.text, b.text)
        if vec is None:
            return chars
        words = _dot(vec[a.row], vec[b.row]) * threshold / CONTENT_THRESHOLD
        same_activity = ACTIVITY_SIMILARITY if a.phrases & b.phrases else 0.0
        return max(chars, words, same_activity)

    def version(g: int) -> _Candidate | None:
        """The member of group ``g`` that would be used now, or None."""
        lead = groups[g][0]
        for c in groups[g]:  # fullest first
            if total + len(c.text) > max_chars:
                continue
            if c is not lead and sentence_similarity(c.text, lead.text) < SAME_STATEMENT:
                continue  # a heading over the statement, not a shorter version of it
            if c.points_back and chosen_keys.get((c.sent.doc, c.sent.para, c.sent.sent - 1)) != groups[g][0].theme:
                continue  # 其中，……: only right after the sentence it points at, in the same theme
            if any(sum(1 for x in chosen if p in x.phrases) >= MAX_PER_ACTIVITY for p in c.phrases):
                continue  # the same activity told often enough
            if any(similarity(c, x) >= threshold for x in chosen):
                return None
            return c
        return None

    def best(pool: Iterable[int], room: int | None = None) -> tuple[int, _Candidate] | None:
        """The next group to take from ``pool``: most central, less what the brief
        already says (maximal marginal relevance)."""
        found, found_value = None, -math.inf
        for g in pool:
            if g in used_groups:
                continue
            c = version(g)
            if c is None or (room is not None and len(c.text) > room):
                continue
            overlap = max((similarity(c, x) for x in chosen), default=0.0)
            value = group_score[g] - MMR_LAMBDA * overlap
            if value > found_value:
                found, found_value = (g, c), value
        return found

    def take(g: int, c: _Candidate) -> None:
        nonlocal total
        chosen.append(c)
        chosen_keys[(c.sent.doc, c.sent.para, c.sent.sent)] = groups[g][0].theme
        used_groups.add(g)
        theme = groups[g][0].theme
        used_theme[theme] = used_theme.get(theme, 0) + len(c.text)
        total += len(c.text)

    by_theme: dict[str, list[int]] = {}
    for g in order:
        by_theme.setdefault(groups[g][0].theme, []).append(g)
    themes = sorted(weights, key=lambda t: (-weights[t], THEMES.index(t)))
    weight_sum = sum(weights.values()) or 1.0
    # 1. every theme, heaviest first, gets its best sentence that fits
    for t in themes:
        pick = best(by_theme.get(t, []))
        if pick:
            take(*pick)
    # 2. each theme up to its share of the budget
    for t in themes if THEME_SHARES else ():
        quota = max_chars * weights[t] / weight_sum
        while used_theme[t] < quota:
            pick = best(by_theme.get(t, []), room=int(quota - used_theme[t]))
            if not pick:
                break
            take(*pick)
    # 3. what is left: the best remaining sentences of any theme
    while total < max_chars:
        pick = best(order)
        if not pick:
            break
        take(*pick)
    for c in chosen:
        c.theme = groups[c.group][0].theme
    return chosen


# ---------------------------------------------------------------------------
# Candidates: which sentences (or clauses) may be bullets
# ---------------------------------------------------------------------------


def _token_slice(tokens: Sequence[str], start: int, end: int) -> tuple[str, ...]:
    """The tokens of ``text[start:end]`` (tokens concatenate to the text)."""
    out, pos = [], 0
    for tok in tokens:
        if pos + len(tok) > start and pos < end:
            out.append(tok)
        pos += len(tok)
    return tuple(out)


def _as_bullet(sent: _Sent, start: int, end: int) -> tuple[str, tuple[int, int], bool, bool]:
    """A span of ``sent`` made into a bullet: (text, span, enumerated, points_back)."""
    raw = sent.text[start:end].rstrip()
    text, points_back = strip_lead(raw)
    offset = start + len(raw) - len(text)  # strip_lead only removes a prefix
    enumerated = strip_enumerator(raw.strip()) != raw.strip()
    span = (offset, offset + len(text))
    if not ends_sentence(text):
        text = text.rstrip("，,；;：: ") + "。" if end < len(sent.text) else text
    return text, span, enumerated, points_back


def _candidates(own: list[_Sent], documents: list[str]):
    """The organisation's bullet candidates (theme sentences and whole clauses of overview
    sentences), the overview sentences that cannot be split, and every candidate's kind."""
    doc_rank = {name: i for i, name in enumerate(documents)}
    cands: list[_Candidate] = []
    overview: list[_Candidate] = []

    def add(target: list, sent: _Sent, theme: str, start: int, end: int, kind_override: str | None = None):
        text, span, enumerated, back = _as_bullet(sent, start, end)
        kind = kind_override or sentence_kind(text, enumerated=enumerated)
        c = _Candidate(len(cands) + len(overview), sent, text, theme, span, kind, back,
                       _token_slice(sent.tokens, *span), (doc_rank.get(sent.doc, 0), sent.para, sent.sent, span[0]))
        target.append(c)
        return c

    for s in own:
        if s.heading:
            continue
        if s.parts:
            pieces = []
            for start, end, theme in s.parts:
                if theme not in THEMES:
                    continue
                text, span, enumerated, back = _as_bullet(s, start, end)
                pieces.append((start, end, theme, sentence_kind(text, enumerated=enumerated), back))
            if len(pieces) >= 2 and all(kind == "statement" and not back for *_, kind, back in pieces):
                for start, end, theme, _, _ in pieces:
                    add(cands, s, theme, start, end)
                continue
            c = add(overview, s, OVERVIEW, 0, len(s.text))
            if c.kind not in BULLET_KINDS or c.points_back:
                overview.pop()
            continue
        if s.label in THEMES:
            add(cands, s, s.label, 0, len(s.text))
        elif s.alt:
            # 其他 by the model, but a report of facts (a figure and what was done): a bullet
            # under the theme the model likes best among the five.
            c = add(cands, s, s.alt, 0, len(s.text))
            if c.kind not in BULLET_KINDS or not _has_figure(c.text) or not is_fact(c.text, False):
                cands.pop()
            else:
                c.other = True
    for i, c in enumerate(cands + overview):
        c.index = i
        c.phrases = activity_phrases(c.tokens)
    return cands, overview


# ---------------------------------------------------------------------------
# Key figures
# ---------------------------------------------------------------------------


def key_figures(rows: Iterable[tuple], max_figures: int | None = None) -> list[BriefFigure]:
    """Every figure of ``rows`` (text, doc, para, sent[, theme]) once: a number with a unit
    or counter and what it counts (:func:`unionnlp.briefs.figures.extract_figures`), in the
    rows' order; the same fact in two copies (001 condenses 003) appears once."""
    from unionnlp.briefs.figures import dedupe_figures, extract_figures

    rows = list(rows)
    by_sentence = {(row[1], row[2], row[3]): extract_figures(row[0]) for row in rows}
    found, where = [], {}
    for row in rows:
        text, doc, para, sent = row[:4]
        theme = row[4] if len(row) > 4 else ""
        figures = by_sentence[(doc, para, sent)]
        if text.lstrip().startswith("其中") and (doc, para, sent - 1) in by_sentence:
            figures = extract_figures(text, by_sentence[(doc, para, sent - 1)])
        for f in figures:
            found.append(f)
            where[id(f)] = (doc, para, sent, theme)
    out = []
    for f in dedupe_figures(found):
        doc, para, sent, theme = where[id(f)]
        out.append(BriefFigure(f.value, f.unit, f.what, f.text, doc, para, sent, theme))
    return out[:max_figures] if max_figures else out


def _figure_rows(brief_sents: list[BriefSentence], own: list[_Sent], wanted: Sequence[str],
                 documents: list[str], theme_rank: dict[str, int]) -> list[tuple]:
    """Rows for the 关键数据 table: the brief's own sentences first, then the organisation's
    other statements, then its titles and the rest; plans, demands, quotations and furniture
    carry no key figures."""
    doc_rank = {name: i for i, name in enumerate(documents)}
    seen = {(s.doc, s.para, s.sent) for s in brief_sents}
    rows = [(s.text, s.doc, s.para, s.sent, s.theme) for s in brief_sents]
    rest = []
    for s in own:
        if (s.doc, s.para, s.sent) in seen:
            continue
        theme = s.label if s.label in THEMES else OTHER
        if theme != OTHER and theme not in wanted:
            continue
        if theme == OTHER and len(wanted) < len(THEMES):
            continue
        text, _ = strip_lead(s.text)
        kind = sentence_kind(text)
        if kind in ("furniture", "demand", "quotation") or is_intent(text):
            continue
        tier = 0 if kind == "statement" and theme != OTHER else 1 if kind == "statement" else 2
        rest.append((tier, theme_rank.get(theme, len(theme_rank)), doc_rank.get(s.doc, 0), s.para, s.sent,
                     (s.text, s.doc, s.para, s.sent, theme)))
    rest.sort(key=lambda r: r[:5])
    return rows + [r[-1] for r in rest]


# ---------------------------------------------------------------------------
# The brief
# ---------------------------------------------------------------------------


def _check_themes(themes: Iterable[str] | None) -> tuple[str, ...]:
    if themes is None:
        return THEMES
    if isinstance(themes, str):
        themes = [themes]
    wanted = []
    for t in themes:
        for part in re.split(r"[,，\s]+", t.strip()):
            if not part:
                continue
            if part not in THEMES:
                raise UsageError(f"unknown theme '{part}'; choose from {' '.join(THEMES)}")
            if part not in wanted:
                wanted.append(part)
    if not wanted:
        raise UsageError(f"no theme given; choose from {' '.join(THEMES)}")
    return tuple(wanted)


def _resolve(query: str, analysis: _Analysis, include_sub: bool):
    from unionnlp.orgs.resolve import resolve_org, suborgs

    try:
        org = resolve_org(query, analysis.attribution)
    except OrgError as exc:
        raise OrgError(f"{analysis.directory}: {exc}") from None
    names = [org.name]
    if include_sub:
        names += [o.name for o in suborgs(org.name, analysis.attribution) if o.name not in names]
    return org, names


def summarise(
    org: str,
    corpus: str | Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    themes: Sequence[str] | None = None,
    include_sub: bool = False,
    model=None,
    *,
    order: str = DEFAULT_ORDER,
    encoding: str | None = None,
    scoring: str = DEFAULT_SCORING,
    threshold: float = SIMILARITY_THRESHOLD,
    index: bool | str | Path | None = True,
    analysis=None,
) -> Brief:
    """An extractive brief of one organisation's work in a corpus (default: the seeds).

    ``org`` is anything :func:`unionnlp.orgs.resolve.resolve_org` accepts (山东, 洛阳市总工会,
    中通); ``themes`` restricts the brief to some of :data:`THEMES`; ``include_sub``
    adds the sections of the organisation's descendants; ``order`` puts each theme's
    bullets in source order (``"source"``) or best first (``"score"``); ``encoding``
    decodes the corpus files with that encoding instead of detecting it.  Files that
    cannot be read are left out and named in ``Brief.unreadable``.  Raises ``OrgError``
    for an unknown or ambiguous name or one without text in the corpus,
    ``InputError`` for an unreadable corpus folder, ``UsageError`` for bad options.

    ``index``: ``True`` reads the corpus index in the user cache, creating or
    updating it first (:func:`unionnlp.corpus.index.open_analysis`); a path reads
    (and updates) that index; ``False`` analyses the corpus directly.  Both give
    the same brief.  ``analysis`` passes an analysis already opened.
    """
    if max_chars < 1:
        raise UsageError(f"--max-chars must be at least 1, not {max_chars}")
    if scoring not in SCORINGS:
        raise UsageError(f"unknown scoring '{scoring}'; choose from {', '.join(SCORINGS)}")
    if order not in ORDERS:
        raise UsageError(f"unknown order '{order}'; choose from {', '.join(ORDERS)}")
    wanted = _check_themes(themes)
    opened = None  # an index opened here is closed here
    if analysis is None:
        if index is False or index is None:
            analysis = load_analysis(corpus, model, encoding)
        else:
            from unionnlp.corpus.index import open_analysis

            analysis = opened = open_analysis(corpus, None if index is True else index, model=model,
                                              encoding=encoding)
    try:
        return _summarise(org, analysis, max_chars, wanted, include_sub, scoring, threshold, order)
    except OrgError as exc:
        exc.unreadable = tuple(analysis.errors)  # the reports that might have held it
        raise
    finally:
        if hasattr(opened, "close"):
            opened.close()


def _summarise(org: str, analysis: _Analysis, max_chars: int, wanted: tuple[str, ...], include_sub: bool,
               scoring: str, threshold: float, order: str) -> Brief:
    found, names = _resolve(org, analysis, include_sub)
    name_set = set(names)

    # A joint event's sentences are in each host's brief.
    own = analysis.sentences_of(name_set)
    if not own:
        below = [o.name for o in _children_with_text(found.name, analysis)]
        hint = f"; its member organisations have some: try --include-sub ({', '.join(below[:3])})" \
            if below and not include_sub else ""
        raise OrgError(f"{analysis.directory}: no report section of {found.name} in this corpus{hint}")

    cands, overview = _candidates(own, analysis.documents)
    # A sentence whose subject is another organisation (「澳门工会联合总会于7月6日……」 in
    # 江门市总工会's section of a joint exchange) reports that body's work, not this one's:
    # never a bullet (its figures stay in the organisation's 关键数据 table).
    others = _other_bodies(analysis.attribution, name_set)
    mine_names = frozenset(n for name in name_set if name in analysis.attribution.orgs
                           for n in (name, *analysis.attribution.orgs[name].short_names))
    national = _national(name_set)
    for c in cands:
        if c.kind in BULLET_KINDS and (_led_by_another(c.text, others, mine_names) or _background(c.text)
                                       or _spoken_by_another(c.text, others, mine_names)
                                       or (not national and _national_act(c.text, mine_names))):
            c.kind = ANOTHERS
    texts = analysis.texts_of({c.sent.doc for c in cands})
    _visitors_acts(cands, texts, others, mine_names)
    _officers_acts(cands, texts, others, mine_names)
    _follow_another(cands, mine_names)
    # after _follow_another: what follows 「……由市总工会主办」 is about the event, not that body
    for c in cands:
        if c.kind in BULLET_KINDS and _done_by_another(c.text, others, mine_names):
            c.kind = ANOTHERS
    has_statement = {c.theme for c in cands if c.kind in BULLET_KINDS}
    eligible = [c for c in cands if c.kind in BULLET_KINDS
                or (c.kind in FALLBACK_KINDS and c.theme not in has_statement)]
    if not eligible:
        if any(c.kind == ANOTHERS for c in cands):
            raise OrgError(f"{analysis.directory}: {found.name}'s sections in this corpus report only other "
                           "bodies' work or background")
        raise OrgError(f"{analysis.directory}: {found.name} has no sentence on any theme in this corpus")
    eligible = _drop_spliced(eligible, threshold, analysis, own)
    _keep_distinctive_phrases(eligible)

    theme_chars: dict[str, int] = {}
    for c in eligible:
        theme_chars[c.theme] = theme_chars.get(c.theme, 0) + len(c.text)
    all_chars = sum(theme_chars.values())
    weights_all = {t: theme_chars[t] / all_chars for t in theme_chars}

    everything = eligible + overview
    for row, c in enumerate(everything):
        c.row = row
    vec = _vectors(everything, analysis.idf_of(w for c in everything for w in _content_words(c.tokens)))
    _score(eligible, vec, scoring)
    pool = [c for c in eligible if c.theme in wanted]
    weights = {t: w for t, w in weights_all.items() if t in wanted}
    if not pool:
        raise OrgError(
            f"{analysis.directory}: {found.name} has no sentence on {'、'.join(wanted)}"
            f" (its themes: {'、'.join(sorted(weights_all, key=lambda t: -weights_all[t]))})"
        )
    opening = _overview(overview, eligible, vec, max_chars) if len(wanted) == len(THEMES) else None
    budget = max_chars - (len(opening.text) if opening else 0)
    chosen = _select(pool, weights, budget, threshold, vec)

    sections = _theme_sections(chosen, weights, order, names)
    if opening is not None:
        sections.insert(0, ThemeSection(OVERVIEW, 0.0, [_brief_sentence(opening, names)]))
    brief_sents = [s for ts in sections for s in ts.sentences]
    theme_rank = {t.theme: i for i, t in enumerate(sections)}
    rows = _figure_rows(brief_sents, own, wanted, analysis.documents, theme_rank)
    figures = key_figures(rows, MAX_FIGURES)
    sources = _sources([*brief_sents, *figures], analysis.documents)
    return Brief(
        org=found.name,
        themes=sections,
        figures=figures,
        sources=sources,
        orgs=tuple(names),
        corpus=analysis.directory,
        max_chars=max_chars,
        shares=shares_of(s.label for s in own if not s.heading),
        order=order,
        unreadable=tuple(analysis.errors),
    )


ANOTHERS = "another's"  # kind of a sentence whose subject is another organisation, or background
MIN_OTHER_NAME = 4  # characters a name needs to stand for another body at a sentence's start


def _other_bodies(attribution, mine: set[str]) -> tuple[frozenset[str], tuple[int, ...]]:
    """The names (full and short) of the corpus's organisations other than ``mine``, and
    the lengths those names have (a sentence's start is looked up by length: a corpus has
    thousands of names).  A parent's act (「省总工会为……」) and a member union's
    (「冀州区总工会为……」 in a city's report) are other bodies' work: ``--include-sub``
    puts the members in ``mine``."""
    mine_names = {n for name in mine if name in attribution.orgs
                  for n in (name, *attribution.orgs[name].short_names)}
    names = frozenset(n for org in attribution.orgs.values() if org.name not in mine
                      for n in (org.name, *org.short_names) if len(n) >= MIN_OTHER_NAME and n not in mine_names)
    return names, tuple(sorted({len(n) for n in names}))


_TIME_LEAD = re.compile(r"(?:在[\u4e00-\u9fff]{2,6}|近年来|近几年来?|多年来|今年以来|当天|当日|此前|目前|日前|近日|随后|之后|会上|会后|其间|"
                        # 「新中国成立70周年时，」, not a body's 「区总工会及时，」
                        r"(?![^，,]{0,14}工会)[\u4e00-\u9fff\d“”]{2,12}?(?:之际|期间|(?<![及同按准适随届此这当临平])时)|"
                        r"(?:\d{4}年|今年|去年|当年)(?:\d{1,2}月)?(?:\d{1,2}日)?(?:上午|下午|晚上)?|"
                        r"\d{1,2}月(?:\d{1,2}日)?(?:上午|下午|晚上)?)[，,]\s*")
_BARE_HEAD = re.compile(r"(?:工会联合会|联合会|中心工会|[省市县区州旗]总工会|[省市县区州旗]总(?![工体结])|集团工会|公司工会|园区工会|"
                        r"行业工会|[省市县区]妇联)")
_BRANCH_UNION = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:分工会|工会小组|车间工会)(?![委女的])")
# A level above, unnamed, as people say it (「省里也派出督查组……」, 「上级工会拨付了……」): not the
# body's own act, whoever it is (「上级工会举办的……活动，各分会要……」 is the body's own demand).
_UNNAMED_ABOVE = re.compile(r"(?:省里|市里|县里|区里|上级工会|上级(?!工会))(?![\u4e00-\u9fff]{0,4}?的)")
_ALL_BRANCHES = re.compile(r"各|^(?:全|所有|我|本|基层)")  # 「全院各分工会」: every branch, the body's own act


def _led_by_another(text: str, others: tuple[frozenset[str], tuple[int, ...]], mine: frozenset[str] = frozenset()) -> bool:
    """Does the sentence open (after a dateline, an enumerator or a connective) with the
    name of another organisation, its subject: one of ``others`` (:func:`_other_bodies`),
    written in full or as 「X市总」, or a branch union (分工会, 工会小组) that is none of the
    brief's ``mine`` names?"""
    names, lengths = others
    lead = _subject_lead(text)  # the subject may come after a time or place (「近年来，区总工会……」)
    if _UNNAMED_ABOVE.match(lead):
        return True
    # 「机关分工会举办了……」 in a hospital union's report: a branch's act is the branch's
    branch = _BRANCH_UNION.match(lead)
    if branch and not _ALL_BRANCHES.search(branch.group()) and not any(name.endswith(branch.group()) for name in mine):
        return True
    if not names:
        return False
    if any(lead[:n] in names for n in lengths if n <= len(lead)):
        return True
    # 「联合会采用……」, 「中心工会汇报了……」, 「区总工会女职工委员会……」: a body named by the head of
    # its name alone, the head of another organisation's name in the corpus and of none of the brief's
    head = _BARE_HEAD.match(lead)
    if head:
        # 「市总让……」 is 「市总工会」 as people shorten it
        bare = head.group() + "工会" if head.group()[-1] == "总" else head.group()
        if not any(name.endswith(bare) for name in mine) and any(name.endswith(bare) for name in names):
            return True
    # 「朝阳市总还为……」: a territorial union written as people shorten it, 「X市总」 for 「X市总工会」
    return any(lead[n - 3] == "总" and lead[n - 2:n] != "工会" and lead[:n - 2] + "工会" in names
               for n in lengths if 5 <= n <= len(lead))


# Whose view or words a sentence reports: 「在福州市总工会相关负责人看来，……」, 「昆明市家政服务行业
# 协会负责人说，……」.
_SPEAKER = re.compile(r"(?:在([^，,。]{2,30}?)看来|([^，,。]{2,30}?)(?:负责人|主席|部长|主任|书记)[^，,。]{0,6}?"
                      r"(?:介绍|表示|说|指出|认为|谈到))[，,：:]")


def _spoken_by_another(text: str, others: tuple[frozenset[str], tuple[int, ...]], mine: frozenset[str]) -> bool:
    """Does the sentence report the view or words of another organisation's officer?"""
    m = _SPEAKER.match(_subject_lead(text))
    return bool(m) and _led_by_another(m.group(1) or m.group(2), others, mine)


# A meeting of the whole country held somewhere: 「重庆召开了全国工会女职工工作座谈会」,
# 「全国工会女职工工作座谈会在重庆召开」 (a meeting's name ends in 会, 会议 or 论坛).
_NATIONAL_MEETING = re.compile(r"(?:([^，,。；]{0,8}?)(?:召开|举行|举办)了?全国[^，,。；]{0,40}?(?:会议?|论坛)"
                               r"|全国[^，,。；]{0,40}?(?:会议?|论坛)[^，,。；]{0,20}?(?:召开|举行|举办))")


# The state or a national body as the subject (「国家隆重表彰了一批……」, 「今年3月，全国妇联下发了……」):
# its act, not a local union's.
_STATE_LEAD = re.compile(r"(?:党中央|国务院|中共中央|全国妇联|中华全国妇女联合会|"
                         r"国家(?![\u4e00-\u9fff]{0,6}?(?:工会|公司|集团|电网|能源|投资|开发区)))")


# Background, nobody's act: who a person is (「她叫丁爱云，是……班长」, 「她们是……的杰出代表」) and how
# many work where (「目前有女职工11人，约占职工总数的8%」, 「全市女职工现有26.5万人」).
_PERSON_IS = re.compile(r"(?:她|他|她们|他们)(?:叫|是|曾是|原是|现任|都是)")
_WORKFORCE = re.compile(r"(?:现有|共有|目前有)(?:女职工|职工|员工|教职工|女教职工)[\d.]|"
                        r"(?:女职工|职工|员工|教职工)(?:现有|共有)[\d.]|占(?:了)?(?:职工|员工|教职工|全体职工)?总数")


def _background(text: str) -> bool:
    """Is the sentence background rather than anybody's work: a person's description, or the
    size of a workforce?"""
    return bool(_PERSON_IS.match(_subject_lead(text)) or _WORKFORCE.search(text))


def _national(names: Iterable[str]) -> bool:
    """Is the body a national one (中华全国总工会, 中国教育工会 but not 中国教育工会乌鲁木齐市委员会)?"""
    return any(n.startswith(("中华全国", "全国")) or (n.startswith("中国") and not re.search("[省市县区州]", n))
               for n in names)


def _national_act(text: str, mine: frozenset[str]) -> bool:
    """In the brief of a body below the national one: a national meeting, or the state or a
    national body as the sentence's subject?"""
    return _national_meeting(text, mine) or bool(_STATE_LEAD.match(_subject_lead(text)))


def _national_meeting(text: str, mine: frozenset[str]) -> bool:
    """Does the sentence report a meeting of the whole country (「10月20日，重庆召开了全国工会女职工
    组织建设工作座谈会」 in a provincial union's report)? A body below the national one does not
    hold it: the meeting is the national body's, and so is what the report says it did, unless the
    body says it held it (「我省承办了全国……」, 「陕西省总工会承办的全国……」)."""
    lead = _subject_lead(text)
    m = _NATIONAL_MEETING.match(lead)
    if not m:
        return False
    host = m.group(1) or ""
    return not host.startswith(_WHOLE) and not any(name in lead[:m.end()] for name in mine)


# 「由市总工会女职委主办」, 「由省总工会的一位负责人进行」, 「由市总工会的专家……组成」: the agent of a passive
_HOST_IS = re.compile(r"(?:主办|承办|发起)(?:方|单位)(?:是|为)")
_BY = re.compile(r"由([^，。；：！？]{2,60}?)(?:联合|共同|负责)?(?:主办|承办|举办|组织|进行|主持|组成|颁发|授予|发起|牵头|开展|实施)")


def _done_by_another(text: str, others: tuple[frozenset[str], tuple[int, ...]], mine: frozenset[str]) -> bool:
    """Does the sentence say that another organisation did it, named after 由 (「启动仪式将于3月8日在
    市一宫举行，由市总工会女职委主办」 in a district union's notice, 「授牌由省总工会的一位负责人进行」
    in a hospital union's report), without naming this body as a co-host (「由市总工会主办、区总工会
    承办」 stays the district union's)?"""
    if any(name in text for name in mine):
        return False
    if _HOST_IS.search(text):
        return True  # 「这次活动的主办方是人民网、中国妇女报社和红旗出版社」: whoever they are, not this body
    if "由" not in text:
        return False
    return any(_led_by_another(m.group(1), others, mine) or _level_union_not_mine(m.group(1), mine)
               for m in _BY.finditer(text))


# A level's union named by its level alone (「由市医务工会女工委组织」): a body above the unit that
# reports, even where the corpus never names it in full.
_LEVEL_UNION = re.compile(r"[省市县区州旗](?:总工会|[\u4e00-\u9fff]{2,5}?工会)")


def _level_union_not_mine(agent: str, mine: frozenset[str]) -> bool:
    """Does ``agent`` open with a level's union that none of this body's names ends with?"""
    level = _LEVEL_UNION.match(agent)
    return bool(level) and not any(name.endswith(level.group()) for name in mine)


def _follow_another(cands: list[_Candidate], mine: frozenset[str]) -> None:
    """The sentences after another body's in its paragraph go on about that body (「区总工会女职工
    委员会在组建前……」/「在实践中，他们摸索出了四种组建方式。」/「第一种是……」) until one is led by a
    name of this body's or by the whole it speaks for (「全院各分工会……」, 「我们……」), or the report
    goes on to its next point (「三是……」): they are that body's work too."""
    following: set[tuple[str, int]] = set()
    for c in sorted(cands, key=lambda c: c.position):
        key = (c.sent.doc, c.sent.para)
        whole = c.sent.text.strip()
        if c.kind == "heading" or strip_enumerator(whole) != whole:
            following.discard(key)  # the report's next point (「三是……」) is its own again
        if c.kind == ANOTHERS:
            following.add(key)
        elif key in following:
            if _led_by(c.text, mine):
                following.discard(key)
            elif c.kind in BULLET_KINDS or c.kind in FALLBACK_KINDS:
                # a quotation there is that body's speaker's (「“我们要为这个行业……”」)
                c.kind = ANOTHERS


# A visiting party: 「调研组」, 「省总工会检查组」, 「评审组一行」, 「王明一行」 (not 「调研组织」).
_PARTY_WORD = r"(?:(?:评审|专家|督查|督导|检查|考察|调研|验收|评估|考核|慰问|观摩|巡查)[组团](?![织建])|一行)"
_PARTY = re.compile(_PARTY_WORD)
_PARTY_LEAD = re.compile(r"[\u4e00-\u9fff]{0,8}?" + _PARTY_WORD)


# A person introduced by another body's name and an office (「济宁市妇联副主席张玲利」,
# 「市卫生局党委委员李厚景」): the name after the office, up to what the person does next.
_OFFICE = re.compile(r"(?:副?主席|副?部长|副?主任|副?书记|副?局长|副?处长|副?调研员|党组成员|党委委员|负责人)"
                     r"([\u4e00-\u9fff]{2,3}?)(?=[，,。、；（(和与]|在|等|一同|一行|到|出席|参加|讲话|致辞|表示|指出|"
                     r"说|为|向|带队|率队|宣读|主持|介绍|作|对|就|还|也)")
_DEPARTMENT = 10  # 「……妇联发展部部长」: a department's name between the body's and the office


def _officers_of_others(sents: list[tuple[int, int, str]], others: tuple[frozenset[str], tuple[int, ...]],
                        mine: frozenset[str]) -> set[str]:
    """The people a document introduces as officers of another body (and of none of this one's)."""
    names, lengths = others
    people: set[str] = set()
    for _, _, text in sents:
        for m in _OFFICE.finditer(text):
            before = text[max(0, m.start() - 40):m.start()]
            ends = range(len(before), max(-1, len(before) - _DEPARTMENT - 1), -1)
            if any(before[:e].endswith(n) for e in ends for n in mine):
                continue
            if any(e >= n and before[e - n:e] in names for e in ends for n in lengths):
                people.add(m.group(1))
    return people


def _officers_acts(cands: list[_Candidate], texts: dict[str, list[tuple[int, int, str]]],
                   others: tuple[frozenset[str], tuple[int, ...]], mine: frozenset[str]) -> None:
    """What a person the report introduced as another body's officer does or says
    (「张玲利在会上讲了……」 after 「……带队的是济宁市妇联副主席张玲利」) is that body's work.
    ``texts``: every sentence of the candidates' documents (``texts_of``)."""
    people = {doc: _officers_of_others(sents, others, mine) for doc, sents in texts.items()}
    for c in cands:
        here = people.get(c.sent.doc)
        if c.kind in BULLET_KINDS and here and _subject_lead(c.text).startswith(tuple(here)):
            c.kind = ANOTHERS


# Who leads a visiting party, said where it comes in: 「带队的是市总工会副主席……」, 「由区总工会主席……带队」.
_LEADER = re.compile(r"带队的是([^，,。；]{2,40})|由([^，,。；]{2,40}?)(?:带队|率队|带领)")


def _party_leader_another(text: str, others: tuple[frozenset[str], tuple[int, ...]], mine: frozenset[str]) -> bool:
    """Is the sentence a visiting party's coming in, led by another body's officer?"""
    if not _PARTY_LEAD.match(_subject_lead(text)):
        return False
    leader = _LEADER.search(text)
    return bool(leader) and _led_by_another(leader.group(1) or leader.group(2), others, mine)


def _visitors_acts(cands: list[_Candidate], texts: dict[str, list[tuple[int, int, str]]],
                   others: tuple[frozenset[str], tuple[int, ...]], mine: frozenset[str]) -> None:
    """A visiting party (评审组, 调研组, 督查组, 「X一行」) is the body's that sent it, and the
    report says which where the party comes in, before the sentences that it leads: 「市总工会
    经济部部长王明一行四人来到我院」 (led by another body's name) makes 「评审组听取了汇报」 and
    「专家组……」 after it in the hospital union's report the city union's acts; 「区总工会组成调研组……」
    keeps 「调研组走访了……」 the district union's own.  ``texts``: every sentence of the
    candidates' documents (``texts_of``)."""
    # where each document brings a party in: a sentence that names one and is not led by one, or
    # one led by a party that says who leads it (「调研组来到……，带队的是济宁市妇联副主席……」)
    comes_in = {doc: [((para, sent), _led_by_another(text, others, mine) or _party_leader_another(text, others, mine))
                      for para, sent, text in sents
                      if _PARTY.search(text) and (not _PARTY_LEAD.match(_subject_lead(text)) or _LEADER.search(text))]
                for doc, sents in texts.items()}
    for c in cands:
        if c.kind in BULLET_KINDS and _party_leader_another(c.text, others, mine):
            c.kind = ANOTHERS
            continue
        if c.kind not in BULLET_KINDS or not _PARTY_LEAD.match(_subject_lead(c.text)):
            continue
        before = [another for at, another in comes_in.get(c.sent.doc, ()) if at < (c.sent.para, c.sent.sent)]
        if before and before[-1]:
            c.kind = ANOTHERS


# Who told the reporter (「据了解，」, 「记者了解到，」) or who is speaking (「周碧辉还谈到，」,
# 「他表示，」): the subject of what is reported comes after it.  A speaker is a person (one to
# four characters, 他 or 周碧辉, not ending in a body's head such as 会, 局 or 委), so
# 「区总工会表示，」 keeps its subject.
_SOURCE_LEAD = re.compile(r"(?:据(?:了解|介绍|悉|统计)|记者(?:从[^，,。]{2,20})?了解到|"
                          r"[\u4e00-\u9fff]{1,4}?(?<![会局委部厅处办司])(?:还|也|又)?(?:在?(?:致辞|讲话|发言)时)?"
                          r"(?:介绍|表示|说|谈到|指出|强调|坦言))[，,：:]\s*")


def _subject_lead(text: str) -> str:
    """The sentence from its subject on: after a dateline, an enumerator, a connective, the
    reporter's source (「据了解，」) and a time or place lead (「近年来，」, 「在阜新，」)."""
    lead, _ = strip_lead(text)
    for pattern in (_TIME_LEAD, _SOURCE_LEAD, _TIME_LEAD):  # 「会上，王芳介绍，今年，……」
        m = pattern.match(lead)
        if m and m.end() < len(lead):
            lead = lead[m.end():]
    return lead


_WHOLE = ("全", "各", "所有", "我", "本")


def _led_by(text: str, names: frozenset[str]) -> bool:
    """Does the sentence open (after a dateline, an enumerator, a connective, a time or a place)
    with one of ``names``, or with the whole body (全院, 各级, 我们, 本会)?"""
    lead = _subject_lead(text)
    return lead.startswith(_WHOLE) or any(lead.startswith(name) for name in names)


def _overview(overview: list[_Candidate], eligible: list[_Candidate], vec, max_chars: int) -> _Candidate | None:
    """The overview sentence for 「概况」: the one closest to all of the organisation's
    sentences, if it takes at most ``OVERVIEW_SHARE`` of the budget."""
    fitting = [c for c in overview if len(c.text) <= max_chars * OVERVIEW_SHARE]
    if not fitting or not eligible:
        return None
    centroid = _unit_sum(vec[c.row] for c in eligible)
    best = max(fitting, key=lambda c: (_dot(vec[c.row], centroid), -c.index))
    best.score = _dot(vec[best.row], centroid)
    return best


def _own_name(sent, names: list[str]) -> str:
    """The organisation a brief sentence is credited to: the brief's own, for a joint event."""
    for name in names:
        if name in (sent.orgs or (sent.org,)):
            return name
    return sent.org or ""


def _brief_sentence(c: _Candidate, names: list[str]) -> BriefSentence:
    return BriefSentence(c.text, c.sent.doc, c.sent.para, c.sent.sent, round(c.score, 4), _own_name(c.sent, names),
                         span=c.span, theme=c.theme)


def _theme_sections(chosen: list[_Candidate], weights: dict[str, float], order: str,
                    names: list[str]) -> list[ThemeSection]:
    """The chosen sentences by theme: themes by weight; within a theme in source order
    (``order="source"``) or most central first (``"score"``)."""
    sections: list[ThemeSection] = []
    for t in sorted(weights, key=lambda t: (-weights[t], THEMES.index(t))):
        picked = [c for c in chosen if c.theme == t]
        if order == "source":
            picked.sort(key=lambda c: c.position)
        else:
            picked.sort(key=lambda c: (-c.score, c.index))
        if not picked:
            continue
        sections.append(ThemeSection(theme=t, weight=round(weights[t], 4),
                                     sentences=[_brief_sentence(c, names) for c in picked]))
    return sections


def _sources(quoted: list[BriefSentence | BriefFigure], documents: list[str]) -> list[Source]:
    """The files quoted, in corpus order, each with the paragraphs quoted."""
    paras: dict[str, set[int]] = {}
    for s in quoted:
        paras.setdefault(s.doc, set()).add(s.para)
    order = {name: i for i, name in enumerate(documents)}
    return [Source(doc, tuple(sorted(p))) for doc, p in sorted(paras.items(), key=lambda kv: order.get(kv[0], 0))]


def _children_with_text(name: str, analysis: _Analysis):
    from unionnlp.orgs.resolve import suborgs

    having = analysis.orgs_with_text()
    return [o for o in suborgs(name, analysis.attribution) if o.name in having]
