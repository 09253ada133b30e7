"""Kind task-field, and the effective date every kind honours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kinds.kind_helpers import fired, task


def test_rules_not_yet_in_force_do_not_fire(tmp_path: Path) -> None:
    folder = tmp_path / "later"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack: later\nversion: '1'\ntitle: {vi: a, en: b}\nextends: nq57\n", encoding="utf-8"
    )
    (folder / "rules.yaml").write_text(
        "rules:\n  - id: ro-nguoi-2027\n    requirement: R-RO-NGUOI\n    kind: task-field\n"
        "    severity: error\n    title: {vi: a, en: b}\n    message: {vi: a, en: b}\n"
        "    source: s\n    effective: 2027-01-01\n    params: {field: lead}\n"
        "    examples: {fire: [{tasks: []}], clean: [{tasks: []}]}\n",
        encoding="utf-8",
    )
    snippet = {"tasks": [task(1, "Số hóa tài liệu lưu trữ của xã", "Quý I/2026", lead="")]}
    assert fired("later", ["ro-nguoi-2027"], snippet, rules_dirs=[tmp_path]) == []
    assert fired(
        "later", ["ro-nguoi-2027"], snippet, on=dt.date(2027, 3, 1), rules_dirs=[tmp_path]
    ) == ["ro-nguoi-2027:1"]
