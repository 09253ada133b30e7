"""``explain``: how the tool read each task (deadline and requirement detection)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nq57check.check.evaluate import Checker
from nq57check.core.problems import document_place
from nq57check.core.text import terminal_safe
from nq57check.loading.document import place_of
from nq57check.loading.plan import LoadedPlan


def explain_plan(
    loaded: LoadedPlan, checker: Checker, as_of: dt.date, lang: str = "vi"
) -> list[dict[str, Any]]:
    facts = checker.facts_for(loaded, as_of)
    sections = {s.id: s for s in loaded.plan.sections}
    rows = []
    for index, task in enumerate(loaded.plan.tasks):
        deadline = facts.deadlines[index]
        place = place_of(loaded.locations, ("tasks", index))  # a document: no lines
        section_id = facts.deadline_from_section[index]
        section = sections[section_id] if section_id is not None else None
        rows.append(
            {
                "task": task.id,
                "line": loaded.locations.line_of(("tasks", index)),
                "table": place.table,
                "row": place.row,
                "page": place.page,
                "name": task.name,
                "deadline": {
                    "as_written": deadline.text,
                    "from_section": section is not None,
                    # which section, and whether its `deadline` or its title gave the deadline
                    "section": None
                    if section is None
                    else {
                        "id": section.id,
                        "title": section.title,
                        "read_from": "deadline" if section.deadline else "title",
                    },
                    "kind": deadline.kind,
                    "start": deadline.start.isoformat() if deadline.start else None,
                    "due": deadline.end.isoformat() if deadline.end else None,
                    "period": deadline.period,
                    "recurrence": deadline.recurrence,
                    "reference": deadline.reference,
                    "reason": deadline.reason,
                    "read_as": deadline.describe(lang),
                },
                "requirements": [
                    {"id": c.requirement, "matched_by": c.how} for c in facts.coverage[index]
                ],
            }
        )
        if place.paragraph is not None:  # a task of the plan body
            rows[-1]["paragraph"] = place.paragraph
    return rows


# How ``explain`` names what it read, per language: the deadline's kind and the labels.
EXPLAIN_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "task": "Nhiệm vụ",
        "line": "dòng",
        "deadline": "thời hạn",
        "requirement": "yêu cầu",
        "from_section": "theo mục",
        "tag": "gắn thẻ",
        "pattern": "mẫu",
        "missing": "chưa có",
        "date": "ngày",
        "period": "kỳ",
        "recurrence": "định kỳ",
        "reference": "dẫn chiếu",
        "unreadable": "không đọc được",
    },
    "en": {
        "task": "Task",
        "line": "line",
        "deadline": "deadline",
        "requirement": "requirement",
        "from_section": "from section",
        "tag": "tag",
        "pattern": "pattern",
        "missing": "missing",
        "date": "date",
        "period": "period",
        "recurrence": "recurrence",
        "reference": "reference",
        "unreadable": "unreadable",
    },
}


def render_text(rows: list[dict[str, Any]], lang: str = "vi") -> str:
    """The rows for a terminal; control characters from the plan are shown, not obeyed."""
    words = EXPLAIN_WORDS.get(lang, EXPLAIN_WORDS["vi"])
    out = []
    for row in rows:
        d = row["deadline"]
        source = f" ({words['from_section']})" if d["from_section"] else ""
        if d.get("section"):  # "from section I: Quý I năm 2026"
            shown = d["section"]["title"] or d["as_written"]
            source = f" ({words['from_section']} {d['section']['id']}: {shown})"
        where = document_place(
            row.get("table"), row.get("row"), row.get("page"), lang, row.get("paragraph")
        )
        where = where or f"{words['line']} {row['line']}"
        kind = words.get(d["kind"], d["kind"])
        out.append(f"{words['task']} {row['task']} ({where}): {row['name']}")
        out.append(
            f"  {words['deadline']}: {d['as_written'] or '—'}{source} -> {kind}: {d['read_as']}"
        )
        if not row["requirements"]:
            out.append(f"  {words['requirement']}: —")
        for req in row["requirements"]:
            how = f"{words['pattern']} /{req['matched_by']}/"
            if req["matched_by"] == "tag":
                how = words["tag"]
            out.append(f"  {words['requirement']}: {req['id']} ({how})")
    return terminal_safe("\n".join(out)) + "\n"
