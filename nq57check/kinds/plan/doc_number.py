"""doc-number: a document number that breaks the numbering grammar (NĐ 30/2020, HD 36).

A number written irregularly but meaning one known document ("57- NQ/TW", "4732/KHUBND")
is read as that document (basis checks match it); a rule with ``recovered: true`` reports
those, naming the written and the intended number, while the default reports numbers that
cannot be read at all. Two rules, so a pack can weigh or switch off each on its own.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from nq57check.engine.conditions import all_of
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.loading.pack_model import Rule


class DocNumberParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    recovered: bool = False  # fire on numbers read as an intended one, not on unreadable ones


@register
class DocNumberKind(RuleKind):
    name = "doc-number"
    Params = DocNumberParams
    variables = frozenset({"number", "reason", "intended"})

    def compile(self, rule: Rule, params: DocNumberParams) -> list[RuleSpec]:
        which = {"recovered": 1} if params.recovered else {"ok": 0}
        return [RuleSpec(spec_name(rule), (("d", all_of({"kind": "docnum"}, which)),))]

    def site(self, rule: Rule, params: DocNumberParams, match: Match, facts: CommuneFacts) -> Site:
        use = facts.doc_numbers[int(match.facts["d"]["pos"])]
        reason = use.repair if params.recovered else use.reason
        values = {"number": use.text, "reason": reason or "", "intended": use.intended or ""}
        return Site(path=use.path, values=values)
