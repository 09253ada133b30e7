"""A .json plan or report is strict JSON, and no error echoes a whole value from a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nq57check.core.problems import InputError
from nq57check.loading.yamlio import load_document

from conftest import MINIMAL_PLAN, run_cli

PLAN = {
    "pack": "lai-chau",
    "unit": {"name": "Xã Thử", "kind": "xa"},
    "document": {"number": "12/KH-UBND", "issued": "2026-02-20"},
    "tasks": [{"id": "1", "name": "Ban hành danh mục cơ sở dữ liệu", "deadline": "Quý I/2026"}],
}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('{\n  "a": 1,\n}\n', 3, "invalid JSON"),  # trailing comma: YAML would accept it
        ("{\n  'a': 1\n}\n", 2, "invalid JSON"),  # single quotes
        ('{\n  a: 1\n}\n', 2, "invalid JSON"),  # unquoted key
        ('{"a": NaN}', 1, "invalid JSON"),
        ("# comment\n{}", 1, "invalid JSON"),
    ],
)
def test_loose_json_is_refused_at_its_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_document(path)
    problem = caught.value.problems[0]
    assert fragment in problem.message
    assert problem.line == line or (line == 1 and problem.line in (1, None))


def test_a_strict_json_plan_still_checks(tmp_path: Path) -> None:
    path = tmp_path / "xa" / "plan.json"
    path.parent.mkdir()
    path.write_text(json.dumps(PLAN, ensure_ascii=False, indent=2), encoding="utf-8")
    done = run_cli("check", str(path), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["communes"][0]["unit"] == "Xã Thử"


def test_a_json_report_with_a_trailing_comma_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "xa"
    (folder / "reports").mkdir(parents=True)
    (folder / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (folder / "reports" / "2026-02.json").write_text(
        '{"unit": {"name": "Xã Thử"}, "period": "2026-02", "submitted": "2026-03-05",}',
        encoding="utf-8",
    )
    done = run_cli("check", str(folder), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2
    (problem,) = json.loads(done.stdout)["communes"][0]["problems"]
    assert problem["file"].endswith("2026-02.json") and "invalid JSON" in problem["message"]


@pytest.mark.parametrize("name", ["plan.yaml", "plan.json"])
def test_a_5000_digit_number_is_not_echoed_in_full(tmp_path: Path, name: str) -> None:
    digits = "9" * 5_000
    path = tmp_path / "xa" / name
    path.parent.mkdir()
    if name.endswith(".json"):
        path.write_text(json.dumps(PLAN)[:-1] + f', "targets": {{"x": {{"value": {digits}}}}}}}',
                        encoding="utf-8")
    else:
        path.write_text(MINIMAL_PLAN + f"targets:\n  x: {{value: {digits}}}\n", encoding="utf-8")
    done = run_cli("check", str(path), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "9" * 200 not in done.stdout + done.stderr
    assert "too long" in done.stderr


def test_an_unknown_key_of_ten_thousand_characters_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "xa" / "plan.yaml"
    path.parent.mkdir()
    path.write_text(MINIMAL_PLAN + "? " + "x" * 10_000 + "\n: 1\n", encoding="utf-8")
    done = run_cli("check", str(path), "--as-of", "2026-05-01")
    assert done.returncode == 2
    assert "x" * 200 not in done.stderr and "10,000 characters" in done.stderr
