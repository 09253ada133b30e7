"""Golden outputs of every format on examples/: the redesign moves code, never output bytes.

Regenerate (only when a change of output is intended) with
``NQ57CHECK_UPDATE_GOLDEN=1 python -m pytest tests/golden``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT

EXPECTED = Path(__file__).parent / "expected"
UPDATE = os.environ.get("NQ57CHECK_UPDATE_GOLDEN") == "1"
AS_OF = ["--as-of", "2026-05-01"]
FORMATS = ["table", "json", "sarif", "junit", "github", "markdown", "html", "csv"]

# name -> (arguments, expected exit status)
CASES: dict[str, tuple[list[str], int]] = {
    **{f"check.{f}": (["check", "examples/", *AS_OF, "-q", "--format", f], 1) for f in FORMATS},
    # the table without -q (which leaves only its summary line): grouped, then one row a finding
    "check.table": (["check", "examples/", *AS_OF, "--format", "table"], 1),
    "check.verbose.table": (["check", "examples/", *AS_OF, "--verbose"], 1),
    "check.en.table": (["check", "examples/", *AS_OF, "--lang", "en"], 1),
    "gaps.html": (["gaps", "examples/", *AS_OF], 0),
    "gaps.markdown": (["gaps", "examples/", *AS_OF, "--format", "markdown"], 0),
    "explain.phong-tho.text": (["explain", "examples/phong-tho", *AS_OF], 0),
    "explain.lai-chau-demo.json": (
        ["explain", "examples/lai-chau-demo", *AS_OF, "--format", "json"],
        0,
    ),
    "rules-list.lai-chau": (["rules", "list"], 0),
    "rules-list.nq57": (["rules", "list", "--pack", "nq57"], 0),
}


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The real command, output kept as bytes (CSV's CRLF included)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "nq57check", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        env=env,  # the table's width and colours must not depend on the caller's shell
    )


def _compare(name: str, actual: bytes) -> None:
    path = EXPECTED / name
    if UPDATE:
        EXPECTED.mkdir(exist_ok=True)
        path.write_bytes(actual)
        return
    assert actual == path.read_bytes(), f"output of {name} changed (see {path})"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_text(name: str) -> None:
    args, status = CASES[name]
    result = _run(*args)
    assert result.returncode == status, result.stderr.decode(errors="replace")
    _compare(name, result.stdout)


def _cells(path: Path) -> str:
    """Every sheet's cell values, one line per row: the workbook as data, not zip bytes."""
    book = load_workbook(path, read_only=True)
    lines: list[str] = []
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            lines.append("\t".join("" if v is None else repr(v) for v in row))
    book.close()
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("command", ["check", "gaps"])
def test_golden_xlsx(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = _run(command, "examples/", *AS_OF, "-q", "--format", f"xlsx:{out}")
    assert result.returncode == (1 if command == "check" else 0), result.stderr
    _compare(f"{command}.xlsx.cells", _cells(out).encode("utf-8"))
