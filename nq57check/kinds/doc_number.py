"""doc-number: a document number that breaks the numbering grammar (NĐ 30/2020, HD 36)."""

from __future__ import annotations

from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts import CommuneFacts
from nq57check.kinds.base import RuleKind, Site, register, spec_name
from nq57check.packs.model import Rule


@register
class DocNumberKind(RuleKind):
    name = "doc-number"
    variables = frozenset({"number", "reason"})

    def compile(self, rule: Rule, params: object) -> list[RuleSpec]:
        return [RuleSpec(spec_name(rule), (("d", {"$and": [{"kind": "docnum"}, {"ok": 0}]}),))]

    def site(self, rule: Rule, params: object, match: Match, facts: CommuneFacts) -> Site:
        use = facts.doc_numbers[int(match.facts["d"]["pos"])]
        return Site(path=use.path, values={"number": use.text, "reason": use.reason or ""})
