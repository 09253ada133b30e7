"""task-lead: no task covering a requirement is led by an accepted unit."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from nq57check.engine.conditions import all_of, any_in, matches
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import (
    EngineRegexes,
    RuleKind,
    Site,
    register,
    spec_name,
    task_site,
)
from nq57check.loading.pack_model import Rule


class TaskLeadParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    lead_any: EngineRegexes = Field(min_length=1)  # regexes over the folded lead cell
    expected: str = ""  # how to name the expected unit in the message


@register
class TaskLead(RuleKind):
    name = "task-lead"
    Params = TaskLeadParams
    variables = frozenset({"lead", "expected"})

    def compile(self, rule: Rule, params: TaskLeadParams) -> list[RuleSpec]:
        accepted = all_of(
            {"kind": "cover"},
            {"req": rule.requirement},
            any_in(matches("lead_fold", f".*({p}).*") for p in params.lead_any),
        )
        covered = all_of({"kind": "covered"}, {"req": rule.requirement})
        return [RuleSpec(spec_name(rule), (("c", covered),), (accepted,))]

    def site(self, rule: Rule, params: TaskLeadParams, match: Match, facts: CommuneFacts) -> Site:
        fact = match.facts["c"]
        task = facts.plan.tasks[int(fact["idx"])]
        return task_site(facts, fact, "lead", lead=task.lead, expected=params.expected)
