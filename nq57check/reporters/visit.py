"""The visit gap list of one commune: what an inspector takes on a visit, in reading order.

Page 1 says who (commune, kind, plan number and date), as of when, how much, then what
matters most (the catalog's ``visit_first`` kinds: classified channel, missing mandatory
tasks, missing reports, overdue tasks) and every other gap of the plan as a whole. Then the
task-level findings grouped by requirement and rule, one row for many tasks ("NV 1–31,
33–46"), the tasks' short names, the documents to ask for, and what was read last.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from nq57check.core.problems import document_place
from nq57check.core.rules_dir import builtin_rules_dir
from nq57check.findings import CommuneResult, Finding, RuleMeta
from nq57check.reporters.common import evidence_of, labels, open_findings, source_of, title_of
from nq57check.reporters.risk import assess, class_title, policy, risk_of, unit_label

SHORT_WORDS = 6  # a task's short name: its first words
MESSAGES_SHOWN = 2  # a group of more findings shows its rule's title, not each message
MESSAGES_FIRST = 12  # on page 1 (months without a report, periods missed): up to this many
FIRST_ROWS = 8  # a page-1 section of more tasks gets one row per rule, with the task ranges
LINES_SHOWN = 6  # a group's YAML lines listed up to this many, else its first and last

VISIT_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "visit_title": "Danh sách tồn tại phục vụ kiểm tra",
        "plan_number": "Số kế hoạch",
        "plan_issued": "Ngày ban hành",
        "not_stated": "chưa ghi",
        "counts": "Số tồn tại",
        "risk": "Mức rủi ro",
        "plan_level": "Tồn tại chung của kế hoạch",
        "first": "Cần xem trước",
        "latest": "Hạn chót",
        "by_requirement": "Tồn tại theo yêu cầu",
        "task_prefix": "NV",
        "count": "Số lượng",
        "tasks": "Nhiệm vụ",
        "task_index": "Danh mục nhiệm vụ có tồn tại",
        "short_name": "Tên nhiệm vụ (rút gọn)",
        "documents": "Tài liệu cần yêu cầu khi kiểm tra",
        "for": "cho",
        "run_facts": "Thông tin đối chiếu (để kiểm chứng lại)",
        "no_plan_level": "Không có tồn tại chung của kế hoạch.",
        "kind": "Loại đơn vị",
        "risk_name": "Nội dung mức rủi ro",
    },
    "en": {
        "visit_title": "Inspection visit gap list",
        "plan_number": "Plan number",
        "plan_issued": "Issued",
        "not_stated": "not stated",
        "counts": "Findings",
        "risk": "Risk",
        "plan_level": "Gaps of the plan as a whole",
        "first": "Look at first",
        "latest": "Latest deadline",
        "by_requirement": "Findings by requirement",
        "task_prefix": "Task",
        "count": "Count",
        "tasks": "Tasks",
        "task_index": "Tasks with findings",
        "short_name": "Task (short name)",
        "documents": "Documents to request on the visit",
        "for": "for",
        "run_facts": "What was checked (to reproduce this list)",
        "no_plan_level": "No gaps of the plan as a whole.",
        "kind": "Kind",
        "risk_name": "Risk class",
    },
}


def visit_words(lang: str) -> dict[str, str]:
    return VISIT_LABELS.get(lang, VISIT_LABELS["vi"])


@functools.cache
def requirement_titles(lang: str) -> dict[str, str]:
    """Requirement ID -> its catalog title in ``lang``."""
    from nq57check.loading.yamlio import load_document

    doc = load_document(builtin_rules_dir() / "requirements.yaml")
    entries = (doc.data or {}).get("requirements", {})
    return {rid: str(e.get(lang) or e.get("vi") or "") for rid, e in entries.items()}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the list: one finding, or one rule's findings on many tasks."""

    severity: str
    severity_label: str
    rule: str
    requirement: str
    title: str
    tasks: str  # "NV 1–31, 33–46" (empty for the plan as a whole)
    count: int
    detail: str  # the message(s), or the rule's title for a large group
    location: str
    evidence: str
    source: str
    deadline: str = ""  # the task's deadline, or a missing task's latest one
    review: bool = False
    task_ids: tuple[str, ...] = ()
    short: str = ""  # the short name of the row's one task


@dataclass(slots=True)
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TaskEntry:
    id: str
    short: str
    location: str


@dataclass(frozen=True, slots=True)
class DocumentToRequest:
    text: str
    requirements: str
    tasks: str


@dataclass(slots=True)
class Visit:
    label: str  # 'xã Phong Thổ (Lai Châu)'
    plan_number: str
    plan_issued: str
    risk: int | None
    risk_title: str
    first: list[Section]  # page 1: the catalog's visit_first sections, then the plan's gaps
    groups: list[Section]  # task-level findings by requirement
    tasks: list[TaskEntry]
    documents: list[DocumentToRequest]


def short_name(name: str, words: int = SHORT_WORDS) -> str:
    """The first words of a task's name ('Ban hành danh mục cơ sở dữ liệu…')."""
    parts = name.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def task_ranges(ids: list[str], order: dict[str, int], prefix: str) -> str:
    """'NV 1–31, 33–46': runs of tasks consecutive in the plan's own order."""
    known = sorted({i for i in ids if i in order}, key=order.__getitem__)
    runs: list[list[str]] = []
    for task in known:
        if runs and order[task] == order[runs[-1][-1]] + 1:
            runs[-1].append(task)
        else:
            runs.append([task])
    parts = [r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs]
    parts += sorted({i for i in ids if i not in order})
    return f"{prefix} {', '.join(parts)}" if parts else ""


@dataclass(frozen=True, slots=True)
class _Context:
    rules: dict[str, RuleMeta]
    order: dict[str, int]  # task id -> its place in the plan
    lang: str
    base: str  # the commune's folder: locations inside it are written from there
    names: dict[str, str]  # task id -> its name

    def file(self, file: str) -> str:
        """'plan.yaml' for examples/phong-tho/plan.yaml: the header names the folder."""
        prefix = self.base.rstrip("/") + "/"
        return file[len(prefix) :] if self.base and file.startswith(prefix) else file


def _place(finding: Finding, ctx: _Context) -> str:
    file = ctx.file(finding.file)
    place = document_place(finding.table, finding.row, finding.page, ctx.lang, finding.paragraph)
    if place:
        return f"{file}, {place}"
    return f"{file}:{finding.line}" if finding.line >= 1 else file


def _places(findings: list[Finding], ctx: _Context) -> str:
    """Where a group of findings is: 'plan.yaml:200, 292' or 'plan.yaml:145–529'; a
    document's own places when few, else the document."""
    parts = []
    for file in dict.fromkeys(f.file for f in findings):
        mine = [f for f in findings if f.file == file]
        lines = sorted({f.line for f in mine if f.line >= 1})
        places = list(dict.fromkeys(_place(f, ctx) for f in mine))
        shown = ctx.file(file)
        if lines and len(lines) <= LINES_SHOWN:
            parts.append(f"{shown}:{', '.join(map(str, lines))}")
        elif lines:
            parts.append(f"{shown}:{lines[0]}–{lines[-1]}")
        elif len(places) <= MESSAGES_SHOWN:
            parts += places
        else:
            parts.append(_table_rows(shown, mine, ctx.lang))
    return "; ".join(parts)


PLACE = {
    "vi": ("bảng", "dòng", "trang", "đoạn"),
    "en": ("table", "row", "page", "paragraph"),
}


def _runs(numbers: list[int]) -> str:
    """'3–9, 12': consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _table_rows(file: str, findings: list[Finding], lang: str) -> str:
    """'KeHoach.docx, bảng 2, dòng 3–9, 12 (trang 2–3)': a document's rows as ranges; a body's
    paragraphs the same way ('đoạn 12–14, 20')."""
    table, row, page, paragraph = PLACE.get(lang, PLACE["vi"])
    parts = []
    body = [f for f in findings if f.table is None and f.paragraph is not None]
    if body:
        pages = [f.page for f in body if f.page is not None]
        text = f"{paragraph} {_runs([f.paragraph for f in body if f.paragraph is not None])}"
        parts.append(text + (f" ({page} {_runs(pages)})" if pages else ""))
    for number in sorted({f.table for f in findings if f.table is not None}):
        mine = [f for f in findings if f.table == number]
        rows = [f.row for f in mine if f.row is not None]
        pages = [f.page for f in mine if f.page is not None]
        text = f"{table} {number}" + (f", {row} {_runs(rows)}" if rows else "")
        parts.append(text + (f" ({page} {_runs(pages)})" if pages else ""))
    return ", ".join([file, *parts]) if parts else file


def _row(findings: list[Finding], ctx: _Context, shown: int = MESSAGES_SHOWN) -> Row:
    rules, order, lang = ctx.rules, ctx.order, ctx.lang
    first = findings[0]
    words = labels(lang)
    ids = [f.task for f in findings if f.task]
    messages = list(dict.fromkeys(f.message for f in findings))
    title = title_of(first, rules) or first.message
    if len(messages) <= MESSAGES_SHOWN:
        detail = "\n".join(messages)
    else:
        detail = _summary(messages, shown, set(ids)) or title
    location = _places(findings, ctx)
    deadline = first.deadline or ""
    meta = rules.get(first.rule)
    if meta and meta.kind == "task-present":  # its message only repeats the title
        deadline, detail = _latest(first.requirement, rules), ""
    return Row(
        severity=first.severity,
        severity_label=words.get(first.severity, first.severity),
        rule=first.rule,
        requirement=first.requirement,
        title=title,
        tasks=task_ranges(ids, order, visit_words(lang)["task_prefix"]),
        count=len(findings),
        detail=detail,
        location=location,
        evidence=evidence_of(first, rules),
        source=source_of(first, rules),
        deadline=deadline if len(findings) == 1 or len(set(ids)) <= 1 else "",
        review=first.review,
        task_ids=tuple(dict.fromkeys(ids)),
        short=short_name(ctx.names.get(ids[0], "")) if len(set(ids)) == 1 else "",
    )


def _summary(messages: list[str], limit: int, tasks: set[str] | None = None) -> str:
    """Several messages alike but for one word ('Không có báo cáo tháng 2026-01 (...)'):
    their common start, then each one's own word ('... tháng 2026-01, 2026-02, 2026-03').
    Empty when they have no common start of two words or more (the title is shown)."""
    split = [m.split() for m in messages]
    common = 0
    while all(len(w) > common + 1 and w[common] == split[0][common] for w in split):
        common += 1
    if common < 2:
        return ""
    own = list(dict.fromkeys(w[common].strip(".,;:()") for w in split))
    if tasks and set(own) <= tasks:  # only the task numbers differ: the title says it
        return ""
    if len(own) > limit:
        own = [*own[: limit - 1], "…", own[-1]]
    return f"{' '.join(split[0][:common])} {', '.join(own)}"


def _latest(requirement: str, rules: dict[str, RuleMeta]) -> str:
    """A missing task's latest deadline: its requirement's task-deadline rule's."""
    return next((r.latest for r in rules.values() if r.requirement == requirement and r.latest), "")


def _grouped(
    findings: list[Finding], key: tuple[str, ...], ctx: _Context, shown: int = MESSAGES_SHOWN
) -> list[Row]:
    buckets: dict[tuple[str, ...], list[Finding]] = {}
    for f in findings:
        values = {"rule": f.rule, "task": f.task or "", "severity": f.severity, "msg": f.message}
        buckets.setdefault(tuple(values[k] for k in key), []).append(f)
    return [_row(group, ctx, shown) for group in buckets.values()]


def _rank(f: Finding) -> tuple[bool, int, int, str]:
    """Worst risk class first, errors before warnings; notices (info) after everything."""
    severity = {"error": 0, "warning": 1}.get(f.severity, 2)
    return (severity == 2, risk_of(f), severity, f.requirement)


def build_visit(commune: CommuneResult, rules: dict[str, RuleMeta], lang: str) -> Visit:
    """The visit gap list of one commune."""
    vw = visit_words(lang)
    order = {task: i for i, task in enumerate(commune.task_names)}
    ctx = _Context(rules, order, lang, commune.path, commune.task_names)
    findings = sorted(open_findings(commune), key=lambda f: (*_rank(f), f.sort_key()))
    first: list[Section] = []
    shown: set[int] = set()
    for kinds, titles in policy().first:
        picked = [f for f in findings if (m := rules.get(f.rule)) and m.kind in kinds]
        shown |= {id(f) for f in picked}
        if picked:
            rows = _grouped(picked, ("rule", "task"), ctx, MESSAGES_FIRST)
            if len(rows) > FIRST_ROWS:
                rows = _grouped(picked, ("rule",), ctx, MESSAGES_FIRST)
            first.append(Section(titles.get(lang, titles["vi"]), rows))
    plan_level = [f for f in findings if not f.task and id(f) not in shown]
    shown |= {id(f) for f in plan_level}
    if plan_level:
        rows = _grouped(plan_level, ("rule",), ctx, MESSAGES_FIRST)
        first.append(Section(vw["plan_level"], rows))
    groups: dict[str, Section] = {}
    rest = [f for f in findings if id(f) not in shown]
    titles = requirement_titles(lang)
    for row in _grouped(rest, ("rule", "severity"), ctx):
        title = f"{row.requirement}: {titles.get(row.requirement, '')}".rstrip(": ")
        groups.setdefault(row.requirement, Section(title)).rows.append(row)
    risk = assess(commune)
    return Visit(
        label=unit_label(commune, lang),
        plan_number=commune.plan_number,
        plan_issued=_date(commune.plan_issued),
        risk=risk.risk,
        risk_title=class_title(risk.risk, lang),
        first=first,
        groups=list(groups.values()),
        tasks=_tasks(commune, findings, ctx),
        documents=_documents(findings, rules, order, lang),
    )


def _date(iso: str) -> str:
    """'26/02/2026', as Vietnamese documents write dates."""
    if len(iso) == 10 and iso[4] == "-" and iso[7] == "-":
        return f"{iso[8:]}/{iso[5:7]}/{iso[:4]}"
    return iso


def _tasks(commune: CommuneResult, findings: list[Finding], ctx: _Context) -> list[TaskEntry]:
    """Every task a finding names, in plan order, with its short name and where it is."""
    where: dict[str, Finding] = {}
    for f in findings:
        if f.task and (f.task not in where or f.line < where[f.task].line):
            where[f.task] = f
    ordered = [t for t in commune.task_names if t in where]
    ordered += sorted(t for t in where if t not in commune.task_names)
    return [
        TaskEntry(t, short_name(commune.task_names.get(t, "")), _place(where[t], ctx))
        for t in ordered
    ]


def _documents(
    findings: list[Finding], rules: dict[str, RuleMeta], order: dict[str, int], lang: str
) -> list[DocumentToRequest]:
    """The evidence of every open finding, each document once, worst risk first."""
    wanted: dict[str, list[Finding]] = {}
    for f in findings:
        text = " ".join(evidence_of(f, rules).split())
        if text:
            wanted.setdefault(text, []).append(f)
    prefix = visit_words(lang)["task_prefix"]
    return [
        DocumentToRequest(
            text,
            ", ".join(dict.fromkeys(f.requirement for f in group)),
            task_ranges([f.task for f in group if f.task], order, prefix),
        )
        for text, group in wanted.items()
    ]
