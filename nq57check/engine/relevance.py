"""Which facts could take part in a match at all; the others need not reach the engine.

A fact stored in a durable-rules session costs ~10 KB in its C core whatever its size
(fixed-size property tables), plus the time to serialise and index it; in a commune with
twelve reports about half the facts (older monthly updates, evidence of open tasks, ...)
are tested by no rule. A fact can only complete a match, or block one through a negation,
if it passes every constant equality test of some pattern of its kind. Tests this module
does not model (joins, comparisons, regexes, alternatives) never exclude a fact, so
dropping facts changes no result: ``tests/test_engine_relevance.py`` checks that against
the engine itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Tests = tuple[tuple[str, Any], ...]


def constant_tests(condition: dict[str, Any]) -> Tests:
    """The ``field == constant`` tests a normalised condition requires (its conjunction)."""
    found: list[tuple[str, Any]] = []

    def walk(part: dict[str, Any]) -> None:
        for key, value in part.items():
            if key == "$and":
                for item in value:
                    walk(item)
            elif not key.startswith("$") and isinstance(value, (int, str)):
                found.append((key, value))

    walk(condition)
    return tuple(found)


def _may_equal(actual: Any, expected: Any) -> bool:
    if actual is None:  # the engine fails an equality test on a missing property
        return False
    if type(actual) is type(expected):
        return bool(actual == expected)
    return True  # lists, or a number against text: left to the engine


class FactFilter:
    """Built once per ruleset from every positive and negated pattern condition."""

    __slots__ = ("_by_kind", "_every", "_keep_all")

    def __init__(self, conditions: Iterable[dict[str, Any]]) -> None:
        self._keep_all = False  # a pattern with no kind test could take any fact
        self._every: set[str] = set()  # kinds some pattern takes without further tests
        self._by_kind: dict[str, list[Tests]] = {}
        for condition in conditions:
            tests = constant_tests(condition)
            kinds = {value for key, value in tests if key == "kind"}
            if not kinds:
                self._keep_all = True
                continue
            if len(kinds) > 1:  # two different kinds: the pattern takes no fact at all
                continue
            (kind,) = kinds
            rest = tuple((key, value) for key, value in tests if key != "kind")
            if rest:
                self._by_kind.setdefault(kind, []).append(rest)
            else:
                self._every.add(kind)

    def keeps(self, fact: dict[str, Any]) -> bool:
        kind = fact.get("kind")
        if self._keep_all or kind in self._every:
            return True
        return any(
            all(_may_equal(fact.get(key), value) for key, value in tests)
            for tests in self._by_kind.get(kind, ())  # type: ignore[arg-type]
        )
