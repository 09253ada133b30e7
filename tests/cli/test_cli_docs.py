"""import/template from the command line: a template imported unchanged has only empty cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

# the template's blanks: lead, output, head, basis, and the plan's own number and date
EMPTY_CELLS = {"R-RO-NGUOI", "R-RO-KET-QUA", "R-RO-TRACH-NHIEM", "R-CAN-CU", "R-SO-KY-HIEU"}


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_template_imported_unchanged_has_only_empty_cell_findings(
    tmp_path: Path, suffix: str
) -> None:
    document = tmp_path / f"KeHoach{suffix}"
    made = run_cli("template", "--pack", "lai-chau", "-o", str(document))
    assert made.returncode == 0, made.stderr
    plan = tmp_path / "xa" / "plan.yaml"
    imported = run_cli("import", str(document), "-o", str(plan))
    assert imported.returncode == 0, imported.stderr
    done = run_cli(
        "check", str(plan.parent), "--pack", "lai-chau", "--format", "json", "--as-of", "2026-02-01"
    )
    data = json.loads(done.stdout)
    assert {f["requirement"] for f in data["findings"]} == EMPTY_CELLS
    # and checking the document directly gives the same findings (in row order, not the
    # order of the lines of a YAML file that is never written)
    direct = run_cli(
        "check", str(document), "--pack", "lai-chau", "--format", "json", "--as-of", "2026-02-01"
    )
    assert sorted(f["message"] for f in json.loads(direct.stdout)["findings"]) == sorted(
        f["message"] for f in data["findings"]
    )


def test_old_word_file_is_refused_with_advice(tmp_path: Path) -> None:
    old = tmp_path / "KeHoach.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    for command in (("import", str(old)), ("check", str(old))):
        done = run_cli(*command)
        assert done.returncode == 2, done.stderr
        assert ".docx" in done.stderr and "Traceback" not in done.stderr


def test_template_needs_an_office_suffix(tmp_path: Path) -> None:
    done = run_cli("template", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and ".xlsx hoặc .docx" in done.stderr
