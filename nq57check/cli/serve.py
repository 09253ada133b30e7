"""``serve``: the web page (nq57check.web) on this machine, or on a network with a token."""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
from pathlib import Path
from typing import Any

import click

from nq57check.cli.options import guarded, rules_option

DEFAULT_PORT = 8057
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9._~-]{16,200}")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: it may resolve to anything
        return False


def listen(host: str, port: int) -> socket.socket:
    """The bound socket (port 0: a free one), or exit 2 saying why not."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(64)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADDR",
    help="Address to listen on; anything but loopback needs --token.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port (0: any free port; the address printed says which).",
)
@click.option(
    "--token",
    envvar="NQ57CHECK_TOKEN",
    metavar="TOKEN",
    help="Access token every request must carry (env NQ57CHECK_TOKEN); at least 16"
    " characters of A-Z a-z 0-9 . _ ~ -.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
@rules_option
@guarded
def serve(
    host: str, port: int, token: str | None, open_browser: bool, rules_dirs: tuple[Path, ...]
) -> None:
    """A local web page: upload a plan, see its findings, download the gap list.

    \b
    Examples:
      nq57check serve                      # http://127.0.0.1:8057/
      nq57check serve --open --port 8080
      NQ57CHECK_TOKEN=$(openssl rand -hex 16) nq57check serve --host 0.0.0.0
    The page runs until Ctrl-C. Uploaded files are deleted after each check; results are
    kept in memory for two hours (32 at most).
    """
    if token is not None and not TOKEN_SHAPE.fullmatch(token):
        raise click.UsageError(
            "--token must be at least 16 characters of A-Z a-z 0-9 . _ ~ - (e.g. openssl rand"
            " -hex 16)"
        )
    if not is_loopback(host) and not token:
        raise click.UsageError(
            f"--host {host} is not a loopback address: anyone who reaches it could upload and"
            " read results. Give an access token with --token or NQ57CHECK_TOKEN."
        )
    from nq57check import gcpolicy

    gcpolicy.startup_done()  # a long-running server collects garbage as usual
    import uvicorn

    from nq57check.web.app import ServeConfig, create_app

    sock = listen(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/" + (f"?token={token}" if token else "")
    hosts = tuple(dict.fromkeys(("127.0.0.1", "localhost", "[::1]", shown.lower())))
    app = create_app(ServeConfig(token=token, rules_dirs=rules_dirs, hosts=hosts, port=bound))
    click.echo(f"nq57check serve: {url}  (Ctrl-C to stop)")
    sys.stdout.flush()
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, webbrowser.open, [url]).start()
    config: Any = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_keep_alive=5,  # an idle connection between requests is closed after 5 s
        timeout_graceful_shutdown=5,  # Ctrl-C does not wait on a trickling client
        limit_concurrency=32,  # connections; uploads have their own slots and deadline
        h11_max_incomplete_event_size=64 * 1024,  # request line and headers
    )
    uvicorn.Server(config).run(sockets=[sock])
