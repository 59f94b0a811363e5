"""``unionnlp train`` and ``unionnlp evaluate``: fit the theme model, cross-validate it."""

from __future__ import annotations

import json
import math
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from unionnlp.cli._util import JobsOpt, ModelOpt, _fail, _write_stdout
from unionnlp.errors import LabelError, UnionNLPError

LabelsDirOpt = Annotated[
    Optional[Path], typer.Option("--labels", "-l", help="Folder of *.jsonl label files (default: the shipped labels).")
]


def _scores_table(results: dict, baseline: dict) -> str:
    from unionnlp.themes.labels import LABELS

    lines = []
    for key, sc in results.items():
        lines.append(f"== {sc.name} ({sc.folds} folds, {sc.n} sentences)")
        lines.append(f"macro-F1 {sc.macro_f1:.3f}   accuracy {sc.accuracy:.3f}")
        lines.append("label".ljust(10) + "precision  recall     f1  support")
        for label, d in sc.per_label.items():
            lines.append(f"{label}\t  {d['precision']:>7.3f} {d['recall']:>7.3f} {d['f1']:>6.3f} {d['support']:>8}")
        lines.append("confusion (rows: true, columns: predicted " + " ".join(LABELS) + ")")
        for label, row in zip(LABELS, sc.confusion):
            lines.append(f"{label}\t" + "".join(f"{v:>6}" for v in row))
        lines.append("")
    for key, sc in baseline.items():
        lines.append(f"== {sc.name} ({sc.n} sentences): macro-F1 {sc.macro_f1:.3f}   accuracy {sc.accuracy:.3f}")
        lines.append("   recall " + "  ".join(f"{label} {d['recall']:.2f}" for label, d in sc.per_label.items()))
    return "\n".join(lines) + "\n"


def _check_c(value: Optional[float]) -> Optional[float]:
    if value is not None and not (math.isfinite(value) and value > 0):
        raise typer.BadParameter(f"must be a positive number, not {value:g}")
    return value


def _check_features(value: Optional[str]) -> Optional[str]:
    if value is not None:
        from unionnlp.themes.features import ANALYZERS

        if value not in ANALYZERS:
            raise typer.BadParameter(f"unknown feature set {value!r}; choose from {', '.join(ANALYZERS)}")
    return value


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def train(
    labels: LabelsDirOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Where to write the model (default: the shipped model's path); written atomically.")] = None,
    features: Annotated[Optional[str], typer.Option("--features", help="char13+lex+ctx (default), char13+lex, char13, char24, word or char13+word.", callback=_check_features)] = None,
    c: Annotated[Optional[float], typer.Option("--C", help="Inverse regularisation strength, a positive number.", callback=_check_c)] = None,
    no_eval: Annotated[bool, typer.Option("--no-eval", help="Skip cross-validation (faster).")] = False,
) -> None:
    """Train the theme model on every *.jsonl in the labels folder, print its cross-validated scores."""
    from unionnlp import paths as default_paths
    from unionnlp.files import OutputFile
    from unionnlp.themes.labels import read_labels
    from unionnlp.themes.model import model_bytes
    from unionnlp.themes.train import DEFAULT_SETTINGS, too_few_documents, train_model

    settings = dict(DEFAULT_SETTINGS)
    if features:
        settings["features"] = features
    if c is not None:
        settings["C"] = c
    path = out or default_paths.default_model_path()
    try:
        # Opened before training: a path that cannot be written fails now, not after minutes of work.
        model_file = OutputFile(path, force=True, option="--out")
    except UnionNLPError as exc:
        raise _fail(exc)
    with model_file:
        try:
            records = read_labels(labels or default_paths.default_labels_dir())
            documents = sorted({r.doc for r in records})
            if not no_eval and len(documents) < 2:
                raise LabelError(too_few_documents(documents, "label another or pass --no-eval"))
            model, results = train_model(records, settings, evaluate=not no_eval)
            model_file.write(model_bytes(model))
            model_file.commit()
        except UnionNLPError as exc:
            raise _fail(exc)
    if results:
        _write_stdout(_scores_table(results, {}))
    _write_stdout(f"model written to {path} ({len(records)} sentences, {len(model.vocabulary)} features)\n")


def evaluate(
    labels: LabelsDirOpt = None,
    model: ModelOpt = None,
    features: Annotated[Optional[str], typer.Option("--features", help="Feature set to evaluate (default: the model's).", callback=_check_features)] = None,
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = TextOrJson.text,
    jobs: JobsOpt = None,
) -> None:
    """Grouped leave-one-document-out cross-validation, beside the guide's keyword baseline."""
    from unionnlp import paths as default_paths
    from unionnlp.themes.labels import read_labels
    from unionnlp.themes.model import read_metadata
    from unionnlp.themes.train import DEFAULT_SETTINGS, baseline_scores, cross_validate

    labels_dir = labels or default_paths.default_labels_dir()
    try:
        settings = dict(DEFAULT_SETTINGS)
        model_path = model or default_paths.default_model_path()
        if model is not None or model_path.exists():
            saved = read_metadata(model_path).get("settings", {})
            settings.update(saved if isinstance(saved, dict) else {})
        if features:
            settings["features"] = features
        records = read_labels(labels_dir)
        from unionnlp.corpus.parallel import default_jobs

        results = cross_validate(records, settings, jobs=jobs or default_jobs())
        guide = Path(labels_dir) / "GUIDE.md" if Path(labels_dir).is_dir() else None
        if guide is None or not guide.exists():
            guide = default_paths.default_labels_dir() / "GUIDE.md"
        baseline = baseline_scores(records, guide)
    except UnionNLPError as exc:
        raise _fail(exc)
    if format is TextOrJson.json:
        payload = {"settings": settings, "model": {k: v.as_dict() for k, v in results.items()},
                   "keyword_baseline": {k: v.as_dict() for k, v in baseline.items()}}
        _write_stdout(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        _write_stdout(f"features {settings['features']}, C {settings['C']}\n\n" + _scores_table(results, baseline))
