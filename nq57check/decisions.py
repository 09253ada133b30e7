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

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nq57check.findings import Finding
from nq57check.loading.errors import InputError
from nq57check.loading.models import Text
from nq57check.loading.validation import problems_from_validation
from nq57check.loading.yamlio import load_document


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    finding: Text | None = None  # fingerprint, as printed in json/sarif output
    rule: Text | None = None
    task: Text | None = None
    decision: Literal["accepted", "confirmed"]
    by: Text = Field(min_length=1)
    date: dt.date
    note: Text = ""

    def matches(self, finding: Finding) -> bool:
        if self.finding:
            return self.finding == finding.fingerprint()
        return bool(self.rule) and self.rule == finding.rule and self.task == finding.task


class DecisionFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    decisions: list[Decision] = Field(default_factory=list)


def load_decisions(path: Path, display: str) -> tuple[list[Decision], str]:
    doc = load_document(path, display)
    try:
        parsed = DecisionFile.model_validate(doc.data or {})
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, DecisionFile, doc.locations)) from exc
    return parsed.decisions, doc.sha256


def apply_decisions(findings: list[Finding], decisions: list[Decision], lang: str) -> list[Finding]:
    result = []
    for finding in findings:
        decision = next((d for d in decisions if d.matches(finding)), None)
        if decision is None:
            result.append(finding)
            continue
        note = f"{decision.decision} — {decision.by}, {decision.date.isoformat()}"
        if decision.note:
            note += f": {decision.note}"
        if decision.decision == "accepted":
            label = "Accepted on review" if lang == "en" else "Đã chấp nhận khi kiểm tra"
            result.append(dataclasses.replace(finding, waived=f"{label}: {note}"))
        else:
            label = "Confirmed on review" if lang == "en" else "Đã xác nhận khi kiểm tra"
            result.append(
                dataclasses.replace(finding, message=f"{finding.message} [{label}: {note}]")
            )
    return result
