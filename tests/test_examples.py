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


def check(example: str) -> dict[str, set[str | None]]:
    done = run_cli("check", f"examples/{example}", "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 1, done.stderr
    found: dict[str, set[str | None]] = defaultdict(set)
    for finding in json.loads(done.stdout)["findings"]:
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
