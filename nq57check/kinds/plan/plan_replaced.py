"""plan-replaced: this plan was replaced by a newer one and is not checked (R-THAY-THE).

The runner finds replacements among the plans of one run (same unit, the newer plan's
``document.replaces`` names the older one's number) and, for a replaced plan, asserts
only a ``replaced`` fact, so this is its single finding.
"""

from __future__ import annotations

from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


@register
class PlanReplaced(RuleKind):
    name = "plan-replaced"
    applies_to = "run"  # other plans of the same run, not reports: a plan check runs it too
    variables = frozenset({"number", "by", "by_file"})

    def compile(self, rule: Rule, params: object) -> list[RuleSpec]:
        return [RuleSpec(spec_name(rule), (("r", {"kind": "replaced"}),))]

    def site(self, rule: Rule, params: object, match: Match, facts: CommuneFacts) -> Site:
        by = facts.replaced_by
        values = {
            "number": facts.plan.document.number,
            "by": by.number if by else "",
            "by_file": by.file if by else "",
        }
        return Site(path=("document", "number"), values=values)
