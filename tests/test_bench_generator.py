"""The benchmark generator is only useful if it is deterministic, valid and honest.

Why: ``bench/run.py`` scores recall against the generator's manifest, so a generator that
drifts, writes invalid plans or plants faults the checker cannot see would make every
benchmark figure meaningless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import dump, generate_commune, write  # noqa: E402
from nq57check.check.batch import run_check  # noqa: E402
from nq57check.check.commune import Options  # noqa: E402
from nq57check.loading.models import Plan  # noqa: E402


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    write(tmp_path / "a", 6, seed=7, reports=12)
    write(tmp_path / "b", 6, seed=7, reports=12)
    write(tmp_path / "c", 6, seed=8)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a")["manifest.json"] != digest(tmp_path / "c")["manifest.json"]


@pytest.mark.parametrize("index", range(12))
def test_plans_validate_and_have_20_to_50_tasks(index: int) -> None:
    commune = generate_commune(index, seed=3)
    plan = Plan.model_validate(yaml.safe_load(dump(commune.plan)))
    assert 20 <= len(plan.tasks) <= 50
    assert len({t.id for t in plan.tasks}) == len(plan.tasks)


def test_reports_follow_the_report_model() -> None:
    report_models = pytest.importorskip("nq57check.loading.report_models")
    commune = generate_commune(0, seed=3, reports=12)
    assert sorted(commune.reports) == [f"2026-{m:02d}" for m in range(1, 13)]
    for report in commune.reports.values():
        report_models.Report.model_validate(yaml.safe_load(dump(report)))


def test_every_planted_fault_is_found(tmp_path: Path) -> None:
    manifest = write(tmp_path, 5, seed=11, rate=1.0)  # every fault kind in every commune
    assert all(len(faults) == 5 for faults in manifest["planted"].values())
    result = run_check([tmp_path], Options(as_of=dt.date(2026, 3, 31)), dt.date(2026, 3, 31))
    assert len(result.communes) == 5
    for commune in result.communes:
        key = Path(commune.path).resolve().relative_to(tmp_path.resolve()).as_posix()
        assert not commune.problems, commune.problems
        found = {(f.requirement, f.task) for f in commune.findings}
        for fault in manifest["planted"][key]:
            if fault["task"] is None:
                assert fault["requirement"] in {r for r, _ in found}, (key, fault)
            else:
                assert (fault["requirement"], fault["task"]) in found, (key, fault)


def test_clean_plans_have_no_findings(tmp_path: Path) -> None:
    """Clean plans named alone (plan checks): no finding, and the report rules are listed
    as not evaluated rather than passed."""
    write(tmp_path, 4, seed=5, faults=False)
    plans = sorted(tmp_path.rglob("plan.yaml"))
    result = run_check(plans, Options(as_of=dt.date(2026, 3, 31)), dt.date(2026, 3, 31))
    assert [f.requirement for c in result.communes for f in c.findings] == []
    assert all("bao-cao-thang-thieu" in {n.rule for n in c.not_evaluated} for c in result.communes)


def test_clean_communes_with_their_reports_have_no_findings(tmp_path: Path) -> None:
    """A commune folder owes its monthly reports: clean plans with a year of clean reports."""
    write(tmp_path, 4, seed=5, reports=12, faults=False)
    result = run_check([tmp_path], Options(as_of=dt.date(2027, 1, 20)), dt.date(2027, 1, 20))
    assert len(result.communes) == 4
    assert [p for c in result.communes for p in c.problems] == []  # else nothing was checked
    assert [f.requirement for c in result.communes for f in c.findings] == []
    # Listed, never passed: what the generator does not write (evidence files; targets for
    # every floored indicator). Any other rule not evaluated is the generator's gap.
    unread = {n.rule for c in result.communes for n in c.not_evaluated}
    assert unread <= {"chi-tieu-san", "mat-luu-tren-may"} | {
        r for r in unread if r.startswith("minh-chung-")
    }
    assert all(
        "không minh chứng nào nêu tệp" in n.reason or n.rule == "chi-tieu-san"
        for c in result.communes
        for n in c.not_evaluated
    )
