"""Findings and run results: the one shape every reporter reads.

A finding is plain data (no engine objects), already rendered in the run's language, so
reporters only format. Sorting is total and stable, which keeps output byte-identical from
run to run.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from nq57check.core.problems import (
    InputProblem,
    Note,
    Severity,
    location_text,
)

SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
FailOn = Literal["error", "warning", "info", "never"]

OFFICE_SUFFIXES = (".docx", ".xlsx", ".pdf")


def has_lines(file: str) -> bool:
    """False for a Word/Excel/PDF document checked on the fly: it has tables and rows."""
    return not file.lower().endswith(OFFICE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong (or worth a look) in one commune's files."""

    rule: str
    requirement: str
    severity: Severity
    message: str
    file: str
    line: int
    title: str = ""
    task: str | None = None
    source: str = ""
    area: str = ""
    evidence: str = ""
    deadline: str | None = None  # the task's deadline as written (or its section's)
    due: str | None = None  # ISO date that deadline was read as, when it is a date or period
    pack: str = ""
    review: bool = False
    waived: str | None = None  # reason, when a waiver or an inspector's decision covers it
    # Where in an office document checked on the fly (``line`` is then 0): None for YAML.
    table: int | None = None
    row: int | None = None
    page: int | None = None
    paragraph: int | None = None  # a task of a plan body: "đoạn 12" (only in JSON when set)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file,
            SEVERITY_RANK.get(self.severity, 9),
            self.line,
            self.table or 0,
            self.row or 0,
            self.rule,
            self.task or "",
            self.message,
        )

    def fingerprint(self) -> str:
        """Identity that survives line moves: used by baselines and decisions."""
        raw = "\x1f".join([self.rule, self.task or "", self.file.rsplit("/", 1)[-1], self.message])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["paragraph"] is None:
            del data["paragraph"]
        data["fingerprint"] = self.fingerprint()
        return data

    def location(self, lang: str) -> str:
        """'KeHoach.docx, bảng 1, dòng 5 (trang 2)', 'KeHoach.docx, đoạn 12' or 'plan.yaml:12'."""
        return location_text(
            self.file, self.line, self.table, self.row, self.page, lang, self.paragraph
        )


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What a reporter may say about a rule (SARIF rule descriptors, help text, gap lists)."""

    id: str
    requirement: str
    severity: Severity
    title: str
    description: str  # the message template in the run's language
    source: str
    evidence: str = ""
    area: str = ""
    pack: str = ""
    kind: str = ""  # the rule's kind ("task-present"): what the visit gap list puts first
    latest: str = ""  # a task-deadline rule's latest deadline as the catalog writes it


@dataclass(frozen=True, slots=True)
class NotEvaluated:
    """A rule that could not be evaluated for a commune, and why: absence of input is never
    a pass, so it is listed in every format (it is not a finding: the exit code ignores it).

    ``reason`` is already rendered in the run's language ("không có báo cáo", "có hiệu lực
    từ 01/01/2027").
    """

    rule: str
    requirement: str
    reason: str
    pack: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(slots=True)
class CommuneResult:
    """Everything checked for one commune (one plan, its reports)."""

    path: str
    unit: str = ""
    province: str = ""
    plan_file: str | None = None
    findings: list[Finding] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # file -> sha256
    skipped: str | None = None  # why the commune was not checked (e.g. replaced plan)
    pack: str = ""  # the rule pack it was checked against
    notes: list[Note] = field(default_factory=list)  # what the importer guessed (documents)
    not_evaluated: list[NotEvaluated] = field(default_factory=list)  # rules it could not run
    # What the visit gap list names the commune and its plan by, read from the plan.
    kind: str = ""  # xa | phuong | dac_khu
    plan_number: str = ""
    plan_issued: str = ""  # ISO date
    task_names: dict[str, str] = field(default_factory=dict)  # task id -> its name
    reports: int | None = None  # monthly reports read; None: a plan check (none owed)

    def count(self, severity: str, *, include_waived: bool = False) -> int:
        return sum(
            1
            for f in self.findings
            if f.severity == severity and (include_waived or f.waived is None)
        )


@dataclass(slots=True)
class RunResult:
    """A whole run: what was checked, against which packs, as of when."""

    communes: list[CommuneResult]
    packs: list[tuple[str, str]]  # (name, version), base pack first
    as_of: str
    lang: str = "vi"
    tool_version: str = ""
    rules: list[RuleMeta] = field(default_factory=list)

    def all_findings(self) -> list[Finding]:
        return [f for c in self.communes for f in c.findings]

    def has_problems(self) -> bool:
        return any(c.problems for c in self.communes)

    def exit_code(self, fail_on: FailOn) -> int:
        """0 clean, 1 a finding at or above ``fail_on``, 2 unusable input."""
        if self.has_problems():
            return 2
        if fail_on == "never":
            return 0
        limit = SEVERITY_RANK[fail_on]
        for finding in self.all_findings():
            if finding.waived is None and SEVERITY_RANK[finding.severity] <= limit:
                return 1
        return 0

    def summary(self) -> dict[str, Any]:
        counts = {s: 0 for s in SEVERITY_RANK}
        waived = 0
        for finding in self.all_findings():
            if finding.waived is not None:
                waived += 1
            else:
                counts[finding.severity] += 1
        return {
            "communes": len(self.communes),
            "unusable": sum(1 for c in self.communes if c.problems),
            "findings": sum(counts.values()),
            "by_severity": counts,
            "waived": waived,
            "not_evaluated": sum(len(c.not_evaluated) for c in self.communes),
            "as_of": self.as_of,
            "packs": [{"name": n, "version": v} for n, v in self.packs],
        }
