"""Security of the page: headers on every response, the access token, CSRF tokens.

*Headers.* Every response says ``Content-Security-Policy: default-src 'self'`` (no inline
script or style, nothing from elsewhere), ``frame-ancestors 'none'``, ``nosniff``,
``Referrer-Policy: no-referrer`` and ``Cache-Control: no-store`` (results are private).

*Access token* (``--token`` / ``NQ57CHECK_TOKEN``; required off loopback). Every request
must carry it: a header ``Authorization: Bearer TOKEN``, or the cookie ``nq57_token``. The
address the server prints ends ``/?token=TOKEN``: that first visit sets the cookie
(HttpOnly, SameSite=Strict) and is redirected to the same page without the token, so it
stays out of the history; the redirect is always a path of this server (``//evil.example/``
goes to ``/``). Anything else gets a 401 page. Tokens are compared in constant
time.

*CSRF* (double submit): pages with a form set a random ``nq57_csrf`` cookie (HttpOnly,
SameSite=Strict) and put the same value in a hidden field; a POST whose field does not
match its cookie, or whose ``Sec-Fetch-Site`` or ``Origin`` says another site, is refused
(403). All but the field is checked before the body is read (:func:`same_site`).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
TOKEN_COOKIE = "nq57_token"
CSRF_COOKIE = "nq57_csrf"
CSRF_FIELD = "csrf"


class SecurityHeaders:
    """Adds :data:`HEADERS` to every HTTP response, error pages included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def host_of(scope: Scope) -> tuple[str, int | None] | None:
    """The request's ``Host`` header as (name, port); None when it is missing or malformed."""
    values = [v for k, v in scope.get("headers", []) if k == b"host"]
    if len(values) != 1:
        return None
    text = values[0].decode("latin-1").strip().lower()
    name, colon, port = text.rpartition(":") if not text.endswith("]") else (text, "", "")
    if not colon:
        name, port = text, ""
    if port and not port.isdigit():
        return None
    return name, int(port) if port else None


class HostGate:
    """Without a token the page answers only to a loopback name (``127.0.0.1``,
    ``localhost``, ``[::1]``, or the address it was bound to) on its own port: a page of
    another site whose name an attacker points at 127.0.0.1 (DNS rebinding) sends its own
    name as ``Host`` and is refused (``deny``)."""

    def __init__(self, app: ASGIApp, names: tuple[str, ...], port: int | None, deny: ASGIApp):
        self.app, self.names, self.port, self.deny = app, names, port, deny

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = host_of(scope)
        # the name defeats rebinding; a Host without a port (HTTP/1.0 tools) is let by
        if host is not None and host[0] in self.names and host[1] in (None, self.port):
            await self.app(scope, receive, send)
            return
        await self.deny(scope, receive, send)


def cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no cookie
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


class TokenGate:
    """Every request must carry the access token (header or cookie), or be the first
    visit ``?token=…`` that sets the cookie; else a 401 page (``deny``)."""

    def __init__(self, app: ASGIApp, token: str, deny: ASGIApp) -> None:
        self.app, self.token, self.deny = app, token, deny

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        bearer = headers.get(b"authorization", b"").decode("latin-1")
        if bearer.startswith("Bearer ") and same(bearer[7:].strip(), self.token):
            await self.app(scope, receive, send)
            return
        if same(cookies(scope).get(TOKEN_COOKIE), self.token):
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        given = [v for k, v in query if k == "token"]
        if given and same(given[0], self.token) and scope.get("method") in ("GET", "HEAD"):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            location = local_path(scope.get("path", "/")) + (f"?{rest}" if rest else "")
            cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [
                        (b"location", location.encode("latin-1", "replace")),
                        (b"set-cookie", cookie.encode("latin-1")),
                        (b"content-length", b"0"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.deny(scope, receive, send)


def local_path(path: str) -> str:
    """``path`` as a redirect that stays on this server: one leading ``/``, percent-encoded;
    anything a browser could read as another host (``//evil``, ``/\\evil``, ``///evil`` once
    ``%2f`` is decoded) or a scheme is ``/``."""
    if not path.startswith("/") or path[1:2] in ("/", "\\") or "\\" in path or ":" in path:
        return "/"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return "/"
    return quote(path, safe="/-._~!$&'()*+,;=@")


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_cookie(value: str) -> str:
    return f"{CSRF_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict"


def csrf_cookie_ok(value: str | None) -> bool:
    """A CSRF cookie of the shape this server sets (the page's forms take it as it is)."""
    return value is not None and 20 <= len(value) <= 100 and value.isascii()


def same_site(scope: Scope) -> bool:
    """What can be told before a body is read: the browser does not say another site
    (``Sec-Fetch-Site``), an ``Origin`` other than ``null`` is this server's own (its host
    is the ``Host`` header), and the CSRF cookie is there. A forged post is refused here,
    before it takes an upload slot or a byte of its body is read."""
    headers = dict(scope.get("headers", []))
    site = headers.get(b"sec-fetch-site", b"").decode("latin-1")
    if site and site not in ("same-origin", "none"):
        return False
    origin = headers.get(b"origin", b"null").decode("latin-1").lower()
    if origin != "null":  # our own pages send "null": their Referrer-Policy is no-referrer
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if urlsplit(origin).netloc != host or not host:
            return False  # another site's page
    return csrf_cookie_ok(cookies(scope).get(CSRF_COOKIE))


def csrf_ok(scope: Scope, sent: str) -> bool:
    """The form's token equals its cookie, and the browser does not say another site."""
    return same_site(scope) and same(cookies(scope).get(CSRF_COOKIE), sent)
