"""Plain command lines parsed without typer.

typer checks the value of every option of a command with a pydantic adapter;
importing pydantic and building those adapters costs about 0.12 s, which is
most of what a warm ``search`` or ``summarise`` over an index takes.  A command
line whose every word is plainly valid (a known option with a value that is
obviously of its type, the arguments the command takes) is read here from the
command function's own typer declarations, so the two cannot drift apart.
Anything else (``--help``, ``--``, an unknown or combined option, a value that
is not plainly valid, a missing required option) returns None and typer parses
and reports it as it always does.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

_PLAIN_INT = re.compile(r"[0-9]{1,9}")
_PLAIN_FLOAT = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?|\.[0-9]{1,9}")


@dataclass
class _Param:
    name: str
    kind: type  # bool, int, float, str, Path or an Enum
    many: bool  # a list: repeated option, or variadic argument
    option: bool  # an option (else an argument)
    required: bool
    default: Any
    info: Any  # typer's OptionInfo / ArgumentInfo


_SIMPLE = (bool, int, float, str, Path)


def _params(func: Callable) -> list[_Param] | None:
    """The command's parameters as typer declares them, or None when one of them is of
    a kind this parser leaves to typer (an environment variable, a prompt, …)."""
    from typer.models import ArgumentInfo, OptionInfo

    hints = typing.get_type_hints(func, include_extras=True)
    params = []
    for name, p in inspect.signature(func).parameters.items():
        hint = hints.get(name)
        meta = getattr(hint, "__metadata__", ())
        info = next((m for m in meta if isinstance(m, (OptionInfo, ArgumentInfo))), None)
        if info is None:
            return None
        kind = typing.get_args(hint)[0]
        if typing.get_origin(kind) is typing.Union:
            args = [a for a in typing.get_args(kind) if a is not type(None)]
            if len(args) != 1:
                return None
            kind = args[0]
        many = typing.get_origin(kind) is list
        if many:
            kind = typing.get_args(kind)[0]
        if not (kind in _SIMPLE or isinstance(kind, type) and issubclass(kind, Enum)):
            return None
        if (info.envvar or getattr(info, "prompt", False) or info.default_factory or info.parser
                or info.is_eager or getattr(info, "count", False) or getattr(info, "flag_value", None) is not None
                or getattr(info, "exists", False) or getattr(info, "resolve_path", False)
                or getattr(info, "case_sensitive", True) is False):
            return None
        if kind is bool and many:
            return None
        required = p.default is inspect.Parameter.empty
        params.append(_Param(name, kind, many, isinstance(info, OptionInfo), required,
                             None if required else p.default, info))
    return params


def _names(param: _Param) -> list[str]:
    decls = list(param.info.param_decls or ())
    first = param.info.default
    if isinstance(first, str) and first.startswith("-"):
        decls.insert(0, first)  # typer.Option("--corpus", "-c") in Annotated: the first is a name
    if not decls:
        decls = ["--" + param.name.replace("_", "-")]
    names = []
    for decl in decls:
        on = decl.split("/")[0].strip()  # `--x/--no-x`: only the first is read here
        if on.startswith("-"):
            names.append(on)
    return names


def _value(param: _Param, text: str) -> tuple[bool, Any]:
    """(plainly valid, value) of one option value or argument."""
    kind = param.kind
    if not text or (text.startswith("-") and text != "-"):
        return False, None
    if isinstance(kind, type) and issubclass(kind, Enum):
        for member in kind:
            if member.value == text:
                return True, member
        return False, None
    if kind is int or kind is float:
        if not (_PLAIN_INT if kind is int else _PLAIN_FLOAT).fullmatch(text):
            return False, None
        value = kind(text)
        low, high = param.info.min, param.info.max
        if (low is not None and value < low) or (high is not None and value > high):
            return False, None
        return True, value
    if text == "-" and param.option:
        return False, None
    return True, (Path(text) if kind is Path else text)


def plain_arguments(func: Callable, args: list[str]) -> dict | None:
    """The keyword arguments typer would call ``func`` with for the command line
    ``args`` (the words after the command's name), or None: typer's job."""
    params = _params(func)
    if params is None:
        return None
    by_name = {}
    for param in params:
        if param.option:
            for name in _names(param):
                by_name[name] = param
    positional = [p for p in params if not p.option]
    if sum(p.many for p in positional) > 1:
        return None
    given: dict[str, Any] = {}
    words: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            words.append(arg)
            continue
        name, eq, text = arg.partition("=")
        param = by_name.get(name)
        if param is None or (eq and not name.startswith("--")):
            return None  # --help, --, -fjson, -f=json, an unknown option: typer's
        if param.kind is bool:
            if eq:
                return None
            given[param.name] = True
            continue
        if not eq:
            text = next(rest, None)
            if text is None:
                return None
        ok, value = _value(param, text)
        if not ok:
            return None
        if param.info.callback is not None:
            try:
                value = param.info.callback(value)
            except Exception:  # noqa: BLE001 - typer reports a refused value its own way
                return None
        if param.many:
            given.setdefault(param.name, []).append(value)
        else:
            given[param.name] = value
    # the arguments, in order; one of them may take any number of words
    singles = [p for p in positional if not p.many]
    if len(words) < len(singles) or (len(words) > len(singles) and not any(p.many for p in positional)):
        return None
    spare = len(words) - len(singles)
    position = 0
    for param in positional:
        if param.many:
            taken = words[position:position + spare]
            position += spare
            values = []
            for word in taken:
                ok, value = _value(param, word)
                if not ok:
                    return None
                values.append(value)
            if not values and param.required:
                return None
            if values:
                given[param.name] = values
        else:
            ok, value = _value(param, words[position])
            position += 1
            if not ok:
                return None
            given[param.name] = value
    kwargs = {}
    for param in params:
        if param.name in given:
            kwargs[param.name] = given[param.name]
        elif param.required:
            return None  # typer says what is missing
        else:
            kwargs[param.name] = param.default
    return kwargs
