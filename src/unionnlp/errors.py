"""The toolkit's error hierarchy: library code raises, only the CLI prints and exits."""

from __future__ import annotations


class UnionNLPError(Exception):
    """Base error; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(UnionNLPError):
    """A file or stream that cannot be read as a report (missing, empty, binary, undecodable)."""


class UsageError(UnionNLPError):
    """The call itself is wrong (bad option value, conflicting options)."""

    exit_code = 2


class LabelError(UnionNLPError):
    """A label file that is malformed or inconsistent."""


class ModelError(UnionNLPError):
    """A model file that is missing, corrupted or incompatible."""


class OrgError(UnionNLPError):
    """An organisation name that cannot be resolved, or a corpus without it."""


class CorpusIndexError(UnionNLPError):
    """A corpus index that cannot be used: built with another model or analysis code,
    locked by another process for too long, or not a unionnlp index."""
