"""Kind task-lead (and the folded-text regexes it shares with measurable-output)."""

from __future__ import annotations

from pathlib import Path

from kinds.kind_helpers import MAT, fired, task


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
