"""R-THAY-THE: which plans of one run are replaced by a newer plan of the same unit.

A plan is replaced when another plan in the run, for the same unit (names compared
folded), lists its number under ``document.replaces``. Worked out once per run, before
checking, so that each commune's check (possibly in a worker process) knows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from nq57check.core.problems import InputError
from nq57check.core.text import fold
from nq57check.facts.plan import normalized_number
from nq57check.grammar.docnumbers import find_doc_numbers
from nq57check.loading.models import Plan
from nq57check.loading.plan import load_plan
from nq57check.loading.yamlio import read_bytes

PLAN_SUFFIXES = (".yaml", ".yml", ".json")


def _numbers(text: str) -> set[str]:
    found = find_doc_numbers(text) or [text]
    return {normalized_number(n) for n in found if n.strip()}


Replacement = tuple[str, str, str]  # replacing plan's number, its shown file, its real path


def find_replacements(
    files: Iterable[Path], display: Callable[[Path], str] = str
) -> dict[tuple[str, str], Replacement]:
    """(folded unit, replaced number) -> the plan of this run that replaces it.

    Only plans whose text mentions ``replaces`` are loaded (most plans replace nothing),
    so this costs a byte scan per plan; each replaced plan is recognised when its own
    check loads it (:func:`replaced_by`).
    """
    table: dict[tuple[str, str], Replacement] = {}
    for path in files:
        if path.suffix.lower() not in PLAN_SUFFIXES:
            continue
        try:
            if b"replaces" not in read_bytes(path, str(path)):  # a FIFO would block: refused
                continue
            new = load_plan(path).plan
        except InputError:
            continue  # its own check reports the problem
        own = _numbers(new.document.number) if new.document.number else set()
        for text in new.document.replaces:
            for number in _numbers(text) - own:  # a plan cannot replace its own number
                entry = (new.document.number, display(path), str(path.resolve()))
                table[(fold(new.unit.name), number)] = entry
    return table


def replaced_by(
    plan: Plan, path: Path, table: dict[tuple[str, str], Replacement]
) -> tuple[str, str] | None:
    """The (number, file) of the plan in this run that replaces ``plan``, if any."""
    if not table or not plan.document.number:
        return None
    for number in _numbers(plan.document.number):
        hit = table.get((fold(plan.unit.name), number))
        if hit is not None and hit[2] != str(path.resolve()):
            return hit[0], hit[1]
    return None
