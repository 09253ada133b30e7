"""task-lead: no task covering a requirement is led by an accepted unit."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name, task_site
from nq57check.packs.model import Rule

_SAFE = re.compile(r"^[a-z0-9 .*+?|()]+$")


class TaskLeadParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    lead_any: list[str] = Field(min_length=1)  # regexes over the folded lead cell
    expected: str = ""  # how to name the expected unit in the message

    @field_validator("lead_any")
    @classmethod
    def _alphabet(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if not _SAFE.match(pattern):
                raise ValueError(f"pattern {pattern!r} may use only a-z 0-9 space . * + ? | ( )")
        return patterns


@register
class TaskLead(RuleKind):
    name = "task-lead"
    Params = TaskLeadParams
    variables = frozenset({"lead", "expected"})

    def compile(self, rule: Rule, params: TaskLeadParams) -> list[RuleSpec]:
        accepted = {
            "$and": [
                {"kind": "cover"},
                {"req": rule.requirement},
                {"$or": [{"$mt": {"lead_fold": f".*({p}).*"}} for p in params.lead_any]},
            ]
        }
        covered = {"$and": [{"kind": "covered"}, {"req": rule.requirement}]}
        return [RuleSpec(spec_name(rule), (("c", covered),), (accepted,))]

    def site(self, rule: Rule, params: TaskLeadParams, match: Match, facts: CommuneFacts) -> Site:
        fact = match.facts["c"]
        task = facts.plan.tasks[int(fact["idx"])]
        return task_site(facts, fact, "lead", lead=task.lead, expected=params.expected)
