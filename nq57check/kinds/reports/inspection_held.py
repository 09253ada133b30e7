"""inspection-held: an inspection the plan schedules was not held (R-KIEM-TRA).

Scheduled inspections whose report is due are joined to the inspections reports say were
held, on the folded inspection id, in the engine.
"""

from __future__ import annotations

from nq57check.engine.conditions import all_of
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


@register
class InspectionHeld(RuleKind):
    name = "inspection-held"
    applies_to = "reports"
    variables = frozenset({"inspection"})

    def compile(self, rule: Rule, params: object) -> list[RuleSpec]:
        held = all_of({"kind": "held"}, {"iid": {"i": "iid"}})
        return [RuleSpec(spec_name(rule), (("i", {"kind": "inspection"}),), (held,))]

    def site(self, rule: Rule, params: object, match: Match, facts: CommuneFacts) -> Site:
        info = report_view(facts).inspections[int(match.facts["i"]["pos"])]
        return Site(
            path=("inspections", int(info["number"])),
            deadline=str(info["deadline"]) or None,
            values={"inspection": info["id"]},
        )
