"""Rules in force on the evaluation date, never silently dropped (issue 11, point 4).

The evaluation date is --as-of, else today: it decides which rules are in force. A rule not
yet in force is listed as not evaluated ("in force from ..."); a plan rule that came into
force after the plan was issued still applies, and its finding says the plan must be
updated; a plan dated well before the year it plans for (before 1 October of the year
before) is a warning, ngay-ban-hanh-som (R-SO-KY-HIEU).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli

# A 2026 appendix carrying Resolution 57's own date as its issue date, and no task about the
# Party's secret network (R-MANG-MAT, a rule in force from 01/01/2026).
MISDATED = """\
pack: lai-chau
unit: {name: Xã Thử, kind: xa, province: Lai Châu}
document:
  number: 12/KH-UBND
  issued: 2024-12-22
  title: Danh mục nhiệm vụ trọng tâm thực hiện Nghị quyết số 57-NQ/TW năm 2026
  basis: [978/KH-UBND]
tasks:
  - {id: "1", name: Ban hành danh mục cơ sở dữ liệu của xã, lead: Văn phòng, output: Quyết định,
     deadline: Quý I}
"""


def plan_file(tmp_path: Path, text: str = MISDATED) -> Path:
    path = tmp_path / "xa-thu" / "plan.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(path: Path, *args: str) -> dict[str, Any]:
    done = run_cli("check", str(path), "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def by_rule(data: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in data["findings"] if f["rule"] == rule]


def test_misdated_plan_is_checked_against_the_rules_in_force_today(tmp_path: Path) -> None:
    """Before, rules in force on 22/12/2024 (none of 2026's) gave no finding at all."""
    data = check(plan_file(tmp_path), "--as-of", "2026-05-01")
    (missing,) = by_rule(data, "nhiem-vu-mang-mat")
    assert "sau ngày ban hành kế hoạch 22/12/2024: kế hoạch cần được cập nhật" in missing["message"]
    assert "có hiệu lực từ 01/01/2026" in missing["message"]
    (early,) = by_rule(data, "ngay-ban-hanh-som")
    assert early["requirement"] == "R-SO-KY-HIEU" and early["severity"] == "warning"
    assert "22/12/2024" in early["message"] and "01/10/2025" in early["message"]
    assert early["line"] == 5  # document.issued
    # every rule is in force on 2026-05-01: only the report rules wait (a plan check)
    reasons = {
        e["reason"] for e in data["communes"][0]["not_evaluated"] if e["rule"] != "chi-tieu-san"
    }  # (the plan sets no target: the floor rule says so, for another reason)
    assert reasons == {"không có báo cáo"}


def test_misdated_plan_in_english(tmp_path: Path) -> None:
    data = check(plan_file(tmp_path), "--as-of", "2026-05-01", "--lang", "en")
    (missing,) = by_rule(data, "nhiem-vu-mang-mat")
    assert "after the plan was issued on 2024-12-22: the plan must be updated" in missing["message"]


def test_the_year_planned_for_comes_from_the_title_not_the_issue_date(tmp_path: Path) -> None:
    """'Quý I' with no year, in a 2026 plan dated 2024, is the first quarter of 2026."""
    done = run_cli("explain", str(plan_file(tmp_path)), "--format", "json")
    (task,) = json.loads(done.stdout)["tasks"]
    assert task["deadline"]["due"] == "2026-03-31"


@pytest.mark.parametrize(
    "title",
    [
        "Kế hoạch thực hiện Nghị quyết 57-NQ/TW năm 2026, định hướng đến năm 2030",
        "Kế hoạch thực hiện Nghị quyết 57-NQ/TW ngày 22 tháng 12 năm 2024 trong năm 2026",
        "KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW NĂM 2026",
    ],
)
def test_the_planned_year_is_the_one_the_title_plans_for(tmp_path: Path, title: str) -> None:
    text = MISDATED.replace(
        "Danh mục nhiệm vụ trọng tâm thực hiện Nghị quyết số 57-NQ/TW năm 2026", title
    )
    done = run_cli("explain", str(plan_file(tmp_path, text)), "--format", "json")
    (task,) = json.loads(done.stdout)["tasks"]
    assert task["deadline"]["due"] == "2026-03-31"


def test_year_from_deadlines_when_the_title_names_none(tmp_path: Path) -> None:
    text = MISDATED.replace(" năm 2026", "").replace("issued: 2024-12-22", "issued: 2025-12-20")
    text += '  - {id: "2", name: Số hóa hồ sơ, lead: VP, output: 100%, deadline: Quý II/2026}\n'
    done = run_cli("explain", str(plan_file(tmp_path, text)), "--format", "json")
    dues = [t["deadline"]["due"] for t in json.loads(done.stdout)["tasks"]]
    assert dues == ["2026-03-31", "2026-06-30"]


@pytest.mark.parametrize(
    ("issued", "warned"),
    [("2025-09-30", True), ("2025-10-01", False), ("2026-02-10", False), ("2024-12-22", True)],
)
def test_well_before_is_before_1_october_of_the_year_before(
    tmp_path: Path, issued: str, warned: bool
) -> None:
    text = MISDATED.replace("2024-12-22", issued)
    data = check(plan_file(tmp_path, text), "--as-of", "2026-05-01")
    assert bool(by_rule(data, "ngay-ban-hanh-som")) is warned


def test_plan_issued_after_a_rule_came_into_force_has_no_note(tmp_path: Path) -> None:
    text = MISDATED.replace("2024-12-22", "2026-02-10")
    data = check(plan_file(tmp_path, text), "--as-of", "2026-05-01")
    (missing,) = by_rule(data, "nhiem-vu-mang-mat")
    assert "cập nhật" not in missing["message"]


def test_rule_not_yet_in_force_is_listed_not_dropped(tmp_path: Path) -> None:
    """As of 2025-06-01 the 2026 rules are not in force: listed, with the day they are."""
    data = check(plan_file(tmp_path), "--as-of", "2025-06-01")
    assert not by_rule(data, "nhiem-vu-mang-mat")
    entries = {e["rule"]: e for e in data["communes"][0]["not_evaluated"]}
    assert entries["nhiem-vu-mang-mat"]["reason"] == "có hiệu lực từ 01/01/2026"
    assert entries["nhiem-vu-mang-mat"]["requirement"] == "R-MANG-MAT"
    assert entries["bao-cao-thang-thieu"]["reason"] == "không có báo cáo"
    assert "ro-nguoi" not in entries  # in force since 2025: evaluated
    table = run_cli("check", str(plan_file(tmp_path)), "--as-of", "2025-06-01").stdout
    assert "không đánh giá:" in table and "(có hiệu lực từ 01/01/2026)" in table
    english = check(plan_file(tmp_path), "--as-of", "2025-06-01", "--lang", "en")
    reasons = {e["reason"] for e in english["communes"][0]["not_evaluated"]}
    reasons = {r for r in reasons if not r.startswith("the plan states no target for")}
    assert reasons == {"in force from 2026-01-01", "no reports given"}


def test_plan_without_issue_date_uses_the_evaluation_date(tmp_path: Path) -> None:
    """No issue date (R-SO-KY-HIEU's business): rules in force on --as-of, no note, no crash."""
    text = MISDATED.replace("  issued: 2024-12-22\n", "")
    data = check(plan_file(tmp_path, text), "--as-of", "2026-05-01")
    (missing,) = by_rule(data, "nhiem-vu-mang-mat")
    assert "cập nhật" not in missing["message"]
    assert not by_rule(data, "ngay-ban-hanh-som")
    early = check(plan_file(tmp_path, text), "--as-of", "2025-06-01")
    assert not by_rule(early, "nhiem-vu-mang-mat")
    assert "nhiem-vu-mang-mat" in {e["rule"] for e in early["communes"][0]["not_evaluated"]}


def test_default_evaluation_date_is_today_not_the_issue_date(tmp_path: Path) -> None:
    """Without --as-of the 2026 rules apply to a plan dated 2024 (today is after 2026-01-01)."""
    data = check(plan_file(tmp_path))
    if data["as_of"] < "2026-01-01":
        pytest.skip("the machine's clock is before 2026")
    assert by_rule(data, "nhiem-vu-mang-mat")
