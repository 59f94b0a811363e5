"""Organisations: which union body each part of a report is the work of.

:mod:`~unionnlp.orgs.gazetteer` reads the administrative-division gazetteer,
:mod:`~unionnlp.orgs.names` recognises union bodies in text,
:mod:`~unionnlp.orgs.sections` cuts a page into pieces and decides each one,
:mod:`~unionnlp.orgs.attribution` turns that into sections and organisations
with their hierarchy (``attribute_orgs``), and :mod:`~unionnlp.orgs.resolve`
finds the organisation a user means (``resolve_org``, ``suborgs``,
``list_orgs``).  Nothing here prints or exits; errors are ``OrgError``.
"""
