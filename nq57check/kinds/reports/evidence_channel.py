"""evidence-channel: classified evidence sent other than over the Party's network (R-MAT-KENH).

Evidence classified Mật / Tối mật / Tuyệt mật must travel over ``secret_network`` only.
Its title is never put in a fact or a finding: only its document number is named.
"""

from __future__ import annotations

import dataclasses

from nq57check.engine.conditions import all_of, neq
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name, task_site
from nq57check.loading.pack_model import Rule

LEVELS = {"mat": "Mật", "toi_mat": "Tối mật", "tuyet_mat": "Tuyệt mật"}
CHANNELS = {"edoc": "edoc", "paper": "paper", "secret_network": "secret_network"}


@register
class EvidenceChannel(RuleKind):
    name = "evidence-channel"
    applies_to = "reports"
    variables = frozenset({"number", "level", "channel", "period"})

    def compile(self, rule: Rule, params: object) -> list[RuleSpec]:
        wrong = all_of({"kind": "evidence"}, {"classified": 1}, neq("channel", "secret_network"))
        return [RuleSpec(spec_name(rule), (("e", wrong),))]

    def site(self, rule: Rule, params: object, match: Match, facts: CommuneFacts) -> Site:
        fact = match.facts["e"]
        where = report_view(facts).evidence[int(fact["pos"])]
        base = task_site(facts, fact)
        values = {
            "number": where.number or "?",
            "level": LEVELS.get(str(fact["classification"]), ""),
            "channel": CHANNELS.get(str(fact["channel"]), ""),
            "period": where.period,
        }
        return dataclasses.replace(base, values=values, file=where.file, line=where.line)
