"""The terminal table through the CLI: grouped by requirement with counts and task ranges,
--verbose one row per finding with task names, -q the summary alone, colour and width."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_cli

ESC = "\x1b["
PLAIN = {"NO_COLOR": "", "FORCE_COLOR": "", "COLUMNS": ""}  # "" removes the variable


def plan_text(tasks: int, led: set[int]) -> str:
    """A plan whose tasks have no lead unit except those in ``led``."""
    lines = [
        "pack: nq57",
        "unit: {name: Xã Thử, kind: xa, province: Lai Châu}",
        "document: {number: 12/KH-UBND, issued: 2026-02-20, basis: [57-NQ/TW]}",
        "tasks:",
    ]
    for number in range(1, tasks + 1):
        lines.append(f'  - id: "{number}"')
        lines.append(f"    name: 'Đợt {number}: số hóa hồ sơ lưu trữ của xã theo kế hoạch năm'")
        if number in led:
            lines.append("    lead: Văn phòng HĐND và UBND xã")
        lines.append("    output: Quyết định ban hành danh mục")
        lines.append("    head: Chủ tịch UBND xã")
        lines.append("    deadline: Quý I/2026")
    return "\n".join(lines) + "\n"


def check(write_plan, *args: str, env: dict[str, str] | None = None, tasks: int = 9):
    plan = write_plan(plan_text(tasks, led={4}))
    return run_cli(  # from the plan's parent folder: its place reads "xa-thu/plan.yaml:12"
        "check",
        "xa-thu/plan.yaml",
        "--as-of",
        "2026-05-01",
        *args,
        cwd=plan.parent.parent,
        env={**PLAIN, **(env or {})},
    )


def rows_of(stdout: str, requirement: str) -> list[str]:
    return [line for line in stdout.splitlines() if f" {requirement} " in line]


def test_default_is_one_row_per_requirement_with_count_and_task_ranges(write_plan) -> None:
    done = check(write_plan)
    assert done.returncode == 1, done.stderr
    rows = rows_of(done.stdout, "R-RO-NGUOI")
    assert len(rows) == 1, done.stdout  # eight tasks without a lead: one row, not eight
    assert re.search(
        r"lỗi\s+R-RO-NGUOI\s+8\s+1–3, 5–9\s+Nhiệm vụ không có cơ quan chủ trì", rows[0]
    )
    assert "plan.yaml:" not in done.stdout  # places are the verbose view's


def test_verbose_is_one_row_per_finding_with_its_place_and_task_name(write_plan) -> None:
    done = check(write_plan, "--verbose")
    assert done.returncode == 1, done.stderr
    rows = [line for line in done.stdout.splitlines() if "R-RO-NGUOI" in line]
    assert len(rows) == 8, done.stdout
    assert re.search(r"plan\.yaml:\d+\s+2\s+R-RO-NGUOI", done.stdout)
    assert "Đợt 2: số hóa hồ sơ…" in done.stdout  # the task's first words


def test_the_summary_is_last_and_quiet_prints_only_it(write_plan) -> None:
    full = check(write_plan)
    quiet = check(write_plan, "-q")
    summary = full.stdout.splitlines()[-1]
    assert summary.startswith("Tổng: 1 xã/phường, ") and " lỗi, " in summary
    assert quiet.stdout.splitlines() == [summary]
    assert quiet.returncode == full.returncode == 1
    assert check(write_plan, "-q", "--fail-on", "never").returncode == 0


def test_colour_only_when_asked_or_on_a_terminal(write_plan) -> None:
    assert ESC not in check(write_plan).stdout  # a pipe: plain
    forced = check(write_plan, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;31mlỗi" in forced  # errors in bold red
    assert ESC not in check(write_plan, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert ESC not in check(write_plan, "-o", "/dev/stdout", env={"FORCE_COLOR": "1"}).stdout


def test_a_file_in_the_plan_cannot_colour_the_terminal(write_plan) -> None:
    text = plan_text(2, led=set()).replace("name: Xã Thử", 'name: "Xã \\e[31mThử"')
    plan = write_plan(text)
    done = run_cli("check", str(plan), env={**PLAIN, "FORCE_COLOR": "1"})
    assert done.returncode == 1, done.stderr
    assert "\x1b[31mThử" not in done.stdout and "\\x1b[31mThử" in done.stdout
    assert "\x1b[1;31m" in done.stdout  # the tool's own colours still reach the terminal


def test_wrapped_to_the_terminal_width(write_plan) -> None:
    for columns in (72, 130):
        done = check(write_plan, "--verbose", env={"COLUMNS": str(columns)})
        body = [ln for ln in done.stdout.splitlines()[:-1] if not re.match(r"\s+[0-9a-f]{64}", ln)]
        assert max(len(line) for line in body) <= columns, done.stdout
    narrow = check(write_plan, "--verbose", env={"COLUMNS": "72"}).stdout
    wide = check(write_plan, "--verbose", env={"COLUMNS": "130"}).stdout
    assert len(narrow.splitlines()) > len(wide.splitlines())


def test_not_evaluated_rules_are_still_counted(write_plan) -> None:
    done = check(write_plan)  # a plan file alone: the report rules are not evaluated
    assert re.search(r"không đánh giá: \d+ quy tắc \(không có báo cáo\)", done.stdout)
    counts = re.findall(r"không đánh giá: (\d+) quy tắc", done.stdout)  # one line a reason
    quiet = check(write_plan, "-q").stdout  # the summary alone still says how many
    assert f", {sum(map(int, counts))} lượt quy tắc không đánh giá (" in quiet


def test_a_commune_without_findings_and_an_unusable_one(write_plan, tmp_path: Path) -> None:
    bad = tmp_path / "xa-hong"
    bad.mkdir()
    (bad / "plan.yaml").write_text("unit: {name: X}\ntasks: [{id: 1, nam: a}]\n", "utf-8")
    done = run_cli("check", str(bad), "--lang", "en", env=PLAIN)
    assert done.returncode == 2
    assert "unusable:" in done.stdout and "unknown key 'nam'" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("Total: 1 communes")
