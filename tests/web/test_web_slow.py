"""Posts that would hold the upload slots: refused before their body, or cut off by a deadline."""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

from nq57check.web import limits
from nq57check.web.app import create_app
from web.test_web_browser import Server
from web.web_client import client, read, upload
from web.word_plan import write_word_plan

COOKIE = "c" * 43
HEAD = [
    (b"host", b"127.0.0.1"),
    (b"content-type", b"multipart/form-data; boundary=BB"),
    (b"content-length", b"60000000"),
]


def scope(headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/check",
        "raw_path": b"/check",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8057),
    }


async def post(
    app: Any, headers: list[tuple[bytes, bytes]], receive: Callable[[], Awaitable[Any]]
) -> tuple[int, str]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope(headers), receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body.decode()


class Trickle:
    """A body that sends the part's headers, then never another byte (counted reads)."""

    def __init__(self) -> None:
        self.reads = 0
        self.started = anyio.Event()

    async def __call__(self) -> dict[str, Any]:
        self.reads += 1
        if self.reads == 1:
            self.started.set()
            part = b'--BB\r\nContent-Disposition: form-data; name="plan"; filename="a.docx"\r\n\r\n'
            return {"type": "http.request", "body": part, "more_body": True}
        await anyio.sleep_forever()
        raise AssertionError("not reached")


@pytest.mark.parametrize(
    "headers",
    [
        [(b"sec-fetch-site", b"cross-site"), (b"cookie", f"nq57_csrf={COOKIE}".encode())],
        [(b"sec-fetch-site", b"same-site"), (b"cookie", f"nq57_csrf={COOKIE}".encode())],
        [(b"origin", b"http://evil.example"), (b"cookie", f"nq57_csrf={COOKIE}".encode())],
        [
            (b"origin", b"http://127.0.0.1.evil.example"),
            (b"cookie", b"nq57_csrf=" + COOKIE.encode()),
        ],
        [],  # no CSRF cookie at all
        [(b"cookie", b"nq57_csrf=short")],
    ],
)
def test_a_forged_post_is_refused_before_a_byte_of_its_body_is_read(
    headers: list[tuple[bytes, bytes]],
) -> None:
    body = Trickle()
    status, text = anyio.run(post, create_app(), HEAD + headers, body)
    assert status == 403 and "Yêu cầu bị từ chối" in text
    assert body.reads == 0


def test_the_pages_own_post_passes_the_checks_before_the_body() -> None:
    from nq57check.web.security import same_site

    cookie = (b"cookie", b"nq57_csrf=" + COOKIE.encode())
    for extra in (
        [(b"origin", b"null"), (b"sec-fetch-site", b"same-origin")],  # Chromium, no-referrer
        [(b"origin", b"http://127.0.0.1")],
        [],  # a client that sends neither
    ):
        assert same_site(scope([*HEAD, cookie, *extra]))


def test_a_declared_length_over_the_limit_is_refused_before_the_body() -> None:
    body = Trickle()
    headers = [*HEAD[:2], (b"content-length", str(limits.MAX_REQUEST_BYTES + 1).encode())]
    headers.append((b"cookie", f"nq57_csrf={COOKIE}".encode()))
    status, text = anyio.run(post, create_app(), headers, body)
    assert status == 413 and "quá giới hạn" in text and body.reads == 0


def test_a_trickled_body_is_cut_off_and_forged_posts_never_take_its_slot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_UPLOADS_WAITING", 1)
    monkeypatch.setattr(limits, "BODY_SECONDS", 2.0)
    monkeypatch.setattr(limits, "BODY_MIN_RATE", 10**12)  # the deadline: BODY_SECONDS alone
    app = create_app()
    own = [*HEAD, (b"cookie", f"nq57_csrf={COOKIE}".encode()), (b"sec-fetch-site", b"same-origin")]
    results: dict[str, tuple[int, str]] = {}

    async def scenario() -> None:
        slow = Trickle()

        async def slow_post() -> None:
            results["slow"] = await post(app, own, slow)

        async with anyio.create_task_group() as group:
            group.start_soon(slow_post)
            await slow.started.wait()  # it holds the only slot now
            cross = [*HEAD, (b"sec-fetch-site", b"cross-site")]
            results["forged"] = await post(app, cross, Trickle())
            results["second"] = await post(app, own, Trickle())

    anyio.run(scenario)
    assert results["forged"][0] == 403  # refused for what it is, not 'busy'
    assert results["second"][0] == 503 and "đang bận" in results["second"][1]
    status, text = results["slow"]
    assert status == 408 and "quá chậm" in text and "2 giây" in text


def test_the_deadline_grows_with_the_declared_size() -> None:
    assert limits.body_seconds(0) == limits.BODY_SECONDS
    assert limits.body_seconds(None) == limits.body_seconds(limits.MAX_REQUEST_BYTES)
    assert limits.body_seconds(10**12) == limits.body_seconds(None)  # bounded
    assert limits.body_seconds(None) < 10 * 60  # 64 MiB: minutes, not forever


def test_after_a_cut_off_body_the_slot_is_free_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_UPLOADS_WAITING", 1)
    monkeypatch.setattr(limits, "BODY_SECONDS", 0.5)
    monkeypatch.setattr(limits, "BODY_MIN_RATE", 10**12)
    web = client()
    cookie = web.cookies.get("nq57_csrf") or ""
    own = [*HEAD, (b"cookie", f"nq57_csrf={cookie}".encode())]
    app = web.app
    assert anyio.run(post, app, own, Trickle())[0] == 408
    plan = write_word_plan(tmp_path / "KeHoach.docx", tasks=2)
    assert upload(web, read(plan)).status_code == 200


def test_slow_cross_site_posts_to_the_real_server_do_not_block_uploads(tmp_path: Path) -> None:
    """The tester's attack: more slow posts than slots, headers only, a 60 MB length."""
    import httpx

    running = Server()
    try:
        port = int(running.url.rstrip("/").rsplit(":", 1)[1])
        slow = []
        for _ in range(limits.MAX_UPLOADS_WAITING + 2):
            sock = socket.create_connection(("127.0.0.1", port), timeout=60)
            sock.sendall(
                b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: cross-site\r\n"
                b"Content-Type: multipart/form-data; boundary=BB\r\n"
                b"Content-Length: 60000000\r\n\r\n--BB\r\n"
            )
            slow.append(sock)
        for sock in slow:  # each is answered without sending its body
            assert sock.recv(64).startswith(b"HTTP/1.1 403 ")
        plan = write_word_plan(tmp_path / "KeHoach.docx", tasks=2)
        with httpx.Client(base_url=running.url, timeout=60, follow_redirects=True) as web:
            web.get("/")
            data = {"csrf": web.cookies.get("nq57_csrf") or ""}
            done = web.post("/check", data=data, files={"plan": read(plan)})
            assert done.status_code == 200 and "Bảng nhiệm vụ đã đọc" in done.text
        for sock in slow:
            sock.close()
    finally:
        running.stop()
