"""Risk classes and the province's ranking of communes before inspection visits.

The policy is data (``rules/requirements.yaml``: ``risk_classes``, ``unusable_risk``,
``visit_first``); this module only applies it. A commune's risk is the worst class among its
open errors and warnings (an unusable commune is ``unusable_risk``), then how many it has in
that class: one classified document on the ordinary system ranks above many blank cells.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from nq57check.core.rules_dir import builtin_rules_dir
from nq57check.findings import CommuneResult, Finding

RANKED_SEVERITIES = ("error", "warning")  # info findings do not raise a commune's risk
UNITS: dict[str, dict[str, str]] = {
    "vi": {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"},
    "en": {"xa": "commune", "phuong": "ward", "dac_khu": "special zone"},
}


@dataclass(frozen=True, slots=True)
class Policy:
    classes: dict[int, dict[str, str]]  # class -> {vi, en}
    by_requirement: dict[str, int]
    unusable: int
    first: list[tuple[frozenset[str], dict[str, str]]]  # (rule kinds, {vi, en}) on page 1

    @property
    def lowest(self) -> int:
        return max(self.classes) if self.classes else 4


@functools.cache
def policy() -> Policy:
    """The catalog's risk policy (loaded once per process)."""
    from nq57check.loading.yamlio import load_document

    data = load_document(builtin_rules_dir() / "requirements.yaml").data or {}
    classes: dict[int, dict[str, str]] = {}
    by_requirement: dict[str, int] = {}
    for key, entry in (data.get("risk_classes") or {}).items():
        number = int(key)
        classes[number] = {"vi": str(entry["vi"]), "en": str(entry["en"])}
        for rid in entry.get("requirements", []):
            by_requirement[str(rid)] = number
    first = [
        (frozenset(str(k) for k in e.get("kinds", [])), {"vi": str(e["vi"]), "en": str(e["en"])})
        for e in data.get("visit_first") or []
    ]
    return Policy(classes, by_requirement, int(data.get("unusable_risk", 1)), first)


def risk_of(finding: Finding) -> int:
    """A finding's class; a requirement the catalog does not class is the mildest."""
    p = policy()
    return p.by_requirement.get(finding.requirement, p.lowest)


def class_title(number: int | None, lang: str) -> str:
    if number is None:
        return "—"
    entry = policy().classes.get(number)
    return entry.get(lang, entry["vi"]) if entry else str(number)


def unusable(commune: CommuneResult) -> bool:
    """Nothing could be checked: the input could not be read (no plan, a broken file)."""
    return bool(commune.problems) and not commune.findings


def no_reports(commune: CommuneResult) -> bool:
    """A commune that owes reports and sent none (a plan check owes none)."""
    return commune.reports == 0 and commune.skipped is None


@dataclass(frozen=True, slots=True)
class Risk:
    """Where a commune stands: its worst class (None: nothing open) and the count there."""

    commune: CommuneResult
    risk: int | None
    count: int
    errors: int
    total: int

    def key(self) -> tuple[int, int, int, int, int, str]:
        missing = policy().lowest + 1
        return (
            missing if self.risk is None else self.risk,
            -self.count,
            -self.errors,
            -self.total,
            -len(self.commune.problems),
            self.commune.path,
        )


def assess(commune: CommuneResult) -> Risk:
    open_ = [f for f in commune.findings if f.waived is None]
    ranked = [f for f in open_ if f.severity in RANKED_SEVERITIES]
    errors = sum(1 for f in open_ if f.severity == "error")
    if commune.problems:
        unusable_class = policy().unusable
        worst = min([unusable_class, *(risk_of(f) for f in ranked)])
        count = len(commune.problems) if worst == unusable_class else 0
        count += sum(1 for f in ranked if risk_of(f) == worst)
        return Risk(commune, worst, count, errors, len(open_))
    if not ranked:
        return Risk(commune, None, 0, errors, len(open_))
    worst = min(risk_of(f) for f in ranked)
    count = sum(1 for f in ranked if risk_of(f) == worst)
    return Risk(commune, worst, count, errors, len(open_))


def ranked(communes: list[CommuneResult]) -> list[Risk]:
    """Communes worst first: risk class, then findings in that class, then errors; path last."""
    return sorted((assess(c) for c in communes), key=Risk.key)


def unit_label(commune: CommuneResult, lang: str) -> str:
    """'xã Hưng Đông (Nghệ An)': kind and province, so two communes of one name differ."""
    name = commune.unit or commune.path
    kind = UNITS.get(lang, UNITS["vi"]).get(commune.kind, "") if commune.unit else ""
    label = f"{kind} {name}".strip() if kind and not name.casefold().startswith(kind) else name
    return f"{label} ({commune.province})" if commune.province else label
