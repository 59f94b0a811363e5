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
