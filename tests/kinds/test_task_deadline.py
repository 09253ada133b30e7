"""Kind task-deadline: covers in time, recurring and section deadlines."""

from __future__ import annotations

from kinds.kind_helpers import MAT, fired, task


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
