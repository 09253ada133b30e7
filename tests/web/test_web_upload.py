"""The page through HTTP (Starlette's test client): upload, result, downloads, security."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from nq57check.web import app as web_app
from nq57check.web.pages import gap_formats
from web.web_client import TRACEBACK, client, make_zip, read, upload
from web.word_plan import write_word_plan

from conftest import ROOT

DEMO = ROOT / "examples" / "lai-chau-demo"
CANARY = "CANARY-TITLE-7f3a"


@pytest.fixture
def word_plan(tmp_path: Path) -> Path:
    return write_word_plan(tmp_path / "KeHoach.docx", tasks=6)


def test_the_upload_page_is_vietnamese_with_an_english_switch_and_works_without_script() -> None:
    web = client()
    page = web.get("/")
    assert '<html lang="vi">' in page.text and "Tải lên kế hoạch" in page.text
    assert 'enctype="multipart/form-data"' in page.text and 'type="file"' in page.text
    assert 'name="as_of"' in page.text and 'name="pack"' in page.text
    assert '<option value="lai-chau">' in page.text
    english = web.get("/?lang=en")
    assert '<html lang="en">' in english.text and "Upload a plan" in english.text
    for text in (page.text, english.text):  # nothing inline, nothing from elsewhere
        assert "style=" not in text and "<style" not in text
        assert re.search(r"<script(?![^>]*\bsrc=\"/static/)", text) is None
        assert "http://" not in text and "https://" not in text
    assert web.get("/static/drop.js").status_code == 200


def test_every_response_has_the_security_headers() -> None:
    web = client()
    for response in (web.get("/"), web.get("/static/style.css"), web.get("/r/nothing")):
        headers = response.headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_a_word_plan_shows_what_was_read_and_the_findings(word_plan: Path) -> None:
    web = client()
    response = upload(web, read(word_plan))
    assert response.status_code == 200 and "/r/" in str(response.url)
    text = html.unescape(response.text)
    assert "Bảng nhiệm vụ đã đọc (6 nhiệm vụ)" in text
    assert "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức" in text  # a task as read
    assert "bảng 1, dòng 3" in text  # where each task was read
    assert "Nậm Tăm" in text and "45/KH-UBND" in text
    assert "R-RO-NGUOI" in text  # task 2 has no lead unit: a finding with its requirement
    assert "KeHoach.docx" in text and "nq57check-web-" not in text  # no private path shown
    for fmt in gap_formats():
        assert f'href="{response.url.path}/gaps.{fmt}"' in response.text
    assert ("download-docx" in response.text) == ("docx" in gap_formats())
    assert TRACEBACK.search(text) is None


def test_downloads_are_the_gap_list_and_the_imported_plan(word_plan: Path) -> None:
    from nq57check.importers import dump_plan_yaml, import_document

    web = client()
    result = upload(web, read(word_plan)).url.path
    page = web.get(f"{result}/gaps.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "attachment" in page.headers["content-disposition"]
    assert "Danh sách tồn tại" in page.text and "R-RO-NGUOI" in page.text
    book = openpyxl.load_workbook(io.BytesIO(web.get(f"{result}/gaps.xlsx").content))
    assert book.sheetnames[0] == "Tổng hợp"
    plan = web.get(f"{result}/plan/0.yaml")
    assert plan.status_code == 200 and "attachment" in plan.headers["content-disposition"]
    assert plan.text == dump_plan_yaml(import_document(word_plan).plan)
    assert yaml.safe_load(plan.text)["unit"]["name"] == "Nậm Tăm"
    assert web.get(f"{result}/gaps.pdf").status_code == 404  # only gap-list formats
    assert web.get(f"{result}/plan/7.yaml").status_code == 404


def test_a_plan_with_its_reports_is_a_commune_and_classified_titles_never_show() -> None:
    web = client()
    reports = sorted((DEMO / "reports").glob("*.yaml"))
    assert any(CANARY in p.read_text("utf-8") for p in reports)  # the canary is there
    response = upload(web, read(DEMO / "plan.yaml"), [read(p) for p in reports], as_of="2026-09-30")
    text = html.unescape(response.text)
    assert "R-MAT-KENH" in text  # the classified evidence was read: its finding is here
    assert "không có báo cáo" not in text  # reports were given: report rules ran
    result = response.url.path
    outputs = [text, web.get(f"{result}/gaps.html").text]
    with zipfile.ZipFile(io.BytesIO(web.get(f"{result}/gaps.xlsx").content)) as book:
        outputs += [book.read(n).decode("utf-8", "replace") for n in book.namelist()]
    for output in outputs:
        assert CANARY not in output


def test_a_province_zip_shows_the_roll_up(tmp_path: Path) -> None:
    members = {}
    for number, unit in enumerate(("Bum Nưa", "Nậm Tăm")):
        docx = write_word_plan(tmp_path / f"KeHoach{number}.docx", tasks=4, unit=unit)
        members[f"lai-chau/xa-{number}/KeHoach.docx"] = docx.read_bytes()
    members["lai-chau/xa-hong/plan.yaml"] = b"unit: {name: [\n"
    members["__MACOSX/lai-chau/._x"] = b"junk"
    web = client()
    response = upload(web, ("lai-chau.zip", make_zip(members)))
    text = html.unescape(response.text)
    assert 'id="rollup"' in text and "Tổng hợp toàn tỉnh" in text
    assert "<h2>Bum Nưa" in text and "<h2>Nậm Tăm" in text
    assert "<td>Bum Nưa</td>" in text  # a row of the roll-up's matrix
    assert "Thứ tự kiểm tra theo mức rủi ro" in text  # communes in the order of visits
    ranking = text.split('class="ranking"')[1].split("</table>")[0]
    assert ranking.index("lai-chau/xa-hong") < ranking.index("Bum Nưa")  # unusable: first
    assert "Cần chú ý trước" in text  # the communes that could not be fully judged
    assert "lai-chau/xa-hong" in text  # the broken commune is listed, the others checked
    assert "lai-chau/xa-0/KeHoach.docx" in text
    assert text.count('class="commune"') == 3
    assert TRACEBACK.search(text) is None


def test_a_damaged_word_file_is_the_communes_problem_on_the_page(tmp_path: Path) -> None:
    web = client()
    response = upload(web, ("KeHoach.docx", b"PK\x03\x04 not really a zip"))
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "Không kiểm tra được" in text and "KeHoach.docx" in text
    assert TRACEBACK.search(text) is None


def test_a_server_exception_is_an_error_page_without_a_traceback(
    word_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /usr/lib/x.py")

    monkeypatch.setattr(web_app, "check_paths", broken)
    web = client()
    response = upload(web, read(word_plan))
    assert response.status_code == 500
    assert "Lỗi nội bộ" in response.text
    assert "secret internals" not in response.text and TRACEBACK.search(response.text) is None
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_unknown_results_and_pages_are_error_pages() -> None:
    web = client()
    for path in ("/r/no-such-result", "/r/x/gaps.html", "/nothing"):
        response = web.get(path)
        assert response.status_code == 404 and "hết hạn" in response.text
    assert web.get("/check").status_code == 405
    assert "Method not allowed" in web.get("/check?lang=en").text


def test_form_fields_are_checked(word_plan: Path) -> None:
    web = client()
    assert "Ngày không hợp lệ" in upload(web, read(word_plan), as_of="2026-13-01").text
    assert "Không có bộ quy tắc" in upload(web, read(word_plan), pack="../rules").text
    response = web.post(
        "/check", data={"csrf": web.cookies.get("nq57_csrf")}, files={"x": ("a", b"")}
    )
    assert response.status_code == 400 and "Chưa chọn tệp kế hoạch" in response.text
    english = upload(web, read(word_plan), pack="nope", lang="en")
    assert "No rule pack 'nope'" in html.unescape(english.text)


def test_a_commune_zip_is_checked_as_its_folder_and_keeps_classified_titles_out() -> None:
    members = {f"lai-chau-demo/{p.relative_to(DEMO)}": p.read_bytes() for p in DEMO.rglob("*.yaml")}
    web = client()
    response = upload(web, ("lai-chau-demo.zip", make_zip(members)), as_of="2026-09-30")
    text = html.unescape(response.text)
    assert "R-MAT-KENH" in text and "lai-chau-demo/plan.yaml" in text
    assert 'id="rollup"' not in text  # one commune: no roll-up
    assert CANARY not in text and CANARY not in web.get(f"{response.url.path}/gaps.html").text
    assert web.get(f"{response.url.path}/plan/0.yaml").status_code == 404  # a YAML plan


def test_the_importers_warnings_and_unmapped_cells_are_shown(tmp_path: Path) -> None:
    from web.word_plan import import_builders as builders

    rows = [
        ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Cột lạ"],
        ["1", "Ban hành danh mục cơ sở dữ liệu của xã", "Văn phòng UBND xã", "Quý I/2026", "ghi"],
        ["", "dòng không có số thứ tự", "", "", ""],
    ]
    title = "(Kèm theo Kế hoạch số 45/KH-UBND ngày 20/02/2026 của UBND xã Nậm Tăm)"
    plan = builders.write_docx([builders.P(title), builders.T(rows)], tmp_path / "KeHoach.docx")
    text = html.unescape(upload(client(), read(plan)).text)
    assert "Cảnh báo khi đọc tệp" in text
    assert "dòng không có STT, nối vào nhiệm vụ 1" in text  # a note, with its place
    assert "Ô không đưa vào trường nào (1)" in text and "Cột lạ" in text
    english = html.unescape(upload(client(), read(plan), lang="en").text)
    assert "row without a number, merged into task 1" in english
    assert "Cells not placed in any field (1)" in english and "table 1, row 2" in english


def test_uploads_share_one_compiled_checker(
    word_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each compiled checker stays registered with the engine's host for the process's
    life: one per upload grew a server by ~6 MB an upload."""
    from nq57check.check.evaluate import Checker
    from nq57check.web import checking

    monkeypatch.setattr(checking, "_SHARED", {})
    built: list[str] = []
    real = Checker.build.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Checker], pack: object, *args: object) -> Checker:
        built.append(getattr(pack, "name", "?"))
        return real(cls, pack, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(Checker, "build", classmethod(counting))
    web = client()
    for _ in range(3):
        assert "R-RO-NGUOI" in upload(web, read(word_plan)).text
    assert built == ["lai-chau"]


def test_excel_and_pdf_plans_are_read_too(tmp_path: Path) -> None:
    from web.word_plan import import_builders as builders
    from web.word_plan import plan_mapping

    mapping = plan_mapping(4)
    header = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Kết quả/sản phẩm", "Thời gian hoàn thành"]
    rows = [header] + [
        [t["id"], t["name"], t["lead"], t["output"], t["deadline"]] for t in mapping["tasks"]
    ]
    workbook = builders.write_xlsx([("Phụ lục", rows, False)], tmp_path / "KeHoach.xlsx")
    web = client()
    excel = html.unescape(upload(web, read(workbook)).text)
    assert "Bảng nhiệm vụ đã đọc (4 nhiệm vụ)" in excel and "R-RO-NGUOI" in excel
    pdf = ROOT / "tests" / "fixtures" / "import" / "bum_nua.pdf"
    text = html.unescape(upload(web, ("BumNua.pdf", pdf.read_bytes())).text)
    assert "Bảng nhiệm vụ đã đọc" in text and "(trang 1)" in text
    assert "BumNua.pdf" in text and TRACEBACK.search(text) is None
