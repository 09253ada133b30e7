"""Rule packs: extends, overrides, and malformed packs named by file, line, rule and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from nq57check.check.selftest import run_examples
from nq57check.core.problems import InputError
from nq57check.packs.loader import load_pack

RULE = """\
rules:
  - id: my-rule
    requirement: {requirement}
    kind: {kind}
    severity: warning
    title: {{vi: Tiêu đề, en: Title}}
    message: {{vi: "{message}", en: "Message"}}
    source: Nguồn
    params: {{field: lead}}
    examples:
      fire:
        - tasks: [{{id: "1", name: "Số hóa tài liệu lưu trữ", output: x, deadline: Quý I/2026}}]
      clean:
        - tasks: [{{id: "1", name: "Số hóa tài liệu lưu", lead: VP, output: x, deadline: Quý I}}]
"""


def make_pack(
    root: Path, name: str, extends: str | None = "nq57", rules: str = "", overrides: str = ""
) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    head = f"pack: {name}\nversion: '9'\ntitle: {{vi: Thử, en: Test}}\n"
    if extends:
        head += f"extends: {extends}\n"
    (folder / "pack.yaml").write_text(head + overrides, encoding="utf-8")
    if rules:
        (folder / "extra.yaml").write_text(rules, encoding="utf-8")
    return folder


def test_lai_chau_extends_the_baseline() -> None:
    pack = load_pack("lai-chau")
    assert [name for name, _ in pack.lineage] == ["nq57", "lai-chau"]
    ids = {r.rule.id for r in pack.rules}
    assert {"ro-nguoi", "nhiem-vu-mang-mat", "can-cu-tinh"} <= ids
    floors = pack.rule("chi-tieu-san").params.floors  # type: ignore[union-attr]
    assert floors["online_dossier_rate"] == 90


def test_every_builtin_rule_example_passes() -> None:
    for name in ("nq57", "lai-chau"):
        results = run_examples(load_pack(name))
        assert results and all(r.ok for r in results), [r for r in results if not r.ok]


def test_override_severity_params_and_disable(tmp_path: Path) -> None:
    overrides = (
        "overrides:\n  ro-trach-nhiem: {severity: error}\n  do-luong: {disabled: true}\n"
        "  ro-viec: {params: {min_words: 8}}\n"
    )
    make_pack(tmp_path, "child", overrides=overrides)
    pack = load_pack("child", [tmp_path])
    assert pack.rule("ro-trach-nhiem").rule.severity == "error"  # type: ignore[union-attr]
    assert pack.rule("do-luong") is None and "do-luong" in pack.disabled
    assert pack.rule("ro-viec").params.min_words == 8  # type: ignore[union-attr]


def test_new_rule_of_existing_kind_is_yaml_only(tmp_path: Path) -> None:
    rules = RULE.format(requirement="R-RO-NGUOI", kind="task-field", message="Nhiệm vụ {task}")
    make_pack(tmp_path, "child", rules=rules)
    pack = load_pack("child", [tmp_path])
    assert all(r.ok for r in run_examples(pack, {"my-rule"}))


def error_of(tmp_path: Path, **kwargs: str) -> str:
    with pytest.raises(InputError) as info:
        load_pack("child", [tmp_path])
    return str(info.value)


def test_unknown_requirement_names_pack_file_line_rule_field(tmp_path: Path) -> None:
    rules = RULE.format(requirement="R-KHONG-CO", kind="task-field", message="x")
    make_pack(tmp_path, "child", rules=rules)
    message = error_of(tmp_path)
    assert "extra.yaml:3" in message and "pack child, rule my-rule" in message
    assert "R-KHONG-CO" in message and "requirement" in message


def test_unknown_kind(tmp_path: Path) -> None:
    make_pack(
        tmp_path, "child", rules=RULE.format(requirement="R-RO-NGUOI", kind="nope", message="x")
    )
    assert "unknown kind 'nope'" in error_of(tmp_path)


def test_message_template_with_unknown_value(tmp_path: Path) -> None:
    make_pack(
        tmp_path,
        "child",
        rules=RULE.format(requirement="R-RO-NGUOI", kind="task-field", message="{secret_title}"),
    )
    message = error_of(tmp_path)
    assert "extra.yaml:7" in message and "secret_title" in message


def test_circular_extends(tmp_path: Path) -> None:
    make_pack(tmp_path, "child", extends="other")
    make_pack(tmp_path, "other", extends="child")
    assert "circle: child -> other -> child" in error_of(tmp_path)


def test_override_of_unknown_rule(tmp_path: Path) -> None:
    make_pack(tmp_path, "child", overrides="overrides:\n  no-such-rule: {disabled: true}\n")
    assert "pack.yaml:6" in error_of(tmp_path)


def test_unknown_pack_lists_known_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"known packs: .*lai-chau"):
        load_pack("khong-co", [tmp_path])
