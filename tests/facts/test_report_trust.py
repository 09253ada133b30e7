"""Issue 11.9: a report that is quietly wrong is refused at its file and line, not believed.

The plan is the minimal plan (task "1", issued 2026-02-20); each report is written in code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL_PLAN, run_cli

REPORT = """\
unit: {{name: Xã Thử}}
period: "{period}"
submitted: 2026-04-05
tasks:
{tasks}
"""
DONE = "{key}: {{status: done, progress: 100}}"
BEHIND = "{key}: {{status: not_started}}"


def _check(tmp_path: Path, report: str, name: str = "2026-03.yaml") -> tuple[int, str]:
    folder = tmp_path / "xa"
    (folder / "reports").mkdir(parents=True)
    (folder / "plan.yaml").write_text(MINIMAL_PLAN.replace('id: "1"', "id: 1"), "utf-8")
    (folder / "reports" / name).write_text(report, "utf-8")
    done = run_cli("check", str(folder), "--as-of", "2026-05-01", "--lang", "en")
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stderr


def _tasks(*lines: str) -> str:
    return "\n".join(f"  {line}" for line in lines)


@pytest.mark.parametrize("key", ["1", '"1"'])
def test_a_good_report_is_believed(tmp_path: Path, key: str) -> None:
    report = REPORT.format(period="2026-03", tasks=_tasks(DONE.format(key=key)))
    code, stderr = _check(tmp_path, report)
    assert code == 1 and "error:" not in stderr, stderr  # findings of the plan, no problem


@pytest.mark.parametrize(("first", "second"), [("1", '"1"'), ('"1"', "1"), ("0x1", '"1"')])
def test_one_task_written_as_a_number_and_as_text_is_a_duplicate(
    tmp_path: Path, first: str, second: str
) -> None:
    tasks = _tasks(DONE.format(key=first), BEHIND.format(key=second))
    code, stderr = _check(tmp_path, REPORT.format(period="2026-03", tasks=tasks))
    assert code == 2
    assert "2026-03.yaml:6: duplicate key '1' (first at line 5)" in stderr


@pytest.mark.parametrize("period", ["２０２６-０３", "٢٠٢٦-٠٣", "2026-0３"])
def test_a_period_in_non_ascii_digits_is_refused(tmp_path: Path, period: str) -> None:
    tasks = _tasks(DONE.format(key='"1"'))
    code, stderr = _check(tmp_path, REPORT.format(period=period, tasks=tasks))
    assert code == 2
    assert f"2026-03.yaml:2: period: period '{period}' is written with non-ASCII digits" in stderr
    assert "write 2026-03" in stderr


@pytest.mark.parametrize(("period", "refused"), [("2026-01", True), ("2026-02", False)])
def test_a_period_before_the_plans_issue_month_is_an_error(
    tmp_path: Path, period: str, refused: bool
) -> None:
    report = REPORT.format(period=period, tasks=_tasks(DONE.format(key='"1"')))
    report = report.replace("2026-04-05", "2026-03-05")
    code, stderr = _check(tmp_path, report, name=f"{period}.yaml")
    message = f"{period}.yaml:2: period: period {period} is before the plan was issued (2026-02-20)"
    assert (message in stderr) is refused, stderr
    assert (code == 2) is refused


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2026-04.yaml", "period 2026-03 is not the month of the file's name (2026-04)"),
        ("bao-cao-thang-3.yaml", "the file name does not say its month: name it 2026-03.yaml"),
        ("２０２６-０３.yaml", "the file name does not say its month"),
        ("2026-03.yaml", None),
        ("bao-cao-2026-03-ban-ky-so.yaml", None),
    ],
)
def test_a_period_that_is_not_the_files_month_is_an_error(
    tmp_path: Path, name: str, expected: str | None
) -> None:
    report = REPORT.format(period="2026-03", tasks=_tasks(DONE.format(key='"1"')))
    code, stderr = _check(tmp_path, report, name=name)
    if expected is None:
        assert code == 1 and "error:" not in stderr, stderr
    else:
        assert code == 2 and f"{name}:2: period: {expected}" in stderr, stderr
