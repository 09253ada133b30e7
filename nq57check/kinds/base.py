"""What a rule kind is: parameters, engine rules it compiles to, and how a match reads.

A kind is one implementation used by many rules (yamllint-style: one small module each,
registered by name). Packs only choose a kind and give parameters, so a new rule of an
existing kind is YAML only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict

from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.loading.pack_model import Rule

_ENGINE_REGEX = re.compile(r"^[a-z0-9 .*+?|()]+$")


def check_engine_regexes(patterns: list[str]) -> list[str]:
    """Regexes the engine matches (durable's own dialect) against folded text.

    Folded text is ``[a-z0-9 ]`` only; keeping patterns to that alphabet plus ``. * + ? | ( )``
    means no escaping and the same meaning in Python and in the engine.
    """
    for pattern in patterns:
        if not _ENGINE_REGEX.match(pattern):
            raise ValueError(f"pattern {pattern!r} may use only a-z 0-9 space . * + ? | ( )")
        try:  # pydantic reports only ValueError as a bad value; anything else was exit 3
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a regex: {exc}") from exc
        except RecursionError as exc:
            raise ValueError(f"pattern {pattern!r} nests groups too deeply") from exc
    return patterns


EngineRegexes = Annotated[list[str], AfterValidator(check_engine_regexes)]


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


@dataclass(frozen=True, slots=True)
class Site:
    """Where a finding points and the values its message template may use."""

    path: tuple[str | int, ...]
    task: str | None = None
    deadline: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    file: str | None = None  # another input file (a status report); default: the plan
    line: int | None = None  # the line in ``file``; default: the plan line of ``path``
    due: str | None = None  # ISO date the task's deadline was read as


class RuleKind:
    """Base of every kind; subclasses set the class attributes and two methods."""

    name: ClassVar[str]
    applies_to: ClassVar[str] = "plan"  # "plan", "reports" or "run": which input it needs
    Params: ClassVar[type[BaseModel]] = NoParams
    variables: ClassVar[frozenset[str]] = frozenset()

    @property
    def reads_reports(self) -> bool:
        """Rules of this kind judge monthly reports: with none given they are not evaluated."""
        return self.applies_to == "reports"

    def unevaluable(self, plan: Any, reports: Sequence[Any]) -> tuple[str, dict[str, str]] | None:
        """Why this rule cannot be judged although reports were given (a reason key of
        ``check.evaluate.NOT_EVALUATED_REASONS`` and its values), or None: an indicator no
        report states, no budget reported. Silence there would read as a pass."""
        return None

    def unevaluable_plan(self, plan: Any, params: Any = None) -> tuple[str, dict[str, str]] | None:
        """Why this rule cannot be judged on this plan file at all (a reason key and its
        values), or None: a plan imported from its appendix table alone says nothing about
        what only its body would state; a plan with no target has none to hold to a floor."""
        return None

    def compile(self, rule: Rule, params: Any) -> list[RuleSpec]:
        raise NotImplementedError

    def site(self, rule: Rule, params: Any, match: Match, facts: CommuneFacts) -> Site:
        raise NotImplementedError


REGISTRY: dict[str, RuleKind] = {}

BASE_VARIABLES = frozenset({"task", "deadline", "requirement", "unit"})


def register(cls: type[RuleKind]) -> type[RuleKind]:
    """Class decorator adding a kind to the registry under its ``name``."""
    if cls.name in REGISTRY:
        raise ValueError(f"rule kind {cls.name} registered twice")
    REGISTRY[cls.name] = cls()
    return cls


def spec_name(rule: Rule, part: int = 0) -> str:
    return f"{rule.id}#{part}"


def rule_of(spec: str) -> str:
    return spec.split("#", 1)[0]


def task_site(
    facts: CommuneFacts, fact: dict[str, Any], field_name: str | None = None, **values: Any
) -> Site:
    """A site on one task (by its index in the plan), optionally on one of its fields."""
    index = int(fact["idx"])
    task = facts.plan.tasks[index]
    path: tuple[str | int, ...] = ("tasks", index)
    if field_name is not None:
        path = (*path, field_name)
    deadline = facts.deadlines[index]
    due = deadline.due.isoformat() if deadline.due else None
    return Site(path=path, task=task.id, deadline=deadline.text or None, due=due, values=values)
