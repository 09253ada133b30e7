"""Load a commune's ``reports/*.yaml|*.json`` into validated :class:`Report` objects.

Choice (documented in the report file format): inconsistent reports are unusable input
(exit 2, one file:line problem each), never findings and never merged silently:

- two reports for the same month: which one the province received is unknowable;
- a report for another unit (unit names compared folded, so case and diacritics do not
  matter): it was filed in the wrong folder;
- a report naming a task id the plan does not have: its progress cannot be attributed.

Every problem of every report is collected before raising, so one run lists them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nq57check.findings import InputProblem
from nq57check.loading.errors import InputError
from nq57check.loading.models import Plan
from nq57check.loading.report_models import Report
from nq57check.loading.validation import validate_document
from nq57check.loading.yamlio import Locations, load_document
from nq57check.text import excerpt, fold

REPORT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(slots=True)
class LoadedReport:
    path: Path
    display: str
    report: Report
    locations: Locations
    sha256: str


def validate_report(data: object, locations: Locations) -> Report:
    return validate_document(Report, data, locations, "a report file with 'unit' and 'period'")


def check_against_plan(loaded: list[LoadedReport], plan: Plan) -> list[InputProblem]:
    """Duplicate months, other units, and tasks, indicators or inspections the plan lacks."""
    problems: list[InputProblem] = []
    unit = fold(plan.unit.name)
    task_ids = {task.id for task in plan.tasks}
    inspection_ids = {inspection.id for inspection in plan.inspections}
    first: dict[str, LoadedReport] = {}
    for item in loaded:
        report, where = item.report, item.locations
        if fold(report.unit.name) != unit:
            problems.append(
                InputProblem(
                    item.display,
                    where.line_of(("unit", "name")),
                    f"report is for '{excerpt(report.unit.name)}',"
                    f" but the plan is for '{excerpt(plan.unit.name)}'",
                    field="unit.name",
                )
            )
        earlier = first.get(report.period)
        if earlier is not None:
            problems.append(
                InputProblem(
                    item.display,
                    where.line_of(("period",)),
                    f"a second report for {report.period} (first: {earlier.display})",
                    field="period",
                )
            )
        first.setdefault(report.period, item)
        for task_id in report.tasks:
            if task_id not in task_ids:
                problems.append(
                    InputProblem(
                        item.display,
                        where.line_of(("tasks", task_id)),
                        f"task '{excerpt(task_id)}' is not in the plan",
                        field=f"tasks.{task_id}",
                    )
                )
        for indicator in report.indicators:
            if indicator not in plan.targets:
                problems.append(
                    InputProblem(
                        item.display,
                        where.line_of(("indicators", indicator)),
                        f"indicator '{excerpt(indicator)}' has no target in the plan"
                        f" (targets: {', '.join(plan.targets) or 'none'})",
                        field=f"indicators.{indicator}",
                    )
                )
        for number, held in enumerate(report.inspections):
            if held.inspection is not None and held.inspection not in inspection_ids:
                problems.append(
                    InputProblem(
                        item.display,
                        where.line_of(("inspections", number, "inspection")),
                        f"inspection '{excerpt(held.inspection)}' is not scheduled in the plan",
                        field=f"inspections.{number}.inspection",
                    )
                )
    return problems


def report_files(folder: Path) -> list[Path]:
    """Every entry named like a report; one that is not a file is reported, not skipped."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in REPORT_SUFFIXES)


def load_reports(
    folder: Path, plan: Plan, display: Callable[[Path], str] = str
) -> list[LoadedReport]:
    """Every report in ``folder``, in period order; all problems at once as InputError."""
    loaded: list[LoadedReport] = []
    problems: list[InputProblem] = []
    for path in report_files(folder):
        try:
            doc = load_document(path, display(path))
            report = validate_report(doc.data, doc.locations)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        loaded.append(LoadedReport(path, doc.display, report, doc.locations, doc.sha256))
    problems += check_against_plan(loaded, plan)
    if problems:
        raise InputError(problems)
    return sorted(loaded, key=lambda r: r.report.period)
