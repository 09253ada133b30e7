"""task-field: a task lacks one of the "five clears" (who, what, responsibility, when, result)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from nq57check.engine.conditions import all_of, lt, neq
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name, task_site
from nq57check.loading.pack_model import Rule


class TaskFieldParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    field: Literal["name", "lead", "head", "output", "deadline"]
    min_words: int = 4  # for field=name: fewer words than this is "trivial"
    single_lead_suffices: bool = True  # for field=head: one lead unit makes the head clear


_CONDITIONS: dict[str, dict[str, Any]] = {
    "lead": {"has_lead": 0},
    "output": {"has_output": 0},
    "deadline": {"deadline_ok": 0},
}


@register
class TaskField(RuleKind):
    name = "task-field"
    Params = TaskFieldParams
    variables = frozenset({"field", "reason", "value"})

    def compile(self, rule: Rule, params: TaskFieldParams) -> list[RuleSpec]:
        if params.field == "name":
            condition: dict[str, Any] = lt("name_words", params.min_words)
        elif params.field == "head":
            condition = {"has_head": 0}
            if params.single_lead_suffices:
                condition = all_of({"has_head": 0}, neq("lead_units", 1))
        else:
            condition = _CONDITIONS[params.field]
        return [RuleSpec(spec_name(rule), (("t", all_of({"kind": "task"}, condition)),))]

    def site(self, rule: Rule, params: TaskFieldParams, match: Match, facts: CommuneFacts) -> Site:
        fact = match.facts["t"]
        task = facts.plan.tasks[int(fact["idx"])]
        value = getattr(task, params.field)
        reason = ""
        if params.field == "deadline":
            deadline = facts.deadlines[int(fact["idx"])]
            reason = deadline.reason or ""
            if deadline.kind == "reference":
                reason = f"it only refers to {deadline.reference}"
            elif deadline.kind == "missing":
                reason = "no deadline"
        return task_site(facts, fact, params.field, field=params.field, value=value, reason=reason)
