"""The console entry point's collector policy, and that library use is left alone."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

PROBE = """
import datetime as dt, gc, json
from pathlib import Path
from nq57check import gcpolicy
if {console}:
    gcpolicy.pause_for_startup()
paused = not gc.isenabled()
from nq57check.check.batch import run_batch
from nq57check.check.commune import Options
run = run_batch([Path("examples/phong-tho")], Options(), dt.date(2026, 3, 31), jobs=1)
print(json.dumps([paused, gc.isenabled(), gc.get_freeze_count() > 0, len(run.communes)]))
"""


def probe(console: bool) -> list[object]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PROBE.format(console=console))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return list(json.loads(done.stdout))


def test_console_run_collects_again_once_start_up_is_frozen() -> None:
    assert probe(console=True) == [True, True, True, 1]


def test_library_use_keeps_the_default_collector() -> None:
    assert probe(console=False) == [False, True, False, 1]


def test_the_installed_command_and_python_m_use_the_console_entry_point() -> None:
    main = (ROOT / "nq57check" / "__main__.py").read_text(encoding="utf-8")
    assert "nq57check.console import run" in main
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'nq57check = "nq57check.console:run"' in project


BATCH_PROBE = """
import datetime as dt, gc, json
from pathlib import Path
from nq57check.check import commune
from nq57check.check.batch import run_batch
gc.set_threshold(900, 11, 12)
seen = []
check_file = commune.Session.check_file
def spy(self, path, today):
    seen.append([gc.get_threshold()[0], gc.get_freeze_count() > 0])
    return check_file(self, path, today)
commune.Session.check_file = spy
run = run_batch([Path("examples/phong-tho")], commune.Options(), dt.date(2026, 3, 31), jobs=1)
print(json.dumps([seen, list(gc.get_threshold()), gc.get_freeze_count(), len(run.communes)]))
"""


def test_a_batch_sets_the_collector_for_itself_and_puts_it_back() -> None:
    """During the batch start-up is frozen and young collections are rarer (full collections
    walked start-up every few communes); after it, the caller's settings again."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BATCH_PROBE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    seen, thresholds, frozen, communes = json.loads(done.stdout)
    assert seen == [[10_000, True]]
    assert (thresholds, frozen, communes) == ([900, 11, 12], 0, 1)
