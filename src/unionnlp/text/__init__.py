"""Text: from a report file to sentences.

:mod:`~unionnlp.text.read` reads files, folders and stdin and decodes them
(BOM, UTF-8, GB18030, detection), :mod:`~unionnlp.text.repair` mends what PDF
extraction breaks (split lines, spaces inside Chinese words, half-width
punctuation) and :mod:`~unionnlp.text.segment` cuts the repaired text into
paragraphs and sentences with their positions.  This is the bottom layer: it
imports nothing of the package but ``errors``.
"""
