"""Bad plan files get file:line errors naming the field; good ones load faithfully."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from nq57check.core.problems import InputError
from nq57check.loading.plan import load_plan

from conftest import MINIMAL_PLAN


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_plan(path)
    return [p.render() for p in info.value.problems]


def test_minimal_plan_loads_with_lines(write_plan) -> None:
    loaded = load_plan(write_plan())
    assert loaded.plan.tasks[0].lead == "Văn phòng HĐND và UBND xã"
    assert loaded.locations.line_of(("tasks", 0, "lead")) == 10
    assert loaded.locations.line_of(("tasks", 0)) == 8


def test_unknown_key_suggests_the_right_one(write_plan) -> None:
    path = write_plan(MINIMAL_PLAN.replace("    lead:", "    laed:"))
    (message,) = problems(path)
    assert ":10: tasks.0.laed: unknown key 'laed'; did you mean 'lead'?" in message


def test_wrong_type_names_field_and_line(write_plan) -> None:
    path = write_plan(MINIMAL_PLAN + "targets:\n  records_electronic: {value: lots}\n")
    (message,) = problems(path)
    assert ":14: targets.records_electronic.value:" in message


def test_duplicate_task_id(write_plan) -> None:
    extra = '  - id: "1"\n    name: Nhiệm vụ thứ hai của xã\n'
    (message,) = problems(write_plan(MINIMAL_PLAN + extra))
    assert ":13: tasks.1.id: duplicate task id '1' (first at line 8)" in message


def test_date_that_does_not_exist(write_plan) -> None:
    (message,) = problems(write_plan(MINIMAL_PLAN.replace("2026-02-20", "2026-02-31")))
    assert ":5:" in message and "does not exist" in message


def test_duplicate_yaml_key(write_plan) -> None:
    text = MINIMAL_PLAN.replace("pack: lai-chau\n", "pack: a\npack: b\n")
    (message,) = problems(write_plan(text))
    assert ":2: duplicate key 'pack'" in message


def test_object_construction_is_refused(write_plan) -> None:
    (message,) = problems(write_plan("unit: !!python/object/apply:os.system ['true']\n"))
    assert "unsupported YAML tag" in message


def test_alias_bomb_is_refused(write_plan) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    (message,) = problems(write_plan("\n".join(lines) + "\n"))
    assert "expands to more than" in message


def test_bom_and_nfd_are_accepted_and_normalised(write_plan) -> None:
    nfd = unicodedata.normalize("NFD", MINIMAL_PLAN)
    path = write_plan()
    path.write_bytes(b"\xef\xbb\xbf" + nfd.encode("utf-8"))
    loaded = load_plan(path)
    assert loaded.plan.unit.name == "Xã Thử"
    assert unicodedata.is_normalized("NFC", loaded.plan.tasks[0].name)


def test_non_utf8_file_is_named(write_plan) -> None:
    path = write_plan()
    path.write_bytes(MINIMAL_PLAN.encode("utf-8").replace("Xã".encode(), b"X\xe3"))
    (message,) = problems(path)
    assert "not UTF-8" in message and ":2" in message


def test_json_plan_is_accepted(write_plan) -> None:
    text = '{"unit": {"name": "Phường Mẫu", "kind": "phuong"},\n "tasks": [{"id": "1"}]}\n'
    loaded = load_plan(write_plan(text, name="plan.json"))
    assert loaded.plan.unit.kind == "phuong"
    assert loaded.locations.line_of(("tasks", 0)) == 2


def test_not_a_mapping(write_plan) -> None:
    (message,) = problems(write_plan("- just\n- a list\n"))
    assert "must be a mapping" in message
