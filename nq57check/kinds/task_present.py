"""task-present: the plan has no task covering a mandatory requirement (catalog B)."""

from __future__ import annotations

from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.packs.model import Rule


@register
class TaskPresent(RuleKind):
    name = "task-present"

    def compile(self, rule: Rule, params: object) -> list[RuleSpec]:
        return [
            RuleSpec(
                spec_name(rule),
                (("p", {"kind": "plan"}),),
                ({"$and": [{"kind": "cover"}, {"req": rule.requirement}]},),
            )
        ]

    def site(self, rule: Rule, params: object, match: Match, facts: CommuneFacts) -> Site:
        return Site(path=("tasks",) if facts.plan.tasks else ())
