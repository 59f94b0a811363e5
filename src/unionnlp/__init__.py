"""unionnlp: themes and briefs for Chinese trade-union women-workers' work reports.

The light entry points (reading, repair, segmentation) import at once; the
classifier, the organisation finder and the summariser load on first use so
that ``import unionnlp`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

from unionnlp.errors import InputError, LabelError, ModelError, OrgError, UnionNLPError, UsageError
from unionnlp.repair import repair_text
from unionnlp.segment import segment_file, segment_text, split_sentences
from unionnlp.textio import read_document

# name -> module that defines it, imported on first access
_LAZY = {
    "classify_text": "unionnlp.classify",
    "classify_sentences": "unionnlp.classify",
    "load_model": "unionnlp.model",
    "ThemeModel": "unionnlp.model",
    "train_model": "unionnlp.train",
    "evaluate": "unionnlp.train",
    "read_labels": "unionnlp.labels",
    "check_labels": "unionnlp.labels",
    "attribute_orgs": "unionnlp.orgs",
    "resolve_org": "unionnlp.orgs",
    "summarise": "unionnlp.brief",
    "render_markdown": "unionnlp.brief",
    "brief_to_dict": "unionnlp.brief",
}

__all__ = [
    "__version__",
    "InputError",
    "LabelError",
    "ModelError",
    "OrgError",
    "UnionNLPError",
    "UsageError",
    "read_document",
    "repair_text",
    "segment_file",
    "segment_text",
    "split_sentences",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unionnlp' has no attribute {name!r}")
    return getattr(import_module(module), name)
