"""``--debug`` is taken anywhere on the line, as the internal-error hint says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL_PLAN, ROOT

BROKEN = """\
import sys
import nq57check.check.commune as runner
def boom(self, *args, **kwargs):
    raise ZeroDivisionError("planted bug")
runner.Session._check_file = boom
sys.argv = ["nq57check", *sys.argv[1:]]
from nq57check.console import run
run()
"""


def run_broken(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BROKEN, *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


@pytest.fixture
def plan(tmp_path: Path) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL_PLAN, encoding="utf-8")
    return str(path)


def test_an_internal_error_is_one_line_that_names_the_flag(plan: str) -> None:
    done = run_broken("check", plan, "-j", "1")
    assert done.returncode == 3
    assert "Traceback" not in done.stderr and "--debug" in done.stderr


@pytest.mark.parametrize("where", ["first", "after-command", "last"])
def test_debug_shows_the_traceback_wherever_it_is_written(plan: str, where: str) -> None:
    args = {"first": ["--debug", "check", plan], "after-command": ["check", "--debug", plan],
            "last": ["check", plan, "--debug"]}[where]
    done = run_broken(*args, "-j", "1")
    assert "Traceback" in done.stderr and "planted bug" in done.stderr
    assert "no such option" not in done.stderr


def test_a_file_named_debug_after_double_dash_is_a_path(tmp_path: Path) -> None:
    done = run_broken("check", "--", "--debug")
    assert "không có tệp hay thư mục này" in done.stderr  # the default language
