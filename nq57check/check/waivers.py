"""Waivers: approved, expiring exceptions, listed as waived rather than silently dropped.

``waivers.yaml`` sits beside a plan (or is named with ``--waivers``). A waiver names a rule
or requirement ID, optionally a task, a reason, who approved it and until when. Waived
findings do not affect the exit code but stay in every report with their reason. An
expired waiver waives nothing and is itself a warning; a waiver that matches nothing is a
warning. A rule whose pack says ``waiver_requires: [document]`` (R-MAT-KENH, classified
documents on the wrong channel) is never waived silently: its waiver must cite the approving
document's number. Blank required fields and misspelt IDs are errors at their line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from nq57check.check.judgement_policy import WAIVER_FILE, JudgementPolicy
from nq57check.core.hints import closest
from nq57check.core.problems import InputError
from nq57check.findings import Finding, InputProblem
from nq57check.loading.models import FilledText
from nq57check.loading.validation import validate_document
from nq57check.loading.yamlio import Locations, load_document


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    rule: FilledText | None = None
    requirement: FilledText | None = None
    task: FilledText | None = None
    reason: FilledText
    approved_by: FilledText
    expires: dt.date
    document: FilledText | None = None  # the approving document's number

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


def load_waivers(
    path: Path,
    display: str,
    policy: JudgementPolicy | None = None,
    *,
    within: Path | None = None,
) -> LoadedWaivers:
    doc = load_document(path, display, within=within)
    data = {} if doc.data is None else doc.data
    what = "a waivers file (with a 'waivers:' list)"
    parsed = validate_document(WaiverFile, data, doc.locations, what)
    if policy is not None:
        _refuse_unknown_ids(parsed.waivers, policy, doc.locations)
    return LoadedWaivers(parsed.waivers, doc.locations, doc.sha256)


def _refuse_unknown_ids(
    waivers: list[Waiver], policy: JudgementPolicy, locations: Locations
) -> None:
    """A misspelt ID would waive nothing and only warn 'unused': refuse it, as --only does."""
    problems = []
    for index, waiver in enumerate(waivers):
        for key, value, known in (
            ("rule", waiver.rule, policy.rules),
            ("requirement", waiver.requirement, policy.requirements),
        ):
            if value is None or not known or value in known or value.startswith("waiver-"):
                continue
            guess = closest(value, sorted(known))
            hint = f"; did you mean '{guess}'?" if guess else ""
            what = "rule" if key == "rule" else "requirement"
            problems.append(
                InputProblem(
                    file=locations.file,
                    line=locations.line_of(("waivers", index, key)),
                    message=f"unknown {what} '{value[:120]}'{hint}",
                    field=f"waivers.{index}.{key}",
                )
            )
    if problems:
        raise InputError(problems)


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


def missing_citations(
    finding: Finding, policy: JudgementPolicy, cited: dict[str, str | None]
) -> list[str]:
    """Fields the finding's rule requires a judgement to cite that ``cited`` lacks."""
    return [f for f in sorted(policy.requires.get(finding.rule, ())) if not cited.get(f)]


def apply_waivers(
    findings: list[Finding],
    loaded: LoadedWaivers,
    as_of: dt.date,
    lang: str,
    policy: JudgementPolicy | None = None,
) -> list[Finding]:
    """Mark waived findings; add warnings for expired, unused and unjustified waivers."""
    policy = policy or JudgementPolicy()
    result = list(findings)
    extra: list[Finding] = []
    for index, waiver in enumerate(loaded.waivers):
        what = waiver.rule or waiver.requirement or ""
        if waiver.expires < as_of:
            extra.append(_meta(index, waiver, loaded, "waiver-expired", lang, what))
            continue
        cited = {"document": waiver.document}
        strict = {
            f.requirement
            for f in result
            if waiver.matches(f) and missing_citations(f, policy, cited)
        }
        if strict:
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
