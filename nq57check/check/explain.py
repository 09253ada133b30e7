"""``explain``: how the tool read each task (deadline and requirement detection)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from nq57check.check.evaluate import Checker
from nq57check.core.problems import document_place
from nq57check.core.text import terminal_safe
from nq57check.loading.document import place_of
from nq57check.loading.plan import LoadedPlan

if TYPE_CHECKING:
    from nq57check.evidence.verdict import Verdict
    from nq57check.loading.reports import LoadedReport


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


def add_evidence(
    rows: list[dict[str, Any]],
    reports: Sequence[LoadedReport],
    verdicts: Mapping[tuple[str, str, int], Verdict],
) -> None:
    """Each task's evidence items as the reports give them and what their files were found
    to be: signer (O, CN), signing time, trust. A classified item: its number only."""
    by_task = {row["task"]: row for row in rows}
    for loaded in reports:
        for task_id, update in loaded.report.tasks.items():
            row = by_task.get(task_id)
            if row is None:
                continue
            for index, item in enumerate(update.evidence):
                verdict = verdicts.get((loaded.display, task_id, index))
                classified = item.classification != "none"
                entry: dict[str, Any] = {
                    "report": loaded.display,
                    "line": loaded.locations.line_of(("tasks", task_id, "evidence", index)),
                    "number": item.number,
                    "signed_claimed": item.signed,
                    "classification": item.classification,
                    "file": None if classified else item.file,
                    "state": verdict.state if verdict else "none",
                }
                if verdict is not None and not classified:
                    entry.update(
                        reason=verdict.reason or None,
                        organisation=verdict.organisation or None,
                        common_name=verdict.common_name or None,
                        signed_at=verdict.signed_at.isoformat() if verdict.signed_at else None,
                        trust="checked" if verdict.trust_checked else "not checked",
                        number_in_text=verdict.number_found,
                    )
                row.setdefault("evidence", []).append(entry)


_STATE_VI = {
    "none": "không nêu tệp: chữ ký không được kiểm tra",
    "missing": "không có tệp",
    "stored": "tài liệu mật đang lưu trên máy (không mở)",
    "unverified": "chưa kiểm tra chữ ký",
    "unreadable": "không đọc được",
    "unsigned": "không có chữ ký số",
    "broken": "chữ ký không hợp lệ hoặc tệp đã bị sửa",
    "partial": "chữ ký không bao trùm toàn bộ tệp",
    "untrusted": "không dẫn tới chứng thư gốc tin cậy",
    "valid": "chữ ký toàn vẹn",
}


def _evidence_lines(row: dict[str, Any]) -> list[str]:
    out = []
    for e in row.get("evidence", []):
        state = _STATE_VI.get(e["state"], e["state"])
        if e["state"] == "valid":
            state += (
                ", đã đối chiếu chứng thư gốc"
                if e.get("trust") == "checked"
                else ", CHƯA đối chiếu chứng thư gốc tin cậy"
            )
        where = f" ({e['file']})" if e.get("file") else ""
        out.append(f"  minh chứng {e['number'] or '?'}{where}: {state}")
        if e.get("organisation") or e.get("common_name"):
            out.append(
                f"    người ký: O={e.get('organisation') or '?'}, CN={e.get('common_name') or '?'};"
                f" ký lúc {e.get('signed_at') or '?'}"
            )
    return out


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
        out += _evidence_lines(row)
    return terminal_safe("\n".join(out)) + "\n"
