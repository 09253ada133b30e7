"""``check KeHoach.docx``: import a Word/Excel/PDF plan on the fly, then load it as a plan."""

from __future__ import annotations

from pathlib import Path

from nq57check.loading.errors import InputError
from nq57check.loading.plan import LoadedPlan, validate_plan
from nq57check.loading.yamlio import parse_text


def load_document_plan(path: Path, shown: str) -> LoadedPlan:
    from nq57check.importers import ImportFailure, dump_plan_yaml, import_document

    try:
        result = import_document(path)
    except ImportFailure as exc:
        raise InputError.single(shown, str(exc)) from exc
    text = dump_plan_yaml(result.plan)
    data, locations = parse_text(text, shown)
    plan = validate_plan(data, locations)
    import hashlib

    return LoadedPlan(path, shown, plan, locations, hashlib.sha256(path.read_bytes()).hexdigest())
