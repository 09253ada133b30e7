"""report-month: a monthly report is missing, or reached the Department late (R-BAO-CAO-THANG).

Missing and late are separate rules (one kind, ``state`` chooses): a late report is a
different failure, with a different remedy, from no report at all.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class ReportMonthParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    state: Literal["missing", "late"]


@register
class ReportMonth(RuleKind):
    name = "report-month"
    applies_to = "reports"
    Params = ReportMonthParams
    variables = frozenset({"period", "due", "submitted"})

    def compile(self, rule: Rule, params: ReportMonthParams) -> list[RuleSpec]:
        if params.state == "missing":
            cond = {"kind": "month", "has_report": 0, "due_passed": 1}
        else:
            cond = {"kind": "month", "has_report": 1, "on_time": 0}
        return [RuleSpec(spec_name(rule), (("mo", cond),))]

    def site(
        self, rule: Rule, params: ReportMonthParams, match: Match, facts: CommuneFacts
    ) -> Site:
        month = report_view(facts).months[int(match.facts["mo"]["pos"])]
        values = {k: month[k] for k in ("period", "due", "submitted")}
        return Site(path=(), values=values, file=month["file"], line=month["line"])
