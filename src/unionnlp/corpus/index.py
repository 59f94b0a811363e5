"""The corpus index: one SQLite database per corpus folder, built once and updated by file.

``update_index(DIR)`` reads every report of a folder (``*.txt``, ``*.pdf``,
``*.docx``: the format is told by content, as ``load_corpus`` reads them) and
stores, per file, its identity (name, SHA-256 of its bytes, encoding, format,
size, mtime, year), its paragraphs and sentences with offsets (into the
repaired text, and into the original with the page for a PDF), each
sentence's theme label and probabilities, its words (jieba), the theme parts
of an overview sentence and the runner-up theme of a 其他 sentence, character
bigrams for search, and what the organisation finder reads on the page; per
section, its organisations (several for a joint event) and per paragraph of no
section why (furniture, a banner, no union body named); per organisation, its
names, parent, kind and how much text it has.  A later call re-reads only files that
are new or whose bytes changed (a file whose bytes are those of a removed file
is a rename: no re-analysis), and drops removed files.  A file is hashed only
when its status (size, mtime, ctime, inode) is not the one recorded when it was
read, or was recorded while the file was still changing (``RACY_NS``).

Corpus-wide steps are stored and updated incrementally: running banners (a
line opening two or more pages) decide between the two readings of a page kept
for each file; document frequencies of words (for IDF) are counts updated as
files come and go; organisations' full names are recomputed from the stored
per-file records (no text is read again), or, when every re-read file names
the same union bodies as before (its naming digest), kept, with only the
totals of the organisations concerned recounted.

The database holds a schema version, the SHA-256 of the theme model and of the
analysis code: an index built with another model or another version of the
analysis is rebuilt (``rebuild=True``) or refused with the command that fixes
it, never read as if it were current.  SQLite runs in WAL mode: readers never
wait; an update is one transaction, so a reader sees the corpus before or
after it, never half of it, and a second process updating the same index waits
for the first (``wait`` seconds) or stops with one clear line.

:class:`IndexAnalysis` answers what a brief needs (``unionnlp.briefs``) from
the index.  Nothing is ever written into the corpus folder: the default index
lives in the user cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from unionnlp.errors import CorpusIndexError, InputError
from unionnlp.text.bare import bare_text

SCHEMA_VERSION = 4  # 4: stat identity of each file; 3: joint events, reasons for unattributed text, PDF/Word
# A file whose status changed this recently when it was read is hashed on the next
# update, whatever its status says (an edit in the same clock tick leaves it equal).
RACY_NS = 2_000_000_000
DEFAULT_WAIT = 600.0  # seconds a second writer waits for the first

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    encoding TEXT,
    format TEXT,
    size INTEGER,
    mtime_ns INTEGER,
    stat TEXT,
    year INTEGER,
    first_line TEXT,
    banner INTEGER NOT NULL DEFAULT 0,
    record TEXT NOT NULL,
    naming TEXT,
    paragraphs INTEGER,
    sentences INTEGER
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(hash);
-- what the update check reads of every file, without touching the large records
CREATE INDEX IF NOT EXISTS documents_status ON documents(name, id, hash, size, mtime_ns, stat);
CREATE TABLE IF NOT EXISTS unreadable(
    name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, message TEXT, hash TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS paragraphs(
    doc_id INTEGER NOT NULL, para INTEGER NOT NULL, start INTEGER, end INTEGER,
    heading INTEGER, n_sent INTEGER, org_key TEXT, section_id INTEGER, why TEXT,
    PRIMARY KEY(doc_id, para)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS paragraphs_org ON paragraphs(org_key);
CREATE INDEX IF NOT EXISTS paragraphs_section ON paragraphs(section_id);
CREATE TABLE IF NOT EXISTS sentences(
    id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, para INTEGER, sent INTEGER,
    start INTEGER, end INTEGER, orig_start INTEGER, orig_end INTEGER, page INTEGER,
    text TEXT, label TEXT, prob REAL, probs BLOB, tokens TEXT, parts TEXT, alt TEXT);
CREATE INDEX IF NOT EXISTS sentences_doc ON sentences(doc_id, para, sent);
CREATE TABLE IF NOT EXISTS sections(
    id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, org_key TEXT, keys TEXT, paragraphs TEXT,
    evidence TEXT, evidence_para INTEGER, rule TEXT);
CREATE INDEX IF NOT EXISTS sections_doc ON sections(doc_id);
CREATE TABLE IF NOT EXISTS section_orgs(
    section_id INTEGER NOT NULL, pos INTEGER NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY(section_id, pos)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS section_orgs_key ON section_orgs(key);
CREATE TABLE IF NOT EXISTS df(word TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS org_keys(key TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS org_keys_name ON org_keys(name);
CREATE TABLE IF NOT EXISTS orgs(
    name TEXT PRIMARY KEY, rank INTEGER, short_names TEXT, parent TEXT, kind TEXT,
    sections INTEGER, paragraphs INTEGER, sentences INTEGER, files INTEGER,
    file_names TEXT, in_tree INTEGER) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    grams, content='', tokenize='unicode61 remove_diacritics 0');
"""

_WORD_RUN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_YEAR_IN_NAME = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(?![0-9A-Za-z])")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d\d)\s*年")


# ---------------------------------------------------------------------------
# Identity, locations, small helpers
# ---------------------------------------------------------------------------


def default_index_path(corpus_dir: str | Path, encoding: str | None = None) -> Path | None:
    """Where the index of a corpus folder lives by default: the user cache (one
    index per folder and ``--encoding``).  None when the cache folder cannot be
    used (``unionnlp.paths.cache_dir`` has warned once): run without an index."""
    from unionnlp.paths import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    resolved = str(Path(corpus_dir).expanduser().resolve())
    if encoding:
        resolved += f"\0encoding {encoding}"
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    stem = re.sub(r"[^\w.-]+", "_", Path(corpus_dir).expanduser().resolve().name)[:40] or "corpus"
    return folder / "index" / f"{stem}-{digest}.sqlite"


def grams(text: str) -> str:
    """What the search index stores for a text: character bigrams of each run of
    letters and digits once whitespace and quotation marks are taken out (a
    one-character run stands alone), space-separated.

    Bigrams, not FTS5's ``trigram`` tokenizer: that one silently finds nothing
    for the two-character words most Chinese words are (托育, 小屋).  Without
    spaces and quotes, as ``briefs.quality.bare_text``: copies of a passage differ
    in them, and the index's count of each bigram is the corpus count a brief
    compares copies with (``IndexAnalysis.bigram_count``).
    """
    out: list[str] = []
    for run in _WORD_RUN.findall(bare_text(text).lower()):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(out)


def document_year(name: str, text: str) -> int | None:
    """The year of a report: a year in its file name, else the latest year its text
    writes as ``2023年`` (reports look back on the year they close)."""
    m = _YEAR_IN_NAME.search(name)
    if m:
        return int(m.group(1))
    years = [int(y) for y in _YEAR_IN_TEXT.findall(text)]
    return max(years) if years else None


def corpus_files(directory: Path) -> list[Path]:
    """Every report of the folder (``*.txt``, ``*.pdf``, ``*.docx``), in name order (the
    files and order ``load_corpus`` reads); ``InputError`` as ``load_corpus`` raises."""
    return [directory / name for name in corpus_names(directory)]


def corpus_names(directory: Path) -> list[str]:
    """The names of :func:`corpus_files`, from one directory scan: checking ten thousand
    files for changes is the floor of every command that reads the index."""
    from unionnlp.text.read import SUFFIXES

    suffixes = tuple(SUFFIXES)
    try:
        with os.scandir(directory) as entries:
            # the test of ``Path.suffix`` (what ``load_corpus`` reads), without making
            # ten thousand paths: a name ends in a suffix and is more than the suffix
            names = sorted(e.name for e in entries if (lower := e.name.lower()).endswith(suffixes)
                           and lower not in suffixes and e.is_file())
    except OSError:
        names = []
    if not names:
        from unionnlp.corpus.load import _corpus_files

        return [p.name for p in _corpus_files(directory)]  # raises the error that says what is wrong
    return names


# ---------------------------------------------------------------------------
# Analysing one file (runs in worker processes, or on Dask workers)
# ---------------------------------------------------------------------------

_worker_model = None


def set_worker_model(model) -> None:
    """Pool initializer: the model (a path, a ``ThemeModel`` or None) this process uses."""
    global _worker_model
    from unionnlp.themes.classify import get_model

    _worker_model = get_model(model)


def analyse_file(path: str | Path, model=None, *, data: bytes | None = None,
                 stat: tuple[int, int] | None = None, encoding: str | None = None) -> dict:
    """Everything the index stores about one file, as plain data.

    Reads the file (text in any encoding, PDF or Word, by content), repairs and
    segments it as ``load_corpus`` does, reads its page structure for the
    organisation finder (both readings of a first line that may be a running
    banner), labels every sentence with its theme, and, for the sentences a
    section may hold, their words, the theme parts of an overview sentence and
    the runner-up theme of a 其他 sentence (what a brief reads).  An unreadable
    file gives ``{"name", "error", ...}``.  ``data`` and ``stat`` (size, mtime in
    ns[, status identity]) stand for the file when it was read elsewhere (a Dask
    worker gets the bytes from the client).
    """
    from unionnlp.briefs.analysis import _content_words, alternative_theme, overview_parts
    from unionnlp.orgs.attribution import analyse_document
    from unionnlp.text.read import decode_input
    from unionnlp.text.segment import segment_text
    from unionnlp.themes.classify import classify_sentences, document_contexts, document_keys, get_model
    from unionnlp.themes.features import cut_words

    path = Path(path)
    name = path.name
    try:
        if stat is None:
            st = path.stat()  # before reading: a later edit then shows as a new status
            stat = (st.st_size, st.st_mtime_ns, _stat_identity(st))
        if data is None:
            data = path.read_bytes()
    except OSError as exc:
        return {"name": name, "size": (stat or (None, None))[0], "mtime_ns": (stat or (None, None))[1],
                "hash": None, "error": f"{path}: cannot be read ({exc.strerror or exc})"}
    base = {"name": name, "size": stat[0], "mtime_ns": stat[1], "stat": stat[2] if len(stat) > 2 else None,
            "hash": hashlib.sha256(data).hexdigest()}
    try:
        decoded = decode_input(data, str(path), encoding)
    except InputError as exc:
        return {**base, "error": str(exc)}
    del data
    doc = segment_text(decoded.text, name, decoded.page_starts, decoded.lines)
    record = analyse_document(doc)
    m = get_model(model if model is not None else _worker_model)
    contexts = document_contexts(doc)
    items = [(p.heading, s) for p in doc.paragraphs for s in p.sentences]
    preds = classify_sentences([s.text for _, s in items], m, contexts=contexts, documents=document_keys(doc))
    # Paragraphs a section may hold under either reading of the first line.
    attributed = {p for key in ("plain", "banner") for piece in record.get(key, {}).get("pieces", ())
                  for p in piece["paras"]}
    wanted = [i for i, (heading, s) in enumerate(items) if s.para in attributed and not heading]
    parts = overview_parts([(items[i][1].text, contexts[i]) for i in wanted], m)
    parts = {wanted[k]: v for k, v in parts.items()}
    sent_rows, content_words = [], []
    for i, ((_, s), pred) in enumerate(zip(items, preds)):
        own = s.para in attributed
        words = cut_words(s.text) if own else None
        tokens = json.dumps(words, ensure_ascii=False) if own else None
        # the words each sentence adds to the document frequencies (IDF) if a section holds it
        content_words.append(sorted(set(_content_words(words))) if own else None)
        alt = alternative_theme(pred.label, pred.probs) if own else ""
        part = json.dumps(parts[i], ensure_ascii=False) if i in parts else None
        probs = [pred.probs[label] for label in m.labels]
        sent_rows.append((s.para, s.sent, s.start, s.end, s.orig_start, s.orig_end, s.page, s.text, pred.label,
                          pred.prob, probs, tokens, part, alt, grams(s.text)))
    return {
        **base,
        "encoding": decoded.encoding,
        "format": decoded.format,
        "year": document_year(name, decoded.text),
        "record": record,
        "paragraphs": [(p.index, p.start, p.end, int(p.heading), len(p.sentences))
                       for p in doc.paragraphs],
        "sentences": sent_rows,
        "content_words": content_words,
        "labels": list(m.labels),
    }


def _analyse_task(task: tuple[str, str | None]) -> dict:
    path, encoding = task
    return analyse_file(path, encoding=encoding)


# ---------------------------------------------------------------------------
# The database
# ---------------------------------------------------------------------------


@dataclass
class UpdateReport:
    """What an update did."""

    path: Path
    corpus: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    rebuilt: str = ""  # why the index was rebuilt from scratch ("" if it was not)
    created: bool = False
    documents: int = 0
    sentences: int = 0
    updated_at: float = 0.0
    seconds: float = 0.0

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.renamed or self.rebuilt)


def _connect(path: Path, wait: float) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), timeout=wait, isolation_level=None, check_same_thread=False)
    try:
        mode = con.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            con.close()
            raise  # cannot be opened or written: the caller says so
        mode = "wal"  # pragma: no cover - locked while switching modes
    except sqlite3.DatabaseError as exc:
        con.close()
        raise CorpusIndexError(f"{path}: not a unionnlp corpus index ({exc})") from None
    if str(mode).lower() != "wal":  # pragma: no cover - a file system without shared memory
        pass
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
    return con


def _meta(con: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(con.execute("SELECT key, value FROM meta"))
    except sqlite3.OperationalError:
        return {}


def _begin(con: sqlite3.Connection, path: Path, wait: float) -> None:
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise CorpusIndexError(
                f"{path}: another process is updating this index (waited {wait:g} s); "
                "try again when it has finished"
            ) from None
        raise


def _identity(model) -> tuple[str, str]:
    from unionnlp.briefs.analysis import code_identity, model_identity

    return model_identity(model), code_identity()


def _stale_reason(meta: dict[str, str], model_sha: str, code_sha: str, encoding: str | None = None) -> str:
    if not meta:
        return ""
    if meta.get("schema_version") != str(SCHEMA_VERSION):
        return f"index has schema version {meta.get('schema_version')}, this unionnlp writes {SCHEMA_VERSION}"
    if meta.get("model_sha256") != model_sha:
        return "index built with another model"
    if meta.get("code_sha256") != code_sha:
        return "index built with another version of the analysis code"
    if meta.get("encoding", "") != (encoding or ""):
        return f"index built with --encoding {meta.get('encoding') or '(detected)'}, not {encoding or '(detected)'}"
    return ""


_TABLES = ("documents", "unreadable", "paragraphs", "sentences", "sections", "section_orgs", "df", "org_keys",
           "orgs", "meta", "sentences_fts")


def _create(con: sqlite3.Connection) -> None:
    for statement in _SCHEMA.strip().split(";\n"):
        if statement.strip():
            con.execute(statement)


def _clear(con: sqlite3.Connection) -> None:
    """Drop everything (an index of another schema has other columns) and create the schema anew."""
    for table in _TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    _create(con)


@dataclass
class _Scan:
    new: list[Path] = field(default_factory=list)  # to analyse
    gone: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (id, hash)
    restat: list[tuple[int, int, str | None, int]] = field(default_factory=list)  # (size, mtime, stat, id)
    renames: list[tuple[int, Path]] = field(default_factory=list)  # (id, new path)
    unchanged: int = 0
    # name -> (full status, SHA-256) of the files this scan hashed (a second scan
    # moments later, under the write lock, need not read them again)
    hashed: dict[str, tuple[tuple, str | None]] = field(default_factory=dict)


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # unreadable: analysed (and reported) again


def _stat_identity(st: os.stat_result, now_ns: int | None = None) -> str | None:
    """What identifies a file's bytes without reading them: size, mtime, ctime, inode
    and device.  Any write, and any change of mtime, moves ctime, which no user can
    set back.  None (read the bytes next time) when the file changed within
    ``RACY_NS`` of now: a second edit in the same clock tick would keep all of them."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    if now_ns - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def _size_mtime(path: Path) -> tuple[int | None, int | None]:
    try:
        st = path.stat()
    except OSError:
        return None, None
    return st.st_size, st.st_mtime_ns


def _scan(con: sqlite3.Connection, directory: Path, names: list[str], earlier: _Scan | None = None) -> _Scan:
    """Which files are new, changed, renamed, removed: by content.  A file whose
    status (size, mtime, ctime, inode) is the one recorded when its bytes were
    read is unchanged; any other is hashed (SHA-256) and compared, so an edit that
    keeps size and mtime is still an edit (it moves ctime), and a touch without an
    edit only refreshes the recorded status.  ``earlier``: a scan moments before,
    whose hashes stand for files whose full status has not moved since."""
    # Name and recorded status only (the covering index ``documents_status``): the
    # rest of a row is read for the few files whose status moved.
    recorded = dict(con.execute("SELECT name, stat FROM documents"))
    stored: dict[str, tuple] = {}
    bad = {name: h for name, h in con.execute("SELECT name, hash FROM unreadable")}
    scan = _Scan()
    candidates: list[tuple[Path, str | None]] = []
    now_ns = time.time_ns()
    folder = os.path.join(str(directory), "")
    stat = os.stat
    moved: list[tuple[str, os.stat_result | None, str | None]] = []
    unchanged = 0
    settled_ns = now_ns - RACY_NS
    for name in names:  # the floor of every command that reads the index: kept lean
        try:
            st = stat(folder + name)
        except OSError:
            moved.append((name, None, None))
            continue
        if st.st_ctime_ns <= settled_ns and st.st_mtime_ns <= settled_ns and recorded.get(name) == \
                f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}":
            unchanged += 1  # as ``_stat_identity``, inlined
        else:
            moved.append((name, st, _stat_identity(st, now_ns)))
    scan.unchanged = unchanged
    present = set(names)
    if moved or len(recorded) != len(present):
        stored = {name: (i, h, size, mtime, st) for i, name, h, size, mtime, st in
                  con.execute("SELECT id, name, hash, size, mtime_ns, stat FROM documents")}
    for name, st, identity in moved:
        row = stored.get(name)
        path = directory / name
        full = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev) if st is not None else None
        seen = earlier.hashed.get(name) if earlier is not None else None
        if full is not None and seen is not None and seen[0] == full:
            digest = seen[1]
        else:
            digest = _file_hash(path)
            if full is not None:
                scan.hashed[name] = (full, digest)
        if row is not None and digest is not None and digest == row[1]:
            scan.unchanged += 1
            if st is not None and (row[2], row[3], row[4]) != (st.st_size, st.st_mtime_ns, identity):
                scan.restat.append((st.st_size, st.st_mtime_ns, identity, row[0]))  # same bytes
        elif row is None and digest is not None and bad.get(name) == digest:
            scan.unchanged += 1  # still the same unreadable file
        else:
            candidates.append((path, digest))
    scan.gone = {name: (row[0], row[1]) for name, row in stored.items() if name not in present}
    gone_by_hash: dict[str, list[str]] = {}
    for name, (_, h) in scan.gone.items():
        gone_by_hash.setdefault(h, []).append(name)
    for path, digest in candidates:
        if path.name not in stored and digest is not None and gone_by_hash.get(digest):
            old = gone_by_hash[digest].pop()
            doc_id = scan.gone.pop(old)[0]
            scan.renames.append((doc_id, path))
            continue
        scan.new.append(path)
    return scan


def _naming_digest(record: dict, reading: dict) -> str:
    """A digest of what the corpus-wide naming (``combine_with_names``) reads of one
    file under one reading of its first line: its pieces' mentions, rules, links and
    whether they hold text, the bodies it only mentions, its abbreviations, units and
    first line.  Equal digests: the file leaves every organisation's name as it was."""
    pieces = [[p["mentions"], p["rule"], bool(p["paras"]), p.get("industry"), p.get("links")]
              for p in reading["pieces"]]
    data = [pieces, reading.get("mentioned"), record.get("abbreviations"), record.get("units"),
            record.get("first_line")]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class _Writer:
    """Applies analysed files to the database inside one transaction."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.df = Counter()
        self.n_sentences = 0
        self.next_id: int | None = None
        # Whether the corpus-wide naming must be redone: not when the only change is
        # files re-read whose naming inputs came out the same (an edited paragraph).
        self.renamed_or_removed = False
        self.naming_before: dict[str, str | None] = {}  # name -> naming digest, of files deleted
        self.naming_after: dict[str, str | None] = {}  # name -> naming digest, of files inserted
        self.section_keys: set[str] = set()  # organisation keys of the sections deleted or written
        self.held_paras: set[int] = set()  # the paragraphs sections hold, of the last document set
        # How many documents open with each first line: a line opening two or more is a
        # running banner, so a document stored with it is read that way at once (not
        # stored one way and turned round by ``finish``).
        self.first_lines = Counter(first for (first,) in con.execute("SELECT first_line FROM documents")
                                   if first is not None)

    # -- documents ----------------------------------------------------------------
    def _attributed_words(self, doc_id: int) -> Iterator[set[str]]:
        """The content words of each sentence of a document that a section holds (for IDF)."""
        from unionnlp.briefs.analysis import _content_words

        for (tokens,) in self.con.execute(
            "SELECT s.tokens FROM sentences s JOIN paragraphs p ON p.doc_id = s.doc_id AND p.para = s.para "
            "WHERE s.doc_id = ? AND p.section_id IS NOT NULL AND s.tokens IS NOT NULL", (doc_id,)
        ):
            yield set(_content_words(json.loads(tokens)))

    def _count(self, words_iter: Iterable[set[str]], sign: int) -> None:
        counts = Counter(w for words in words_iter for w in words)
        if sign > 0:
            self.df.update(counts)
        else:
            self.df.subtract(counts)

    def delete(self, doc_id: int) -> None:
        con = self.con
        name, naming, first = con.execute("SELECT name, naming, first_line FROM documents WHERE id = ?",
                                          (doc_id,)).fetchone()
        self.naming_before[name] = naming
        if first is not None:
            self.first_lines[first] -= 1
        self.section_keys.update(key for (key,) in con.execute(
            "SELECT so.key FROM section_orgs so JOIN sections s ON s.id = so.section_id WHERE s.doc_id = ?",
            (doc_id,)))
        self._count(list(self._attributed_words(doc_id)), -1)
        rows = con.execute("SELECT id, text FROM sentences WHERE doc_id = ?", (doc_id,)).fetchall()
        con.executemany("INSERT INTO sentences_fts(sentences_fts, rowid, grams) VALUES('delete', ?, ?)",
                        [(i, grams(text)) for i, text in rows])
        self.n_sentences -= len(rows)
        con.execute("DELETE FROM section_orgs WHERE section_id IN (SELECT id FROM sections WHERE doc_id = ?)",
                    (doc_id,))
        for table in ("sentences", "paragraphs", "sections"):
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        con.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _set_pieces(self, doc_id: int, record: dict, banner: bool) -> str:
        """Sections, their organisations (keys before corpus-wide naming) and each
        paragraph's section or why it has none, under one reading of the first line; the
        digest of what the corpus-wide naming reads of it."""
        from unionnlp.orgs.attribution import document_reading

        con = self.con
        # The keys of the sections replaced here are in ``section_keys`` already: written
        # by this update's insert, or, for a document not re-read, moot (its naming
        # digest changes, so every name is recomputed).
        con.execute("DELETE FROM section_orgs WHERE section_id IN (SELECT id FROM sections WHERE doc_id = ?)",
                    (doc_id,))
        con.execute("DELETE FROM sections WHERE doc_id = ?", (doc_id,))
        con.execute("UPDATE paragraphs SET org_key = NULL, section_id = NULL, why = NULL WHERE doc_id = ?",
                    (doc_id,))
        reading = document_reading(record, {record["first_line"]} if banner else set())
        owners = []
        self.held_paras = set()
        for piece in reading["pieces"]:
            if not piece["paras"]:
                continue  # its organisations are named, but it holds no text
            keys, para, rule, line, note = (piece[k] for k in ("keys", "para", "rule", "line", "note"))
            evidence = f"p{para} {rule}: {line}" + (f" ({note})" if note else "")
            cur = con.execute(
                "INSERT INTO sections(doc_id, org_key, keys, paragraphs, evidence, evidence_para, rule) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc_id, keys[0], json.dumps(keys, ensure_ascii=False), json.dumps(piece["paras"]), evidence,
                 para, rule))
            section_id = cur.lastrowid
            con.executemany("INSERT INTO section_orgs(section_id, pos, key) VALUES (?, ?, ?)",
                            [(section_id, pos, key) for pos, key in enumerate(keys)])
            owners.extend((keys[0], section_id, doc_id, p) for p in piece["paras"])
            self.held_paras.update(piece["paras"])
            self.section_keys.update(keys)
        con.executemany("UPDATE paragraphs SET org_key = ?, section_id = ? WHERE doc_id = ? AND para = ?", owners)
        con.executemany("UPDATE paragraphs SET why = ? WHERE doc_id = ? AND para = ?",
                        [(why, doc_id, para) for para, why in reading["unattributed"]])
        naming = _naming_digest(record, reading)
        con.execute("UPDATE documents SET banner = ?, naming = ? WHERE id = ?", (int(banner), naming, doc_id))
        return naming

    def insert(self, result: dict) -> int:
        import numpy as np

        con = self.con
        record = result["record"]
        cur = con.execute(
            "INSERT INTO documents(name, hash, encoding, format, size, mtime_ns, stat, year, first_line, "
            "banner, record, paragraphs, sentences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
            (result["name"], result["hash"], result["encoding"], result["format"], result["size"],
             result["mtime_ns"], result.get("stat"), result["year"], record["first_line"],
             json.dumps(record, ensure_ascii=False, separators=(",", ":")),
             len(result["paragraphs"]), len(result["sentences"])),
        )
        doc_id = cur.lastrowid
        con.executemany("INSERT INTO paragraphs(doc_id, para, start, end, heading, n_sent) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        [(doc_id, *p) for p in result["paragraphs"]])
        if self.next_id is None:
            self.next_id = (con.execute("SELECT max(id) FROM sentences").fetchone()[0] or 0) + 1
        rows, fts = [], []
        for (para, sent, start, end, orig_start, orig_end, page, text, label, prob, probs, tokens, parts, alt,
             gram) in result["sentences"]:
            rows.append((self.next_id, doc_id, para, sent, start, end, orig_start, orig_end, page, text, label,
                         prob, np.asarray(probs, dtype=np.float32).tobytes(), tokens, parts, alt))
            fts.append((self.next_id, gram))
            self.next_id += 1
        con.executemany("INSERT INTO sentences(id, doc_id, para, sent, start, end, orig_start, orig_end, page, "
                        "text, label, prob, probs, tokens, parts, alt) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.executemany("INSERT INTO sentences_fts(rowid, grams) VALUES (?, ?)", fts)
        self.n_sentences += len(fts)
        first = record["first_line"]
        if first is not None:
            self.first_lines[first] += 1
        banner = first is not None and self.first_lines[first] >= 2
        self.naming_after[result["name"]] = self._set_pieces(doc_id, record, banner=banner)
        words = result.get("content_words")
        if words is not None and len(words) == len(result["sentences"]):  # counted by the worker
            held = self.held_paras
            self._count((w for row, w in zip(result["sentences"], words) if w is not None and row[0] in held), +1)
        else:
            self._count(self._attributed_words(doc_id), +1)
        return doc_id

    # -- corpus-wide steps ----------------------------------------------------------
    def finish(self, meta: dict[str, str]) -> None:
        """Banners, df, organisations' names and aggregates, from the stored records."""
        from unionnlp.orgs.attribution import combine_with_names, running_banners

        con = self.con
        rows = con.execute("SELECT id, name, first_line, banner FROM documents ORDER BY name").fetchall()
        banners = running_banners(first for _, _, first, _ in rows)
        for doc_id, name, first, banner in rows:
            want = first in banners
            if bool(banner) == want:
                continue
            record = json.loads(con.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()[0])
            if "banner" in record and "plain" in record:
                self._count(list(self._attributed_words(doc_id)), -1)
                self.naming_after[name] = self._set_pieces(doc_id, record, banner=want)
                self.naming_before.setdefault(name, None)  # its naming inputs changed
                self._count(self._attributed_words(doc_id), +1)
            else:
                con.execute("UPDATE documents SET banner = ? WHERE id = ?", (int(want), doc_id))
        self._apply_df()
        if self._same_naming():
            self._recount_orgs()
        else:
            def records():
                # one at a time: the naming keeps only the reading in use of each
                for name, text in con.execute("SELECT name, record FROM documents ORDER BY name"):
                    record = json.loads(text)
                    record["doc"] = name  # a renamed file keeps its record
                    yield record

            attribution, names = combine_with_names(records(), banners)
            con.execute("DELETE FROM org_keys")
            con.executemany("INSERT INTO org_keys(key, name) VALUES (?, ?)",
                            [(k, v) for k, v in names.items() if k[:2] in ("T:", "N:", "U:")])
            self._store_orgs(attribution)
        n_docs = len(rows)
        n_sent = con.execute("SELECT count(*) FROM sentences").fetchone()[0]
        meta.update(documents=str(n_docs), sentences=str(n_sent), updated_at=repr(time.time()))
        con.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", sorted(meta.items()))

    def _same_naming(self) -> bool:
        """True when the corpus-wide naming would come out as stored: the same files in
        the same order, each re-read file with the naming inputs it had (its mentions of
        union bodies, abbreviations, units, first line), and an index that has a naming."""
        if self.renamed_or_removed or set(self.naming_after) != set(self.naming_before):
            return False
        if not self.naming_after:
            return False  # nothing re-read: a new or rebuilt index, or only banners
        if any(self.naming_before[n] is None or self.naming_before[n] != d for n, d in self.naming_after.items()):
            return False
        return self.con.execute("SELECT count(*) FROM orgs").fetchone()[0] > 0

    def _recount_orgs(self) -> None:
        """The amounts of text of the organisations whose sections were re-read (their
        names, parents and order are as stored), counted as ``summarise_orgs`` counts."""
        from unionnlp.orgs.attribution import Attribution, Org, Section
        from unionnlp.orgs.resolve import summarise_orgs

        con = self.con
        keys = sorted(self.section_keys)
        names: dict[str, str] = {}
        for lo in range(0, len(keys), 500):
            chunk = keys[lo : lo + 500]
            names.update(con.execute(
                f"SELECT key, name FROM org_keys WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        wanted = sorted(set(names.values()))
        if not wanted:
            return
        marks = ",".join("?" * len(wanted))
        rows = con.execute(
            "WITH wanted AS (SELECT DISTINCT so.section_id AS id FROM org_keys k "
            f"JOIN section_orgs so ON so.key = k.key WHERE k.name IN ({marks})) "
            "SELECT s.id, s.doc_id, d.name, s.keys, s.paragraphs FROM wanted w JOIN sections s ON s.id = w.id "
            "JOIN documents d ON d.id = s.doc_id ORDER BY d.name, s.id", wanted).fetchall()
        all_keys = {k for row in rows for k in json.loads(row[3])} - set(names)
        for k in sorted(all_keys):  # the other hosts of a joint event
            hit = con.execute("SELECT name FROM org_keys WHERE key = ?", (k,)).fetchone()
            names[k] = hit[0]
        sections, counts = [], {}
        for _, doc_id, doc, section_keys, paras in rows:
            orgs = tuple(dict.fromkeys(names[k] for k in json.loads(section_keys)))
            paras = tuple(json.loads(paras))
            sections.append(Section(orgs[0], doc, paras, "", 0, "", orgs))
            for para, n in con.execute(
                    f"SELECT para, n_sent FROM paragraphs WHERE doc_id = ? AND section_id IS NOT NULL "
                    f"AND para IN ({','.join('?' * len(paras))})", (doc_id, *paras)):
                counts[(doc, para)] = n
        orgs = {name: Org(name, tuple(json.loads(short)), parent, kind) for name, short, parent, kind in
                con.execute(f"SELECT name, short_names, parent, kind FROM orgs WHERE name IN ({marks}) "
                            "ORDER BY rank", wanted)}
        summaries = summarise_orgs(Attribution(sections=sections, orgs=orgs, unattributed={}), counts,
                                   include_mentioned=True)
        con.executemany(
            "UPDATE orgs SET sections = ?, paragraphs = ?, sentences = ?, files = ?, file_names = ? WHERE name = ?",
            [(s.sections, s.paragraphs, s.sentences, s.files, json.dumps(list(s.file_names), ensure_ascii=False),
              s.name) for s in summaries])

    def _store_orgs(self, attribution) -> None:
        """The orgs table: each organisation's names, parent and how much text it has."""
        from unionnlp.orgs.resolve import org_tree, summarise_orgs

        con = self.con
        sentence_count = {
            (doc, para): n for doc, para, n in con.execute(
                "SELECT d.name, p.para, p.n_sent FROM paragraphs p JOIN documents d ON d.id = p.doc_id "
                "WHERE p.section_id IS NOT NULL")
        }
        in_tree = {org.name for _, org, _ in org_tree(attribution)}
        con.execute("DELETE FROM orgs")
        org_rows = []
        for rank, s in enumerate(summarise_orgs(attribution, sentence_count, include_mentioned=True)):
            org_rows.append((s.name, rank, json.dumps(list(s.short_names), ensure_ascii=False), s.parent, s.kind,
                             s.sections, s.paragraphs, s.sentences, s.files,
                             json.dumps(list(s.file_names), ensure_ascii=False), int(s.name in in_tree)))
        con.executemany("INSERT INTO orgs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", org_rows)

    def _apply_df(self) -> None:
        changes = [(w, n) for w, n in self.df.items() if n]
        self.con.executemany("INSERT INTO df(word, n) VALUES (?, ?) "
                             "ON CONFLICT(word) DO UPDATE SET n = n + excluded.n", changes)
        self.con.execute("DELETE FROM df WHERE n <= 0")
        self.df.clear()


def update_index(
    corpus: str | Path | None = None,
    index: str | Path | None = None,
    *,
    model=None,
    jobs: int | None = 1,
    rebuild: bool = True,
    wait: float = DEFAULT_WAIT,
    analyse: Callable[[list[Path]], Iterable[dict]] | None = None,
    progress: Callable[[int, int], None] | None = None,
    encoding: str | None = None,
    names: list[str] | None = None,
) -> UpdateReport:
    """Build or update the index of a corpus folder (default: the shipped seeds).

    Only files that are new or whose bytes changed are read and analysed (on
    ``jobs`` processes); removed files are dropped, renamed ones keep their
    analysis.  An index built with another model, analysis code or schema is
    rebuilt when ``rebuild`` is true, else ``CorpusIndexError`` says how to
    rebuild it.  ``analyse`` replaces the process pool (the Dask path passes
    one); ``progress(done, total)`` is called as files are stored.
    ``encoding`` decodes every file with that encoding instead of detecting it.
    ``names``: the folder's :func:`corpus_names`, when the caller listed it already.

    A file that is not a corpus index (or a damaged one) is refused with
    ``CorpusIndexError``, or, with ``rebuild``, replaced by a new index.
    """
    from unionnlp.paths import default_corpus_dir

    started = time.perf_counter()
    directory = Path(corpus).expanduser() if corpus is not None else default_corpus_dir()
    files = names if names is not None else corpus_names(directory)
    if index is not None:
        path = Path(index).expanduser()
    else:
        path = default_index_path(directory, encoding)
        if path is None:
            raise CorpusIndexError("no usable cache folder to keep the corpus index in; pass --index PATH")
    model_sha, code_sha = _identity(model)
    report = UpdateReport(path=path, corpus=str(directory))
    report.created = not path.exists()
    try:
        return _update(path, directory, files, model, model_sha, code_sha, jobs, rebuild, wait, analyse,
                       progress, encoding, report, started)
    except OSError as exc:
        raise IndexUnwritable(path, exc.strerror or str(exc)) from None
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and _unwritable(exc):
            raise IndexUnwritable(path, str(exc)) from None
        if not rebuild or isinstance(exc, sqlite3.OperationalError) and not _damaged(exc):
            raise CorpusIndexError(f"{path}: cannot be used as a corpus index ({exc})") from None
    # Not a database, or a damaged one: it holds nothing worth keeping.  Start again.
    _remove_index(path)
    report = UpdateReport(path=path, corpus=str(directory), created=True,
                          rebuilt="index file is damaged or not a unionnlp index")
    try:
        return _update(path, directory, files, model, model_sha, code_sha, jobs, rebuild, wait, analyse,
                       progress, encoding, report, started)
    except sqlite3.DatabaseError as exc:
        raise CorpusIndexError(f"{path}: cannot be used as a corpus index ({exc})") from None


class IndexUnwritable(CorpusIndexError):
    """The index file (or its folder) cannot be created or written."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: cannot be written ({reason})")
        self.path = path
        self.reason = reason


def _unwritable(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("readonly", "read-only", "unable to open", "disk i/o", "disk is full",
                                   "database or disk is full", "permission"))


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "no such table", "no such column",
                                   "has no column", "corrupt", "values for", "columns but"))


def _remove_index(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def _update(path, directory, files, model, model_sha, code_sha, jobs, rebuild, wait, analyse, progress,
            encoding, report, started) -> UpdateReport:
    try:
        con = _connect(path, wait)
    except CorpusIndexError:
        if rebuild:
            raise sqlite3.DatabaseError("file is not a database") from None
        raise
    try:
        meta = _meta(con)
        stale = _stale_reason(meta, model_sha, code_sha, encoding)
        if stale and not rebuild:
            raise CorpusIndexError(
                f"{path}: {stale}; rebuild it with `unionnlp index {directory} --index {path}`"
            )
        if not stale and meta:
            first = scan = _scan(con, directory, files)  # outside the lock: nothing to do is the common case
            if not (scan.new or scan.gone or scan.renames or scan.restat):
                report.unchanged = scan.unchanged
                report.documents = int(meta.get("documents", 0))
                report.sentences = int(meta.get("sentences", 0))
                report.updated_at = float(meta.get("updated_at", 0))
                return report
        else:
            first = None
        _begin(con, path, wait)
        try:
            meta = _meta(con)
            stale = _stale_reason(meta, model_sha, code_sha, encoding)
            if stale:
                if not rebuild:
                    raise CorpusIndexError(
                        f"{path}: {stale}; rebuild it with `unionnlp index {directory} --index {path}`"
                    )
                report.rebuilt = stale
                _clear(con)
                meta = {}
            else:
                _create(con)
            meta.update(schema_version=str(SCHEMA_VERSION), model_sha256=model_sha, code_sha256=code_sha,
                        corpus=str(directory.resolve()), encoding=encoding or "")
            meta.setdefault("created_at", repr(time.time()))
            scan = _scan(con, directory, files, first)
            report.unchanged = scan.unchanged
            writer = _Writer(con)
            writer.renamed_or_removed = bool(scan.gone or scan.renames)
            stored_names = {name for (name,) in con.execute("SELECT name FROM documents")}
            for name, (doc_id, _) in sorted(scan.gone.items()):
                writer.delete(doc_id)
                report.removed.append(name)
            for size, mtime, identity, doc_id in scan.restat:
                con.execute("UPDATE documents SET size = ?, mtime_ns = ?, stat = ? WHERE id = ?",
                            (size, mtime, identity, doc_id))
            for doc_id, new_path in scan.renames:
                old = con.execute("SELECT name FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
                # the status of the bytes hashed in the scan, or unknown (hash next time)
                con.execute("UPDATE documents SET name = ?, size = ?, mtime_ns = ?, stat = NULL WHERE id = ?",
                            (new_path.name, *_size_mtime(new_path), doc_id))
                report.renamed.append((old, new_path.name))
            todo = scan.new
            if analyse is None:
                from unionnlp.corpus.parallel import ordered_map
                from unionnlp.themes.classify import get_model

                results = ordered_map(_analyse_task, [(str(p), encoding) for p in todo], jobs,
                                      initializer=set_worker_model, initargs=(get_model(model),))
            else:
                results = analyse(todo)
            for done, result in enumerate(results, start=1):
                name = result["name"]
                if name in stored_names:
                    row = con.execute("SELECT id FROM documents WHERE name = ?", (name,)).fetchone()
                    writer.delete(row[0])
                    report.changed.append(name)
                elif "error" not in result:
                    report.added.append(name)
                con.execute("DELETE FROM unreadable WHERE name = ?", (name,))
                if "error" in result:
                    con.execute("INSERT INTO unreadable VALUES (?, ?, ?, ?, ?)",
                                (name, result["size"], result["mtime_ns"], result["error"], result.get("hash")))
                    report.errors.append(result["error"])
                else:
                    writer.insert(result)
                if progress is not None:
                    progress(done, len(todo))
            present = set(files)
            con.executemany("DELETE FROM unreadable WHERE name = ?",
                            [(n,) for (n,) in con.execute("SELECT name FROM unreadable") if n not in present])
            if scan.new or scan.gone or scan.renames or not meta.get("updated_at"):
                writer.finish(meta)
            # else only recorded statuses were refreshed (files touched, or settled since read)
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        meta = _meta(con)
        report.documents = int(meta.get("documents", 0))
        report.sentences = int(meta.get("sentences", 0))
        report.updated_at = float(meta.get("updated_at", 0))
        if report.touched:
            try:
                con.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.OperationalError:  # pragma: no cover
                pass
        return report
    finally:
        report.seconds = time.perf_counter() - started
        con.close()


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


class CorpusIndex:
    """A read-only view of an index: documents, organisations, sentences, search."""

    def __init__(self, path: str | Path, corpus: str | Path | None = None):
        self.path = Path(path)
        if not self.path.is_file():
            raise CorpusIndexError(f"{self.path}: no such index; build it with `unionnlp index DIR`")
        self.con = sqlite3.connect(str(self.path), timeout=10.0, check_same_thread=False)
        try:  # the search vocabulary's counts (a view in this connection's temp schema)
            self.con.execute("CREATE VIRTUAL TABLE temp.sentences_vocab USING fts5vocab(main, 'sentences_fts', 'row')")
        except sqlite3.Error:
            pass  # not an index: said below
        self.con.execute("PRAGMA query_only=ON")
        self.meta = _meta(self.con)
        if not self.meta:
            raise CorpusIndexError(f"{self.path}: not a unionnlp corpus index (or empty)")
        self.corpus = str(corpus) if corpus is not None else self.meta.get("corpus", "")

    def close(self) -> None:
        """Close the database (also done when the object is freed: Python 3.11's sqlite3
        connections hold a reference cycle, so without this a file stays open, and locked
        against a writer that replaces it, until the garbage collector runs)."""
        con = getattr(self, "con", None)
        if con is not None:
            self.con = None
            con.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - at interpreter exit the module may be half gone
            pass

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def check(self, model=None, encoding: str | None = None) -> None:
        """``CorpusIndexError`` if the index was built with another model, analysis code or encoding."""
        model_sha, code_sha = _identity(model)
        stale = _stale_reason(self.meta, model_sha, code_sha, encoding)
        if stale:
            raise CorpusIndexError(
                f"{self.path}: {stale}; rebuild it with `unionnlp index {self.meta.get('corpus', 'DIR')} "
                f"--index {self.path}`"
            )

    @property
    def documents(self) -> int:
        return int(self.meta.get("documents", 0))

    @property
    def sentences(self) -> int:
        return int(self.meta.get("sentences", 0))

    @property
    def updated_at(self) -> float:
        return float(self.meta.get("updated_at", 0))

    def document_names(self) -> list[str]:
        return [n for (n,) in self.con.execute("SELECT name FROM documents ORDER BY name")]

    def unreadable(self) -> list[str]:
        """What could not be read, one message per file, naming it under this corpus folder."""
        out = []
        for name, message in self.con.execute("SELECT name, message FROM unreadable ORDER BY name"):
            where = str(Path(self.corpus) / name) if self.corpus else name
            # the message names the file as it was read when indexed: name it as given now
            head, sep, rest = message.partition(f"{name}: ")
            out.append(f"{where}: {rest}" if sep and (not head or head.endswith(("/", os.sep))) else message)
        return out

    def orgs(self) -> dict:
        """Organisations by full name, in listing order (``Org`` objects)."""
        from unionnlp.orgs.attribution import Org

        return {
            name: Org(name, tuple(json.loads(short)), parent, kind)
            for name, short, parent, kind in self.con.execute(
                "SELECT name, short_names, parent, kind FROM orgs ORDER BY rank")
        }

    def org_summaries(self, with_text_only: bool = False, include_mentioned: bool = False) -> list:
        """One ``OrgSummary`` per organisation, in listing order, chosen as ``list_orgs``
        chooses them (by default those with text and the unions enclosing them)."""
        from unionnlp.orgs.resolve import OrgSummary

        where = "sections > 0" if with_text_only else "1" if include_mentioned else "sections > 0 OR in_tree"
        return [
            OrgSummary(name, tuple(json.loads(short)), parent, kind, sections, paras, n_sent, files,
                       tuple(json.loads(names)))
            for name, short, parent, kind, sections, paras, n_sent, files, names in self.con.execute(
                "SELECT name, short_names, parent, kind, sections, paragraphs, sentences, files, "
                f"file_names FROM orgs WHERE {where} ORDER BY rank")
        ]

    def key_names(self, keys: Iterable[str] | None = None) -> dict[str, str]:
        """The full name each organisation key stands for (all keys, or these)."""
        if keys is None:
            return dict(self.con.execute("SELECT key, name FROM org_keys"))
        keys = sorted(set(keys))
        out: dict[str, str] = {}
        for lo in range(0, len(keys), 500):
            chunk = keys[lo : lo + 500]
            out.update(self.con.execute(
                f"SELECT key, name FROM org_keys WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def sections(self) -> list:
        """Every section (``Section`` objects, a joint event's with all its organisations), in corpus order."""
        from unionnlp.orgs.attribution import Section

        names = self.key_names()
        out = []
        for doc, keys, paras, evidence, ev_para, rule in self.con.execute(
                "SELECT d.name, s.keys, s.paragraphs, s.evidence, s.evidence_para, s.rule "
                "FROM sections s JOIN documents d ON d.id = s.doc_id ORDER BY d.name, s.id"):
            orgs = tuple(dict.fromkeys(names[k] for k in json.loads(keys)))
            out.append(Section(orgs[0], doc, tuple(json.loads(paras)), evidence, ev_para, rule, orgs))
        return out

    def attribution(self, with_sections: bool = False):
        """An ``Attribution`` with the organisations and which of them have text (and, if
        asked, the sections and why every other paragraph is no one's)."""
        from unionnlp.orgs.attribution import Attribution

        if not with_sections:
            having = frozenset(n for (n,) in self.con.execute("SELECT name FROM orgs WHERE sections > 0"))
            return Attribution([], self.orgs(), having=having)
        unattributed = {(doc, para): why for doc, paras, why in self.unattributed() for para in paras}
        return Attribution(self.sections(), self.orgs(), unattributed)

    def unattributed(self) -> list[tuple[str, list[int], str]]:
        """Runs of paragraphs of no organisation, each with why (furniture, a banner, what the
        text names and why it did not decide), in corpus order."""
        out: list[tuple[str, list[int], str]] = []
        for doc, para, why in self.con.execute(
                "SELECT d.name, p.para, p.why FROM paragraphs p JOIN documents d ON d.id = p.doc_id "
                "WHERE p.section_id IS NULL ORDER BY d.name, p.para"):
            why = why or "no union body named"
            if out and out[-1][0] == doc and out[-1][2] == why and out[-1][1][-1] == para - 1:
                out[-1][1].append(para)
            else:
                out.append((doc, [para], why))
        return out

    def document_labels(self, names: Iterable[str] | None = None) -> Iterator[tuple[str, list[tuple]]]:
        """(document, [(para, sent, label, prob), ...]) per document, in name order."""
        query = ("SELECT d.name, s.para, s.sent, s.label, s.prob FROM sentences s "
                 "JOIN documents d ON d.id = s.doc_id ORDER BY d.name, s.para, s.sent")
        current, rows = None, []
        wanted = set(names) if names is not None else None
        for name, para, sent, label, prob in self.con.execute(query):
            if wanted is not None and name not in wanted:
                continue
            if name != current:
                if current is not None:
                    yield current, rows
                current, rows = name, []
            rows.append((para, sent, label, prob))
        if current is not None:
            yield current, rows


class IndexAnalysis:
    """What a brief needs, answered from a corpus index (see ``briefs.analysis``)."""

    def __init__(self, index: CorpusIndex, directory: str):
        self.index = index
        self.directory = directory
        self._attribution = None
        self._documents = None
        self._errors = None
        self.report = None

    def close(self) -> None:
        """Close the index (what this analysis read is kept)."""
        self.index.close()

    @property
    def errors(self) -> list[str]:
        """The files that could not be read, as messages (as ``load_analysis`` gives them)."""
        if self._errors is None:
            self._errors = self.index.unreadable()
        return self._errors

    @property
    def attribution(self):
        if self._attribution is None:
            self._attribution = self.index.attribution()
        return self._attribution

    @property
    def documents(self) -> list[str]:
        if self._documents is None:
            self._documents = self.index.document_names()
        return self._documents

    def sentences_of(self, names: set[str]) -> list:
        """The sentences of these organisations (full names), in corpus order; a joint
        event's sentences belong to each of its hosts (as ``_Analysis.sentences_of``)."""
        from unionnlp.briefs.analysis import _Sent

        names = sorted(names)
        if not names:
            return []
        marks = ",".join("?" * len(names))
        rows = self.index.con.execute(
            "WITH wanted AS (SELECT DISTINCT so.section_id AS id FROM org_keys k "
            f"JOIN section_orgs so ON so.key = k.key WHERE k.name IN ({marks})) "
            "SELECT d.name, s.para, s.sent, s.text, s.label, sec.keys, p.heading, s.tokens, s.parts, s.alt "
            "FROM wanted w JOIN sections sec ON sec.id = w.id JOIN documents d ON d.id = sec.doc_id "
            "JOIN paragraphs p ON p.section_id = sec.id "
            "JOIN sentences s ON s.doc_id = p.doc_id AND s.para = p.para "
            "ORDER BY d.name, s.para, s.sent", names).fetchall()
        key_names = self.index.key_names({k for row in rows for k in json.loads(row[5])})
        out = []
        for doc, para, sent, text, label, keys, heading, tokens, parts, alt in rows:
            orgs = tuple(dict.fromkeys(key_names[k] for k in json.loads(keys)))
            out.append(_Sent(doc, para, sent, text, label, orgs[0], bool(heading),
                             tuple(json.loads(tokens)) if tokens else (), orgs if len(orgs) > 1 else (),
                             tuple(tuple(p) for p in json.loads(parts)) if parts else (), alt or ""))
        return out

    def orgs_with_text(self) -> set[str]:
        """Organisations with at least one sentence (each host of a joint event)."""
        return {n for (n,) in self.index.con.execute("SELECT name FROM orgs WHERE sentences > 0")}

    def texts_of(self, docs: Iterable[str]) -> dict[str, list[tuple[int, int, str]]]:
        """Every sentence of these documents as (paragraph, sentence, text), in text order
        (as ``_Analysis.texts_of``)."""
        docs = sorted(set(docs))
        out: dict[str, list[tuple[int, int, str]]] = {}
        for lo in range(0, len(docs), 500):
            chunk = docs[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            for name, para, sent, text in self.index.con.execute(
                    "SELECT d.name, s.para, s.sent, s.text FROM sentences s JOIN documents d ON d.id = s.doc_id "
                    f"WHERE d.name IN ({marks}) ORDER BY d.name, s.para, s.sent", chunk):
                out.setdefault(name, []).append((para, sent, text))
        return out

    def bigram_count(self, bigram: str) -> int:
        """How often a bigram of two letters (Chinese characters) occurs in the corpus's
        sentences, quotes and spaces ignored (as ``_Analysis.bigram_count``): read from
        the search index's vocabulary, not from the text."""
        row = self.index.con.execute("SELECT cnt FROM temp.sentences_vocab WHERE term = ?", (bigram.lower(),)).fetchone()
        return row[0] if row else 0

    def idf_of(self, words: Iterable[str]) -> dict[str, float]:
        from unionnlp.briefs.analysis import idf_value

        n = self.index.sentences or 1
        words = sorted(set(words))
        out: dict[str, float] = {}
        for lo in range(0, len(words), 500):
            chunk = words[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            for w, df in self.index.con.execute(f"SELECT word, n FROM df WHERE word IN ({marks})", chunk):
                out[w] = idf_value(df, n)
        return out


def open_index(
    corpus: str | Path | None = None,
    index: str | Path | None = None,
    *,
    model=None,
    update: bool = True,
    jobs: int | None = 1,
    wait: float = DEFAULT_WAIT,
    encoding: str | None = None,
    names: list[str] | None = None,
) -> tuple[CorpusIndex, UpdateReport | None]:
    """The index of a corpus, brought up to date first (``update``): the default index
    in the user cache is created or rebuilt as needed; an index given by path is
    updated for changed files but never silently rebuilt for another model."""
    from unionnlp.paths import default_corpus_dir

    directory = Path(corpus).expanduser() if corpus is not None else default_corpus_dir()
    report = None
    if update:
        report = update_index(directory, index, model=model, jobs=jobs, rebuild=index is None, wait=wait,
                              encoding=encoding, names=names)
        path = report.path
    else:
        path = Path(index) if index is not None else default_index_path(directory, encoding)
        if path is None:
            raise CorpusIndexError("no usable cache folder to keep the corpus index in; pass --index PATH")
    idx = CorpusIndex(path, directory)
    idx.check(model, encoding)
    return idx, report


def open_analysis(corpus: str | Path | None = None, index: str | Path | None = None, *, model=None,
                  jobs: int | None = 1, encoding: str | None = None, fallback: bool = True):
    """An up-to-date index of the corpus, as an analysis for ``summarise``.

    The default index lives in the user cache; when that cannot be used (no cache
    folder, or the index cannot be written there) the corpus is analysed directly
    (``briefs.analysis.load_analysis``), with one warning line.  An index given
    by path that cannot be used is an error (``CorpusIndexError``).  Without
    ``fallback`` this returns None instead of analysing directly.
    """
    import warnings

    from unionnlp.briefs.analysis import load_analysis
    from unionnlp.errors import UnionNLPWarning
    from unionnlp.paths import cache_dir, default_corpus_dir

    directory = Path(corpus).expanduser() if corpus is not None else default_corpus_dir()
    names = None
    if index is None:
        names = corpus_names(directory)  # a missing or empty folder: its own error, not the cache's
        if default_index_path(directory, encoding) is None:  # cache_dir() has warned
            return load_analysis(directory, model, encoding) if fallback else None
    try:
        idx, report = open_index(directory, index, model=model, jobs=jobs, encoding=encoding, names=names)
    except IndexUnwritable as exc:
        if index is not None:
            raise
        folder = cache_dir()
        message = f"cache folder {folder} cannot be used ({exc.reason}); running without a cache"
        from unionnlp import paths

        if message not in paths._WARNED:  # once per process
            paths._WARNED.add(message)
            warnings.warn(message, UnionNLPWarning, stacklevel=2)
        return load_analysis(directory, model, encoding) if fallback else None
    analysis = IndexAnalysis(idx, str(directory))
    analysis.report = report
    return analysis
