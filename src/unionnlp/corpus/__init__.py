"""Corpus: a folder of reports, read and segmented once per process.

:mod:`~unionnlp.corpus.load` loads every report of a folder (``*.txt``, ``*.pdf``,
``*.docx``; default: the shipped seeds) into segmented documents, reporting
unreadable files instead of stopping, and keeps the result in a per-process
cache.  It builds on :mod:`unionnlp.text` only; the organisation finder and the
briefs read their corpus through it.  :mod:`~unionnlp.corpus.index` keeps a
corpus's analysis in a SQLite index updated file by file (it builds on text,
orgs, themes and ``briefs.analysis``), :mod:`~unionnlp.corpus.search` searches
it, and :mod:`~unionnlp.corpus.parallel` runs per-file work on a process pool.
"""
