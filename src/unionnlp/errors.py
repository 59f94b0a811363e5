"""The toolkit's error hierarchy: library code raises, only the CLI prints and exits."""

from __future__ import annotations

import re


class UnionNLPError(Exception):
    """Base error; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(UnionNLPError):
    """A file or stream that cannot be read as a report (missing, empty, binary, undecodable)."""


class UsageError(UnionNLPError):
    """The call itself is wrong (bad option value, conflicting options)."""

    exit_code = 2


class OutputError(UnionNLPError):
    """A result that cannot be written (read-only or full file system, a closed stream)."""


class LabelError(UnionNLPError):
    """A label file that is malformed or inconsistent."""


class ModelError(UnionNLPError):
    """A model file that is missing, corrupted or incompatible."""


class OrgError(UnionNLPError):
    """An organisation name that cannot be resolved, or a corpus without it."""


class UnionNLPWarning(UserWarning):
    """Something the user should know that does not stop the work (a cut paragraph,
    text without Chinese, a cache that cannot be used).  Library code warns with
    :func:`warnings.warn`; the CLI shows each as one ``unionnlp: warning:`` line."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def shown(text: str, limit: int = 40) -> str:
    """``text`` as a message quotes it: control characters escaped (a newline
    becomes ``\\n``, so the message stays on one line), cut to ``limit``
    characters with an ellipsis."""
    text = str(text)
    cut = len(text) > limit
    text = text[:limit]
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text + ("…" if cut else "")


class CorpusIndexError(UnionNLPError):
    """A corpus index that cannot be used: built with another model or analysis code,
    locked by another process for too long, or not a unionnlp index."""
