"""Find the communes under the paths named: every plan is listed, every unusable folder said."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from nq57check.check.judgement_policy import DECISION_FILE, WAIVER_FILE
from nq57check.check.replacements import PLAN_SUFFIXES
from nq57check.core.problems import InputError
from nq57check.findings import InputProblem
from nq57check.loading.yamlio import read_bytes

PLAN_NAMES = ("plan.yaml", "plan.yml", "plan.json")
# Office files are imported on the fly; the old and foreign formats get the importer's advice.
DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".pdf", ".doc", ".xls", ".rtf", ".odt", ".ods")
REPORTS_DIR = "reports"  # monthly status reports beside the plan


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
                others = [
                    n
                    for n in PLAN_NAMES
                    if plan is not None and n != plan.name and (folder / n).exists()
                ]
                if others and plan is not None and plan.name in PLAN_NAMES:
                    problems.append(
                        InputProblem(
                            display_path(folder),
                            None,
                            f"holds {plan.name} and {', '.join(others)}: which one is the plan"
                            " is not guessed; keep one",
                        )
                    )
                    plan = None
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
