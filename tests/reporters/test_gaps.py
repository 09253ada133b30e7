"""The province roll-up: one command, every commune's gap list, one broken commune tolerated."""

from __future__ import annotations

import html
from pathlib import Path

import openpyxl

from conftest import MINIMAL_PLAN, run_cli


def province(tmp_path: Path) -> Path:
    root = tmp_path / "lai-chau"
    for number in range(3):
        folder = root / f"xa-{number}"
        folder.mkdir(parents=True)
        plan = MINIMAL_PLAN.replace("Xã Thử", f"Xã Số {number}")
        if number == 1:
            plan = plan.replace("lead: Văn phòng HĐND và UBND xã", "lead: ''")
        (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    (root / "xa-hong").mkdir()
    (root / "xa-hong" / "plan.yaml").write_text("unit: {name: [\n", encoding="utf-8")
    return root


def test_html_gap_list_for_a_province(tmp_path: Path) -> None:
    out = tmp_path / "gaps.html"
    done = run_cli("gaps", str(province(tmp_path)), "--as-of", "2026-05-01", "-o", str(out))
    assert done.returncode == 2  # one commune is unusable: said, but the others come out
    text = html.unescape(out.read_text("utf-8"))
    for number in range(3):
        assert f"Xã Số {number}" in text
    assert "xa-hong" in text
    assert "Cơ quan chủ trì" in text or "chủ trì" in text
    assert "http://" not in text and "https://" not in text


def test_xlsx_gap_list_has_a_summary_and_a_sheet_per_commune(tmp_path: Path) -> None:
    out = tmp_path / "gaps.xlsx"
    done = run_cli(
        "gaps", str(province(tmp_path)), "--format", "xlsx", "--as-of", "2026-05-01", "-o", str(out)
    )
    assert done.returncode == 2, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Tổng hợp"
    assert {"Xã Số 0", "Xã Số 1", "Xã Số 2"} <= set(book.sheetnames)


def test_markdown_to_stdout_and_exit_0_by_default(tmp_path: Path) -> None:
    root = province(tmp_path)
    (root / "xa-hong" / "plan.yaml").unlink()
    (root / "xa-hong").rmdir()
    done = run_cli("gaps", str(root), "--format", "markdown", "--as-of", "2026-05-01")
    assert done.returncode == 0, done.stderr
    assert "Xã Số 1" in done.stdout and "R-RO-NGUOI" in done.stdout
