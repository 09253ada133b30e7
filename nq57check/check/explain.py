"""``explain``: how the tool read each task (deadline and requirement detection)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from nq57check.check.evaluate import Checker
from nq57check.core.problems import document_place
from nq57check.core.text import terminal_safe
from nq57check.evidence.verdict import Signed, vietnam_time
from nq57check.loading.document import place_of
from nq57check.loading.plan import LoadedPlan

if TYPE_CHECKING:
    from nq57check.evidence.verdict import Verdict
    from nq57check.loading.reports import LoadedReport


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
                        signers=[_signed(s) for s in verdict.signers()],
                        changed_signers=[_signed(s) for s in verdict.changed],
                        trust="checked" if verdict.trust_checked else "not checked",
                        number_in_text=verdict.number_found,
                    )
                row.setdefault("evidence", []).append(entry)


def _signed(signed: Signed) -> dict[str, str | None]:
    """One signer as ``explain --format json`` gives it (the time in ISO 8601, as signed)."""
    return {
        "organisation": signed.organisation or None,
        "common_name": signed.common_name or None,
        "signed_at": signed.signed_at.isoformat() if signed.signed_at else None,
    }


_STATE = {
    "vi": {
        "none": "không nêu tệp: chữ ký không được kiểm tra",
        "missing": "không có tệp",
        "stored": "tài liệu mật đang lưu trên máy (không mở)",
        "absent": "tài liệu mật nêu tệp, tệp không có trên máy này (chỉ tra tên, không mở)",
        "unverified": "chưa kiểm tra chữ ký",
        "unreadable": "không đọc được",
        "unsigned": "không có chữ ký số",
        "broken": "chữ ký không hợp lệ hoặc tệp đã bị sửa",
        "partial": "chữ ký không bao trùm toàn bộ tệp",
        "untrusted": "không dẫn tới chứng thư gốc tin cậy",
        "valid": "chữ ký toàn vẹn",
    },
    "en": {
        "none": "no file named: the signature was not checked",
        "missing": "file not found",
        "stored": "classified document stored on this machine (not opened)",
        "absent": "classified document names a file that is not on this machine (looked up only)",
        "unverified": "signature not verified",
        "unreadable": "unreadable",
        "unsigned": "no digital signature",
        "broken": "signature invalid or file changed",
        "partial": "the signature does not cover the whole file",
        "untrusted": "does not chain to a trusted root",
        "valid": "signature intact",
    },
}

_EVIDENCE_WORDS = {
    "vi": (
        "minh chứng",
        "người ký",
        "ký lúc",
        ", đã đối chiếu chứng thư gốc",
        ", CHƯA đối chiếu chứng thư gốc tin cậy",
        "nội dung đã bị sửa sau chữ ký này",
    ),
    "en": (
        "evidence",
        "signer",
        "signed at",
        ", checked against the trusted roots",
        ", NOT checked against a trusted root",
        "content changed after this signature",
    ),
}


def _signer_line(who: dict[str, Any], signer: str, signed_at: str) -> str:
    """'signer: O=.., CN=..; signed at dd/mm/YYYY HH:MM (UTC+7)', each part only when known
    (the time in Vietnam's time, as findings write it)."""
    name = Signed(who.get("organisation") or "", who.get("common_name") or "").name
    parts = [f"{signer}: {name}"] if name != "?" else []
    if who.get("signed_at"):
        parts.append(f"{signed_at} {vietnam_time(dt.datetime.fromisoformat(who['signed_at']))}")
    return "; ".join(parts)


def _evidence_lines(row: dict[str, Any], lang: str) -> list[str]:
    states = _STATE.get(lang, _STATE["vi"])
    words = _EVIDENCE_WORDS.get(lang, _EVIDENCE_WORDS["vi"])
    item, signer, signed_at, checked, unchecked, changed = words
    out = []
    for e in row.get("evidence", []):
        state = states.get(e["state"], e["state"])
        if e["state"] == "valid":
            state += checked if e.get("trust") == "checked" else unchecked
        where = f" ({e['file']})" if e.get("file") else ""
        out.append(f"  {item} {e['number'] or '?'}{where}: {state}")
        for who in e.get("signers", []):
            out.append(f"    {_signer_line(who, signer, signed_at)}")
        for who in e.get("changed_signers", []):
            out.append(f"    {_signer_line(who, signer, signed_at)} ({changed})")
    return out


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
        out += _evidence_lines(row, lang)
    return terminal_safe("\n".join(out)) + "\n"
