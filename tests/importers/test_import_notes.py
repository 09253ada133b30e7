"""`check KeHoach.docx`: what the importer guessed is shown in every format, and findings
point at the document's table, row and page, never at lines of a YAML that was not written."""

from __future__ import annotations

import csv
import io
import json
import pickle
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import openpyxl
import pytest

import nq57check
from nq57check.importers.base import ImportWarning

from conftest import MINIMAL_PLAN, TESTS, run_cli

sys.path.insert(0, str(TESTS / "fixtures" / "import"))
import import_builders as builders

SARIF_SCHEMA = TESTS / "schemas" / "sarif-schema-2.1.0.json"
FINDINGS_SCHEMA = Path(nq57check.__file__).parent / "schemas" / "findings.schema.json"
HEADER = [
    "STT",
    "Tên nhiệm vụ",
    "Người đứng đầu",
    "Cơ quan chủ trì",
    "Kết quả",
    "Thời gian hoàn thành",
    "Kinh phí",  # no plan field: a column the importer cannot place
]
ROWS = [
    [
        "1",
        "Ban hành danh mục cơ sở dữ liệu của xã",
        "Chủ tịch UBND xã",
        "Văn phòng HĐND và UBND xã",
        "Quyết định ban hành danh mục",
        "Quý I/2026",
        "10 triệu",
    ],
    ["", "và cập nhật hằng năm", "", "", "", "", ""],  # no number: joined to task 1
    [
        "2",
        "Tổ chức tuyên truyền chuyển đổi số trên trang thông tin điện tử của xã",
        "Chủ tịch UBND xã",
        "",  # no lead unit: R-RO-NGUOI on table 1, row 4, page 2
        "Tin bài",
        "Quý II/2026",
        "",
    ],
]
AS_OF = ("--as-of", "2026-05-01")
# No title line: the unit name comes from the file name and the plan number is not found.
VI = {
    "unit": "không tìm thấy tên xã/phường trong tiêu đề và tên tệp 'KeHoach' không nêu tên xã;"
    " dùng tên thư mục 'Bản Hon'",
    "number": "không tìm thấy số kế hoạch ở dòng 'Kèm theo Kế hoạch số ... ngày ...' hay phần"
    " đầu văn bản: document.number để trống",
    "column": "cột 'Kinh phí' không nhận ra",
    "joined": "dòng không có STT, nối vào nhiệm vụ 1",
}
EN = {
    "unit": "unit name not found in the title and the file name 'KeHoach' names no commune;"
    " the folder name 'Bản Hon' is used",
    "number": "the plan number is not on the plan's own line or header: document.number left"
    " empty",
    "column": "column 'Kinh phí' not recognised",
    "joined": "row without a number, merged into task 1",
}
YAML_LINE = re.compile(r"KeHoach\.docx:\d")  # a line of the YAML the import never wrote


@pytest.fixture
def document(tmp_path: Path) -> Path:
    """A Word appendix whose table starts on page 2, with a generic name in a commune folder
    (the unit name, which the title lacks, is the folder's)."""
    blocks = [builders.P("PHỤ LỤC"), builders.PAGE, builders.T([HEADER, *ROWS])]
    (tmp_path / "Bản Hon").mkdir()
    return builders.write_docx(blocks, tmp_path / "Bản Hon" / "KeHoach.docx")


WIDE = {"COLUMNS": "200"}  # the verbose table's places unwrapped, whole


def _check(document: Path, *args: str) -> tuple[str, str]:
    done = run_cli("check", document.name, *AS_OF, *args, cwd=document.parent, env=WIDE)
    assert done.returncode == 1, done.stderr  # findings, no input problem
    assert "Traceback" not in done.stderr
    return done.stdout, done.stderr


def test_table_format_prints_the_notes_on_stderr_one_line_each(document: Path) -> None:
    out, err = _check(document)
    lines = err.splitlines()
    assert f"cảnh báo: KeHoach.docx: {VI['number']}" in lines
    assert any(line.startswith(f"cảnh báo: KeHoach.docx: {VI['unit']}") for line in lines)
    assert any(
        line.startswith(f"cảnh báo: KeHoach.docx, bảng 1, dòng 1 (trang 2): {VI['column']}")
        for line in lines
    )
    assert f"cảnh báo: KeHoach.docx, bảng 1, dòng 3 (trang 2): {VI['joined']}" in lines
    assert not any(text in out for text in VI.values())  # stdout is the table alone
    _, english = _check(document, "--lang", "en")
    assert f"warning: KeHoach.docx, table 1, row 3 (page 2): {EN['joined']}" in english
    assert f"warning: KeHoach.docx: {EN['number']}" in english.splitlines()


def test_findings_point_at_table_row_and_page(document: Path) -> None:
    out, _ = _check(document, "--only", "R-RO-NGUOI", "--verbose")  # one row a finding
    assert "KeHoach.docx, bảng 1, dòng 4 (trang 2)" in out
    english, _ = _check(document, "--only", "R-RO-NGUOI", "--lang", "en", "--verbose")
    assert "KeHoach.docx, table 1, row 4 (page 2)" in english
    markdown, _ = _check(document, "--only", "R-RO-NGUOI", "--format", "markdown")
    assert "`KeHoach.docx, bảng 1, dòng 4 (trang 2)`" in markdown
    for text in (out, english, markdown):
        assert not YAML_LINE.search(text)
    data = json.loads(_check(document, "--format", "json")[0])
    lead = next(f for f in data["findings"] if f["requirement"] == "R-RO-NGUOI")
    assert (lead["file"], lead["line"], lead["task"]) == ("KeHoach.docx", 0, "2")
    assert (lead["table"], lead["row"], lead["page"]) == (1, 4, 2)
    missing = next(f for f in data["findings"] if f["rule"] == "nhiem-vu-mang-mat")
    assert (missing["table"], missing["row"]) == (1, None)  # the task list: the task table
    basis = next(f for f in data["findings"] if f["requirement"] == "R-CAN-CU")
    assert (basis["table"], basis["row"], basis["page"]) == (None, None, None)  # the title
    schema = json.loads(FINDINGS_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_json_carries_the_notes_with_their_place(document: Path) -> None:
    data = json.loads(_check(document, "--format", "json")[0])
    notes = data["communes"][0]["notes"]
    joined = next(n for n in notes if n["message"] == VI["joined"])
    expected = {"file": "KeHoach.docx", "message": VI["joined"], "table": 1, "row": 3, "page": 2}
    assert joined == expected
    number = next(n for n in notes if n["message"] == VI["number"])
    assert (number["table"], number["row"], number["page"]) == (None, None, None)
    english = json.loads(_check(document, "--format", "json", "--lang", "en")[0])
    assert EN["joined"] in [n["message"] for n in english["communes"][0]["notes"]]


def test_sarif_has_notifications_and_no_invented_region(document: Path) -> None:
    log = json.loads(_check(document, "--format", "sarif")[0])
    validator = jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    errors = list(validator.iter_errors(log))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run = log["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    joined = next(n for n in notes if n["message"]["text"] == VI["joined"])
    assert joined["level"] == "warning" and joined["descriptor"]["id"] == "import-note"
    where = joined["locations"][0]
    assert where["properties"] == {"table": 1, "row": 3, "page": 2}
    assert where["physicalLocation"]["artifactLocation"]["uri"] == "KeHoach.docx"
    lead = next(r for r in run["results"] if r["properties"]["requirement"] == "R-RO-NGUOI")
    location = lead["locations"][0]
    assert location["properties"] == {"table": 1, "row": 4, "page": 2}
    assert location["message"]["text"] == "bảng 1, dòng 4 (trang 2)"
    locations = [loc for result in run["results"] for loc in result["locations"]]
    assert all("region" not in loc["physicalLocation"] for loc in locations)


def test_every_other_format_lists_the_notes(document: Path, tmp_path: Path) -> None:
    html, _ = _check(document, "--format", "html")
    assert "Ghi chú khi đọc tài liệu" in html and VI["joined"] in html
    assert "KeHoach.docx, bảng 1, dòng 3 (trang 2)" in html
    assert "KeHoach.docx, bảng 1, dòng 4 (trang 2)" in html  # the R-RO-NGUOI finding
    markdown, _ = _check(document, "--format", "markdown", "--lang", "en")
    assert f"- `KeHoach.docx, table 1, row 3 (page 2)`: {EN['joined']}" in markdown
    junit, _ = _check(document, "--format", "junit")
    suite = ET.fromstring(junit).find("testsuite")
    assert suite is not None
    output = suite.find("system-out")
    assert output is not None and output.text is not None
    assert f"cảnh báo: KeHoach.docx, bảng 1, dòng 3 (trang 2): {VI['joined']}" in output.text
    github, _ = _check(document, "--format", "github", "--lang", "en")
    note = next(line for line in github.splitlines() if EN["joined"] in line)
    assert note.startswith("::warning file=KeHoach.docx,title=import-note")
    assert "line=" not in note and "table 1, row 3 (page 2)" in note
    assert not any("line=" in line for line in github.splitlines() if "KeHoach.docx" in line)
    text, _ = _check(document, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    noted = next(r for r in rows if r["message"] == VI["joined"])
    assert noted["rule"] == "import-note"
    assert (noted["table"], noted["row"], noted["page"]) == ("1", "3", "2")
    lead = next(r for r in rows if r["requirement"] == "R-RO-NGUOI")
    assert (lead["line"], lead["table"], lead["row"], lead["page"]) == ("0", "1", "4", "2")
    workbook_path = tmp_path / "gaps.xlsx"
    _check(document, "--format", f"xlsx:{workbook_path}")
    workbook = openpyxl.load_workbook(workbook_path)
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert VI["joined"] in cells and "KeHoach.docx, bảng 1, dòng 3 (trang 2)" in cells
    assert "KeHoach.docx, bảng 1, dòng 4 (trang 2)" in cells  # the finding's location


def test_import_prints_the_same_lines(document: Path) -> None:
    _, checked = _check(document)
    imported = run_cli("import", document.name, cwd=document.parent)
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr.splitlines() == checked.splitlines()
    english = run_cli("import", document.name, "--lang", "en", cwd=document.parent)
    assert f"warning: KeHoach.docx, table 1, row 3 (page 2): {EN['joined']}" in english.stderr


def test_excel_notes_name_the_sheet_and_rows_are_excel_rows(tmp_path: Path) -> None:
    title = ["Kèm theo Kế hoạch số 12/KH-UBND ngày 20/02/2026 của UBND xã Phong Thổ"]
    sheets = [("Cũ", [["bản nháp"]], True), ("Phụ lục", [title, HEADER, *ROWS], False)]
    workbook = builders.write_xlsx(sheets, tmp_path / "KeHoach.xlsx")
    done = run_cli(
        "check", workbook.name, *AS_OF, "--only", "R-RO-NGUOI", "--verbose", cwd=tmp_path, env=WIDE
    )
    assert done.returncode == 1, done.stderr
    assert "KeHoach.xlsx, bảng 1, dòng 5" in done.stdout  # Excel's row 5, no page
    assert "cảnh báo: KeHoach.xlsx: trang tính ẩn 'Cũ' bị bỏ qua" in done.stderr
    assert (
        "cảnh báo: KeHoach.xlsx, bảng 1, dòng 2: trang tính 'Phụ lục': cột 'Kinh phí' không nhận ra"
        in done.stderr
    )
    assert "tên xã/phường" not in done.stderr  # found in the title: nothing guessed


def test_notes_survive_a_parallel_run(document: Path, tmp_path: Path) -> None:
    other = tmp_path / "b" / "KeHoach.docx"
    other.parent.mkdir()
    other.write_bytes(document.read_bytes())
    done = run_cli("check", str(document), str(other), *AS_OF, "-j", "2", "--format", "json", "-q")
    communes = json.loads(done.stdout)["communes"]
    assert len(communes) == 2
    assert all(VI["joined"] in [n["message"] for n in c["notes"]] for c in communes)


def test_a_bad_requirement_cell_is_named_by_row_not_by_yaml_line(tmp_path: Path) -> None:
    header = [*HEADER[:6], "Mã yêu cầu"]
    rows = [[*ROWS[0][:6], "R-DANH-MUC-CSD"]]
    title = builders.P("Kèm theo Kế hoạch số 12/KH-UBND của UBND xã Phong Thổ")
    blocks = [title, builders.T([header, *rows])]
    builders.write_docx(blocks, tmp_path / "KeHoach.docx")
    done = run_cli("check", "KeHoach.docx", *AS_OF, "--lang", "en", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        "error: KeHoach.docx: table 1, row 2 (page 1): requirement 'R-DANH-MUC-CSD' is not"
        in done.stderr
    )
    vietnamese = run_cli("check", "KeHoach.docx", *AS_OF, cwd=tmp_path)
    assert (
        "lỗi: KeHoach.docx: bảng 1, dòng 2 (trang 1): yêu cầu 'R-DANH-MUC-CSD' không có"
        in vietnamese.stderr
    )
    assert not YAML_LINE.search(done.stderr)


def test_baselines_survive_rows_moving(document: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "base.json"
    _check(document, "--write-baseline", str(baseline))
    moved = tmp_path / "moved" / "KeHoach.docx"
    moved.parent.mkdir()
    blank = [""] * len(HEADER)
    blocks = [builders.P("PHỤ LỤC"), builders.T([HEADER, blank, *ROWS])]  # rows one lower
    builders.write_docx(blocks, moved)
    done = run_cli("check", str(moved), *AS_OF, "--baseline", str(baseline), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["findings"] == []


def test_yaml_plans_keep_their_lines(write_plan) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan(MINIMAL_PLAN)
    data = json.loads(run_cli("check", str(plan), *AS_OF, "--format", "json").stdout)
    assert data["findings"] and all(f["line"] >= 1 for f in data["findings"])
    assert all((f["table"], f["row"], f["page"]) == (None, None, None) for f in data["findings"])
    assert data["communes"][0]["notes"] == []


def test_an_import_warning_is_text_in_two_languages_with_a_place() -> None:
    warning = ImportWarning("dòng trống", "empty row", table=2, row=7, page=3, label="DM")
    assert warning == "bảng 2 ('DM'), dòng 7 (trang 3): dòng trống (empty row)"
    assert warning.text("vi") == "trang tính 'DM': dòng trống"
    assert warning.text("en") == "sheet 'DM': empty row"
    copied = pickle.loads(pickle.dumps(warning))
    assert copied == warning and (copied.table, copied.row, copied.page) == (2, 7, 3)
    assert ImportWarning("a", "b") == "a (b)" and ImportWarning("a", "b").text("en") == "b"


def test_a_folder_run_that_imports_shows_the_notes(document: Path, tmp_path: Path) -> None:
    commune = tmp_path / "xa-a"
    commune.mkdir()
    document.rename(commune / "KeHoach.docx")
    done = run_cli(
        "check", "xa-a", *AS_OF, "--only", "R-RO-NGUOI", "--verbose", cwd=tmp_path, env=WIDE
    )
    assert done.returncode == 1, done.stderr
    assert "xa-a/KeHoach.docx, bảng 1, dòng 4 (trang 2)" in done.stdout
    assert f"cảnh báo: xa-a/KeHoach.docx, bảng 1, dòng 3 (trang 2): {VI['joined']}" in (
        done.stderr.splitlines()
    )
    data = json.loads(run_cli("check", "xa-a", *AS_OF, "--format", "json", cwd=tmp_path).stdout)
    assert {n["file"] for n in data["communes"][0]["notes"]} == {"xa-a/KeHoach.docx"}
