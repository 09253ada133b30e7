"""Every output format says which rules were not evaluated, and why (issue 11).

One run through the CLI writes every format: a plan file checked alone (its report rules:
"no reports given") as of 2025-06-01 (the 2026 rules: "in force from 01/01/2026"). Each
format must name both groups; none may present those rules as passed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openpyxl import load_workbook

import nq57check

from conftest import MINIMAL_PLAN, ROOT, run_cli

FORMATS = ("table", "json", "sarif", "junit", "github", "markdown", "html", "xlsx", "csv")
SUFFIX = {"table": "txt", "markdown": "md", "junit": "xml", "github": "log"}
REASONS = {
    "vi": ("không có báo cáo", "có hiệu lực từ 01/01/2026"),
    "en": ("no reports given", "in force from 2026-01-01"),
}
SARIF_SCHEMA = json.loads(
    (ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
FINDINGS_SCHEMA = json.loads(
    (Path(nq57check.__file__).parent / "schemas" / "findings.schema.json").read_text("utf-8")
)


@pytest.fixture(scope="module", params=["vi", "en"])
def outputs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    lang = request.param
    root = tmp_path_factory.mktemp(f"not-evaluated-{lang}")
    plan = root / "xa-thu" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    files = {fmt: root / f"out.{SUFFIX.get(fmt, fmt)}" for fmt in FORMATS}
    args = [a for fmt, path in files.items() for a in ("--format", f"{fmt}:{path}")]
    done = run_cli("check", str(plan), "--as-of", "2025-06-01", "--lang", lang, *args)
    assert done.returncode in (0, 1), done.stderr
    data = json.loads(files["json"].read_text("utf-8"))
    entries = data["communes"][0]["not_evaluated"]
    return lang, files, entries


def expected(entries: list[dict[str, str]]) -> dict[str, set[str]]:
    """reason -> the rules not evaluated for it (both groups are non-empty)."""
    groups: dict[str, set[str]] = {}
    for entry in entries:
        groups.setdefault(entry["reason"], set()).add(entry["rule"])
    return groups


def test_json_lists_both_reasons_and_validates(outputs: Any) -> None:
    lang, files, entries = outputs
    data = json.loads(files["json"].read_text("utf-8"))
    jsonschema.Draft202012Validator(FINDINGS_SCHEMA).validate(data)
    groups = expected(entries)
    no_target = {"vi": "kế hoạch không nêu chỉ tiêu", "en": "the plan states no target for"}
    floors = {reason for reason in groups if reason.startswith(no_target[lang])}
    assert [groups[reason] for reason in floors] == [{"chi-tieu-san"}]  # the plan sets none
    assert set(groups) - floors == set(REASONS[lang])
    assert "bao-cao-thang-thieu" in groups[REASONS[lang][0]]
    assert "nhiem-vu-mang-mat" in groups[REASONS[lang][1]]
    assert data["summary"]["not_evaluated"] == len(entries)
    found = {f["rule"] for f in data["findings"]}
    assert not found & {e["rule"] for e in entries}


def test_table_has_one_terse_line_per_reason(outputs: Any) -> None:
    lang, files, entries = outputs
    text = " ".join(files["table"].read_text("utf-8").split())  # long reasons wrap
    word = "không đánh giá" if lang == "vi" else "not evaluated"
    for reason, rules in expected(entries).items():
        count = f"{len(rules)} {'quy tắc' if lang == 'vi' else 'rules'}"
        assert f"{word}: {count} ({reason})" in text


def test_sarif_notifications_validate_against_the_oasis_schema(outputs: Any) -> None:
    _, files, entries = outputs
    log = json.loads(files["sarif"].read_text("utf-8"))
    errors = list(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run = log["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert {(n["associatedRule"]["id"], n["properties"]["reason"]) for n in notes} == {
        (e["rule"], e["reason"]) for e in entries
    }
    rules = run["tool"]["driver"]["rules"]
    for note in notes:
        assert rules[note["associatedRule"]["index"]]["id"] == note["associatedRule"]["id"]
        assert note["level"] == "note"
    assert not {r["ruleId"] for r in run["results"]} & {e["rule"] for e in entries}


def test_junit_skips_the_cases_with_the_reason(outputs: Any) -> None:
    _, files, entries = outputs
    root = ET.fromstring(files["junit"].read_bytes())
    skipped = {}
    for case in root.iter("testcase"):
        mark = case.find("skipped")
        if mark is not None:
            skipped[case.get("name", "").split(" ", 1)[0]] = mark.get("message", "")
    for entry in entries:
        assert entry["reason"] in skipped[entry["rule"]]
    assert int(root.get("skipped", "0")) == len(entries)


def test_github_has_a_notice_per_reason(outputs: Any) -> None:
    _, files, entries = outputs
    lines = files["github"].read_text("utf-8").splitlines()
    notices = [line for line in lines if ",title=not-evaluated " in line]
    assert len(notices) == len(expected(entries))
    for line in notices:
        assert line.startswith("::notice file=") and "xa-thu/plan.yaml," in line
    text = "\n".join(notices)
    assert all(entry["rule"] in text for entry in entries)


def test_markdown_has_a_section(outputs: Any) -> None:
    lang, files, entries = outputs
    text = files["markdown"].read_text("utf-8")
    title = "Quy tắc không đánh giá" if lang == "vi" else "Rules not evaluated"
    section = text.split(f"### {title}", 1)[1]
    for entry in entries:
        assert f"`{entry['rule']}`" in section
    for reason in REASONS[lang]:
        assert reason in section


def test_html_has_a_table(outputs: Any) -> None:
    lang, files, entries = outputs
    html = files["html"].read_text("utf-8")
    table = html.split('<table class="not-evaluated">', 1)[1].split("</table>", 1)[0]
    assert set(re.findall(r'<td class="mono">([a-z0-9-]+)</td>', table)) == {
        e["rule"] for e in entries
    }
    for reason in REASONS[lang]:
        assert reason in table


def test_xlsx_commune_sheet_has_the_rows(outputs: Any) -> None:
    _, files, entries = outputs
    book = load_workbook(files["xlsx"], read_only=True)
    sheet = book.worksheets[1]
    rows = [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    rules = {e["rule"] for e in entries}
    listed = {(row[1], row[0]) for row in rows if len(row) >= 3 and row[1] in rules}
    assert listed == {(e["rule"], e["reason"]) for e in entries}


def test_csv_has_a_row_per_rule(outputs: Any) -> None:
    _, files, entries = outputs
    reader = csv.DictReader(io.StringIO(files["csv"].read_text("utf-8"), newline=""))
    rows = [r for r in reader if r["severity"] == "not-evaluated"]
    assert {(r["rule"], r["message"]) for r in rows} == {(e["rule"], e["reason"]) for e in entries}
    assert all(r["file"].endswith("plan.yaml") for r in rows)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_gap_lists_of_a_folder_show_rules_not_in_force(tmp_path: Path, fmt: str) -> None:
    plan = tmp_path / "tinh" / "xa-thu" / "plan.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    done = run_cli("gaps", str(tmp_path / "tinh"), "--format", fmt, "--as-of", "2025-06-01")
    assert done.returncode == 0, done.stderr
    assert "có hiệu lực từ 01/01/2026" in done.stdout
    assert "nhiem-vu-mang-mat" in done.stdout
    assert "không có báo cáo" not in done.stdout  # a commune folder: its reports are judged
