"""issued-early: a plan dated well before the year it plans for (R-SO-KY-HIEU by default).

A 2026 plan is issued from late 2025 on; one dated, say, 22/12/2024 (Resolution 57's own
date, copied from the title into the date line) is misdated or an old plan. The planned
year is :func:`nq57check.facts.plan_year` (its title's "năm 2026", else its deadlines'),
and ``months_before`` says how early is still plausible: 3 means issued on or after
1 October of the year before. A plan without an issue date is not judged here.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from nq57check.engine.conditions import all_of, gt
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class IssuedEarlyParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    months_before: int = Field(default=3, ge=0, le=120)  # before the planned year's January


def earliest(year: int, months_before: int) -> dt.date:
    """The first plausible issue day of a plan for ``year``."""
    index = year * 12 - months_before  # months since year 0, January = 0
    return dt.date(index // 12, index % 12 + 1, 1)


@register
class IssuedEarly(RuleKind):
    name = "issued-early"
    Params = IssuedEarlyParams
    variables = frozenset({"year", "issued", "earliest"})

    def compile(self, rule: Rule, params: IssuedEarlyParams) -> list[RuleSpec]:
        cond = all_of({"kind": "plan"}, gt("months_ahead", params.months_before))
        return [RuleSpec(spec_name(rule), (("p", cond),))]

    def site(
        self, rule: Rule, params: IssuedEarlyParams, match: Match, facts: CommuneFacts
    ) -> Site:
        year = int(match.facts["p"]["year"])
        issued = facts.plan.document.issued
        values = {
            "year": str(year),
            "issued": issued.strftime("%d/%m/%Y") if issued else "",
            "earliest": earliest(year, params.months_before).strftime("%d/%m/%Y"),
        }
        return Site(path=("document", "issued"), values=values)
