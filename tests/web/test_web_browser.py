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


@pytest.fixture
def server() -> Iterator[str]:
    """The real command on a free port; its printed address."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nq57check", "serve", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        first = lines.get(timeout=60)
        found = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert found, f"no address printed: {first!r}"
        yield found.group(0)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


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
