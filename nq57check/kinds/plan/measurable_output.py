"""measurable-output: an output made only of generic document words ("Văn bản triển khai").

``generic_phrases`` lists the words and phrases that say nothing measurable on their own
("văn bản", "kế hoạch", "triển khai thực hiện"); an output made of nothing else is flagged,
whatever their order ("Chương trình, kế hoạch, văn bản triển khai thực hiện"). ``vague``
adds whole-output regexes for anything else.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nq57check.engine.conditions import all_of, any_in, matches
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import (
    EngineRegexes,
    RuleKind,
    Site,
    register,
    spec_name,
    task_site,
)
from nq57check.loading.pack_model import Rule

# durable-rules' own regex dialect is matched against folded text ([a-z0-9 ]); keeping the
# patterns to this alphabet means no escaping and identical meaning in Python and the engine.
_PLAIN = re.compile(r"^[a-z0-9]+( [a-z0-9]+)*$")


class MeasurableOutputParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    generic_phrases: list[str] = Field(default_factory=list)  # folded words, e.g. "van ban"
    vague: EngineRegexes = Field(default_factory=list)  # whole-output regexes, folded text

    @field_validator("generic_phrases")
    @classmethod
    def _plain(cls, phrases: list[str]) -> list[str]:
        for phrase in phrases:
            if not _PLAIN.match(phrase):
                raise ValueError(f"phrase {phrase!r} must be folded text: a-z 0-9 and spaces")
        return phrases

    def patterns(self) -> list[str]:
        combined = list(self.vague)
        if self.generic_phrases:
            combined.append(f"(({'|'.join(self.generic_phrases)}) ?)+")
        return combined


@register
class MeasurableOutput(RuleKind):
    name = "measurable-output"
    Params = MeasurableOutputParams
    variables = frozenset({"output"})

    def compile(self, rule: Rule, params: MeasurableOutputParams) -> list[RuleSpec]:
        alternatives = [matches("output_norm", pattern) for pattern in params.patterns()]
        if not alternatives:
            return []
        condition = all_of({"kind": "task"}, {"has_output": 1}, any_in(alternatives))
        return [RuleSpec(spec_name(rule), (("t", condition),))]

    def site(
        self, rule: Rule, params: MeasurableOutputParams, match: Match, facts: CommuneFacts
    ) -> Site:
        fact = match.facts["t"]
        task = facts.plan.tasks[int(fact["idx"])]
        return task_site(facts, fact, "output", output=task.output)
