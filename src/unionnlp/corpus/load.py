"""A corpus: every report (``*.txt``) in one folder, read, repaired and segmented.

``load_corpus`` reads each file with :mod:`unionnlp.text.read` (encoding
detection) and segments it with :func:`unionnlp.text.segment.segment_text`, naming
each document by its file name.  A file that cannot be read is reported in
``Corpus.errors`` and the others are kept; only a missing folder or a folder
without any ``.txt`` file is an error of its own.

Results are cached in the process, keyed by the folder, the encoding and the
name, size and modification time of every file, so that the organisation
finder, the summariser and the CLI can call ``load_corpus`` repeatedly without
reading the folder again.  The cached ``Corpus`` is shared: treat it as
read-only.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from unionnlp.errors import InputError
from unionnlp.text.read import read_document
from unionnlp.text.segment import SegmentedDocument, segment_text

_CACHE_SIZE = 4
_cache: OrderedDict[tuple, Corpus] = OrderedDict()


@dataclass
class Corpus:
    """The readable reports of one folder, segmented, and the files that could not be read."""

    directory: Path
    documents: list[SegmentedDocument] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    def __iter__(self) -> Iterator[SegmentedDocument]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def names(self) -> list[str]:
        """Document names (file names), in corpus order."""
        return [d.name for d in self.documents]

    def document(self, name: str) -> SegmentedDocument:
        """The document called ``name`` (its file name); ``InputError`` if there is none."""
        for doc in self.documents:
            if doc.name == name:
                return doc
        raise InputError(f"{name}: no such document in corpus {self.directory}")


def _corpus_files(directory: Path) -> list[Path]:
    if not directory.exists():
        raise InputError(f"{directory}: no such corpus folder")
    if not directory.is_dir():
        raise InputError(f"{directory}: is a file, not a corpus folder")
    files = sorted(p for p in directory.glob("*.txt") if p.is_file())
    if not files:
        raise InputError(f"{directory}: corpus folder holds no .txt files")
    return files


def _stat_key(files: list[Path]) -> tuple:
    key = []
    for p in files:
        try:
            st = p.stat()
        except OSError:
            key.append((p.name, None, None))
        else:
            key.append((p.name, st.st_size, st.st_mtime_ns))
    return tuple(key)


def load_corpus(corpus_dir: str | Path | None = None, encoding: str | None = None) -> Corpus:
    """Read and segment every ``*.txt`` in ``corpus_dir`` (default: the shipped seeds).

    Files are taken in name order and named by their file name.  Unreadable
    files go to ``Corpus.errors``; a missing folder or one with no ``.txt``
    file raises ``InputError``.
    """
    if corpus_dir is None:
        from unionnlp.paths import default_corpus_dir

        corpus_dir = default_corpus_dir()
    directory = Path(corpus_dir).expanduser()
    files = _corpus_files(directory)
    key = (str(directory.resolve()), encoding, _stat_key(files))
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached

    corpus = Corpus(directory=directory)
    for path in files:
        try:
            doc = read_document(path, encoding)
        except InputError as exc:
            corpus.errors.append(exc)
            continue
        corpus.documents.append(segment_text(doc.text, path.name))

    _cache[key] = corpus
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return corpus


def clear_cache() -> None:
    """Forget every cached corpus (tests, or after editing files within one mtime tick)."""
    _cache.clear()


def list_reports(corpus_dir: str | Path | None = None) -> list[str]:
    """File names of the reports in ``corpus_dir`` (default: the shipped seeds), in corpus order,
    without reading them; ``InputError`` for a missing folder or one without reports."""
    if corpus_dir is None:
        from unionnlp.paths import default_corpus_dir

        corpus_dir = default_corpus_dir()
    return [p.name for p in _corpus_files(Path(corpus_dir).expanduser())]


def load_report(name: str, corpus_dir: str | Path | None = None, encoding: str | None = None) -> SegmentedDocument:
    """One report of a corpus, chosen by its file name as ``list_reports`` gives it, read and
    segmented exactly as ``load_corpus`` does.  A name that is not in the listing (a path,
    ``../x``, a file outside the folder) raises ``InputError``: no other file is ever opened."""
    if corpus_dir is None:
        from unionnlp.paths import default_corpus_dir

        corpus_dir = default_corpus_dir()
    directory = Path(corpus_dir).expanduser()
    files = {p.name: p for p in _corpus_files(directory)}
    path = files.get(name)
    if path is None:
        raise InputError(f"{name}: no such report in corpus {directory}")
    doc = read_document(path, encoding)
    return segment_text(doc.text, path.name)
