"""HTML gap list: escaped, self-contained, printable; checked in a real browser too."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nq57check.reporters import html

try:
    from reporter_fixtures import HOSTILE, make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import HOSTILE, make_run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and Path("/usr/bin/chromium").exists():
    CHROMIUM = "/usr/bin/chromium"


class _Collector(HTMLParser):
    """Text and tag names of a document, as a browser-independent check."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "action", "data")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(text: str) -> _Collector:
    parser = _Collector()
    parser.feed(text)
    return parser


def test_escapes_user_text() -> None:
    text = html.render(make_run())
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    parsed = _parse(text)
    assert "script" not in parsed.tags
    assert HOSTILE in "".join(parsed.text)  # text content is the message, unmangled


def test_self_contained() -> None:
    text = html.render(make_run())
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"(?i)url\(|@import|<link|<img|<iframe|src=", text)
    assert _parse(text).urls == []


def test_printable_a4() -> None:
    text = html.render(make_run())
    assert "@page { size: A4; margin: 15mm; }" in text
    assert "page-break-before: always" in text
    assert "thead { display: table-header-group; }" in text
    assert text.count('<section class="commune"') == 4


def test_content_and_matrix() -> None:
    text = "".join(_parse(html.render(make_run())).text)
    run = make_run()
    for finding in run.all_findings():
        assert finding.message in text
        assert finding.source in text
        if finding.task:
            assert finding.task in text
    for label in ("Cấu trúc kế hoạch (5 rõ)", "Nhiệm vụ bắt buộc", "Chỉ tiêu"):
        assert label in text
    assert "Báo cáo và minh chứng" in text
    assert "Đã bổ sung căn cứ tại Công văn 12/UBND-VP ngày 02/3/2026" in text
    assert "ngày không hợp lệ: 31/02/2026" in text
    assert "nq57-base 1.0.0, lai-chau-2026 2026.1" in text and "2026-04-20" in text
    assert "c" * 64 in text
    matrix = html.render(make_run()).split('<table class="matrix">', 1)[1].split("</table>", 1)[0]
    row = matrix.split("<td>xã Phong Thổ</td>", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="n">([^<]*)</td>', row)
    areas = ["1 / 1 / 0", "1 / 0 / 0", "0 / 0 / 0", "0 / 0 / 1", "0 / 0 / 0"]
    assert cells == [*areas, "2 / 1 / 1", "1", "0"]  # A B C D other, total, waived, problems


def test_english() -> None:
    text = html.render(make_run(), lang="en")
    assert '<html lang="en">' in text and "Evidence to ask for" in text


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (CI installs it)")
def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "gap list.html"
    page.write_text(html.render(make_run()), encoding="utf-8")
    result = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    parsed = _parse(dom)
    text = "".join(parsed.text)
    for message in (f.message for f in make_run().all_findings()):
        assert message in text
    assert "script" not in parsed.tags  # the hostile message did not become an element
    assert "xã Phong Thổ" in text and "Nhiệm vụ bắt buộc" in text


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (CI installs it)")
def test_prints_to_a4_pdf(tmp_path: Path) -> None:
    page = tmp_path / "gap.html"
    page.write_text(html.render(make_run()), encoding="utf-8")
    pdf = tmp_path / "gap.pdf"
    result = _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists() and pdf.stat().st_size > 1000, result.stderr[-2000:]
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext not installed: the PDF was made but its text is not checked")
    out = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    flat = " ".join(out.split())
    assert "Danh sách tồn tại trước kiểm tra" in flat
    assert "Nhiệm vụ số 7 không ghi cơ quan chủ trì" in flat
    assert "Thời hạn Quý III/2026 muộn hơn hạn chót Quý II/2026" in flat
    assert out.count("\f") >= 5  # summary page + one page (at least) per commune
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60)
        assert "(A4)" in info.stdout
