from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"  # fixtures, schemas and hostile inputs, for tests in any sub-folder

# The compiled-pack cache (nq57check.packs.cache) goes to a fresh folder for this test run,
# inherited by every CLI subprocess: tests never read or fill the user's ~/.cache.
os.environ["NQ57CHECK_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="nq57check-test-cache-")
atexit.register(shutil.rmtree, _CACHE, True)

MINIMAL_PLAN = """\
pack: lai-chau
unit: {name: Xã Thử, kind: xa, province: Lai Châu}
document:
  number: 12/KH-UBND
  issued: 2026-02-20
  basis: [978/KH-UBND]
tasks:
  - id: "1"
    name: Ban hành danh mục cơ sở dữ liệu của xã
    lead: Văn phòng HĐND và UBND xã
    output: Quyết định ban hành danh mục
    deadline: Quý I/2026
"""


@pytest.fixture
def write_plan(tmp_path: Path):
    def write(text: str = MINIMAL_PLAN, name: str = "plan.yaml", folder: str = "xa-thu") -> Path:
        target = tmp_path / folder
        target.mkdir(parents=True, exist_ok=True)
        path = target / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command, as a user would (no in-process shortcuts); ``env`` is added to
    the environment (a value of "" removes that variable)."""
    environment = None
    if env is not None:
        environment = {**os.environ, **env}
        environment = {k: v for k, v in environment.items() if v != ""}
    return subprocess.run(
        [sys.executable, "-m", "nq57check", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
        env=environment,
    )


# Commands with a --lang option, and where it goes (after the command's name).
LANG_COMMANDS = {"check": 1, "gaps": 1, "explain": 1, "import": 1, "template": 1, "rules": 2}


def run_cli_en(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """:func:`run_cli` under ``--lang en``: for tests that assert a message's English wording
    (the default language is Vietnamese; tests/cli/test_vietnamese_messages.py checks it)."""
    at = LANG_COMMANDS.get(args[0]) if args else None
    if at is not None and len(args) >= at:
        args = (*args[:at], "--lang", "en", *args[at:])
    return run_cli(*args, cwd=cwd, env=env)
