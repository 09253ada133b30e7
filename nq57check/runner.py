"""Find communes under the given paths and check each; one bad commune never stops a batch."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nq57check.engine.durable_adapter import release_freed_memory
from nq57check.evaluate import Checker
from nq57check.findings import CommuneResult, InputProblem, RunResult
from nq57check.judgements import apply_judgements
from nq57check.loading.errors import InputError
from nq57check.loading.plan import LoadedPlan, load_plan
from nq57check.packs.loader import ResolvedPack, load_pack
from nq57check.replacements import Replacement, replaced_by

PLAN_NAMES = ("plan.yaml", "plan.yml", "plan.json")
# Office files are imported on the fly; the old and foreign formats get the importer's advice.
DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".pdf", ".doc", ".xls", ".rtf", ".odt", ".ods")
DEFAULT_PACK = "lai-chau"
TRIM_EVERY = 4  # communes between returns of freed memory to the OS (measured: +3% time)
REPORTS_DIR = "reports"  # monthly status reports beside the plan


@dataclass(slots=True)
class Options:
    pack: str | None = None
    rules_dirs: list[Path] = field(default_factory=list)
    as_of: dt.date | None = None
    lang: str = "vi"
    only: list[str] | None = None  # rule or requirement IDs to run (default: all)
    skip: list[str] = field(default_factory=list)  # rule or requirement IDs not to run
    waivers: Path | None = None  # default: waivers.yaml beside each plan
    # (folded unit, replaced number) -> the plan replacing it (set by run_batch)
    replaced: dict[tuple[str, str], Replacement] = field(default_factory=dict)


def display_path(path: Path) -> str:
    """Paths in output are relative to the working directory when possible (stable, short)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # different drive on Windows
        return str(path)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[InputProblem]]:
    """Plan files named on the command line or found in commune folders (recursively)."""
    found: list[Path] = []
    problems: list[InputProblem] = []
    seen: set[Path] = set()

    def walk(top: Path) -> bool:
        # Depth first in sorted order as recursion did, with a stack of our own: 1,000
        # nested folders were a RecursionError that lost the whole batch. A child that is
        # no symlink is resolved from its parent's real path (resolving each folder from
        # the root took 500,000 lstat calls, 40 s, for those 1,000 levels).
        before = len(found)
        pending = [(top, top.resolve())]
        while pending:
            folder, real = pending.pop()
            if real in seen:
                continue  # symlink loop or the same folder twice
            seen.add(real)
            try:  # a path over PATH_MAX is ENAMETOOLONG even for is_file()
                for name in PLAN_NAMES:
                    plan = folder / name
                    if plan.is_file():
                        found.append(plan)
                        break
                    if plan.exists() or plan.is_symlink():  # a folder, FIFO, device, dead link
                        found.append(plan)  # its check says what it is, in its place in the run
                        break
                else:  # no plan: a folder of communes, searched below
                    children = sorted(p for p in folder.iterdir() if p.is_dir())
                    pending += [
                        (child, child.resolve() if child.is_symlink() else real / child.name)
                        for child in reversed(children)
                        if not (child.name.startswith(".") or child.name == "reports")
                    ]
            except OSError as exc:
                problems.append(InputProblem(display_path(folder), None, f"cannot list: {exc}"))
        return len(found) > before

    for path in paths:
        if path.is_dir():
            if path.resolve() in seen:
                continue  # named twice, or inside a folder already named
            if not walk(path):
                problems.append(
                    InputProblem(
                        display_path(path),
                        None,
                        "no plan file found (expected plan.yaml in each commune folder)"
                        + _office_hint(path),
                    )
                )
        elif path.exists():  # a file, or a FIFO or device its check will refuse
            found.append(path)
        else:
            problems.append(InputProblem(display_path(path), None, "no such file or folder"))
    unique = {str(p.resolve()): p for p in reversed(found)}  # the first mention wins
    return [p for p in found if unique.get(str(p.resolve())) is p], problems


def _office_hint(folder: Path) -> str:
    """Folders are searched for plan files only; Word/Excel/PDF plans are named directly."""
    try:
        office = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
    except OSError:
        return ""
    if not office:
        return ""
    return f"; to check {office[0]}, name the file itself, or 'nq57check import' it"


class Session:
    """Packs are loaded and compiled once per name and reused for every commune."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.checkers: dict[str, Checker] = {}
        self.packs: dict[str, ResolvedPack] = {}
        self.checked = 0

    def pack(self, name: str) -> ResolvedPack:
        if name not in self.packs:
            self.packs[name] = load_pack(name, self.options.rules_dirs)
        return self.packs[name]

    def checker(self, name: str) -> Checker:
        if name not in self.checkers:
            pack = self.pack(name)
            self.checkers[name] = Checker.build(pack, self.options.only, self.options.skip)
        return self.checkers[name]

    def check_file(self, path: Path, today: dt.date) -> CommuneResult:
        """Check one commune; every ``TRIM_EVERY`` communes, give freed memory back."""
        result = self._check_file(path, today)
        self.checked += 1
        if self.checked % TRIM_EVERY == 0:
            release_freed_memory()  # keeps a long batch's memory flat (engine adapter, 15)
        return result

    def _check_file(self, path: Path, today: dt.date) -> CommuneResult:
        shown = display_path(path)
        result = CommuneResult(path=display_path(path.parent))
        try:
            loaded = self.load(path, shown)
            result.plan_file = shown
            result.unit = loaded.plan.unit.name
            result.province = loaded.plan.unit.province
            result.inputs[shown] = loaded.sha256
            checker = self.plan_checker(loaded, shown)
            result.pack = checker.pack.name
            refuse_unknown_requirements(loaded, checker.pack.requirements)
            as_of = self.options.as_of or today
            in_force_on = self.options.as_of or loaded.plan.document.issued or today
            facts = checker.facts_for(loaded, as_of)
            replacing = replaced_by(loaded.plan, path, self.options.replaced)
            if replacing is not None:
                from nq57check.facts_reports import mark_replaced

                mark_replaced(facts, *replacing)
                result.skipped = f"replaced by {replacing[0]} ({replacing[1]})"
            elif (path.parent / REPORTS_DIR).is_dir():
                from nq57check.facts_reports import add_report_facts  # only with reports
                from nq57check.loading.reports import load_reports

                reports = load_reports(path.parent / REPORTS_DIR, loaded.plan, display_path)
                result.inputs.update({r.display: r.sha256 for r in reports})
                add_report_facts(facts, reports, as_of, checker.pack.parameters)
            result.findings = checker.evaluate(
                facts, in_force_on=in_force_on, lang=self.options.lang
            )
            apply_judgements(
                result,
                path,
                as_of=as_of,
                lang=self.options.lang,
                waiver_file=self.options.waivers,
                display=display_path,
            )
        except InputError as exc:
            result.problems.extend(exc.problems)
        return result

    def plan_checker(self, loaded: LoadedPlan, shown: str) -> Checker:
        """The checker of the pack the plan names (unless --pack chose one for the run).

        A pack named by a plan that cannot be used is that commune's problem, shown at
        the plan's ``pack:`` line; the other communes of a batch are still checked.
        """
        named = loaded.plan.pack
        try:
            return self.checker(self.options.pack or named or DEFAULT_PACK)
        except InputError as exc:
            if self.options.pack or not named:
                raise
            line = loaded.locations.line_of(("pack",))
            first = exc.problems[0]
            problems = [InputProblem(file=shown, line=line, message=first.message, field="pack")]
            if first.line is not None:  # a broken pack: where, in the pack's files
                problems += exc.problems
            raise InputError(problems) from exc

    def load(self, path: Path, shown: str) -> LoadedPlan:
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            from nq57check.importers.onthefly import load_document_plan

            return load_document_plan(path, shown)
        return load_plan(path, shown)


def refuse_unknown_requirements(loaded: LoadedPlan, catalog: Mapping[str, object]) -> None:
    """A task citing a requirement the catalog lacks (a typo) would silently cover nothing."""
    problems = []
    for index, task in enumerate(loaded.plan.tasks):
        for number, requirement in enumerate(task.requirements):
            if requirement not in catalog:
                guess = difflib.get_close_matches(requirement, list(catalog), n=1)
                hint = f"; did you mean '{guess[0]}'?" if guess else ""
                problems.append(
                    InputProblem(
                        file=loaded.display,
                        line=loaded.locations.line_of(("tasks", index, "requirements", number)),
                        message=f"requirement '{requirement}' is not in the catalog{hint}",
                        field=f"tasks.{index}.requirements.{number}",
                    )
                )
    if problems:
        raise InputError(problems)


def run_check(paths: list[Path], options: Options, today: dt.date) -> RunResult:
    """Check every commune under ``paths`` in this process (see :mod:`nq57check.batch`)."""
    from nq57check.batch import run_batch

    return run_batch(paths, options, today, jobs=1)
