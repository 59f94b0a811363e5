"""The ``unionnlp`` typer app: the root callback (``--version``) and the name of every command.

Each command lives in its own module of :mod:`unionnlp.cli` and imports its
heavy libraries (scikit-learn, jieba, spaCy) inside the command function, so
registering them all here keeps ``unionnlp --help`` and ``classify`` fast.

Every error reaches the user as one ``unionnlp: error: …`` line on stderr:
the app's group class turns typer's usage errors (a bad option value, an
unknown option) into such a line instead of a box, and library errors,
write errors and interrupts into a line and an exit code.
"""

from __future__ import annotations

import re
import signal
import sys
import warnings
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from unionnlp import __version__
from unionnlp.cli._util import EXIT_FAILURE, _err, _silence_stdout, _warn, _write_stdout
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
from unionnlp.errors import UnionNLPError, UnionNLPWarning

EXIT_INTERRUPTED = 130


def _click_exception_class() -> type:
    """click's ``ClickException`` as this typer uses it (its own copy of click, or click)."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def _option_name(param: Any) -> str | None:
    if param is None:
        return None
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(getattr(param, "opts", []))
    if getattr(param, "param_type_name", "") == "argument" or not opts:
        return (getattr(param, "human_readable_name", None) or getattr(param, "name", "") or "").upper() or None
    return max(opts, key=len)


_CHOICES = re.compile(r"^(?P<value>.*) is not one of (?P<choices>.*)$")


def _pydantic_reason(exc: BaseException) -> str | None:
    """A short reason for a value typer's validation refused (it validates with pydantic)."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    try:
        first = errors()[0]
    except Exception:  # noqa: BLE001 - any other shape: fall back to the message
        return None
    kind, value = first.get("type", ""), first.get("input")
    if kind in ("float_parsing", "float_type"):
        return f"{value!r} is not a number"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{value!r} is not a whole number"
    if kind == "bool_parsing":
        return f"{value!r} is not true or false"
    return None


def usage_line(exc: BaseException) -> str:
    """One line for a click/typer usage error, in the toolkit's style:
    ``--level: 'bogus' is not one of sentence, paragraph, document``."""
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    if kind == "MissingParameter":
        what = getattr(exc, "param_type", None) or getattr(param, "param_type_name", "parameter")
        name = _option_name(param)
        return f"missing {what} {name}" if name else f"missing {what}"
    if kind in ("BadParameter",) or param is not None:
        reason = _pydantic_reason(exc) or str(getattr(exc, "message", exc))
        reason = re.sub(r"^(Value error|Assertion failed), ", "", reason.strip()).rstrip(".")
        m = _CHOICES.match(reason)
        if m:
            choices = ", ".join(c.strip().strip("'\"") for c in m.group("choices").split(","))
            reason = f"{m.group('value')} is not one of {choices}"
        name = _option_name(param)
        return f"{name}: {reason}" if name else reason
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    message = " ".join(message.split()).rstrip(".")
    m = re.match(r"^No such command '(.*)'\. Did you mean (.*)\?$", message)
    if m:
        return f"no such command '{m.group(1)}' (did you mean {m.group(2)}?)"
    return message[:1].lower() + message[1:]


class _Group(TyperGroup):
    """The root command: one stderr line and an exit code for every error."""

    def invoke(self, ctx):
        return _guarded(super().invoke, ctx)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        return _main(lambda: super(_Group, self).main(args, prog_name, complete_var, standalone_mode=False, **extra),
                     standalone_mode)


def _guarded(call, *args, **kwargs):
    """``call(*args, **kwargs)``, every error turned into one stderr line and an exit code
    (what the root command does around the command it runs)."""
    try:
        return call(*args, **kwargs)
    except UnionNLPError as exc:  # a library error that a command did not catch itself
        _err(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except BrokenPipeError:
        _silence_stdout()  # the reader went away (`| head`): nothing to say
        raise typer.Exit(EXIT_FAILURE) from None
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except MemoryError:
        _err("out of memory")
        raise typer.Exit(EXIT_FAILURE) from None
    except OSError as exc:  # a file problem no command foresaw: still one line
        where = f"{exc.filename}: " if exc.filename else ""
        _err(f"{where}{exc.strerror or exc}")
        raise typer.Exit(EXIT_FAILURE) from None


def _main(run, standalone_mode: bool = True):
    """Run the command line (``run()``: click's main, not standalone) with the toolkit's
    warnings and errors, flush stdout and exit with the code (or return it)."""
    click_exception = _click_exception_class()
    with warnings.catch_warnings():
        warnings.simplefilter("default", UnionNLPWarning)
        warnings.showwarning = _show_warning
        try:
            rv = run()
        except click_exception as exc:
            if type(exc).__name__ != "NoArgsIsHelpError":  # its help is already on stdout
                _err(usage_line(exc))
            code = exc.exit_code
        except (typer.Abort, EOFError):
            _err("interrupted")
            code = EXIT_INTERRUPTED
        else:
            code = rv if isinstance(rv, int) else 0
    code = _flush_stdout(code)
    if standalone_mode:
        sys.exit(code)
    return code


def _flush_stdout(code: int) -> int:
    """Flush what is left for stdout now, so that a full device or a closed pipe is
    one line (or, for a reader that went away, silence) and not the interpreter's
    complaint at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return code or EXIT_FAILURE
    except OSError as exc:
        _silence_stdout()
        _err(f"<stdout>: cannot write ({exc.strerror or exc})")
        return EXIT_FAILURE
    except (ValueError, AttributeError):
        pass  # stdout closed or absent
    return code


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    if issubclass(category, UnionNLPWarning):
        _warn(str(message))
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


app = typer.Typer(
    name="unionnlp",
    cls=_Group,
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


def _terminate(signum, frame) -> None:
    # SIGTERM ends the run like Ctrl-C does: through every `finally` and `with`,
    # so that no temporary file is left behind and no output is half-replaced.
    raise SystemExit(128 + signum)


# A plain command line of these commands is parsed without typer (see
# ``unionnlp.cli.fastargs``): typer checks every value of every option with a pydantic
# adapter, and importing pydantic and building those costs a quarter of a cold
# ``classify`` and a third of a ``search`` over an index.  Anything else (another
# command, --help, a value that is not plainly valid) goes to typer, which parses and
# reports it as it always does.
_FAST_COMMANDS = {"classify": classify, "search": search_cmd, "summarise": summarise_cmd, "orgs": orgs,
                  "index": index_cmd, "segment": segment}


def _fast_command(argv: list[str]):
    """(command function, its keyword arguments) for a plain command line, or None (typer's job)."""
    import os

    from unionnlp.cli.fastargs import plain_arguments

    if not argv or argv[0] not in _FAST_COMMANDS or any(k.endswith("_COMPLETE") for k in os.environ):
        return None
    func = _FAST_COMMANDS[argv[0]]
    kwargs = plain_arguments(func, argv[1:])
    return None if kwargs is None else (func, kwargs)


def _run_command(func, kwargs: dict) -> int | None:
    """``func(**kwargs)`` as the root command would run it: its exit code."""
    try:
        _guarded(func, **kwargs)
    except typer.Exit as exc:
        return exc.exit_code
    except EOFError as exc:  # as click reports it: a new line, then the abort
        sys.stderr.write("\n")
        sys.stderr.flush()
        raise typer.Abort() from exc
    return None


def main() -> None:
    """Console-script entry point."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminate)
    fast = _fast_command(sys.argv[1:])
    if fast is not None:
        _main(lambda: _run_command(*fast))
    app()
