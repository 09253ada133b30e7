"""HTML gap list: escaped, self-contained, printable; checked in a real browser too."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nq57check.reporters import html

from conftest import run_cli

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
    assert "@page { size: A4; margin: 12mm; }" in text
    assert ".rest { page-break-before: always; break-before: page; }" in text
    assert "thead { display: table-header-group; }" in text
    assert text.count('<section class="commune"') == 4
    assert text.count('<div class="page1">') == 4


def test_content_ranking_and_pictures() -> None:
    page = html.render(make_run())
    text = "".join(_parse(page).text)
    for finding in make_run().all_findings():
        if finding.waived is None:
            assert finding.message in text
        if finding.task:
            assert finding.task in text
    assert "Đã bổ sung căn cứ tại Công văn 12/UBND-VP ngày 02/3/2026" in text
    assert "ngày không hợp lệ: 31/02/2026" in text
    assert "nq57-base 1.0.0, lai-chau-2026 2026.1" in text and "2026-04-20" in text
    assert "c" * 64 in text
    ranking = page.split('<table class="ranking">', 1)[1].split("</table>", 1)[0]
    names = re.findall(r'<td class="n">\d+</td><td>([^<]*)</td>', ranking)
    assert names == [
        "communes/lang-son/xa-moi", "xã Bình Lư (Lai Châu)", "xã Phong Thổ (Lai Châu)",
        "xã Bình Lư (KH 377) (Lai Châu)",
    ]  # fmt: skip
    assert page.count("<svg") == 2 and "<script" not in page.lower()
    heat = page.split('class="heat"', 1)[1].split("</svg>", 1)[0]
    assert "3. xã Phong Thổ (Lai Châu)" in heat and "A. Cấu trúc kế…" in heat
    cells = re.findall(r'text-anchor="middle">(\d+)</text>', heat)
    assert cells[10:15] == ["2", "1", "0", "0", "0"]  # Phong Thổ: errors + warnings by area
    assert "A. Cấu trúc kế hoạch (5 rõ) · B. Nhiệm vụ bắt buộc" in text  # the legend
    titles = re.findall(r'<div class="page1">\n<h2>([^<]*)</h2>', page)
    assert titles[0] == "1. Danh sách tồn tại phục vụ kiểm tra: communes/lang-son/xa-moi"


def test_english() -> None:
    text = html.render(make_run(), lang="en")
    assert '<html lang="en">' in text and "Documents to request on the visit" in text
    assert "Communes per risk class" in text and "Tài liệu" not in text


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
    assert "xã Phong Thổ" in text and "Tồn tại theo yêu cầu" in text


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
    first = flat.index("Danh sách tồn tại phục vụ kiểm tra: communes/lang-son/xa-moi")
    assert first < flat.index("xã Bình Lư (Lai Châu)", first)  # communes in rank order
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60)
        assert "(A4)" in info.stdout


def _pdf_text(pdf: Path, *pages: str) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None
    command = [pdftotext, "-raw", *pages, str(pdf), "-"]  # -raw: each cell's text in one run
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


def _squeezed(text: str) -> str:
    """Text without any white space: a PDF wraps 'R-RA-SOAT-QUY' across lines of a cell."""
    return "".join(text.split())


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (CI installs it)")
@pytest.mark.skipif(
    shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdfinfo, pdftotext) not installed (CI installs it)",
)
def test_phong_tho_visit_list_prints_on_four_a4_pages_plan_gaps_on_page_1(tmp_path: Path) -> None:
    """The Phong Thổ example (~175 findings by September) prints to at most 4 A4 pages in
    Chromium, and every gap of the plan as a whole is on page 1."""
    page, data = tmp_path / "gaps.html", tmp_path / "gaps.json"
    done = run_cli(
        "gaps", "examples/phong-tho", "--as-of", "2026-09-30",
        "--format", f"html:{page}", "--format", f"json:{data}",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    findings = json.loads(data.read_text("utf-8"))["findings"]
    assert len(findings) > 150
    pdf = tmp_path / "gaps.pdf"
    result = _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists(), result.stderr[-2000:]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert "(A4)" in info and 2 <= pages <= 4, info
    first = _squeezed(_pdf_text(pdf, "-f", "1", "-l", "1"))
    assert _squeezed("Danh sách tồn tại phục vụ kiểm tra: xã Phong Thổ (Lai Châu)") in first
    plan_level = [f for f in findings if not f["task"]]
    assert len(plan_level) >= 10
    for finding in plan_level:
        assert finding["requirement"] in first, finding
        month = re.search(r"\b20\d\d-\d\d\b", finding["message"])
        if month:  # a missing report: its month is named on page 1
            assert month.group(0) in first, finding
    for title in {f["title"] for f in plan_level if f["rule"].startswith("nhiem-vu-")}:
        assert _squeezed(title) in first  # each missing mandatory task by name
    assert _squeezed("Tồn tại theo yêu cầu") not in first  # the grouped rows come after
    rest = _squeezed(_pdf_text(pdf, "-f", "2"))
    assert "NV1–5,7–31" in rest  # 30 tasks without a lead unit: one row of task ranges
    last = _squeezed(_pdf_text(pdf, "-f", str(pages), "-l", str(pages)))
    digest = json.loads(data.read_text("utf-8"))["communes"][0]["inputs"]
    assert any(sha[:40] in last for sha in digest.values())  # the inputs' hashes: last page


def test_heat_map_of_many_communes_is_cut_and_says_so() -> None:
    import dataclasses

    run = make_run()
    base = run.communes[0]
    run.communes = [dataclasses.replace(base, path=f"p/{i:03d}") for i in range(85)]
    page = html.render(run)
    heat = page.split('class="heat"', 1)[1].split("</svg>", 1)[0]
    assert heat.count('<text x="2"') == 80
    assert "Bản đồ chỉ vẽ 80 xã/phường xếp đầu; bảng xếp hạng có đủ 85." in page
    ranking = page.split('<table class="ranking">', 1)[1].split("</table>", 1)[0]
    assert ranking.count("<tr>") == 86  # header + every commune
