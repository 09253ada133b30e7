"""End to end in a real browser: ``nq57check serve`` in its own process, Chromium driven by
Playwright, an inspector uploading a Word plan, reading the findings, downloading the gap list.

Debian's chromium is the browser (``.ci/run`` installs it; ``playwright install`` is never
run). Skipped, with the reason, only where no browser can be launched.
"""

from __future__ import annotations

import io
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nq57check.web.pages import gap_formats
from web.word_plan import write_word_plan

from conftest import ROOT

CHROMIUM = os.environ.get("NQ57CHECK_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Server:
    """``nq57check serve --port 0 ARGS`` in its own process, until the test ends."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nq57check", "serve", "--port", "0", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        lines: queue.Queue[str] = queue.Queue()
        out = self.process.stdout
        assert out is not None
        threading.Thread(target=lambda: lines.put(out.readline()), daemon=True).start()
        first = lines.get(timeout=60)
        found = re.search(r"http://127\.0\.0\.1:\d+/\S*", first)
        if not found:
            self.stop()
            raise AssertionError(f"no address printed: {first!r}")
        self.url = found.group(0)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def server() -> Iterator[str]:
    """The real command on a free port; its printed address."""
    running = Server()
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no browser can be launched: {CHROMIUM} is not installed")
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # a browser that cannot start here (no display libs, ...)
            pytest.skip(f"no browser can be launched: {type(exc).__name__}: {exc}"[:300])
        try:
            yield launched
        finally:
            launched.close()


def test_an_inspector_uploads_a_word_plan_and_downloads_the_gap_list(
    server: str, browser: Any, tmp_path: Path
) -> None:
    plan = write_word_plan(tmp_path / "KeHoach.docx", tasks=8)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto(server)
    assert page.locator("h1").inner_text() == "Tải lên kế hoạch"
    page.set_input_files("#plan", str(plan))
    page.fill("#as_of", "2026-05-01")
    page.click("#submit")
    page.wait_for_url(re.compile(r"/r/[\w-]+$"))
    assert page.locator("h1").inner_text() == "Kết quả kiểm tra"
    assert page.locator("table.tasks tbody tr").count() == 8  # the task table as read
    findings = page.locator("tr.finding")
    assert findings.count() > 0
    requirements = page.locator("tr.finding .requirement").all_inner_texts()
    assert "R-RO-NGUOI" in requirements  # task 2 has no lead unit

    fmt = "docx" if "docx" in gap_formats() else "html"
    with page.expect_download() as event:
        page.click(f"#download-{fmt}")
    download = event.value
    assert download.suggested_filename == f"nq57check-gaps-2026-05-01.{fmt}"
    data = Path(download.path()).read_bytes()
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            text = package.read("word/document.xml").decode("utf-8")
    else:
        text = data.decode("utf-8")
    assert "R-RO-NGUOI" in text and "Nậm Tăm" in text
    assert blocked == []  # the page's own script and stylesheet obey its CSP
    context.close()


def test_dropping_files_fills_the_file_inputs(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server + "?lang=en")
    assert page.locator("h1").inner_text() == "Upload a plan"
    assert page.locator(".drop-hint").is_visible()  # the script ran (it shows the hint)
    names = page.evaluate(
        """() => {
        const data = new DataTransfer();
        data.items.add(new File(["x"], "KeHoach.docx"));
        data.items.add(new File(["y"], "2026-05.yaml"));
        const zone = document.getElementById("drop");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
        return [document.getElementById("plan").files[0].name,
                document.getElementById("attachments").files[0].name];
    }"""
    )
    assert names == ["KeHoach.docx", "2026-05.yaml"]


def test_serve_prints_its_address_and_answers_on_loopback_only(server: str) -> None:
    import httpx

    page = httpx.get(server, timeout=30)
    assert page.status_code == 200 and "Tải lên kế hoạch" in page.text
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "server" not in page.headers  # uvicorn's banner is off
    assert server.startswith("http://127.0.0.1:")
    port = int(server.rstrip("/").rsplit(":", 1)[1])
    for host, status in (
        (f"localhost:{port}", 200),
        (f"evil.example:{port}", 421),  # DNS rebinding: another site's name for 127.0.0.1
        ("evil.example", 421),
        (f"127.0.0.1:{port + 1}", 421),
    ):
        answered = httpx.get(server, headers={"host": host}, timeout=30)
        assert answered.status_code == status, host
    assert "Trang này chỉ trả lời" in answered.text


def test_serve_takes_its_token_from_the_environment_and_prints_the_first_visit_address() -> None:
    import httpx

    token = "env-token-0123456789abcdef"
    running = Server(env={"NQ57CHECK_TOKEN": token})
    try:
        assert running.url.endswith(f"/?token={token}")
        base = running.url.split("?")[0]
        assert httpx.get(base, timeout=30).status_code == 401
        with httpx.Client(timeout=30, follow_redirects=True) as browser_like:
            first = browser_like.get(running.url)  # redirected, with the cookie set
            assert first.status_code == 200 and "Tải lên kế hoạch" in first.text
            assert str(first.url) == base
            assert browser_like.get(base + "static/style.css").status_code == 200
    finally:
        running.stop()


def test_serve_on_a_busy_port_says_so() -> None:
    import socket

    from conftest import run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = run_cli("serve", "--port", str(taken.getsockname()[1]))
    assert done.returncode == 2 and "cannot listen on 127.0.0.1:" in done.stderr


def test_the_printed_token_address_lets_a_browser_in(browser: Any) -> None:
    token = "browser-token-0123456789"
    running = Server("--token", token)
    try:
        page = browser.new_page()
        page.goto(running.url)  # the first visit sets the cookie, then drops the token
        assert page.locator("h1").inner_text() == "Tải lên kế hoạch"
        assert "token=" not in page.url
        assert page.request.get(running.url.split("?")[0] + "static/style.css").ok
    finally:
        running.stop()
