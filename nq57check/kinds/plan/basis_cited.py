"""basis-cited: the plan does not cite any of the documents it must implement."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from nq57check.engine.conditions import all_of, any_in
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.plan import normalized_number
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class BasisCitedParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    any_of: list[str] = Field(default_factory=list)  # document numbers; empty: any basis at all


@register
class BasisCited(RuleKind):
    name = "basis-cited"
    Params = BasisCitedParams
    variables = frozenset({"documents"})

    def compile(self, rule: Rule, params: BasisCitedParams) -> list[RuleSpec]:
        cited: dict[str, object] = {"kind": "basis"}
        if params.any_of:
            cited = all_of(
                {"kind": "basis"}, any_in({"doc": normalized_number(n)} for n in params.any_of)
            )
        return [RuleSpec(spec_name(rule), (("p", {"kind": "plan"}),), (cited,))]

    def site(self, rule: Rule, params: BasisCitedParams, match: Match, facts: CommuneFacts) -> Site:
        path: tuple[str | int, ...] = ("document", "basis")
        if path not in facts.locations.lines:
            path = ("document",)
        return Site(path=path, values={"documents": ", ".join(params.any_of)})
