"""R-THAY-THE: which plans of one run are replaced by a newer plan of the same unit.

A plan is replaced when another plan in the run, for the same unit (names compared
folded), lists its number under ``document.replaces``. Worked out once per run, before
checking, so that each commune's check (possibly in a worker process) knows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from nq57check.facts import normalized_number
from nq57check.grammar.docnumbers import find_doc_numbers
from nq57check.loading.errors import InputError
from nq57check.loading.models import Plan
from nq57check.loading.plan import load_plan
from nq57check.text import fold

PLAN_SUFFIXES = (".yaml", ".yml", ".json")


def _numbers(text: str) -> set[str]:
    found = find_doc_numbers(text) or [text]
    return {normalized_number(n) for n in found if n.strip()}


def find_replacements(
    files: Iterable[Path], display: Callable[[Path], str] = str
) -> dict[str, tuple[str, str]]:
    """Resolved path of each replaced plan -> (number of the replacing plan, its file)."""
    plans: list[tuple[Path, Plan]] = []
    for path in files:
        if path.suffix.lower() not in PLAN_SUFFIXES:
            continue
        try:
            plans.append((path, load_plan(path).plan))
        except InputError:
            continue  # its own check reports the problem
    replaced: dict[str, tuple[str, str]] = {}
    for new_path, new in plans:
        targets = {n for text in new.document.replaces for n in _numbers(text)}
        if not targets:
            continue
        for old_path, old in plans:
            if old_path == new_path or fold(old.unit.name) != fold(new.unit.name):
                continue
            if old.document.number and _numbers(old.document.number) & targets:
                replaced[str(old_path.resolve())] = (new.document.number, display(new_path))
    return replaced
