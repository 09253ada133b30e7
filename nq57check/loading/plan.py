"""Load a plan file into a validated :class:`Plan` with the line of every value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nq57check.findings import InputProblem
from nq57check.loading.errors import InputError
from nq57check.loading.models import Plan
from nq57check.loading.validation import validate_document
from nq57check.loading.yamlio import Locations, load_document


@dataclass(slots=True)
class LoadedPlan:
    path: Path
    display: str
    plan: Plan
    locations: Locations
    sha256: str


def validate_plan(data: object, locations: Locations) -> Plan:
    """Validate plan data; every problem at once, each with its line."""
    plan = validate_document(Plan, data, locations, "a plan file with 'unit' and 'tasks'")
    seen: dict[str, int] = {}
    problems = []
    for index, task in enumerate(plan.tasks):
        line = locations.line_of(("tasks", index, "id"))
        if task.id in seen:
            problems.append(
                InputProblem(
                    locations.file,
                    line,
                    f"duplicate task id '{task.id}' (first at line {seen[task.id]})",
                    field=f"tasks.{index}.id",
                )
            )
        seen.setdefault(task.id, line)
    sections = {s.id for s in plan.sections}
    for index, task in enumerate(plan.tasks):
        if task.section and sections and task.section not in sections:
            problems.append(
                InputProblem(
                    locations.file,
                    locations.line_of(("tasks", index, "section")),
                    f"section '{task.section}' is not listed under 'sections'",
                    field=f"tasks.{index}.section",
                )
            )
    if problems:
        raise InputError(problems)
    return plan


def load_plan(path: Path, display: str | None = None) -> LoadedPlan:
    doc = load_document(path, display)
    plan = validate_plan(doc.data, doc.locations)
    return LoadedPlan(path, doc.display, plan, doc.locations, doc.sha256)
