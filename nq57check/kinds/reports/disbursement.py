"""disbursement: the disbursed share of registered funding lags the year (R-GIAI-NGAN).

The lag (elapsed share of the year minus disbursed share, at the latest report with a
budget) is computed in Python; ``max_lag`` (percentage points) can be set by a pack under
``parameters: {giai-ngan: {max_lag: ...}}`` or an override.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from nq57check.engine.conditions import all_of, gt
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class DisbursementParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    max_lag: int = Field(default=15, ge=0, le=100)


@register
class Disbursement(RuleKind):
    name = "disbursement"
    applies_to = "reports"
    Params = DisbursementParams
    variables = frozenset({"disbursed", "elapsed", "max_lag", "period"})

    def unevaluable(self, plan: Any, reports: Sequence[Any]) -> tuple[str, dict[str, str]] | None:
        given = any(r.report.budget and r.report.budget.registered for r in reports)
        return None if given else ("no_budget", {})

    def compile(self, rule: Rule, params: DisbursementParams) -> list[RuleSpec]:
        cond = all_of({"kind": "budget"}, gt("lag_bp", params.max_lag * 100))
        return [RuleSpec(spec_name(rule), (("b", cond),))]

    def site(
        self, rule: Rule, params: DisbursementParams, match: Match, facts: CommuneFacts
    ) -> Site:
        info = dict(report_view(facts).budget)
        file, line = info.pop("file"), info.pop("line")
        return Site(path=(), values={**info, "max_lag": params.max_lag}, file=file, line=line)
