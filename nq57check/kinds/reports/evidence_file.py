"""evidence-file: what an evidence file named by a report was found to be.

The verdict (``nq57check.evidence``) becomes facts; which verdicts are findings is the
pack's choice (``states``), so a new rule over evidence files is YAML only:

- ``states: [missing]``: the file is not in the commune folder;
- ``states: [unsigned], claimed_only: true``: ``signed: true`` but no signature in the file;
- ``states: [broken, partial, untrusted, unreadable]``: the signature cannot be relied on;
- ``states: [stored]``: a classified document kept on this machine (never opened);
- ``when: signed_late``: signed after the report that cites it was submitted;
- ``when: number_missing``: the item's number is not in the PDF's text.

``{signature}`` is " Signer per certificate: ..; signed: .." with only the parts known ("" for
an unreadable file), ``{signer}`` and ``{signed_at}`` the bare values ("?" when unknown).

A classified item is named by its number only: no title, no file name (which may be one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from nq57check.engine.conditions import all_of, any_in
from nq57check.engine.durable_adapter import Match, RuleSpec
from nq57check.evidence.verdict import State
from nq57check.facts.model import CommuneFacts
from nq57check.facts.reports import report_view
from nq57check.kinds.base import RuleKind, Site, register, spec_name, task_site
from nq57check.kinds.reports.evidence_channel import LEVELS
from nq57check.loading.pack_model import Rule


class EvidenceFileParams(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    when: Literal["state", "signed_late", "number_missing"] = "state"
    states: list[State] = Field(default_factory=list)  # for ``when: state``
    claimed_only: bool = False  # only items that say ``signed: true``

    @model_validator(mode="after")
    def _states_given(self) -> EvidenceFileParams:
        if self.when == "state" and not self.states:
            raise ValueError("when: state needs the states to fire on (states: [missing])")
        return self


@register
class EvidenceFile(RuleKind):
    name = "evidence-file"
    applies_to = "reports"
    Params = EvidenceFileParams
    variables = frozenset(
        {"number", "file", "period", "problem", "signer", "signed_at", "signature"}
        | {"submitted", "level"}
    )

    def unevaluable(self, plan: Any, reports: Sequence[Any]) -> tuple[str, dict[str, str]] | None:
        """No evidence item names a file: nothing was read, which is no pass."""
        from nq57check.loading.reports import names_evidence_files  # only for communes

        return None if names_evidence_files(reports) else ("no_evidence_files", {})

    def compile(self, rule: Rule, params: EvidenceFileParams) -> list[RuleSpec]:
        parts: list[dict[str, object]] = [{"kind": "evidence"}]
        if params.when == "signed_late":
            parts.append({"late": 1})
        elif params.when == "number_missing":
            parts.append({"number_missing": 1})
        else:
            parts.append(any_in({"vstate": state} for state in params.states))
        if params.claimed_only:
            parts.append({"signed": 1})
        return [RuleSpec(spec_name(rule), (("e", all_of(*parts)),))]

    def site(
        self, rule: Rule, params: EvidenceFileParams, match: Match, facts: CommuneFacts
    ) -> Site:
        fact = match.facts["e"]
        view = report_view(facts)
        pos = int(fact["pos"])
        where, verdict = view.evidence[pos], view.verdicts[pos]
        base = task_site(facts, fact)
        reason = verdict.problem() if verdict else {"vi": "", "en": ""}
        values = {
            "number": where.number or "?",
            "period": where.period,
            "file": verdict.file if verdict else "",
            "problem": reason,  # picked in the run's language by the evaluator
            "signer": (verdict.signer if verdict else "") or "?",
            "signed_at": (verdict.signed_on() if verdict else "") or "?",
            "signature": verdict.signature() if verdict else {"vi": "", "en": ""},  # known parts
            "submitted": view.submitted.get(where.period, ""),
            "level": LEVELS.get(str(fact.get("classification", "")), ""),
        }
        return dataclasses.replace(base, values=values, file=where.file, line=where.line)
