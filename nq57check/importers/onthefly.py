"""``check KeHoach.docx``: import a Word/Excel/PDF plan on the fly, then load it as a plan.

No YAML file is written, so nothing may point at its lines: findings and problems point at
the document's tables and rows (:mod:`nq57check.loading.document`), and what the importer
guessed comes back as notes in the run's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nq57check.core.problems import InputError, Note
from nq57check.loading.document import document_locations, relocate
from nq57check.loading.plan import LoadedPlan, validate_plan
from nq57check.loading.yamlio import parse_text

if TYPE_CHECKING:
    from nq57check.importers import ImportResult


def note_of(warning: str, file: str, lang: str) -> Note:
    """An importer warning as a note on ``file``; plain text stays as it is."""
    from nq57check.importers.base import ImportWarning

    if isinstance(warning, ImportWarning):
        return Note(
            file, warning.text(lang), warning.table, warning.row, warning.page, warning.paragraph
        )
    return Note(file, str(warning))


def import_plan_text(path: Path, shown: str) -> tuple[ImportResult, str]:
    """The one office import pipeline (``check FILE.docx`` and ``import``): the document
    read once (its SHA-256 comes back) and the plan it holds as YAML text."""
    from nq57check.importers import ImportFailure, dump_plan_yaml, import_document

    try:
        result = import_document(path)
    except ImportFailure as exc:  # its message may start with the file's name: not twice
        raise InputError.single(shown, str(exc).removeprefix(f"{path.name}: ")) from exc
    return result, dump_plan_yaml(result.plan)


def load_document_plan(path: Path, shown: str, lang: str = "vi") -> LoadedPlan:
    result, text = import_plan_text(path, shown)
    return load_imported_plan(path, shown, result, text, lang)


def load_imported_plan(
    path: Path, shown: str, result: ImportResult, text: str, lang: str = "vi"
) -> LoadedPlan:
    """The plan of an import already done (the web page keeps its YAML for download)."""
    data, parsed = parse_text(text, shown)
    locations = document_locations(shown, parsed, result.plan)
    try:
        plan = validate_plan(data, locations)
    except InputError as exc:
        raise InputError(relocate(exc.problems, locations)) from exc
    notes = [note_of(warning, shown, lang) for warning in result.warnings]
    return LoadedPlan(path, shown, plan, locations, result.sha256, notes)
