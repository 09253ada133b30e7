"""Facts that no pattern can take are kept out of the engine, and that changes no match."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nq57check.engine.durable_adapter import CompiledRuleset, RuleSpec, prepare_fact
from nq57check.engine.relevance import FactFilter, constant_tests
from nq57check.runner import Options, Session
from tests.conftest import ROOT

VALUES = st.sampled_from([0, 1, "p"])
FIELDS = ("x", "y")


@st.composite
def facts(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for number in range(draw(st.integers(2, 12))):
        fact: dict[str, Any] = {
            "kind": draw(st.sampled_from(["a", "b", "a", "b", "c"])),
            "n": number,
        }
        for name in FIELDS:
            if draw(st.booleans()):
                fact[name] = draw(VALUES)
        out.append(fact)
    return out


@st.composite
def condition(draw: st.DrawFn, join_to: str | None) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"kind": draw(st.sampled_from(["a", "b", "c"]))}]
    for name in FIELDS:
        test = draw(st.sampled_from(["none", "none", "none", "const", "const", "join", "cmp"]))
        if test == "const":
            parts.append({name: draw(VALUES)})
        elif test == "join" and join_to:
            parts.append({name: {join_to: name}})
        elif test == "cmp":
            parts.append({"$gte": {name: 1}})
    if draw(st.integers(0, 4)) == 0:
        parts.append({"$or": [{"x": draw(VALUES)}, {"y": draw(VALUES)}]})
    return {"$and": parts}


@st.composite
def rules(draw: st.DrawFn) -> list[RuleSpec]:
    specs = []
    for number in range(draw(st.integers(1, 3))):
        first = draw(condition(None))
        patterns = [("p0", first)]
        if draw(st.booleans()):
            patterns.append(("p1", draw(condition("p0"))))
        absent = tuple(draw(st.lists(condition("p0"), max_size=1)))
        specs.append(RuleSpec(f"r{number}", tuple(patterns), absent))
    return specs


def outcome(ruleset: CompiledRuleset, given_facts: list[dict[str, Any]]) -> list[Any]:
    return sorted(
        (m.rule, tuple(sorted((alias, f["n"]) for alias, f in m.facts.items())))
        for m in ruleset.run(given_facts)
    )


NEGATION_ONLY = [RuleSpec("r0", (("p0", {"kind": "a"}),), ({"kind": "b"},))]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=rules(), given_facts=facts())
@example(specs=NEGATION_ONLY, given_facts=[{"kind": "a", "n": 0}, {"kind": "b", "n": 1}])
def test_pruning_never_changes_the_matches(
    specs: list[RuleSpec], given_facts: list[dict[str, Any]]
) -> None:
    pruned = CompiledRuleset(specs)
    everything = CompiledRuleset(specs, prune=False)
    assert outcome(pruned, given_facts) == outcome(everything, given_facts)


def test_missing_or_different_constants_are_pruned_others_kept() -> None:
    keep = FactFilter(
        [
            {"$and": [{"kind": "update"}, {"latest": 1}, {"closed": 1}]},
            {"$and": [{"kind": "task"}, {"$mt": {"name": ".*"}}]},
        ]
    )
    assert keep.keeps({"kind": "update", "latest": 1, "closed": 1, "idx": 3})
    assert not keep.keeps({"kind": "update", "latest": 0, "closed": 1})
    assert not keep.keeps({"kind": "update", "closed": 1})  # no 'latest' at all
    assert keep.keeps({"kind": "update", "latest": "1", "closed": 1})  # left to the engine
    assert keep.keeps({"kind": "task"})  # only a regex test: every task may match
    assert not keep.keeps({"kind": "evidence", "latest": 1})  # no pattern of that kind
    assert constant_tests({"$and": [{"kind": "t"}, {"$and": [{"a": 1}]}, {"b": {"x": "b"}}]}) == (
        ("kind", "t"),
        ("a", 1),
    )


def test_a_commune_with_reports_has_facts_no_rule_reads_and_same_findings_without_them() -> None:
    session = Session(Options(as_of=dt.date(2026, 12, 20)))
    plan = ROOT / "examples" / "lai-chau-demo" / "plan.yaml"
    result = session.check_file(plan, dt.date(2026, 12, 20))
    checker = session.checker("lai-chau")
    loaded = session.load(plan, "plan.yaml")
    built = checker.facts_for(loaded, dt.date(2026, 12, 20))
    kept = [f for f in built.facts if checker.ruleset._filter.keeps(prepare_fact(f))]
    assert 0 < len(kept) < len(built.facts)
    unpruned = CompiledRuleset(checker.ruleset.specs, prune=False)
    assert sorted(m.rule for m in unpruned.run(built.facts)) == sorted(
        m.rule for m in checker.ruleset.run(built.facts)
    )
    assert result.findings
