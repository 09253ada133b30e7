"""Each command imports what it needs: a YAML plan's check reads no office library.

Why: a pre-commit hook checks one plan per run, and imports are most of that run; a
module-level import added in the wrong place (an importer, a reporter, the process pool)
would make every run pay for it. Behaviour, not time: which modules a run has loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT

PROBE = """
import json, sys
sys.argv = ["nq57check", *{args!r}]
from nq57check.console import run
try:
    run()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
OFFICE = {"openpyxl", "pdfplumber", "docx", "lxml", "pypdfium2", "pdfminer"}


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PROBE.format(args=list(args)))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_checking_a_yaml_plan_imports_no_office_library_pool_or_other_reporter(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes((ROOT / "examples" / "phong-tho" / "plan.yaml").read_bytes())
    modules = loaded("check", str(plan), "--as-of", "2026-03-31")
    assert "nq57check.check.batch" in modules  # the check did run
    assert not {m.split(".")[0] for m in modules} & OFFICE
    assert not [m for m in modules if m.startswith("nq57check.importers")]
    reporters = {m for m in modules if m.startswith("nq57check.reporters.")}
    table = {"nq57check.reporters.table", "nq57check.reporters.table_layout"}
    assert reporters <= {"nq57check.reporters.common", *table}
    assert "multiprocessing" not in modules  # one commune: no process pool
    other_commands = {"serve", "rules", "documents", "explain"}
    assert not {m for m in modules if m.rpartition(".")[2] in other_commands and ".cli." in m}


def test_help_imports_neither_the_checker_nor_its_stack() -> None:
    modules = loaded("--help")
    assert "click" in modules
    heavy = {"pydantic", "yaml", "durable", "nq57check.check", "nq57check.loading"}
    assert not modules & heavy
    assert not {m.split(".")[0] for m in modules} & OFFICE
