"""evidence-signed: a task reported done lacks signed electronic evidence (R-MINH-CHUNG-KY-SO).

The plan task, its latest update (done) and its evidence are joined on the task index in
the engine: it fires when no evidence of that task is digitally signed, numbered, dated
and electronic (not paper). An item naming its file counts only if the file's signature was
not found wanting (``sig_ok``); an item without a file is taken at its word.
"""

from __future__ import annotations

import dataclasses

from nq57check.engine.conditions import all_of, neq
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view, report_where
from nq57check.kinds.base import RuleKind, Site, register, spec_name, task_site
from nq57check.loading.pack_model import Rule


@register
class EvidenceSigned(RuleKind):
    name = "evidence-signed"
    applies_to = "reports"
    variables = frozenset({"period"})

    def compile(self, rule: Rule, params: object) -> list[RuleSpec]:
        task = {"kind": "task"}
        done = all_of({"kind": "update"}, {"idx": {"t": "idx"}}, {"latest": 1}, {"done": 1})
        good = all_of(
            {"kind": "evidence"},
            {"idx": {"t": "idx"}},
            {"signed": 1},
            {"has_number": 1},
            {"has_date": 1},
            {"sig_ok": 1},  # a named file that was found unsigned, broken... does not count
            neq("channel", "paper"),
        )
        return [RuleSpec(spec_name(rule), (("t", task), ("u", done)), (good,))]

    def site(self, rule: Rule, params: object, match: Match, facts: CommuneFacts) -> Site:
        period = str(match.facts["u"]["key"])
        site = task_site(facts, match.facts["t"], period=period)
        view = report_view(facts)
        where = report_where(view, period)
        if where is None:
            return site
        line = view.task_line(period, site.task or "", where.line)
        return dataclasses.replace(site, file=where.file, line=line)
