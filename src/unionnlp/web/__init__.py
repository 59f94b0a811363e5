"""The local web page for analysts (optional extra ``unionnlp[web]``: starlette, jinja2, uvicorn).

:mod:`~unionnlp.web.app` builds the Starlette app (``create_app``) whose routes
call the same Python API as the CLI; :mod:`~unionnlp.web.uploads` checks and
reads uploaded files; ``templates/`` and ``static/`` are the pages, one small
stylesheet and a little vanilla JavaScript: no CDN, nothing fetched from
outside.  ``unionnlp serve`` runs it on 127.0.0.1.
"""
