"""A compact Chinese word list: is a string that spans a line break a word?

``data/words.txt.gz`` holds the 2–4-character words of jieba's dictionary
with a frequency of at least 10 (94,207 words, 340 KB), one a line, sorted.
Reading jieba's 5 MB dictionary itself costs about 0.2 s and importing jieba
1.4 s; this list is read only when repair meets a line break it cannot decide
from punctuation and widths (about 30 ms, once per process), and searched by
bisection.  ``python -m unionnlp.text.words`` rebuilds it
from the installed jieba.
"""

from __future__ import annotations

import bisect
import zlib
from pathlib import Path

_PATH = Path(__file__).resolve().parent / "data" / "words.txt.gz"
MIN_FREQ = 10

_words: list[str] | None = None


_set: frozenset[str] | None = None
_lookups = 0
_SET_AFTER = 20_000  # lookups by bisection before the list is made a set (worth it on big inputs only)


def is_word(s: str) -> bool:
    """True if ``s`` is a word of the list (binary search in the sorted list; a set once
    many words have been looked up)."""
    global _words, _set, _lookups
    if _set is not None:
        return s in _set
    if _words is None:
        try:
            # (zlib reads the gzip member directly: the same bytes, without gzip's Python layer)
            _words = zlib.decompress(_PATH.read_bytes(), 31).decode("utf-8").split("\n")
        except OSError:
            _words = []
    _lookups += 1
    if _lookups > _SET_AFTER:
        _set = frozenset(_words)
        return s in _set
    i = bisect.bisect_left(_words, s)
    return i < len(_words) and _words[i] == s


def _fewest_words(s: str, cut: int | None = None, known: dict | None = None) -> int:
    """The fewest dictionary words (of 2–4 characters) and single characters that ``s``
    splits into; with ``cut``, only splits that have a boundary at ``cut``.  ``known``
    holds the answers of ``is_word`` already looked up for ``s``'s substrings."""
    n = len(s)
    best = [0] + [n + 1] * n
    for end in range(1, n + 1):
        for size in (1, 2, 3, 4):
            start = end - size
            if start < 0:
                break
            if cut is not None and start < cut < end:
                continue
            if size == 1:
                word = True
            elif known is None:
                word = is_word(s[start:end])
            else:
                part = s[start:end]
                word = known.get(part)
                if word is None:
                    word = known[part] = is_word(part)
            if word:
                best[end] = min(best[end], best[start] + 1)
    return best[n]


def split_words(s: str) -> list[str]:
    """The fewest-words split of ``s`` into dictionary words (2–4 characters) and single characters."""
    n = len(s)
    best = [0] + [n + 1] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for size in (1, 2, 3, 4):
            start = end - size
            if start < 0:
                break
            if (size == 1 or is_word(s[start:end])) and best[start] + 1 < best[end]:
                best[end], back[end] = best[start] + 1, start
    words = []
    end = n
    while end > 0:
        words.append(s[back[end]:end])
        end = back[end]
    return words[::-1]


def last_word(s: str) -> str:
    """The last word of the fewest-words split of ``s`` (a dictionary word or one character)."""
    return split_words(s)[-1] if s else ""


def word_across(left: str, right: str, reach: int = 4) -> bool:
    """Does a word run across the boundary between ``left`` and ``right``?

    True when every split of the characters around the boundary into the fewest
    dictionary words has a word across it: 「女职工委」/「员会」 (委员会), 「也增强她」/
    「们的」 (她们).  A word that merely *could* span is not enough: in 「集团工会」/
    「通讯员」 the dictionary has 会通, but 集团|工会|通讯员 splits with fewer words.
    Only the ``reach`` Chinese characters on either side are looked at."""
    a, b = left[-reach:], right[:reach]
    if not a or not b:
        return False
    s = a + b
    known: dict[str, bool] = {}  # each substring looked up once for both splits
    return _fewest_words(s, len(a), known) > _fewest_words(s, None, known)


def build(out: Path = _PATH) -> int:
    """Write the word list from the installed jieba's dictionary; returns the word count."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("jieba is not installed")
    source = Path(list(spec.submodule_search_locations)[0]) / "dict.txt"
    words = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and int(parts[1]) >= MIN_FREQ:
            if all("\u4e00" <= c <= "\u9fff" for c in parts[0]):
                words.add(parts[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    import gzip

    out.write_bytes(gzip.compress("\n".join(sorted(words)).encode("utf-8"), 9, mtime=0))
    return len(words)


if __name__ == "__main__":
    print(build(), "words →", _PATH)
