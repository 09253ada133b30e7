"""Hostile input: every broken file gets exit 2 (or a finding), file:line, and no traceback.

The corpus lives in tests/hostile/ (plans/<case>/plan.yaml, packs/<case>/<pack>/...), with
the expected exit code and message fragments in each folder's cases.json, so the same files
can be thrown at other commands or tools.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import MINIMAL_PLAN, ROOT
from conftest import run_cli_en as run_cli  # messages asserted in English

HOSTILE = ROOT / "tests" / "hostile"
PLAN_CASES = json.loads((HOSTILE / "plans" / "cases.json").read_text("utf-8"))
PACK_CASES = json.loads((HOSTILE / "packs" / "cases.json").read_text("utf-8"))


def assert_clean_failure(done, expect_exit: int, fragments: list[str]) -> None:  # type: ignore[no-untyped-def]
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert done.returncode == expect_exit, output[-2000:]
    for fragment in fragments:
        assert fragment in output, (fragment, output[-2000:])


@pytest.mark.parametrize("case", sorted(PLAN_CASES))
def test_broken_plan(case: str) -> None:
    spec = PLAN_CASES[case]
    folder = HOSTILE / "plans" / case
    done = run_cli("check", str(folder), "--as-of", "2026-05-01", *spec["args"])
    assert_clean_failure(done, spec["exit"], spec["expect"])


@pytest.mark.parametrize("case", sorted(PACK_CASES))
def test_broken_rule_pack(case: str, write_plan) -> None:
    spec = PACK_CASES[case]
    plan = write_plan()
    done = run_cli(
        "check", str(plan), "--rules", str(HOSTILE / "packs" / case), "--pack", spec["pack"]
    )
    assert_clean_failure(done, spec["exit"], spec["expect"])


def test_batch_with_every_broken_plan_still_checks_the_good_one(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    done = run_cli(
        "check", str(HOSTILE / "plans"), str(good), "--format", "json", "--as-of", "2026-05-01"
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    checked = [c for c in data["communes"] if not c["problems"]]
    assert any(c["path"].endswith("good") for c in checked)
    assert data["summary"]["unusable"] >= 25


def test_symlink_loop_in_a_commune_folder(tmp_path: Path) -> None:
    province = tmp_path / "province"
    (province / "xa-a").mkdir(parents=True)
    (province / "xa-a" / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (province / "nested").mkdir()
    os.symlink(province, province / "nested" / "loop")
    done = run_cli("check", str(province), "--format", "json", "--as-of", "2026-05-01")
    assert "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    assert [Path(c["path"]).name for c in data["communes"]] == ["xa-a"]


def test_folder_without_plans(tmp_path: Path) -> None:
    done = run_cli("check", str(tmp_path))
    assert done.returncode == 2 and "no plan file found" in done.stderr


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read files without permission bits")
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    plan.chmod(0)
    done = run_cli("check", str(plan))
    assert done.returncode == 2 and "cannot read" in done.stderr
