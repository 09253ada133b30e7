"""Markdown gap list: what an inspector reads (or prints) before a visit.

The same document as the HTML one (``gaplist``/``visit``): page 1's sections first, then the
findings by requirement, the tasks, the documents to request as a checklist, inputs last.

User text is escaped so that a message can neither break a table nor inject HTML when the
file is rendered (GitHub, GitLab, pandoc); letters, Vietnamese diacritics included, are
never touched.
"""

from __future__ import annotations

import re

from nq57check.findings import RunResult
from nq57check.reporters.common import cell_text
from nq57check.reporters.gaplist import CommuneView, GapList, Item, build
from nq57check.reporters.visit import Row, Section

_SPECIAL = set("\\`*_[]<>|#~")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # only '&' that would start an entity


def md(text: str) -> str:
    """Escape Markdown/HTML punctuation; line breaks become ``<br>`` (safe in tables)."""
    escaped = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    escaped = _ENTITY.sub(r"\\&", escaped)
    lines = escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(lines)


def code(text: str) -> str:
    """Inline code for hashes and paths, with a fence longer than any backtick run inside."""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _facts(gap: GapList, view: CommuneView) -> list[str]:
    """Packs, versions, as-of and every input's SHA-256: last, to reproduce the list."""
    w = gap.words
    packs = ", ".join(f"{md(n)} {md(v)}" for n, v in gap.packs)
    lines = [f"### {md(w['run_facts'])}", ""]
    lines.append(f"- **{w['commune']}:** {code(view.path)}")
    lines.append(f"- **{w['tool']}:** {gap.tool} {md(gap.version)}".rstrip())
    lines.append(f"- **{w['packs']}:** {packs}")
    lines.append(f"- **{w['as_of']}:** {md(gap.as_of)}")
    if view.inputs:
        lines.append(f"- **{w['inputs']}:**")
        lines += [f"  - {code(file)}: {code(digest)}" for file, digest in view.inputs]
    return [*lines, ""]


def _rollup(gap: GapList) -> list[str]:
    """The province's summary: who could not be judged, then the order of visits."""
    w = gap.words
    lines = [f"# {md(w['title'])}", "", f"- **{w['as_of']}:** {md(gap.as_of)}", ""]
    if gap.attention:
        lines += [f"## {md(w['attention'])}", ""]
        lines += [f"- **{md(a.label)}** ({code(a.path)}): {md(a.reason)}" for a in gap.attention]
        lines.append("")
    lines += [f"## {md(w['risk_counts'])}", ""]
    lines += _table([w["risk"], w["commune"]], [[md(t), str(n)] for t, n in gap.risk_counts])
    lines += ["", f"## {md(w['heat_map'])}", "", w["matrix_legend"], ""]
    header = [w["rank"], w["commune"], *(md(title) for _, title in gap.areas), w["total"]]
    rows = [
        [str(rank), md(r.label), *(cell_text(c) for c in r.cells), cell_text(r.totals)]
        for rank, r in enumerate(gap.ranking, 1)
    ]
    lines += _table(header, rows)
    lines += ["", f"## {md(w['ranking_risk'])}", ""]
    keys = ("rank", "commune", "risk", "count", "error", "warning", "info", "waived")
    rows = [
        [
            str(rank),
            md(r.label),
            md(f"{r.risk}. {r.risk_title}" if r.risk else r.risk_title),
            str(r.count),
            str(r.totals["error"]),
            str(r.totals["warning"]),
            str(r.totals["info"]),
            str(r.waived),
        ]
        for rank, r in enumerate(gap.ranking, 1)
    ]
    return [*lines, *_table([w[k] for k in keys], rows), ""]


def _row_text(row: Row, w: dict[str, str]) -> str:
    """'NV 7 (Tiếp tục rà soát…): message' or a missing task's title."""
    head = f"**{md(row.tasks)}**" if row.tasks else ""
    if head and row.short:
        head += f" ({md(row.short)})"
    text = md(row.detail) if row.detail else f"**{md(row.title)}**"
    return f"{head}: {text}" if head else text


def _first(section: Section, w: dict[str, str]) -> list[str]:
    lines = [f"### {md(section.title)}", ""]
    header = [w["severity"], w["what"], w["deadline"], w["location"]]
    rows = [
        [
            f"{md(r.severity_label)} {code(r.requirement)}",
            _row_text(r, w),
            md(r.deadline),
            code(r.location) if r.location else "",
        ]
        for r in section.rows
    ]
    return [*lines, *_table(header, rows), ""]


def _group(section: Section, w: dict[str, str]) -> list[str]:
    lines = [f"#### {md(section.title)}", ""]
    header = [w["severity"], w["what"], w["count"], w["location"], w["source"]]
    rows = []
    for r in section.rows:
        text = f"**{md(r.tasks)}: {md(r.title)}**" if r.tasks else f"**{md(r.title)}**"
        if r.detail and r.detail != r.title:
            text += f"<br>{md(r.detail)}"
        if r.review:
            text += f"<br>*{w['review']}*"
        where = code(r.location) if r.location else ""
        rows.append([md(r.severity_label), text, str(r.count), where, md(r.source)])
    return [*lines, *_table(header, rows), ""]


def _item(item: Item, number: int, w: dict[str, str]) -> list[str]:
    head = f"{number}. **{md(item.severity_label)}** · {md(item.title or item.rule)}"
    head += f" ({code(item.requirement)}, {code(item.rule)})"
    lines = [head]
    fields = [("task", item.task), ("what", item.message)]
    lines += [f"   - **{w[key]}:** {md(value)}" for key, value in fields if value]
    lines.append(f"   - **{w['location']}:** {code(item.location)}")
    if item.waived is not None:
        lines.append(f"   - **{w['waived_reason']}:** {md(item.waived)}")
    return lines


def _notes(view: CommuneView, w: dict[str, str]) -> list[str]:
    """What the importer guessed reading the commune's document, to check against it."""
    if not view.notes:
        return []
    lines = [f"### {md(w['notes'])}", ""]
    lines += [f"- {code(n.location)}: {md(n.message)}" for n in view.notes]
    return [*lines, ""]


def _commune(view: CommuneView, gap: GapList) -> list[str]:
    w, v = gap.words, view.visit
    assert v is not None
    title = f"{md(w['visit_title'])}: {md(v.label)}"
    lines = [f"## {view.rank}. {title}" if gap.rollup else f"# {title}", ""]
    counts = (
        f"{w['error']} {view.tally.totals['error']} · {w['warning']} "
        f"{view.tally.totals['warning']} · {w['info']} {view.tally.totals['info']} · "
        f"{w['waived']} {view.tally.waived}"
    )
    risk = f"{v.risk}. {v.risk_title}" if v.risk else v.risk_title
    facts = [
        ("plan_number", v.plan_number or w["not_stated"]),
        ("plan_issued", v.plan_issued or w["not_stated"]),
        ("as_of", gap.as_of),
        ("counts", counts),
        ("risk", risk),
        ("plan_file", view.plan_file or view.path),
    ]
    lines += [f"- **{w[key]}:** {md(value)}" for key, value in facts]
    lines.append("")
    if view.skipped is not None:
        lines += [f"**{w['skipped']}:** {md(view.skipped)}", ""]
    if view.problems:
        lines += [f"### {w['problems']}", ""]
        for p in view.problems:
            what = f"{md(p.field)}: {md(p.message)}" if p.field else md(p.message)
            lines.append(f"- {code(p.location)}: {what}")
        lines.append("")
    for section in v.first:
        lines += _first(section, w)
    if not v.first and not view.problems and view.skipped is None:
        lines += [md(w["no_plan_level"]), ""]
    if v.groups:
        lines += [f"### {md(w['by_requirement'])}", ""]
        for section in v.groups:
            lines += _group(section, w)
    if not view.groups and not view.problems and view.skipped is None:
        lines += [w["no_findings"], ""]
    if v.tasks:
        lines += [f"### {md(w['task_index'])}", ""]
        lines += [
            f"- **{md(w['task_prefix'])} {md(t.id)}** {md(t.short)} · {code(t.location)}"
            for t in v.tasks
        ]
        lines.append("")
    if v.documents:
        lines += [f"### {md(w['documents'])}", ""]
        for d in v.documents:
            scope = d.requirements + (f"; {d.tasks}" if d.tasks else "")
            lines.append(f"- [ ] {md(d.text)} ({md(w['for'])} {md(scope)})")
        lines.append("")
    if view.waived:
        lines += [f"### {w['waived']}", ""]
        for number, item in enumerate(view.waived, 1):
            lines += _item(item, number, w)
        lines.append("")
    lines += _notes(view, w)
    return lines


def _not_evaluated(view: CommuneView, words: dict[str, str]) -> list[str]:
    """Rules not evaluated, per reason: never left out as if they had passed."""
    if not view.not_evaluated:
        return []
    lines = [f"### {md(words['title'])}", ""]
    for group in view.not_evaluated:
        count = words["line"].format(count=len(group.rules), reason=group.reason)
        lines.append(f"- **{md(count)}**")
        lines += [
            f"  - {code(rule)} ({code(requirement)}) {md(title)}".rstrip()
            for rule, requirement, title in group.rules
        ]
    return [*lines, ""]


def render(run: RunResult, *, lang: str = "vi") -> str:
    """The gap list as GitHub-flavoured Markdown."""
    gap = build(run, lang)
    lines = _rollup(gap) if gap.rollup else []
    for view in gap.communes:
        lines += _commune(view, gap)
        lines += _not_evaluated(view, gap.not_evaluated_words)
        lines += _facts(gap, view)
    return "\n".join(lines).rstrip("\n") + "\n"
