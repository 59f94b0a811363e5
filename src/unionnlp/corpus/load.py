"""A corpus: every report (``*.txt``, ``*.pdf``, ``*.docx``) in one folder, read, repaired and segmented.

``load_corpus`` reads each file with :mod:`unionnlp.text.read` (encoding
detection) and segments it with :func:`unionnlp.text.segment.segment_text`, naming
each document by its file name.  A file that cannot be read is reported in
``Corpus.errors`` and the others are kept; only a missing folder or a folder
without any report file is an error of its own.

Results are cached in the process under the corpus's content key
(:func:`corpus_key`: the folder's file names and the SHA-256 of every file's
bytes, with the encoding asked for), so that the organisation finder, the
summariser and the CLI can call ``load_corpus`` repeatedly without decoding and
segmenting the folder again, and a file edited in any way (even keeping its
size and modification time) is read anew.  The on-disk cache of the briefs'
analysis is keyed by the same content key.  The cached ``Corpus`` is shared:
treat it as read-only.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from unionnlp.errors import InputError
from unionnlp.text.read import decode_input, report_files
from unionnlp.text.segment import SegmentedDocument, segment_text

_CACHE_SIZE = 4
_cache: OrderedDict[tuple, Corpus] = OrderedDict()


@dataclass
class Corpus:
    """The readable reports of one folder, segmented, and the files that could not be read."""

    directory: Path
    documents: list[SegmentedDocument] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    key: str = ""  # the content key of what was read (see corpus_key)

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
    try:
        if not directory.exists():
            raise InputError(f"{directory}: no such corpus folder")
        if not directory.is_dir():
            raise InputError(f"{directory}: is a file, not a corpus folder")
        files = report_files(directory)
    except OSError as exc:
        raise InputError(f"{directory}: cannot be read ({exc.strerror or exc})") from None
    if not files:
        raise InputError(f"{directory}: corpus folder holds no .txt files (nor .pdf or .docx)")
    return files


def corpus_files(corpus_dir: str | Path) -> list[Path]:
    """The report files of a corpus folder, in name order; ``InputError`` for a
    missing folder, a file, or a folder without ``.txt`` files."""
    return _corpus_files(Path(corpus_dir).expanduser())


class _KeyBuilder:
    def __init__(self, encoding: str | None):
        self._h = hashlib.sha256(f"unionnlp-corpus 1\nencoding {encoding}\n".encode())

    def add(self, name: str, data: bytes | None) -> None:
        digest = hashlib.sha256(data).hexdigest() if data is not None else "unreadable"
        self._h.update(f"{name}\0{digest}\n".encode("utf-8", "surrogateescape"))

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def _read_bytes(path: Path) -> bytes | InputError:
    try:
        return path.read_bytes()
    except OSError as exc:
        return InputError(f"{path}: cannot be read ({exc.strerror or exc})")


def corpus_key(files: list[Path], encoding: str | None = None) -> str:
    """The content key of a corpus: its file names and the SHA-256 of each
    file's bytes, and the encoding asked for.  Equal keys mean equal input."""
    key = _KeyBuilder(encoding)
    for path in files:
        data = _read_bytes(path)
        key.add(path.name, data if isinstance(data, bytes) else None)
    return key.hexdigest()


def load_corpus(corpus_dir: str | Path | None = None, encoding: str | None = None) -> Corpus:
    """Read and segment every report (``*.txt``, ``*.pdf``, ``*.docx``) in ``corpus_dir`` (default: the shipped seeds).

    Files are taken in name order and named by their file name.  Unreadable
    files go to ``Corpus.errors``; a missing folder or one with no ``.txt``
    report file raises ``InputError``.
    """
    if corpus_dir is None:
        from unionnlp.paths import default_corpus_dir

        corpus_dir = default_corpus_dir()
    directory = Path(corpus_dir).expanduser()
    files = _corpus_files(directory)
    folder = str(directory.resolve())
    cached = _cache.get((folder, corpus_key(files, encoding)))
    if cached is not None:
        _cache.move_to_end((folder, cached.key))
        return cached

    # The key stored is that of the bytes decoded here, whatever happened to
    # the files since they were hashed above.
    corpus = Corpus(directory=directory)
    key = _KeyBuilder(encoding)
    for path in files:
        data = _read_bytes(path)
        if isinstance(data, InputError):
            key.add(path.name, None)
            corpus.errors.append(data)
            continue
        key.add(path.name, data)
        try:
            doc = decode_input(data, str(path), encoding)
        except InputError as exc:
            corpus.errors.append(exc)
            continue
        corpus.documents.append(segment_text(doc.text, path.name, doc.page_starts, doc.lines))
    corpus.key = key.hexdigest()

    _cache[(folder, corpus.key)] = corpus
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return corpus


def clear_cache() -> None:
    """Forget every cached corpus (to free memory; an edited file is read anew anyway)."""
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
    data = _read_bytes(path)
    if isinstance(data, InputError):
        raise data
    doc = decode_input(data, str(path), encoding)
    return segment_text(doc.text, path.name, doc.page_starts, doc.lines)
