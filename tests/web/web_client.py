"""Helpers of the web tests: a client of the app in process, an upload as a browser sends it."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

# Starlette 1.x prefers the httpx2 fork for its test client; httpx (0.28) still works.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from starlette.testclient import TestClient  # noqa: E402

from nq57check.web.app import ServeConfig, create_app  # noqa: E402

BASE = "http://127.0.0.1"  # a loopback name: without a token, the only Host answered
TRACEBACK = re.compile(r"Traceback|File \"/|line \d+, in ")


def client(config: ServeConfig | None = None) -> TestClient:
    """A client of a fresh app (its own result store); the CSRF cookie set by GET /."""
    web = TestClient(create_app(config), base_url=BASE, raise_server_exceptions=True)
    assert web.get("/").status_code == 200
    return web


def upload(
    web: TestClient,
    plan: tuple[str, bytes],
    attachments: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    *,
    as_of: str = "2026-05-01",
    lang: str = "vi",
    csrf: str | None = None,
    **fields: str,
) -> Any:
    files = [("plan", plan), *[("attachments", a) for a in attachments]]
    token = web.cookies.get("nq57_csrf") if csrf is None else csrf
    data = {"csrf": token, "as_of": as_of, "lang": lang, **fields}
    return web.post(f"/check?lang={lang}", data=data, files=files)


def make_zip(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            package.writestr(info, target)
    return buffer.getvalue()


def read(path: Path) -> tuple[str, bytes]:
    return path.name, path.read_bytes()
