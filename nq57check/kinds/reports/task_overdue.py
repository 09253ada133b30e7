"""task-overdue: a task past its deadline and not closed, or a recurring period missed (R-QUA-HAN).

``recurring: false``: a dated task whose deadline passed (``past_due``, computed for
``as_of``) with no latest update closing it (done, stopped or replaced) - a join on the
task index in the engine. ``recurring: true``: a monthly/quarterly/yearly/ongoing task
with a due period (``tperiod``) and no fresh update sent in time for that period - again a
join, on task index and period key. A late report does not cure a missed period, so a
missed period stays missed as ``as_of`` moves on.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from nq57check.engine.conditions import all_of
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name, task_site
from nq57check.loading.pack_model import Rule

_KEY = {"m": "mkey", "q": "qkey", "y": "ykey"}


class OverdueParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    recurring: bool = False


def _closed(alias: str) -> dict[str, Any]:
    return all_of({"kind": "update"}, {"idx": {alias: "idx"}}, {"latest": 1}, {"closed": 1})


@register
class TaskOverdue(RuleKind):
    name = "task-overdue"
    applies_to = "reports"
    Params = OverdueParams
    variables = frozenset({"due", "days_over", "progress", "period"})

    def compile(self, rule: Rule, params: OverdueParams) -> list[RuleSpec]:
        if not params.recurring:
            late = {"kind": "tstate", "past_due": 1}
            return [RuleSpec(spec_name(rule), (("s", late),), (_closed("s"),))]
        specs = []
        for part, (unit, key) in enumerate(_KEY.items()):
            period = {"kind": "tperiod", "unit": unit}
            sent = all_of(
                {"kind": "update"},
                {"idx": {"p": "idx"}},
                {key: {"p": "key"}},
                {"fresh": 1},
                {"timely": 1},
            )
            specs.append(RuleSpec(spec_name(rule, part), (("p", period),), (sent, _closed("p"))))
        return specs

    def site(self, rule: Rule, params: OverdueParams, match: Match, facts: CommuneFacts) -> Site:
        if "p" in match.facts:
            fact = match.facts["p"]
            return task_site(facts, fact, "deadline", period=fact["key"])
        fact = match.facts["s"]
        info = report_view(facts).tasks[int(fact["idx"])]
        return task_site(facts, fact, "deadline", **info)
