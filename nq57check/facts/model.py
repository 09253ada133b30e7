"""The facts of one commune, typed: what the plan and reports said, as the kinds read it.

Engine facts are plain dicts (``facts``); everything a finding may name beyond them is a
typed field here, so a kind that reads report detail of a commune without reports fails
at the type, not at run time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from nq57check.evidence.verdict import Verdict
from nq57check.facts.detection import Coverage
from nq57check.grammar.deadlines import Deadline
from nq57check.loading.models import Plan
from nq57check.loading.yamlio import Locations


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a report file a finding can point at (never a title)."""

    file: str
    line: int
    number: str = ""
    period: str = ""


@dataclass(slots=True)
class ReportView:
    """What the findings of report rules may say, by ``pos`` of the fact that matched."""

    as_of: dt.date
    due_day: int
    months: list[dict[str, Any]] = field(default_factory=list)
    reports: list[Where] = field(default_factory=list)
    evidence: list[Where] = field(default_factory=list)
    verdicts: list[Verdict | None] = field(default_factory=list)  # by evidence ``pos``
    submitted: dict[str, str] = field(default_factory=dict)  # period -> dd/mm/YYYY
    indicators: list[dict[str, Any]] = field(default_factory=list)
    budget: dict[str, Any] = field(default_factory=dict)
    inspections: list[dict[str, Any]] = field(default_factory=list)
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    # period -> the report's locations and the ids of the tasks it updates (looked up only
    # when a finding names a task's update: most of a commune's updates never are)
    task_places: dict[str, tuple[Locations, Collection[str]]] = field(default_factory=dict)

    def task_line(self, period: str, task: str, default: int) -> int:
        """The line of ``task``'s update in the report for ``period``, else ``default``."""
        place = self.task_places.get(period)
        if place is None or task not in place[1]:
            return default
        return place[0].line_of(("tasks", task))


@dataclass(frozen=True, slots=True)
class ReplacedBy:
    """The plan of the same run that replaces this one."""

    number: str
    file: str


@dataclass(frozen=True, slots=True)
class DocNumberUse:
    path: tuple[str | int, ...]
    text: str
    reason: str | None  # None when the number is well-formed or was recovered
    intended: str | None = None  # the number meant, when written irregularly ('57- NQ/TW')
    repair: str | None = None  # what was irregular about it


@dataclass(slots=True)
class CommuneFacts:
    """The plan, what was derived from it, and the engine facts built from both."""

    plan: Plan
    locations: Locations
    deadlines: list[Deadline]
    deadline_from_section: list[str | None]  # per task: the section id its deadline came from
    coverage: list[list[Coverage]]
    doc_numbers: list[DocNumberUse]
    facts: list[dict[str, Any]] = field(default_factory=list)
    # set by facts.reports: the report-side detail findings may name (never a title)
    reports: ReportView | None = None
    replaced_by: ReplacedBy | None = None  # set by mark_replaced: the plan replacing this one
