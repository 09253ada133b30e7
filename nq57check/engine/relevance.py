"""Which facts could take part in a match at all; the others need not reach the engine.

A fact stored in a durable-rules session costs the C core ~10 KB and time to serialise and
index; in a commune with twelve reports most facts (older monthly updates, updates of
tasks with no recurring period, ...) can never complete a match. Every fact is asserted
before the engine decides anything, so this can be settled up front, pattern by pattern:

- a fact is a *candidate* for a pattern if it passes the pattern's ``field == constant``
  tests (a missing field fails them, as in the engine);
- a pattern that joins another (``{"idx": {"p": "idx"}}``) keeps only candidates whose
  value some candidate of ``p`` has (a semi-join; aliases only refer to earlier ones);
- a negated pattern is treated the same way: a fact that could block no match is inert.

A fact that is a candidate of no pattern is left out. Tests this module does not model
(comparisons, regexes, alternatives) never exclude a fact, and values of different types
are left to the engine, so the matches are the same: ``tests/test_engine_relevance.py``
checks that against the engine itself.

The same walk tells which fields the patterns read at all (:func:`fields_read`): the
adapter sends the engine only those, and hands the actions the whole fact back.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Fact = dict[str, Any]


@dataclass(frozen=True, slots=True)
class OneOf:
    """The constants of an ``$or`` of equalities on one field (``vstate`` is one of ...).

    A fact is certainly excluded only when its value has the alternatives' one type and
    equals none of them; a value of another type is left to the engine, as for ``==``.
    """

    values: frozenset[Any]
    single: type | None  # the alternatives' type, when they have one

    def admits(self, actual: Any) -> bool:
        if self.single is None or type(actual) is not self.single:
            return True
        return actual in self.values


@dataclass(frozen=True, slots=True)
class PatternPlan:
    alias: str
    kind: str | None  # None: no usable kind test, every fact is a candidate
    possible: bool  # False when the conjunction asks for two different kinds
    tests: tuple[tuple[str, Any], ...]  # field == constant, or field in OneOf
    joins: tuple[tuple[str, str, str], ...]  # (field, other alias, other field)
    negated: bool = False  # a ``$not`` pattern: a few facts of each look block as all do
    reads: tuple[str, ...] = ()  # every field the condition reads, sorted


def _one_of(alternatives: Any) -> tuple[str, OneOf] | None:
    """``{"$or": [{"f": 1}, {"f": 2}]}`` as ``("f", OneOf({1, 2}))``; None for anything else."""
    if not isinstance(alternatives, list) or not alternatives:
        return None
    fields, values = set(), []
    for item in alternatives:
        if not isinstance(item, dict) or len(item) != 1:
            return None
        ((key, value),) = item.items()
        if key.startswith("$") or isinstance(value, bool) or not isinstance(value, (int, str)):
            return None
        fields.add(key)
        values.append(value)
    if len(fields) != 1:
        return None
    types = {type(v) for v in values}
    single = next(iter(types)) if len(types) == 1 else None
    return fields.pop(), OneOf(frozenset(values), single)


def plan_pattern(alias: str, condition: dict[str, Any]) -> PatternPlan:
    """The constant tests and joins of a normalised condition's conjunction."""
    tests: list[tuple[str, Any]] = []
    choices: list[tuple[str, Any]] = []
    joins: list[tuple[str, str, str]] = []

    def walk(part: dict[str, Any]) -> None:
        for key, value in part.items():
            if key == "$and":
                for item in value:
                    walk(item)
            elif key == "$or":  # alternatives of one field's constants: a set test
                choice = _one_of(value)
                if choice is not None:
                    choices.append(choice)
            elif key.startswith("$"):
                continue  # comparisons, regexes, other alternatives: left to the engine
            elif isinstance(value, dict):
                ((other, other_field),) = value.items()
                joins.append((key, other, other_field))
            elif isinstance(value, (int, str)):
                tests.append((key, value))

    walk(condition)
    kinds = {value for key, value in tests if key == "kind"}
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    rest = tuple(t for t in tests if t[0] != "kind") + tuple(choices)
    reads: set[str] = {"kind"}
    _fields_of(condition, reads)
    return PatternPlan(
        alias,
        kind,
        len(kinds) <= 1,
        rest,
        tuple(joins),
        alias.endswith("$not"),
        tuple(sorted(reads)),
    )


def _passes(fact: Fact, tests: tuple[tuple[str, Any], ...]) -> bool:
    for key, expected in tests:
        actual = fact.get(key)
        if actual is None:
            return False
        if type(expected) is OneOf:
            if not expected.admits(actual):
                return False
        elif type(actual) is type(expected) and actual != expected:
            return False
    return True


def _passing(
    facts: Sequence[Fact],
    pool: Sequence[int],
    kind: Any,
    tests: tuple[tuple[str, Any], ...],
    cache: dict[tuple[Any, ...], list[int]],
) -> list[int]:
    """The facts of ``pool`` that pass ``tests`` (as :func:`_passes`), narrowed one test at
    a time; each prefix is remembered, since patterns share their first tests."""
    key = (kind, tests)
    chosen = cache.get(key)
    if chosen is not None:
        return chosen
    if not tests:
        chosen = list(pool)
    else:
        name, expected = tests[-1]
        before = _passing(facts, pool, kind, tests[:-1], cache)
        if type(expected) is OneOf:  # OneOf.admits, inline
            single, values = expected.single, expected.values
            chosen = [
                n
                for n in before
                if (actual := facts[n].get(name)) is not None
                and (single is None or type(actual) is not single or actual in values)
            ]
        else:
            wanted = type(expected)
            chosen = [
                n
                for n in before
                if (actual := facts[n].get(name)) is not None
                and (actual == expected or type(actual) is not wanted)
            ]
    cache[key] = chosen
    return chosen


def _joinable(value: Any, partners: set[Any], partner_types: set[type]) -> bool:
    if value is None:
        return False
    try:
        if value in partners:
            return True
    except TypeError:  # unhashable (a list): left to the engine
        return True
    return type(value) not in partner_types  # only a same-type mismatch is certain


class FactFilter:
    """Built once per ruleset from each rule's patterns, in order (negations last).

    What depends only on the patterns is settled here, once: a pattern without joins keeps
    every fact that passes its constant tests, whatever the other facts are, so those tests
    are grouped by kind (a kind with a pattern that tests nothing keeps all its facts) and
    applied in one pass over the facts; only rules with a join are walked per commune.

    A negated pattern needs only a few facts of each look: facts equal in every field its
    condition reads block the same matches, except that a fact bound to one of the rule's
    positive patterns does not block that match (the engine takes a fact once per match).
    A match binds at most one fact per positive pattern, so keeping one more fact of each
    look than the rule has positive patterns blocks exactly what all of them block (the
    same evidence item restated in twelve monthly reports is kept three or four times).
    """

    __slots__ = ("_free", "_free_any", "_joined", "_negations", "_rules", "_whole")

    def __init__(self, rules: Iterable[Sequence[tuple[str, dict[str, Any]]]]) -> None:
        self._rules = [[plan_pattern(alias, cond) for alias, cond in rule] for rule in rules]
        # facts of each look a negation keeps: one more than a match binds (positive patterns)
        limits = [1 + sum(1 for p in rule if not p.negated) for rule in self._rules]
        self._joined = [
            (rule, limit)
            for rule, limit in zip(self._rules, limits, strict=True)
            if any(p.joins for p in rule)
        ]
        free: dict[Any, list[tuple[tuple[str, Any], ...]]] = {}
        free_any: list[tuple[tuple[str, Any], ...]] = []
        negations: dict[tuple[Any, ...], tuple[PatternPlan, int]] = {}
        for rule, limit in zip(self._rules, limits, strict=True):
            for pattern in rule:
                if pattern.joins or not pattern.possible:
                    continue
                if pattern.negated:  # a few facts of each look: select's own pass
                    key = (pattern.kind, pattern.tests, pattern.reads)
                    _, most = negations.get(key, (pattern, 0))
                    negations[key] = (pattern, max(most, limit))
                    continue
                tests = free_any if pattern.kind is None else free.setdefault(pattern.kind, [])
                if pattern.tests not in tests:
                    tests.append(pattern.tests)
        # a kind some pattern takes whatever its fields: every fact of it is kept
        self._whole = frozenset(kind for kind, tests in free.items() if () in tests)
        self._free = {kind: tuple(t) for kind, t in free.items() if kind not in self._whole}
        self._free_any = tuple(free_any)
        self._negations = tuple(negations.values())

    def select(self, facts: Sequence[Fact]) -> list[bool]:
        """For each fact, whether it could take part in some match."""
        keep = [False] * len(facts)
        whole, free, free_any = self._whole, self._free, self._free_any
        every = () in free_any
        by_kind: dict[Any, list[int]] = {}
        for number, fact in enumerate(facts):
            by_kind.setdefault(fact.get("kind"), []).append(number)
        passing: dict[tuple[Any, ...], list[int]] = {}  # rules share most of their tests
        others: dict[tuple[Any, ...], list[int]] = {}  # kind-less tests, per kind's facts
        for kind, numbers in by_kind.items():  # test by test over a kind's facts at once
            if every or kind in whole:
                chosen_lists = [numbers]
            else:
                chosen_lists = [
                    _passing(facts, numbers, kind, tests, passing) for tests in free.get(kind, ())
                ]
                chosen_lists += [
                    _passing(facts, numbers, ("*", kind), tests, others) for tests in free_any
                ]
            for chosen in chosen_lists:
                for number in chosen:
                    keep[number] = True
        everything = range(len(facts))
        for pattern, limit in self._negations:
            pool = everything if pattern.kind is None else by_kind.get(pattern.kind, ())
            chosen = _passing(facts, pool, pattern.kind, pattern.tests, passing)
            _keep_distinct(facts, chosen, pattern.reads, limit, keep)
        if self._joined:
            self._join(facts, by_kind, keep, passing)
        return keep

    def _join(
        self,
        facts: Sequence[Fact],
        by_kind: dict[Any, list[int]],
        keep: list[bool],
        passing: dict[tuple[Any, ...], list[int]],
    ) -> None:
        """Mark the facts a joining pattern keeps: the candidates with a partner."""
        everything = range(len(facts))
        for rule, limit in self._joined:
            candidates: dict[str, list[int]] = {}
            for pattern in rule:
                if not pattern.possible:
                    candidates[pattern.alias] = []
                    continue
                pool = everything if pattern.kind is None else by_kind.get(pattern.kind, ())
                chosen = _passing(facts, pool, pattern.kind, pattern.tests, passing)
                if not pattern.joins:
                    candidates[pattern.alias] = chosen  # marked by select's own passes
                    continue
                for field, other, other_field in pattern.joins:
                    if other not in candidates:  # a join we cannot follow: no narrowing
                        continue
                    try:
                        values = {facts[n].get(other_field) for n in candidates[other]}
                    except TypeError:  # unhashable values: no narrowing
                        continue
                    values.discard(None)
                    if not values:  # no fact for it to join: the pattern takes none
                        chosen = []
                        break
                    types = {type(v) for v in values}
                    try:  # _joinable, inline: this runs for every update of a commune
                        chosen = [
                            n
                            for n in chosen
                            if (value := facts[n].get(field)) in values
                            or (value is not None and type(value) not in types)
                        ]
                    except TypeError:  # an unhashable value: left to the engine
                        chosen = [
                            n for n in chosen if _joinable(facts[n].get(field), values, types)
                        ]
                candidates[pattern.alias] = chosen
                if pattern.negated:
                    _keep_distinct(facts, chosen, pattern.reads, limit, keep)
                else:
                    for number in chosen:
                        keep[number] = True


def _keep_distinct(
    facts: Sequence[Fact],
    chosen: Sequence[int],
    reads: tuple[str, ...],
    limit: int,
    keep: list[bool],
) -> None:
    """Mark the first ``limit`` of ``chosen`` of each look (its values of ``reads``) for a
    negation; facts whose values cannot be compared (a list) are all kept."""
    seen: dict[Any, int] = {}
    look_of = _getter(reads)
    try:
        for number in chosen:
            fact = facts[number]
            try:
                look = look_of(fact)
            except KeyError:  # a field it reads is missing: that is part of its look
                look = tuple(map(fact.get, reads))
            count = seen.get(look, 0)
            if count < limit:
                seen[look] = count + 1
                keep[number] = True
    except TypeError:  # unhashable: every candidate is kept
        for number in chosen:
            keep[number] = True


@functools.cache
def _getter(reads: tuple[str, ...]) -> Callable[[Fact], Any]:
    """The values of ``reads`` of a fact that has them all (a tuple, or one value alone:
    either way the same fields give the same look)."""
    return operator.itemgetter(*reads)


def _fields_of(condition: dict[str, Any], into: set[str]) -> None:
    for key, value in condition.items():
        if key in ("$and", "$or"):
            for item in value:
                _fields_of(item, into)
        elif key.startswith("$"):
            into.update(value)  # {"$lt": {"field": constant}}, $mt, $ex, $nex
        else:
            into.add(key)


def fields_read(
    rules: Iterable[Sequence[tuple[str, dict[str, Any]]]],
) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """Per kind, the fields some pattern tests or joins on; and the fields read of every kind.

    A join ``{"idx": {"p": "idx"}}`` reads ``idx`` of this pattern's kind and of ``p``'s.
    A pattern with no single kind reads its fields of every kind.
    """
    by_kind: dict[str, set[str]] = {}
    common: set[str] = {"kind"}
    for rule in rules:
        plans = {alias: plan_pattern(alias, condition) for alias, condition in rule}
        for alias, condition in rule:
            kind = plans[alias].kind
            _fields_of(condition, common if kind is None else by_kind.setdefault(kind, set()))
            for _field, other, other_field in plans[alias].joins:
                other_kind = plans[other].kind if other in plans else None
                if other_kind is None:
                    common.add(other_field)
                else:
                    by_kind.setdefault(other_kind, set()).add(other_field)
    read = {kind: frozenset(fields | common) for kind, fields in by_kind.items()}
    return read, frozenset(common)
