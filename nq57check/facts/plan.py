"""From a loaded plan to the flat facts the engine matches on.

Everything the engine cannot do safely (dates, text folding, pattern detection, parsing
document numbers) is computed here, once per commune, into ints and folded strings
(see the engine adapter's notes). Rules then only compare facts with constants and join
them on equality.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from typing import Any

from nq57check.core.dates import EARLIEST, LATEST
from nq57check.core.text import fold
from nq57check.facts.detection import CompiledDetection, detect_folded
from nq57check.facts.model import CommuneFacts, DocNumberUse
from nq57check.grammar.deadlines import Deadline, parse_deadline, section_deadline
from nq57check.grammar.docnumbers import DocNumber, parse_doc_number
from nq57check.loading.models import Plan
from nq57check.loading.yamlio import Locations

# A reference to another document ("Theo nhiệm vụ được giao tại Kế hoạch số 230-KH/TU") is
# read, but it is not a deadline: R-RO-THOI-HAN wants a date, a period or a recurrence.
READABLE_DEADLINES = frozenset({"date", "period", "recurrence"})


@functools.lru_cache(maxsize=2048)
def fold_text(text: str) -> str:
    """:func:`fold`, remembered: communes copy their province's wording, so the same task
    names, outputs and lead units recur across a batch, and folding Vietnamese text costs
    a dictionary lookup per letter. Bounded, so a worker's memory stays flat."""
    return fold(text)


def ordinal(day: dt.date | None) -> int:
    """Dates go into the engine as ints (no floats, no cross-fact comparisons there)."""
    return day.toordinal() if day is not None else 0


_PLURAL = re.compile(r"^(cac|nhung) | va cac | cac (co quan|don vi|phong|to chuc|ban) ")


def lead_unit_count(lead: str, folded: str | None = None) -> int:
    """Units named in a lead cell: ',' and ';' separate units, but 'và' alone does not
    ('Văn phòng HĐND và UBND xã' is one unit); a plural ('Các doanh nghiệp', '... và các
    tổ chức đoàn thể') counts as several."""
    if folded is not None and "," not in lead and ";" not in lead:
        parts = [folded] if folded else []
    else:
        parts = [fold_text(p) for p in lead.replace(";", ",").split(",") if p.strip()]
    plural = any(_PLURAL.search(f"{part} ") for part in parts)
    return len(parts) + (1 if plural else 0)


_TITLE_YEAR = re.compile(r"\bnam ([0-9]{4})\b")
# Not the planned year: a date written out ("ngày 22 tháng 12 năm 2024"), a horizon ("định
# hướng đến năm 2030").
_TITLE_SKIP = re.compile(
    r"\b((ngay [0-9]{1,2} )?thang [0-9]{1,2} nam [0-9]{4}|(den|toi) nam [0-9]{4})\b"
)
_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})(?![0-9])")


def plan_year(plan: Plan, as_of: dt.date) -> int:
    """The year the plan is for, which is not always its issue year.

    A plan is often issued in the December before its year, and a misdated one (an appendix
    carrying Resolution 57's own date, 22/12/2024) must not move its tasks to that year. So:
    the first "năm 2026" of its title (dates written out and horizons skipped), else the year
    its deadlines name most often (the earliest on a tie), else its issue year, else
    ``as_of``'s.
    """
    title = _TITLE_SKIP.sub(" ", fold(plan.document.title))
    named = [int(y) for y in _TITLE_YEAR.findall(title) if EARLIEST.year <= int(y) <= LATEST.year]
    if named:
        return named[0]
    texts = [t.deadline for t in plan.tasks] + [s.deadline or "" for s in plan.sections]
    years = Counter(int(y) for text in texts for y in _YEAR.findall(text))
    if years:
        return max(years, key=lambda y: (years[y], -y))
    return plan.document.issued.year if plan.document.issued else as_of.year


def body_read(plan: Plan) -> bool:
    """Whether the plan file holds what the plan's body says (its reporting clause).

    A typed plan does (its author transcribed the plan), and so does one whose
    ``provenance.read`` names ``body``. An appendix table alone does not: ``read`` without
    ``body``, or an importer's file written before ``read`` existed (the appendix only).
    """
    provenance = plan.provenance
    if provenance is None:
        return True
    if provenance.read is not None:
        return "body" in provenance.read
    return not provenance.importer.startswith("nq57check")


def _reporting_facts(plan: Plan) -> dict[str, int]:
    """The reporting clause as ints: stated, judgeable, monthly, its day (0: none)."""
    reporting = plan.document.reporting
    return {
        "reporting": int(reporting is not None),
        "body_read": int(body_read(plan)),
        "rep_monthly": int(reporting is not None and reporting.monthly),
        "rep_day": (reporting.by_day or 0) if reporting is not None else 0,
    }


def months_ahead(plan: Plan, year: int) -> int:
    """Months from the plan's issue month to January of its year (0 without an issue date):
    3 for a 2026 plan issued in October 2025, negative for one issued during its year."""
    issued = plan.document.issued
    if issued is None:
        return 0
    return year * 12 - (issued.year * 12 + issued.month - 1)


def section_deadlines(plan: Plan) -> dict[str, str]:
    """Section id -> the deadline its tasks without one take: the section's ``deadline``,
    else its title when the title is a deadline ("Quý I năm 2026"); importers read headings
    with the same :func:`section_deadline`, so a typed plan and an imported one agree."""
    found: dict[str, str] = {}
    for section in plan.sections:
        text = section.deadline or section_deadline(section.title)
        if text:
            found[section.id] = text
    return found


def task_deadlines(plan: Plan, year: int) -> tuple[list[Deadline], list[str | None]]:
    """Each task's deadline, and the id of the section it came from (None: the task's own).

    A task with none of its own takes its section's (see :func:`section_deadlines`).
    """
    by_section = section_deadlines(plan) if plan.sections else {}
    deadlines: list[Deadline] = []
    inherited: list[str | None] = []
    for task in plan.tasks:
        text = task.deadline
        from_section = None
        if not text and task.section and task.section in by_section:
            text = by_section[task.section]
            from_section = task.section
        deadlines.append(parse_deadline(text, default_year=year))
        inherited.append(from_section)
    return deadlines, inherited


def _doc_numbers(plan: Plan) -> list[DocNumberUse]:
    uses: list[tuple[tuple[str | int, ...], str]] = []
    if plan.document.number:
        uses.append((("document", "number"), plan.document.number))
    uses += [(("document", "basis", i), n) for i, n in enumerate(plan.document.basis)]
    uses += [(("document", "replaces", i), n) for i, n in enumerate(plan.document.replaces)]
    result = []
    for path, text in uses:
        parsed = parse_doc_number(text)
        if isinstance(parsed, DocNumber):
            result.append(DocNumberUse(path, text, None, parsed.intended, parsed.repair))
        else:
            result.append(DocNumberUse(path, text, parsed.reason))
    return result


def normalized_number(text: str) -> str:
    """The key numbers are compared by: an irregular spelling of a known number ('32- KH/TU',
    '4732/KHUBND') has the key of the number meant, so basis checks match it."""
    parsed = parse_doc_number(text)
    return parsed.normalized() if isinstance(parsed, DocNumber) else fold(text)


def build_plan_facts(
    plan: Plan,
    locations: Locations,
    detections: dict[str, CompiledDetection],
    as_of: dt.date,
) -> CommuneFacts:
    """All plan facts for one commune, in a stable order."""
    year = plan_year(plan, as_of)
    deadlines, inherited = task_deadlines(plan, year)
    folded = [
        (fold_text(task.name), fold_text(task.output), fold_text(task.lead)) for task in plan.tasks
    ]
    coverage = [
        detect_folded(f"{name} {output}", task.requirements, detections)
        for task, (name, output, _) in zip(plan.tasks, folded, strict=True)
    ]
    doc_numbers = _doc_numbers(plan)
    facts: list[dict[str, Any]] = [
        {
            "kind": "plan",
            "basis_count": len(plan.document.basis),
            "year": year,
            "months_ahead": months_ahead(plan, year),
            "has_number": int(bool(plan.document.number)),
            "has_issued": int(plan.document.issued is not None),
            **_reporting_facts(plan),
        }
    ]
    first_cover: dict[str, int] = {}
    for index, task in enumerate(plan.tasks):
        deadline = deadlines[index]
        name, output, lead = folded[index]
        due = ordinal(deadline.end) if deadline.kind in ("date", "period") else 0
        facts.append(
            {
                "kind": "task",
                "idx": index,
                "name_words": len(name.split()),
                "has_lead": int(bool(task.lead)),
                "has_head": int(bool(task.head)),
                "lead_units": lead_unit_count(task.lead, lead) if lead else 0,
                "has_output": int(bool(task.output)),
                "output_norm": output,
                "deadline_ok": int(deadline.kind in READABLE_DEADLINES),
                "due": due,
            }
        )
        for covered in coverage[index]:
            first_cover.setdefault(covered.requirement, index)
            facts.append(
                {
                    "kind": "cover",
                    "req": covered.requirement,
                    "idx": index,
                    "due": due,
                    "recurring": int(deadline.kind == "recurrence"),
                    "lead_fold": lead,
                }
            )
    facts += [{"kind": "covered", "req": req, "idx": idx} for req, idx in first_cover.items()]
    facts += [{"kind": "basis", "doc": normalized_number(n)} for n in plan.document.basis]
    reporting = plan.document.reporting
    if reporting is not None and reporting.to:
        facts.append({"kind": "report_to", "to_fold": fold(reporting.to)})
    facts += [
        {
            "kind": "docnum",
            "pos": pos,
            "ok": int(use.reason is None),
            "recovered": int(use.intended is not None),
        }
        for pos, use in enumerate(doc_numbers)
    ]
    facts += [
        {
            "kind": "target",
            "indicator": indicator,
            "value_bp": round(target.value * 100),
            "strict": int(target.bound == "above"),  # "trên 90%": more than the value
        }
        for indicator, target in plan.targets.items()
    ]
    return CommuneFacts(
        plan=plan,
        locations=locations,
        deadlines=deadlines,
        deadline_from_section=inherited,
        coverage=coverage,
        doc_numbers=doc_numbers,
        facts=facts,
    )
