"""Kind target-floor: a province pack overrides the baseline floors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kinds.kind_helpers import fired

from conftest import MINIMAL_PLAN, run_cli


def test_lai_chau_floors_override_the_baseline() -> None:
    snippet = {"targets": {"online_dossier_rate": {"value": 85, "by": "Năm 2026"}}}
    assert fired("nq57", ["chi-tieu-san"], snippet) == []  # the baseline has no floor for it
    assert fired("lai-chau", ["chi-tieu-san"], snippet) == ["chi-tieu-san:"]


def _target(value: float, bound: str | None = None) -> dict[str, object]:
    target: dict[str, object] = {"value": value, "by": "Năm 2026"}
    if bound is not None:
        target["bound"] = bound
    return {"targets": {"online_dossier_rate": target}}


def test_a_target_meets_a_floor_when_every_value_it_allows_does() -> None:
    # lai-chau: online_dossier_rate floor 90 (at least 90)
    meets = [_target(90), _target(90, "at_least"), _target(90, "above"), _target(95, "above")]
    misses = [_target(89), _target(89, "above"), _target(89.9, "at_least")]
    for snippet in meets:
        assert fired("lai-chau", ["chi-tieu-san"], snippet) == [], snippet
    for snippet in misses:
        assert fired("lai-chau", ["chi-tieu-san"], snippet) == ["chi-tieu-san:"], snippet


def test_a_strict_floor_is_met_only_by_more_than_its_value(tmp_path: Path) -> None:
    pack = tmp_path / "strict"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "pack: strict\nversion: '1'\nextends: nq57\ntitle: {vi: Thử, en: Test}\n"
        "overrides:\n  chi-tieu-san:\n    params:\n      floors:\n"
        "        online_dossier_rate: {value: 90, bound: above}\n",
        encoding="utf-8",
    )
    rules = [tmp_path]
    assert fired("strict", ["chi-tieu-san"], _target(90), rules_dirs=rules) == ["chi-tieu-san:"]
    assert fired("strict", ["chi-tieu-san"], _target(90, "above"), rules_dirs=rules) == []
    assert fired("strict", ["chi-tieu-san"], _target(90.5), rules_dirs=rules) == []
    assert fired("strict", ["chi-tieu-san"], _target(89.9, "above"), rules_dirs=rules) == [
        "chi-tieu-san:"
    ]


def test_the_message_shows_a_strict_bound(write_plan: Callable[..., Path]) -> None:
    plan = write_plan(
        MINIMAL_PLAN + "targets:\n  online_dossier_rate: {value: 85, bound: above}\n"
    )
    result = run_cli(
        "check", str(plan), "--only", "chi-tieu-san", "--format", "json", "--as-of", "2026-03-01"
    )
    assert result.returncode == 1, result.stderr
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert any(">85%" in m and "90%" in m for m in messages), messages


def _floor_not_evaluated(plan: Path) -> list[str]:
    result = run_cli("check", str(plan), "--format", "json", "--as-of", "2026-03-01")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    return [
        n["reason"]
        for c in report["communes"]
        for n in c["not_evaluated"]
        if n["rule"] == "chi-tieu-san"
    ]


def test_a_plan_without_a_floored_target_is_not_evaluated_for_it(
    write_plan: Callable[..., Path],
) -> None:
    """No target is no promise to hold to a floor: listed, never read as meeting it."""
    bare = write_plan(MINIMAL_PLAN)
    (reason,) = _floor_not_evaluated(bare)
    assert "online_dossier_rate" in reason and "coverage_4g_villages" in reason
    assert reason.startswith("kế hoạch không nêu chỉ tiêu")


def test_a_plan_setting_every_floored_target_is_judged_on_all(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    from nq57check.packs.loader import load_pack

    active = load_pack("lai-chau").rule("chi-tieu-san")
    assert active is not None
    floors = active.params.floors
    targets = "".join(f"  {name}: {{value: 100, by: Năm 2026}}\n" for name in sorted(floors))
    full = write_plan(MINIMAL_PLAN + "targets:\n" + targets)
    assert _floor_not_evaluated(full) == []
