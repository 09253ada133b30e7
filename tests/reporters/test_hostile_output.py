"""Hostile text on the way out: what a plan's text can do to the tool that shows the report.

A CSV cell must not become a spreadsheet formula, an xlsx cell must stay text, the terminal
must not obey control characters from a file, and the workbook of a plan with thousands
of tasks must take time in proportion to its rows.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from nq57check.check.explain import render_text
from nq57check.core.text import terminal_safe
from nq57check.findings import InputProblem, RunResult
from nq57check.reporters import csv_, table, xlsx

from conftest import MINIMAL_PLAN, run_cli

try:
    from reporter_fixtures import make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import make_run

FORMULA = '=HYPERLINK("http://evil","x")'
# One text per character OWASP lists as the start of a formula.
FORMULAS = (FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\tx", "\rx")
VIETNAMESE = "Đề án Chuyển đổi số: ưu tiên hồ sơ điện tử, dữ liệu, kỹ năng số; Quý I/2026"
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and line feed


def _hostile_run() -> RunResult:
    """The reporter fixture with formula text in every user-text column of one finding."""
    run = make_run()
    commune = run.communes[0]
    commune.findings[0] = dataclasses.replace(
        commune.findings[0],
        task=FORMULAS[1],
        deadline=FORMULA,
        message=FORMULAS[2],
        source=FORMULAS[3],
        evidence=FORMULAS[4],
        waived=FORMULAS[5],
        line=42,
    )
    commune.problems.append(InputProblem(file=commune.plan_file or "", line=9, message=FORMULA))
    return run


def _csv_rows(run: RunResult) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_.render(run), newline="")))


# --- CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*FORMULAS, "=", "-", "@"])
def test_neutralise_prefixes_formula_starts(text: str) -> None:
    assert csv_.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Quý I/2026", "a=b", "50% - 10%", "'=x", " =1", "Đ=1"])
def test_neutralise_leaves_other_text_alone(text: str) -> None:
    assert csv_.neutralise(text) == text


def test_csv_text_cells_never_start_a_formula() -> None:
    rows = _csv_rows(_hostile_run())
    hostile = next(r for r in rows if r["task"] == "'" + FORMULAS[1])
    assert hostile["deadline"] == "'" + FORMULA
    assert hostile["message"] == "'" + FORMULAS[2]
    assert hostile["source"] == "'" + FORMULAS[3]
    assert hostile["evidence"] == "'" + FORMULAS[4]
    assert hostile["waived"] == "'" + FORMULAS[5]
    assert hostile["line"] == "42"  # numbers stay numbers
    problem = next(r for r in rows if r["rule"] == csv_.INPUT_ERROR and r["line"] == "9")
    assert problem["message"] == "'" + FORMULA
    for row in rows:
        for value in row.values():
            assert not value.startswith(csv_.FORMULA_STARTS), row


def test_csv_without_formula_text_is_unchanged() -> None:
    """Neutralising touches nothing else: the fixture's rows read back as they went in."""
    run = make_run()
    rows = _csv_rows(run)
    assert not any(v.startswith("'") for row in rows for v in row.values())
    lines = [r["line"] for r in rows if r["rule"] not in (csv_.INPUT_FILE, csv_.INPUT_ERROR)]
    assert sorted(map(int, lines)) == sorted(f.line for f in run.all_findings())


def test_csv_from_the_command_line(write_plan) -> None:
    plan = write_plan(MINIMAL_PLAN.replace("deadline: Quý I/2026", f"deadline: '{FORMULA}'"))
    done = run_cli("check", str(plan), "--format", "csv", "--as-of", "2026-05-01")
    assert "Traceback" not in done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    tasks = [r for r in rows if r["task"] == "1"]
    assert tasks and {r["deadline"] for r in tasks} == {"'" + FORMULA}
    assert all(r["line"].isdigit() for r in tasks)
    assert FORMULA not in [v for row in rows for v in row.values()]


# --- xlsx ------------------------------------------------------------------------------


def _sheet_xml(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                yield archive.read(name).decode("utf-8")


def test_xlsx_stores_formula_text_as_text() -> None:
    """No quote needed in a workbook: the cells are typed strings, never <f> formulas."""
    data = xlsx.render(_hostile_run())
    assert all("<f>" not in sheet and "<f " not in sheet for sheet in _sheet_xml(data))
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = {c.value: c for ws in book for row in ws.iter_rows() for c in row if c.value}
    for text in (FORMULA, FORMULAS[1], FORMULAS[3]):
        assert cells[text].data_type == "s", text  # exact text, no ' added
    assert any(str(v).endswith("\n" + FORMULAS[2]) for v in cells)  # title + message


def _many_tasks_plan(folder: Path, count: int) -> Path:
    tasks = "".join(
        f'  - {{id: "{i}", name: Tuyên truyền {i}, lead: VP, output: Tin bài,'
        f" deadline: Quý {i % 4 + 1}/2026}}\n"
        for i in range(count)
    )
    folder.mkdir()
    plan = folder / "plan.yaml"
    plan.write_text(MINIMAL_PLAN.split("tasks:\n")[0] + "tasks:\n" + tasks, encoding="utf-8")
    return plan


def test_xlsx_of_many_tasks_has_every_finding(tmp_path: Path) -> None:
    plan = _many_tasks_plan(tmp_path / "xa-lon", 600)
    book_path = tmp_path / "gaps.xlsx"
    done = run_cli(
        "check", str(plan), "--as-of", "2026-05-01",
        "--format", "json", "--format", f"xlsx:{book_path}",
    )  # fmt: skip
    assert "Traceback" not in done.stderr and book_path.exists(), done.stderr[-2000:]
    findings = json.loads(done.stdout)["findings"]
    assert len(findings) >= 600
    book = openpyxl.load_workbook(book_path)
    ws = book[book.sheetnames[1]]
    lines = [row[10] for row in ws.iter_rows(min_row=2, values_only=True) if row[10]]
    assert sorted(lines) == sorted(f["line"] for f in findings if f["line"] >= 1)


def test_xlsx_work_per_row_does_not_grow_with_the_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a sheet's size scans all its cells: doing it per row made n rows cost n^2."""
    scans = {"count": 0}
    for name in ("max_row", "max_column"):
        size = getattr(Worksheet, name).fget

        def counted(ws: Worksheet, _size=size) -> int:  # type: ignore[no-untyped-def]
            scans["count"] += 1
            return int(_size(ws))

        monkeypatch.setattr(Worksheet, name, property(counted))

    def scans_for(findings: int) -> int:
        run = make_run()
        commune = run.communes[0]
        base = commune.findings[0]
        commune.findings = [dataclasses.replace(base, line=i + 1) for i in range(findings)]
        scans["count"] = 0
        data = xlsx.render(run)
        count = scans["count"]
        sheet = openpyxl.load_workbook(io.BytesIO(data))["xã Phong Thổ"]
        assert sheet.max_row > findings  # every finding is a row
        return count

    assert scans_for(500) == scans_for(5)


# --- terminal text ---------------------------------------------------------------------


def test_terminal_safe_escapes_every_control_character() -> None:
    text = "a\x1b]0;pwned\x07b\x00c\rd\x7fe\x9b31mf\x85g"
    assert terminal_safe(text) == "a\\x1b]0;pwned\\x07b\\x00c\\x0dd\\x7fe\\x9b31mf\\x85g"
    assert not RAW_CONTROLS.search(terminal_safe("".join(map(chr, range(0x100)))))


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_terminal_safe_keeps_vietnamese_tabs_and_line_breaks(form: str) -> None:
    text = unicodedata.normalize(form, f"{VIETNAMESE}\n\tĐỒNG Ý – “trích dẫn” …")
    assert terminal_safe(text) == text


def _explain_row(name: str) -> dict[str, object]:
    deadline = {"as_written": name, "from_section": False, "kind": "unknown", "read_as": name}
    return {"task": name, "line": 8, "name": name, "deadline": deadline, "requirements": []}


def test_explain_text_does_not_send_control_characters() -> None:
    text = render_text([_explain_row("\x1b[31mĐỎ\x1b[0m \x1b]0;pwned\x07 \x00 \r\x9b2J")])
    assert not RAW_CONTROLS.search(text)
    assert "\\x1b]0;pwned\\x07" in text and "\\x00" in text and "ĐỎ" in text


def test_explain_text_keeps_vietnamese() -> None:
    row = _explain_row(VIETNAMESE)
    row["requirements"] = [{"id": "R-KY-NANG-SO", "matched_by": "ky nang so"}]
    text = render_text([row])
    assert text.count(VIETNAMESE) == 4 and "mẫu /ky nang so/" in text


# The hostile tester's plans p17 (ANSI colours and an OSC title sequence) and p21 (NUL).
ESCAPED_NAMES = {
    "ansi": '"\\e[31mĐỎ\\e[0m \\e]0;pwned\\a Ban hành danh mục cơ sở dữ liệu của xã"',
    "nul": '"\\0 Ban hành danh mục cơ sở dữ liệu của xã"',
}


@pytest.mark.parametrize("case", sorted(ESCAPED_NAMES))
def test_explain_command_on_hostile_plans(case: str, write_plan) -> None:
    name = "name: Ban hành danh mục cơ sở dữ liệu của xã"
    plan = write_plan(MINIMAL_PLAN.replace(name, f"name: {ESCAPED_NAMES[case]}"))
    done = run_cli("explain", str(plan))
    assert done.returncode == 0, done.stderr
    assert not RAW_CONTROLS.search(done.stdout)
    assert "Ban hành danh mục cơ sở dữ liệu của xã" in done.stdout
    assert ("\\x1b]0;pwned\\x07" if case == "ansi" else "\\x00 Ban hành") in done.stdout


def test_check_table_does_not_send_control_characters() -> None:
    run = make_run()
    commune = run.communes[0]
    commune.findings[0] = dataclasses.replace(
        commune.findings[0], task="1\x1b]0;pwned\x07", message="Thời hạn \x00\x1b[2J quá hạn"
    )
    text = table.render(run)
    assert not RAW_CONTROLS.search(text)
    assert "1\\x1b]0;pwned\\x07" in text and "Thời hạn \\x00\\x1b[2J quá hạn" in text
    assert "xã Phong Thổ" in text
