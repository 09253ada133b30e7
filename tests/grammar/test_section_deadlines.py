"""Section headings that are deadlines (issue 11, point 2), through the CLI.

A section with no ``deadline`` whose title *is* one ("Quý I năm 2026", "I. Quý II/2026")
gives it to its tasks that have none, in typed plans exactly as in imported tables, and
``explain`` says which section it came from. A title that is a topic gives nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from nq57check.grammar.deadlines import parse_deadline, section_deadline

from conftest import TESTS, run_cli

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

from import_builders import LEFT, P, T, blocks_to_sheet, write_docx, write_xlsx  # noqa: E402


@pytest.mark.parametrize(
    ("title", "deadline"),
    [
        ("Quý I năm 2026", "Quý I năm 2026"),
        ("I. Quý II/2026", "Quý II/2026"),
        ("II - Quý II năm 2026", "Quý II năm 2026"),
        ("I Quý I năm 2026", "Quý I năm 2026"),
        ("6 tháng cuối năm 2026", "6 tháng cuối năm 2026"),
        ("Tháng 3/2026", "Tháng 3/2026"),
        ("1. Tháng 3/2026", "Tháng 3/2026"),  # numbering, not the 1st of March
        ("1.2. Quý I", "Quý I"),
        ("(2) Năm 2026", "Năm 2026"),
        ("a) Quý IV/2026", "Quý IV/2026"),
        ("3.2026", "3.2026"),  # a month, not a numbering "3."
        ("Các nhiệm vụ thực hiện trong Quý I/2026", "Quý I/2026"),
        ("Nhiệm vụ thực hiện trong Quý I/2026", "Nhiệm vụ thực hiện trong Quý I/2026"),
        ("III. Nhiệm vụ thường xuyên", "Nhiệm vụ thường xuyên"),
        ("Hoàn thành trước ngày 30/6/2026", "Hoàn thành trước ngày 30/6/2026"),
        ("Giai đoạn 2026 - 2030", "Giai đoạn 2026 - 2030"),
    ],
)
def test_titles_that_are_deadlines(title: str, deadline: str) -> None:
    assert section_deadline(title) == deadline
    assert parse_deadline(deadline, default_year=2026).kind in ("date", "period", "recurrence")


@pytest.mark.parametrize(
    "title",
    [
        "Xây dựng hạ tầng số",
        "II. Về phát triển hạ tầng và nền tảng số",
        "Nhiệm vụ trọng tâm quý I",  # a qualifier besides the period: a topic
        "Quý I: hạ tầng số",
        "Hạ tầng số (Quý I/2026)",
        "Theo Kế hoạch số 230-KH/TU",  # a reference, not a deadline
        "Báo cáo hằng tháng",
        "Phòng Văn hóa - Xã hội",
        "I.",
        "V",
        "",
    ],
)
def test_titles_that_are_topics(title: str) -> None:
    assert section_deadline(title) is None


TASK = {"lead": "Văn phòng HĐND và UBND xã", "output": "Báo cáo kết quả thực hiện"}
# (section id, title, the due date its tasks without a deadline get, or None)
SECTIONS = [
    ("I", "Quý I năm 2026", "2026-03-31"),
    ("II", "I. Quý II/2026", "2026-06-30"),
    ("III", "6 tháng cuối năm 2026", "2026-12-31"),
    ("IV", "Tháng 3/2026", "2026-03-31"),
    ("V", "Nhiệm vụ trọng tâm quý I", None),
    ("VI", "Xây dựng hạ tầng số", None),
]


def _typed_plan() -> dict[str, Any]:
    tasks = [
        {"id": str(n), "section": sid, "name": f"Triển khai nhiệm vụ chuyển đổi số số {n}", **TASK}
        for n, (sid, _, _) in enumerate(SECTIONS, start=1)
    ]
    # a task's own deadline wins over its section's
    tasks.append({"id": "7", "section": "I", "name": "Rà soát hạ tầng mạng của xã", **TASK})
    tasks[-1]["deadline"] = "Tháng 5/2026"
    return {
        "pack": "nq57",
        "unit": {"name": "Xã Thử", "province": "Lai Châu"},
        "document": {"number": "12/KH-UBND", "issued": "2026-02-20", "basis": ["57-NQ/TW"]},
        "sections": [{"id": sid, "title": title} for sid, title, _ in SECTIONS],
        "tasks": tasks,
    }


def _explain(path: Path) -> dict[str, dict[str, Any]]:
    done = run_cli("explain", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    return {row["task"]: row["deadline"] for row in json.loads(done.stdout)["tasks"]}


def _undated(path: Path) -> set[str]:
    done = run_cli("check", str(path), "--format", "json", "--as-of", "2026-03-01")
    assert done.returncode in (0, 1), done.stderr
    found = json.loads(done.stdout)["findings"]
    return {f["task"] for f in found if f["requirement"] == "R-RO-THOI-HAN"}


def test_typed_plan_takes_deadlines_from_titles(tmp_path: Path) -> None:
    plan = tmp_path / "xa" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(yaml.safe_dump(_typed_plan(), allow_unicode=True), encoding="utf-8")
    rows = _explain(plan)
    for n, (sid, title, due) in enumerate(SECTIONS, start=1):
        row = rows[str(n)]
        assert row["due"] == due, (sid, row)
        if due is None:
            assert (row["kind"], row["from_section"], row["section"]) == ("missing", False, None)
        else:
            assert row["from_section"] is True
            assert row["section"] == {"id": sid, "title": title, "read_from": "title"}
            assert row["as_written"] == section_deadline(title)
    assert (rows["7"]["due"], rows["7"]["from_section"]) == ("2026-05-31", False)
    # only the tasks under topic headings still lack a deadline
    assert _undated(plan) == {"5", "6"}
    text = run_cli("explain", str(plan), "--task", "2")
    assert text.returncode == 0, text.stderr
    assert "thời hạn: Quý II/2026 (theo mục II: I. Quý II/2026) -> kỳ" in text.stdout
    text = run_cli("explain", str(plan), "--task", "1")
    assert "(theo mục I: Quý I năm 2026)" in text.stdout


def test_a_sections_own_deadline_wins_over_its_title(tmp_path: Path) -> None:
    data = _typed_plan()
    data["sections"][0]["deadline"] = "Tháng 2/2026"
    plan = tmp_path / "xa" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    row = _explain(plan)["1"]
    assert (row["as_written"], row["due"]) == ("Tháng 2/2026", "2026-02-28")
    assert row["section"]["read_from"] == "deadline"


def _table_rows() -> list[list[Any]]:
    """The same plan as an appendix table: the section titles as heading rows."""
    header = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Kết quả", "Thời gian hoàn thành"]
    rows: list[list[Any]] = [header]
    for task in _typed_plan()["tasks"]:
        title = next(t for sid, t, _ in SECTIONS if sid == task["section"])
        if task["id"] != "7":
            rows.append([f"{task['section']}. {title}", LEFT, LEFT, LEFT, LEFT])
        rows.append([task["id"], task["name"], TASK["lead"], TASK["output"], task.get("deadline")])
    return rows


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_imported_tables_read_headings_as_typed_plans_do(tmp_path: Path, suffix: str) -> None:
    typed = tmp_path / "typed" / "plan.yaml"
    typed.parent.mkdir()
    typed.write_text(yaml.safe_dump(_typed_plan(), allow_unicode=True), encoding="utf-8")
    blocks = [
        P("PHỤ LỤC"),
        P("(Kèm theo Kế hoạch số 12/KH-UBND ngày 20/02/2026 của UBND xã Thử)"),
        T(_table_rows()),
    ]
    document = tmp_path / f"phu-luc{suffix}"
    if suffix == ".docx":
        write_docx(blocks, document)
    else:
        write_xlsx([("Phụ lục", blocks_to_sheet(blocks), False)], document)
    imported = tmp_path / "imported" / "plan.yaml"
    done = run_cli("import", str(document), "-o", str(imported))
    assert done.returncode == 0, done.stderr
    sections = yaml.safe_load(imported.read_text("utf-8"))["sections"]
    # "II. I. Quý II/2026": the table's numbering goes to the id, the title's own to the text
    assert [(s["id"], s.get("deadline")) for s in sections] == [
        ("I", "Quý I năm 2026"),
        ("II", "Quý II/2026"),
        ("III", "6 tháng cuối năm 2026"),
        ("IV", "Tháng 3/2026"),
        ("V", None),
        ("VI", None),
    ]
    want = {task: (row["due"], row["from_section"]) for task, row in _explain(typed).items()}
    for path in (imported, document):  # the imported file, and the document checked directly
        got = {task: (row["due"], row["from_section"]) for task, row in _explain(path).items()}
        assert got == want
        assert _undated(path) == {"5", "6"}
