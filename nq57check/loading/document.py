"""Where things are in a plan imported on the fly from a Word, Excel or PDF document.

``check KeHoach.docx`` imports the document into plan data without writing a YAML file, so
the lines of that YAML mean nothing to the user. :class:`DocumentLocations` answers "no
line" (0, the whole file) and gives the table, row and page each task was read from (its
``origin``) instead; findings and input problems point there.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from nq57check.core.problems import InputProblem, document_place
from nq57check.loading.yamlio import Locations, PathKey


@dataclass(frozen=True, slots=True)
class Place:
    """Table, row and page in a document (each may be unknown)."""

    table: int | None = None
    row: int | None = None
    page: int | None = None
    paragraph: int | None = None  # a task of the plan body


@dataclass(slots=True)
class DocumentLocations(Locations):
    """Locations of an imported plan: keys as parsed (which fields exist), places for lines."""

    places: dict[int, Place] = field(default_factory=dict)  # task index -> its row
    table: int | None = None  # the task table: where findings on the task list point

    def line_of(self, path: PathKey) -> int:
        """0: the YAML these lines would belong to was never written."""
        return 0

    def place_of(self, path: PathKey) -> Place:
        """The task's row for a path inside a task; the task table for the task list or the
        sections (their headings are rows of it); the document alone for everything else."""
        if not path or path[0] not in ("tasks", "sections"):
            return Place()
        if path[0] == "tasks" and len(path) > 1 and isinstance(path[1], int):
            return self.places.get(path[1], Place(self.table))
        return Place(self.table)


def document_locations(file: str, parsed: Locations, plan: dict[str, Any]) -> DocumentLocations:
    """Places from each imported task's ``origin``; the task table is the first task's."""
    places: dict[int, Place] = {}
    for index, task in enumerate(plan.get("tasks") or []):
        origin = task.get("origin") or {}
        places[index] = Place(
            origin.get("table"), origin.get("row"), origin.get("page"), origin.get("paragraph")
        )
    table = next((p.table for p in places.values() if p.table is not None), None)
    return DocumentLocations(file, dict(parsed.lines), places, table)


def place_of(locations: Locations, path: PathKey) -> Place:
    """Where ``path`` is in the document, for an imported plan (else nowhere: it has lines)."""
    if isinstance(locations, DocumentLocations):
        return locations.place_of(path)
    return Place()


_TASK_FIELD = re.compile(r"^tasks\.(\d+)(?:\.|$)")


def relocate(problems: list[InputProblem], locations: Locations) -> list[InputProblem]:
    """Problems on an imported plan without the lines of its unwritten YAML.

    A problem in a task names the task's table, row and page instead of a YAML field path
    (problem messages are English, so the place is too); any other keeps its field.
    """
    if not isinstance(locations, DocumentLocations):
        return problems
    moved = []
    for problem in problems:
        if problem.file != locations.file:
            moved.append(problem)
            continue
        found = _TASK_FIELD.match(problem.field or "")
        place = locations.place_of(("tasks", int(found.group(1)))) if found else Place()
        where = document_place(place.table, place.row, place.page, "en", place.paragraph)
        if where:
            message = f"{where}: {problem.message}"
            moved.append(dataclasses.replace(problem, line=None, message=message, field=None))
        else:
            moved.append(dataclasses.replace(problem, line=None))
    return moved
