"""``unionnlp info``: versions and where the default data lives."""

from __future__ import annotations

import sys

from unionnlp import __version__
from unionnlp.cli._util import _write_stdout
from unionnlp.errors import UnionNLPError


def info() -> None:
    """Versions of the toolkit and its libraries, and where the default data lives."""
    from importlib.metadata import PackageNotFoundError, version

    from unionnlp import paths

    lines = [f"unionnlp {__version__}", f"python {sys.version.split()[0]}"]
    for dist in ("typer", "numpy", "charset-normalizer", "scikit-learn", "jieba", "spacy", "snownlp"):
        try:
            lines.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            lines.append(f"{dist} (not installed)")
    lines.append(f"default corpus: {paths.default_corpus_dir()}")
    lines.append(f"default labels: {paths.default_labels_dir()}")
    cache = paths.cache_dir()
    lines.append(f"cache folder: {cache}" if cache is not None else "cache folder: none usable (running without a cache)")
    model_path = paths.default_model_path()
    lines.append(f"default model: {model_path}" + ("" if model_path.exists() else " (missing: run `unionnlp train`)"))
    if model_path.exists():
        try:
            from unionnlp.themes.model import read_metadata

            meta = read_metadata(model_path)
            metrics = meta.get("metrics", {})
            cv = metrics.get("macro_f1")
            dev = metrics.get("dev", {}).get("clean", {}).get("macro_f1")
            lines.append(f"model trained: {meta.get('created', '?')} on {meta.get('n_train', '?')} sentences"
                         + (f", cross-validated macro-F1 {cv:.3f}" if isinstance(cv, float) else "")
                         + (f", development-set macro-F1 {dev:.3f}" if isinstance(dev, float) else ""))
        except UnionNLPError as exc:
            lines.append(f"model unreadable: {exc}")
        except ImportError:
            pass
    _write_stdout("\n".join(lines) + "\n")
