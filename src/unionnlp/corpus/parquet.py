"""Sentence tables as Parquet files partitioned by organisation (``pip install unionnlp[dask]``).

For a corpus that outgrows one SQLite database: every sentence of every report
with its theme and organisation, written as a Hive-partitioned Parquet dataset
(``OUT/org=山东省总工会/part-00000.parquet``, folders named as the organisations
are written; sentences of no organisation under ``org=__HIVE_DEFAULT_PARTITION__``) that pandas, DuckDB, Spark or
``pyarrow.dataset`` read directly.

Each report is analysed on its own (:func:`sentence_rows`): read, repaired,
segmented, its organisations found by :func:`unionnlp.orgs.attribution.attribute_orgs`
on that report alone, and its sentences labelled.  The corpus-wide steps of the
index (running banners learned across files, short names learned from other
reports) are not applied, so a sentence's organisation is the one its own
report names.  The work per report runs on a Dask cluster
(:func:`unionnlp.dask.write_parquet_dask`) or in this process
(:func:`write_parquet`); the process that writes is the one that asked.

The dataset is written into a temporary folder beside ``out`` and moved into
place when every report has been read: a failed run leaves no half-written
output and never touches an existing one (which is replaced only with
``force``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from unionnlp.errors import UsageError

__all__ = ["COLUMNS", "sentence_rows", "write_parquet"]

# Every row: where the sentence is, what it says, its theme and its organisation(s).
COLUMNS = ("file", "para", "sent", "start", "end", "text", "label", "prob", "org", "orgs")
# The folder of sentences of no organisation (what Hive-partitioned readers take for null).
NULL_FOLDER = "__HIVE_DEFAULT_PARTITION__"


def _require():
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise UsageError("writing Parquet needs pyarrow: pip install 'unionnlp[dask]'") from None


def sentence_rows(name: str, data: bytes, model=None, encoding: str | None = None) -> tuple[str | None, list[dict]]:
    """(error, rows) of one report given by its bytes: a row per sentence (``COLUMNS``),
    or the one-line error that says why it cannot be read."""
    from unionnlp.errors import InputError
    from unionnlp.orgs.attribution import attribute_orgs
    from unionnlp.text.read import decode_input
    from unionnlp.text.segment import segment_text
    from unionnlp.themes.classify import classify_sentences, document_contexts, document_keys, get_model

    try:
        decoded = decode_input(data, name, encoding)
    except InputError as exc:
        return str(exc), []
    doc = segment_text(decoded.text, Path(name).name, decoded.page_starts, decoded.lines)
    attribution = attribute_orgs([doc])
    m = get_model(model)
    sentences = [s for p in doc.paragraphs for s in p.sentences]
    preds = classify_sentences([s.text for s in sentences], m, contexts=document_contexts(doc),
                               documents=document_keys(doc))
    rows = []
    for s, pred in zip(sentences, preds):
        orgs = list(attribution.orgs_of(doc.name, s.para))
        rows.append({"file": doc.name, "para": s.para, "sent": s.sent, "start": s.start, "end": s.end,
                     "text": s.text, "label": pred.label, "prob": float(pred.prob),
                     "org": _folder_safe(orgs[0]) if orgs else None, "orgs": orgs})
    return None, rows


def _folder_safe(name: str) -> str:
    """An organisation's name as a folder name: a slash, backslash or percent sign (never
    in a union's name, but a page may write one) becomes its full-width form; ``orgs``
    keeps the name as written."""
    return name.replace("/", "／").replace("\\", "＼").replace("\0", "").replace("%", "％")


def _schema():
    """The columns stored in each file (``org`` is the folder's name)."""
    import pyarrow as pa

    return pa.schema([("file", pa.string()), ("para", pa.int32()), ("sent", pa.int32()),
                      ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
                      ("label", pa.string()), ("prob", pa.float64()), ("orgs", pa.list_(pa.string()))])


class ParquetWriter:
    """Writes batches of sentence rows into a new dataset folder, then moves it into place."""

    @staticmethod
    def check(out: str | Path, force: bool = False) -> Path:
        """``out`` as a path, or ``UsageError`` when it may not be written (before any work)."""
        _require()
        out = Path(out).expanduser()
        if out.exists() and not out.is_dir():
            raise UsageError(f"{out}: is a file, not a folder")
        if out.exists() and not force and any(out.iterdir()):
            raise UsageError(f"{out}: already exists; pass --force to replace it")
        return out

    def __init__(self, out: str | Path, force: bool = False):
        self.out = self.check(out, force)
        parent = self.out.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", suffix=".partial", dir=parent))
        self.batches = 0
        self.rows = 0

    def write(self, rows: list[dict]) -> None:
        """One batch: a file of its own in each organisation's folder, numbered in order.

        The folders are named as the organisations are written (org=山东省总工会):
        pyarrow's own dataset writer would percent-encode them.  Readers take the
        ``org`` column from the folder's name (Hive partitioning)."""
        if not rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        by_org: dict[str | None, list[dict]] = {}
        for row in rows:
            by_org.setdefault(row["org"], []).append(row)
        schema = _schema()
        for org, group in by_org.items():
            folder = self.tmp / f"org={org if org is not None else NULL_FOLDER}"
            folder.mkdir(exist_ok=True)
            table = pa.Table.from_pylist([{k: v for k, v in r.items() if k != "org"} for r in group],
                                         schema=schema)
            pq.write_table(table, folder / f"part-{self.batches:05d}.parquet")
        self.batches += 1
        self.rows += len(rows)

    def finish(self) -> Path:
        """Move the dataset into place (replacing ``out`` only now, when it is complete)."""
        if self.out.exists():
            old = self.out.with_name(f".{self.out.name}.old-{os.getpid()}")
            os.replace(self.out, old)
            os.replace(self.tmp, self.out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.tmp, self.out)
        return self.out

    def abandon(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_batches(batches: Iterable[list[tuple[str | None, list[dict]]]], out: str | Path,
                  force: bool = False) -> tuple[Path, int, int, list[str]]:
    """Write the rows of each batch of reports (``(error, rows)`` per report, in corpus
    order); (dataset folder, reports, sentences, errors)."""
    writer = ParquetWriter(out, force)
    errors: list[str] = []
    reports = 0
    try:
        for batch in batches:
            rows: list[dict] = []
            for error, report_rows in batch:
                reports += 1
                if error is not None:
                    errors.append(error)
                rows.extend(report_rows)
            writer.write(rows)
        path = writer.finish()
    except BaseException:
        writer.abandon()
        raise
    return path, reports, writer.rows, errors


def _batched(paths: list[Path], model, size: int) -> Iterator[list[tuple[str | None, list[dict]]]]:
    for lo in range(0, len(paths), size):
        batch = []
        for path in paths[lo : lo + size]:
            try:
                data = path.read_bytes()
            except OSError as exc:
                batch.append((f"{path}: cannot be read ({exc.strerror or exc})", []))
                continue
            batch.append(sentence_rows(str(path), data, model))
        yield batch


def write_parquet(corpus: str | Path, out: str | Path, *, model=None, force: bool = False,
                  batch_files: int = 64) -> tuple[Path, int, int, list[str]]:
    """Every report of ``corpus`` as a Parquet dataset partitioned by organisation, analysed
    in this process; (dataset folder, reports, sentences, one error line per unreadable
    report).  See :func:`unionnlp.dask.write_parquet_dask` for a cluster."""
    from unionnlp.corpus.index import corpus_files

    ParquetWriter.check(out, force)
    paths = corpus_files(Path(corpus).expanduser())
    return write_batches(_batched(paths, model, batch_files), out, force)
