"""Limits found by an outside tester: inputs that crashed, hung or slipped through."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from nq57check.core.problems import InputError
from nq57check.loading.yamlio import MAX_NODES, parse_text

from conftest import MINIMAL_PLAN, ROOT
from conftest import run_cli_en as run_cli  # messages asserted in English

LEVELS = 50_000  # PyYAML's C composer overflowed the C stack (a segfault) from ~30,000


@pytest.mark.parametrize(
    "text",
    [
        "[" * LEVELS + "]" * LEVELS,
        "{a: " * LEVELS + "1" + "}" * LEVELS,
        "tasks: " + "[" * LEVELS,  # never closed: refused before the parser's own error
        "- " * LEVELS + "x\n",
        "? " * LEVELS + "x\n",
        "x:\n" + "- ? " * LEVELS + "x\n",
    ],
    ids=["flow-seq", "flow-map", "unclosed", "compact-seq", "complex-keys", "mixed"],
)
def test_deep_nesting_is_refused_with_its_line_not_a_crash(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_text(text, "plan.yaml")
    problem = caught.value.problems[0]
    assert "nesting deeper than 64 levels" in problem.message
    assert problem.line is not None and problem.file == "plan.yaml"


@pytest.mark.parametrize(
    "text",
    ["- " * 100 + "x\n", "? " * 100 + "x\n", "x:\n" + "- ? " * 50 + "x\n", "[" * 100 + "]" * 100],
    ids=["compact-seq", "complex-keys", "mixed", "flow-seq"],
)
def test_nesting_too_shallow_to_crash_is_still_refused_past_64_levels(text: str) -> None:
    """Texts with too few brackets and indicators to overflow the composer skip the event
    pass (but for complex keys); the builder still refuses them past 64 levels, at a line."""
    with pytest.raises(InputError) as caught:
        parse_text(text, "plan.yaml")
    problem = caught.value.problems[0]
    assert "nesting deeper than 64 levels" in problem.message
    assert problem.line is not None and problem.file == "plan.yaml"
    data, _ = parse_text("- " * 60 + "x\n", "plan.yaml")  # 60 levels: read
    for _ in range(59):
        (data,) = data
    assert data == ["x"]


def test_shallow_documents_with_many_brackets_still_load() -> None:
    text = "items:\n" + "".join(f"  - [{n}, {{k: [{n}]}}]\n" for n in range(3_000))
    data, _ = parse_text(text, "plan.yaml")
    assert len(data["items"]) == 3_000 and data["items"][-1] == [2999, {"k": [2999]}]


def test_a_batch_with_a_deeply_nested_plan_still_checks_the_others(tmp_path: Path) -> None:
    for name, text in (("good", MINIMAL_PLAN), ("deep", "[" * LEVELS)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "plan.yaml").write_text(text, encoding="utf-8")
    done = run_cli("check", str(tmp_path), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2, done.stderr
    communes = {Path(c["path"]).name: c for c in json.loads(done.stdout)["communes"]}
    assert not communes["good"]["problems"]
    assert "nesting deeper" in communes["deep"]["problems"][0]["message"]


def test_a_plan_naming_a_missing_pack_is_its_own_problem_in_a_batch(tmp_path: Path) -> None:
    for name, text in (
        ("good", MINIMAL_PLAN),
        ("unknown", MINIMAL_PLAN.replace("pack: lai-chau", "pack: ha-noi")),
        ("path", MINIMAL_PLAN.replace("pack: lai-chau", f"pack: {tmp_path / 'evil'}")),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "plan.yaml").write_text(text, encoding="utf-8")
    done = run_cli("check", str(tmp_path), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    communes = {Path(c["path"]).name: c for c in data["communes"]}
    assert not communes["good"]["problems"]
    assert any("/good/" in f["file"] for f in data["findings"])
    for name, fragment in (("unknown", "'ha-noi' not found"), ("path", "not a rule pack name")):
        (problem,) = communes[name]["problems"]
        assert problem["file"].endswith("plan.yaml") and problem["line"] == 1
        assert fragment in problem["message"]


def test_pack_option_takes_a_name_not_a_path(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    for pack in ("../rules/lai-chau", "/work/rules/nq57", "nq57/../lai-chau"):
        done = run_cli("check", str(plan), "--pack", pack)
        assert done.returncode == 2, done.stderr
        assert "not a rule pack name" in done.stderr and "--rules" in done.stderr


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("issued: 2026-02-20", "issued: 0001-01-01", "0001-01-01 is not a plausible date"),
        ("issued: 2026-02-20", "issued: 9999-12-31", "9999-12-31 is not a plausible date"),
    ],
)
def test_implausible_plan_dates_are_refused_at_their_line(
    old: str, new: str, fragment: str, write_plan
) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan(MINIMAL_PLAN.replace(old, new))
    done = run_cli("check", str(plan), "--as-of", "2026-05-01")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "plan.yaml:5: document.issued: " + fragment in done.stderr


REPORT = """\
unit: {{name: Xã Thử}}
period: 2026-05
submitted: {submitted}
tasks:
  "1": {{status: in_progress, progress: 20, updated: {updated}}}
"""


@pytest.mark.parametrize(
    ("submitted", "updated", "expected"),
    [
        (
            "2025-01-01",
            "2026-05-10",
            "2026-05.yaml:3: submitted: 2025-01-01 is before the reported month 2026-05 began",
        ),
        (
            "2026-06-05",
            "9999-12-31",
            "2026-05.yaml:5: tasks.1.updated: 9999-12-31 is not a plausible date",
        ),
    ],
)
def test_impossible_report_dates_are_refused_at_their_line(
    submitted: str, updated: str, expected: str, write_plan
) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan()
    (plan.parent / "reports").mkdir()
    report = REPORT.format(submitted=submitted, updated=updated)
    (plan.parent / "reports" / "2026-05.yaml").write_text(report, encoding="utf-8")
    done = run_cli("check", str(plan.parent), "--as-of", "2026-07-01")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert expected in done.stderr


def test_as_of_outside_this_century_is_refused_before_any_work(write_plan) -> None:  # type: ignore[no-untyped-def]
    done = run_cli("check", str(write_plan()), "--as-of", "9999-12-31")
    assert done.returncode == 2
    assert "9999-12-31 is not a plausible date here" in done.stderr


def test_plans_and_reports_that_are_not_files_are_named_not_skipped_or_waited_on(
    tmp_path: Path,
) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (tmp_path / "pipe").mkdir()
    os.mkfifo(tmp_path / "pipe" / "plan.yaml")  # reading it would block for ever
    (tmp_path / "folder" / "plan.yaml").mkdir(parents=True)
    (tmp_path / "good" / "reports" / "2026-04.yaml").mkdir(parents=True)
    done = run_cli("check", str(tmp_path), "--format", "json", "--as-of", "2026-05-20")
    assert done.returncode == 2, done.stderr
    communes = {Path(c["path"]).name: c for c in json.loads(done.stdout)["communes"]}
    assert set(communes) == {"good", "pipe", "folder"}
    messages = {name: [p["message"] for p in c["problems"]] for name, c in communes.items()}
    assert messages["pipe"] == ["cannot read file: it is a named pipe (FIFO), not a file"]
    assert messages["folder"] == ["cannot read file: it is a folder, not a file"]
    assert messages["good"] == ["cannot read file: it is a folder, not a file"]
    assert communes["good"]["problems"][0]["file"].endswith("2026-04.yaml")


@pytest.mark.parametrize(
    ("command", "name"),
    [(["check"], "plan.yaml"), (["explain"], "plan.yaml"), (["import"], "phu-luc.docx")],
)
def test_devices_and_pipes_named_on_the_command_line_are_refused(
    command: list[str], name: str, tmp_path: Path
) -> None:
    pipe = tmp_path / name
    os.mkfifo(pipe)
    targets = [str(pipe)] + (["/dev/zero"] if name == "plan.yaml" else [])
    for target in targets:
        done = run_cli(*command, target)
        assert done.returncode == 2, (target, done.stdout, done.stderr)
        assert "not a file" in done.stderr and "Traceback" not in done.stderr


def test_a_commune_named_twice_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "xa").mkdir()
    plan = tmp_path / "xa" / "plan.yaml"
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    done = run_cli(
        "check", str(tmp_path / "xa"), str(tmp_path / "xa"), str(plan), "--format", "json"
    )
    assert done.returncode == 1, done.stderr  # findings, and no "no plan file found"
    assert len(json.loads(done.stdout)["communes"]) == 1


@pytest.mark.parametrize("option", ["--only", "--skip"])
def test_a_misspelt_rule_id_is_a_usage_error_not_a_clean_run(option: str, write_plan) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan()
    done = run_cli("check", str(plan), option, "R-MANG-MATT")
    assert done.returncode == 2
    assert "no rule or requirement is called 'R-MANG-MATT'" in done.stderr
    assert "did you mean 'R-MANG-MAT'?" in done.stderr
    assert run_cli("check", str(plan), option, "").returncode == 2
    assert (
        run_cli("check", str(plan), "--only", "R-MANG-MAT", "--as-of", "2026-05-01").returncode == 1
    )
    assert run_cli("rules", "test", "khong-co").returncode == 2


def test_an_output_never_overwrites_an_input(write_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan()
    before = plan.read_bytes()
    for args in (["-o", str(plan)], ["--format", f"json:{plan}"], ["--write-baseline", str(plan)]):
        done = run_cli("check", str(plan.parent), *args)
        assert done.returncode == 2 and "is an input of" in done.stderr, args
        assert plan.read_bytes() == before
    document = tmp_path / "phu-luc.docx"
    document.write_bytes(b"PK not really")
    done = run_cli("import", str(document), "-o", str(document))
    assert done.returncode == 2 and document.read_bytes() == b"PK not really"


def test_an_output_that_cannot_be_written_is_exit_2_and_the_others_are_written(
    write_plan, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan()
    missing = tmp_path / "no-such-folder" / "x.json"
    done = run_cli(
        "check",
        str(plan),
        "--fail-on",
        "never",
        "--format",
        f"json:{missing}",
        "--format",
        "table",
        "--as-of",
        "2026-05-01",
    )
    assert done.returncode == 2
    assert f"error: {missing}: cannot write: No such file or directory" in done.stderr
    assert "Xã Thử" in done.stdout  # the table still came out
    if not stat.S_ISCHR(os.stat("/dev/full").st_mode):  # a machine whose /dev/full was replaced
        pytest.skip("/dev/full is not the full device on this machine")
    done = run_cli("check", str(plan), "--write-baseline", "/dev/full", "--fail-on", "never")
    assert done.returncode == 2 and "/dev/full: cannot write: No space left" in done.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written to, never renamed over


def test_jobs_are_bounded(write_plan) -> None:  # type: ignore[no-untyped-def]
    done = run_cli("check", str(write_plan()), "-j", "1000000")
    assert done.returncode == 2 and "1<=x<=256" in done.stderr


CRASHING_RUN = """
import datetime as dt, json, os, sys
from pathlib import Path
import nq57check.check.batch as batch
from nq57check.check.commune import Options

checked = batch._check
def crashing(path):
    if path.parent.name == "crash":
        os.abort()  # what a segfault in C code does to a worker
    return checked(path)
batch._check = crashing
day = dt.date(2026, 5, 1)
run = batch.run_batch([Path(sys.argv[1])], Options(as_of=day, lang="en"), day, jobs=2)
print(json.dumps({Path(c.path).name: [p.message for p in c.problems] for c in run.communes}))
"""


def test_a_worker_that_dies_costs_only_its_own_commune(tmp_path: Path) -> None:
    names = [f"xa-{n}" for n in range(9)] + ["crash"]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_RUN, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    problems = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(problems) == sorted(names)
    assert all(problems[name] == [] for name in names if name != "crash")
    assert "crashed the checker's process" in problems["crash"][0]


@pytest.mark.parametrize("command", ["check", "gaps"])
def test_an_empty_path_is_refused_not_read_as_the_current_folder(command: str) -> None:
    done = run_cli(command, "")
    assert done.returncode == 2 and "an empty path was given" in done.stderr


TASK_LINE = "    deadline: Quý I/2026\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            TASK_LINE,
            TASK_LINE + "    requirements: [R-KHONG-CO]\n",
            "plan.yaml:13: tasks.0.requirements.0: requirement 'R-KHONG-CO' is not in the catalog",
        ),
        (
            TASK_LINE,
            TASK_LINE + "    requirements: [r-mang-mat]\n",
            "plan.yaml:13: tasks.0.requirements.0: 'r-mang-mat' is not a requirement ID;"
            " did you mean 'R-MANG-MAT'?",
        ),
        (
            "tasks:\n",
            "targets:\n  records_electronic: {value: true}\ntasks:\n",
            "plan.yaml:8: targets.records_electronic.value: true is not a number",
        ),
        (
            "tasks:\n",
            "sections:\n  - {id: I}\n  - {id: I}\ntasks:\n",
            "plan.yaml:9: sections.1.id: duplicate section id 'I' (first at line 8)",
        ),
        (
            "tasks:\n",
            "inspections:\n  - {id: KT1}\n  - {id: KT1}\ntasks:\n",
            "plan.yaml:9: inspections.1.id: duplicate inspection id 'KT1' (first at line 8)",
        ),
    ],
    ids=[
        "unknown-requirement",
        "lower-case-requirement",
        "bool-target",
        "dup-section",
        "dup-inspection",
    ],
)
def test_plan_typos_are_refused_at_their_line(
    old: str, new: str, expected: str, write_plan
) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan(MINIMAL_PLAN.replace(old, new))
    done = run_cli("check", str(plan), "--as-of", "2026-05-01")
    assert done.returncode == 2, done.stdout[-500:]
    assert expected in done.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "indicators: {khong_co: 50}\n",
            "2026-05.yaml:6: indicators.khong_co: indicator 'khong_co' has no target in the plan",
        ),
        (
            "inspections: [{date: 2026-05-20, inspection: KT9}]\n",
            "2026-05.yaml:6:"
            " inspections.0.inspection: inspection 'KT9' is not scheduled in the plan",
        ),
        (
            'tasks:\n  "1": {status: in_progress, progress: true}\n',
            "2026-05.yaml:7: tasks.1.progress: true is not a number",
        ),
    ],
    ids=["unknown-indicator", "unknown-inspection", "bool-progress"],
)
def test_report_references_the_plan_lacks_are_refused(
    extra: str, expected: str, write_plan
) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan()
    (plan.parent / "reports").mkdir()
    text = "unit: {name: Xã Thử}\nperiod: 2026-05\nsubmitted: 2026-06-05\n\n\n" + extra
    (plan.parent / "reports" / "2026-05.yaml").write_text(text, encoding="utf-8")
    done = run_cli("check", str(plan.parent), "--as-of", "2026-07-01")
    assert done.returncode == 2, done.stdout[-500:]
    assert expected in done.stderr


def test_error_messages_show_control_characters_instead_of_sending_them(write_plan) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan(MINIMAL_PLAN + '"bad\\e]0;pwned\\a": 1\n')  # a YAML escape, so allowed
    done = run_cli("check", str(plan))
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "unknown key 'bad\\x1b]0;pwned\\x07'" in done.stderr


@pytest.mark.parametrize(
    ("name", "advice"), [("cu.xls", "old binary Excel file"), ("cu.odt", "OpenDocument")]
)
def test_check_gives_the_importers_advice_for_old_office_files(
    name: str, advice: str, tmp_path: Path
) -> None:
    document = tmp_path / name
    document.write_bytes(b"\xd0\xcf\x11\xe0 an OLE2 or other file")
    done = run_cli("check", str(document))
    assert done.returncode == 2 and advice in done.stderr, done.stderr


def test_an_excel_formula_with_no_saved_value_is_named_not_read_as_empty(tmp_path: Path) -> None:
    import openpyxl

    template = tmp_path / "mau.xlsx"
    assert run_cli("template", "--pack", "lai-chau", "-o", str(template)).returncode == 0
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    row = sheet.max_row
    sheet.cell(row=row, column=2).value = '=CONCAT("Ban hành ", "danh mục")'  # never computed
    workbook.save(template)
    done = run_cli("import", str(template), "--lang", "vi")  # the note's Vietnamese text
    assert done.returncode == 0, done.stderr
    assert f"công thức chưa có giá trị lưu ở ô B{row}" in done.stderr


def test_explain_finds_a_folders_plan_as_check_does_and_names_a_bad_pack_at_its_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "xa"
    folder.mkdir()
    (folder / "plan.yml").write_text(MINIMAL_PLAN, encoding="utf-8")
    done = run_cli("explain", str(folder))
    assert done.returncode == 0 and "Ban hành danh mục" in done.stdout, done.stderr
    (folder / "plan.yml").write_text(MINIMAL_PLAN.replace("lai-chau", "ha-noi"), "utf-8")
    done = run_cli("explain", str(folder))
    assert done.returncode == 2
    assert "plan.yml:1: pack: rule pack 'ha-noi' not found" in done.stderr
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    done = run_cli("explain", str(tmp_path))
    assert done.returncode == 2 and "holds 2 communes; explain takes one plan" in done.stderr


def test_no_output_overwrites_the_baseline_or_another_output(write_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan()
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", str(plan), "--write-baseline", str(baseline)).returncode == 1
    before = baseline.read_bytes()
    for args in (["--write-baseline", str(baseline)], ["-o", str(baseline)]):
        done = run_cli("check", str(plan), "--baseline", str(baseline), *args)
        assert done.returncode == 2 and "is an input of this run" in done.stderr
    assert baseline.read_bytes() == before
    same = tmp_path / "same.out"
    done = run_cli("check", str(plan), "--format", f"json:{same}", "--format", f"csv:{same}")
    assert done.returncode == 2 and "two outputs would be written to" in done.stderr
    assert not same.exists()


def test_a_plan_listing_its_own_number_under_replaces_replaces_nothing(tmp_path: Path) -> None:
    selfish = MINIMAL_PLAN.replace("  basis:", "  replaces: [12/KH-UBND]\n  basis:")
    for name, text in (("a-self", selfish), ("b-other", MINIMAL_PLAN)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "plan.yaml").write_text(text, encoding="utf-8")
    done = run_cli("check", str(tmp_path), "--format", "json", "--as-of", "2026-05-01")
    data = json.loads(done.stdout)
    assert not any(c["skipped"] for c in data["communes"]), data["communes"]
    assert not any(f["requirement"] == "R-THAY-THE" for f in data["findings"])


def test_only_and_skip_that_leave_no_rule_are_a_usage_error(write_plan) -> None:  # type: ignore[no-untyped-def]
    done = run_cli("check", str(write_plan()), "--only", "R-MANG-MAT", "--skip", "R-MANG-MAT")
    assert done.returncode == 2 and "left no rule to run" in done.stderr


def test_a_folder_with_only_an_office_plan_imports_it(tmp_path: Path) -> None:
    (tmp_path / "KeHoach.docx").write_bytes(b"")  # imported on the fly: the importer's reason
    done = run_cli("check", str(tmp_path))
    assert done.returncode == 2 and "KeHoach.docx: the file is empty" in done.stderr


def test_a_detection_pattern_matching_empty_text_is_refused(tmp_path: Path, write_plan) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "packs" / "rong"
    pack.mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        "pack: rong\nversion: '1'\ntitle: {vi: Rỗng, en: Empty}\nextends: lai-chau\n", "utf-8"
    )
    (pack / "detection.yaml").write_text("detection:\n  R-MANG-MAT:\n    patterns: ['']\n", "utf-8")
    done = run_cli("check", str(write_plan()), "--rules", str(tmp_path / "packs"), "--pack", "rong")
    assert done.returncode == 2, done.stdout[-300:] + done.stderr
    assert "detection.yaml:" in done.stderr and "matches empty text" in done.stderr


def test_a_plan_of_more_tasks_than_any_plan_has_is_refused(write_plan) -> None:  # type: ignore[no-untyped-def]
    task = "  - {{id: '{n}', name: Nhiệm vụ {n}, lead: Văn phòng, output: Báo cáo}}\n"
    tasks = "".join(task.format(n=n) for n in range(5_001))
    plan = write_plan(MINIMAL_PLAN.split("tasks:\n")[0] + "tasks:\n" + tasks)
    done = run_cli("check", str(plan))
    assert done.returncode == 2
    assert "plan.yaml:7: tasks: 5,001 items; at most 5,000 are supported" in done.stderr


def test_task_ids_differing_only_by_invisible_characters_are_duplicates(write_plan) -> None:  # type: ignore[no-untyped-def]
    second = (
        '  - id: "1\u200b"\n    name: Xây dựng mạng\n    lead: Văn phòng\n    output: Báo cáo\n'
    )
    plan = write_plan(MINIMAL_PLAN + second)
    done = run_cli("check", str(plan))
    assert done.returncode == 2
    assert "duplicate task id '1\u200b' (first at line 8); it holds invisible characters" in (
        done.stderr
    )


BOUNDED_PARSE = """
import resource, sys
size = 600 << 20  # the unbounded composer needed 2.5 GB for this text
resource.setrlimit(resource.RLIMIT_AS, (size, size))
from nq57check.core.problems import InputError
from nq57check.loading.yamlio import parse_text
try:
    parse_text("tasks: [" + "1," * 1_700_000 + "1]\\n", "2026-05.yaml")
except InputError as exc:
    print(exc)
"""


def test_a_flow_list_of_millions_of_items_is_refused_while_it_is_composed() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BOUNDED_PARSE], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == (
        "2026-05.yaml:1: more than 200,000 values (a plan of 5,000 tasks has ~130,000); refused"
    )


def _flow_list(items: int, tag: str = "") -> str:
    return "tasks: [" + f"{tag}1," * (items - 1) + f"{tag}1]\n"


@pytest.mark.parametrize("tag", ["", "!!str "], ids=["plain", "tagged"])
def test_the_node_bound_is_exact_at_the_limit(tag: str) -> None:
    """The mapping, its key and the list are three nodes; the items make up the rest."""
    data, _ = parse_text(_flow_list(MAX_NODES - 3, tag), "plan.yaml")
    assert len(data["tasks"]) == MAX_NODES - 3
    with pytest.raises(InputError) as caught:
        parse_text(_flow_list(MAX_NODES - 2, tag), "plan.yaml")
    (problem,) = caught.value.problems
    assert problem.line == 1 and f"more than {MAX_NODES:,} values" in problem.message


def test_a_plan_of_5000_tasks_still_loads(tmp_path: Path) -> None:
    from nq57check.loading.plan import load_plan

    task = (
        "  - id: '{n}'\n    name: Nhiệm vụ số {n} - triển khai nền tảng số, đợt {n}!\n"
        "    lead: Văn phòng HĐND và UBND xã\n    support: [Công an xã, Phòng Kinh tế]\n"
        "    output: Báo cáo kết quả\n    deadline: Quý {q}/2026\n"
    )
    head = MINIMAL_PLAN.split("tasks:\n")[0]
    text = head + "tasks:\n" + "".join(task.format(n=n, q=n % 4 + 1) for n in range(5_000))
    assert len(text) > MAX_NODES // 2 and "!" in text  # both bounded paths are taken
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_plan(path)
    assert len(loaded.plan.tasks) == 5_000
    assert loaded.plan.tasks[-1].name == "Nhiệm vụ số 4999 - triển khai nền tảng số, đợt 4999!"
    assert loaded.locations.line_of(("tasks", 4999, "deadline")) == text.count("\n")
