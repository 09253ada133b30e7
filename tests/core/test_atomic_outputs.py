"""Outputs never destroy a file: atomic replacement, no output over any commune input."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from nq57check.core.outputfile import atomic_write

from conftest import MINIMAL_PLAN, TESTS
from conftest import run_cli_en as run_cli  # messages asserted in English

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

from import_builders import seed001_blocks, write_docx  # noqa: E402


def test_a_failed_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous report", encoding="utf-8")

    def crash(fd: int) -> None:  # as if the process died between writing and renaming
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        atomic_write(report, "x" * 100_000)
    assert report.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left


def test_a_write_replaces_by_rename_and_keeps_the_files_mode(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o640)
    before = report.stat().st_ino
    atomic_write(report, "new")
    assert report.read_text(encoding="utf-8") == "new"
    assert report.stat().st_ino != before  # a new file renamed over, not truncated in place
    assert report.stat().st_mode & 0o777 == 0o640


def test_check_output_is_written_whole(tmp_path: Path) -> None:
    (tmp_path / "xa").mkdir()
    (tmp_path / "xa" / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    done = run_cli("check", str(tmp_path / "xa" / "plan.yaml"), "--format", "json", "-o", str(out),
                   "--as-of", "2026-05-01")
    assert done.returncode in (0, 1), done.stderr
    assert out.read_text(encoding="utf-8").startswith("{")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    "victim",
    ["other/plan.yaml", "other/waivers.yaml", "other/decisions.yaml", "other/reports/2026-01.yaml",
     "other/KeHoach.docx"],
)
def test_no_output_lands_on_an_input_of_any_commune_folder(tmp_path: Path, victim: str) -> None:
    for name in ("xa", "other"):
        (tmp_path / name / "reports").mkdir(parents=True)
        (tmp_path / name / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    target = tmp_path / victim
    if not target.exists():
        target.write_bytes(b"the commune's own file")
    before = target.read_bytes()
    done = run_cli("check", str(tmp_path / "xa" / "plan.yaml"), "--format", "json",
                   "-o", str(target), "--as-of", "2026-05-01")
    assert done.returncode == 2
    assert "input of a commune folder" in done.stderr
    assert target.read_bytes() == before


def test_import_does_not_replace_an_existing_plan_without_force(tmp_path: Path) -> None:
    document = write_docx(seed001_blocks(), tmp_path / "KeHoach.docx")
    plan = tmp_path / "xa" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text("# edited by hand\n" + MINIMAL_PLAN, encoding="utf-8")
    refused = run_cli("import", str(document), "-o", str(plan))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert plan.read_text(encoding="utf-8").startswith("# edited by hand")
    forced = run_cli("import", str(document), "-o", str(plan), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "# edited by hand" not in plan.read_text(encoding="utf-8")


def test_a_device_is_written_to_never_renamed_over(tmp_path: Path) -> None:
    """Renaming over /dev/full as root replaced the device with a regular file."""
    import stat

    before = os.stat("/dev/full")
    if not stat.S_ISCHR(before.st_mode):
        pytest.skip("/dev/full is not the full device on this machine")
    with pytest.raises(OSError):
        atomic_write(Path("/dev/full"), "x" * 10)
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert not [p for p in os.listdir("/dev") if p.startswith(".full.")]


def test_a_link_is_kept_and_the_file_it_names_replaced(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "out.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_writing_to_a_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        atomic_write(tmp_path, "x")


def _office_only_commune(tmp_path: Path) -> Path:
    (tmp_path / "xb").mkdir()
    document = write_docx(seed001_blocks(), tmp_path / "xb" / "KeHoach.docx")
    (tmp_path / "xa").mkdir()
    (tmp_path / "xa" / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    return document


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{plan}", "-o", "{doc}"],
        ["check", "{plan}", "--format", "html:{doc}"],
        ["check", "{plan}", "--write-baseline", "{doc}"],
        ["gaps", "{plan}", "-o", "{doc}"],
        ["template", "-o", "{doc}"],
    ],
)
def test_an_office_only_communes_plan_document_is_never_replaced(
    tmp_path: Path, args: list[str]
) -> None:
    document = _office_only_commune(tmp_path)
    before = document.read_bytes()
    plan = tmp_path / "xa" / "plan.yaml"
    done = run_cli(*[a.format(plan=plan, doc=document) for a in args])
    assert done.returncode == 2, done.stderr
    assert document.read_bytes() == before


def test_our_own_earlier_reports_and_templates_may_be_replaced(tmp_path: Path) -> None:
    plan = tmp_path / "xa" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    for args in (
        ["check", str(plan), "--format", "xlsx", "-o", str(tmp_path / "gaps.xlsx")],
        ["template", "-o", str(tmp_path / "KeHoach.docx")],
        ["template", "-o", str(tmp_path / "KeHoach.xlsx")],
    ):
        for _ in range(2):  # the second run replaces the first one's file
            done = run_cli(*args, "--as-of", "2026-05-01") if args[0] == "check" else run_cli(*args)
            assert done.returncode in (0, 1), done.stderr


@pytest.mark.parametrize(
    "target", ["xa/reports/2026-02.yaml", "xa/plan.json", "xa/waivers.yaml", "xa/decisions.yaml"]
)
def test_no_output_creates_a_file_a_check_would_then_read(tmp_path: Path, target: str) -> None:
    (tmp_path / "xa" / "reports").mkdir(parents=True)
    plan = tmp_path / "xa" / "plan.yaml"
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    done = run_cli("check", str(plan), "--format", "json", "-o", str(tmp_path / target))
    assert done.returncode == 2 and not (tmp_path / target).exists()


def test_import_force_replaces_a_plan_but_never_a_waivers_file(tmp_path: Path) -> None:
    document = write_docx(seed001_blocks(), tmp_path / "KeHoach.docx")
    waivers = tmp_path / "xa" / "waivers.yaml"
    waivers.parent.mkdir()
    (tmp_path / "xa" / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    waivers.write_text("waivers: []\n", encoding="utf-8")
    done = run_cli("import", str(document), "-o", str(waivers), "--force")
    assert done.returncode == 2 and waivers.read_text(encoding="utf-8") == "waivers: []\n"
