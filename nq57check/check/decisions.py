"""Inspectors' decisions on findings that need judgement (``review: true`` rules).

``decisions.yaml`` beside a plan records, per finding (by fingerprint, or rule + task), the
decision (``accepted``: the inspector judged it fine; ``confirmed``: it stands), who and
when. Decisions are carried forward to later runs: accepted findings are listed with the
decision instead of counting, confirmed ones stay with the decision noted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from nq57check.check.judgement_policy import DECISION_FILE, JudgementPolicy
from nq57check.core.text import excerpt
from nq57check.findings import Finding
from nq57check.loading.models import FilledText, Text
from nq57check.loading.validation import validate_document
from nq57check.loading.yamlio import Locations, load_document


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    finding: FilledText | None = None  # fingerprint, as printed in json/sarif output
    rule: FilledText | None = None
    task: FilledText | None = None
    decision: Literal["accepted", "confirmed"]
    by: FilledText
    date: dt.date
    note: Text = ""
    document: FilledText | None = None  # the approving document, where the rule requires one

    def matches(self, finding: Finding) -> bool:
        if self.finding:
            return self.finding == finding.fingerprint()
        return bool(self.rule) and self.rule == finding.rule and self.task == finding.task


class DecisionFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    decisions: list[Decision] = Field(default_factory=list)


def load_decisions(
    path: Path, display: str, *, within: Path | None = None
) -> tuple[list[Decision], str, Locations]:
    doc = load_document(path, display, within=within)
    data = {} if doc.data is None else doc.data
    what = "a decisions file (with a 'decisions:' list)"
    parsed = validate_document(DecisionFile, data, doc.locations, what)
    return parsed.decisions, doc.sha256, doc.locations


UNJUSTIFIED = {
    "vi": "chưa áp dụng quyết định chấp nhận: phải ghi số văn bản phê duyệt ('document')",
    "en": "acceptance not applied: it must cite the approving document's number ('document')",
}


UNUSED = {
    "vi": "Quyết định '{what}' không khớp phát hiện nào (dấu vân tay hay quy tắc và nhiệm vụ"
    " sai?); không áp dụng.",
    "en": "Decision '{what}' matches no finding (a wrong fingerprint, or rule and task?);"
    " it was not applied.",
}


def unused_decisions(
    findings: list[Finding], decisions: list[Decision], locations: Locations, lang: str
) -> list[Finding]:
    """A decision matching nothing is a warning, as an unused waiver is: a mistyped
    fingerprint would otherwise leave the finding counted with no word said."""
    extra = []
    for index, decision in enumerate(decisions):
        if any(decision.matches(f) for f in findings):
            continue
        what = excerpt(decision.finding or f"{decision.rule} {decision.task or ''}".strip(), 40)
        extra.append(
            Finding(
                rule="decision-unused",
                requirement="",
                severity="warning",
                message=UNUSED["en" if lang == "en" else "vi"].format(what=what),
                file=locations.file,
                line=locations.line_of(("decisions", index)),
                title="decision-unused",
                source=DECISION_FILE,
            )
        )
    return extra


def apply_decisions(
    findings: list[Finding],
    decisions: list[Decision],
    lang: str,
    policy: JudgementPolicy | None = None,
) -> list[Finding]:
    policy = policy or JudgementPolicy()
    result = []
    for finding in findings:
        decision = next((d for d in decisions if d.matches(finding)), None)
        if decision is None:
            result.append(finding)
            continue
        note = f"{decision.decision} — {decision.by}, {decision.date.isoformat()}"
        if decision.document:
            note += f", {decision.document}"
        if decision.note:
            note += f": {decision.note}"
        required = sorted(policy.requires.get(finding.rule, ()))
        if decision.decision == "accepted" and "document" in required and not decision.document:
            unjustified = UNJUSTIFIED["en" if lang == "en" else "vi"]
            message = f"{finding.message} [{unjustified}]"
            result.append(dataclasses.replace(finding, message=message))
            continue
        if decision.decision == "accepted":
            label = "Accepted on review" if lang == "en" else "Đã chấp nhận khi kiểm tra"
            result.append(dataclasses.replace(finding, waived=f"{label}: {note}"))
        else:
            label = "Confirmed on review" if lang == "en" else "Đã xác nhận khi kiểm tra"
            result.append(
                dataclasses.replace(finding, message=f"{finding.message} [{label}: {note}]")
            )
    return result
