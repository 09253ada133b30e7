"""The check behind the page: the CLI's own pipeline (``run_batch``), one run at a time.

The rules engine keeps one host per process and its sessions are not shared between
threads, so runs are serialised by a lock (the page serves one inspector, or a few). The
session records what each plan read (the task table, the cells not placed, the YAML an
office document was imported to) so the page can show it without importing twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nq57check.check.batch import run_batch
from nq57check.check.commune import Options, Session
from nq57check.core.problems import InputError
from nq57check.findings import RunResult
from nq57check.loading.plan import LoadedPlan

CHECK_LOCK = threading.Lock()
OFFICE = (".docx", ".xlsx", ".pdf")


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: str
    section: str
    name: str
    head: str
    lead: str
    support: str
    output: str
    deadline: str
    place: str  # 'bảng 1, dòng 5 (trang 2)' for an imported task


@dataclass(frozen=True, slots=True)
class UnmappedRow:
    place: str
    column: str
    text: str
    reason: str


@dataclass(slots=True)
class PlanRead:
    """What one plan file was read as (``display`` is the plan's path as findings name it)."""

    display: str
    unit: str
    number: str
    issued: str
    tasks: list[TaskRow] = field(default_factory=list)
    unmapped: list[UnmappedRow] = field(default_factory=list)
    yaml: str | None = None  # the imported plan (office documents only)


def _place(table: int | None, row: int | None, page: int | None, lang: str) -> str:
    from nq57check.core.problems import document_place

    return document_place(table, row, page, lang)


def plan_read(loaded: LoadedPlan, yaml_text: str | None, lang: str) -> PlanRead:
    plan = loaded.plan
    read = PlanRead(
        display=loaded.display,
        unit=plan.unit.name,
        number=plan.document.number,
        issued=plan.document.issued.isoformat() if plan.document.issued else "",
        yaml=yaml_text,
    )
    for task in plan.tasks:
        origin = task.origin
        read.tasks.append(
            TaskRow(
                id=task.id,
                section=task.section or "",
                name=task.name,
                head=task.head,
                lead=task.lead,
                support="; ".join(task.support),
                output=task.output,
                deadline=task.deadline,
                place=_place(origin.table, origin.row, origin.page, lang) if origin else "",
            )
        )
    for cell in plan.provenance.unmapped if plan.provenance else []:
        read.unmapped.append(
            UnmappedRow(
                _place(cell.table, cell.row, cell.page, lang), cell.column, cell.text, cell.reason
            )
        )
    return read


# Packs and compiled checkers, shared by every upload (per set of rules folders): an upload
# neither reads the pack again nor compiles it (the engine adapter shares the engine's
# rulesets either way; before it did, a checker per upload grew the server ~6 MB each).
# Packs are read once: a server started before a pack was edited checks with the old one.
_SHARED: dict[tuple[str, ...], tuple[dict[str, Any], dict[str, Any]]] = {}


class RecordingSession(Session):
    """A :class:`Session` that keeps what every plan read, by the plan's display path,
    and takes its packs and compiled checkers from :data:`_SHARED` (under the lock)."""

    def __init__(self, options: Options, sink: dict[str, PlanRead]) -> None:
        super().__init__(options)
        self.sink = sink
        key = (*map(str, options.rules_dirs), "--only", *(options.only or ()), "--skip")
        self.checkers, self.packs = _SHARED.setdefault((*key, *options.skip), ({}, {}))

    def load(self, path: Path, shown: str) -> LoadedPlan:
        if path.suffix.lower() not in OFFICE:
            loaded = super().load(path, shown)
            self.sink[shown] = plan_read(loaded, None, self.options.lang)
            return loaded
        from nq57check.importers.onthefly import import_plan_text, load_imported_plan

        result, text = import_plan_text(path, shown)
        loaded = load_imported_plan(path, shown, result, text, self.options.lang)
        self.sink[shown] = plan_read(loaded, text, self.options.lang)
        return loaded


@dataclass(slots=True)
class Checked:
    run: RunResult
    reads: dict[str, PlanRead]  # plan display path -> what it read


def check_paths(
    paths: list[Path],
    root: Path,
    label: str,
    *,
    pack: str | None,
    as_of: dt.date,
    lang: str,
    rules_dirs: list[Path],
) -> Checked:
    """Check ``paths`` (all under ``root``) as ``nq57check check`` would; every path in the
    result is then named relative to ``root`` (``root`` itself is ``label``)."""
    reads: dict[str, PlanRead] = {}
    options = Options(pack=pack, rules_dirs=rules_dirs, as_of=as_of, lang=lang)
    rename = Relabel(root, label)
    with CHECK_LOCK:
        try:
            run = run_batch(
                paths,
                options,
                as_of,
                jobs=1,
                session_factory=lambda o: RecordingSession(o, reads),
            )
        except InputError as exc:  # said on the page: in the upload's names, not ours
            raise InputError(rename(exc.problems)) from None
    return Checked(rename(run), {rename(k): rename(v) for k, v in reads.items()})


class Relabel:
    """Paths of the private folder written as the upload's own: ``KeHoach/KeHoach.docx``."""

    def __init__(self, root: Path, label: str) -> None:
        self.prefixes = [os.path.relpath(root) + os.sep, str(root) + os.sep]
        self.exact = {os.path.relpath(root): label, str(root): label}

    def text(self, value: str) -> str:
        if value in self.exact:
            return self.exact[value]
        for prefix in self.prefixes:
            value = value.replace(prefix, "")
        return value

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self(v) for v in value)
        if isinstance(value, dict):
            return {self(k): self(v) for k, v in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: self(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return dataclasses.replace(value, **changes)
        return value
