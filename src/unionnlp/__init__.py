"""unionnlp: themes and briefs for Chinese trade-union women-workers' work reports.

Every entry point loads on first use (reading, repair and segmentation too:
their patterns cost 50 ms to compile), so that ``import unionnlp`` stays cheap
and a command that reads only the corpus index never pays for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

from unionnlp.errors import InputError, LabelError, ModelError, OrgError, UnionNLPError, UsageError

# name -> module that defines it, imported on first access
_LAZY = {
    "read_document": "unionnlp.text.read",
    "repair_text": "unionnlp.text.repair",
    "segment_file": "unionnlp.text.segment",
    "segment_text": "unionnlp.text.segment",
    "split_sentences": "unionnlp.text.segment",
    "classify_text": "unionnlp.themes.classify",
    "classify_sentences": "unionnlp.themes.classify",
    "load_model": "unionnlp.themes.model",
    "ThemeModel": "unionnlp.themes.model",
    "train_model": "unionnlp.themes.train",
    "cross_validate": "unionnlp.themes.train",
    "evaluate_dev": "unionnlp.themes.evaluate",
    "read_labels": "unionnlp.themes.labels",
    "check_labels": "unionnlp.themes.labels",
    "attribute_orgs": "unionnlp.orgs.attribution",
    "resolve_org": "unionnlp.orgs.resolve",
    "summarise": "unionnlp.briefs.selection",
    "render_markdown": "unionnlp.briefs.render",
    "render_html": "unionnlp.briefs.render",
    "brief_to_dict": "unionnlp.briefs.render",
    "key_figures": "unionnlp.briefs.selection",
    "theme_share_svg": "unionnlp.briefs.chart",
    "write_chart": "unionnlp.briefs.chart",
}

__all__ = [
    "__version__",
    "InputError",
    "LabelError",
    "ModelError",
    "OrgError",
    "UnionNLPError",
    "UsageError",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unionnlp' has no attribute {name!r}")
    return getattr(import_module(module), name)
