"""Markdown gap list: what an inspector reads (or prints) before a visit.

User text is escaped so that a message can neither break a table nor inject HTML when the
file is rendered (GitHub, GitLab, pandoc); letters, Vietnamese diacritics included, are
never touched.
"""

from __future__ import annotations

import re

from nq57check.findings import RunResult
from nq57check.reporters.common import cell_text
from nq57check.reporters.gaplist import CommuneView, GapList, Item, MatrixRow, build

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


def _header(gap: GapList) -> list[str]:
    w = gap.words
    lines = [f"# {md(w['title'])}", ""]
    lines.append(f"- **{w['tool']}:** {gap.tool} {md(gap.version)}".rstrip())
    packs = ", ".join(f"{md(n)} {md(v)}" for n, v in gap.packs)
    lines.append(f"- **{w['packs']}:** {packs}")
    lines.append(f"- **{w['as_of']}:** {md(gap.as_of)}")
    lines.append(f"- **{w['inputs']}:**")
    lines += [f"  - {code(file)}: {code(digest)}" for file, digest in gap.inputs]
    return [*lines, ""]


def _matrix_row(row: MatrixRow) -> list[str]:
    return [
        md(row.name),
        *(cell_text(c) for c in row.cells),
        cell_text(row.totals),
        str(row.waived),
        str(row.problems),
    ]


def _summary(gap: GapList) -> list[str]:
    w = gap.words
    lines = [f"## {w['summary']}", "", f"### {w['matrix']}", "", w["matrix_legend"], ""]
    header = [
        w["commune"],
        *(md(title) for _, title in gap.areas),
        w["total"],
        w["waived"],
        w["problem_count"],
    ]
    lines += _table(header, [_matrix_row(r) for r in gap.matrix])
    lines += ["", f"### {w['ranking']}", ""]
    header = [
        w["rank"],
        w["commune"],
        w["error"],
        w["warning"],
        w["info"],
        w["waived"],
        w["problem_count"],
        w["skipped"],
    ]
    rows = [
        [
            str(rank),
            md(r.name),
            str(r.totals["error"]),
            str(r.totals["warning"]),
            str(r.totals["info"]),
            str(r.waived),
            str(r.problems),
            md(r.skipped or ""),
        ]
        for rank, r in enumerate(gap.ranking, 1)
    ]
    return [*lines, *_table(header, rows), ""]


def _item(item: Item, number: int, w: dict[str, str]) -> list[str]:
    head = f"{number}. **{md(item.severity_label)}** · {md(item.title or item.rule)}"
    head += f" ({code(item.requirement)}, {code(item.rule)})"
    if item.review:
        head += f" · *{w['review']}*"
    lines = [head]
    fields = [
        ("task", item.task),
        ("deadline", item.deadline),
        ("what", item.message),
        ("source", item.source),
        ("evidence", item.evidence),
    ]
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


def _commune(view: CommuneView, w: dict[str, str]) -> list[str]:
    lines = [f"## {md(view.name)}", ""]
    facts = [("commune", view.path), ("province", view.province), ("plan_file", view.plan_file)]
    lines += [f"- **{w[key]}:** {md(value)}" for key, value in facts if value]
    if view.inputs:
        lines.append(f"- **{w['inputs']}:**")
        lines += [f"  - {code(file)}: {code(digest)}" for file, digest in view.inputs]
    lines.append("")
    if view.skipped is not None:
        lines += [f"**{w['skipped']}:** {md(view.skipped)}", ""]
    if view.problems:
        lines += [f"### {w['problems']}", ""]
        for p in view.problems:
            what = f"{md(p.field)}: {md(p.message)}" if p.field else md(p.message)
            lines.append(f"- {code(p.location)}: {what}")
        lines.append("")
    lines += _notes(view, w)
    if not view.groups and not view.problems and view.skipped is None:
        lines += [w["no_findings"], ""]
    for group in view.groups:
        lines += [f"### {md(group.title)}", ""]
        for number, item in enumerate(group.items, 1):
            lines += _item(item, number, w)
        lines.append("")
    if view.waived:
        lines += [f"### {w['waived']}", ""]
        for number, item in enumerate(view.waived, 1):
            lines += _item(item, number, w)
        lines.append("")
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
    lines = _header(gap) + _summary(gap)
    for view in gap.communes:
        lines += _commune(view, gap.words)
        lines += _not_evaluated(view, gap.not_evaluated_words)
    return "\n".join(lines).rstrip("\n") + "\n"
