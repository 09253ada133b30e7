"""A .json plan or report is strict JSON, and no error echoes a whole value from a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nq57check.core.problems import InputError
from nq57check.loading.yamlio import load_document

from conftest import MINIMAL_PLAN
from conftest import run_cli_en as run_cli  # messages asserted in English

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


@pytest.mark.parametrize("tag", ["!!bool", "!!timestamp", "!!int", "!!float"])
@pytest.mark.parametrize("where", ["plan", "report", "waivers"])
def test_an_explicit_tag_on_a_wrong_value_is_an_error_that_hides_the_value(
    tmp_path: Path, tag: str, where: str
) -> None:
    """!!bool xyz was a KeyError (exit 3) that lost the batch; !!int echoed a secret title."""
    good, bad = tmp_path / "a", tmp_path / "b"
    for folder in (good, bad):
        (folder / "reports").mkdir(parents=True)
        (folder / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    canary = "ZZCANARYQQ"
    if where == "plan":
        text = MINIMAL_PLAN.replace("name: Xã Thử", f"name: {tag} {canary}")
        (bad / "plan.yaml").write_text(text, encoding="utf-8")
    elif where == "report":
        (bad / "reports" / "2026-03.yaml").write_text(
            "unit: {name: Xã Thử}\nperiod: 2026-03\nsubmitted: 2026-04-05\ntasks:\n  '1':\n"
            "    status: in_progress\n    evidence:\n"
            f"      - {{number: 1/KH-M, classification: mat, title: {tag} {canary}}}\n",
            encoding="utf-8",
        )
    else:
        (bad / "waivers.yaml").write_text(
            f"waivers:\n  - rule: {tag} {canary}\n    reason: r\n    approved_by: a\n"
            "    expires: 2026-12-31\n",
            encoding="utf-8",
        )
    done = run_cli("check", str(tmp_path), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2, done.stderr
    assert canary not in done.stdout + done.stderr
    data = json.loads(done.stdout)
    problems = {Path(c["path"]).name: c["problems"] for c in data["communes"]}
    assert not problems["a"] and "remove the tag" in problems["b"][0]["message"]


def test_a_finding_shows_at_most_a_few_hundred_characters_of_a_value(tmp_path: Path) -> None:
    path = tmp_path / "xa" / "plan.yaml"
    path.parent.mkdir()
    path.write_text(MINIMAL_PLAN.replace("12/KH-UBND", "9" * 5_000 + "/KH-UBND"), encoding="utf-8")
    done = run_cli("check", str(path), "--format", "json", "--as-of", "2026-05-01")
    findings = json.loads(done.stdout)["findings"]
    number = next(f for f in findings if f["rule"] == "so-ky-hieu")
    assert len(number["message"]) < 600 and "5,008 characters" in number["message"]
