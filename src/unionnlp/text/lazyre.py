"""Regular expressions compiled on first use.

A command that reads a corpus index imports modules whose patterns it never runs
(the repair, furniture and figure rules that analysed the reports): compiling
them all costs about 50 ms of a 0.3 s ``summarise``.  A pattern made here
compiles when one of its methods is first used and then hands out the compiled
pattern's own bound methods, so a hot loop pays nothing after the first call.
"""

from __future__ import annotations

import re

__all__ = ["lazy_re"]

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split", "scanner")


class LazyPattern:
    """A ``re.Pattern`` stand-in: ``pattern`` and ``flags`` as given, every other
    attribute from the compiled pattern (compiled on first use)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str):
        # Only called for attributes the instance does not hold: the first use.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_re({self.pattern!r})"


def lazy_re(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, deferred to the pattern's first use."""
    return LazyPattern(pattern, flags)
