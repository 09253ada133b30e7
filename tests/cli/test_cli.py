"""The command as users run it: exit codes, formats, languages, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINIMAL_PLAN, run_cli


def test_exit_codes_follow_fail_on(write_plan) -> None:
    path = write_plan()
    assert run_cli("check", str(path), "--fail-on", "never").returncode == 0
    assert run_cli("check", str(path)).returncode == 1  # mandatory tasks are missing


def test_clean_exit_when_only_warnings_and_fail_on_error(write_plan, tmp_path: Path) -> None:
    pack_dir = tmp_path / "packs" / "tiny"
    pack_dir.mkdir(parents=True)
    (pack_dir / "pack.yaml").write_text(
        "pack: tiny\nversion: '1'\ntitle: {vi: Nhỏ, en: Tiny}\nextends: nq57\n"
        "overrides:\n" + "".join(f"  {rid}: {{disabled: true}}\n" for rid in _mandatory_rule_ids()),
        encoding="utf-8",
    )
    plan = MINIMAL_PLAN.replace("  basis: [978/KH-UBND]\n", "  basis: [978/KH-UBND]\n" + _REPORTING)
    path = write_plan(plan.replace("lead: Văn phòng HĐND và UBND xã", "lead: ''"))
    args = ("check", str(path), "--rules", str(tmp_path / "packs"), "--pack", "tiny")
    done = run_cli(*args, "--format", "json")
    findings = json.loads(done.stdout)["findings"]
    assert {f["requirement"] for f in findings} == {"R-RO-NGUOI", "R-RO-TRACH-NHIEM"}
    assert done.returncode == 1
    cleaned = write_plan(plan, folder="other")
    assert (
        run_cli(
            "check", str(cleaned), "--rules", str(tmp_path / "packs"), "--pack", "tiny"
        ).returncode
        == 0
    )


_REPORTING = (
    "  reporting: {text: Báo cáo Sở KH&CN trước ngày 15 hằng tháng, monthly: true,"
    " to: Sở KH&CN, by_day: 15}\n"
)


def _mandatory_rule_ids() -> list[str]:
    import yaml

    from nq57check.packs.loader import builtin_rules_dir

    data = yaml.safe_load((builtin_rules_dir() / "nq57" / "mandatory.yaml").read_text("utf-8"))
    return [rule["id"] for rule in data["rules"]]


def test_bad_input_exit_2_with_file_line_and_no_traceback(write_plan) -> None:
    path = write_plan(MINIMAL_PLAN.replace("    lead:", "    laed:"))
    done = run_cli("check", str(path))
    assert done.returncode == 2
    assert "plan.yaml:10" in done.stderr and "did you mean 'lead'" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_one_bad_commune_does_not_stop_the_batch(write_plan, tmp_path: Path) -> None:
    write_plan(folder="good")
    write_plan("unit: [broken\n", folder="bad")
    done = run_cli("check", str(tmp_path), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2
    data = json.loads(done.stdout)
    by_path = {Path(c["path"]).name: c for c in data["communes"]}
    assert by_path["bad"]["problems"] and not by_path["good"]["problems"]
    assert any(f["commune"].endswith("good") for f in data["findings"])


def test_json_is_byte_identical_and_sorted(write_plan) -> None:
    path = write_plan()
    first = run_cli("check", str(path), "--format", "json", "--as-of", "2026-05-01").stdout
    second = run_cli("check", str(path), "--format", "json", "--as-of", "2026-05-01").stdout
    assert first == second
    findings = json.loads(first)["findings"]
    keys = [(f["file"], f["line"], f["rule"]) for f in findings]
    assert findings and all(
        set(f) >= {"rule", "requirement", "severity", "message", "file", "line", "task", "source"}
        for f in findings
    )
    assert len(keys) == len(set(keys)) or keys == sorted(keys, key=lambda k: k)


def test_english_messages(write_plan) -> None:
    path = write_plan()
    vi = run_cli("check", str(path), "--format", "json").stdout
    en = run_cli("check", str(path), "--format", "json", "--lang", "en").stdout
    assert "Kế hoạch không có nhiệm vụ" in vi
    assert "The plan has no task" in en and "Kế hoạch không có nhiệm vụ" not in en


def test_findings_carry_the_derived_due_date(write_plan) -> None:
    plan = MINIMAL_PLAN.replace("    deadline: Quý I/2026\n", "    section: I\n").replace(
        "tasks:\n",
        "sections:\n  - {id: I, title: Quý III năm 2026, deadline: Quý III năm 2026}\ntasks:\n",
    )
    done = run_cli("check", str(write_plan(plan)), "--format", "json", "--as-of", "2026-05-01")
    late = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "thoi-han-danh-muc-csdl"]
    assert [(f["task"], f["deadline"], f["due"]) for f in late] == [
        ("1", "Quý III năm 2026", "2026-09-30")
    ]


def test_explain_shows_reading_and_patterns(write_plan) -> None:
    done = run_cli("explain", str(write_plan()), "--task", "1", "--format", "json")
    assert done.returncode == 0, done.stderr
    (task,) = json.loads(done.stdout)["tasks"]
    assert task["deadline"]["due"] == "2026-03-31"
    assert task["deadline"]["kind"] == "period"
    assert [r["id"] for r in task["requirements"]] == ["R-DANH-MUC-CSDL"]
    assert task["requirements"][0]["matched_by"].startswith("danh muc")


def test_rules_test_runs_every_example() -> None:
    done = run_cli("rules", "test")
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().endswith("0 failed")


def test_bad_option_value_is_a_usage_error(write_plan) -> None:
    done = run_cli("check", str(write_plan()), "--as-of", "2026-02-31")
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr


def test_missing_path(tmp_path: Path) -> None:
    done = run_cli("check", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "no such file or folder" in done.stderr


def test_table_states_packs_as_of_and_input_hashes(write_plan) -> None:
    import hashlib

    path = write_plan()
    done = run_cli("check", str(path), "--as-of", "2026-05-01", "--fail-on", "never")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest in done.stdout
    assert "2026-05-01" in done.stdout and "lai-chau 2026.1" in done.stdout
