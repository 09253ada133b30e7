"""Inputs that were internal errors (exit 3) or lost the whole batch, and worker processes
that outlived their batch (issue 12, points 4 and 6).

Each case runs through the CLI in a batch beside a good commune: the case is exit 2 with
its file, line and limit (or simply works), and the good commune is still checked.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from nq57check.engine.capacity import DURABLE, Limits
from nq57check.engine.durable_adapter import CompiledRuleset, RuleSpec
from tests.engine.test_engine_relevance import facts, outcome, rules

from conftest import MINIMAL_PLAN, ROOT
from conftest import run_cli_en as run_cli  # messages asserted in English

AS_OF = ("--as-of", "2026-05-01")
NO_LEAD_PLAN = MINIMAL_PLAN.replace("    lead: Văn phòng HĐND và UBND xã\n", "")
REPORT = """\
unit: {name: Xã Thử}
period: 2026-03
submitted: 2026-04-05
budget: {registered: 500000000, allocated: 400000000, disbursed: DISBURSED}
"""
BIG = "9" * 400


def commune(root: Path, name: str, plan: str = MINIMAL_PLAN, **reports: str) -> Path:
    folder = root / name
    (folder / "reports").mkdir(parents=True)
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    for month, text in reports.items():
        (folder / "reports" / f"{month}.yaml").write_text(text, encoding="utf-8")
    return folder


def check_batch(root: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    done = run_cli("check", str(root), "--format", "json", *AS_OF, *extra)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    data = json.loads(done.stdout)
    return done, data


def by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {Path(c["path"]).name: c for c in data["communes"]}


def assert_good_checked(data: dict[str, Any]) -> None:
    """The good commune of the batch was checked as usual: no problem, its findings."""
    assert not by_name(data)["good"]["problems"]
    assert any("/good/" in f["file"] for f in data["findings"])


def child_pack(
    rules_dir: Path, name: str = "child", *, body: str = "", extends: str = "nq57"
) -> None:
    folder = rules_dir / name
    folder.mkdir(parents=True)
    head = f"pack: {name}\nversion: '1'\ntitle: {{vi: Thử, en: Test}}\nextends: {extends}\n"
    (folder / "pack.yaml").write_text(head + body, encoding="utf-8")


# --- a budget figure of 400 digits ------------------------------------------------------------


def test_a_budget_of_400_digits_is_refused_at_its_line_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    commune(tmp_path, "good")
    commune(tmp_path, "bad", **{"2026-03": REPORT.replace("DISBURSED", BIG)})
    done, data = check_batch(tmp_path)
    assert done.returncode == 2
    (problem,) = by_name(data)["bad"]["problems"]
    assert problem["file"].endswith("reports/2026-03.yaml") and problem["line"] == 4
    assert problem["field"] == "budget.disbursed"
    assert "less than or equal to 1000000000000000000" in problem["message"]
    assert_good_checked(data)


def test_the_largest_budget_allowed_is_still_judged(tmp_path: Path) -> None:
    report = REPORT.replace("500000000,", f"{10**18},").replace("DISBURSED", "0")
    commune(tmp_path, "good", **{"2026-03": report})
    done, data = check_batch(tmp_path)
    assert done.returncode == 1, done.stderr
    assert any(f["rule"] == "giai-ngan" for f in data["findings"])


# --- baselines --------------------------------------------------------------------------------


def entry(**fields: Any) -> dict[str, Any]:
    return {"fingerprint": "0123456789abcdef", "rule": "r", "task": None, **fields}


@pytest.mark.parametrize(
    ("text", "line", "expect"),
    [
        ('{"version": 1,\n"findings": [' + "[" * 100_000 + "]" * 100_000 + "]}", 2, "too deeply"),
        (
            '{"version": 1,\n"findings": [\n{"fingerprint": ' + "7" * 5_000 + "}]}",
            3,
            "5,000 digits",
        ),
        ('{"version": ' + "1" * 5_000 + ', "findings": []}', 1, "5,000 digits (at most 20)"),
        ('{"version": 1, "findings": [\n{"fingerprint": NaN}]}', 2, "NaN"),
        (json.dumps({"version": 1, "findings": [entry(fingerprint=["x"])]}, indent=1), 4, "text"),
        (json.dumps({"version": 1, "findings": [entry(), [1]]}, indent=1), 9, "a mapping"),
        (json.dumps({"version": 1, "findings": [entry(rule={"a": 1})]}, indent=1), 4, "'rule'"),
        (json.dumps({"version": 2, "findings": []}, indent=1), 2, "version 2"),
        (json.dumps({"version": "1", "findings": []}, indent=1), 2, "version '1'"),
        (json.dumps({"findings": []}), 1, "no 'version'"),
        ('{"version": 1, "findings": []} []', 1, "after its closing"),
    ],
    ids=[
        "nested",
        "digits",
        "digits-version",
        "nan",
        "unhashable",
        "not-a-mapping",
        "unhashable-rule",
        "other-version",
        "version-text",
        "no-version",
        "trailing",
    ],
)
def test_a_broken_baseline_is_exit_2_at_its_line(
    tmp_path: Path, text: str, line: int, expect: str
) -> None:
    commune(tmp_path, "good")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text, encoding="utf-8")
    done = run_cli("check", str(tmp_path / "good"), "--baseline", str(baseline), *AS_OF)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert f"{baseline}:{line}:" in done.stderr and expect in done.stderr


def test_a_written_baseline_still_reads_and_hides_what_it_recorded(tmp_path: Path) -> None:
    commune(tmp_path, "good")
    baseline = tmp_path / "out" / "baseline.json"
    baseline.parent.mkdir()
    first = run_cli("check", str(tmp_path / "good"), "--write-baseline", str(baseline), *AS_OF)
    assert first.returncode == 1 and json.loads(baseline.read_text())["version"] == 1
    again = run_cli("check", str(tmp_path / "good"), "--baseline", str(baseline), *AS_OF)
    assert again.returncode == 0, again.stderr


# --- target floors of NaN or 1e308, and other pack values -------------------------------------


@pytest.mark.parametrize(
    ("value", "expect"),
    [(".nan", "finite number"), ("1e308", "less than or equal to 100"), ("-.inf", "finite")],
)
def test_a_floor_that_is_no_percent_is_refused_in_the_pack_and_the_batch_goes_on(
    tmp_path: Path, value: str, expect: str
) -> None:
    rules_dir = tmp_path / "rules"
    body = f"overrides:\n  chi-tieu-san: {{params: {{floors: {{online_dossier_rate: {value}}}}}}}\n"
    child_pack(rules_dir, extends="lai-chau", body=body)
    plans = tmp_path / "plans"
    commune(plans, "good")
    commune(plans, "bad", MINIMAL_PLAN.replace("pack: lai-chau", "pack: child"))
    done, data = check_batch(plans, "--rules", str(rules_dir))
    assert done.returncode == 2
    at_plan, in_pack = by_name(data)["bad"]["problems"]
    assert at_plan["file"].endswith("bad/plan.yaml") and at_plan["line"] == 1
    assert in_pack["file"].endswith("child/pack.yaml") and in_pack["line"] == 6
    assert "floors.online_dossier_rate" in in_pack["message"] and expect in in_pack["message"]
    assert_good_checked(data)


@pytest.mark.parametrize(
    ("body", "line", "expect"),
    [
        ("parameters:\n  reports: {due_day: 40}\n", 6, "less than or equal to 28"),
        (f"parameters:\n  reports: {{due_day: {BIG}}}\n", 6, "less than or equal to 28"),
        ("parameters:\n  giai-ngan: 5\n", 6, "valid dictionary"),
        (f"overrides:\n  ro-nguoi: {{params: {{field: name, min_words: {BIG}}}}}\n", 6, "64 bits"),
    ],
    ids=["due-day", "due-day-digits", "not-a-mapping", "beyond-int64"],
)
def test_pack_parameters_that_crashed_mid_batch_are_refused_at_their_line(
    tmp_path: Path, body: str, line: int, expect: str
) -> None:
    rules_dir = tmp_path / "rules"
    child_pack(rules_dir, body=body)
    plans = tmp_path / "plans"
    commune(plans, "good")
    commune(plans, "bad", MINIMAL_PLAN.replace("pack: lai-chau", "pack: child"))
    done, data = check_batch(plans, "--rules", str(rules_dir))
    assert done.returncode == 2
    in_pack = by_name(data)["bad"]["problems"][-1]
    assert in_pack["file"].endswith("child/pack.yaml") and in_pack["line"] == line
    assert expect in in_pack["message"]
    assert_good_checked(data)


def test_a_pack_name_of_400_characters_is_the_communes_problem(tmp_path: Path) -> None:
    commune(tmp_path, "good")
    commune(tmp_path, "bad", MINIMAL_PLAN.replace("pack: lai-chau", "pack: " + "a" * 400))
    done, data = check_batch(tmp_path)  # was OSError "File name too long" for the batch
    assert done.returncode == 2
    (problem,) = by_name(data)["bad"]["problems"]
    assert problem["line"] == 1 and "at most 64" in problem["message"]
    assert_good_checked(data)


# --- an extends chain of 2,000 packs ----------------------------------------------------------


def test_an_extends_chain_of_2000_packs_resolves(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    for number in range(2_000):
        child_pack(rules_dir, f"p{number}", extends=f"p{number - 1}" if number else "nq57")
    plans = tmp_path / "plans"
    commune(plans, "good")
    commune(plans, "long", MINIMAL_PLAN.replace("pack: lai-chau", "pack: p1999"))
    done, data = check_batch(plans, "--rules", str(rules_dir))
    assert done.returncode == 1, done.stderr
    assert len(data["packs"]) == 2 + 2_000  # nq57 and lai-chau, then p0 ... p1999
    long_findings = {f["rule"] for f in data["findings"] if "/long/" in f["file"]}
    nq57_only = run_cli("check", str(plans / "long"), "--pack", "nq57", "--format", "json", *AS_OF)
    assert long_findings == {f["rule"] for f in json.loads(nq57_only.stdout)["findings"]}
    assert_good_checked(data)


# --- a pack of 300 or more rules (durable-rules error 108) ------------------------------------


RULE = """\
  - id: lead-{n}
    requirement: R-RO-NGUOI
    kind: task-field
    severity: warning
    title: {{vi: Thiếu chủ trì {n}, en: No lead {n}}}
    message: {{vi: 'Nhiệm vụ {{task}} thiếu chủ trì ({n})', en: 'Task {{task}} has no lead ({n})'}}
    source: Nguồn
    params: {{field: lead}}
    examples:
      fire: [{{tasks: [{{id: "1", name: Ban hành, deadline: Quý I/2026}}]}}]
      clean: [{{tasks: [{{id: "1", name: Ban hành, lead: VP, deadline: Quý I/2026}}]}}]
"""
PRESENT = """\
  - id: present-{n}
    requirement: R-RO-NGUOI
    kind: task-present
    severity: info
    title: {{vi: Có nhiệm vụ {n}, en: Has a task {n}}}
    message: {{vi: 'Thiếu {n}', en: 'Missing {n}'}}
    source: Nguồn
    examples:
      fire: [{{tasks: [{{id: "1", name: Ban hành, deadline: Quý I/2026}}]}}]
      clean:
        - tasks: [{{id: "1", name: Ban hành, requirements: [R-RO-NGUOI], deadline: Quý I/2026}}]
"""


def test_a_pack_of_600_rules_is_split_over_engine_rulesets_with_every_finding(
    tmp_path: Path,
) -> None:
    """300 rules on one test were "Could not create ruleset, error code: 108"."""
    rules_dir = tmp_path / "rules"
    child_pack(rules_dir)
    texts = [RULE.format(n=n) for n in range(300)] + [PRESENT.format(n=n) for n in range(300)]
    (rules_dir / "child" / "many.yaml").write_text("rules:\n" + "".join(texts), encoding="utf-8")
    plans = tmp_path / "plans"
    commune(plans, "good")
    commune(plans, "many", NO_LEAD_PLAN.replace("pack: lai-chau", "pack: child"))
    done, data = check_batch(plans, "--rules", str(rules_dir))
    assert done.returncode == 1, done.stderr
    fired = [f for f in data["findings"] if "/many/" in f["file"]]
    lead = sorted(int(f["rule"].split("-")[1]) for f in fired if f["rule"].startswith("lead-"))
    present = sorted(
        int(f["rule"].split("-")[1]) for f in fired if f["rule"].startswith("present-")
    )
    assert lead == list(range(300)) and present == list(range(300))
    assert {f["line"] for f in fired if f["rule"].startswith("lead-")} == {8}  # the task
    assert_good_checked(data)


def test_a_rule_too_large_for_the_engine_alone_is_refused_with_the_number(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    vague = ", ".join(f"'x{n} .*'" for n in range(70))  # 70 alternatives that may all hold
    body = f"overrides:\n  do-luong: {{params: {{vague: [{vague}]}}}}\n"
    child_pack(rules_dir, body=body)
    plans = tmp_path / "plans"
    commune(plans, "good")
    commune(plans, "bad", MINIMAL_PLAN.replace("pack: lai-chau", "pack: child"))
    done, data = check_batch(plans, "--rules", str(rules_dir))
    assert done.returncode == 2
    in_pack = by_name(data)["bad"]["problems"][-1]
    assert in_pack["file"].endswith("child/pack.yaml") and in_pack["line"] == 6
    assert "rule do-luong" in in_pack["message"] and "at most 64" in in_pack["message"]
    assert_good_checked(data)


@pytest.mark.parametrize(
    ("shape", "count", "fact"),
    [
        ("same-test", 255, {"kind": "task", "has_lead": 0}),  # 255 patterns on one test
        ("same-field", 511, {"kind": "t", "x": 3}),  # 511 tests after one test
        ("absent-field", 63, {"kind": "task"}),  # 63 absence tests that all hold
    ],
)
def test_the_measured_limits_are_what_the_engine_takes_in_one_ruleset(
    shape: str, count: int, fact: dict[str, Any]
) -> None:
    """At each limit one engine ruleset suffices and runs; one more rule needs two.

    Past the limits the engine errs (108, 107), loops for ever (512 tests after one test,
    when matching) or aborts the process (65 pending tests): see engine/capacity.py.
    """
    code = (
        "import json, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from test_hostile_internal import one_ruleset_run\n"
        "shape, count, fact = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])\n"
        "print(json.dumps(one_ruleset_run(shape, count, fact)))\n"
    )
    done = subprocess.run(  # a process of its own: a wrong limit would crash or hang it
        [sys.executable, "-c", code, shape, str(count), json.dumps(fact)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    parts, matched = json.loads(done.stdout)
    assert parts == 1 and matched == (1 if shape == "same-field" else count)
    assert len(CompiledRuleset(shape_specs(shape, count + 1))._parts) == 2


def shape_specs(shape: str, count: int) -> list[RuleSpec]:
    if shape == "same-test":
        conditions = [{"$and": [{"kind": "task"}, {"has_lead": 0}]}] * count
    elif shape == "same-field":
        conditions = [{"$and": [{"kind": "t"}, {"x": i}]} for i in range(count)]
    else:
        conditions = [{"$and": [{"kind": "task"}, {"$nex": {f"f{i}": 1}}]} for i in range(count)]
    return [RuleSpec(f"r{i}", (("t", c),)) for i, c in enumerate(conditions)]


def one_ruleset_run(shape: str, count: int, fact: dict[str, Any]) -> tuple[int, int]:
    """How many rulesets the adapter makes of ``count`` rules of ``shape``, and how many
    matches the engine gives when they are all forced into one."""
    specs = shape_specs(shape, count)
    parts = len(CompiledRuleset(specs)._parts)
    unlimited = Limits(*(10**9 for _ in range(6)))
    return parts, len(CompiledRuleset(specs, limits=unlimited).run([fact]))


# Two of the generated rules per ruleset at most (the sink and opening rules are the others),
# and tables small enough to fill, yet each generated rule fits alone.
TINY = Limits(
    patterns_per_node=4, conditions_per_node=8, absences_per_node=4, rules=4, pending_nodes=12
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=rules(), given_facts=facts())
def test_splitting_a_ruleset_never_changes_the_matches(
    specs: list[RuleSpec], given_facts: list[dict[str, Any]]
) -> None:
    """Tiny limits split almost every rule into a ruleset of its own."""
    split = CompiledRuleset(specs, limits=TINY)
    whole = CompiledRuleset(specs, limits=DURABLE)
    assert len(whole._parts) == 1
    assert outcome(split, given_facts) == outcome(whole, given_facts)


# --- 1,000 nested folders ---------------------------------------------------------------------


def nest(top: Path, levels: int) -> Path:
    """``levels`` folders inside each other, made relative to a folder descriptor: the
    deepest path may be longer than the system's PATH_MAX."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        plan = os.open("plan.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(plan, MINIMAL_PLAN.encode())
        os.close(plan)
    finally:
        os.close(fd)
    return top


def unnest(top: Path) -> None:
    """Remove what :func:`nest` made, without recursion (shutil.rmtree recurses per level)
    and with one descriptor at a time: down by relative ``chdir``, then up."""
    here = os.getcwd()
    try:
        os.chdir(top)
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        os.unlink("plan.yaml")
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


@pytest.mark.parametrize(("levels", "works"), [(1_000, True), (2_100, False)])
def test_deeply_nested_folders_are_searched_and_the_batch_goes_on(
    tmp_path: Path, levels: int, works: bool
) -> None:
    commune(tmp_path, "good")
    deep = tmp_path / "deep"
    deep.mkdir()
    nest(deep, levels)
    try:
        done, data = check_batch(tmp_path)
        deep_communes = [c for c in data["communes"] if "deep" in Path(c["path"]).parts]
        assert len(deep_communes) == 1
        if works:  # was a RecursionError that lost the whole batch
            assert done.returncode == 1, done.stderr
            assert Path(deep_communes[0]["path"]).parts.count("d") == levels
            assert not deep_communes[0]["problems"] and deep_communes[0]["unit"] == "Xã Thử"
        else:  # past PATH_MAX even is_file() fails: the folder is named, not the batch lost
            assert done.returncode == 2
            (problem,) = deep_communes[0]["problems"]
            assert "cannot list" in problem["message"] and "too long" in problem["message"]
        assert_good_checked(data)
    finally:
        unnest(deep)


# --- SIGTERM to the parent of a parallel batch ------------------------------------------------


def children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError):  # the thread ended meanwhile
            found.update(
                int(p) for p in Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            )
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # an orphan's zombie waits for a reaper that may never come


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_workers_end_when_the_batch_process_is_killed(tmp_path: Path, signum: int) -> None:
    demo = ROOT / "examples" / "lai-chau-demo"
    for number in range(40):  # with twelve reports each: several seconds on two workers
        folder = tmp_path / f"c{number:02d}"
        (folder / "reports").mkdir(parents=True)
        (folder / "plan.yaml").write_bytes((demo / "plan.yaml").read_bytes())
        for report in (demo / "reports").iterdir():
            (folder / "reports" / report.name).write_bytes(report.read_bytes())
    command = [sys.executable, "-m", "nq57check", "check", str(tmp_path), "-j", "2", "-q"]
    batch = subprocess.Popen(
        [*command, "--as-of", "2026-12-20", "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and batch.poll() is None:
            workers = children_of(batch.pid)
            time.sleep(0.02)
        assert len(workers) == 2, "the batch never started its two workers"
        time.sleep(0.3)  # the workers are checking communes now
        assert batch.poll() is None, "the batch finished before it could be killed"
        batch.send_signal(signum)
        assert batch.wait(timeout=30) == -signum
        deadline = time.monotonic() + 10
        while any(running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if running(w)], "workers outlived their batch"
    finally:
        for pid in [batch.pid, *workers]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        batch.wait(timeout=30)


def _as_from_a_shell() -> None:
    """SIGINT at its default and unblocked, whatever the test process inherited."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_on_a_parallel_batch_says_interrupted_without_a_traceback(tmp_path: Path) -> None:
    demo = ROOT / "examples" / "lai-chau-demo"
    for number in range(1000):  # tens of seconds of work: the signal lands mid-batch
        folder = tmp_path / f"c{number:04d}"
        (folder / "reports").mkdir(parents=True)
        (folder / "plan.yaml").write_bytes((demo / "plan.yaml").read_bytes())
        for report in (demo / "reports").iterdir():
            (folder / "reports" / report.name).write_bytes(report.read_bytes())
    batch = subprocess.Popen(
        [sys.executable, "-m", "nq57check", "check", str(tmp_path), "-j", "2", "-q", "--lang", "en",
         "--as-of", "2026-12-20", "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=_as_from_a_shell,
    )
    try:
        deadline = time.monotonic() + 60
        while len(children_of(batch.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(2.0)  # results are flowing back: the pool's manager thread is busy
        assert batch.poll() is None, "the batch finished before it could be interrupted"
        batch.send_signal(signal.SIGINT)
        _, stderr = batch.communicate(timeout=30)
    finally:
        if batch.poll() is None:
            batch.kill()
    assert batch.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
