"""plan-document-field: the plan does not state its own number or issue date (R-SO-KY-HIEU).

Without a number a plan cannot be cited or replaced, and without an issue date nothing can
be measured from it (rules in force, straight-line progress). An empty field must not pass
quietly: importers leave a blank placeholder ("Kế hoạch số /KH-UBND, ngày / /2026") empty
rather than take a cited document's number or date, and this kind is what reports it, for
typed plans alike (``number: ""``, no ``issued``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from nq57check.engine.conditions import all_of
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class PlanDocumentFieldParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    field: Literal["number", "issued"]  # document.number, document.issued


@register
class PlanDocumentField(RuleKind):
    name = "plan-document-field"
    Params = PlanDocumentFieldParams
    variables = frozenset({"field"})

    def compile(self, rule: Rule, params: PlanDocumentFieldParams) -> list[RuleSpec]:
        missing = all_of({"kind": "plan"}, {f"has_{params.field}": 0})
        return [RuleSpec(spec_name(rule), (("p", missing),))]

    def site(
        self, rule: Rule, params: PlanDocumentFieldParams, match: Match, facts: CommuneFacts
    ) -> Site:
        # the field's line when it is written (number: ""), else document:, else the top
        return Site(path=("document", params.field), values={"field": f"document.{params.field}"})
