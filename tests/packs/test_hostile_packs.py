"""Hostile rule packs: broken templates and slow detection regexes are refused when loaded.

Each was an internal error (exit 3), a MemoryError or a hang mid-run; now each is exit 2 with
the pack file and line, from every command that loads a pack, and never reaches the cache.
The CLI cases live in tests/hostile/packs_extra/<case>/bad/ (the outside tester's files).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nq57check.core.problems import InputError
from nq57check.facts.detection import MAX_TRIES, check_pattern
from nq57check.packs import cache
from nq57check.packs.loader import load_pack

from conftest import MINIMAL_PLAN, ROOT, run_cli

EXTRA = ROOT / "tests" / "hostile" / "packs_extra"

RULE = """\
rules:
  - id: my-rule
    requirement: R-RO-NGUOI
    kind: {kind}
    severity: warning
    title: {{vi: "{{Tiêu đề}}", en: Title}}
    message: {{vi: '{message}', en: 'Task {{task}} has no lead'}}
    source: Nguồn
    params: {params}
    examples:
      fire: [{{tasks: [{{id: "1", name: Ban hành, deadline: Quý I/2026}}]}}]
      clean: [{{tasks: [{{id: "1", name: Ban hành, lead: VP, deadline: Quý I/2026}}]}}]
"""


def rule_file(
    message: str = "{task}", kind: str = "task-field", params: str = "{field: lead}"
) -> str:
    return RULE.format(message=message, kind=kind, params=params)


def make_pack(root: Path, *, rules: str = "", detection: str = "") -> Path:
    """A pack ``child`` extending nq57, with an optional rule file and detection file."""
    folder = root / "child"
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(
        "pack: child\nversion: '9'\ntitle: {vi: Thử, en: Test}\nextends: nq57\n", "utf-8"
    )
    if rules:
        (folder / "extra.yaml").write_text(rules, encoding="utf-8")
    if detection:
        (folder / "detection.yaml").write_text(detection, encoding="utf-8")
    return root


def load_error(root: Path) -> str:
    with pytest.raises(InputError) as info:
        load_pack("child", [root])
    return str(info.value)


# --- message templates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expect"),
    [
        ("{task", "is not a valid template"),
        ("}x{", "is not a valid template"),
        ("{ta{sk}", "is not a valid template"),
        ("{task!}", "is not a valid template"),
        ("{task:>99999999999}", "formats {task:>99999999999}"),
        ("{task!r}", "formats {task!r}"),
        ("{task!z}", "formats {task!z}"),
        ("{task:{deadline}}", "formats {task:{deadline}}"),
        ("{}", "unknown value(s) {}"),
        ("{0}", "unknown value(s) {0}"),
        ("{task.__class__}", "unknown value(s) {task.__class__}"),
        ("{task[0]}", "unknown value(s) {task[0]}"),
    ],
)
def test_broken_message_template_is_refused_at_its_line(
    tmp_path: Path, message: str, expect: str
) -> None:
    error = load_error(make_pack(tmp_path, rules=rule_file(message)))
    assert "extra.yaml:7" in error and "rule my-rule" in error and "message.vi" in error
    assert expect in error


def test_plain_fields_and_escaped_braces_still_load(tmp_path: Path) -> None:
    message = "{{Nhiệm vụ}} {task}: {field} {value} ({requirement}, {unit}, {deadline})"
    pack = load_pack("child", [make_pack(tmp_path, rules=rule_file(message))])
    assert pack.rule("my-rule") is not None


# --- detection patterns --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expect"),
    [
        ("(x+x+)+y", "repeated group"),
        ("(a+)+", "repeated group"),
        ("(a*)*", "repeated group"),
        ("(a|a)*", "repeated group"),
        ("(a|ab)*c", "repeated group"),
        ("(x{1,9}){1,9}y", "repeated group"),
        ("(a?){0,5}", "repeated group"),
        ("x+x+y", "unbounded"),
        (".*mang mat", "unbounded"),
        ("mang{2,} mat", "unbounded"),
        (".{0,100}.{0,101}y", "tries from each position"),
    ],
)
def test_slow_detection_pattern_is_refused(pattern: str, expect: str) -> None:
    with pytest.raises(ValueError, match=re.escape(expect)):
        check_pattern(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "mang mat",
        "(van ban|tai lieu|ho so) (do )?mat\\b(?! tran)",
        "(ra soat|danh gia|kiem diem).{0,40}tien do.{0,60}(hang|moi|tung) quy",
        "(?:a|b){2,3}",  # one character class to the parser: one way to match
        "(ab){0,5}",
        ".{0,100}.{0,100}y",
    ],
)
def test_bounded_single_way_patterns_are_accepted(pattern: str) -> None:
    check_pattern(pattern)


def test_every_bundled_detection_pattern_passes_with_room_to_spare() -> None:
    for name in ("nq57", "lai-chau"):
        for detection in load_pack(name).detections.values():
            for lazy in (*detection.patterns, *detection.exclude):
                check_pattern(lazy.source)
    assert MAX_TRIES >= 4 * 2400  # the most any bundled pattern allows (.{0,40} .{0,60})


def test_slow_detection_pattern_names_the_file_and_requirement(tmp_path: Path) -> None:
    detection = "detection:\n  R-MANG-MAT:\n    patterns: ['mang mat', '(x+x+)+y']\n"
    error = load_error(make_pack(tmp_path, detection=detection))
    assert "detection.yaml:2" in error and "detection.R-MANG-MAT" in error
    assert "'(x+x+)+y'" in error


def test_slow_exclude_pattern_is_refused_too(tmp_path: Path) -> None:
    detection = "detection:\n  R-PAKN:\n    patterns: [pakn]\n    exclude: ['(a|a)*b']\n"
    assert "'(a|a)*b'" in load_error(make_pack(tmp_path, detection=detection))


def test_deeply_nested_pattern_is_refused_not_a_crash(tmp_path: Path) -> None:
    """Python's regex parser recurses once per group: a RecursionError was exit 3."""
    pattern = "(?:" * 2000 + "pakn" + ")" * 2000
    detection = f"detection:\n  R-PAKN:\n    patterns: ['{pattern}']\n"
    assert "nested too deeply" in load_error(make_pack(tmp_path, detection=detection))


@pytest.mark.parametrize(
    ("pattern", "expect"),
    [("(van ban", "is not a regex: missing )"), ("(" * 2000 + "x" + ")" * 2000, "too deeply")],
)
def test_broken_engine_regex_is_a_bad_param_not_a_crash(
    tmp_path: Path, pattern: str, expect: str
) -> None:
    """``lead_any`` allows ( and ): an unbalanced or deep one raised outside pydantic (exit 3)."""
    rules = rule_file(kind="task-lead", params=f"{{lead_any: ['{pattern}'], expected: VP}}")
    error = load_error(make_pack(tmp_path, rules=rules))
    assert "extra.yaml:9" in error and "params.lead_any" in error and expect in error


# --- the cache -----------------------------------------------------------------------------


def test_refused_packs_are_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    for case in ("template-unbalanced", "template-formatspec", "detection-redos"):
        with pytest.raises(InputError):
            load_pack("bad", [EXTRA / case])
        with pytest.raises(InputError):  # the second load resolves again and fails again
            load_pack("bad", [EXTRA / case])
    assert not list(folder.glob("pack-*.pickle"))


# --- the command line ----------------------------------------------------------------------


def assert_refused(done: subprocess.CompletedProcess[str], where: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 2, output[-2000:]
    assert "internal error" not in output and "Traceback" not in output
    assert where in done.stderr, done.stderr[-2000:]


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{plan}", "--as-of", "2026-05-01"],
        ["explain", "{plan}"],
        ["gaps", "{plan}", "--as-of", "2026-05-01", "--format", "markdown"],
        ["rules", "list"],
        ["rules", "show", "rule-x"],
        ["rules", "test"],
        ["template", "-o", "{out}"],
    ],
)
def test_every_command_refuses_an_unbalanced_template(
    command: list[str], write_plan, tmp_path: Path
) -> None:
    plan, out = str(write_plan()), str(tmp_path / "mau.xlsx")
    args = [a.format(plan=plan, out=out) for a in command]
    done = run_cli(*args, "--rules", str(EXTRA / "template-unbalanced"), "--pack", "bad")
    assert_refused(done, "template-unbalanced/bad/x.yaml:7: ")


def test_huge_width_is_refused_before_the_rule_fires(write_plan) -> None:
    """The tester's plan has a task without a lead, so rule-x fires: it was a MemoryError."""
    plan = write_plan(MINIMAL_PLAN.replace("    lead: Văn phòng HĐND và UBND xã\n", ""))
    rules = ["--rules", str(EXTRA / "template-formatspec"), "--pack", "bad"]
    done = run_cli("check", str(plan), "--as-of", "2026-05-01", *rules)
    assert_refused(done, "template-formatspec/bad/x.yaml:7: ")
    assert "{task:>99999999999}" in done.stderr


def test_slow_detection_pattern_is_refused_before_any_task_is_read(write_plan) -> None:
    """A task named "y" and 30 x's kept ``(x+x+)+y`` searching for over a minute."""
    plan = write_plan(
        MINIMAL_PLAN.replace("Ban hành danh mục cơ sở dữ liệu của xã", "y " + "x" * 30)
    )
    rules = ["--rules", str(EXTRA / "detection-redos"), "--pack", "bad"]
    done = subprocess.run(
        [sys.executable, "-m", "nq57check", "check", str(plan), "--as-of", "2026-05-01", *rules],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )
    assert_refused(done, "detection-redos/bad/detection.yaml:2: ")


def test_pack_is_refused_when_the_backtracking_guard_cannot_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the regex parser the guard reads, no pattern passes unchecked."""
    from nq57check.facts import detection

    monkeypatch.setattr(detection, "_sre_parse", None)
    with pytest.raises(ValueError, match="backtracking guard"):
        check_pattern("mang mat")
    assert detection.required_literal("mang mat") == ""  # the prefilter is off, not wrong
