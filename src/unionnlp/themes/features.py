"""Turning a sentence into the tokens the theme model counts.

The analyzers are module-level functions so that scikit-learn can use them
at training time and the numpy-only model can use the very same code at
prediction time.  Character n-grams need no word segmenter, so classifying
does not pay jieba's start-up cost; the jieba word analyzer exists for the
feature comparison in ``unionnlp evaluate --features``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import add

from unionnlp.paths import cache_dir  # noqa: F401 - where it used to live

from unionnlp.text.furniture import is_furniture
from unionnlp.themes.segmenter import word_segmenter

_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_SPACES = re.compile(r"\s+")



def normalise_for_features(text: str) -> str:
    """Lower-case Latin, fold every number to one symbol, drop spaces (and NULs).

    Figures (1052场, 3.8万) say nothing about a theme by their value, and
    spaces left by repair between numbers and characters should not matter.
    """
    return normalise_joined(text.replace("\x00", ""))


def normalise_joined(text: str) -> str:
    """:func:`normalise_for_features` without dropping NULs: the prediction path joins a
    batch of NUL-free texts with NUL and normalises them in one call."""
    return _SPACES.sub("", _DIGITS.sub("0", text.lower()))


def _char_ngrams(text: str, low: int, high: int) -> list[str]:
    text = normalise_for_features(text)
    grams: list[str] = []
    n = len(text)
    for size in range(low, high + 1):
        grams.extend(text[i : i + size] for i in range(n - size + 1))
    return grams


def char13(text: str) -> list[str]:
    """Character 1- to 3-grams (the hot path of classification: built with
    C-level ``map`` rather than slicing in a Python loop)."""
    text = normalise_for_features(text)
    bigrams = list(map(add, text, text[1:]))
    return [*text, *bigrams, *map(add, bigrams, text[2:])]


def char24(text: str) -> list[str]:
    """Character 2- to 4-grams."""
    return _char_ngrams(text, 2, 4)


@lru_cache(maxsize=1)
def jieba_tokenizer():
    """A private jieba tokenizer, its cache in the per-user cache folder.

    The global one shares state and keeps its cache in the system temp folder
    with mode 0600, which fails for a second user on the same machine.
    """
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba imports the deprecated pkg_resources
        import jieba

    tokenizer = jieba.Tokenizer()
    folder = cache_dir()
    scratch = None
    if folder is None:  # no usable cache folder: build the dictionary in a scratch folder, removed at once
        import tempfile

        try:
            scratch = tempfile.TemporaryDirectory(prefix="unionnlp-jieba-")
            tokenizer.tmp_dir = scratch.name
        except OSError:
            tokenizer.tmp_dir = None
    else:
        tokenizer.tmp_dir = str(folder)
    # jieba logs a traceback when it cannot write its cache; it only costs time.
    jieba.setLogLevel(logging.CRITICAL)
    try:
        tokenizer.initialize()
    finally:
        jieba.setLogLevel(logging.WARNING)
        if scratch is not None:
            scratch.cleanup()
    return tokenizer


@lru_cache(maxsize=1)
def _word_cutter():
    if word_segmenter().startswith("rjieba"):
        import rjieba  # jieba's dictionary and algorithm in Rust: the same words, ~12x faster

        return lambda text: rjieba.cut(text, hmm=False)
    tokenizer = jieba_tokenizer()
    return lambda text: tokenizer.lcut(text, HMM=False)


def cut_words(text: str) -> list[str]:
    """jieba's words of a text, HMM off, for briefs and their IDF (not the theme model's
    features, which stay with jieba itself): rjieba when it is installed, jieba otherwise.
    On the seeds and written reports both give the same content words for every sentence.
    Built per process on first use, never pickled."""
    return _word_cutter()(text)


def words(text: str) -> list[str]:
    """jieba words (HMM off: it invents tokens), with ``w:`` prefixed so they
    never collide with character n-grams in a combined vocabulary."""
    tokens = jieba_tokenizer().lcut(normalise_for_features(text), HMM=False)
    return ["w:" + t for t in tokens if t.strip()]


def char13_words(text: str) -> list[str]:
    """Character 1- to 3-grams plus jieba words."""
    return char13(text) + words(text)


ANALYZERS = {"char13": char13, "char24": char24, "word": words, "char13+word": char13_words}


def get_analyzer(name: str):
    """The analyzer function for a feature-set name."""
    try:
        return ANALYZERS[name]
    except KeyError:
        raise ValueError(f"unknown feature set {name!r}; choose from {', '.join(ANALYZERS)}") from None


# A hand-curated theme lexicon: words that mark a theme across organisations,
# broader than the guide's cue table.  Each hit adds a ``lex:<theme>`` token,
# so short section openers ("二是拓展组建领域。") share evidence with long
# sentences about the same work.
THEME_LEXICON = {
    "思想引领": (
        "思想", "引领", "理论", "学习贯彻", "宣讲", "宣传教育", "主题教育", "阅读", "书香", "读书", "党史",
        "主题党日", "道德讲堂", "家风", "家教", "最美家庭", "幸福家庭", "文明家庭", "理想信念", "听党话",
        "跟党走", "红色", "爱国", "演讲", "婚恋观", "价值观", "精神风貌",
    ),
    "建功立业": (
        "建功", "竞赛", "比武", "技能", "创新", "工匠", "劳模", "巾帼标兵", "标兵岗", "五一巾帼", "金点子",
        "合理化建议", "练兵", "导师带徒", "提素", "人才", "技术", "攻关", "成果", "评优", "奉献之星", "素质提升",
    ),
    "权益维护": (
        "权益", "维权", "法律", "普法", "法治", "援助", "劳动争议", "调解", "仲裁", "集体协商", "集体合同",
        "专项合同", "监督", "产假", "哺乳时间", "生育津贴", "性骚扰", "平等就业", "就业歧视", "一函两书",
        "源头参与", "劳动保护", "劳动关系", "调岗", "休息休假", "诉求", "检察",
    ),
    "关爱服务": (
        "关爱", "服务", "母婴", "妈咪小屋", "妈妈小屋", "哺乳室", "托管", "托育", "婚恋", "交友", "相亲",
        "联谊", "心理", "体检", "筛查", "健康", "送温暖", "慰问", "帮扶", "困难职工", "驿站", "文体",
        "保险", "特疾险", "互助", "福利", "亲子", "集体婚礼",
    ),
    "组织建设": (
        "组织建设", "组建", "建会", "入会", "覆盖", "换届", "选举", "补选", "委员", "女职委", "工作条例",
        "制度", "机制", "规范化", "干部", "队伍建设", "经费", "顶层设计", "实施意见", "调研",
        "考核", "自身建设", "基层组织", "工作格局", "统筹", "指导",
    ),
}


_CUE_TOKEN = {cue: f"lex:{theme}" for theme, cues in THEME_LEXICON.items() for cue in cues}
# One pass over the text finds every cue (longest first where two start at
# the same place), instead of one str.count per cue.
_CUES = re.compile("|".join(map(re.escape, sorted(_CUE_TOKEN, key=len, reverse=True))))


@lru_cache(maxsize=16384)
def lexicon_tokens(text: str) -> tuple[str, ...]:
    """One ``lex:<theme>`` token per occurrence of a lexicon word.

    Cached: with context features every sentence is also read as its
    neighbours' previous and next sentence.
    """
    return tuple(map(_CUE_TOKEN.__getitem__, _CUES.findall(text)))


def char13_lex(text: str) -> list[str]:
    """Character 1- to 3-grams plus theme-lexicon hits."""
    return [*char13(text), *lexicon_tokens(text)]


# Context: a section's theme is often announced or continued by the sentences
# around a short opener ("二是强化责任落实。"), so the model may also see the
# lexicon hits of the previous and next sentence, under their own prefixes, and
# (``+head``) those of the heading the sentence sits under.
CONTEXT_SEP = "\x1f"


def with_context(text: str, previous: str = "", following: str = "", heading: str = "") -> str:
    """One string carrying a sentence, its neighbours and its section heading, for context-aware analyzers."""
    return f"{text}{CONTEXT_SEP}{previous}{CONTEXT_SEP}{following}{CONTEXT_SEP}{heading}"


def split_context(text: str) -> tuple[str, str, str, str]:
    """The sentence, previous and next sentence and heading packed by ``with_context``."""
    parts = text.split(CONTEXT_SEP)
    parts += [""] * (4 - len(parts))
    return parts[0], parts[1], parts[2], parts[3]


def _ctx_lexicon(text: str) -> list[str]:
    """The sentence's lexicon hits and its neighbours' as ``prev:``/``next:`` tokens (packed input)."""
    main, previous, following, _ = split_context(text)
    return [
        *lexicon_tokens(main),
        *["prev:" + t for t in lexicon_tokens(previous)],
        *["next:" + t for t in lexicon_tokens(following)],
    ]


def char13_lex_ctx(text: str) -> list[str]:
    """char13+lex for the sentence, plus the neighbours' lexicon hits as ``prev:``/``next:`` tokens."""
    return [*char13(split_context(text)[0]), *_ctx_lexicon(text)]


# Section headings: a short line without a sentence end (a title, a markdown
# heading, 「二、工作要求」), or a short opener that starts with an enumerator
# (「一是强化顶层设计，谋“策”。」, 「（三）……」, 「■ ……」).  Furniture lines are never headings.
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．](?!\d)"
    r"|第[一二三四五六七八九十]{1,3}[、，,是]|[■●◆▲•★])"
)
_HEADING_MAX = 40


def is_heading(text: str) -> bool:
    """True when a sentence reads as a section heading (see above)."""
    text = text.strip()
    if not text or len(text) > _HEADING_MAX:
        return False
    bare = text.rstrip("”’」』）)】》〕\"'")
    if not _ENUMERATOR.match(text) and (not bare or bare[-1] in "。！？!?；;：:…，,、"):
        return False
    return not is_furniture(text)


def heading_tokens(text: str) -> list[str]:
    """``head:`` lexicon hits of the section heading, and ``pos:head`` when the sentence is a heading itself."""
    main, _, _, heading = split_context(text)
    tokens = ["head:" + t for t in lexicon_tokens(heading)]
    if is_heading(main):
        tokens.append("pos:head")
    return tokens


def _extra_head(text: str) -> list[str]:
    return [*_ctx_lexicon(text), *heading_tokens(text)]


def _extra_w(text: str) -> list[str]:
    return [*_ctx_lexicon(text), *word_tokens(split_context(text)[0])]


def _extra_head_w(text: str) -> list[str]:
    return [*_extra_head(text), *word_tokens(split_context(text)[0])]


def word_tokens(text: str) -> list[str]:
    """jieba words of two or more characters (``w:``) and pairs of neighbouring words (``w2:``)."""
    tokens = [t for t in jieba_tokenizer().lcut(normalise_for_features(text), HMM=False) if t.strip()]
    return [*("w:" + t for t in tokens if len(t) > 1), *(f"w2:{a}|{b}" for a, b in zip(tokens, tokens[1:]))]


def char13_lex_ctx_head(text: str) -> list[str]:
    """char13+lex+ctx plus the section heading's lexicon hits (``+head``)."""
    return [*char13(split_context(text)[0]), *_extra_head(text)]


def char13_lex_ctx_w(text: str) -> list[str]:
    """char13+lex+ctx plus jieba words and word pairs of the sentence (``+w``)."""
    return [*char13(split_context(text)[0]), *_extra_w(text)]


def char13_lex_ctx_head_w(text: str) -> list[str]:
    """char13+lex+ctx+head plus jieba words and word pairs (``+head+w``)."""
    return [*char13(split_context(text)[0]), *_extra_head_w(text)]


def _no_extra(text: str) -> list[str]:
    return []


def _extra_lex(text: str) -> list[str]:
    return list(lexicon_tokens(text))


# Feature sets made of the sentence's character 1-3-grams plus other tokens: the
# function that gives the other tokens of a (packed) input.  Prediction builds the
# n-grams of a whole batch at once in numpy and asks Python only for these.
CHAR13_EXTRAS = {
    "char13": _no_extra,
    "char13+lex": _extra_lex,
    "char13+lex+ctx": _ctx_lexicon,
    "char13+lex+ctx+head": _extra_head,
    "char13+lex+ctx+w": _extra_w,
    "char13+lex+ctx+head+w": _extra_head_w,
}


ANALYZERS["char13+lex"] = char13_lex
ANALYZERS["char13+lex+ctx"] = char13_lex_ctx
ANALYZERS["char13+lex+ctx+head"] = char13_lex_ctx_head
ANALYZERS["char13+lex+ctx+w"] = char13_lex_ctx_w
ANALYZERS["char13+lex+ctx+head+w"] = char13_lex_ctx_head_w


def uses_context(features: str) -> bool:
    """True if the feature set reads the neighbouring sentences or the section heading."""
    parts = features.split("+")
    return "ctx" in parts or "head" in parts


def uses_words(features: str) -> bool:
    """True if the feature set needs jieba at prediction time."""
    return "w" in features.split("+") or features == "word"


def neighbours(texts: list[str]) -> list[tuple[str, str, str]]:
    """(previous, next, section heading) for each sentence of one document, in order.

    The heading is the nearest earlier sentence that reads as a heading
    (:func:`is_heading`), or "" before the first one.
    """
    out = []
    heading = ""
    n = len(texts)
    for i, text in enumerate(texts):
        out.append((texts[i - 1] if i > 0 else "", texts[i + 1] if i + 1 < n else "", heading))
        if is_heading(text):
            heading = text
    return out
