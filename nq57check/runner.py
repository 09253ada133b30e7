"""Find communes under the given paths and check each; one bad commune never stops a batch."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nq57check.core.hints import closest
from nq57check.core.problems import InputError
from nq57check.engine.durable_adapter import release_freed_memory
from nq57check.evaluate import Checker
from nq57check.facts import CommuneFacts
from nq57check.findings import CommuneResult, InputProblem, RunResult
from nq57check.judgements import DECISION_FILE, WAIVER_FILE, apply_judgements
from nq57check.loading.plan import LoadedPlan, load_plan
from nq57check.loading.yamlio import read_bytes
from nq57check.packs.loader import ResolvedPack, load_pack
from nq57check.replacements import PLAN_SUFFIXES, Replacement, replaced_by

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
    # resolved plan files named on the command line (set by run_batch): without a reports/
    # folder beside them they are plan checks; every other plan is a commune's
    named_files: frozenset[str] = frozenset()


def display_path(path: Path) -> str:
    """Paths in output are relative to the working directory when possible (stable, short)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # different drive on Windows
        return str(path)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[InputProblem]]:
    """Plan files named on the command line or found in commune folders (recursively).

    Every folder is looked at on its own: its ``plan.yaml`` (or ``.yml``, ``.json``), else
    its one Word/Excel/PDF document (imported on the fly, as ``check FILE.docx``); a folder
    that looks like a commune's (office files, ``reports/``, ``waivers.yaml``) but has no
    usable plan is a problem of its own, never dropped. Folders below a commune's folder
    (except ``reports/`` and dot-folders) are searched too: a commune nested in another is
    checked, not hidden by its parent's plan. Below a plan *file*, though, office documents
    are that commune's attachments (evidence, the source it was imported from): there only
    a folder's own plan file makes it a commune.
    """
    found: list[Path] = []
    problems: list[InputProblem] = []
    seen: set[Path] = set()
    guessed: set[Path] = set()  # office documents taken as a folder's plan
    named: set[Path] = set()  # files named on the command line, resolved

    def walk(top: Path) -> bool:
        # Depth first in sorted order as recursion did, with a stack of our own: 1,000
        # nested folders were a RecursionError that lost the whole batch. A child that is
        # no symlink is resolved from its parent's real path (resolving every folder from
        # the root took 500,000 lstat calls, 40 s, for those 1,000 levels). A linked folder
        # that leads out of the tree being checked is named, never followed.
        before = (len(found), len(problems))  # a commune, usable or not, or a problem said
        root = top.resolve()
        pending = [(top, root, False)]
        while pending:
            folder, real, attachments = pending.pop()
            if real in seen:
                continue  # symlink loop or the same folder twice
            seen.add(real)
            try:  # a path past PATH_MAX is ENAMETOOLONG even for is_file()
                entries = sorted(folder.iterdir())
                plan = (
                    _plan_file(folder) if attachments else _commune_plan(folder, entries, problems)
                )
                if plan is not None and plan.is_symlink() and not _inside(plan, root):
                    problems.append(
                        InputProblem(
                            display_path(plan),
                            None,
                            "is a link to a file outside the tree being checked;"
                            " refused without opening it",
                        )
                    )
                    plan = None
                if plan is not None:
                    found.append(plan)
                    if plan.suffix.lower() in DOCUMENT_SUFFIXES:
                        guessed.add(plan)
                    else:
                        attachments = True
                children = [
                    child
                    for child in entries
                    if not (
                        child.name.startswith(".") or child.name == REPORTS_DIR or child == plan
                    )
                    and child.is_dir()
                ]
                for child in reversed(children):
                    if not child.is_symlink():
                        pending.append((child, real / child.name, attachments))
                        continue
                    target = child.resolve()
                    if not _inside(target, root):
                        problems.append(
                            InputProblem(
                                display_path(child),
                                None,
                                "is a link to a folder outside the tree being checked;"
                                " not followed",
                            )
                        )
                        continue
                    pending.append((child, target, attachments))
            except OSError as exc:
                problems.append(InputProblem(display_path(folder), None, f"cannot list: {exc}"))
        return (len(found), len(problems)) != before

    for path in paths:
        if path.is_dir():
            if path.resolve() in seen:
                continue  # named twice, or inside a folder already named
            if not walk(path):
                problems.append(
                    InputProblem(
                        display_path(path),
                        None,
                        "no plan file found (expected plan.yaml, or one Word/Excel/PDF plan,"
                        " in each commune folder)",
                    )
                )
        elif path.exists():  # a file, or a FIFO or device its check will refuse
            found.append(path)
            named.add(path.resolve())
        else:
            problems.append(InputProblem(display_path(path), None, "no such file or folder"))
    unique = {str(p.resolve()): p for p in reversed(found)}  # the first mention wins
    files = [p for p in found if unique.get(str(p.resolve())) is p]
    guessed = {p for p in guessed if p.resolve() not in named}
    return _without_imported_sources(files, guessed), problems


def _inside(path: Path, root: Path) -> bool:
    """Is ``path``, links followed, ``root`` or below it (nothing is opened)?"""
    target = path.resolve()
    return target == root or root in target.parents


def _commune_plan(folder: Path, entries: list[Path], problems: list[InputProblem]) -> Path | None:
    """The plan of ``folder`` if it is a commune's; a commune folder without one is a problem.

    Office documents are only guessed at when they are the folder's one document: with
    several (the Word draft and the signed PDF, a report beside the plan) which is the plan
    is not guessed; the folder is listed with them, and the user names the plan.
    """
    plan = _plan_file(folder)
    if plan is not None:
        return plan
    documents = [
        p
        for p in entries
        if p.suffix.lower() in DOCUMENT_SUFFIXES
        and not p.name.startswith((".", "~$"))  # macOS ._ copies, Office lock files
        and not p.is_dir()
    ]
    if len(documents) == 1:
        return documents[0]
    shown = display_path(folder)
    if documents:
        names = ", ".join(p.name for p in documents)
        problems.append(
            InputProblem(
                shown,
                None,
                f"no plan.yaml, and {len(documents)} Word/Excel/PDF files ({names}): which one"
                " is the plan is not guessed; name it (nq57check check FOLDER/FILE.docx) or"
                f" import it to {display_path(folder / PLAN_NAMES[0])}",
            )
        )
        return None
    markers = [
        p.name + ("/" if p.is_dir() else "")
        for p in entries
        if p.name in (REPORTS_DIR, WAIVER_FILE, DECISION_FILE)
    ]
    if markers:
        problems.append(
            InputProblem(
                shown,
                None,
                f"{' and '.join(markers)} but no plan file (expected plan.yaml, or one"
                " Word/Excel/PDF plan, in the commune folder)",
            )
        )
    return None


def _plan_file(folder: Path) -> Path | None:
    """``folder``'s plan.yaml (.yml, .json); a folder, FIFO or dead link there is too: its
    check says what it is, in its place in the run."""
    for name in PLAN_NAMES:
        plan = folder / name
        if plan.exists() or plan.is_symlink():
            return plan
    return None


def _without_imported_sources(files: list[Path], guessed: set[Path]) -> list[Path]:
    """Drop office documents a plan file of this run was imported from (the same commune).

    ``nq57check import KeHoach.docx -o xa/plan.yaml`` records the document's SHA-256 in
    the plan's ``provenance``; checking the document as well would count the commune
    twice. A document changed since its import has another hash and is still checked, and
    a document named on the command line is always checked.
    """
    if not guessed or len(guessed) == len(files):
        return files
    from nq57check.importers import MAX_BYTES  # only a run with office documents

    digests: dict[str, list[Path]] = {}  # a copy of a document is that document
    for path in guessed:
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                continue  # a FIFO would block, a huge file is refused: by its own check
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            digests.setdefault(digest, []).append(path)
        except OSError:
            continue  # its own check says why it cannot be read
    sources: set[Path] = set()
    for path in files:
        if path.suffix.lower() not in PLAN_SUFFIXES or not digests:
            continue
        try:
            raw = read_bytes(path, str(path))
        except InputError:
            continue  # its own check reports the problem
        for digest, documents in digests.items():
            if digest.encode() in raw:
                sources.update(documents)
    return [p for p in files if p not in sources]


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
            result.notes = list(loaded.notes)  # what the importer guessed, if it is a document
            result.plan_file = shown
            result.unit = loaded.plan.unit.name
            result.province = loaded.plan.unit.province
            result.inputs[shown] = loaded.sha256
            checker = self.plan_checker(loaded, shown)
            result.pack = checker.pack.name
            refuse_unknown_requirements(loaded, checker.pack.requirements)
            # The evaluation date: which rules are in force, which periods are due.
            as_of = self.options.as_of or today
            facts = checker.facts_for(loaded, as_of)
            replacing = replaced_by(loaded.plan, path, self.options.replaced)
            if replacing is not None:
                from nq57check.facts_reports import mark_replaced

                mark_replaced(facts, *replacing)
                result.skipped = f"replaced by {replacing[0]} ({replacing[1]})"
            else:
                commune = self.is_commune(path)  # else a plan check: no report rule runs
                if commune:
                    self.add_reports(path, loaded, facts, result, as_of, checker)
                result.not_evaluated = checker.not_evaluated(
                    on=as_of, reports=commune, lang=self.options.lang
                )
            result.findings = checker.evaluate(
                facts,
                in_force_on=as_of,
                lang=self.options.lang,
                issued=loaded.plan.document.issued,
            )
            apply_judgements(
                result,
                path,
                as_of=as_of,
                lang=self.options.lang,
                waiver_file=self.options.waivers,
                display=display_path,
                policy=checker.judgement_policy,
            )
        except InputError as exc:
            result.problems.extend(exc.problems)
        return result

    def is_commune(self, plan: Path) -> bool:
        """A commune's monthly reports are due: its plan was found in a folder (or the folder
        was named), or a ``reports/`` folder is beside it. A plan file named alone, as CI
        passes a submitted plan, is a plan check."""
        reports = plan.parent / REPORTS_DIR
        if reports.exists() or reports.is_symlink():  # not a folder: add_reports says so
            return True
        return str(plan.resolve()) not in self.options.named_files

    def add_reports(
        self,
        path: Path,
        loaded: LoadedPlan,
        facts: CommuneFacts,
        result: CommuneResult,
        as_of: dt.date,
        checker: Checker,
    ) -> None:
        """The commune's reports (none when ``reports/`` is missing or empty: then every
        month, quarter and deadline due by ``as_of`` is judged with nothing reported)."""
        from nq57check.facts_reports import add_report_facts  # only for communes
        from nq57check.loading.reports import load_reports

        folder = path.parent / REPORTS_DIR
        # a file or a broken link there is refused by load_reports, never taken as "none"
        reports = load_reports(folder, loaded.plan, display_path) if os.path.lexists(folder) else []
        result.inputs.update({r.display: r.sha256 for r in reports})
        add_report_facts(facts, reports, as_of, checker.pack.parameters)

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

            return load_document_plan(path, shown, self.options.lang)
        return load_plan(path, shown)


def refuse_unknown_requirements(loaded: LoadedPlan, catalog: Mapping[str, object]) -> None:
    """A task citing a requirement the catalog lacks (a typo) would silently cover nothing."""
    problems = []
    for index, task in enumerate(loaded.plan.tasks):
        for number, requirement in enumerate(task.requirements):
            if requirement not in catalog:
                guess = closest(requirement, catalog)
                hint = f"; did you mean '{guess}'?" if guess else ""
                problems.append(
                    InputProblem(
                        file=loaded.display,
                        line=loaded.locations.line_of(("tasks", index, "requirements", number)),
                        message=f"requirement '{requirement}' is not in the catalog{hint}",
                        field=f"tasks.{index}.requirements.{number}",
                    )
                )
    if problems:
        from nq57check.loading.document import relocate  # a document: its rows, no lines

        raise InputError(relocate(problems, loaded.locations))


def run_check(paths: list[Path], options: Options, today: dt.date) -> RunResult:
    """Check every commune under ``paths`` in this process (see :mod:`nq57check.batch`)."""
    from nq57check.batch import run_batch

    return run_batch(paths, options, today, jobs=1)
