"""Corpus: a folder of reports, read and segmented once per process.

:mod:`~unionnlp.corpus.load` loads every ``*.txt`` of a folder (default: the
shipped seeds) into segmented documents, reporting unreadable files instead of
stopping, and keeps the result in a per-process cache.  It builds on
:mod:`unionnlp.text` only; the organisation finder and the briefs read their
corpus through it.
"""
