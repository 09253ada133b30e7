"""target-floor: a plan's numeric target below the floor of the pack in force (catalog C)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from nq57check.engine.conditions import all_of, lt
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class TargetFloorParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    # indicator -> lowest allowed percent; NaN or 1e308 became an internal error mid-batch
    floors: dict[str, Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]] = Field(
        min_length=1
    )


@register
class TargetFloor(RuleKind):
    name = "target-floor"
    Params = TargetFloorParams
    variables = frozenset({"indicator", "value", "floor"})

    def compile(self, rule: Rule, params: TargetFloorParams) -> list[RuleSpec]:
        return [
            RuleSpec(
                spec_name(rule, n),
                (
                    (
                        "t",
                        all_of(
                            {"kind": "target"},
                            {"indicator": indicator},
                            lt("value_bp", round(floor * 100)),
                        ),
                    ),
                ),
            )
            for n, (indicator, floor) in enumerate(sorted(params.floors.items()))
        ]

    def site(
        self, rule: Rule, params: TargetFloorParams, match: Match, facts: CommuneFacts
    ) -> Site:
        indicator = str(match.facts["t"]["indicator"])
        target = facts.plan.targets[indicator]
        return Site(
            path=("targets", indicator),
            values={
                "indicator": indicator,
                "value": f"{target.value:g}",
                "floor": f"{params.floors[indicator]:g}",
            },
        )
