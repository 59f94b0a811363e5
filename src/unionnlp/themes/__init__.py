"""Themes: labelling sentences with the six themes (思想引领 建功立业 权益维护 关爱服务 组织建设 其他).

:mod:`~unionnlp.themes.labels` reads and checks label files,
:mod:`~unionnlp.themes.features` turns sentences into n-gram and lexicon
features, :mod:`~unionnlp.themes.model` is the model and its file format,
:mod:`~unionnlp.themes.train` fits and cross-validates it (the only module that
imports scikit-learn), :mod:`~unionnlp.themes.classify` labels sentences,
paragraphs and documents, and :mod:`~unionnlp.themes.suggest` prepares label
files for new reports.  Nothing is imported here, so that importing one module
does not pull in numpy or the others.
"""
