"""The one commune pipeline: load -> facts -> evaluate -> judgements.

Every caller runs it: the check of a commune's folder (:class:`Session`), the packs' own
examples (``rules test``) and the kinds' tests; only where the plan and reports come from
differs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nq57check import gcpolicy
from nq57check.check.discovery import DOCUMENT_SUFFIXES, REPORTS_DIR, display_path
from nq57check.check.evaluate import Checker
from nq57check.check.judgements import apply_judgements
from nq57check.check.replacements import Replacement, replaced_by
from nq57check.core.hints import closest
from nq57check.core.problems import InputError, InputProblem
from nq57check.engine.durable_adapter import release_freed_memory
from nq57check.findings import CommuneResult, Finding
from nq57check.loading.plan import LoadedPlan, load_plan
from nq57check.packs.loader import ResolvedPack, default_pack, load_pack

if TYPE_CHECKING:
    from nq57check.evidence.verdict import Verdict
    from nq57check.loading.reports import LoadedReport

TRIM_EVERY = 4  # communes between returns of freed memory to the OS (measured: +3% time)


def commune_findings(
    checker: Checker,
    loaded: LoadedPlan,
    as_of: dt.date,
    *,
    lang: str,
    reports: Sequence[LoadedReport] | None = None,
    replacing: tuple[str, str] | None = None,
    issued: dt.date | None = None,
    verdicts: Mapping[tuple[str, str, int], Verdict] | None = None,
) -> list[Finding]:
    """A plan's findings on ``as_of``: its facts, its reports' facts (``None``: a plan check,
    no report rule runs), whether a later plan replaces it, then the rules in force."""
    facts = checker.facts_for(loaded, as_of)
    if reports is not None:
        from nq57check.facts.reports import add_report_facts  # only for communes

        add_report_facts(facts, list(reports), as_of, checker.pack.parameters, verdicts)
    if replacing is not None:
        from nq57check.facts.reports import mark_replaced

        mark_replaced(facts, *replacing)
    return checker.evaluate(facts, in_force_on=as_of, lang=lang, issued=issued)


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
    trust_roots: Path | None = None  # PEM roots evidence signatures must chain to (--trust-roots)


class Session:
    """Packs are loaded and compiled once per name and reused for every commune."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.checkers: dict[str, Checker] = {}
        self.packs: dict[str, ResolvedPack] = {}
        self.checked = 0
        self.roots: dict[str, list[object]] = {}  # trust-root folder -> its certificates

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
            gcpolicy.settle()  # a batch's cycles, collected before the memory is handed back
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
            result.kind = loaded.plan.unit.kind
            result.plan_number = loaded.plan.document.number
            issued = loaded.plan.document.issued
            result.plan_issued = issued.isoformat() if issued else ""
            result.task_names = {t.id: t.name for t in loaded.plan.tasks}
            result.inputs[shown] = loaded.sha256
            checker = self.plan_checker(loaded, shown)
            result.pack = checker.pack.name
            refuse_unknown_requirements(loaded, checker.pack.requirements)
            # The evaluation date: which rules are in force, which periods are due.
            as_of = self.options.as_of or today
            replacing = replaced_by(loaded.plan, path, self.options.replaced)
            reports: list[LoadedReport] | None = None
            verdicts: dict[tuple[str, str, int], Verdict] = {}
            if replacing is not None:
                result.skipped = f"replaced by {replacing[0]} ({replacing[1]})"
            else:
                commune = self.is_commune(path)  # else a plan check: no report rule runs
                if commune:
                    reports = self.load_reports(path, loaded, result)
                    result.reports = len(reports)
                    verdicts = self.verify_evidence(reports, checker, result)
                result.not_evaluated = checker.not_evaluated(
                    on=as_of,
                    reports=commune,
                    lang=self.options.lang,
                    plan=loaded.plan,
                    given=reports or [],
                )
            result.findings = commune_findings(
                checker,
                loaded,
                as_of,
                lang=self.options.lang,
                reports=reports,
                replacing=replacing,
                issued=loaded.plan.document.issued,
                verdicts=verdicts,
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

    def load_reports(
        self, path: Path, loaded: LoadedPlan, result: CommuneResult
    ) -> list[LoadedReport]:
        """The commune's reports (none when ``reports/`` is missing or empty: then every
        month, quarter and deadline due by ``as_of`` is judged with nothing reported)."""
        from nq57check.loading.reports import load_reports  # only for communes

        folder = path.parent / REPORTS_DIR
        # a file or a broken link there is refused by load_reports, never taken as "none"
        reports = load_reports(folder, loaded.plan, display_path) if os.path.lexists(folder) else []
        result.inputs.update({r.display: r.sha256 for r in reports})
        return reports

    def trust_roots(self, checker: Checker) -> list[object] | None:
        """The roots evidence must chain to: ``--trust-roots``, else the pack's
        ``parameters.reports.trust_roots``; None when neither names any (trust unchecked)."""
        folder = self.options.trust_roots
        if folder is None:
            named = (checker.pack.parameters.get("reports") or {}).get("trust_roots")
            folder = Path(named) if named else None
        if folder is None:
            return None
        key = str(folder)
        if key not in self.roots:
            from nq57check.evidence.verify import load_roots

            self.roots[key] = load_roots(folder)
        return self.roots[key]

    def verify_evidence(
        self, reports: Sequence[LoadedReport], checker: Checker, result: CommuneResult
    ) -> dict[tuple[str, str, int], Verdict]:
        """Every evidence file the reports name, judged; what is no finding becomes a note."""
        from nq57check.loading.reports import names_evidence_files

        if not names_evidence_files(reports):
            return {}
        from nq57check.core.problems import Note
        from nq57check.evidence.verdict import note_text
        from nq57check.evidence.verify import verify_reports

        verdicts = verify_reports(reports, self.trust_roots(checker))
        for verdict in verdicts.values():
            text = note_text(verdict, self.options.lang)
            if text is not None:
                result.notes.append(Note(verdict.file, text))
            if verdict.sha256 and verdict.file:
                result.inputs[verdict.file] = verdict.sha256
        return verdicts

    def plan_checker(self, loaded: LoadedPlan, shown: str) -> Checker:
        """The checker of the pack the plan names (unless --pack chose one for the run).

        A pack named by a plan that cannot be used is that commune's problem, shown at
        the plan's ``pack:`` line; the other communes of a batch are still checked.
        """
        named = loaded.plan.pack
        try:
            return self.checker(self.options.pack or named or default_pack())
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
