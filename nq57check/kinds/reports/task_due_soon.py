"""task-due-soon: a task due within N days whose progress is behind (R-SAP-DEN-HAN, info).

Behind means below the straight line from the plan's issue date
to its deadline (computed in Python into ``behind``). Whether the task is closed is a join
on its latest update, in the engine.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from nq57check.engine.conditions import all_of, gte, lte
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name, task_site
from nq57check.loading.pack_model import Rule


class DueSoonParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    within_days: int = Field(default=30, ge=0)


@register
class TaskDueSoon(RuleKind):
    name = "task-due-soon"
    applies_to = "reports"
    Params = DueSoonParams
    variables = frozenset({"due", "days_left", "progress", "expected"})

    def compile(self, rule: Rule, params: DueSoonParams) -> list[RuleSpec]:
        soon = all_of(
            {"kind": "tstate"},
            {"behind": 1},
            gte("days_left", 0),
            lte("days_left", params.within_days),
        )
        closed = all_of({"kind": "update"}, {"idx": {"s": "idx"}}, {"latest": 1}, {"closed": 1})
        return [RuleSpec(spec_name(rule), (("s", soon),), (closed,))]

    def site(self, rule: Rule, params: DueSoonParams, match: Match, facts: CommuneFacts) -> Site:
        fact = match.facts["s"]
        info = report_view(facts).tasks[int(fact["idx"])]
        return task_site(facts, fact, "deadline", **info)
