"""Which word segmenter this installation uses, found without importing it or the
feature code (the identity of a corpus analysis names it)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["word_segmenter"]


@lru_cache(maxsize=1)
def word_segmenter() -> str:
    """Which segmenter ``cut_words`` uses (``rjieba x.y`` when installed, else ``jieba``),
    found without importing either."""
    import importlib.util

    if importlib.util.find_spec("rjieba") is not None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"rjieba {version('rjieba')}"
        except PackageNotFoundError:  # pragma: no cover - a module without metadata
            return "rjieba"
    return "jieba"
