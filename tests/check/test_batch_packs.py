"""Forked workers start with every pack the batch names compiled by the parent.

Why: a worker that met its first Lai Chau commune mid-run compiled the pack then, in every
worker, and its memory depended on which communes it drew. The pack names come from a scan
of each plan's ``pack:`` line; a wrong or unusable name must cost nothing but the scan, and
the communes naming it still report it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nq57check.check.batch import _compiled_for_workers, _packs_named
from nq57check.check.commune import Options, Session
from nq57check.packs.loader import default_pack

from conftest import MINIMAL_PLAN, run_cli


def plan_with(tmp_path: Path, name: str, pack_line: str, suffix: str = ".yaml") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    path = folder / f"plan{suffix}"
    text = MINIMAL_PLAN.replace("pack: lai-chau\n", pack_line, 1)
    path.write_text(text if suffix != ".json" else pack_line, "utf-8")
    return path


def test_the_packs_named_by_yaml_and_json_plans_or_the_default(tmp_path: Path) -> None:
    files = [
        plan_with(tmp_path, "a", "pack: lai-chau\n"),
        plan_with(tmp_path, "b", 'pack: "nq57"  # quoted\n'),
        plan_with(tmp_path, "c", "# pack: commented-out\n"),  # no pack line: the default
        plan_with(tmp_path, "d", '{\n  "pack": "lai-chau",\n  "unit": {}\n}\n', ".json"),
    ]
    assert _packs_named(files, Options()) == ["lai-chau", "nq57"]
    assert _packs_named(files, Options(pack="nq57")) == ["nq57"]  # --pack: that one only
    assert _packs_named([tmp_path / "gone" / "plan.yaml"], Options()) == []
    # an office document is imported with the default pack, and is not read for a pack line
    assert _packs_named([tmp_path / "gone" / "KeHoach.docx"], Options()) == [default_pack()]


def test_an_unusable_pack_is_left_to_the_communes_that_name_it(tmp_path: Path) -> None:
    files = [
        plan_with(tmp_path, "a", "pack: lai-chau\n"),
        plan_with(tmp_path, "b", "pack: no-such-pack\n"),
    ]
    session = _compiled_for_workers(files, Options())
    assert sorted(session.checkers) == ["lai-chau"]


def test_a_parallel_batch_of_two_packs_and_a_bad_one_reads_as_a_serial_one(
    tmp_path: Path,
) -> None:
    for number in range(9):
        pack = ("pack: lai-chau\n", "pack: nq57\n", "pack: no-such-pack\n")[number % 3]
        plan_with(tmp_path, f"c{number}", pack)
    as_of = ("--as-of", "2026-05-01")
    serial = run_cli("check", str(tmp_path), "--format", "json", "-j", "1", *as_of)
    parallel = run_cli("check", str(tmp_path), "--format", "json", "-j", "2", *as_of)
    assert serial.returncode == parallel.returncode == 2
    assert serial.stdout == parallel.stdout
    data = json.loads(parallel.stdout)
    assert {pack["name"] for pack in data["packs"]} >= {"lai-chau", "nq57"}
    assert data["summary"]["unusable"] == 3  # the pack no one has, at each plan's line
    problems = [p for c in data["communes"] for p in c["problems"]]
    assert len(problems) == 3 and all("no-such-pack" in p["message"] for p in problems)


def test_a_pack_that_fails_to_compile_is_left_to_its_communes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [plan_with(tmp_path, "a", "pack: lai-chau\n"), plan_with(tmp_path, "b", "pack: nq57\n")]
    built = Session.checker

    def checker(self: Session, name: str) -> Any:
        if name == "lai-chau":
            raise RuntimeError("a bug while compiling")  # met again by that commune's check
        return built(self, name)

    monkeypatch.setattr(Session, "checker", checker)
    assert sorted(_compiled_for_workers(files, Options()).checkers) == ["nq57"]
