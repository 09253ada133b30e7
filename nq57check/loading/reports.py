"""Load a commune's ``reports/*.yaml|*.json`` into validated :class:`Report` objects.

Choice (documented in the report file format): inconsistent reports are unusable input
(exit 2, one file:line problem each), never findings and never merged silently:

- two reports for the same month: which one the province received is unknowable;
- a report for another unit (unit names compared folded, so case and diacritics do not
  matter): it was filed in the wrong folder;
- a report naming a task id the plan does not have: its progress cannot be attributed;
- a period before the month the plan was issued (no plan existed to report on), or one
  that is not the month in the file's name (a copied report whose period was not changed).

Dot-files (``.2026-05.yaml``, macOS's ``._2026-05.yaml`` copies) are not reports.

Every problem of every report is collected before raising, so one run lists them all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nq57check.core.confine import refuse_leaving
from nq57check.core.problems import InputError, InputProblem
from nq57check.core.text import excerpt, fold
from nq57check.loading.models import Plan
from nq57check.loading.report_models import Report
from nq57check.loading.validation import validate_document
from nq57check.loading.yamlio import Locations, load_document, not_regular

REPORT_SUFFIXES = (".yaml", ".yml", ".json")
_NAMED_MONTH = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})(?![0-9])")  # ASCII digits only


@dataclass(slots=True)
class LoadedReport:
    path: Path
    display: str
    report: Report
    locations: Locations
    sha256: str
    # whether an evidence item names its file: asked by several rules and the evidence
    # check of every commune, so settled once when the report is loaded
    names_files: bool = field(init=False)

    def __post_init__(self) -> None:
        self.names_files = any(e.file for u in self.report.tasks.values() for e in u.evidence)


def names_evidence_files(reports: Iterable[LoadedReport]) -> bool:
    """Whether some evidence item of ``reports`` names its file."""
    return any(r.names_files for r in reports)


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
        problems += _before_the_plan(item, plan)
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


def _before_the_plan(item: LoadedReport, plan: Plan) -> list[InputProblem]:
    """A month before the plan's issue month: there was no plan to report on."""
    issued, report = plan.document.issued, item.report
    if issued is None or report.month >= dt.date(issued.year, issued.month, 1):
        return []
    return [
        InputProblem(
            item.display,
            item.locations.line_of(("period",)),
            f"period {report.period} is before the plan was issued"
            f" ({issued.isoformat()}): there was no plan to report on",
            field="period",
        )
    ]


def misnamed(item: LoadedReport) -> list[InputProblem]:
    """A period that is not the month the file is named after (a copied report whose
    period was not changed), or a file name that names no month to compare with."""
    period, line = item.report.period, item.locations.line_of(("period",))
    named = _NAMED_MONTH.search(item.path.stem)
    if named is None:
        message = (
            f"the file name does not say its month: name it {period}{item.path.suffix}"
            " (reports/YYYY-MM.yaml)"
        )
    elif named.group(0) != period:
        message = (
            f"period {period} is not the month of the file's name ({named.group(0)}):"
            " a copied report whose period was not changed?"
        )
    else:
        return []
    return [InputProblem(item.display, line, message, field="period")]


def evidence_leaving(item: LoadedReport, commune: Path) -> list[InputProblem]:
    """Evidence paths leaving the commune's folder, refused by name and unopened, at the line
    of the item naming them: first as written (``..`` steps resolved against the report's
    folder, no link read: ``../evidence/x.pdf`` from ``reports/`` stays inside), then with
    links followed (only the links are read). A classified item's path is never quoted."""
    problems: list[InputProblem] = []
    if not item.names_files:  # most reports: no item names a file
        return problems
    root = os.path.normpath(os.path.abspath(commune))
    for task_id, update in item.report.tasks.items():
        for number, evidence in enumerate(update.evidence):
            if evidence.file is None:
                continue
            where = ("tasks", task_id, "evidence", number, "file")
            written = os.path.normpath(os.path.abspath(item.path.parent / evidence.file))
            if not (written == root or written.startswith(root.rstrip(os.sep) + os.sep)):
                what = (
                    f"the evidence file {evidence.file!r}"
                    if evidence.classification == "none"
                    else f"the file of classified evidence {excerpt(evidence.number or '?', 60)!r}"
                    " (path not shown)"
                )
                message = f"{what} leaves the commune folder; refused without opening it"
            else:
                try:
                    refuse_leaving(item.path.parent / evidence.file, commune, item.display)
                    continue
                except InputError:
                    message = (
                        "the evidence file is a link to a file outside the commune folder;"
                        " refused without opening it"
                    )
            problems.append(
                InputProblem(
                    item.display,
                    item.locations.line_of(where),
                    message,
                    field=f"tasks.{task_id}.evidence.{number}.file",
                )
            )
    return problems


def report_files(folder: Path, shown: str = "reports") -> list[Path]:
    """Every entry named like a report; one that is not a file is reported, not skipped.

    A ``reports`` that is not a folder is an input error (its monthly reports would
    otherwise be silently absent), and so is a folder that cannot be listed.
    """
    return [path for path, _ in _report_entries(folder, shown)]


def _report_entries(folder: Path, shown: str) -> list[tuple[Path, bool]]:
    """:func:`report_files`, each with whether it is (or may be) a symbolic link: the
    listing says so without another system call."""
    try:
        what = not_regular(folder.stat().st_mode)
        if what != "a folder":
            what = what or "a file"
            raise InputError.single(
                shown, f"'reports' is {what}, not the folder of monthly reports (YYYY-MM.yaml)"
            )
        with os.scandir(folder) as listing:
            entries = [(folder / e.name, _maybe_link(e)) for e in listing]
    except FileNotFoundError as exc:  # a link to nowhere
        raise InputError.single(shown, "'reports' is a broken link, not a folder") from exc
    except OSError as exc:
        raise InputError.single(shown, f"cannot list: {exc.strerror or exc}") from exc
    return sorted(
        (path, link)
        for path, link in entries
        if path.suffix.lower() in REPORT_SUFFIXES
        and not path.name.startswith(".")  # .2026-05.yaml, macOS ._2026-05.yaml: not reports
    )


def _maybe_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:  # cannot tell: resolved like a link
        return True


def load_reports(
    folder: Path, plan: Plan, display: Callable[[Path], str] = str
) -> list[LoadedReport]:
    """Every report in ``folder``, in period order; all problems at once as InputError.

    Reports are read only inside the commune's folder (the parent of ``reports/``): a
    report, or ``reports`` itself, that is a link leading elsewhere is refused unopened.
    """
    loaded: list[LoadedReport] = []
    problems: list[InputProblem] = []
    commune = folder.parent
    shown = display(folder)
    refuse_leaving(folder, commune, shown)
    # The folder, links followed, is inside the commune's: so is every file in it that is
    # no link, and only the links need resolving (two realpath walks a file, saved).
    for path, link in _report_entries(folder, shown):
        try:
            doc = load_document(path, display(path), within=commune if link else None)
            report = validate_report(doc.data, doc.locations)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        loaded.append(LoadedReport(path, doc.display, report, doc.locations, doc.sha256))
        problems += misnamed(loaded[-1])
        problems += evidence_leaving(loaded[-1], commune)
    problems += check_against_plan(loaded, plan)
    if problems:
        raise InputError(problems)
    return sorted(loaded, key=lambda r: r.report.period)
