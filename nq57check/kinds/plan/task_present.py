"""task-present: the plan has no task covering a mandatory requirement (catalog B)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from nq57check.engine.conditions import all_of
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class TaskPresentParams(BaseModel):
    """How ``nq57check template`` pre-fills this mandatory task (the check ignores them)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    template_name: str = ""
    template_deadline: str = ""


@register
class TaskPresent(RuleKind):
    name = "task-present"
    Params = TaskPresentParams

    def compile(self, rule: Rule, params: TaskPresentParams) -> list[RuleSpec]:
        return [
            RuleSpec(
                spec_name(rule),
                (("p", {"kind": "plan"}),),
                (all_of({"kind": "cover"}, {"req": rule.requirement}),),
            )
        ]

    def site(
        self, rule: Rule, params: TaskPresentParams, match: Match, facts: CommuneFacts
    ) -> Site:
        return Site(path=("tasks",) if facts.plan.tasks else ())
