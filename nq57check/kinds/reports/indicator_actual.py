"""indicator-actual: an indicator's latest actual against the plan's target (R-CHI-TIEU).

``check: target``: the target's deadline passed and the actual is below it (error).
``check: path``: before the deadline, the actual is below the straight line from the
plan's issue date to the target (warning; the expected value is in the message). The
expected value is computed in Python (basis points): the engine does no arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class IndicatorParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    check: Literal["target", "path"]


@register
class IndicatorActual(RuleKind):
    name = "indicator-actual"
    applies_to = "reports"
    Params = IndicatorParams
    variables = frozenset({"indicator", "actual", "target", "expected", "by", "period"})

    def unevaluable(self, plan: Any, reports: Sequence[Any]) -> tuple[str, dict[str, str]] | None:
        stated = {name for r in reports for name in r.report.indicators}
        missing = [name for name in plan.targets if name not in stated]
        return ("no_indicator", {"indicators": ", ".join(missing)}) if missing else None

    def compile(self, rule: Rule, params: IndicatorParams) -> list[RuleSpec]:
        if params.check == "target":
            cond = {"kind": "indicator", "past_due": 1, "below": 1}
        else:
            cond = {"kind": "indicator", "past_due": 0, "behind": 1}
        return [RuleSpec(spec_name(rule), (("i", cond),))]

    def site(self, rule: Rule, params: IndicatorParams, match: Match, facts: CommuneFacts) -> Site:
        info = dict(report_view(facts).indicators[int(match.facts["i"]["pos"])])
        file, line = info.pop("file"), info.pop("line")
        return Site(path=("targets", str(info["indicator"])), values=info, file=file, line=line)
