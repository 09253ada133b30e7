"""quarter-review: a quarter whose report is due has no recorded progress review (R-RA-SOAT-QUY).

Reviews are joined to quarters on the quarter key in the engine.
"""

from __future__ import annotations

from nq57check.engine.conditions import all_of
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


@register
class QuarterReview(RuleKind):
    name = "quarter-review"
    applies_to = "reports"
    variables = frozenset({"quarter"})

    def compile(self, rule: Rule, params: object) -> list[RuleSpec]:
        held = all_of({"kind": "review"}, {"qkey": {"q": "key"}})
        return [RuleSpec(spec_name(rule), (("q", {"kind": "quarter"}),), (held,))]

    def site(self, rule: Rule, params: object, match: Match, facts: CommuneFacts) -> Site:
        year, quarter = str(match.facts["q"]["key"]).split("-")
        return Site(path=(), values={"quarter": f"{quarter}/{year}"})
