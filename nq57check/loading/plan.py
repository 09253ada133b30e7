"""Load a plan file into a validated :class:`Plan` with the line of every value."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from nq57check.core.problems import InputError, InputProblem, Note
from nq57check.core.text import excerpt
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
    notes: list[Note] = field(default_factory=list)  # what an importer guessed (documents)


def validate_plan(data: object, locations: Locations) -> Plan:
    """Validate plan data; every problem at once, each with its line."""
    plan = validate_document(Plan, data, locations, "a plan file with 'unit' and 'tasks'")
    problems = [
        *_duplicate_ids("tasks", "task", [t.id for t in plan.tasks], locations),
        *_duplicate_ids("sections", "section", [s.id for s in plan.sections], locations),
        *_duplicate_ids("inspections", "inspection", [i.id for i in plan.inspections], locations),
    ]
    sections = {s.id for s in plan.sections}
    for index, task in enumerate(plan.tasks):
        if task.section and sections and task.section not in sections:
            problems.append(
                InputProblem(
                    locations.file,
                    locations.line_of(("tasks", index, "section")),
                    f"section '{excerpt(task.section)}' is not listed under 'sections'",
                    field=f"tasks.{index}.section",
                )
            )
    if problems:
        raise InputError(problems)
    return plan


def _duplicate_ids(key: str, what: str, ids: list[str], locations: Locations) -> list[InputProblem]:
    """Ids are what reports and sections refer to: two with one id make that ambiguous.

    Invisible format characters (a zero-width space pasted from Word) do not make two ids
    different to a reader, so they do not here either.
    """
    seen: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        line = locations.line_of((key, index, "id"))
        visible = _visible(item_id)
        if visible in seen:
            problems.append(
                InputProblem(
                    locations.file,
                    line,
                    f"duplicate {what} id '{excerpt(item_id)}' (first at line {seen[visible]})"
                    + ("; it holds invisible characters" if visible != item_id else ""),
                    field=f"{key}.{index}.id",
                )
            )
        seen.setdefault(visible, line)
    return problems


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def load_plan(path: Path, display: str | None = None) -> LoadedPlan:
    doc = load_document(path, display)
    plan = validate_plan(doc.data, doc.locations)
    return LoadedPlan(path, doc.display, plan, doc.locations, doc.sha256)
