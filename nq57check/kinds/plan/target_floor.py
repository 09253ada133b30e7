"""target-floor: a plan's numeric target below the floor of the pack in force (catalog C).

A target promises the lowest value it allows: "đạt 90%" (``at_least``) allows 90, "trên 90%"
(``above``) allows anything more than 90. A floor is met when every value the target allows
meets it. So, for a floor of 90 (at least 90): "at least 90" and "above 90" meet it, "at least
89" does not, and neither does "above 89" (89.5 is above 89). A floor written ``{value: 90,
bound: above}`` (more than 90) is met by "above 90" or "at least" anything over 90, not by
"at least 90".
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nq57check.engine.conditions import all_of, lt, lte
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.models import Plan
from nq57check.loading.pack_model import Rule

# NaN or 1e308 became an internal error mid-batch
FloorValue = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class Floor(BaseModel):
    """A floor with its bound: ``above`` wants more than ``value``."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    value: FloorValue
    bound: Literal["at_least", "above"] = "at_least"


class TargetFloorParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    # indicator -> lowest allowed percent (at least), or {value, bound}
    floors: dict[str, FloorValue | Floor] = Field(min_length=1)

    def floor(self, indicator: str) -> Floor:
        found = self.floors[indicator]
        return found if isinstance(found, Floor) else Floor(value=found)


def _shown(value: float, above: bool) -> str:
    """'90', or '>90' for a strict bound (the same in every language)."""
    return f">{value:g}" if above else f"{value:g}"


@register
class TargetFloor(RuleKind):
    name = "target-floor"
    Params = TargetFloorParams
    variables = frozenset({"indicator", "value", "floor"})

    def unevaluable_plan(
        self, plan: Any, params: TargetFloorParams | None = None
    ) -> tuple[str, dict[str, str]] | None:
        """A floored indicator the plan sets no target for cannot be held to its floor:
        listed, so a plan without targets does not read as meeting every floor."""
        if params is None or not isinstance(plan, Plan):
            return None
        missing = sorted(set(params.floors) - set(plan.targets))
        return ("no_target", {"indicators": ", ".join(missing)}) if missing else None

    def compile(self, rule: Rule, params: TargetFloorParams) -> list[RuleSpec]:
        specs: list[RuleSpec] = []
        for indicator in sorted(params.floors):
            floor = params.floor(indicator)
            floor_bp = round(floor.value * 100)
            base = ({"kind": "target"}, {"indicator": indicator})
            if floor.bound == "at_least":
                # either bound: the lowest allowed value is (or is just over) the target's
                below = [all_of(*base, lt("value_bp", floor_bp))]
            else:
                below = [
                    all_of(*base, {"strict": 0}, lte("value_bp", floor_bp)),
                    all_of(*base, {"strict": 1}, lt("value_bp", floor_bp)),
                ]
            for condition in below:
                specs.append(RuleSpec(spec_name(rule, len(specs)), (("t", condition),)))
        return specs

    def site(
        self, rule: Rule, params: TargetFloorParams, match: Match, facts: CommuneFacts
    ) -> Site:
        indicator = str(match.facts["t"]["indicator"])
        target = facts.plan.targets[indicator]
        floor = params.floor(indicator)
        return Site(
            path=("targets", indicator),
            values={
                "indicator": indicator,
                "value": _shown(target.value, target.bound == "above"),
                "floor": _shown(floor.value, floor.bound == "above"),
            },
        )
