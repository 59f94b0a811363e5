"""``unionnlp train`` and ``unionnlp evaluate``: fit the theme model, choose its settings, score it."""

from __future__ import annotations

import json
import math
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from unionnlp.cli._util import JobsOpt, ModelOpt, _fail, _write_stdout
from unionnlp.errors import LabelError, UnionNLPError, UsageError

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


def _nested_table(nested) -> str:
    lines = [f"== {nested.as_dict()['protocol']}"]
    for info in nested.folds:
        docs = ", ".join(Path(d).stem[:24] for d in info["test_docs"][:3]) + (" …" if len(info["test_docs"]) > 3 else "")
        lines.append(f"  outer fold [{docs}]: chose {info['settings']} (inner macro-F1 {info['inner_macro_f1']:.3f}, "
                     f"temperature {info['temperature']:.3f})")
    for key, sc in nested.scores.items():
        lines.append(f"{sc.name}: {sc.n} sentences, macro-F1 {sc.macro_f1:.3f}, accuracy {sc.accuracy:.3f}, "
                     f"ECE {nested.calibration[key]['ece']:.3f}")
        lines.append("   recall " + "  ".join(f"{label} {d['recall']:.2f}" for label, d in sc.per_label.items()))
    return "\n".join(lines) + "\n\n"


def _selection_table(selection) -> str:
    from unionnlp.themes.train import INNER_FOLDS, _setting_key

    lines = [f"== settings chosen by grouped {INNER_FOLDS}-fold cross-validation on all labels"]
    for s, f1 in sorted(selection.table, key=lambda x: -x[1]):
        mark = "*" if s == selection.settings else " "
        lines.append(f" {mark} {f1:.4f}  {_setting_key(s)}")
    return "\n".join(lines) + "\n\n"


def _progress(i: int, n: int, info: dict) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"outer fold {i}/{n}: {info['settings']}\n")
        sys.stderr.flush()


def _dev_dir(dev: Optional[Path]) -> Path:
    from unionnlp import paths

    folder = dev or paths.default_dev_dir()
    if not (folder / "labels").is_dir():
        raise UsageError(f"{folder}: not a development set (no labels/ folder); pass its folder, e.g. --dev dev")
    return folder


def train(
    labels: LabelsDirOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Where to write the model (default: the shipped model's path); written atomically.")] = None,
    features: Annotated[Optional[str], typer.Option("--features", help="Feature set (default: the chosen char13+lex+ctx; also char13+lex+ctx+head, char13+lex+ctx+w, char13+lex, char13, char24, word, char13+word).", callback=_check_features)] = None,
    c: Annotated[Optional[float], typer.Option("--C", help="Inverse regularisation strength, a positive number.", callback=_check_c)] = None,
    select: Annotated[bool, typer.Option("--select", help="Choose features, C and class weights by grouped cross-validation over the grid, and score that choice by nested cross-validation (slow: its folds run on --jobs processes).")] = False,
    dev: Annotated[Optional[Path], typer.Option("--dev", help="Also score the trained model on this development set and record it in the model's metadata.")] = None,
    no_eval: Annotated[bool, typer.Option("--no-eval", help="Skip cross-validation (faster; the probabilities stay uncalibrated).")] = False,
    jobs: JobsOpt = None,
) -> None:
    """Train the theme model on every *.jsonl in the labels folder, calibrate it, print its cross-validated scores."""
    from unionnlp import paths as default_paths
    from unionnlp.files import OutputFile
    from unionnlp.themes.labels import read_labels
    from unionnlp.themes.model import model_bytes
    from unionnlp.themes.train import (
        DEFAULT_SETTINGS,
        nested_cross_validate,
        select_settings,
        too_few_documents,
        train_model,
    )

    settings = dict(DEFAULT_SETTINGS)
    if features:
        settings["features"] = features
    if c is not None:
        settings["C"] = c
    if select and (features or c is not None):
        raise _fail(UsageError("--select chooses the features and C itself; drop --features/--C"))
    path = out or default_paths.default_model_path()
    try:
        dev_dir = _dev_dir(dev) if dev is not None else None
        # Opened before training: a path that cannot be written fails now, not after minutes of work.
        model_file = OutputFile(path, force=True, option="--out")
    except UnionNLPError as exc:
        raise _fail(exc)
    text = ""
    with model_file:
        try:
            records = read_labels(labels or default_paths.default_labels_dir())
            documents = sorted({r.doc for r in records})
            if (not no_eval or select) and len(documents) < 2:
                raise LabelError(too_few_documents(documents, "label another or pass --no-eval"))
            nested = selection = None
            if select:
                from unionnlp.corpus.parallel import default_jobs

                workers = default_jobs() if jobs is None else jobs
                nested = nested_cross_validate(records, progress=_progress, jobs=workers)
                selection = select_settings(records, jobs=workers)
                settings = dict(selection.settings)
                text += _nested_table(nested) + _selection_table(selection)
            model, results = train_model(records, settings, evaluate=not no_eval, nested=nested, selection=selection)
            if dev_dir is not None:
                from unionnlp.themes.evaluate import evaluate_dev, render_text, summary

                found = evaluate_dev(dev_dir, model)
                model.metadata["metrics"]["dev"] = summary(found)
                text += render_text(found, dev_dir) + "\n"
            model_file.write(model_bytes(model))
            model_file.commit()
        except UnionNLPError as exc:
            raise _fail(exc)
    if results:
        text = _scores_table(results, {}) + text
    _write_stdout(text + f"model written to {path} ({len(records)} sentences, {len(model.vocabulary)} features, "
                  f"{settings['features']}, C {settings['C']:g}, class_weight {settings['class_weight']}, "
                  f"temperature {model.temperature:g})\n")


def evaluate(
    dev_dir: Annotated[Optional[Path], typer.Argument(help="Development set folder for --dev (default: dev/ of the checkout).", show_default=False)] = None,
    dev: Annotated[bool, typer.Option("--dev", help="Score the model on the development set: macro-F1, per-theme recall, confusion, calibration (ECE).")] = False,
    labels: LabelsDirOpt = None,
    model: ModelOpt = None,
    features: Annotated[Optional[str], typer.Option("--features", help="Feature set to evaluate (default: the model's).", callback=_check_features)] = None,
    nested: Annotated[bool, typer.Option("--nested", help="Nested cross-validation of the whole settings choice (slow).")] = False,
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = TextOrJson.text,
    jobs: JobsOpt = None,
) -> None:
    """Grouped leave-one-document-out cross-validation beside the guide's keyword baseline; or,
    with --dev [DIR], the model's figures on a development set of labelled reports."""
    if dev or dev_dir is not None:
        if nested or features:
            raise _fail(UsageError("--dev scores a trained model; --nested and --features are for cross-validation"))
        _evaluate_dev(dev_dir, model, format)
        return
    from unionnlp import paths as default_paths
    from unionnlp.themes.labels import read_labels
    from unionnlp.themes.model import read_metadata
    from unionnlp.themes.train import DEFAULT_SETTINGS, baseline_scores, cross_validate, nested_cross_validate

    labels_dir = labels or default_paths.default_labels_dir()
    try:
        records = read_labels(labels_dir)
        if nested:
            from unionnlp.corpus.parallel import default_jobs

            result = nested_cross_validate(records, progress=_progress, jobs=default_jobs() if jobs is None else jobs)
            if format is TextOrJson.json:
                _write_stdout(json.dumps(result.as_dict(), ensure_ascii=False, indent=1) + "\n")
            else:
                _write_stdout(_nested_table(result))
            return
        settings = dict(DEFAULT_SETTINGS)
        model_path = model or default_paths.default_model_path()
        if model is not None or model_path.exists():
            saved = read_metadata(model_path).get("settings", {})
            settings.update(saved if isinstance(saved, dict) else {})
        if features:
            settings["features"] = features
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


def _evaluate_dev(dev_dir: Optional[Path], model: Optional[Path], format) -> None:
    from unionnlp.themes.evaluate import evaluate_dev, render_text, summary

    try:
        folder = _dev_dir(dev_dir)
        found = evaluate_dev(folder, model)
    except UnionNLPError as exc:
        raise _fail(exc)
    if format is TextOrJson.json:
        _write_stdout(json.dumps({"dev": str(folder), "reports": found["reports"], "sentences": found["sentences"],
                                  "figures": summary(found),
                                  "confusion": {k: v["themes"]["confusion"] for k, v in found["kinds"].items()}},
                                 ensure_ascii=False, indent=1, default=str) + "\n")
    else:
        _write_stdout(render_text(found, folder))
