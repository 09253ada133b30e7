"""R-CHE-DO-BAO-CAO through the CLI: the plan file's `document.reporting`, judged only when the
plan's body was read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import MINIMAL_PLAN, run_cli

FULL = (
    "  reporting:\n"
    '    text: "Báo cáo Sở Khoa học và Công nghệ tỉnh Lai Châu trước ngày 15 hằng tháng"\n'
    "    monthly: true\n"
    '    to: "Sở Khoa học và Công nghệ tỉnh Lai Châu"\n'
    "    by_day: 15\n"
)


def _with(document_lines: str = "", provenance: str = "") -> str:
    plan = MINIMAL_PLAN.replace(
        "  basis: [978/KH-UBND]\n", "  basis: [978/KH-UBND]\n" + document_lines
    )
    return plan + provenance


def _check(path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = run_cli(
        "check",
        str(path),
        "--only",
        "R-CHE-DO-BAO-CAO",
        "--format",
        "json",
        "--as-of",
        "2026-03-01",
        "--fail-on",
        "warning",
        *extra,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def _rules(report: dict[str, Any]) -> list[str]:
    return sorted(f["rule"] for f in report["findings"])


def _not_evaluated(report: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((n["rule"], n["reason"]) for c in report["communes"] for n in c["not_evaluated"])


def test_a_typed_plan_without_a_clause_is_a_finding(write_plan: Callable[..., Path]) -> None:
    code, report = _check(write_plan(_with()))
    assert code == 1
    assert _rules(report) == ["che-do-bao-cao-thieu"]
    assert _not_evaluated(report) == []


def test_a_full_clause_passes(write_plan: Callable[..., Path]) -> None:
    code, report = _check(write_plan(_with(FULL)))
    assert (code, _rules(report), _not_evaluated(report)) == (0, [], [])


def test_an_incomplete_clause_names_what_it_lacks(write_plan: Callable[..., Path]) -> None:
    clause = '  reporting: {text: "Báo cáo UBND xã hằng quý", quarterly: true, to: "UBND xã"}\n'
    code, report = _check(write_plan(_with(clause)), "--lang", "en")
    assert code == 1
    assert _rules(report) == ["che-do-bao-cao-chua-du"]
    message = report["findings"][0]["message"]
    for missing in (
        "document.reporting.monthly",
        "document.reporting.to",
        "document.reporting.by_day",
    ):
        assert missing in message, message
    late = '  reporting: {text: "x", monthly: true, to: "Sở KH&CN", by_day: 20}\n'
    _, report = _check(write_plan(_with(late)), "--lang", "en")
    message = report["findings"][0]["message"]
    assert "(missing: document.reporting.by_day)" in message


def test_an_appendix_import_is_not_evaluated(write_plan: Callable[..., Path]) -> None:
    """An importer's file (before `read` existed, or `read: [table]`): the body was never read,
    so a missing clause is unknown: neither a finding nor a pass."""
    old = "provenance: {source: KeHoach.docx, importer: 'nq57check 0.9 (docx)'}\n"
    table = "provenance: {source: KeHoach.docx, importer: 'nq57check 1.0 (docx)', read: [table]}\n"
    for provenance in (old, table):
        code, report = _check(write_plan(_with(provenance=provenance)))
        assert code == 0 and _rules(report) == []
        reasons = _not_evaluated(report)
        assert [rule for rule, _ in reasons] == ["che-do-bao-cao-chua-du", "che-do-bao-cao-thieu"]
        assert all("phụ lục" in reason for _, reason in reasons), reasons
    result = run_cli(
        "check",
        str(write_plan(_with(provenance=table))),
        "--only",
        "R-CHE-DO-BAO-CAO",
        "--format",
        "junit",
        "--as-of",
        "2026-03-01",
    )
    assert 'skipped="2"' in result.stdout and "bảng phụ lục" in result.stdout


def test_a_body_import_is_judged(write_plan: Callable[..., Path]) -> None:
    body = (
        "provenance: {source: KeHoach.docx, importer: 'nq57check 1.0 (docx)',"
        " read: [body, table]}\n"
    )
    code, report = _check(write_plan(_with(provenance=body)))
    assert code == 1 and _rules(report) == ["che-do-bao-cao-thieu"]
    code, report = _check(write_plan(_with(FULL, provenance=body)))
    assert (code, _rules(report), _not_evaluated(report)) == (0, [], [])


def test_the_bundled_examples(tmp_path: Path) -> None:
    """phong-tho states the full clause, binh-lu only 'định kỳ báo cáo', lang-son-25 is an
    appendix alone."""
    root = Path(__file__).resolve().parents[2] / "examples"
    expected = {
        "phong-tho": ([], []),
        "binh-lu": (["che-do-bao-cao-chua-du"], []),
        "lang-son-25": ([], ["che-do-bao-cao-chua-du", "che-do-bao-cao-thieu"]),
    }
    for name, (rules, skipped) in expected.items():
        _, report = _check(root / name / "plan.yaml")
        assert _rules(report) == rules, name
        assert [rule for rule, _ in _not_evaluated(report)] == skipped, name
