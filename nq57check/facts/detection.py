"""Which mandatory-task requirements a task covers, and why (for ``explain``).

Patterns are regexes over *folded* text (see :func:`nq57check.core.text.fold`), kept as data in
each pack's ``detection.yaml``. Exclusions are removed from the text before matching, so
"trừ hồ sơ thuộc phạm vi bí mật nhà nước" cannot make a task look like R-MANG-MAT while
the rest of the same task still can.

Python's ``re`` backtracks, so the loader refuses patterns that could take minutes on one
task name (:func:`check_pattern`) before any plan is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from nq57check.core.text import fold

# The regex parser of this Python (re's own; Python offers no public one): text every match
# must contain (a prefilter) and the shapes to refuse. RE2 would need no guard, but it has no
# lookaround, which six bundled patterns use. Where the parser is missing or has another
# layout, the prefilter is off (matching is unchanged) and every pattern is refused: a guard
# that cannot run never lets a pack through unchecked.
try:
    from re import _constants as _sre
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
    from re._constants import LITERAL as _LITERAL

    _REPEATS: tuple[Any, ...] = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
except ImportError:  # pragma: no cover - another layout: see above
    _sre = None
    _sre_parse = None
    _LITERAL = None
    _REPEATS = ()

GUARD_MISSING = (
    "this Python's regex parser (re._parser) is not the one the backtracking guard reads,"
    " so no detection pattern can be checked; the pack is refused"
)

MAX_TRIES = 10_000
"""How many ways a detection pattern's repeats may allow from one position: the product of
their bounds (``.{0,40}`` and ``.{0,60}`` make 2,400, the most of any bundled pattern). At
10,000 the worst search of a 10,000-character task takes ~0.4 s."""


def required_literal(pattern: str) -> str:
    """The longest run of plain characters that every match of ``pattern`` contains.

    Only literals at the top level count (nothing inside alternatives or optional
    parts), so ``literal in text`` is a safe, C-speed test before the regex search.
    """
    if _sre_parse is None:
        return ""
    try:
        items = list(_sre_parse.parse(pattern))
    except re.error:
        return ""
    best, run = "", []
    for op, value in items:
        if op is _LITERAL:
            run.append(chr(value))
            continue
        best = max(best, "".join(run), key=len)
        run = []
    return max(best, "".join(run), key=len)


def check_pattern(pattern: str) -> None:
    """Refuse a detection regex that could backtrack for minutes on one task's text.

    Python's ``re`` backtracks: ``(x+x+)+y`` hangs on "y" and 30 x's, ``(a|a)*`` doubles its
    work with every "a", and even ``x+x+y`` takes 16 s on 3,000 x's. So a group repeated more
    than once holds no other repeat and no alternatives (``(a+)+``, ``(a*)*``, ``(a|ab)*``),
    leaving one way to match each repetition; every repeat is bounded (``.{0,80}``, not ``.*``
    or ``x+``); and the bounds multiply to at most :data:`MAX_TRIES`. Every bundled pattern
    fits. Raises ``re.error`` if the pattern does not compile, else ``ValueError``.
    """
    try:
        re.compile(pattern)
        if _sre_parse is None:
            raise ValueError(GUARD_MISSING)
        tries = _tries(_sre_parse.parse(pattern))
    except RecursionError as exc:  # the parser recurses once per group: ~1,000 deep fails
        raise ValueError("groups are nested too deeply") from exc
    except (AttributeError, TypeError) as exc:  # a parser of another shape: no guard
        raise ValueError(GUARD_MISSING) from exc
    if tries > MAX_TRIES:
        raise ValueError(
            f"its repeats allow {tries:,} tries from each position (at most {MAX_TRIES:,}):"
            " matching a long task name can take minutes; use fewer or shorter repeats"
        )


def _tries(items: Any) -> int:
    """The product of the bounds of every repeat in ``items``; refuses the unsafe shapes."""
    tries = 1
    for op, value in items:
        if op in _REPEATS:
            _low, high, body = value
            if high > 1 and _has_choice(body):
                raise ValueError(
                    "a repeated group holds another repeat or alternatives, as in (a+)+ or"
                    " (a|a)*: matching can take minutes even on a short task name"
                )
            if high == _sre.MAXREPEAT:
                raise ValueError(
                    "a repeat is unbounded (*, +, {n,}): matching a long task name can take"
                    " minutes; write a bounded one such as .{0,80}"
                )
            tries *= max(high, 1)
        for child in _children(value):
            tries *= _tries(child)
    return tries


def _has_choice(items: Any) -> bool:
    """Whether a part can match the same text in more than one way: a repeat or alternatives."""
    return any(
        op in _REPEATS
        or op == _sre.BRANCH
        or op == _sre.GROUPREF_EXISTS
        or any(_has_choice(child) for child in _children(value))
        for op, value in items
    )


def _children(value: Any) -> list[Any]:
    """The sub-patterns of one parsed item (a group's body, a branch's alternatives...)."""
    parts = value if isinstance(value, tuple | list) else (value,)
    found: list[Any] = []
    for part in parts:
        if isinstance(part, _sre_parse.SubPattern):
            found.append(part)
        elif isinstance(part, list) and all(isinstance(p, _sre_parse.SubPattern) for p in part):
            found.extend(part)
    return found


class LazyPattern:
    """A regex compiled the first time its literal prefilter lets a text through.

    Most patterns never get that far in one plan, and a pickled pack (see
    :mod:`nq57check.packs.cache`) would otherwise recompile all of them on every run.
    """

    __slots__ = ("_compiled", "literal", "source")

    def __init__(self, source: str, literal: str) -> None:
        self.source = source
        self.literal = literal
        self._compiled: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    def __getstate__(self) -> tuple[str, str]:
        return (self.source, self.literal)

    def __setstate__(self, state: tuple[str, str]) -> None:
        self.source, self.literal = state
        self._compiled = None


@dataclass(frozen=True, slots=True)
class CompiledDetection:
    requirement: str
    patterns: tuple[LazyPattern, ...]
    exclude: tuple[LazyPattern, ...]

    def first_match(self, folded: str) -> str | None:
        text = folded
        for excluded in self.exclude:
            if excluded.literal in text:
                text = excluded.regex.sub(" ", text)
        for pattern in self.patterns:
            if pattern.literal in text and pattern.regex.search(text):
                return pattern.source
        return None


@dataclass(frozen=True, slots=True)
class Coverage:
    requirement: str
    how: str  # "tag" or the pattern that matched


def compile_detection(
    requirement: str, patterns: list[str], exclude: list[str]
) -> CompiledDetection:
    """Prefilters once per pack; the loader has already checked that every pattern compiles."""
    return CompiledDetection(
        requirement=requirement,
        patterns=tuple(LazyPattern(p, required_literal(p)) for p in patterns),
        exclude=tuple(LazyPattern(p, required_literal(p)) for p in exclude),
    )


def detect(
    texts: list[str], tags: list[str], detections: dict[str, CompiledDetection]
) -> list[Coverage]:
    """Requirements a task covers: its explicit tags if it has any, else the text's matches."""
    return detect_folded(" ".join(fold(t) for t in texts if t), tags, detections)


def detect_folded(
    folded: str, tags: list[str], detections: dict[str, CompiledDetection]
) -> list[Coverage]:
    """As :func:`detect`, for text the caller has already folded."""
    if tags:
        return [Coverage(tag, "tag") for tag in dict.fromkeys(tags)]
    return list(_detect_folded(folded, _Key(detections)))


class _Key:
    """Hashes a pack's detections by identity, so results cache per pack and text."""

    __slots__ = ("detections",)

    def __init__(self, detections: dict[str, CompiledDetection]) -> None:
        self.detections = detections

    def __hash__(self) -> int:
        return id(self.detections)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and other.detections is self.detections


@lru_cache(maxsize=1024)
def _detect_folded(folded: str, key: _Key) -> tuple[Coverage, ...]:
    """Communes copy their province's wording: the same task text recurs across a batch.

    1,024 texts hit 62% over 1,660 synthetic communes against 70% for 8,192, and keep a
    worker's memory flat (8,192 entries of folded text grew its peak by ~4 MB).
    """
    found = []
    for requirement, detection in key.detections.items():
        how = detection.first_match(folded)
        if how is not None:
            found.append(Coverage(requirement, how))
    return tuple(found)
