"""One plan from a document's body and its appendix table.

The body extractors each read the same paragraphs (:class:`BodyLine`) and hand back a
:class:`BodyPart`; this module runs them, merges their fragments into the plan mapping the
table importer built (body tasks first, then the appendix's, ids kept unique), and says when
the body refers to an appendix the file does not hold.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Sequence
from typing import Any

from nq57check.core.text import fold
from nq57check.importers.base import ImportFailure, ImportWarning
from nq57check.importers.body.lines import BodyLine, BodyPart
from nq57check.importers.body.notes import APPENDIX_REFERENCE
from nq57check.importers.body.tasks import read_tasks

Extractor = Callable[[Sequence[BodyLine]], BodyPart]

# The body extractors, run in this order. Those of the header/basis/targets/reporting work are
# registered by module and function name while they are built apart; once they are in the
# tree this becomes one import line and the tuple of functions.
OTHER_EXTRACTORS: tuple[tuple[str, str], ...] = (
    ("header", "read_header"),
    ("basis", "read_basis"),
    ("targets", "read_targets"),
    ("reporting", "read_reporting_clause"),
)


def extractors() -> list[Extractor]:
    """The extractors present in this tree (a missing module is skipped, nothing else is)."""
    found: list[Extractor] = []
    for module, name in OTHER_EXTRACTORS:
        qualified = f"nq57check.importers.body.{module}"
        try:
            loaded = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name != qualified:
                raise
            continue
        found.append(getattr(loaded, name))
    found.append(read_tasks)
    return found


def body_lines(lines: Sequence[BodyLine], task_tables: set[int]) -> list[BodyLine]:
    """The body without the cells of the task tables (the table importer reads those),
    paragraphs numbered again 1, 2, ... as a person counts them."""
    kept = [line for line in lines if line.table is None or line.table not in task_tables]
    return [dataclasses.replace(line, paragraph=n) for n, line in enumerate(kept, start=1)]


def read_body(lines: Sequence[BodyLine], run: Sequence[Extractor] | None = None) -> BodyPart:
    """Every extractor over the same lines, their parts merged (later keys win inside a
    mapping, lists are joined)."""
    merged = BodyPart()
    for extractor in extractors() if run is None else run:
        part = extractor(lines)
        _merge(merged.fields, part.fields)
        merged.warnings.extend(part.warnings)
        merged.unmapped.extend(part.unmapped)
    return merged


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key].extend(value)
        else:
            into[key] = value


_APPENDIX = APPENDIX_REFERENCE


def appendix_references(lines: Sequence[BodyLine]) -> list[BodyLine]:
    """Paragraphs saying an appendix is attached ('Có Phụ lục số 01 … kèm theo')."""
    return [line for line in lines if _APPENDIX.search(fold(line.text))]


def merge_into_plan(plan: dict[str, Any], part: BodyPart, *, source: str) -> list[str]:
    """Put the body's fragments into ``plan`` (built from the appendix table): body tasks
    first, appendix tasks after with ids made unique; returns the warnings to add."""
    warnings: list[str] = list(part.warnings)
    fields = dict(part.fields)
    body_tasks: list[dict[str, Any]] = fields.pop("tasks", [])
    body_sections: list[dict[str, Any]] = fields.pop("sections", [])
    for key, value in fields.items():
        current = plan.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _fill(current, value)
        else:
            plan[key] = value
    for task in body_tasks:
        task["origin"] = {"file": source, **task.get("origin", {})}
    renamed = _rename_appendix(plan, body_tasks, body_sections)
    if renamed and body_tasks:
        warnings.append(
            ImportWarning(
                "nhiệm vụ của phụ lục được đặt mã 'PL.' để không trùng với nhiệm vụ của phần "
                f"nội dung ({renamed} nhiệm vụ)",
                f"appendix tasks were given 'PL.' ids so they do not clash with the body's "
                f"({renamed} tasks)",
            )
        )
    plan["sections"] = [*body_sections, *plan["sections"]]
    plan["tasks"] = [*body_tasks, *plan["tasks"]]
    plan["provenance"]["unmapped"] = [*part.unmapped, *plan["provenance"]["unmapped"]]
    return [w for w in warnings if not _answered(w, plan, body=bool(body_tasks))]


def _prefixed(old: str, taken: set[str]) -> str:
    """'PL.<old>', made unique against ``taken`` ('PL.1-2')."""
    new, suffix = f"PL.{old}", 2
    while new in taken:
        new, suffix = f"PL.{old}-{suffix}", suffix + 1
    return new


def _rename_appendix(
    plan: dict[str, Any], body_tasks: list[dict[str, Any]], body_sections: list[dict[str, Any]]
) -> int:
    """Keep the appendix's ids apart from the body's. A section id both use ('I' a body
    heading, 'I | Quý IV năm 2026' an appendix row) is renamed 'PL.I' in the appendix, so a
    body task never takes the appendix section's deadline; when any task id clashes, every
    appendix task is renamed 'PL.<id>', so the appendix keeps one numbering (PL.1, PL.2, …,
    never 1, PL.1, 2). Returns how many tasks were renamed."""
    body_section_ids = {s["id"] for s in body_sections}
    taken_sections = body_section_ids | {s["id"] for s in plan["sections"]}
    section_map: dict[str, str] = {}
    for section in plan["sections"]:
        if section["id"] in body_section_ids:
            new = _prefixed(section["id"], taken_sections)
            taken_sections.add(new)
            section_map[section["id"]] = section["id"] = new
    body_ids = {t["id"] for t in body_tasks}
    clash = any(t["id"] in body_ids for t in plan["tasks"])
    taken = body_ids | {t["id"] for t in plan["tasks"]}
    for task in plan["tasks"]:
        if task.get("section") in section_map:
            task["section"] = section_map[task["section"]]
        if clash:
            task["id"] = _prefixed(task["id"], taken)
            taken.add(task["id"])
    return len(plan["tasks"]) if clash else 0


def _answered(note: str, plan: dict[str, Any], *, body: bool) -> bool:
    """A body's "not found" note that does not help the user: another part of the document
    gave the field, or the document is an appendix (no body tasks), whose own reader already
    says what its title line lacks."""
    absent = getattr(note, "absent", "")
    if not absent:
        return False
    if not body:
        return True
    value: Any = plan
    for key in absent.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value not in (None, "", [], {})


def _fill(current: dict[str, Any], new: dict[str, Any]) -> None:
    """Body values fill and replace the table importer's guesses; an empty one does not."""
    for key, value in new.items():
        if isinstance(value, list) and isinstance(current.get(key), list):
            current[key] = [*current[key], *(v for v in value if v not in current[key])]
        elif value not in (None, "", [], {}):
            current[key] = value


def missing_appendix(lines: Sequence[BodyLine]) -> list[str]:
    """A warning per paragraph that says an appendix is attached when none was found."""
    return [
        ImportWarning(
            "văn bản nhắc đến phụ lục kèm theo nhưng tệp không có bảng nhiệm vụ: các nhiệm vụ "
            "của phụ lục không được kiểm tra; hãy nhập cả phụ lục",
            "the document refers to an attached appendix but holds no task table: the "
            "appendix's tasks are not checked; import the appendix too",
            paragraph=line.paragraph,
            page=line.page,
        )
        for line in appendix_references(lines)
    ]


def nothing_to_import(
    source: str, seen_headers: list[str], pdf_without_tables: bool
) -> ImportFailure:
    """The refusal for a document with neither a task table nor tasks in its body."""
    if pdf_without_tables:
        return ImportFailure(
            f"{source}: the PDF has text but no ruled table (a table without borders, or "
            "the appendix is prose) and no task paragraphs were found in it. Columns cannot "
            "be told apart reliably without ruling lines: import the original .docx/.xlsx, "
            "or export the PDF again with table borders."
        )
    seen = "; ".join(seen_headers[:6]) or "no tables at all"
    return ImportFailure(
        f"{source}: no task table found, and no tasks in the body. Looked for a header row "
        "with a task column ('Tên nhiệm vụ', 'Nhiệm vụ', 'Nội dung nhiệm vụ') and STT / "
        f"'Cơ quan chủ trì' / 'Thời gian hoàn thành'. Seen: {seen}. Check that the appendix "
        "table is in the file (not pasted as an image), not inside a cell of another table "
        "(a one-cell frame is read through; copy a table out of a wider layout table), and "
        "that its header row names its columns; synonyms can be added in rules/columns.yaml. "
        "Body tasks are numbered or dashed paragraphs under 'Nhiệm vụ, giải pháp', or "
        "followed by 'Đơn vị chủ trì:' lines."
    )
