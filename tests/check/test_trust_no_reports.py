"""A commune that sends no reports does not pass the report rules (issue 11, point 5).

A commune folder (found under a folder named on the command line, or named itself) owes
its monthly reports: with no ``reports/`` or an empty one, every month whose report was due
by the evaluation date is missing, every ended quarter lacks its review and every task past
its deadline is overdue. A plan file named alone is a plan check: the report rules are listed
as not evaluated ("no reports given"), which never changes the exit code.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cli

# Issued 20/02/2026: reports are owed from February. As of 2026-07-20 the reports for
# February to June are due (June's before 15/07), quarters Q1 and Q2 have ended and their
# reports are due, task 1 (Quý I) and task 2 (30/06/2026) are past their deadline, task 3
# (Quý IV) is not, and task 4 recurs every quarter (Q1 and Q2 missed).
PLAN = """\
pack: lai-chau
unit: {name: Xã Thử, kind: xa, province: Lai Châu}
document:
  number: 12/KH-UBND
  issued: 2026-02-20
  title: Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026
  basis: [978/KH-UBND]
tasks:
  - {id: "1", name: Ban hành danh mục cơ sở dữ liệu của xã, lead: Văn phòng, output: Quyết định,
     deadline: Quý I/2026}
  - {id: "2", name: Bảo đảm điều kiện tối thiểu cho chuyển đổi số, lead: Văn phòng,
     output: 100% máy tính, deadline: 30/06/2026}
  - {id: "3", name: Số hóa hồ sơ lưu trữ của xã, lead: Văn phòng, output: 100% hồ sơ,
     deadline: Quý IV/2026}
  - {id: "4", name: Rà soát tiến độ thực hiện kế hoạch, lead: Văn phòng, output: Báo cáo rà soát,
     deadline: Định kỳ hằng quý}
"""
AS_OF = "2026-07-20"
MONTHS = ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
REPORT_RULES = {
    "bao-cao-thang-thieu",
    "bao-cao-thang-muon",
    "cap-nhat",
    "sap-den-han",
    "qua-han",
    "qua-han-dinh-ky",
    "ra-soat-quy",
    "chi-tieu-dat",
    "chi-tieu-tien-do",
    "minh-chung-ky-so",
    "mat-kenh",
    "giai-ngan",
    "kiem-tra",
}
# Rules over evidence files: with no evidence item naming its file, none was read.
# the commune's plan sets no targets, so the floor rule is listed too (a plan rule, not a
# report rule: these tests are about reports)
NO_TARGET = {"chi-tieu-san"}
FILE_RULES = {
    "minh-chung-thieu-tep",
    "minh-chung-chua-ky",
    "minh-chung-chu-ky-hong",
    "minh-chung-khong-tin-cay",
    "minh-chung-ky-sau-khi-gui",
    "minh-chung-so-ky-hieu",
    "mat-luu-tren-may",
}
REPORT_RULES |= FILE_RULES


def commune(root: Path, name: str = "xa-thu", plan: str = PLAN) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    return folder


def check(*args: str | Path) -> tuple[int, dict[str, Any]]:
    done = run_cli("check", *map(str, args), "--format", "json", "--as-of", AS_OF)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def report_findings(data: dict[str, Any]) -> Counter[tuple[str, str | None]]:
    return Counter((f["rule"], f["task"]) for f in data["findings"] if f["rule"] in REPORT_RULES)


def assert_owes_everything_due(data: dict[str, Any]) -> None:
    found = report_findings(data)
    assert found == Counter(
        {
            ("bao-cao-thang-thieu", None): len(MONTHS),
            ("ra-soat-quy", None): 2,
            ("qua-han", "1"): 1,
            ("qua-han", "2"): 1,
            ("qua-han-dinh-ky", "4"): 2,
        }
    )
    months = [f["message"] for f in data["findings"] if f["rule"] == "bao-cao-thang-thieu"]
    messages = " ".join(months)
    assert all(month in messages for month in MONTHS)
    assert "2026-01" not in messages and "2026-07" not in messages  # before issue / not yet due
    # every report rule ran; only disbursement lacks what no report gave: a budget
    not_run = [e["rule"] for e in data["communes"][0]["not_evaluated"]]
    assert [r for r in not_run if r not in FILE_RULES | NO_TARGET] == ["giai-ngan"]
    assert set(not_run) >= FILE_RULES  # no evidence names a file: none was checked


def test_commune_folder_without_reports_owes_every_report_due(tmp_path: Path) -> None:
    code, data = check(commune(tmp_path))
    assert code == 1
    assert_owes_everything_due(data)


def test_empty_reports_folder_is_no_reports(tmp_path: Path) -> None:
    folder = commune(tmp_path)
    (folder / "reports").mkdir()
    code, data = check(folder)
    assert code == 1
    assert_owes_everything_due(data)


def test_communes_found_under_a_folder_owe_their_reports(tmp_path: Path) -> None:
    commune(tmp_path / "tinh", "xa-a")
    commune(tmp_path / "tinh", "xa-b")
    _, data = check(tmp_path / "tinh")
    assert [c["path"].rsplit("/", 1)[-1] for c in data["communes"]] == ["xa-a", "xa-b"]
    for path in ("xa-a", "xa-b"):
        months = [
            f
            for f in data["findings"]
            if f["rule"] == "bao-cao-thang-thieu" and f["commune"].endswith(path)
        ]
        assert len(months) == len(MONTHS)


def test_plan_file_alone_is_a_plan_check(tmp_path: Path) -> None:
    plan = commune(tmp_path) / "plan.yaml"
    _, data = check(plan)
    assert report_findings(data) == Counter()
    entries = data["communes"][0]["not_evaluated"]
    assert {e["rule"] for e in entries} == REPORT_RULES | NO_TARGET
    assert {e["reason"] for e in entries if e["rule"] in REPORT_RULES} == {"không có báo cáo"}
    assert {e["requirement"] for e in entries} >= {"R-BAO-CAO-THANG", "R-QUA-HAN"}
    assert data["summary"]["not_evaluated"] == len(REPORT_RULES | NO_TARGET)


def test_plan_check_reason_in_english(tmp_path: Path) -> None:
    plan = commune(tmp_path) / "plan.yaml"
    done = run_cli("check", str(plan), "--format", "json", "--as-of", AS_OF, "--lang", "en")
    entries = json.loads(done.stdout)["communes"][0]["not_evaluated"]
    assert {e["reason"] for e in entries if e["rule"] in REPORT_RULES} == {"no reports given"}


def test_not_evaluated_does_not_change_the_exit_code(tmp_path: Path) -> None:
    """Only report rules run: the plan check evaluates none of them and exits 0, the commune
    (same plan) owes its reports and exits 1."""
    folder = commune(tmp_path)
    narrow = ("--only", "R-BAO-CAO-THANG", "--as-of", AS_OF)
    alone = run_cli("check", str(folder / "plan.yaml"), *narrow)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert "không đánh giá: 2 quy tắc (không có báo cáo)" in alone.stdout
    assert run_cli("check", str(folder), *narrow).returncode == 1


def test_plan_file_with_reports_beside_it_reads_them(tmp_path: Path) -> None:
    """A reports/ folder beside a named plan file makes it its commune's plan again."""
    folder = commune(tmp_path)
    (folder / "reports").mkdir()
    (folder / "reports" / "2026-02.yaml").write_text(
        "unit: {name: Xã Thử}\nperiod: 2026-02\nsubmitted: 2026-03-10\n", encoding="utf-8"
    )
    _, data = check(folder / "plan.yaml")
    not_run = [e["rule"] for e in data["communes"][0]["not_evaluated"]]
    assert [r for r in not_run if r not in FILE_RULES | NO_TARGET] == ["giai-ngan"]
    assert set(not_run) >= FILE_RULES  # no evidence names a file: none was checked
    assert report_findings(data)[("bao-cao-thang-thieu", None)] == len(MONTHS) - 1
    assert any(name.endswith("2026-02.yaml") for name in data["communes"][0]["inputs"])


@pytest.mark.parametrize("named", ["folder", "plan"])
def test_reports_that_is_not_a_folder_is_named_not_ignored(tmp_path: Path, named: str) -> None:
    folder = commune(tmp_path)
    (folder / "reports").write_text("2026-02: sent\n", encoding="utf-8")
    done = run_cli("check", str(folder if named == "folder" else folder / "plan.yaml"))
    assert done.returncode == 2
    assert "'reports' is a file, not the folder of monthly reports" in done.stderr


def test_report_rules_are_known_by_their_kind(tmp_path: Path) -> None:
    """A pack's own rule of a report kind is listed too: no list of rule IDs to keep."""
    pack = tmp_path / "packs" / "thu"
    pack.mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        "pack: thu\nversion: '1'\ntitle: {vi: Thử, en: Test}\nextends: nq57\n", encoding="utf-8"
    )
    (pack / "extra.yaml").write_text(
        """\
rules:
  - id: bao-cao-rieng
    requirement: R-BAO-CAO-THANG
    kind: report-month
    severity: warning
    title: {vi: Báo cáo riêng, en: Own report}
    message: {vi: "Thiếu {period}", en: "Missing {period}"}
    source: Nguồn
    params: {state: missing}
    examples:
      fire: [{as_of: 2026-03-20, reports: []}]
      clean: [{as_of: 2026-03-20, reports: [{period: "2026-02", submitted: 2026-03-05}]}]
""",
        encoding="utf-8",
    )
    folder = commune(tmp_path)
    extra = ("--rules", str(tmp_path / "packs"), "--pack", "thu")
    _, data = check(folder / "plan.yaml", *extra)
    assert "bao-cao-rieng" in {e["rule"] for e in data["communes"][0]["not_evaluated"]}
    assert {e["pack"] for e in data["communes"][0]["not_evaluated"]} == {"nq57", "thu"}
    _, data = check(folder, *extra)
    assert sum(f["rule"] == "bao-cao-rieng" for f in data["findings"]) == len(MONTHS)


def test_plan_without_issue_date_owes_reports_from_its_year(tmp_path: Path) -> None:
    plan = PLAN.replace("  issued: 2026-02-20\n", "")
    _, data = check(commune(tmp_path, plan=plan))
    months = [f["message"] for f in data["findings"] if f["rule"] == "bao-cao-thang-thieu"]
    assert len(months) == len(MONTHS) + 1 and "2026-01" in months[0]


def test_plan_issued_in_the_december_before_owes_nothing_for_december(tmp_path: Path) -> None:
    plan = PLAN.replace("issued: 2026-02-20", "issued: 2025-12-20")
    _, data = check(commune(tmp_path, plan=plan))
    months = " ".join(f["message"] for f in data["findings"] if f["rule"] == "bao-cao-thang-thieu")
    assert "2025-12" not in months and "2026-01" in months


def test_gap_list_ranks_a_silent_commune_above_a_reporting_one(tmp_path: Path) -> None:
    """Before, a commune sending nothing passed every report rule and ranked last."""
    root = tmp_path / "tinh"
    commune(root, "xa-im-lang")
    reporting = commune(root, "xa-bao-cao")
    (reporting / "reports").mkdir()
    for month in MONTHS:
        number = int(month[-2:])
        (reporting / "reports" / f"{month}.yaml").write_text(
            f"unit: {{name: Xã Thử}}\nperiod: {month}\nsubmitted: 2026-{number + 1:02d}-05\n"
            "reviews: [2026-03-25, 2026-06-25]\n"
            'tasks: {"1": {status: done, progress: 100}, "2": {status: done, progress: 100},'
            ' "3": {status: in_progress, progress: 40},'
            ' "4": {status: in_progress, progress: 50}}\n',
            encoding="utf-8",
        )
    done = run_cli("gaps", str(root), "--format", "json", "--as-of", AS_OF)
    data = json.loads(done.stdout)
    errors = Counter(
        f["commune"].rsplit("/", 1)[-1] for f in data["findings"] if f["severity"] == "error"
    )
    assert errors["xa-im-lang"] > errors["xa-bao-cao"]


def test_report_rules_lacking_what_no_report_states_are_not_evaluated(tmp_path: Path) -> None:
    """Reports without indicators or budget used to pass R-CHI-TIEU and R-GIAI-NGAN."""
    import shutil

    import yaml

    folder = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "lai-chau-demo", folder)
    for report in (folder / "reports").iterdir():
        data = yaml.safe_load(report.read_text(encoding="utf-8"))
        data.pop("budget", None)
        data.pop("indicators", None)
        report.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    args = ("--format", "json", "--as-of", "2026-12-31", "--lang", "en")
    done = run_cli("check", str(folder), *args)
    communes = json.loads(done.stdout)["communes"]
    entries = {e["rule"]: e["reason"] for e in communes[0]["not_evaluated"]}
    assert entries["giai-ngan"] == "no report states a budget"
    assert entries["chi-tieu-dat"].startswith("no report states the indicator(s)")
    assert "chi-tieu-tien-do" in entries
    original = run_cli("check", str(ROOT / "examples" / "lai-chau-demo"), *args)
    left = json.loads(original.stdout)["communes"][0]["not_evaluated"]
    # the demo's evidence names no file; its plan sets few of the floored targets
    assert {e["rule"] for e in left} == FILE_RULES | NO_TARGET
