"""Where a check's time goes, stage by stage, measured from outside the package.

Why: a single total hides which stage grows with the work; wrapping the functions that
begin each stage (class attributes and module globals looked up at call time, so every
caller is counted) gives exclusive time per stage, and ``gc.callbacks`` the time spent
in the cyclic collector wherever it ran. Nothing here changes what the check computes.
"""

from __future__ import annotations

import gc
import importlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# (stage, module, attribute): the attribute is a function, or "Class.method".
# Stages nest (compose runs inside parse, parse inside load); time is exclusive.
WRAPPED: list[tuple[str, str, str]] = [
    ("load", "nq57check.check.commune", "Session.load"),
    ("load", "nq57check.check.commune", "Session.load_reports"),
    ("read", "nq57check.loading.yamlio", "read_bytes"),
    ("read", "nq57check.loading.yamlio", "decode_text"),
    ("build", "nq57check.loading.yamlio", "parse_text"),  # minus compose: our tree builder
    ("compose", "nq57check.loading.yamlio", "compose"),  # PyYAML composing (composer.py)
    ("validate", "nq57check.loading.plan", "validate_document"),
    ("validate", "nq57check.loading.reports", "validate_document"),
    ("facts", "nq57check.check.evaluate", "Checker.facts_for"),
    ("facts", "nq57check.facts.reports", "add_report_facts"),
    ("findings", "nq57check.check.evaluate", "Checker.evaluate"),  # minus the engine
    ("engine", "nq57check.engine.durable_adapter", "CompiledRuleset.run"),
    ("not evaluated", "nq57check.check.evaluate", "Checker.not_evaluated"),
    ("judgements", "nq57check.check.commune", "apply_judgements"),
]
ORDER = [
    "read",
    "compose",
    "build",
    "validate",
    "load",
    "facts",
    "engine",
    "findings",
    "not evaluated",
    "judgements",
    "other",
]


class StageClock:
    """Exclusive CPU seconds per stage while active (CPU: a shared machine's load does not
    count); ``gc`` is collector time inside them."""

    def __init__(self, total: tuple[str, str] = ("nq57check.check.commune", "Session.check_file")):
        self.seconds: dict[str, float] = defaultdict(float)
        self.gc_s = 0.0
        self.collections = 0
        self._stack: list[list[float]] = []  # [start, time of children]
        self._undo: list[Callable[[], None]] = []
        self._gc_start = 0.0
        self._total = total
        self._paused = False

    def _wrap(self, stage: str, module: str, attribute: str) -> None:
        owner: Any = importlib.import_module(module)
        name = attribute
        if "." in attribute:
            cls_name, name = attribute.split(".")
            owner = getattr(owner, cls_name)
        original = getattr(owner, name)
        inherited = isinstance(owner, type) and name not in owner.__dict__
        stack, seconds = self._stack, self.seconds

        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.process_time(), 0.0]
            stack.append(frame)
            try:
                return original(*args, **kwargs)
            finally:
                stack.pop()
                spent = time.process_time() - frame[0]
                seconds[stage] += spent - frame[1]
                if stack:
                    stack[-1][1] += spent

        setattr(owner, name, timed)
        if inherited:  # a method of a base class (the C parser's): remove our override
            self._undo.append(lambda: delattr(owner, name))
        else:
            self._undo.append(lambda: setattr(owner, name, original))

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if self._paused:
            return
        if phase == "start":
            self._gc_start = time.process_time()
        else:
            self.gc_s += time.process_time() - self._gc_start
            self.collections += 1

    def __enter__(self) -> StageClock:
        self._wrap("other", *self._total)
        for stage, module, attribute in WRAPPED:
            self._wrap(stage, module, attribute)
        gc.callbacks.append(self._on_gc)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._on_gc)
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Collections while something else runs (a floor) are not the check's."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False

    def per_commune_ms(self, communes: int) -> dict[str, float]:
        """Milliseconds per commune for every stage, ``total`` and ``gc`` (inside stages)."""
        out = {stage: self.seconds.get(stage, 0.0) * 1000 / communes for stage in ORDER}
        out["total"] = sum(self.seconds.values()) * 1000 / communes
        out["gc"] = self.gc_s * 1000 / communes
        return out
