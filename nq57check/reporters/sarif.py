"""SARIF 2.1.0: findings as code-scanning alerts (GitHub, GitLab, IDE viewers).

One run; rule descriptors come from ``RunResult.rules`` so viewers can show the legal source
and the evidence to ask for next to each alert. Input problems are results of the rule
``input-error``. The pack versions, the --as-of date and each input's SHA-256 travel in
``run.properties`` and ``run.artifacts`` so an alert can be traced to exactly what was read.

A plan checked straight from a Word/Excel/PDF document has no lines: its results carry no
region, and the table, row and page in the location's ``properties`` (and its ``message``).
What the importer guessed goes in ``invocations[0].toolExecutionNotifications``.
"""

from __future__ import annotations

import json
from typing import Any

from nq57check.core.problems import document_place
from nq57check.findings import (
    CommuneResult,
    Finding,
    InputProblem,
    Note,
    RuleMeta,
    RunResult,
    has_lines,
)
from nq57check.reporters.common import (
    IMPORT_NOTE,
    TOOL_NAME,
    all_inputs,
    artifact_uri,
    labels,
    note_words,
    sorted_communes,
    sorted_findings,
    sorted_not_evaluated,
    sorted_notes,
    sorted_problems,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INPUT_ERROR = "input-error"
FINGERPRINT_KEY = "nq57check/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _help_text(rule: RuleMeta, lang: str) -> str:
    words = labels(lang)
    lines = [rule.description] if rule.description else []
    if rule.source:
        lines.append(f"{words['help_source']}: {rule.source}")
    if rule.evidence:
        lines.append(f"{words['help_evidence']}: {rule.evidence}")
    return "\n".join(lines) or rule.title or rule.id


def _descriptor(rule: RuleMeta, lang: str) -> dict[str, Any]:
    tags = [t for t in (rule.requirement, f"area:{rule.area}" if rule.area else "") if t]
    return {
        "id": rule.id,
        "name": rule.requirement or rule.id,
        "shortDescription": {"text": rule.title or rule.id},
        "fullDescription": {"text": rule.description or rule.title or rule.id},
        "help": {"text": _help_text(rule, lang)},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {
            "requirement": rule.requirement,
            "source": rule.source,
            "pack": rule.pack,
            "area": rule.area,
            "tags": tags,
        },
    }


def _rule_table(run: RunResult, lang: str) -> tuple[list[RuleMeta], dict[str, int]]:
    """Declared rules first (their order), then any rule a finding names but no pack declared."""
    rules: list[RuleMeta] = []
    index: dict[str, int] = {}
    for rule in run.rules:
        if rule.id not in index:
            index[rule.id] = len(rules)
            rules.append(rule)
    for finding in sorted_findings(run.all_findings()):
        if finding.rule not in index:
            index[finding.rule] = len(rules)
            rules.append(
                RuleMeta(
                    id=finding.rule,
                    requirement=finding.requirement,
                    severity=finding.severity,
                    title=finding.title or finding.rule,
                    description=finding.title or finding.rule,
                    source=finding.source,
                    evidence=finding.evidence,
                    area=finding.area,
                    pack=finding.pack,
                )
            )
    if run.has_problems() and INPUT_ERROR not in index:
        index[INPUT_ERROR] = len(rules)
        text = labels(lang)["input_error"]
        rules.append(RuleMeta(INPUT_ERROR, "", "error", text, text, ""))
    return rules, index


def _artifact_location(file: str) -> dict[str, str]:
    """Relative URIs are relative to the checked tree (SRCROOT), as code scanning expects."""
    uri = artifact_uri(file)
    if uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": "SRCROOT"}


def _location(file: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact_location(file)}
    if line is not None:
        physical["region"] = {"startLine": max(1, line)}
    return {"physicalLocation": physical}


def _placed(location: dict[str, Any], item: Finding | Note, lang: str) -> dict[str, Any]:
    """A location in an office document: its table, row and page, as data and as words."""
    place = document_place(item.table, item.row, item.page, lang, item.paragraph)
    if place:
        location["message"] = {"text": place}
        location["properties"] = {"table": item.table, "row": item.row, "page": item.page}
        if item.paragraph is not None:
            location["properties"]["paragraph"] = item.paragraph
    return location


def _line(finding: Finding) -> int | None:
    """A document checked on the fly has no lines: no region (the place is in properties)."""
    return finding.line if has_lines(finding.file) else None


def _finding_result(
    finding: Finding, commune: CommuneResult, index: int, lang: str = "vi"
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [_placed(_location(finding.file, _line(finding)), finding, lang)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint()},
        "properties": {
            "requirement": finding.requirement,
            "task": finding.task,
            "commune": commune.path,
            "unit": commune.unit,
            "source": finding.source,
            "evidence": finding.evidence,
            "deadline": finding.deadline,
            "area": finding.area,
            "pack": finding.pack,
            "review": finding.review,
        },
    }
    if finding.waived is not None:
        result["suppressions"] = [{"kind": "external", "justification": finding.waived}]
    return result


def _problem_result(problem: InputProblem, commune: CommuneResult, index: int) -> dict[str, Any]:
    text = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return {
        "ruleId": INPUT_ERROR,
        "ruleIndex": index,
        "level": "error",
        "message": {"text": text},
        "locations": [_location(problem.file, problem.line)],
        "properties": {"commune": commune.path, "unit": commune.unit, "field": problem.field},
    }


def _notifications(run: RunResult, lang: str) -> list[dict[str, Any]]:
    """The importer's notes: warnings about the run's input, not results about the plan."""
    return [
        {
            "level": "warning",
            "message": {"text": note.message},
            "locations": [_placed(_location(note.file, None), note, lang)],
            "descriptor": {"id": IMPORT_NOTE},
            "properties": {"commune": commune.path, "unit": commune.unit},
        }
        for commune in sorted_communes(run)
        for note in sorted_notes(commune)
    ]


def _not_evaluated_notifications(run: RunResult, index: dict[str, int]) -> list[dict[str, Any]]:
    """Rules not evaluated, one ``note`` per rule and commune (not results: nothing failed,
    nothing passed), at the commune's plan file."""
    notes: list[dict[str, Any]] = []
    for commune in sorted_communes(run):
        for entry in sorted_not_evaluated(commune):
            rule: dict[str, Any] = {"id": entry.rule}
            if entry.rule in index:
                rule["index"] = index[entry.rule]
            note: dict[str, Any] = {
                "level": "note",
                "message": {"text": f"{entry.rule} ({entry.requirement}): {entry.reason}"},
                "associatedRule": rule,
                "properties": {
                    "notEvaluated": True,
                    "requirement": entry.requirement,
                    "reason": entry.reason,
                    "pack": entry.pack,
                    "commune": commune.path,
                    "unit": commune.unit,
                },
            }
            if commune.plan_file:
                note["locations"] = [_location(commune.plan_file, None)]
            notes.append(note)
    return notes


def build(run: RunResult, *, lang: str = "vi") -> dict[str, Any]:
    """The SARIF log as a dict (tests and other tools may want it unserialised)."""
    rules, index = _rule_table(run, lang)
    results: list[dict[str, Any]] = []
    for commune in sorted_communes(run):
        for problem in sorted_problems(commune):
            results.append(_problem_result(problem, commune, index[INPUT_ERROR]))
        for finding in sorted_findings(commune.findings):
            results.append(_finding_result(finding, commune, index[finding.rule], lang))
    inputs = all_inputs(run)
    driver: dict[str, Any] = {
        "name": TOOL_NAME,
        "rules": [_descriptor(rule, lang) for rule in rules],
    }
    if run.tool_version:
        driver["version"] = run.tool_version
    notifications = _notifications(run, lang)
    if notifications:
        text = note_words(lang)["notes"]
        driver["notifications"] = [{"id": IMPORT_NOTE, "shortDescription": {"text": text}}]
    notifications += _not_evaluated_notifications(run, index)
    sarif: dict[str, Any] = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "language": lang,
                "columnKind": "unicodeCodePoints",
                "artifacts": [
                    {"location": _artifact_location(file), "hashes": {"sha-256": digest}}
                    for file, digest in inputs
                ],
                "results": results,
                "properties": {
                    "as_of": run.as_of,
                    "packs": [{"name": n, "version": v} for n, v in run.packs],
                    "inputs": dict(inputs),
                    "communes": [
                        {"path": c.path, "unit": c.unit, "skipped": c.skipped}
                        for c in sorted_communes(run)
                    ],
                    "summary": run.summary(),
                },
            }
        ],
    }
    if notifications:
        invocation = {"executionSuccessful": True, "toolExecutionNotifications": notifications}
        sarif["runs"][0]["invocations"] = [invocation]
    return sarif


def render(run: RunResult, *, lang: str = "vi") -> str:
    """SARIF 2.1.0 JSON text, UTF-8 as is (no \\u escapes of Vietnamese), stable key order."""
    return json.dumps(build(run, lang=lang), ensure_ascii=False, indent=2) + "\n"
