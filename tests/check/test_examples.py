"""The bundled examples (the seeds as plan files) give the findings a person reads in them.

tests/expected/<example>.yaml were labelled by reading the plans, requirement by
requirement, not by copying the tool's output; their notes say how each call was made.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
import yaml

from conftest import ROOT, run_cli

EXAMPLES = ["lang-son-25", "phong-tho", "binh-lu"]
PER_TASK = ["R-RO-NGUOI", "R-RO-THOI-HAN", "R-RO-KET-QUA", "R-DO-LUONG"]


def labels(example: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "tests" / "expected" / f"{example}.yaml").read_text("utf-8"))


def run_json(target: str) -> dict:  # type: ignore[type-arg]
    done = run_cli("check", target, "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def check(example: str) -> dict[str, set[str | None]]:
    """The plan's own findings: the plan file named alone is a plan check (no report rule)."""
    found: dict[str, set[str | None]] = defaultdict(set)
    for finding in run_json(f"examples/{example}/plan.yaml")["findings"]:
        found[finding["requirement"]].add(finding["task"])
    return found


@pytest.mark.parametrize("example", EXAMPLES)
def test_exact_set_of_requirements(example: str) -> None:
    expected = labels(example)
    wanted = set(expected["missing"]) | set(expected.get("late") or {})
    wanted |= {req for req, tasks in expected["five_clears"].items() if tasks}
    wanted |= set(expected["plan_level"])
    assert set(check(example)) == wanted


@pytest.mark.parametrize("example", EXAMPLES)
def test_tasks_behind_each_finding(example: str) -> None:
    expected = labels(example)
    found = check(example)
    for requirement in PER_TASK:
        assert found.get(requirement, set()) == set(expected["five_clears"][requirement]), (
            requirement
        )
    for requirement, tasks in (expected.get("late") or {}).items():
        assert found[requirement] == set(tasks), requirement
    for requirement in expected["missing"]:
        assert found[requirement] == {None}, requirement  # a plan-level finding, no task
    # the narrower label (no head, several leads) is contained in the rule's finding set
    assert set(expected["five_clears"]["R-RO-TRACH-NHIEM"]) <= found["R-RO-TRACH-NHIEM"]
    covered_ok = {req for req, tasks in expected["covers"].items() if tasks}
    assert not covered_ok & {r for r, tasks in found.items() if tasks == {None}}


REPORT_RULES = {"R-BAO-CAO-THANG", "R-RA-SOAT-QUY", "R-QUA-HAN"}


@pytest.mark.parametrize("example", EXAMPLES)
def test_commune_without_reports_owes_every_report_due(example: str) -> None:
    """The folder is a commune whose reports are due: with no reports/, every month, quarter
    and deadline due by --as-of is a finding, on top of the plan's own findings."""
    expected = labels(example)["no_reports"]
    plan = run_json(f"examples/{example}/plan.yaml")
    commune = run_json(f"examples/{example}")
    key = ("rule", "task", "message")
    own = {tuple(f[k] for k in key) for f in plan["findings"]}
    extra = [f for f in commune["findings"] if tuple(f[k] for k in key) not in own]
    assert len(extra) == len(commune["findings"]) - len(plan["findings"])  # plan's all kept
    assert {f["requirement"] for f in extra} == REPORT_RULES
    by_rule: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    for finding in extra:
        by_rule[finding["rule"]].append(finding)
    months = by_rule["bao-cao-thang-thieu"]
    assert len(months) == len(expected["months"])
    assert all(any(m in f["message"] for f in months) for m in expected["months"])
    reviews = by_rule["ra-soat-quy"]
    assert len(reviews) == len(expected["quarters"])
    assert {f["task"] for f in by_rule["qua-han"]} == set(expected["overdue"])
    periods = expected["recurring"]["periods"]
    recurring = by_rule["qua-han-dinh-ky"]
    assert {f["task"] for f in recurring} == set(expected["recurring"]["tasks"])
    assert len(recurring) == len(periods) * len(expected["recurring"]["tasks"])
    assert all(any(p in f["message"] for f in recurring) for p in periods)
    assert set(by_rule) <= {"bao-cao-thang-thieu", "ra-soat-quy", "qua-han", "qua-han-dinh-ky"}
    # the commune evaluated every report rule; the plan check lists them as not evaluated
    # every report rule ran but those needing figures no report gave (none was sent)
    not_run = {e["rule"] for e in commune["communes"][0]["not_evaluated"]}
    # and lang-son-25, an appendix alone, cannot be judged on its reporting clause
    bodyless = {"che-do-bao-cao-thieu", "che-do-bao-cao-chua-du"}
    files = {r for r in not_run if r.startswith(("minh-chung-", "mat-luu"))}  # no evidence file
    # and no example sets every floored target
    figures = {"chi-tieu-dat", "chi-tieu-tien-do", "giai-ngan", "chi-tieu-san"}
    assert not_run - files <= figures | bodyless
    assert "giai-ngan" in not_run
    skipped = plan["communes"][0]["not_evaluated"]
    assert {n["rule"] for n in skipped} >= {"bao-cao-thang-thieu", "ra-soat-quy", "qua-han"}
    plan_rules = bodyless | {"chi-tieu-san"}
    assert {n["reason"] for n in skipped if n["rule"] not in plan_rules} == {"không có báo cáo"}
