"""Per-organisation briefs: the most central sentences of one organisation's work, by theme.

``summarise("山东")`` reads a corpus (default: the shipped seeds), finds the
sections that are the organisation's own work (:mod:`unionnlp.orgs`), labels
their sentences with the theme model (:mod:`unionnlp.themes.classify`) and builds an
**extractive** brief:

* every sentence is a sentence of the corpus, at most with a leading
  enumerator (一是, （二）, 一、) dropped, and keeps its file, paragraph and
  sentence number;
* only sentences of the organisation's own sections count (with
  ``include_sub`` also its descendants'); sentences of other organisations that
  merely mention it never do; 其他 sentences (titles, bylines, signatures) and
  markdown headings are never in a brief;
* themes are ordered by their share of the organisation's text (in
  characters); within a theme the most central sentences come first.
  Centrality is centroid scoring: the cosine between a sentence's TF-IDF vector
  of jieba words and the sum of the vectors of the organisation's eligible
  sentences of the same theme (``scoring="textrank"``, PageRank over the
  similarities of all the organisation's sentences, and
  ``"lead"`` are the alternatives measured in ``bench/summarise_rouge.py``);
  plans ("下一步，我们将……") count half;
* no two sentences say the same thing: near-duplicates (character-bigram
  containment ≥ ``SIMILARITY_THRESHOLD``, e.g. a speech and its condensed
  version in another report) are grouped and the fullest version is used, and
  candidates are picked by maximal marginal relevance (centrality less
  similarity to what the brief already says);
* the length budget ``max_chars`` is never exceeded.  It is shared by the
  themes in proportion to their weight: first each theme, heaviest first, gets
  its best sentence that still fits, then each theme is filled up to its share,
  then what is left goes to the best remaining sentences of any theme;
* 关键数据: figures (number, unit, what it counts) from the organisation's
  eligible sentences, those quoted in the brief first (:mod:`unionnlp.briefs.figures`).

The per-corpus analysis the sentences come from is :mod:`unionnlp.briefs.analysis`
(computed directly) or a corpus index (:mod:`unionnlp.corpus.index`, the default); the ``Brief`` returned is defined in
:mod:`unionnlp.briefs.brief` and rendered by :mod:`unionnlp.briefs.render`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from unionnlp.briefs.analysis import _PUNCT, _Analysis, _content_words, _Sent, load_analysis
from unionnlp.briefs.brief import DEFAULT_MAX_CHARS, Brief, BriefFigure, BriefSentence, Source, ThemeSection
from unionnlp.errors import OrgError, UsageError

__all__ = [
    "THEMES",
    "DEFAULT_MAX_CHARS",
    "SIMILARITY_THRESHOLD",
    "sentence_similarity",
    "strip_enumerator",
    "summarise",
]

THEMES = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设")
OTHER = "其他"
# Two sentences with this share of the shorter one's character bigrams in
# common say the same thing (a speech and its condensation in another report).
SIMILARITY_THRESHOLD = 0.5
# A shorter member of a group stands in for the fullest one (when that does not
# fit the budget) only if it is the same statement, shortened.
SAME_STATEMENT = 0.8
MAX_FIGURES = 12
# A brief reports what was done: plans ("下一步，我们将……") count half.
PLAN_PENALTY = 0.5
# Maximal marginal relevance: a candidate's value is its (max-normalised) centrality
# less MMR_LAMBDA times its similarity to the closest sentence already chosen; 1.0
# weighs relevance and novelty equally (the classic λ = 0.5 of MMR).
MMR_LAMBDA = 1.0
# Share the budget among themes by weight (the brief's rule); the bench turns it off
# for an ablation that shows what theme coverage costs in ROUGE.
_THEME_QUOTAS = True
# Centroid scoring measures a sentence against its own theme's sentences ("within a
# theme the most central first"); 0.0 would measure it against all of the
# organisation's sentences.
THEME_CENTRALITY = 1.0
SCORINGS = ("centroid", "textrank", "lead")
DEFAULT_SCORING = "centroid"


_ENUMERATOR = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"
    r"|[一二三四五六七八九十]{1,3}是"
    r"|[一二三四五六七八九十]{1,3}\s*[、，.．]"
    r"|\d{1,2}\s*[、.．](?!\d)"
    r"|第[一二三四五六七八九十]{1,3}[，、,]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
_TERMINATED = re.compile(r"[。！？；!?;…]")
_PLAN = re.compile(r"^(?:下一步|今后|未来|着眼未来|下阶段|接下来)|我们将|将继续|将以|将坚持|将认真|将严格")


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------


def strip_enumerator(text: str) -> str:
    """``text`` without a leading enumerator (一是, （二）, 一、, 1.), if that leaves text."""
    m = _ENUMERATOR.match(text)
    if m and m.end() < len(text):
        return text[m.end() :]
    return text


MIN_BRIEF_CHARS = 8  # Chinese characters a brief sentence needs


def is_title_like(text: str) -> bool:
    """A line that is a title or header, not a statement: no sentence-final
    punctuation and no comma ("会聚良缘 爱在龙江", "做优维权服务").  Subheads that
    state something ("加大源头参与力度，撑起女职工合法权益“防护伞”") have a comma."""
    return not _TERMINATED.search(text) and "，" not in text and "," not in text


@lru_cache(maxsize=65536)
def _bigrams(text: str) -> frozenset[str]:
    # Cached: grouping near-duplicates and MMR compare every pair of an organisation's sentences.
    chars = [ch for ch in text if not ch.isspace() and not _PUNCT.match(ch)]
    return frozenset({chars[i] + chars[i + 1] for i in range(len(chars) - 1)} or set(chars))


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
    index: int  # position among the organisation's eligible sentences, in text order
    sent: _Sent
    text: str
    theme: str
    score: float = 0.0
    group: int = -1  # near-duplicate group (its fullest member represents it)


def _vectors(cands: Sequence[_Candidate], idf: dict[str, float]):
    import numpy as np

    vocab: dict[str, int] = {}
    rows = []
    for c in cands:
        counts: dict[int, float] = {}
        for w in _content_words(c.sent.tokens):
            j = vocab.setdefault(w, len(vocab))
            counts[j] = counts.get(j, 0.0) + 1.0
        rows.append(counts)
    mat = np.zeros((len(cands), max(len(vocab), 1)))
    inv = {j: w for w, j in vocab.items()}
    for i, counts in enumerate(rows):
        for j, tf in counts.items():
            mat[i, j] = (1.0 + math.log(tf)) * idf.get(inv[j], 1.0)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def _score(cands: list[_Candidate], idf: dict[str, float], scoring: str) -> None:
    import numpy as np

    n = len(cands)
    if n == 0:
        return
    if scoring == "lead":
        for c in cands:
            c.score = 1.0 / (1.0 + c.index)
        return
    vec = _vectors(cands, idf)
    if scoring == "centroid":
        def closeness(rows):
            centroid = vec[rows].sum(axis=0)
            norm = np.linalg.norm(centroid) or 1.0
            return vec @ (centroid / norm)

        scores = closeness(np.arange(n))
        if THEME_CENTRALITY:
            themes = np.array([c.theme for c in cands])
            own = np.zeros(n)
            for t in set(themes):
                rows = np.flatnonzero(themes == t)
                own[rows] = closeness(rows)[rows]
            scores = (1 - THEME_CENTRALITY) * scores + THEME_CENTRALITY * own
    else:  # textrank
        sim = vec @ vec.T
        np.fill_diagonal(sim, 0.0)
        out = sim.sum(axis=1)
        out[out == 0] = 1.0
        trans = sim / out[:, None]
        scores = np.full(n, 1.0 / n)
        d = 0.85
        for _ in range(100):
            new = (1 - d) / n + d * (trans.T @ scores)
            if np.abs(new - scores).sum() < 1e-9:
                scores = new
                break
            scores = new
        scores = scores * n  # mean 1: comparable across organisations
    for c, s in zip(cands, scores):
        c.score = float(s) * (PLAN_PENALTY if _PLAN.search(c.text) else 1.0)


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


def _select(
    cands: list[_Candidate],
    weights: dict[str, float],
    max_chars: int,
    threshold: float,
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
    used_groups: set[int] = set()
    used_theme: dict[str, int] = {t: 0 for t in weights}
    total = 0

    def version(g: int) -> _Candidate | None:
        """The member of group ``g`` that would be used now, or None."""
        lead = groups[g][0]
        for c in groups[g]:  # fullest first
            if total + len(c.text) > max_chars:
                continue
            if c is not lead and sentence_similarity(c.text, lead.text) < SAME_STATEMENT:
                continue  # a heading over the statement, not a shorter version of it
            if any(sentence_similarity(c.text, x.text) >= threshold for x in chosen):
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
            overlap = max((sentence_similarity(c.text, x.text) for x in chosen), default=0.0)
            value = group_score[g] - MMR_LAMBDA * overlap
            if value > found_value:
                found, found_value = (g, c), value
        return found

    def take(g: int, c: _Candidate) -> None:
        nonlocal total
        chosen.append(c)
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
    for t in themes:
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
    return chosen


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
    encoding: str | None = None,
    scoring: str = DEFAULT_SCORING,
    threshold: float = SIMILARITY_THRESHOLD,
    index: bool | str | Path | None = True,
    analysis=None,
) -> Brief:
    """An extractive brief of one organisation's work in a corpus (default: the seeds).

    ``org`` is anything :func:`unionnlp.orgs.resolve.resolve_org` accepts (山东, 洛阳市总工会,
    中通); ``themes`` restricts the brief to some of :data:`THEMES`; ``include_sub``
    adds the sections of the organisation's descendants; ``encoding`` decodes the
    corpus files with that encoding instead of detecting it.  Files that cannot
    be read are left out and named in ``Brief.unreadable``.  Raises ``OrgError``
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
    wanted = _check_themes(themes)
    if analysis is None:
        if index is False or index is None:
            analysis = load_analysis(corpus, model, encoding)
        else:
            from unionnlp.corpus.index import open_analysis

            analysis = open_analysis(corpus, None if index is True else index, model=model, encoding=encoding)
    try:
        return _summarise(org, analysis, max_chars, wanted, include_sub, scoring, threshold)
    except OrgError as exc:
        exc.unreadable = tuple(analysis.errors)  # the reports that might have held it
        raise


def _summarise(org: str, analysis: _Analysis, max_chars: int, wanted: tuple[str, ...], include_sub: bool,
               scoring: str, threshold: float) -> Brief:
    found, names = _resolve(org, analysis, include_sub)
    name_set = set(names)

    own = analysis.sentences_of(name_set)
    if not own:
        below = [o.name for o in _children_with_text(found.name, analysis)]
        hint = f"; its member organisations have some: try --include-sub ({', '.join(below[:3])})" \
            if below and not include_sub else ""
        raise OrgError(f"{analysis.directory}: no report section of {found.name} in this corpus{hint}")

    eligible: list[_Candidate] = []
    for s in own:
        if s.label not in THEMES or s.heading or is_title_like(s.text):
            continue
        text = strip_enumerator(s.text)
        # Too short to stand alone in a brief: a scrambled PDF fragment
        # ("好的社会环境。") or a bare section opener ("强化顶层设计。").
        if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < MIN_BRIEF_CHARS:
            continue
        eligible.append(_Candidate(len(eligible), s, text, s.label))
    if not eligible:
        raise OrgError(f"{analysis.directory}: {found.name} has no sentence on any theme in this corpus")

    theme_chars: dict[str, int] = {}
    for c in eligible:
        theme_chars[c.theme] = theme_chars.get(c.theme, 0) + len(c.text)
    all_chars = sum(theme_chars.values())
    weights_all = {t: theme_chars[t] / all_chars for t in theme_chars}

    idf = analysis.idf_of(w for c in eligible for w in _content_words(c.sent.tokens))
    _score(eligible, idf, scoring)
    pool = [c for c in eligible if c.theme in wanted]
    weights = {t: w for t, w in weights_all.items() if t in wanted}
    if not pool:
        raise OrgError(
            f"{analysis.directory}: {found.name} has no sentence on {'、'.join(wanted)}"
            f" (its themes: {'、'.join(sorted(weights_all, key=lambda t: -weights_all[t]))})"
        )
    chosen = _select(pool, weights, max_chars, threshold)

    sections = _theme_sections(chosen, weights)
    brief_sents = [s for ts in sections for s in ts.sentences]
    figures = _figures(brief_sents, sorted(pool, key=lambda c: (-c.score, c.index)))
    sources = _sources([*brief_sents, *figures], analysis.documents)
    return Brief(
        org=found.name,
        themes=sections,
        figures=figures,
        sources=sources,
        orgs=tuple(names),
        corpus=analysis.directory,
        max_chars=max_chars,
        unreadable=tuple(analysis.errors),
    )


def _theme_sections(chosen: list[_Candidate], weights: dict[str, float]) -> list[ThemeSection]:
    """The chosen sentences by theme: themes by weight, most central sentence first."""
    sections: list[ThemeSection] = []
    for t in sorted(weights, key=lambda t: (-weights[t], THEMES.index(t))):
        picked = sorted((c for c in chosen if c.theme == t), key=lambda c: (-c.score, c.index))
        if not picked:
            continue
        sections.append(
            ThemeSection(
                theme=t,
                weight=round(weights[t], 4),
                sentences=[
                    BriefSentence(c.text, c.sent.doc, c.sent.para, c.sent.sent, round(c.score, 4),
                                  c.sent.org or "")
                    for c in picked
                ],
            )
        )
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


def _figures(brief_sents: list[BriefSentence], ranked: list[_Candidate]) -> list[BriefFigure]:
    from unionnlp.briefs.figures import dedupe_figures, extract_figures

    sources: list[tuple[str, str, int, int]] = [(s.text, s.doc, s.para, s.sent) for s in brief_sents]
    in_brief = {(s.doc, s.para, s.sent) for s in brief_sents}
    sources += [(c.text, c.sent.doc, c.sent.para, c.sent.sent) for c in ranked
                if (c.sent.doc, c.sent.para, c.sent.sent) not in in_brief]
    found = []
    where = {}
    for text, doc, para, sent in sources:
        for f in extract_figures(text):
            number = f.number
            if f.unit not in ("%", "元", "倍") and (number is None or number < 10):
                continue  # 5个部分, 3次: small counts say little
            found.append(f)
            where[id(f)] = (doc, para, sent)
    out = []
    for f in dedupe_figures(found)[:MAX_FIGURES]:
        doc, para, sent = where[id(f)]
        out.append(BriefFigure(f.value, f.unit, f.what, f.text, doc, para, sent))
    return out
