"""``explain``: how the tool read each task (deadline and requirement detection)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nq57check.check.evaluate import Checker
from nq57check.core.problems import document_place
from nq57check.core.text import terminal_safe
from nq57check.loading.document import place_of
from nq57check.loading.plan import LoadedPlan


def explain_plan(loaded: LoadedPlan, checker: Checker, as_of: dt.date) -> list[dict[str, Any]]:
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
                    "read_as": deadline.describe("vi"),
                },
                "requirements": [
                    {"id": c.requirement, "matched_by": c.how} for c in facts.coverage[index]
                ],
            }
        )
        if place.paragraph is not None:  # a task of the plan body
            rows[-1]["paragraph"] = place.paragraph
    return rows


def render_text(rows: list[dict[str, Any]]) -> str:
    """The rows for a terminal; control characters from the plan are shown, not obeyed."""
    out = []
    for row in rows:
        d = row["deadline"]
        source = " (theo mục)" if d["from_section"] else ""
        if d.get("section"):  # "from section I: Quý I năm 2026"
            shown = d["section"]["title"] or d["as_written"]
            source = f" (theo mục {d['section']['id']}: {shown})"
        where = document_place(
            row.get("table"), row.get("row"), row.get("page"), "vi", row.get("paragraph")
        )
        where = where or f"dòng {row['line']}"
        out.append(f"Nhiệm vụ {row['task']} ({where}): {row['name']}")
        out.append(f"  thời hạn: {d['as_written'] or '—'}{source} -> {d['kind']}: {d['read_as']}")
        if not row["requirements"]:
            out.append("  yêu cầu: —")
        for req in row["requirements"]:
            how = "gắn thẻ" if req["matched_by"] == "tag" else f"mẫu /{req['matched_by']}/"
            out.append(f"  yêu cầu: {req['id']} ({how})")
    return terminal_safe("\n".join(out)) + "\n"
