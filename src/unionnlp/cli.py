"""The ``unionnlp`` command line: a thin typer layer over the Python API.

This is the only module that prints or exits.  Heavy libraries (scikit-learn,
jieba, spaCy) are imported inside the commands that need them, so that
``unionnlp --help`` and ``classify`` start fast.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

from unionnlp import __version__
from unionnlp.errors import UnionNLPError, UsageError

app = typer.Typer(
    name="unionnlp",
    help="Themes and briefs for Chinese trade-union women-workers' work reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    """One diagnostic line on stderr."""
    sys.stderr.write(f"unionnlp: error: {message}\n")
    sys.stderr.flush()


def _fail(exc: UnionNLPError) -> typer.Exit:
    _err(str(exc))
    return typer.Exit(exc.exit_code)


def _write_stdout(text: str) -> None:
    # Always UTF-8, whatever the console code page (cp936 on Windows).
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


class _Output:
    """Where a command's results go: stdout, or a file it must not clobber.

    A file is written under a temporary name beside it and renamed into place
    on ``close``, so a failed run never leaves half a file or destroys the old one.
    """

    def __init__(self, path: Optional[Path], force: bool):
        if path is not None and path.exists() and not force:
            raise UsageError(f"{path}: already exists; pass --force to overwrite it")
        self.path = path
        self._tmp = None
        self._file = None

    def write(self, text: str) -> None:
        if self.path is None:
            sys.stdout.buffer.write(text.encode("utf-8"))  # flushed on close
            return
        if self._file is None:
            import tempfile

            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            self._file = open(fd, "w", encoding="utf-8", newline="")
        self._file.write(text)

    def close(self) -> None:
        if self.path is None:
            sys.stdout.flush()
            return
        if self._file is None:
            self.write("")
        self._file.close()
        Path(self._tmp).replace(self.path)


def _version_callback(value: bool) -> None:
    if value:
        _write_stdout(f"unionnlp {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Themes and briefs for Chinese trade-union women-workers' work reports."""


InputsArg = Annotated[
    list[str],
    typer.Argument(help="Report files, folders (every *.txt inside) or - for stdin.", show_default=False),
]
EncodingOpt = Annotated[
    Optional[str],
    typer.Option("--encoding", "-e", help="Decode inputs with this encoding instead of detecting it."),
]
OutOpt = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow --output to overwrite an existing file.")]


def _iter_segmented(inputs: list[str], encoding: Optional[str], failures: list[str]) -> Iterator:
    """Segmented documents for every input; bad ones are reported and skipped."""
    from unionnlp.segment import segment_document
    from unionnlp.textio import iter_documents

    for item in iter_documents(inputs, encoding):
        if isinstance(item, UnionNLPError):
            _err(str(item))
            failures.append(str(item))
            continue
        yield item.name, segment_document(item)


class SegmentFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


@app.command()
def segment(
    inputs: InputsArg,
    format: Annotated[SegmentFormat, typer.Option("--format", "-f", help="text: paragraphs and one sentence a line; jsonl: one object a sentence.")] = SegmentFormat.text,
    encoding: EncodingOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Repair and segment reports: show the paragraphs and sentences the toolkit sees."""
    failures: list[str] = []
    try:
        out = _Output(output, force)
    except UnionNLPError as exc:
        raise _fail(exc)
    several = False
    for path, doc in _iter_segmented(inputs, encoding, failures):
        if format is SegmentFormat.jsonl:
            for s in doc.sentences:
                record = {"file": path, "doc": s.doc, "para": s.para, "sent": s.sent,
                          "start": s.start, "end": s.end, "text": s.text}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            if several:
                out.write("\n")
            out.write(f"# {path}\n\n")
            out.write("\n\n".join("\n".join(s.text for s in p.sentences) for p in doc.paragraphs))
            out.write("\n")
        several = True
    out.close()
    if failures:
        raise typer.Exit(EXIT_FAILURE)


@app.command()
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
    model_path = paths.default_model_path()
    lines.append(f"default model: {model_path}" + ("" if model_path.exists() else " (missing: run `unionnlp train`)"))
    if model_path.exists():
        try:
            from unionnlp.model import read_metadata

            meta = read_metadata(model_path)
            cv = meta.get("metrics", {}).get("macro_f1")
            lines.append(f"model trained: {meta.get('created', '?')} on {meta.get('n_train', '?')} sentences"
                         + (f", cross-validated macro-F1 {cv:.3f}" if isinstance(cv, float) else ""))
        except UnionNLPError as exc:
            lines.append(f"model unreadable: {exc}")
        except ImportError:
            pass
    _write_stdout("\n".join(lines) + "\n")


# --- labels ------------------------------------------------------------------

labels_app = typer.Typer(help="Check, count and prepare label files.", no_args_is_help=True)
app.add_typer(labels_app, name="labels")

LabelsDirOpt = Annotated[
    Optional[Path], typer.Option("--labels", "-l", help="Folder of *.jsonl label files (default: the shipped labels).")
]


@labels_app.command("check")
def labels_check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Label files or folders (default: the shipped labels).")] = None,
) -> None:
    """Validate label files: JSON, fields, label names, duplicates."""
    from unionnlp import paths as default_paths
    from unionnlp.labels import check_labels

    result = check_labels(paths or [default_paths.default_labels_dir()])
    for problem in result.problems:
        _err(str(problem))
    if result.problems:
        raise typer.Exit(EXIT_FAILURE)
    _write_stdout(f"ok: {len(result.records)} labelled sentences in {len(result.files)} files\n")


@labels_app.command("stats")
def labels_stats(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Label files or folders (default: the shipped labels).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Counts of labelled sentences per label and per document."""
    from unionnlp import paths as default_paths
    from unionnlp.labels import LABELS, label_stats, read_labels

    try:
        stats = label_stats(read_labels(paths or [default_paths.default_labels_dir()]))
    except UnionNLPError as exc:
        raise _fail(exc)
    if format == "json":
        _write_stdout(json.dumps(stats, ensure_ascii=False, indent=1) + "\n")
        return
    lines = [f"{stats['total']} sentences; sources: " + ", ".join(f"{k} {v}" for k, v in stats["sources"].items()), ""]
    lines.append("label".ljust(10) + "".join(f"{n:>8}" for n in ["count", "share"]))
    for label, n in stats["labels"].items():
        lines.append(f"{label}\t{n:>6}{n / stats['total']:>8.1%}")
    lines += ["", "document".ljust(40) + "".join(f"{label:>6}" for label in LABELS)]
    for doc, counts in stats["documents"].items():
        lines.append(doc.ljust(40) + "".join(f"{counts[label]:>8}" for label in LABELS))
    _write_stdout("\n".join(lines) + "\n")


ModelOpt = Annotated[
    Optional[Path], typer.Option("--model", "-m", help="Model file (default: the shipped model).")
]


@labels_app.command("suggest")
def labels_suggest(
    report: Annotated[str, typer.Argument(help="A report file (or - for stdin) to prepare for labelling.")],
    output: OutOpt = None,
    force: ForceOpt = False,
    model: ModelOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Write a label file for a new report: suggestions filled in, labels left empty, least sure first."""
    from unionnlp.suggest import suggest_labels

    try:
        out = _Output(output, force)
        records = suggest_labels(report, model=model, encoding=encoding)
    except UnionNLPError as exc:
        raise _fail(exc)
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out.close()


# --- model -------------------------------------------------------------------


def _scores_table(results: dict, baseline: dict) -> str:
    from unionnlp.labels import LABELS

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


@app.command()
def train(
    labels: LabelsDirOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Where to write the model (default: the shipped model's path).")] = None,
    features: Annotated[Optional[str], typer.Option("--features", help="char13+lex (default), char13, char24, word or char13+word.")] = None,
    c: Annotated[Optional[float], typer.Option("--C", help="Inverse regularisation strength.")] = None,
    no_eval: Annotated[bool, typer.Option("--no-eval", help="Skip cross-validation (faster).")] = False,
) -> None:
    """Train the theme model on every *.jsonl in the labels folder, print its cross-validated scores."""
    from unionnlp import paths as default_paths
    from unionnlp.labels import read_labels
    from unionnlp.model import save_model
    from unionnlp.train import DEFAULT_SETTINGS, train_model

    settings = dict(DEFAULT_SETTINGS)
    if features:
        settings["features"] = features
    if c is not None:
        settings["C"] = c
    try:
        records = read_labels(labels or default_paths.default_labels_dir())
        model, results = train_model(records, settings, evaluate=not no_eval)
        path = save_model(model, out or default_paths.default_model_path())
    except (UnionNLPError, ValueError) as exc:
        raise _fail(exc if isinstance(exc, UnionNLPError) else UsageError(str(exc)))
    if results:
        _write_stdout(_scores_table(results, {}))
    _write_stdout(f"model written to {path} ({len(records)} sentences, {len(model.vocabulary)} features)\n")


@app.command()
def evaluate(
    labels: LabelsDirOpt = None,
    model: ModelOpt = None,
    features: Annotated[Optional[str], typer.Option("--features", help="Feature set to evaluate (default: the model's).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Grouped leave-one-document-out cross-validation, beside the guide's keyword baseline."""
    from unionnlp import paths as default_paths
    from unionnlp.labels import read_labels
    from unionnlp.model import read_metadata
    from unionnlp.train import DEFAULT_SETTINGS, baseline_scores, cross_validate

    labels_dir = labels or default_paths.default_labels_dir()
    try:
        settings = dict(DEFAULT_SETTINGS)
        model_path = model or default_paths.default_model_path()
        if model is not None or model_path.exists():
            settings.update(read_metadata(model_path).get("settings", {}))
        if features:
            settings["features"] = features
        records = read_labels(labels_dir)
        results = cross_validate(records, settings)
        guide = Path(labels_dir) / "GUIDE.md" if Path(labels_dir).is_dir() else None
        if guide is None or not guide.exists():
            guide = default_paths.default_labels_dir() / "GUIDE.md"
        baseline = baseline_scores(records, guide)
    except (UnionNLPError, ValueError) as exc:
        raise _fail(exc if isinstance(exc, UnionNLPError) else UsageError(str(exc)))
    if format == "json":
        payload = {"settings": settings, "model": {k: v.as_dict() for k, v in results.items()},
                   "keyword_baseline": {k: v.as_dict() for k, v in baseline.items()}}
        _write_stdout(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        _write_stdout(f"features {settings['features']}, C {settings['C']}\n\n" + _scores_table(results, baseline))


class ClassifyFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


class Level(str, Enum):
    sentence = "sentence"
    paragraph = "paragraph"
    document = "document"


def _render_table(records: list[dict], level: Level) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    if level is Level.sentence:
        for col in ("file", "¶", "#", "label", "prob", "runner-up", "text"):
            table.add_column(col, overflow="fold")
        for r in records:
            table.add_row(Path(r["file"]).name, str(r["para"]), str(r["sent"]), r["label"], f"{r['prob']:.2f}",
                          f"{r['runner_up']} {r['runner_up_prob']:.2f}", r["text"])
    else:
        cols = ("file", "¶", "themes", "text") if level is Level.paragraph else ("file", "sentences", "themes")
        for col in cols:
            table.add_column(col, overflow="fold")
        for r in records:
            themes = " ".join(f"{k} {v:.0%}" for k, v in r["shares"].items())
            if level is Level.paragraph:
                table.add_row(Path(r["file"]).name, str(r["para"]), themes, r["text"][:80])
            else:
                table.add_row(Path(r["file"]).name, str(r["sentences"]), themes)
    Console().print(table)


@app.command()
def classify(
    inputs: InputsArg,
    format: Annotated[Optional[ClassifyFormat], typer.Option("--format", "-f", help="table (default on a terminal), jsonl (default otherwise), json or csv.")] = None,
    level: Annotated[Level, typer.Option("--level", help="Label sentences, or give each paragraph's or document's theme shares.")] = Level.sentence,
    min_prob: Annotated[float, typer.Option("--min-prob", help="Below this probability a sentence is marked 不确定.", min=0.0, max=1.0)] = 0.0,
    model: ModelOpt = None,
    encoding: EncodingOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Label every sentence of reports with its theme (思想引领 建功立业 权益维护 关爱服务 组织建设 其他)."""
    from unionnlp.classify import document_records, get_model, iter_sentence_records, paragraph_records

    failures: list[str] = []
    fmt = format or (ClassifyFormat.table if output is None and sys.stdout.isatty() else ClassifyFormat.jsonl)
    try:
        if fmt is ClassifyFormat.table and output is not None:
            raise UsageError("--format table is for the terminal; use jsonl, json or csv with --output")
        out = _Output(output, force)
        themes = get_model(model)
    except UnionNLPError as exc:
        raise _fail(exc)
    records = iter_sentence_records(_iter_segmented_progress(inputs, encoding, failures), themes, min_prob)
    if level is Level.paragraph:
        records = iter(paragraph_records(records))
    elif level is Level.document:
        records = iter(document_records(records))
    if fmt is ClassifyFormat.table:
        _render_table(list(records), level)
    elif fmt is ClassifyFormat.jsonl:
        # Streamed: a huge input never has all its records in memory at once.
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is ClassifyFormat.json:
        out.write(json.dumps(list(records), ensure_ascii=False, indent=1) + "\n")
    else:
        _write_csv(records, out)
    out.close()
    if failures:
        raise typer.Exit(EXIT_FAILURE)


def _write_csv(records: Iterator[dict], out: "_Output") -> None:
    """CSV rows, nested values (probs, shares) as JSON; streamed like JSONL."""
    import csv
    import io

    writer = None
    buf = io.StringIO()
    for r in records:
        row = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in r.items()}
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        if buf.tell() > 1 << 16:
            out.write(buf.getvalue())
            buf.seek(0)
            buf.truncate()
    out.write(buf.getvalue())


def _iter_segmented_progress(inputs: list[str], encoding: Optional[str], failures: list[str]) -> Iterator:
    """Like _iter_segmented, with a progress bar on stderr for long batches on a terminal."""
    from unionnlp.textio import expand_inputs

    names = [n for n in expand_inputs(inputs) if not isinstance(n, UnionNLPError)]
    if len(names) < 20 or not sys.stderr.isatty():
        yield from _iter_segmented(inputs, encoding, failures)
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("classifying", total=len(names))
        for item in _iter_segmented(inputs, encoding, failures):
            progress.advance(task)
            yield item


# --- organisations -------------------------------------------------------------
# Paste into cli.py (after the model commands, before main()).  Uses only names
# cli.py already has: app, typer, Annotated, Optional, Path, Enum, json, sys,
# UnionNLPError, _err, _fail, _write_stdout, EXIT_FAILURE, EncodingOpt.


class OrgsFormat(str, Enum):
    table = "table"
    json = "json"


CorpusOpt = Annotated[
    Optional[Path],
    typer.Option("--corpus", "-c", help="Folder of *.txt reports (default: the shipped seeds)."),
]


def _para_ranges(paragraphs) -> str:
    """'1-7,9' for paragraphs (1, 2, 3, 4, 5, 6, 7, 9)."""
    parts: list[str] = []
    for p in sorted(paragraphs):
        if parts and p == int(parts[-1].split("-")[-1]) + 1:
            parts[-1] = parts[-1].split("-")[0] + f"-{p}"
        else:
            parts.append(str(p))
    return ",".join(parts)


def _orgs_records(summaries, attribution, explain: bool) -> list[dict]:
    records = []
    for s in summaries:
        record = s.to_dict()
        if explain:
            record["explain"] = [
                {"file": sec.doc, "paragraphs": list(sec.paragraphs), "evidence": sec.evidence}
                for sec in attribution.sections
                if sec.org == s.name
            ]
        records.append(record)
    return records


def _unattributed(attribution, documents) -> list[tuple[str, list[int]]]:
    out = []
    for doc in documents:
        left = [p.index for p in doc.paragraphs if attribution.org_of(doc.name, p.index) is None]
        if left:
            out.append((doc.name, left))
    return out


def _render_orgs_rich(summaries, attribution, documents, explain: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("organisation", "parent", "kind", "sections", "¶", "sentences", "files", "also called"):
        table.add_column(col, overflow="fold")
    for s in summaries:
        table.add_row(s.name, s.parent or "", s.kind, str(s.sections), str(s.paragraphs),
                      str(s.sentences), str(s.files), " ".join(s.short_names))
    console = Console()
    console.print(table)
    if explain:
        detail = Table(title="sections: the line that decided each", show_lines=False)
        for col in ("organisation", "file", "¶", "evidence"):
            detail.add_column(col, overflow="fold")
        for sec in attribution.sections:
            detail.add_row(sec.org, sec.doc, _para_ranges(sec.paragraphs), sec.evidence)
        for doc, left in _unattributed(attribution, documents):
            detail.add_row("(none)", doc, _para_ranges(left), "furniture, banners, or no union named")
        console.print(detail)


def _render_orgs_plain(summaries, attribution, documents, explain: bool) -> str:
    lines = ["\t".join(("organisation", "parent", "kind", "sections", "paragraphs", "sentences",
                        "files", "also called"))]
    for s in summaries:
        lines.append("\t".join((s.name, s.parent or "-", s.kind, str(s.sections), str(s.paragraphs),
                                str(s.sentences), str(s.files), " ".join(s.short_names) or "-")))
        if explain:
            for sec in attribution.sections:
                if sec.org == s.name:
                    lines.append(f"    {sec.doc} ¶{_para_ranges(sec.paragraphs)}: {sec.evidence}")
    if explain:
        for doc, left in _unattributed(attribution, documents):
            lines.append(f"(none)    {doc} ¶{_para_ranges(left)}: furniture, banners, or no union named")
    return "\n".join(lines) + "\n"


@app.command()
def orgs(
    corpus: CorpusOpt = None,
    format: Annotated[OrgsFormat, typer.Option("--format", "-f", help="table (rich on a terminal, plain text otherwise) or json.")] = OrgsFormat.table,
    explain: Annotated[bool, typer.Option("--explain", help="Show each section with the line (and paragraph) that decided its organisation.")] = False,
    encoding: EncodingOpt = None,
) -> None:
    """List the organisations whose work the corpus reports: parent, kind, and how much text each has."""
    from unionnlp.corpus import load_corpus
    from unionnlp.orgs import attribute_orgs, list_orgs

    try:
        loaded = load_corpus(corpus, encoding)
        attribution = attribute_orgs(loaded.documents)
    except UnionNLPError as exc:
        raise _fail(exc)
    for problem in loaded.errors:
        _err(str(problem))
    summaries = list_orgs(attribution, loaded.documents)
    if format is OrgsFormat.json:
        records = _orgs_records(summaries, attribution, explain)
        _write_stdout(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif sys.stdout.isatty():
        _render_orgs_rich(summaries, attribution, loaded.documents, explain)
    else:
        _write_stdout(_render_orgs_plain(summaries, attribution, loaded.documents, explain))
    if loaded.errors:
        raise typer.Exit(EXIT_FAILURE)


class BriefFormat(str, Enum):
    md = "md"
    text = "text"
    json = "json"


@app.command("summarise")
def summarise_cmd(
    org: Annotated[str, typer.Option("--org", help="The organisation: full or short name (山东, 洛阳, 海淀, 中通).", show_default=False)],
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Folder of *.txt reports (default: the shipped seeds).")] = None,
    max_chars: Annotated[int, typer.Option("--max-chars", help="Length budget of the brief's sentences, in characters.", min=1)] = 600,
    theme: Annotated[Optional[list[str]], typer.Option("--theme", help="Only this theme (repeat the option for more): 思想引领 建功立业 权益维护 关爱服务 组织建设.")] = None,
    format: Annotated[BriefFormat, typer.Option("--format", "-f", help="md: Chinese markdown brief with 关键数据 and 来源; text: only the sentences, one a line; json: sentences, figures and sources.")] = BriefFormat.md,
    include_sub: Annotated[bool, typer.Option("--include-sub", help="Add the sections of the organisation's member organisations.")] = False,
) -> None:
    """Write a short extractive brief of one organisation's work: its most central sentences by theme, its key figures and their sources."""
    from unionnlp.brief import brief_to_dict, render_markdown, render_text, summarise

    try:
        brief = summarise(org, corpus=corpus, max_chars=max_chars, themes=theme, include_sub=include_sub)
    except UnionNLPError as exc:
        raise _fail(exc)
    if format is BriefFormat.json:
        _write_stdout(json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=1) + "\n")
    elif format is BriefFormat.text:
        _write_stdout(render_text(brief))
    else:
        _write_stdout(render_markdown(brief))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except UnionNLPError as exc:  # a library error that a command did not catch itself
        _err(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
