"""Rule kinds' semantics, beyond each rule's own examples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from nq57check.check.evaluate import Checker
from nq57check.check.selftest import example_findings
from nq57check.packs.loader import load_pack

MAT = "Gửi nhận văn bản Mật, Tối mật qua mạng thông tin diện rộng của Đảng"


def task(number: int, name: str, deadline: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(number),
        "name": name,
        "lead": "Văn phòng",
        "output": "Kết quả cụ thể",
        "deadline": deadline,
        **extra,
    }


def fired(
    pack_name: str,
    rule_ids: list[str],
    snippet: dict[str, Any],
    on: dt.date = dt.date(2026, 2, 10),
    rules_dirs: list[Path] | None = None,
) -> list[str]:
    checker = Checker.build(load_pack(pack_name, rules_dirs), rule_ids)
    return [f"{f.rule}:{f.task or ''}" for f in example_findings(checker, snippet, as_of=on)]


def test_recurring_cover_is_in_time() -> None:
    tasks = [task(1, MAT, "Năm 2026"), task(2, MAT, "Thường xuyên")]
    assert fired("nq57", ["thoi-han-mang-mat"], {"tasks": tasks}) == []


def test_undated_cover_does_not_hide_a_late_one() -> None:
    tasks = [task(1, MAT, "Năm 2026"), task(2, MAT, "")]
    assert fired("nq57", ["thoi-han-mang-mat"], {"tasks": tasks}) == ["thoi-han-mang-mat:1"]


def test_section_deadline_is_inherited() -> None:
    snippet = {
        "sections": [
            {"id": "I", "title": "Quý I năm 2026", "deadline": "Quý I năm 2026"},
            {"id": "III", "title": "Quý III năm 2026", "deadline": "Quý III năm 2026"},
        ],
        "tasks": [task(1, "Ban hành danh mục cơ sở dữ liệu của xã", "", section="III")],
    }
    assert fired("nq57", ["thoi-han-danh-muc-csdl"], snippet) == ["thoi-han-danh-muc-csdl:1"]
    snippet["tasks"][0]["section"] = "I"
    assert fired("nq57", ["thoi-han-danh-muc-csdl"], snippet) == []


def test_every_late_cover_is_reported_when_none_is_in_time() -> None:
    tasks = [task(1, MAT, "Quý III/2026"), task(2, MAT, "Quý IV/2026")]
    assert sorted(fired("nq57", ["thoi-han-mang-mat"], {"tasks": tasks})) == [
        "thoi-han-mang-mat:1",
        "thoi-han-mang-mat:2",
    ]


def test_lai_chau_floors_override_the_baseline() -> None:
    snippet = {"targets": {"online_dossier_rate": {"value": 85, "by": "Năm 2026"}}}
    assert fired("nq57", ["chi-tieu-san"], snippet) == []  # the baseline has no floor for it
    assert fired("lai-chau", ["chi-tieu-san"], snippet) == ["chi-tieu-san:"]


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


def test_lead_unit_constraint(tmp_path: Path) -> None:
    folder = tmp_path / "lead"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack: lead\nversion: '1'\ntitle: {vi: a, en: b}\nextends: nq57\n", encoding="utf-8"
    )
    (folder / "rules.yaml").write_text(
        "rules:\n  - id: chu-tri-mang-mat\n    requirement: R-MANG-MAT\n    kind: task-lead\n"
        "    severity: warning\n    title: {vi: a, en: b}\n"
        "    message: {vi: 'Nhiệm vụ {task} do {lead} chủ trì, cần {expected}', en: b}\n"
        "    source: s\n    params: {lead_any: ['van phong'], expected: Văn phòng}\n"
        "    examples: {fire: [{tasks: []}], clean: [{tasks: []}]}\n",
        encoding="utf-8",
    )
    wrong = {"tasks": [task(1, MAT, "Quý II/2026", lead="Phòng Kinh tế")]}
    right = {"tasks": [task(1, MAT, "Quý II/2026", lead="Văn phòng HĐND và UBND xã")]}
    assert fired("lead", ["chu-tri-mang-mat"], wrong, rules_dirs=[tmp_path]) == [
        "chu-tri-mang-mat:1"
    ]
    assert fired("lead", ["chu-tri-mang-mat"], right, rules_dirs=[tmp_path]) == []
    assert fired("lead", ["chu-tri-mang-mat"], {"tasks": []}, rules_dirs=[tmp_path]) == []


def test_engine_regexes_are_kept_to_folded_text() -> None:
    import pytest
    from pydantic import ValidationError

    from nq57check.kinds.plan.measurable_output import MeasurableOutputParams
    from nq57check.kinds.plan.task_lead import TaskLeadParams

    assert TaskLeadParams(lead_any=["van phong( hdnd)?"]).lead_any == ["van phong( hdnd)?"]
    for bad in (r"v\u0103n", "Văn phòng", r"van\.phong", "[a-z]+"):
        with pytest.raises(ValidationError, match="may use only"):
            TaskLeadParams(lead_any=[bad])
        with pytest.raises(ValidationError, match="may use only"):
            MeasurableOutputParams(vague=[bad])
