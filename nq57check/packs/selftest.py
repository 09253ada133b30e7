"""``rules test``: run every rule's own examples (Semgrep-style fixtures, run by the tool).

Each example is a plan snippet merged over a minimal valid plan; a ``fire`` example must
produce at least one finding of that rule, a ``clean`` one none.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from nq57check.evaluate import Checker
from nq57check.facts import build_plan_facts
from nq57check.loading.errors import InputError
from nq57check.loading.plan import validate_plan
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
                try:
                    plan = validate_plan(example_plan(snippet), Locations(label, {(): 1}))
                except InputError as exc:
                    results.append(ExampleResult(rule.id, expect, number, False, str(exc)))
                    continue
                facts = build_plan_facts(
                    plan, Locations(label, {(): 1}), pack.detections, EXAMPLE_AS_OF
                )
                found = checker.evaluate(facts, in_force_on=EXAMPLE_AS_OF, lang="vi")
                fired = [f for f in found if f.rule == rule.id]
                ok = bool(fired) if expect == "fire" else not fired
                detail = "; ".join(f.message for f in fired) or "no finding"
                results.append(ExampleResult(rule.id, expect, number, ok, detail))
    return results
