"""Waivers: approved, expiring exceptions, listed as waived rather than silently dropped.

``waivers.yaml`` sits beside a plan (or is named with ``--waivers``). A waiver names a rule
or requirement ID, optionally a task, a reason, who approved it and until when. Waived
findings do not affect the exit code but stay in every report with their reason. An
expired waiver waives nothing and is itself a warning; a waiver that matches nothing is a
warning. R-MAT-KENH (classified documents on the wrong channel) is never waived silently:
its waiver must cite the approving document's number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nq57check.findings import Finding
from nq57check.judgements import WAIVER_FILE
from nq57check.loading.errors import InputError
from nq57check.loading.models import Text
from nq57check.loading.validation import problems_from_validation
from nq57check.loading.yamlio import Locations, load_document

STRICT_REQUIREMENTS = frozenset({"R-MAT-KENH"})


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    rule: Text | None = None
    requirement: Text | None = None
    task: Text | None = None
    reason: Text = Field(min_length=1)
    approved_by: Text = Field(min_length=1)
    expires: dt.date
    document: Text | None = None  # the approving document's number

    @model_validator(mode="after")
    def _names_something(self) -> Waiver:
        if not self.rule and not self.requirement:
            raise ValueError("a waiver names a 'rule' or a 'requirement'")
        return self

    def matches(self, finding: Finding) -> bool:
        if self.rule and self.rule != finding.rule:
            return False
        if self.requirement and self.requirement != finding.requirement:
            return False
        return not (self.task and self.task != finding.task)


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    waivers: list[Waiver] = Field(default_factory=list)


@dataclasses.dataclass(slots=True)
class LoadedWaivers:
    waivers: list[Waiver]
    locations: Locations
    sha256: str


def load_waivers(path: Path, display: str) -> LoadedWaivers:
    doc = load_document(path, display)
    try:
        parsed = WaiverFile.model_validate(doc.data or {})
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, WaiverFile, doc.locations)) from exc
    return LoadedWaivers(parsed.waivers, doc.locations, doc.sha256)


MESSAGES = {
    "waiver-expired": {
        "vi": "Miễn trừ cho {what} đã hết hạn ngày {expires}, không còn hiệu lực.",
        "en": "Waiver for {what} expired on {expires}; it no longer applies.",
    },
    "waiver-unjustified": {
        "vi": "Miễn trừ cho {what} phải ghi số văn bản phê duyệt ('document'); chưa áp dụng.",
        "en": "A waiver for {what} must cite the approving document's number ('document');"
        " it was not applied.",
    },
    "waiver-unused": {
        "vi": "Miễn trừ cho {what} không khớp phát hiện nào; nên bỏ.",
        "en": "Waiver for {what} matches no finding; remove it.",
    },
}


def _meta(
    index: int, waiver: Waiver, loaded: LoadedWaivers, rule: str, lang: str, what: str
) -> Finding:
    template = MESSAGES[rule]["en" if lang == "en" else "vi"]
    return Finding(
        rule=rule,
        requirement=waiver.requirement or "",
        severity="warning",
        message=template.format(what=what, expires=waiver.expires.isoformat()),
        file=loaded.locations.file,
        line=loaded.locations.line_of(("waivers", index)),
        title=rule,
        task=waiver.task,
        source=WAIVER_FILE,
    )


def _note(waiver: Waiver) -> str:
    parts = [
        waiver.approved_by,
        *([waiver.document] if waiver.document else []),
        f"→ {waiver.expires.isoformat()}",
    ]
    return f"{waiver.reason} ({', '.join(parts)})"


def apply_waivers(
    findings: list[Finding], loaded: LoadedWaivers, as_of: dt.date, lang: str
) -> list[Finding]:
    """Mark waived findings; add warnings for expired, unused and unjustified waivers."""
    result = list(findings)
    extra: list[Finding] = []
    for index, waiver in enumerate(loaded.waivers):
        what = waiver.rule or waiver.requirement or ""
        if waiver.expires < as_of:
            extra.append(_meta(index, waiver, loaded, "waiver-expired", lang, what))
            continue
        strict = {f.requirement for f in result if waiver.matches(f)} & STRICT_REQUIREMENTS
        if strict and not waiver.document:
            extra.append(
                _meta(index, waiver, loaded, "waiver-unjustified", lang, ", ".join(sorted(strict)))
            )
            continue
        hits = 0
        for position, finding in enumerate(result):
            if finding.waived is None and waiver.matches(finding):
                result[position] = dataclasses.replace(finding, waived=_note(waiver))
                hits += 1
        if hits == 0:
            extra.append(_meta(index, waiver, loaded, "waiver-unused", lang, what))
    return sorted(result + extra, key=Finding.sort_key)
