"""Rule packs and rules, as data: the schema of ``rules/<pack>/*.yaml``."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nq57check.core.problems import Severity


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Bilingual(Strict):
    """Text in Vietnamese (the default output language) and English."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


class Examples(Strict):
    """Plan snippets (merged over a minimal plan) the rule must fire / must not fire on."""

    fire: list[dict[str, Any]] = Field(min_length=1)
    clean: list[dict[str, Any]] = Field(min_length=1)


class Rule(Strict):
    """One rule: Semgrep-like metadata plus a kind and its parameters."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    requirement: str = Field(pattern=r"^R-[A-Z0-9-]+$")
    kind: str
    severity: Severity
    title: Bilingual
    message: Bilingual
    source: str = Field(min_length=1)
    evidence: Bilingual | None = None
    effective: dt.date = dt.date(2025, 1, 1)
    params: dict[str, Any] = Field(default_factory=dict)
    examples: Examples
    review: bool = False
    # what a waiver (or an inspector's acceptance) of this rule's findings must cite to be
    # applied: e.g. [document] for classified-channel breaches, the approving document's number
    waiver_requires: list[Literal["document"]] = Field(default_factory=list)


class RuleFile(Strict):
    rules: list[Rule] = Field(default_factory=list)


class Override(Strict):
    """What a pack may change about an inherited rule, by ID."""

    severity: Severity | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    disabled: bool = False


class Source(Strict):
    id: str
    title: str
    date: dt.date | None = None


class Detection(Strict):
    """How tasks are recognised as covering a requirement (regexes over folded text)."""

    patterns: list[str] = Field(min_length=1)
    exclude: list[str] = Field(default_factory=list)


class ReportParameters(Strict):
    """``parameters: {reports: ...}``: how monthly reports are judged."""

    due_day: int = Field(default=15, ge=1, le=28)  # a month's report is due by this day
    # folder of trusted root certificates (PEM), relative to the pack's folder
    trust_roots: str | None = Field(default=None, min_length=1)


class Parameters(BaseModel):
    """``parameters:``: default params of rules by rule ID, and ``reports``.

    Unchecked, a rule's entry that was not a mapping or a ``due_day`` of 40 or of 400
    digits became an internal error in the middle of a batch.
    """

    model_config = ConfigDict(extra="allow", defer_build=True)
    __pydantic_extra__: dict[str, dict[str, Any]]
    reports: ReportParameters | None = None

    def as_dict(self) -> dict[str, Any]:
        """As given in the file: rule ID (or ``reports``) -> the keys written."""
        given: dict[str, Any] = dict(self.model_extra or {})
        if self.reports is not None:
            given["reports"] = self.reports.model_dump(exclude_unset=True)
        return given


class PackFile(Strict):
    """``pack.yaml``: the pack's identity, lineage, sources and overrides."""

    pack: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: Bilingual
    extends: str | None = None
    sources: list[Source] = Field(default_factory=list)
    parameters: Parameters = Field(default_factory=lambda: Parameters.model_validate({}))
    overrides: dict[str, Override] = Field(default_factory=dict)
    requirements: dict[str, Bilingual] = Field(default_factory=dict)  # pack-specific IDs
    detection_file: str | None = "detection.yaml"


class DetectionFile(Strict):
    detection: dict[str, Detection] = Field(default_factory=dict)
