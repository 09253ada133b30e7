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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Fact = dict[str, Any]


@dataclass(frozen=True, slots=True)
class PatternPlan:
    alias: str
    kind: str | None  # None: no usable kind test, every fact is a candidate
    possible: bool  # False when the conjunction asks for two different kinds
    tests: tuple[tuple[str, Any], ...]  # field == constant
    joins: tuple[tuple[str, str, str], ...]  # (field, other alias, other field)


def plan_pattern(alias: str, condition: dict[str, Any]) -> PatternPlan:
    """The constant tests and joins of a normalised condition's conjunction."""
    tests: list[tuple[str, Any]] = []
    joins: list[tuple[str, str, str]] = []

    def walk(part: dict[str, Any]) -> None:
        for key, value in part.items():
            if key == "$and":
                for item in value:
                    walk(item)
            elif key.startswith("$"):
                continue  # comparisons, regexes, alternatives: left to the engine
            elif isinstance(value, dict):
                ((other, other_field),) = value.items()
                joins.append((key, other, other_field))
            elif isinstance(value, (int, str)):
                tests.append((key, value))

    walk(condition)
    kinds = {value for key, value in tests if key == "kind"}
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    rest = tuple(t for t in tests if t[0] != "kind")
    return PatternPlan(alias, kind, len(kinds) <= 1, rest, tuple(joins))


def _passes(fact: Fact, tests: tuple[tuple[str, Any], ...]) -> bool:
    for key, expected in tests:
        actual = fact.get(key)
        if actual is None:
            return False
        if type(actual) is type(expected) and actual != expected:
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
        wanted = type(expected)
        chosen = [
            n
            for n in _passing(facts, pool, kind, tests[:-1], cache)
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
    """

    __slots__ = ("_free", "_free_any", "_joined", "_rules", "_whole")

    def __init__(self, rules: Iterable[Sequence[tuple[str, dict[str, Any]]]]) -> None:
        self._rules = [[plan_pattern(alias, cond) for alias, cond in rule] for rule in rules]
        self._joined = [rule for rule in self._rules if any(p.joins for p in rule)]
        free: dict[Any, list[tuple[tuple[str, Any], ...]]] = {}
        free_any: list[tuple[tuple[str, Any], ...]] = []
        for rule in self._rules:
            for pattern in rule:
                if pattern.joins or not pattern.possible:
                    continue
                tests = free_any if pattern.kind is None else free.setdefault(pattern.kind, [])
                if pattern.tests not in tests:
                    tests.append(pattern.tests)
        # a kind some pattern takes whatever its fields: every fact of it is kept
        self._whole = frozenset(kind for kind, tests in free.items() if () in tests)
        self._free = {kind: tuple(t) for kind, t in free.items() if kind not in self._whole}
        self._free_any = tuple(free_any)

    def select(self, facts: Sequence[Fact]) -> list[bool]:
        """For each fact, whether it could take part in some match."""
        keep = [False] * len(facts)
        whole, free, free_any = self._whole, self._free, self._free_any
        every = () in free_any
        by_kind: dict[Any, list[int]] = {}
        for number, fact in enumerate(facts):
            kind = fact.get("kind")
            by_kind.setdefault(kind, []).append(number)
            if every or kind in whole:
                keep[number] = True
                continue
            for tests in free.get(kind, ()):
                if _passes(fact, tests):
                    keep[number] = True
                    break
            else:
                for tests in free_any:
                    if _passes(fact, tests):
                        keep[number] = True
                        break
        if self._joined:
            self._join(facts, by_kind, keep)
        return keep

    def _join(self, facts: Sequence[Fact], by_kind: dict[Any, list[int]], keep: list[bool]) -> None:
        """Mark the facts a joining pattern keeps: the candidates with a partner."""
        everything = range(len(facts))
        passing: dict[tuple[Any, ...], list[int]] = {}  # rules share most of their tests
        for rule in self._joined:
            candidates: dict[str, list[int]] = {}
            for pattern in rule:
                if not pattern.possible:
                    candidates[pattern.alias] = []
                    continue
                pool = everything if pattern.kind is None else by_kind.get(pattern.kind, ())
                chosen = _passing(facts, pool, pattern.kind, pattern.tests, passing)
                if not pattern.joins:
                    candidates[pattern.alias] = chosen  # marked by select's own pass
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
                for number in chosen:
                    keep[number] = True


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
