"""Facts that no pattern can take are kept out of the engine, and the fields no pattern
reads are not sent to it; neither changes a match, and the actions see whole facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nq57check.check.commune import Options, Session
from nq57check.engine.durable_adapter import (
    CompiledRuleset,
    RuleSpec,
    normalise_condition,
    prepare_fact,
)
from nq57check.engine.relevance import FactFilter, fields_read, plan_pattern
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
    alternatives = draw(st.integers(0, 6))
    if alternatives == 0:
        parts.append({"$or": [{"x": draw(VALUES)}, {"y": draw(VALUES)}]})
    elif alternatives == 1:  # one field's constants: the filter models it as a set test
        name = draw(st.sampled_from(FIELDS))
        parts.append({"$or": [{name: v} for v in draw(st.lists(VALUES, min_size=1, max_size=3))]})
    return {"$and": parts}


@st.composite
def rules(draw: st.DrawFn) -> list[RuleSpec]:
    specs = []
    for number in range(draw(st.integers(1, 3))):
        first = draw(condition(None))
        patterns = [("p0", first)]
        if draw(st.booleans()):
            patterns.append(("p1", draw(condition("p0"))))
        absent = tuple(draw(st.lists(condition(draw(st.sampled_from(["p0", None]))), max_size=2)))
        specs.append(RuleSpec(f"r{number}", tuple(patterns), absent))
    return specs


def outcome(ruleset: CompiledRuleset, given_facts: list[dict[str, Any]]) -> list[Any]:
    return sorted(
        (m.rule, tuple(sorted((alias, f["n"]) for alias, f in m.facts.items())))
        for m in ruleset.run(given_facts)
    )


NEGATION_ONLY = [RuleSpec("r0", (("p0", {"kind": "a"}),), ({"kind": "b"},))]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=rules(), given_facts=facts())
@example(specs=NEGATION_ONLY, given_facts=[{"kind": "a", "n": 0}, {"kind": "b", "n": 1}])
@example(  # a blocker bound to a positive pattern does not block its own match
    specs=[RuleSpec("r", (("p0", {"kind": "a"}), ("p1", {"kind": "c", "y": 0})), ({"kind": "c"},))],
    given_facts=[{"kind": "c", "n": 0, "y": 0}, {"kind": "a", "n": 1}, {"kind": "c", "n": 2}],
)
def test_pruning_never_changes_the_matches(
    specs: list[RuleSpec], given_facts: list[dict[str, Any]]
) -> None:
    pruned = CompiledRuleset(specs)
    everything = CompiledRuleset(specs, prune=False, project=False)
    assert outcome(pruned, given_facts) == outcome(everything, given_facts)


def test_only_fields_some_pattern_reads_are_sent_and_matches_carry_whole_facts() -> None:
    specs = [
        RuleSpec(
            "r",
            (
                ("t", {"kind": "task", "late": 1}),
                ("u", {"kind": "update", "idx": {"t": "idx"}}),
            ),
            ({"kind": "evidence", "$neq": {"channel": "paper"}},),
        )
    ]
    read, read_of_all = fields_read(
        [[(alias, normalise_condition(c)) for alias, c in spec.patterns] for spec in specs]
        + [[("e$not", normalise_condition(specs[0].absent[0]))]]
    )
    assert read["task"] == {"kind", "late", "idx"}  # idx: the update joins on it
    assert read["update"] == {"kind", "idx"}
    assert read["evidence"] == {"kind", "channel"}
    assert read_of_all == {"kind"}
    ruleset = CompiledRuleset(specs)
    task = {"kind": "task", "late": 1, "idx": 3, "name": "Mạng truyền số liệu", "line": 12}
    update = {"kind": "update", "idx": 3, "note": "đã xong", "month": 11}
    sent = ruleset._projected(prepare_fact(task))
    assert sent == {"kind": "task", "late": 1, "idx": 3}
    (match,) = ruleset.run([task, update])
    assert match.facts == {"t": task, "u": update}


def kept(rule: list[tuple[str, dict[str, Any]]], given_facts: list[dict[str, Any]]) -> list[int]:
    chosen = FactFilter([rule]).select(given_facts)
    return [n for n, wanted in enumerate(chosen) if wanted]


def test_constants_missing_fields_and_other_kinds_exclude_a_fact() -> None:
    rule = [("u", {"$and": [{"kind": "update"}, {"latest": 1}, {"closed": 1}]})]
    given_facts = [
        {"kind": "update", "latest": 1, "closed": 1, "idx": 3},
        {"kind": "update", "latest": 0, "closed": 1},
        {"kind": "update", "closed": 1},  # no 'latest' at all
        {"kind": "update", "latest": "1", "closed": 1},  # another type: left to the engine
        {"kind": "evidence", "latest": 1, "closed": 1},
    ]
    assert kept(rule, given_facts) == [0, 3]
    assert kept([("t", {"$and": [{"kind": "task"}, {"$mt": {"name": "x"}}]})], [{"kind": "task"}])


def test_joins_keep_only_facts_with_a_partner() -> None:
    rule = [
        ("p", {"kind": "tperiod"}),
        ("absent_1$not", {"$and": [{"kind": "update"}, {"idx": {"p": "idx"}}, {"fresh": 1}]}),
    ]
    given_facts = [
        {"kind": "tperiod", "idx": 2},
        {"kind": "update", "idx": 2, "fresh": 1},
        {"kind": "update", "idx": 5, "fresh": 1},  # no period of task 5: blocks nothing
        {"kind": "update", "idx": "2", "fresh": 1},  # another type: left to the engine
        {"kind": "update", "idx": [2], "fresh": 1},  # unhashable: left to the engine
    ]
    assert kept(rule, given_facts) == [0, 1, 3, 4]
    assert plan_pattern("u", rule[1][1]).joins == (("idx", "p", "idx"),)


def test_a_commune_with_reports_has_facts_no_rule_reads_and_same_findings_without_them() -> None:
    session = Session(Options(as_of=dt.date(2026, 12, 20)))
    plan = ROOT / "examples" / "lai-chau-demo" / "plan.yaml"
    result = session.check_file(plan, dt.date(2026, 12, 20))
    checker = session.checker("lai-chau")
    loaded = session.load(plan, "plan.yaml")
    built = checker.facts_for(loaded, dt.date(2026, 12, 20))
    chosen = checker.ruleset._filter.select([prepare_fact(f) for f in built.facts])
    assert 0 < sum(chosen) < len(built.facts)
    unpruned = CompiledRuleset(checker.ruleset.specs, prune=False)
    assert sorted(m.rule for m in unpruned.run(built.facts)) == sorted(
        m.rule for m in checker.ruleset.run(built.facts)
    )
    assert result.findings


def read_by(condition: Any) -> set[str]:
    """Every field named anywhere in a condition."""
    if isinstance(condition, list):
        return set().union(*(read_by(item) for item in condition))
    if not isinstance(condition, dict):
        return set()
    out: set[str] = set()
    for key, value in condition.items():
        if key in ("$and", "$or"):
            out |= read_by(value)
        elif key.startswith("$"):
            out |= set(value)
        else:
            out.add(key)
    return out


def certainly_not(actual: Any, alternatives: list[Any]) -> bool:
    """No alternative can equal ``actual``: missing, or same type and unequal to every one."""
    return actual is None or all(type(actual) is type(v) and actual != v for v in alternatives)


def reference_select(
    rules: list[list[tuple[str, dict[str, Any]]]], given_facts: list[dict[str, Any]]
) -> list[bool]:
    """The filter's rules, written out the slow way: every rule, every pattern, every fact;
    a negated pattern keeps, of each look at the fields it reads, one fact more than the rule
    has positive patterns."""
    keep = [False] * len(given_facts)
    for rule in rules:
        candidates: dict[str, list[int]] = {}
        for alias, condition in rule:
            plan = plan_pattern(alias, condition)
            parts = condition.get("$and", [condition])
            sets = [  # {"$or": [{"x": 0}, {"x": 1}]}: x is one of them
                (next(iter(part["$or"][0])), [next(iter(a.values())) for a in part["$or"]])
                for part in parts
                if "$or" in part and len({next(iter(a)) for a in part["$or"]}) == 1
            ]
            chosen: list[int] = []
            if plan.possible:
                for n, fact in enumerate(given_facts):
                    if plan.kind is not None and fact.get("kind") != plan.kind:
                        continue
                    constants = [
                        (key, value)
                        for part in parts
                        for key, value in part.items()
                        if not key.startswith("$") and not isinstance(value, dict) and key != "kind"
                    ]
                    if all(not certainly_not(fact.get(k), [v]) for k, v in constants) and all(
                        not certainly_not(fact.get(k), values) for k, values in sets
                    ):
                        chosen.append(n)
            for field, other, other_field in plan.joins:
                if other not in candidates:
                    continue
                partners = [given_facts[n].get(other_field) for n in candidates[other]]
                partners = [v for v in partners if v is not None]
                chosen = [  # a partner, or a value of a type no partner has
                    n
                    for n in chosen
                    if partners
                    and (value := given_facts[n].get(field)) is not None
                    and (value in partners or all(type(value) is not type(v) for v in partners))
                ]
            candidates[alias] = chosen
            looks: dict[tuple[Any, ...], int] = {}
            fields = sorted(read_by(condition) | {"kind"})
            positives = sum(1 for other, _ in rule if not other.endswith("$not"))
            for n in chosen:
                look = tuple(given_facts[n].get(f) for f in fields)
                looks[look] = looks.get(look, 0) + 1
                if alias.endswith("$not") and looks[look] > positives + 1:
                    continue  # positives + 1 of a look: one is free whatever a match binds
                keep[n] = True
    return keep


@st.composite
def filter_rules(draw: st.DrawFn) -> list[list[tuple[str, dict[str, Any]]]]:
    """Rules as the filter sees them, kinds in conflict included (no single kind)."""
    out = []
    for _ in range(draw(st.integers(1, 5))):
        first = draw(condition(None))
        if draw(st.integers(0, 5)) == 0:
            first = {"$and": [*first["$and"], {"kind": "b"}, {"kind": "c"}]}
        rule = [("p0", normalise_condition(first))]
        for number in range(draw(st.integers(0, 2))):
            alias = f"p{number + 1}" if draw(st.booleans()) else f"absent_{number + 1}$not"
            rule.append((alias, normalise_condition(draw(condition("p0")))))
        out.append(rule)
    return out


@settings(max_examples=150, deadline=None)
@given(rules=filter_rules(), given_facts=facts())
def test_the_filter_keeps_what_the_pattern_by_pattern_walk_keeps(
    rules: list[list[tuple[str, dict[str, Any]]]], given_facts: list[dict[str, Any]]
) -> None:
    """Tests settled once per ruleset, kinds kept whole, prefixes of tests shared and joins
    inlined: the same facts as the plain walk over every pattern."""
    assert FactFilter(rules).select(given_facts) == reference_select(rules, given_facts)


def test_a_join_with_no_partner_at_all_takes_no_fact_and_matches_stay_the_same() -> None:
    specs = [
        RuleSpec(
            "r",
            (("p", {"kind": "tperiod", "unit": "m"}),),
            ({"kind": "update", "idx": {"p": "idx"}, "fresh": 1},),
        )
    ]
    given_facts = [
        {"kind": "tperiod", "unit": "q", "idx": 1, "n": 0},  # not monthly: no partner
        {"kind": "update", "idx": 1, "fresh": 1, "n": 1},
    ]
    pruned = CompiledRuleset(specs)
    assert pruned._filter.select([prepare_fact(f) for f in given_facts]) == [False, False]
    everything = CompiledRuleset(specs, prune=False, project=False)
    assert outcome(pruned, given_facts) == outcome(everything, given_facts) == []
    given_facts[0]["unit"] = "m"  # now the update blocks the match
    assert pruned._filter.select([prepare_fact(f) for f in given_facts]) == [True, True]
    assert outcome(pruned, given_facts) == outcome(everything, given_facts) == []


def test_alternatives_of_one_field_are_a_set_test() -> None:
    states = {"$or": [{"vstate": "missing"}, {"vstate": "broken"}]}
    rule = [("e", normalise_condition({"$and": [{"kind": "evidence"}, states]}))]
    given_facts = [
        {"kind": "evidence", "vstate": "missing"},
        {"kind": "evidence", "vstate": "broken"},
        {"kind": "evidence", "vstate": "none"},  # text, none of them: excluded
        {"kind": "evidence"},  # no vstate at all: excluded
        {"kind": "evidence", "vstate": 3},  # another type: left to the engine
    ]
    assert kept(rule, given_facts) == [0, 1, 4]
    two_fields = {"$or": [{"vstate": "missing"}, {"late": 1}]}  # not one field: the engine's
    rule = [("e", normalise_condition({"$and": [{"kind": "evidence"}, two_fields]}))]
    assert kept(rule, given_facts) == [0, 1, 2, 3, 4]


def test_a_negation_keeps_one_fact_of_each_look_and_the_matches_stay_the_same() -> None:
    specs = [
        RuleSpec(
            "r",
            (("t", {"kind": "task"}),),
            ({"kind": "evidence", "idx": {"t": "idx"}, "signed": 1, "$neq": {"channel": "paper"}},),
        )
    ]
    given_facts: list[dict[str, Any]] = [
        {"kind": "task", "idx": 1, "n": 0},
        {"kind": "task", "idx": 2, "n": 1},
    ]
    for month in range(12):  # the same item restated every month: one look, kept 3 times
        given_facts.append({"kind": "evidence", "idx": 1, "signed": 1, "channel": "edoc",
                            "month": month, "n": 2 + month})  # fmt: skip
    given_facts.append({"kind": "evidence", "idx": 1, "signed": 1, "channel": "paper", "n": 14})
    given_facts.append({"kind": "evidence", "idx": 2, "signed": 1, "channel": "paper", "n": 15})
    pruned = CompiledRuleset(specs)
    chosen = pruned._filter.select([prepare_fact(f) for f in given_facts])
    # positive patterns: t and the adapter's trigger; a match binds at most two facts
    assert [n for n, wanted in enumerate(chosen) if wanted] == [0, 1, 2, 3, 4, 14, 15]
    everything = CompiledRuleset(specs, prune=False, project=False)
    assert outcome(pruned, given_facts) == outcome(everything, given_facts) == [("r", (("t", 1),))]
