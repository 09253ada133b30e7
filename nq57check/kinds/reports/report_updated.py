"""report-updated: a monthly report updates too few of the plan's open tasks (R-CAP-NHAT).

The share is computed per report in Python (tasks closed in an earlier report no longer
need updates; an entry whose ``updated`` date is before the month is stale).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from nq57check.engine.conditions import all_of, lt
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class ReportUpdatedParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    threshold: int = Field(default=90, ge=0, le=100)  # percent of open tasks


@register
class ReportUpdated(RuleKind):
    name = "report-updated"
    applies_to = "reports"
    Params = ReportUpdatedParams
    variables = frozenset({"period", "share", "threshold"})

    def compile(self, rule: Rule, params: ReportUpdatedParams) -> list[RuleSpec]:
        cond = all_of({"kind": "report"}, lt("updated_bp", params.threshold * 100))
        return [RuleSpec(spec_name(rule), (("r", cond),))]

    def site(
        self, rule: Rule, params: ReportUpdatedParams, match: Match, facts: CommuneFacts
    ) -> Site:
        fact = match.facts["r"]
        where = report_view(facts).reports[int(fact["pos"])]
        values = {
            "period": where.period,
            "share": fact["updated_pct"],
            "threshold": params.threshold,
        }
        return Site(path=(), values=values, file=where.file, line=where.line)
