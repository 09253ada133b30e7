"""task-deadline: a requirement's covering tasks are due later than the latest allowed.

Fires on a covering task due after ``latest`` when no covering task is in time. In time
means due on or before ``latest``, or recurring ("Thường xuyên", "Hằng quý": carried out
continuously from the plan's start). A covering task with no readable deadline is neither
late nor in time (R-RO-THOI-HAN reports it), so it cannot hide a late one.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from nq57check.engine.conditions import all_of, any_of, gt, lte
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name, task_site
from nq57check.loading.pack_model import Rule


class TaskDeadlineParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    latest: dt.date
    latest_text: str = ""  # how the catalog writes it, e.g. "Quý I/2026"


@register
class TaskDeadline(RuleKind):
    name = "task-deadline"
    Params = TaskDeadlineParams
    variables = frozenset({"latest", "due"})

    def compile(self, rule: Rule, params: TaskDeadlineParams) -> list[RuleSpec]:
        latest = params.latest.toordinal()
        late = all_of({"kind": "cover"}, {"req": rule.requirement}, gt("due", latest))
        in_time = all_of(
            {"kind": "cover"},
            {"req": rule.requirement},
            any_of(all_of(gt("due", 0), lte("due", latest)), {"recurring": 1}),
        )
        return [RuleSpec(spec_name(rule), (("c", late),), (in_time,))]

    def site(
        self, rule: Rule, params: TaskDeadlineParams, match: Match, facts: CommuneFacts
    ) -> Site:
        fact = match.facts["c"]
        due = dt.date.fromordinal(int(fact["due"]))
        latest = params.latest_text or params.latest.strftime("%d/%m/%Y")
        return task_site(facts, fact, "deadline", latest=latest, due=due.strftime("%d/%m/%Y"))
