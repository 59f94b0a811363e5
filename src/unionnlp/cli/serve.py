"""``unionnlp serve``: the local web page (needs the extra ``unionnlp[web]``)."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from unionnlp.cli._util import _err, _fail, _write_stdout
from unionnlp.errors import InputError, UnionNLPError, UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; False for anything else (0.0.0.0, a LAN address)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_socket(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, allow_public: bool = False) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free port).  A host that is not a loopback
    address needs ``allow_public`` (the CLI's explicit ``--host``): ``UsageError`` otherwise."""
    if not is_loopback(host) and not allow_public:
        raise UsageError(f"{host} is not a loopback address; pass --host {host} explicitly to serve on it")
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; try another --port") from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


def serve_app(app, sock: socket.socket, log_level: str = "warning") -> None:
    """Run ``app`` with uvicorn on an already bound socket until interrupted."""
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                            server_header=False, date_header=False)
    uvicorn.Server(config).run(sockets=[sock])


def serve(
    corpus: Annotated[Optional[Path], typer.Option("--corpus", "-c", help="Folder of reports to browse: *.txt, *.pdf, *.docx (default: the shipped seeds).")] = None,
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on (0: any free port).", min=0, max=65535)] = DEFAULT_PORT,
    host: Annotated[Optional[str], typer.Option("--host", help="Address to listen on (default 127.0.0.1, this machine only). Another address makes the reports readable from the network.")] = None,
) -> None:
    """Start the local web page: reports coloured by theme, organisations, briefs, search, labelling."""
    try:
        from unionnlp.web.app import create_app
    except ImportError as exc:
        _err(f"the web page needs the extra: pip install 'unionnlp[web]' ({exc.name} is missing)")
        raise typer.Exit(1)
    from unionnlp.corpus.load import list_reports

    explicit = host is not None
    host = host or DEFAULT_HOST
    try:
        if corpus is not None:
            if not corpus.is_dir():
                raise InputError(f"{corpus}: no such corpus folder")
            list_reports(corpus)
        sock = bind_socket(host, port, allow_public=explicit)
    except UnionNLPError as exc:
        raise _fail(exc)
    bound_host, bound_port = sock.getsockname()[:2]
    loopback = is_loopback(host)
    app = create_app(corpus, allowed_hosts=None if loopback else ["*"])
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    if not loopback:
        _err(f"warning: serving on {host}: anyone who can reach this machine can read the reports")
    _write_stdout(f"unionnlp: serving http://{shown}:{bound_port}/ (Ctrl+C to stop)\n")
    try:
        serve_app(app, sock)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    sys.stderr.flush()
