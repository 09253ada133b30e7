"""reporting-clause: the plan does not state its monthly reporting duty (R-CHE-DO-BAO-CAO).

``check: absent`` fires when ``document.reporting`` is missing; ``check: incomplete`` when
the clause is there but does not say one of: monthly (``monthly: true`` required), to whom
(``to`` matching one of ``recipient_any``, folded), by which day (``by_day`` at most
``latest_day``). A plan read from its appendix table alone cannot be judged (the clause
lives in the body): the rule is listed as not evaluated, never a finding nor a pass.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nq57check.core.text import fold
from nq57check.engine.conditions import all_of, any_in, any_of, gt, matches
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.plan import body_read
from nq57check.kinds.base import EngineRegexes, RuleKind, Site, register, spec_name
from nq57check.loading.models import Plan
from nq57check.loading.pack_model import Rule


class ReportingClauseParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    check: Literal["absent", "incomplete"]
    monthly: bool = True  # the duty must be monthly
    latest_day: int = Field(default=15, ge=1, le=31)  # "trước ngày 15"
    recipient_any: EngineRegexes = Field(default_factory=list)  # folded; empty: anyone named


def gaps(plan: Plan, params: ReportingClauseParams) -> list[str]:
    """The fields of a stated clause that miss the rule (the message names them)."""
    reporting = plan.document.reporting
    if reporting is None:
        return []
    out = []
    if params.monthly and not reporting.monthly:
        out.append("monthly")
    folded = fold(reporting.to)
    if not folded or (
        params.recipient_any
        and not any(re.fullmatch(f".*({p}).*", folded) for p in params.recipient_any)
    ):
        out.append("to")
    if reporting.by_day is None or reporting.by_day > params.latest_day:
        out.append("by_day")
    return out


@register
class ReportingClause(RuleKind):
    name = "reporting-clause"
    Params = ReportingClauseParams
    variables = frozenset({"missing", "text"})

    def unevaluable_plan(self, plan: Any, params: Any = None) -> tuple[str, dict[str, str]] | None:
        if isinstance(plan, Plan) and plan.document.reporting is None and not body_read(plan):
            return ("no_body", {})
        return None

    def compile(self, rule: Rule, params: ReportingClauseParams) -> list[RuleSpec]:
        known = ({"kind": "plan"}, {"body_read": 1})
        if params.check == "absent":
            return [RuleSpec(spec_name(rule), (("p", all_of(*known, {"reporting": 0})),))]
        stated = all_of({"kind": "plan"}, {"reporting": 1})
        wrong: list[dict[str, Any]] = [{"rep_day": 0}, gt("rep_day", params.latest_day)]
        if params.monthly:
            wrong.append({"rep_monthly": 0})
        named: dict[str, Any] = {"kind": "report_to"}
        if params.recipient_any:
            named = all_of(
                named, any_in(matches("to_fold", f".*({p}).*") for p in params.recipient_any)
            )
        return [
            RuleSpec(spec_name(rule, 0), (("p", all_of(stated, any_of(*wrong))),)),
            RuleSpec(spec_name(rule, 1), (("p", stated),), (named,)),
        ]

    def site(
        self, rule: Rule, params: ReportingClauseParams, match: Match, facts: CommuneFacts
    ) -> Site:
        reporting = facts.plan.document.reporting
        path: tuple[str | int, ...] = ("document", "reporting")
        if path not in facts.locations.lines:
            path = ("document",)
        missing = ", ".join(f"document.reporting.{name}" for name in gaps(facts.plan, params))
        return Site(
            path=path,
            values={"missing": missing, "text": reporting.text if reporting is not None else ""},
        )
