"""Batches (parallel = serial), waivers, baselines, decisions, --only/--skip, many formats."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINIMAL_PLAN, run_cli

AS_OF = ("--as-of", "2026-05-01")


def findings(done) -> list[dict]:  # type: ignore[no-untyped-def]
    return json.loads(done.stdout)["findings"]


def test_parallel_output_is_identical_to_serial(write_plan, tmp_path: Path) -> None:
    for number in range(9):
        write_plan(MINIMAL_PLAN.replace("Xã Thử", f"Xã Số {number}"), folder=f"c{number}")
    write_plan("unit: [broken\n", folder="c-broken")
    serial = run_cli("check", str(tmp_path), "--format", "json", "-j", "1", *AS_OF)
    parallel = run_cli("check", str(tmp_path), "--format", "json", "-j", "2", *AS_OF)
    assert serial.returncode == parallel.returncode == 2
    assert serial.stdout == parallel.stdout
    data = json.loads(parallel.stdout)
    assert data["summary"]["communes"] == 10 and data["summary"]["unusable"] == 1


def test_only_and_skip(write_plan) -> None:
    path = str(write_plan())
    only = findings(run_cli("check", path, "--format", "json", "--only", "R-MANG-MAT", *AS_OF))
    assert {f["requirement"] for f in only} == {"R-MANG-MAT"}
    skipped = findings(
        run_cli(
            "check",
            path,
            "--format",
            "json",
            "--skip",
            "R-MANG-MAT",
            "--skip",
            "nhiem-vu-pakn",
            *AS_OF,
        )
    )
    requirements = {f["requirement"] for f in skipped}
    assert "R-MANG-MAT" not in requirements and "R-PAKN" not in requirements
    assert "R-TUYEN-TRUYEN" in requirements


WAIVER = """\
waivers:
  - requirement: R-PAKN
    reason: Xã chưa có tài khoản pakn.nq57.vn, Sở đã đồng ý lùi
    approved_by: Sở KH&CN Lai Châu
    expires: 2026-06-30
  - rule: nhiem-vu-phu-song
    reason: Đã có trong kế hoạch riêng
    approved_by: Sở KH&CN
    expires: 2026-03-01
  - requirement: R-THAY-THE
    reason: thử
    approved_by: thử
    expires: 2026-12-31
"""


def test_waivers_waive_expire_and_warn(write_plan) -> None:
    path = write_plan()
    (path.parent / "waivers.yaml").write_text(WAIVER, encoding="utf-8")
    data = json.loads(run_cli("check", str(path), "--format", "json", *AS_OF).stdout)
    by_rule = {f["rule"]: f for f in data["findings"]}
    assert by_rule["nhiem-vu-pakn"]["waived"].startswith("Xã chưa có tài khoản")
    assert by_rule["nhiem-vu-phu-song"]["waived"] is None  # expired before --as-of
    assert by_rule["waiver-expired"]["severity"] == "warning"
    assert by_rule["waiver-unused"]["line"] == 10
    assert data["summary"]["waived"] == 1
    assert any(name.endswith("waivers.yaml") for name in data["communes"][0]["inputs"])
    # moving --as-of past the first waiver's expiry un-waives it
    later = json.loads(
        run_cli("check", str(path), "--format", "json", "--as-of", "2026-07-01").stdout
    )
    pakn = next(f for f in later["findings"] if f["rule"] == "nhiem-vu-pakn")
    assert pakn["waived"] is None


def test_waived_findings_do_not_fail_the_run(write_plan, tmp_path: Path) -> None:
    path = write_plan(MINIMAL_PLAN.replace("lead: Văn phòng HĐND và UBND xã", "lead: ''"))
    (path.parent / "waivers.yaml").write_text(
        "waivers:\n  - rule: ro-nguoi\n    reason: r\n    approved_by: a\n"
        "    expires: 2027-01-01\n",
        encoding="utf-8",
    )
    args = ("check", str(path), "--only", "ro-nguoi", *AS_OF)
    assert run_cli(*args).returncode == 0
    (path.parent / "waivers.yaml").unlink()
    assert run_cli(*args).returncode == 1


def test_bad_waiver_file_is_exit_2_with_line(write_plan) -> None:
    path = write_plan()
    (path.parent / "waivers.yaml").write_text("waivers:\n  - reason: x\n", encoding="utf-8")
    done = run_cli("check", str(path), *AS_OF)
    assert done.returncode == 2 and "waivers.yaml:2" in done.stderr


def test_baseline_reports_only_new_findings(write_plan, tmp_path: Path) -> None:
    path = write_plan()
    baseline = tmp_path / "baseline.json"
    first = run_cli("check", str(path), "--write-baseline", str(baseline), *AS_OF)
    assert first.returncode == 1 and baseline.is_file()
    assert run_cli("check", str(path), "--baseline", str(baseline), *AS_OF).returncode == 0
    # a regression: blank the lead unit; the fixed task (none) and the new finding show
    path.write_text(
        MINIMAL_PLAN.replace("lead: Văn phòng HĐND và UBND xã", "lead: ''"), encoding="utf-8"
    )
    done = run_cli("check", str(path), "--baseline", str(baseline), "--format", "json", *AS_OF)
    assert done.returncode == 1
    assert {f["requirement"] for f in findings(done)} == {"R-RO-NGUOI", "R-RO-TRACH-NHIEM"}


def test_review_decisions_are_carried_forward(write_plan) -> None:
    plan = MINIMAL_PLAN.replace(
        "output: Quyết định ban hành danh mục", "output: Văn bản triển khai thực hiện"
    )
    path = write_plan(plan)
    before = findings(run_cli("check", str(path), "--format", "json", "--only", "do-luong", *AS_OF))
    assert [f["review"] for f in before] == [True]
    (path.parent / "decisions.yaml").write_text(
        f"decisions:\n  - finding: {before[0]['fingerprint']}\n    decision: accepted\n"
        "    by: Thanh tra Sở\n    date: 2026-04-20\n    note: Có số liệu kèm theo\n",
        encoding="utf-8",
    )
    done = run_cli("check", str(path), "--format", "json", "--only", "do-luong", *AS_OF)
    (after,) = findings(done)
    assert "Thanh tra Sở" in after["waived"] and done.returncode == 0


def test_several_formats_from_one_run(write_plan, tmp_path: Path) -> None:
    path = write_plan()
    sarif, js = tmp_path / "out.sarif", tmp_path / "out.json"
    done = run_cli(
        "check",
        str(path),
        "--format",
        f"sarif:{sarif}",
        "--format",
        f"json:{js}",
        "--format",
        "table",
        *AS_OF,
    )
    assert done.returncode == 1
    assert json.loads(sarif.read_text("utf-8"))["version"] == "2.1.0"
    assert json.loads(js.read_text("utf-8"))["findings"]
    assert "R-MANG-MAT" in done.stdout  # the table went to standard output


def test_a_long_batch_gives_freed_memory_back(write_plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from nq57check.check import commune as runner
    from nq57check.engine.durable_adapter import release_freed_memory

    release_freed_memory()  # a no-op where glibc is absent; never raises
    calls: list[int] = []
    monkeypatch.setattr(runner, "release_freed_memory", lambda: calls.append(1))
    session = runner.Session(runner.Options(as_of=dt.date(2026, 5, 1)))
    path = write_plan()
    for _ in range(runner.TRIM_EVERY * 3):
        session.check_file(path, dt.date(2026, 5, 1))
    assert len(calls) == 3
