"""The ``unionnlp`` typer app: the root callback (``--version``) and the name of every command.

Each command lives in its own module of :mod:`unionnlp.cli` and imports its
heavy libraries (scikit-learn, jieba, spaCy) inside the command function, so
registering them all here keeps ``unionnlp --help`` and ``classify`` fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from unionnlp import __version__
from unionnlp.cli._util import _err, _write_stdout
from unionnlp.cli.classify import classify
from unionnlp.cli.index import index_cmd
from unionnlp.cli.info import info
from unionnlp.cli.labels import labels_app
from unionnlp.cli.orgs import orgs
from unionnlp.cli.search import search_cmd
from unionnlp.cli.segment import segment
from unionnlp.cli.serve import serve
from unionnlp.cli.summarise import summarise_cmd
from unionnlp.cli.train import evaluate, train
from unionnlp.errors import UnionNLPError

app = typer.Typer(
    name="unionnlp",
    help="Themes and briefs for Chinese trade-union women-workers' work reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        _write_stdout(f"unionnlp {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Themes and briefs for Chinese trade-union women-workers' work reports."""


# The commands, in the order ``--help`` lists them.
app.command()(segment)
app.command()(info)
app.add_typer(labels_app, name="labels")
app.command()(train)
app.command()(evaluate)
app.command()(classify)
app.command()(orgs)
app.command("summarise")(summarise_cmd)
app.command("index")(index_cmd)
app.command("search")(search_cmd)
app.command()(serve)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except UnionNLPError as exc:  # a library error that a command did not catch itself
        _err(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
