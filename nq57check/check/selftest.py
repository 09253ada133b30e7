"""``rules test``: run every rule's own examples (Semgrep-style fixtures, run by the tool).

Each example is a plan snippet merged over a minimal valid plan; a ``fire`` example must
produce at least one finding of that rule, a ``clean`` one none. Rules over status reports
take three more keys, removed before the merge: ``reports`` (report files as data; ``unit``
defaults to the example plan's), ``as_of`` (default: the plan's issue date) and
``replaced_by`` (``{number, file}``: the plan is treated as replaced) and ``verified``
(evidence file -> what its verification found: ``{state, reason, organisation,
common_name, signed_at, trust_checked, number_found}``; a named file not listed there is
missing), so rules over evidence files are tested without a file.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nq57check.check.commune import commune_findings
from nq57check.check.evaluate import Checker
from nq57check.core.problems import InputError
from nq57check.evidence.verdict import Verdict
from nq57check.findings import Finding
from nq57check.kinds import REGISTRY
from nq57check.loading.models import Plan
from nq57check.loading.plan import LoadedPlan, validate_plan
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
                if reports is None and REGISTRY[rule.kind].reads_reports:
                    reports = []
                try:
                    found = example_findings(
                        checker,
                        snippet,
                        label,
                        as_of=snippet.pop("as_of", None),
                        reports=reports,
                        replaced=snippet.pop("replaced_by", None),
                        verified=snippet.pop("verified", None),
                    )
                except InputError as exc:
                    results.append(ExampleResult(rule.id, expect, number, False, str(exc)))
                    continue
                fired = [f for f in found if f.rule == rule.id]
                ok = bool(fired) if expect == "fire" else not fired
                detail = "; ".join(f.message for f in fired) or "no finding"
                results.append(ExampleResult(rule.id, expect, number, ok, detail))
    return results


def example_findings(
    checker: Checker,
    snippet: dict[str, Any],
    label: str = "plan.yaml",
    *,
    as_of: object = None,
    reports: list[dict[str, Any]] | None = None,
    replaced: object = None,
    verified: object = None,
) -> list[Finding]:
    """An example plan's findings, through the one commune pipeline (InputError if the
    example itself is unusable, a bad ``as_of`` included)."""
    on = _as_of(as_of, label)
    where = Locations(label, {(): 1})
    plan = validate_plan(example_plan(snippet), where)
    loaded = LoadedPlan(Path(label), label, plan, where, "")
    loaded_reports = None if reports is None else _example_reports(reports, label, plan)
    replacing = None
    if isinstance(replaced, dict):
        replacing = (str(replaced.get("number", "")), str(replaced.get("file", "")))
    verdicts = _example_verdicts(loaded_reports or [], verified, label)
    return commune_findings(
        checker,
        loaded,
        on,
        lang="vi",
        reports=loaded_reports,
        replacing=replacing,
        verdicts=verdicts,
    )


def _example_verdicts(
    reports: list[LoadedReport], verified: object, label: str
) -> dict[tuple[str, str, int], Verdict]:
    """The verdicts an example states for its evidence files (unlisted: missing)."""
    given = verified if isinstance(verified, dict) else {}
    verdicts: dict[tuple[str, str, int], Verdict] = {}
    for loaded in reports:
        for task_id, update in loaded.report.tasks.items():
            for index, item in enumerate(update.evidence):
                if item.file is None:
                    continue
                fields = dict(given.get(item.file) or {"state": "missing", "reason": "missing"})
                when = fields.get("signed_at")
                if isinstance(when, str):
                    fields["signed_at"] = dt.datetime.fromisoformat(when)
                try:
                    verdict = Verdict(**{"file": item.file, **fields})
                except TypeError as exc:
                    raise InputError.single(label, f"verified: {exc}", field="verified") from exc
                verdicts[(loaded.display, task_id, index)] = verdict
    return verdicts


def _as_of(value: object, label: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not value:
        return EXAMPLE_AS_OF
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError.single(
            label, f"as_of {str(value)!r} is not a date (YYYY-MM-DD)", field="as_of"
        ) from None


def _example_reports(
    reports: list[dict[str, Any]], label: str, plan: Plan
) -> list[LoadedReport]:
    """Validate example reports as the loader would."""
    loaded = []
    for number, data in enumerate(reports, 1):
        where = Locations(f"{label} report #{number}", {(): 1})
        report = validate_report({"unit": {"name": BASE_PLAN["unit"]["name"]}, **data}, where)
        loaded.append(LoadedReport(Path(where.file), where.file, report, where, ""))
    problems = check_against_plan(loaded, plan)
    if problems:
        raise InputError(problems)
    loaded.sort(key=lambda r: r.report.period)
    return loaded
