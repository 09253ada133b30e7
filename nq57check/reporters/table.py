"""A terminal table for a person: per commune, grouped by requirement, errors first.

By default one row per rule and severity with the count and the tasks as ranges ("lỗi
R-RO-NGUOI 45 NV 1–31, 33–46 Nhiệm vụ không có cơ quan chủ trì"), as ruff's statistics do:
an inspector reads a 46-task appendix in a screen, not 211 lines. ``verbose`` is one row per
finding with its place and the task's short name; ``quiet`` is the summary line alone.
Colour (by severity) and width are the caller's to choose (:mod:`.table_layout`).

The importer's notes on a Word/Excel/PDF plan go to standard error next to this table
(:func:`~nq57check.reporters.common.note_lines`), one line each; the table counts them.

Control characters from the files are shown as ``\\xNN``, never sent to the terminal as they
are (see :func:`~nq57check.core.text.terminal_safe`).
"""

from __future__ import annotations

import hashlib

from nq57check.findings import CommuneResult, Finding, RunResult
from nq57check.reporters.common import not_evaluated_lines, rules_by_id, severity_words
from nq57check.reporters.table_layout import (
    DEFAULT_WIDTH,
    MIN_WIDTH,
    Column,
    Paint,
    layout,
    task_ranges,
    wrap,
)

MAX_LISTED_INPUTS = 20
SHORT_NAME_WORDS = 6  # "Ban hành danh mục cơ sở dữ liệu…": enough to recognise a task
LABELS = {
    "vi": {
        "sev": "Mức",
        "where": "Vị trí",
        "task": "NV",
        "tasks": "Nhiệm vụ",
        "count": "Số",
        "message": "Nội dung",
        "req": "Yêu cầu",
        **severity_words("vi", 1),
        "clean": "không có phát hiện",
        "unusable": "không đọc được",
        "summary": "Tổng: {communes} xã/phường, {error} lỗi,"
        " {warning} cảnh báo, {info} lưu ý, {waived} được miễn, {unusable} tệp không dùng được,"
        " {not_evaluated} lượt quy tắc không đánh giá (ngày đánh giá {as_of}; bộ quy tắc {packs})",
        "waived": "miễn",
        "skipped": "bỏ qua",
        "notes": "ghi chú khi đọc tài liệu: {count} (in ở luồng lỗi chuẩn, từng dòng)",
        "inputs": "Tệp đầu vào (SHA-256):",
        "inputs_many": "{count} tệp đầu vào; SHA-256 của danh sách (sha256sum của từng tệp):"
        " {digest}. Mã từng tệp có trong báo cáo --format json.",
    },
    "en": {
        "sev": "Severity",
        "where": "Where",
        "task": "Task",
        "tasks": "Tasks",
        "count": "Count",
        "message": "Message",
        "req": "Requirement",
        **severity_words("en", 1),
        "clean": "no findings",
        "unusable": "unusable",
        "summary": "Total: {communes} communes, {error} errors, {warning} warnings, {info} info,"
        " {waived} waived, {unusable} unusable, {not_evaluated} rule runs not evaluated"
        " (as of {as_of}; packs {packs})",
        "waived": "waived",
        "skipped": "skipped",
        "notes": "import notes: {count} (on standard error, one line each)",
        "inputs": "Input files (SHA-256):",
        "inputs_many": "{count} input files; SHA-256 of their list (sha256sum lines): {digest}."
        " Each file's hash is in --format json.",
    },
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def short_name(name: str, words: int = SHORT_NAME_WORDS) -> str:
    """The first words of a task's name, for a person to recognise it."""
    parts = name.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def hanging(text: str, width: int) -> list[str]:
    """A line of the commune's block wrapped to ``width``: indented 3, continued at 5."""
    lines = wrap(text, width - 5)
    return [f"   {lines[0]}", *(f"     {line}" for line in lines[1:])]


def _severity(finding: Finding, labels: dict[str, str]) -> str:
    return labels[finding.severity] + (f" ({labels['waived']})" if finding.waived else "")


def grouped_rows(
    commune: CommuneResult, run: RunResult, labels: dict[str, str]
) -> tuple[list[list[str]], list[str]]:
    """One row per severity, waived or not, requirement and rule: count, task ranges and
    the rule's title (the finding's own message when it stands alone); errors first, then
    the most frequent."""
    rules = rules_by_id(run)
    groups: dict[tuple[str, bool, str, str], list[Finding]] = {}
    for finding in sorted(commune.findings, key=Finding.sort_key):
        key = (finding.severity, finding.waived is not None, finding.requirement, finding.rule)
        groups.setdefault(key, []).append(finding)
    order = sorted(
        groups.items(),
        key=lambda item: (
            item[0][1],
            SEVERITY_ORDER.get(item[0][0], 9),
            -len(item[1]),
            item[0][2],
            item[0][3],
        ),
    )
    rows, styles = [], []
    for (severity, _, requirement, rule), findings in order:
        first = findings[0]
        meta = rules.get(rule)
        title = first.title or (meta.title if meta else "") or first.message
        text = first.message if len(findings) == 1 else title
        tasks = task_ranges(f.task for f in findings if f.task)
        rows.append([_severity(first, labels), requirement, str(len(findings)), tasks, text])
        styles.append(severity if first.waived is None else "dim")
    return rows, styles


def verbose_rows(
    commune: CommuneResult, labels: dict[str, str]
) -> tuple[list[list[str]], list[str]]:
    """One row per finding: severity, place, task (with its short name), message."""
    rows: list[list[str]] = []
    styles: list[str] = []
    for f in sorted(commune.findings, key=Finding.sort_key):
        name = commune.task_names.get(f.task, "") if f.task else ""
        message = f"{f.message} — {short_name(name)}" if name else f.message
        rows.append(
            [_severity(f, labels), f.location(labels["lang"]), f.task or "", f.requirement, message]
        )
        styles.append(f.severity if f.waived is None else "dim")
    return rows, styles


def _commune_block(
    commune: CommuneResult,
    run: RunResult,
    labels: dict[str, str],
    *,
    verbose: bool,
    width: int,
    paint: Paint,
) -> list[str]:
    title = f"{commune.unit} ({commune.path})" if commune.unit else commune.path
    out = [paint(f"== {title}", "heading")]
    if commune.skipped:
        out.append(paint(f"   {labels['skipped']}: {commune.skipped}"))
    for problem in commune.problems:
        first, *rest = hanging(f"{labels['unusable']}: {problem.render()}", width)
        word = f"   {labels['unusable']}:"
        out += [paint(word, "error") + paint(first[len(word) :]), *map(paint, rest)]
    if verbose:
        rows, styles = verbose_rows(commune, labels)
        columns = [
            Column(labels["sev"]),
            Column(labels["where"], max_width=36),
            Column(labels["task"], right=True, max_width=8),
            Column(labels["req"]),
            Column(labels["message"], flexible=True),
        ]
    else:
        rows, styles = grouped_rows(commune, run, labels)
        columns = [
            Column(labels["sev"]),
            Column(labels["req"]),
            Column(labels["count"], right=True),
            Column(labels["tasks"], max_width=18),
            Column(labels["message"], flexible=True),
        ]
    if rows:
        out.extend(layout(columns, rows, width, paint=paint, styles=styles, indent="   "))
    elif not commune.problems and not commune.skipped:
        out.append(paint(f"   {labels['clean']}"))
    for line in not_evaluated_lines(commune, labels["lang"]):
        out += [paint(part, "dim") for part in hanging(line, width)]
    if commune.notes:
        out.append(paint("   " + labels["notes"].format(count=len(commune.notes)), "warning"))
    out.append("")
    return out


def _inputs(run: RunResult, labels: dict[str, str], paint: Paint) -> list[str]:
    inputs = sorted((file, digest) for c in run.communes for file, digest in c.inputs.items())
    if len(inputs) > MAX_LISTED_INPUTS:  # a province's batch: one digest, not 40,000 lines
        combined = hashlib.sha256(
            "".join(f"{digest}  {file}\n" for file, digest in inputs).encode("utf-8")
        ).hexdigest()
        return [paint(labels["inputs_many"].format(count=len(inputs), digest=combined)), ""]
    if inputs:
        return [
            paint(labels["inputs"]),
            *(paint(f"  {digest}  {file}") for file, digest in inputs),
            "",
        ]
    return []


def summary_line(run: RunResult, labels: dict[str, str]) -> str:
    summary = run.summary()
    packs = ", ".join(f"{p['name']} {p['version']}" for p in summary["packs"])
    return labels["summary"].format(
        communes=summary["communes"],
        waived=summary["waived"],
        unusable=summary["unusable"],
        not_evaluated=summary["not_evaluated"],  # with -q the only trace of them: never silent
        as_of=summary["as_of"],
        packs=packs or "-",
        **summary["by_severity"],
    )


def render(
    run: RunResult,
    *,
    lang: str = "vi",
    verbose: bool = False,
    quiet: bool = False,
    color: bool = False,
    width: int | None = None,
) -> str:
    """The table; the summary line is always last (``quiet``: the only line)."""
    labels = {**LABELS.get(lang, LABELS["vi"]), "lang": lang if lang in LABELS else "vi"}
    paint = Paint(color)
    out: list[str] = []
    if not quiet:
        width = max(MIN_WIDTH, width or DEFAULT_WIDTH)
        for commune in sorted(run.communes, key=lambda c: c.path):
            out += _commune_block(commune, run, labels, verbose=verbose, width=width, paint=paint)
        out += _inputs(run, labels, paint)
    summary = run.summary()
    worst = next((s for s in ("error", "warning") if summary["by_severity"][s]), None)
    style = "error" if summary["unusable"] else worst
    out.append(paint(summary_line(run, labels), style))
    return "\n".join(out) + "\n"
