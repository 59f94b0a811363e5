"""Turning a sentence into the tokens the theme model counts.

The analyzers are module-level functions so that scikit-learn can use them
at training time and the numpy-only model can use the very same code at
prediction time.  Character n-grams need no word segmenter, so classifying
does not pay jieba's start-up cost; the jieba word analyzer exists for the
feature comparison in ``unionnlp evaluate --features``.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_SPACES = re.compile(r"\s+")

FEATURE_SETS = ("char13", "char24", "word", "char13+word")


def normalise_for_features(text: str) -> str:
    """Lower-case Latin, fold every number to one symbol, drop spaces.

    Figures (1052场, 3.8万) say nothing about a theme by their value, and
    spaces left by repair between numbers and characters should not matter.
    """
    text = _DIGITS.sub("0", text.lower())
    return _SPACES.sub("", text)


def _char_ngrams(text: str, low: int, high: int) -> list[str]:
    text = normalise_for_features(text)
    grams: list[str] = []
    n = len(text)
    for size in range(low, high + 1):
        grams.extend(text[i : i + size] for i in range(n - size + 1))
    return grams


def char13(text: str) -> list[str]:
    """Character 1- to 3-grams."""
    return _char_ngrams(text, 1, 3)


def char24(text: str) -> list[str]:
    """Character 2- to 4-grams."""
    return _char_ngrams(text, 2, 4)


def cache_dir() -> Path:
    """The per-user cache folder (jieba's prefix-dictionary cache, corpus caches)."""
    base = os.environ.get("UNIONNLP_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "unionnlp"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


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

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    tokenizer.initialize()
    return tokenizer


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
        raise ValueError(f"unknown feature set {name!r}; choose from {', '.join(FEATURE_SETS)}") from None
