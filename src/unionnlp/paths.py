"""The one place that knows where the shipped corpus, labels and model live.

In an installed wheel they sit under ``unionnlp/data/``; in a source checkout
(editable install, tests) they are the top-level ``seeds/``, ``labels/`` and
``models/`` folders.  Everything else in the package takes paths as arguments.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent.parent

MODEL_FILENAME = "themes.npz"


def _locate(name: str) -> Path:
    shipped = _PACKAGE_DIR / "data" / name
    if shipped.is_dir():
        return shipped
    return _CHECKOUT_DIR / name


def default_corpus_dir() -> Path:
    """Folder of the shipped seed reports (the default corpus)."""
    return _locate("seeds")


def default_labels_dir() -> Path:
    """Folder of the shipped labelled corpus."""
    return _locate("labels")


def default_model_path() -> Path:
    """Path of the shipped default theme model."""
    return _locate("models") / MODEL_FILENAME


def default_dev_dir() -> Path:
    """The development set of a source checkout (``dev/``; it is not shipped in the wheel)."""
    return _CHECKOUT_DIR / "dev"


def cache_dir() -> Path | None:
    """The per-user cache folder (jieba's dictionary cache, corpus analyses), created if needed.

    ``$UNIONNLP_CACHE``, else ``$XDG_CACHE_HOME/unionnlp``, else ``~/.cache/unionnlp``.
    If it cannot be used (it cannot be created, is a file, is not writable, is
    on a read-only file system) the toolkit runs without a cache: this returns
    None, with one ``UnionNLPWarning``.
    """
    import os
    import warnings

    from unionnlp.errors import UnionNLPWarning

    base = os.environ.get("UNIONNLP_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "unionnlp"
    )
    path = Path(base)
    try:
        path.mkdir(parents=True, exist_ok=True)
        problem = None if os.access(path, os.W_OK | os.X_OK) else "not writable"
    except FileExistsError:
        problem = "a file is in the way"
    except OSError as exc:
        problem = exc.strerror or str(exc)
    if problem is None:
        return path
    message = f"cache folder {path} cannot be used ({problem}); running without a cache"
    if message not in _WARNED:  # once per process, however many parts of a run ask
        _WARNED.add(message)
        warnings.warn(message, UnionNLPWarning, stacklevel=2)
    return None


_WARNED: set[str] = set()
