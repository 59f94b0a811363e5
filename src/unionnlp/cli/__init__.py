"""The ``unionnlp`` command line: a thin typer layer over the Python API.

:mod:`~unionnlp.cli.app` holds the typer app and wires every command to its
name; each command (or group) is one module (``segment``, ``classify``,
``labels``, ``train`` with ``evaluate``, ``orgs``, ``summarise``, ``info``)
and :mod:`~unionnlp.cli._util` the output and input helpers they share.  This
is the only part of the package that prints or exits; heavy libraries are
imported inside the commands that need them, so ``unionnlp --help`` and
``classify`` start fast.  The console script is ``unionnlp.cli:main``.
"""

from __future__ import annotations

from unionnlp.cli.app import app, main

__all__ = ["app", "main"]
