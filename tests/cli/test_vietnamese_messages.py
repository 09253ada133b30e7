"""Every message in Vietnamese under --lang vi (the default), English under --lang en.

Bad inputs are run through the real command; what it says about them (stderr, the table's
"không đọc được" lines) must hold none of the English words an untranslated message would
carry, and must hold the Vietnamese text. File paths are removed first: a folder may well be
called "unknown-key".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import MINIMAL_PLAN, ROOT, run_cli

HOSTILE = ROOT / "tests" / "hostile" / "plans"
PLAN_CASES = json.loads((HOSTILE / "cases.json").read_text("utf-8"))

# Words an English message carries; none is Vietnamese, none is a plan key.
DENYLIST = (
    "error:",
    "Error:",
    "Usage:",
    "not found",
    "missing",
    "invalid",
    "Invalid",
    "unknown",
    "cannot",
    "refused",
    "duplicate",
    "does not",
    "is not",
    "expected",
    "must",
    "did you mean",
    "no such",
    "No such",
    "should",
    "file is",
    "unusable",
)


def english_words(output: str, *paths: Path | str) -> list[str]:
    """The denylisted words left in ``output`` once the paths named in it are taken out."""
    text = output
    for path in sorted((str(p) for p in paths), key=len, reverse=True):
        text = text.replace(path, "<path>")
    text = re.sub(r"\S*(/|\\)\S*", "<path>", text)  # any other path, relative or absolute
    return [word for word in DENYLIST if word in text]


@pytest.mark.parametrize("case", sorted(PLAN_CASES))
def test_every_hostile_plan_is_reported_in_vietnamese(case: str) -> None:
    spec = PLAN_CASES[case]
    folder = HOSTILE / case
    done = run_cli("check", str(folder), "--as-of", "2026-05-01", "-q", *spec["args"])
    assert done.returncode == spec["exit"], done.stderr
    assert "Traceback" not in done.stderr
    if spec["exit"] == 2:
        assert "lỗi: " in done.stderr
    assert english_words(done.stderr, folder) == [], done.stderr


def test_the_same_inputs_are_reported_in_english_under_lang_en(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = run_cli("check", str(tmp_path / "empty"), str(tmp_path / "gone"), "--lang", "en")
    assert done.returncode == 2
    assert "error: " in done.stderr and "no plan file found" in done.stderr
    assert "no such file or folder" in done.stderr
    assert "lỗi" not in done.stderr


def test_discovery_problems_in_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "two").mkdir()
    for name in ("KeHoach.docx", "PhuLuc.xlsx"):
        (tmp_path / "two" / name).write_bytes(b"not really")
    done = run_cli("check", str(tmp_path / "empty"), str(tmp_path / "two"), str(tmp_path / "gone"))
    assert done.returncode == 2
    assert "không tìm thấy tệp kế hoạch" in done.stderr
    assert "không có tệp hay thư mục này" in done.stderr
    assert "không đoán tệp nào là kế hoạch" in done.stderr
    assert "không đọc được:" in done.stdout  # the table's own line for an unusable commune
    assert english_words(done.stderr + done.stdout, tmp_path) == [], done.stderr


def test_a_document_that_cannot_be_imported_in_vietnamese(tmp_path: Path) -> None:
    document = tmp_path / "KeHoach.docx"
    document.write_bytes(b"")
    done = run_cli("check", str(document))
    assert done.returncode == 2
    assert "tệp rỗng" in done.stderr
    assert english_words(done.stderr, tmp_path) == [], done.stderr


def test_a_report_that_contradicts_its_plan_in_vietnamese(write_plan) -> None:
    plan = write_plan()
    reports = plan.parent / "reports"
    reports.mkdir()
    (reports / "2026-04.yaml").write_text(
        "unit: {name: Xã Khác}\nperiod: 2026-05\nsubmitted: 2026-05-10\n"
        'tasks: {"99": {status: done}}\n',
        encoding="utf-8",
    )
    done = run_cli("check", str(plan.parent), "--as-of", "2026-06-20")
    assert done.returncode == 2
    assert "nhưng kế hoạch là của 'Xã Thử'" in done.stderr
    assert "không phải tháng trong tên tệp" in done.stderr
    assert "nhiệm vụ '99' không có trong kế hoạch" in done.stderr
    assert english_words(done.stderr, plan.parent) == [], done.stderr


@pytest.mark.parametrize(
    ("args", "vietnamese"),
    [
        (["check", "{tmp}/gone.yaml", "--as-of", "2026-13-01"], "không phải là ngày"),
        (["check", "{plan}", "--format", "pdf"], "không có định dạng 'pdf'"),
        (["check", "{plan}", "--bogus"], "Không có tùy chọn"),
        (["check", "{plan}", "--only", "R-MANG-MATT"], "có phải là 'R-MANG-MAT'?"),
        (["check", "{plan}", "-o", "{plan}"], "là tệp đầu vào của lần chạy này"),
        (["check", "{plan}", "--format", "xlsx"], "định dạng này là nhị phân"),
        (["check"], "Thiếu đối số"),
        (["explain", "{plan}", "--task", "99"], "không có nhiệm vụ '99'"),
        (["explain", "{tmp}/gone"], "không tồn tại"),
        (["rules", "show", "R-MANG-MATT"], "có phải là 'R-MANG-MAT'?"),
        (["rules", "test", "khong-co"], "không có quy tắc hay yêu cầu 'khong-co'"),
        (["template", "-o", "{tmp}/mau.txt"], "mẫu phải là tệp .xlsx hoặc .docx"),
    ],
)
def test_usage_errors_in_vietnamese(write_plan, args: list[str], vietnamese: str) -> None:
    plan = write_plan()
    tmp = plan.parent.parent
    done = run_cli(*(a.format(tmp=tmp, plan=plan) for a in args))
    assert done.returncode == 2, done.stderr
    assert vietnamese in done.stderr
    assert "Lỗi: " in done.stderr or "lỗi: " in done.stderr
    assert "Traceback" not in done.stderr
    assert english_words(done.stderr, tmp) == [], done.stderr


def test_usage_errors_stay_english_under_lang_en(write_plan) -> None:
    plan = write_plan()
    done = run_cli("check", str(plan), "--lang", "en", "--only", "R-MANG-MATT")
    assert done.returncode == 2
    assert "Error: Invalid value for --only" in done.stderr
    assert "did you mean 'R-MANG-MAT'?" in done.stderr
    done = run_cli("explain", str(plan), "--lang", "en", "--task", "99")
    assert "no task '99'" in done.stderr and "Usage:" in done.stderr


def test_explain_and_rules_take_lang(write_plan) -> None:
    plan = write_plan(MINIMAL_PLAN)
    vi = run_cli("explain", str(plan), "--as-of", "2026-05-01")
    en = run_cli("explain", str(plan), "--as-of", "2026-05-01", "--lang", "en")
    assert vi.returncode == en.returncode == 0, vi.stderr + en.stderr
    assert "Nhiệm vụ 1 (dòng 8)" in vi.stdout and "thời hạn: Quý I/2026 -> kỳ: " in vi.stdout
    assert "period:" not in vi.stdout and "missing:" not in vi.stdout
    assert "Task 1 (line 8)" in en.stdout and "deadline: Quý I/2026 -> period: Q1 2026" in en.stdout
    listed = run_cli("rules", "list", "--pack", "nq57")
    assert listed.stdout.splitlines()[1].split()[:3] == ["mã", "yêu", "cầu"]
    assert " lỗi " in listed.stdout and "severity" not in listed.stdout
    english = run_cli("rules", "list", "--pack", "nq57", "--lang", "en")
    assert english.stdout.splitlines()[1].split()[:3] == ["id", "requirement", "severity"]


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_document_with_no_tasks_is_refused_in_vietnamese(tmp_path: Path, suffix: str) -> None:
    """The importer's longest refusals are catalogued too: their wording changes with the
    importer, and a stale catalog entry would silently fall back to English."""
    document = tmp_path / f"KeHoach{suffix}"
    if suffix == ".docx":
        import docx

        made = docx.Document()
        made.add_paragraph("Ghi chú không phải kế hoạch.")
        made.save(str(document))
    else:
        import sys

        sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "import"))
        from pdf_writer import Canvas

        canvas = Canvas()
        canvas.text(canvas.page(), 72, 72, "Ghi chú không phải kế hoạch.")
        document.write_bytes(canvas.save())
    done = run_cli("check", str(document))
    assert done.returncode == 2, done.stderr
    assert english_words(done.stderr, tmp_path) == [], done.stderr
