"""``rules test``: run every rule's own examples (Semgrep-style fixtures, run by the tool).

Each example is a plan snippet merged over a minimal valid plan; a ``fire`` example must
produce at least one finding of that rule, a ``clean`` one none. Rules over status reports
take three more keys, removed before the merge: ``reports`` (report files as data; ``unit``
defaults to the example plan's), ``as_of`` (default: the plan's issue date) and
``replaced_by`` (``{number, file}``: the plan is treated as replaced).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nq57check.core.problems import InputError
from nq57check.evaluate import Checker
from nq57check.facts import CommuneFacts, build_plan_facts
from nq57check.facts_reports import add_report_facts, mark_replaced
from nq57check.kinds import REGISTRY
from nq57check.loading.plan import validate_plan
from nq57check.loading.reports import LoadedReport, check_against_plan, validate_report
from nq57check.loading.yamlio import Locations
from nq57check.packs.loader import ResolvedPack

BASE_PLAN: dict[str, Any] = {
    "unit": {"name": "Xã Mẫu", "kind": "xa", "province": "Lai Châu"},
    "document": {
        "number": "12/KH-UBND",
        "issued": dt.date(2026, 2, 10),
        "basis": ["978/KH-UBND", "32-KH/TU"],
    },
    "tasks": [],
}
EXAMPLE_AS_OF = dt.date(2026, 2, 10)


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    expect: str  # "fire" or "clean"
    number: int
    ok: bool
    detail: str


def example_plan(snippet: dict[str, Any]) -> dict[str, Any]:
    plan = copy.deepcopy(BASE_PLAN)
    for key, value in snippet.items():
        if isinstance(value, dict) and isinstance(plan.get(key), dict):
            plan[key] = {**plan[key], **value}
        else:
            plan[key] = value
    return plan


def run_examples(pack: ResolvedPack, only: set[str] | None = None) -> list[ExampleResult]:
    results: list[ExampleResult] = []
    for active in pack.rules:
        rule = active.rule
        if only and rule.id not in only and rule.requirement not in only:
            continue
        checker = Checker.build(pack, [rule.id])
        for expect, snippets in (("fire", rule.examples.fire), ("clean", rule.examples.clean)):
            for number, snippet in enumerate(snippets, 1):
                label = f"{active.file}: {rule.id} example {expect} #{number}"
                snippet = dict(snippet)
                reports = snippet.pop("reports", None)
                as_of = _as_of(snippet.pop("as_of", None))
                replaced = snippet.pop("replaced_by", None)
                if reports is None and REGISTRY[rule.kind].reads_reports:
                    reports = []
                try:
                    plan = validate_plan(example_plan(snippet), Locations(label, {(): 1}))
                    facts = build_plan_facts(
                        plan, Locations(label, {(): 1}), pack.detections, as_of
                    )
                    if reports is not None:
                        _add_reports(facts, reports, label, as_of, pack.parameters)
                except InputError as exc:
                    results.append(ExampleResult(rule.id, expect, number, False, str(exc)))
                    continue
                if isinstance(replaced, dict):
                    mark_replaced(
                        facts, str(replaced.get("number", "")), str(replaced.get("file", ""))
                    )
                found = checker.evaluate(facts, in_force_on=as_of, lang="vi")
                fired = [f for f in found if f.rule == rule.id]
                ok = bool(fired) if expect == "fire" else not fired
                detail = "; ".join(f.message for f in fired) or "no finding"
                results.append(ExampleResult(rule.id, expect, number, ok, detail))
    return results


def _as_of(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)) if value else EXAMPLE_AS_OF


def _add_reports(
    facts: CommuneFacts,
    reports: list[dict[str, Any]],
    label: str,
    as_of: dt.date,
    parameters: dict[str, Any],
) -> None:
    """Validate example reports as the loader would, then add their facts."""
    loaded = []
    for number, data in enumerate(reports, 1):
        where = Locations(f"{label} report #{number}", {(): 1})
        report = validate_report({"unit": {"name": BASE_PLAN["unit"]["name"]}, **data}, where)
        loaded.append(LoadedReport(Path(where.file), where.file, report, where, ""))
    problems = check_against_plan(loaded, facts.plan)
    if problems:
        raise InputError(problems)
    loaded.sort(key=lambda r: r.report.period)
    add_report_facts(facts, loaded, as_of, parameters)
