"""Briefs: short extractive summaries of one organisation's work, by theme.

:mod:`~unionnlp.briefs.analysis` analyses a corpus once (segments, organisations,
themes, words) and caches it, :mod:`~unionnlp.briefs.quality` says which sentences
may be bullets (whole statements that report work) and which copy of a passage is
the better-formed, :mod:`~unionnlp.briefs.selection` scores the organisation's
sentences and picks a brief within a length budget (``summarise``),
:mod:`~unionnlp.briefs.figures` finds the key figures, :mod:`~unionnlp.briefs.brief`
defines the ``Brief`` it returns, :mod:`~unionnlp.briefs.render` writes it as markdown,
HTML, plain text or JSON data and :mod:`~unionnlp.briefs.chart` draws its themes.
"""
